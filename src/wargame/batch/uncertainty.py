"""Answers under uncertainty: experiments played over Latin-hypercube draws of ASSUMED parameters.

An experiment's `uncertainty:` block (or `wargame experiment NAME --uncertain N`) draws N points
from the plausible ranges of the chosen ASSUMED parameters (a seeded Latin hypercube: every
parameter's range cut into N equal strata, one draw in each) and plays every grid cell on every
draw with the experiment's seeds. Rows keep the draw (`draw`) and the drawn values as columns.
The spread of a cell's outcome then has two parts: chance (the seeds, within a draw) and the
assumptions (between the draws' means). A *headline* (`survival_10y: us.commitment=backstop >
us.commitment=none`) is checked in every draw; it holds across the plausible ranges when it is
true in at least `holds` (90%) of the draws.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from wargame import paths
from wargame.batch.runner import Result
from wargame.batch.sensitivity import Factor, factors_from
from wargame.batch.stats import wilson_interval
from wargame.batch.sweep import GameTask, Grid, cell_seed, format_value, game_key, play
from wargame.errors import ConfigError, WargameError
from wargame.files import write_atomic

FIELDS = {"params", "groups", "draws", "seeds", "draw_seed", "holds", "headlines"}
DEFAULT_DRAWS = 20
MAX_DRAWS = 10_000
DEFAULT_HOLDS = 0.9
DRAW_COLUMN = "draw"
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_HEADLINE = re.compile(
    r"^\s*(?P<outcome>\w+)\s*:\s*(?P<a>.+?)\s*(?P<op>>=|<=|>|<)\s*(?P<b>.+?)\s*$"
)


# -- Latin hypercube ---------------------------------------------------------------------------
def latin_hypercube(factors: Sequence[Factor], n: int, seed: int) -> np.ndarray:
    """N points (rows) over the factors' plausible ranges, one in each of N strata per factor."""
    from scipy.stats import qmc

    check_draws(n, "draws")
    unit = qmc.LatinHypercube(d=len(factors), rng=np.random.default_rng(seed)).random(n)
    low = np.array([f.low for f in factors], dtype=float)
    high = np.array([f.high for f in factors], dtype=float)
    return low + unit * (high - low)


def draw_frame(factors: Sequence[Factor], n: int, seed: int) -> pd.DataFrame:
    """The draws as a table: `draw` and one column per factor (ints rounded, as played)."""
    X = latin_hypercube(factors, n, seed)
    columns: dict[str, Any] = {DRAW_COLUMN: np.arange(n)}
    for j, f in enumerate(factors):
        columns[f.key] = [f.value(x) for x in X[:, j]]
    return pd.DataFrame(columns)


def check_draws(n: Any, where: str) -> int:
    """A number of draws: a whole number from 2 (one draw has no spread) to MAX_DRAWS."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise WargameError(f"{where}: must be a whole number of draws; got {n!r}")
    if not 2 <= n <= MAX_DRAWS:
        raise WargameError(
            f"{where}: must be between 2 and {MAX_DRAWS:,} draws (one draw has no spread); got {n}"
        )
    return int(n)


# -- the block in an experiment file -----------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    """`OUTCOME: KEY=A OP KEY=B` or `OUTCOME: KEY=A OP NUMBER`, checked within each draw."""

    text: str
    outcome: str
    key: str
    a: Any
    op: str
    b_value: Any = None  # the other cell's value of `key`, or None when comparing to a number
    number: float | None = None


@dataclass(frozen=True)
class Uncertainty:
    """Which ASSUMED parameters to draw, how many draws, seeds per draw and the headlines."""

    draws: int = DEFAULT_DRAWS
    params: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    seeds: int | None = None  # seeds per draw (default: the sweep's)
    draw_seed: int = 0
    holds: float = DEFAULT_HOLDS
    headlines: tuple[Headline, ...] = field(default_factory=tuple)

    def with_cli(self, draws: int | None, draw_seed: int | None) -> Uncertainty:
        """This block with `--uncertain N` and `--draw-seed S` applied."""
        out = self
        if draws is not None:
            out = replace(out, draws=check_draws(draws, "--uncertain"))
        if draw_seed is not None:
            if isinstance(draw_seed, bool) or not isinstance(draw_seed, int) or draw_seed < 0:
                raise WargameError(f"--draw-seed: must be a whole number >= 0; got {draw_seed!r}")
            out = replace(out, draw_seed=draw_seed)
        return out


def parse_block(raw: Any, source: str, varied: dict[str, tuple[Any, ...]]) -> Uncertainty:
    """Read and check an experiment's `uncertainty:` block; `varied` maps swept keys to values."""
    if not isinstance(raw, dict):
        raise ConfigError(source, "uncertainty", "must be a mapping")
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise ConfigError(
            source,
            f"uncertainty.{unknown[0]}",
            f"unknown field; allowed here: {', '.join(sorted(FIELDS))}",
        )
    params = _strings(raw.get("params"), source, "uncertainty.params")
    groups = _strings(raw.get("groups"), source, "uncertainty.groups")
    draws = raw.get("draws", DEFAULT_DRAWS)
    try:
        check_draws(draws, "draws")
    except WargameError as exc:
        raise ConfigError(source, "uncertainty.draws", str(exc).partition(": ")[2]) from None
    seeds = raw.get("seeds")
    if seeds is not None and (isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1):
        raise ConfigError(
            source, "uncertainty.seeds", f"must be a whole number >= 1; got {seeds!r}"
        )
    draw_seed = raw.get("draw_seed", 0)
    if isinstance(draw_seed, bool) or not isinstance(draw_seed, int) or draw_seed < 0:
        raise ConfigError(
            source, "uncertainty.draw_seed", f"must be a whole number >= 0; got {draw_seed!r}"
        )
    holds = raw.get("holds", DEFAULT_HOLDS)
    if isinstance(holds, bool) or not isinstance(holds, int | float) or not 0 < holds <= 1:
        raise ConfigError(
            source, "uncertainty.holds", f"must be a share above 0 and at most 1; got {holds!r}"
        )
    texts = raw.get("headlines") or []
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise ConfigError(source, "uncertainty.headlines", "must be a list of texts")
    headlines = tuple(
        parse_headline(t, source, f"uncertainty.headlines[{i}]", varied)
        for i, t in enumerate(texts)
    )
    return Uncertainty(
        draws=int(draws),
        params=params,
        groups=groups,
        seeds=seeds,
        draw_seed=draw_seed,
        holds=float(holds),
        headlines=headlines,
    )


def _strings(value: Any, source: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(source, where, "must be a list of names")
    return tuple(value)


def parse_headline(
    text: str, source: str, where: str, varied: dict[str, tuple[Any, ...]]
) -> Headline:
    """Parse `OUTCOME: KEY=A OP KEY=B` (or `... OP NUMBER`), refusing unknown keys and values."""
    from wargame.batch.sensitivity_run import OUTCOMES

    form = "expected 'OUTCOME: KEY=VALUE > KEY=VALUE' or 'OUTCOME: KEY=VALUE >= NUMBER'"
    match = _HEADLINE.match(text)
    if not match:
        raise ConfigError(source, where, f"{form}; got {text!r}")
    outcome = match.group("outcome")
    if outcome not in OUTCOMES:
        raise ConfigError(
            source, where, f"unknown outcome {outcome!r}; known: {', '.join(OUTCOMES)}"
        )
    key, a = _key_value(match.group("a"), source, where, varied, form)
    b_text = match.group("b")
    if "=" in b_text:
        key_b, b = _key_value(b_text, source, where, varied, form)
        if key_b != key:
            raise ConfigError(
                source, where, f"compare two values of one key; got {key} and {key_b}"
            )
        return Headline(text, outcome, key, a, match.group("op"), b_value=b)
    try:
        number = float(b_text)
    except ValueError:
        raise ConfigError(
            source, where, f"{form}; {b_text!r} is neither KEY=VALUE nor a number"
        ) from None
    return Headline(text, outcome, key, a, match.group("op"), number=number)


def _key_value(
    text: str, source: str, where: str, varied: dict[str, tuple[Any, ...]], form: str
) -> tuple[str, Any]:
    key, sep, value_text = text.partition("=")
    key = key.strip()
    if not sep:
        raise ConfigError(source, where, f"{form}; {text!r} has no '='")
    if key not in varied:
        swept = ", ".join(varied) or "none"
        raise ConfigError(source, where, f"{key} is not a key the sweep varies ({swept})")
    value = yaml.safe_load(value_text.strip())
    if not any(_same(value, v) for v in varied[key]):
        allowed = ", ".join(format_value(v) for v in varied[key])
        raise ConfigError(source, where, f"{key}={value_text.strip()}: not swept; swept: {allowed}")
    return key, value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return str(a) == str(b)


def choose_factors(unc: Uncertainty, excluded: Sequence[str], source: str) -> list[Factor]:
    """The ASSUMED parameters to draw: named ones, those of the groups, else all; minus `excluded`.

    `excluded` are the keys the experiment sets or varies itself: a named one is refused, one
    that only comes with a group is left out (the experiment's own value stands).
    """
    from wargame.config import parameters

    assumed = parameters.assumed()
    by_key = {p.key: p for p in assumed}
    declared = parameters.declared()
    for key in unc.params:
        if key not in by_key:
            why = (
                "is not ASSUMED (a source gives it) or has no numeric plausible range"
                if key in declared
                else "is not a declared parameter (`wargame params` lists them)"
            )
            raise WargameError(f"{source}: uncertainty.params: {key} {why}")
        if key in excluded:
            raise WargameError(
                f"{source}: uncertainty.params: {key} is set or varied by the experiment itself"
            )
    known_groups = sorted({p.group for p in assumed})
    for group in unc.groups:
        if group not in known_groups:
            raise WargameError(
                f"{source}: uncertainty.groups: no ASSUMED parameter in group {group!r}; "
                f"groups: {', '.join(known_groups)}"
            )
    if unc.params or unc.groups:
        chosen = [p for p in assumed if p.key in unc.params or p.group in unc.groups]
    else:
        chosen = list(assumed)
    chosen = [p for p in chosen if p.key not in excluded]
    if not chosen:
        raise WargameError(f"{source}: uncertainty: no ASSUMED parameter left to draw")
    return factors_from(chosen)


# -- the games ---------------------------------------------------------------------------------
def draw_tasks(
    grid: Grid, factors: Sequence[Factor], draws: pd.DataFrame, seeds: int
) -> list[GameTask]:
    """Every cell x draw x seed as a game; the draw and its values become the row's columns."""
    tasks: list[GameTask] = []
    records = draws.to_dict("records")
    for cell in grid.cells:
        usable = played_by(cell.scenario, cell.overrides, factors)
        for draw in records:
            values = [(f.key, f.value(draw[f.key])) for f in usable]
            extra = tuple(f"{k}={format_value(v)}" for k, v in values)
            overrides = _before_years(cell.overrides, extra)
            settings = (*cell.settings, (DRAW_COLUMN, int(draw[DRAW_COLUMN])), *values)
            for replicate in range(seeds):
                seed = cell_seed(grid.spec, cell, replicate)
                tasks.append(
                    GameTask(
                        index=len(tasks),
                        cell=cell.index,
                        replicate=replicate,
                        scenario=cell.scenario,
                        seed=seed,
                        overrides=overrides,
                        settings=settings,
                        policies=cell.policies,
                        key=game_key(cell.scenario, seed, overrides),
                    )
                )
    return tasks


def played_by(scenario: str, overrides: Sequence[str], factors: Sequence[Factor]) -> list[Factor]:
    """The factors a cell's game reads: a policy parameter only if that actor's policy has it."""
    from wargame.config.parameters import policy_defaults
    from wargame.config.scenario import load_scenario
    from wargame.policies.registry import default_policy_name

    settings = load_scenario(scenario, list(overrides)).settings
    chosen = settings.get("policies") or {}
    out = []
    for f in factors:
        if not f.key.startswith("policies."):
            out.append(f)
            continue
        _, actor, param = f.key.split(".", 2)
        spec = chosen.get(actor) or {}
        name = spec.get("name") if isinstance(spec, dict) else spec
        if not name:
            some = actor if actor != "nations" else next(iter(settings["nations"]))
            name = default_policy_name(some, settings)
        try:
            if param in policy_defaults(actor, str(name)):
                out.append(f)
        except KeyError:
            continue
    return out


def _before_years(overrides: Sequence[str], extra: Sequence[str]) -> tuple[str, ...]:
    """The draw's settings after the cell's, before `years=` (which `wargame run` takes last)."""
    years = [o for o in overrides if o.startswith("years=")]
    rest = [o for o in overrides if not o.startswith("years=")]
    return (*rest, *extra, *years)


def play_draws(tasks: Sequence[GameTask]) -> list[Result]:
    """Play a batch of games; a drawn value the game refuses names its draw."""
    out: list[Result] = []
    for task in tasks:
        try:
            out.append(play(task))
        except WargameError as exc:
            draw = dict(task.settings).get(DRAW_COLUMN)
            # A plain WargameError pickles across processes (ConfigError's arguments do not).
            raise WargameError(f"draw {draw} of cell {task.cell}: {exc}") from None
    return out


# -- spreads -----------------------------------------------------------------------------------
def outcome_values(rows: pd.DataFrame, outcome: str) -> pd.Series:
    """One outcome (sensitivity_run.OUTCOMES) of every game."""
    from wargame.batch.sensitivity_run import OUTCOMES

    return OUTCOMES[outcome][1](rows).astype(float)


def measurable(outcome: str, horizon_weeks: int) -> bool:
    """Whether games this long can measure the outcome (survival_10y needs ten years)."""
    if outcome.startswith("survival_"):
        return horizon_weeks >= 52 * int(outcome.removeprefix("survival_").removesuffix("y"))
    return True


def cell_columns(rows: pd.DataFrame, varied: Sequence[str]) -> list[str]:
    """The columns that name a grid cell: scenario, the varied keys and the policies."""
    policies = [c for c in rows.columns if c.startswith("policy.")]
    return ["scenario", *[k for k in varied if k in rows.columns], *policies]


def spread_table(rows: pd.DataFrame, varied: Sequence[str]) -> pd.DataFrame:
    """Per cell and checkpoint: mean survival, the spread from chance and from the assumptions.

    chance: the pooled share's 95% Wilson interval (`mean_low`, `mean_high`) and the sd a
    draw's share has from its seeds alone (`chance_sd`, pooled binomial variance over the
    draws); assumptions: the 10%, 90%, lowest and highest of the draws' shares and the sd
    between draws once chance is taken out (`assumption_sd`).
    """
    from wargame.batch.analyses.common import checkpoints

    keys = cell_columns(rows, varied)
    records = []
    for name, week in checkpoints(rows):
        alive = ((rows["weeks"] >= week) & (rows["held"] | (rows["weeks"] > week))).astype(float)
        frame = rows[[*keys, DRAW_COLUMN]].assign(alive=alive)
        for cell, g in frame.groupby(keys, sort=False, dropna=False):
            per_draw = g.groupby(DRAW_COLUMN)["alive"].agg(["mean", "size"])
            k = int(g["alive"].sum())
            n = len(g)
            low, high = wilson_interval(k, n)
            p, m = per_draw["mean"].to_numpy(), per_draw["size"].to_numpy()
            chance_var = float(np.mean(p * (1 - p) / np.maximum(m - 1, 1))) if len(p) else math.nan
            between = float(np.var(p, ddof=1)) if len(p) > 1 else math.nan
            rec = dict(zip(keys, cell if isinstance(cell, tuple) else (cell,), strict=True))
            rec.update(
                checkpoint=name,
                games=n,
                draws=len(p),
                mean=k / n,
                mean_low=low,
                mean_high=high,
                chance_sd=math.sqrt(chance_var),
                draw_p10=float(np.quantile(p, 0.1)),
                draw_p90=float(np.quantile(p, 0.9)),
                draw_min=float(p.min()),
                draw_max=float(p.max()),
                assumption_sd=math.sqrt(max(0.0, between - chance_var))
                if not math.isnan(between)
                else math.nan,
            )
            records.append(rec)
    return pd.DataFrame(records)


def survival_bands(rows: pd.DataFrame, varied: Sequence[str], step: int = 4) -> Any:
    """Survival curves per cell: pooled line, 95% band from chance, 10-90% band over the draws."""
    from matplotlib.figure import Figure

    from wargame.batch.analyses.common import YEAR, horizon

    rows = rows.reset_index(drop=True)
    keys = cell_columns(rows, varied)
    h = horizon(rows)
    weeks = np.arange(0, h + 1, max(1, step))
    scenarios = list(dict.fromkeys(rows["scenario"]))
    fig = Figure(figsize=(max(7, 6 * len(scenarios)), 4.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(scenarios), sharey=True))
    held = rows["held"].to_numpy()
    lasted = rows["weeks"].to_numpy()
    alive = (lasted[:, None] >= weeks[None, :]) & (held[:, None] | (lasted[:, None] > weeks))
    for ax, scenario in zip(axes, scenarios, strict=True):
        mine = rows["scenario"] == scenario
        for i, (cell, g) in enumerate(rows[mine].groupby(keys[1:] or ["scenario"], sort=False)):
            colour = f"C{i}"
            a = alive[g.index.to_numpy()]
            draw_ids = g[DRAW_COLUMN].to_numpy()
            curves = np.array([a[draw_ids == d].mean(axis=0) for d in np.unique(draw_ids)])
            pooled = a.mean(axis=0)
            n = len(a)
            chance = np.array([wilson_interval(round(s * n), n) for s in pooled])
            x = weeks / YEAR
            label = " / ".join(str(c) for c in (cell if isinstance(cell, tuple) else (cell,)))
            ax.fill_between(
                x, *np.quantile(curves, [0.1, 0.9], axis=0), color=colour, alpha=0.15, lw=0
            )
            ax.fill_between(x, chance[:, 0], chance[:, 1], color=colour, alpha=0.35, lw=0)
            ax.plot(x, pooled, color=colour, label=label)
        ax.set_title(scenario)
        ax.set_xlabel("years")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(fontsize=8)
    axes[0].set_ylabel("share of ceasefires still holding")
    fig.suptitle("Survival: chance (dark, 95%) and the assumptions (light, 10-90% of draws)")
    return fig


# -- headlines ---------------------------------------------------------------------------------
def check_headlines(
    rows: pd.DataFrame, unc: Uncertainty, varied: Sequence[str]
) -> list[dict[str, Any]]:
    """Each headline in each context (the other cell columns): in how many draws it is true."""
    from wargame.batch.analyses.common import horizon

    out = []
    h = horizon(rows)
    for headline in unc.headlines:
        if not measurable(headline.outcome, h):
            out.append(
                {
                    "headline": headline.text,
                    "context": "",
                    "measured": False,
                    "line": f"{headline.text}: not measurable in games of {h} weeks.",
                }
            )
            continue
        values = outcome_values(rows, headline.outcome)
        frame = rows.assign(_y=values)
        context_keys = [c for c in cell_columns(rows, varied) if c != headline.key]
        for context, g in frame.groupby(context_keys, sort=False, dropna=False):
            out.append(_one(headline, unc.holds, context_keys, context, g))
    return out


def _one(
    headline: Headline, holds: float, keys: list[str], context: Any, g: pd.DataFrame
) -> dict[str, Any]:
    context = context if isinstance(context, tuple) else (context,)
    where = ", ".join(str(v) for v in context)
    a_mask = g[headline.key].map(lambda v: _same(v, headline.a))
    mean_a = g[a_mask].groupby(DRAW_COLUMN)["_y"].mean()
    if headline.number is not None:
        mean_b = pd.Series(headline.number, index=mean_a.index)
    else:
        b_mask = g[headline.key].map(lambda v: _same(v, headline.b_value))
        mean_b = g[b_mask].groupby(DRAW_COLUMN)["_y"].mean()
    both = mean_a.index.intersection(mean_b.index)
    test = OPERATORS[headline.op]
    true = [bool(test(mean_a[d], mean_b[d])) for d in both]
    n, k = len(true), sum(true)
    equal = sum(math.isclose(mean_a[d], mean_b[d], abs_tol=1e-12) for d in both)
    # a strict comparison fails on a tie (both 0%, both 100%): say how many, and how many go
    # the other way, so a "no" from ties reads differently from a "no" from reversals
    reversed_ = n - k - (0 if headline.op in (">=", "<=") else equal)
    share = k / n if n else math.nan
    held = bool(n and share >= holds)
    verdict = "holds" if held else "does not hold"
    pooled_a = float(g[a_mask]["_y"].mean()) if a_mask.any() else math.nan
    pooled_b = (
        headline.number
        if headline.number is not None
        else float(g[g[headline.key].map(lambda v: _same(v, headline.b_value))]["_y"].mean())
    )
    line = (
        f"{where}: {headline.text} - true in {k} of {n} draws ({share:.0%}; equal in {equal}, "
        f"the other way in {reversed_}): {verdict} across the plausible ranges (needs "
        f"{holds:.0%}); pooled {pooled_a:.2f} vs {pooled_b:.2f}."
        if n
        else f"{where}: {headline.text} - no draw has both sides played (a cell skipped?)."
    )
    return {
        "headline": headline.text,
        "context": where,
        "measured": True,
        "draws": n,
        "true_in": k,
        "equal_in": equal,
        "other_way_in": reversed_,
        "share": share,
        "holds": held,
        "threshold": holds,
        "pooled_a": pooled_a,
        "pooled_b": pooled_b,
        "line": line,
    }


def holds_lines(summary: dict[str, Any]) -> list[str]:
    """'Holds across the plausible ranges?' per headline, from an experiment's summary.json."""
    block = summary.get("uncertainty") or {}
    out = []
    for h in block.get("headlines", []):
        if not h.get("measured", False):
            out.append(f"Holds across the plausible ranges? Not measured: {h['line']}")
            continue
        answer = "Yes" if h["holds"] else "No"
        out.append(f"Holds across the plausible ranges? {answer}. {h['line']}")
    return out


# -- the shipped verdicts: what the report states when no --uncertain run is in its folder -------
SHIPPED = paths.PACKAGE / "data" / "uncertainty"


def ship_uncertainty(folder: str | Path, dest: str | Path = SHIPPED, note: str = "") -> list[Path]:
    """Copy a finished --uncertain run's verdicts and spread table into DEST, with provenance."""
    from wargame.batch.provenance import git_commit

    folder, dest = Path(folder), Path(dest)
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WargameError(f"{folder}: no finished experiment here ({exc})") from None
    block = summary.get("uncertainty")
    if not block:
        raise WargameError(f"{folder}: the experiment was not run with --uncertain")
    if summary.get("quick"):
        raise WargameError(f"{folder}: a --quick run is not an answer; nothing shipped")
    name = str(summary["name"])
    table = folder / str(block.get("table", ""))
    kept = {
        "experiment": name,
        "uncertainty": {**block, "table": f"{name}_uncertainty.csv", "plot": ""},
        "games": summary.get("games"),
        "seconds": summary.get("seconds"),
        "commit": git_commit(),
        "shipped": datetime.now(UTC).strftime("%Y-%m-%d"),
        "command": f"wargame experiment {name} --uncertain {block['draws']} "
        f"--draw-seed {block['draw_seed']}",
        "note": note,
    }
    written = [dest / f"{name}.json"]
    write_atomic(written[0], json.dumps(kept, indent=2, sort_keys=True) + "\n")
    if table.is_file() and table.parent == folder:
        written.append(dest / f"{name}_uncertainty.csv")
        write_atomic(written[1], table.read_text(encoding="utf-8"))
    return written


def shipped_uncertainty(name: str, data: str | Path | None = None) -> dict[str, Any] | None:
    """The shipped verdicts of one experiment (a summary-like dict), or None if none ship."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        return None
    path = Path(data if data is not None else SHIPPED) / f"{name}.json"
    if not path.is_file():
        return None
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise WargameError(f"{path}: not a shipped verdict file ({exc})") from None
    return kept if isinstance(kept, dict) and isinstance(kept.get("uncertainty"), dict) else None
