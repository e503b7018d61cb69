"""A sensitivity analysis of the game: a design's points played as games, resumable, written out.

Each design point is played on the same K seeds (common random numbers) through the sweep
runner (one process, a local pool or Dask), with finished games saved beside the output so an
interrupted run resumes. OUT/ then holds `design.json` (what was asked), `rows.parquet` (one
row per game), `indices.parquet` (indices per outcome, half and full budget), `noise.parquet`
(seed noise per outcome), `convergence.csv`, `sensitivity.png` and `summary.json`.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wargame.batch.provenance import json_safe
from wargame.batch.sensitivity import (
    Design,
    Factor,
    convergence,
    factors_from,
    indices_table,
    make_design,
    plot,
)
from wargame.batch.sweep import GameTask, derive_seed, format_value, game_key, play
from wargame.config.scenario import load_scenario
from wargame.errors import BudgetError, WargameError
from wargame.files import write_atomic

if TYPE_CHECKING:
    from wargame.batch.runner import Result

SEED_LABEL = "sensitivity"  # every design point plays the seeds derived from this label


def _survival(years: int) -> Callable[[pd.DataFrame], pd.Series]:
    weeks = 52 * years

    def survived(rows: pd.DataFrame) -> pd.Series:
        check_horizon(f"survival_{years}y", int(rows["horizon_weeks"].min()))
        return (rows["held"] | (rows["weeks"] >= weeks)).astype(float)

    return survived


def _unbroken_first_year(rows: pd.DataFrame) -> pd.Series:
    """1 if neither a large-scale offensive nor a collapse came in the first year (ICG's sense)."""
    check_horizon("survival_1y", int(rows["horizon_weeks"].min()))
    first = rows["offensive_first_week"].astype(int)
    quiet = (first < 0) | (first > 52)
    return ((rows["held"] | (rows["weeks"] >= 52)) & quiet).astype(float)


def check_horizon(outcome: str, horizon_weeks: int) -> None:
    """Refuse a survival outcome the games are too short to measure."""
    if outcome.startswith("survival_"):
        weeks = 52 * int(outcome.removeprefix("survival_").removesuffix("y"))
        if horizon_weeks < weeks:
            raise WargameError(
                f"--outcome {outcome}: the games last {horizon_weeks} weeks, fewer than "
                f"{weeks}; use a longer --years or another outcome"
            )


# Outcomes by name: what each measures, computed from a game's row (see sweep.game_row).
OUTCOMES: dict[str, tuple[str, Callable[[pd.DataFrame], pd.Series]]] = {
    "survival_1y": ("the ceasefire lasted a year (1/0)", _survival(1)),
    "survival_5y": ("the ceasefire lasted five years (1/0)", _survival(5)),
    "survival_10y": ("the ceasefire lasted ten years (1/0)", _survival(10)),
    "unbroken_1y": (
        "no large-scale offensive and no collapse in the first year (1/0)",
        _unbroken_first_year,
    ),
    "offensives": ("large-scale Russian offensives", lambda r: r["offensives"].astype(float)),
    "ground_lost_km": ("ground Ukraine lost to offensives, km", lambda r: r["ground_lost_km"]),
    "held": ("the ceasefire lasted the whole game (1/0)", lambda r: r["held"].astype(float)),
    "weeks": ("weeks the game lasted", lambda r: r["weeks"].astype(float)),
    "casualties": (
        "casualties, all sides",
        lambda r: r["casualties_russia"] + r["casualties_ukraine"] + r["casualties_coalition"],
    ),
    "casualties_coalition": ("coalition casualties", lambda r: r["casualties_coalition"]),
    "casualties_ukraine": ("Ukrainian casualties", lambda r: r["casualties_ukraine"]),
    "casualties_russia": ("Russian casualties", lambda r: r["casualties_russia"]),
    "casualties_civilian": ("civilian casualties", lambda r: r["casualties_civilian"]),
    "troop_years": ("troop-years committed", lambda r: r["troop_years"]),
    "incidents": ("incidents, all levels", lambda r: r["incidents_total"]),
    "nations_left": ("nations that left the coalition", lambda r: r["nations_left_count"]),
    "will_end": ("the coalition's mean will at the end", lambda r: r["will_end"]),
    "escalation_max": ("the highest escalation level", lambda r: r["escalation_max"]),
}
DEFAULT_OUTCOMES = ("survival_1y", "survival_5y", "survival_10y", "casualties")


def load_parameters(assumed_only: bool) -> list[Any]:
    """The declared parameters (`wargame.config.parameters`), or only the ASSUMED ones with a range."""
    try:
        from wargame.config import parameters
    except ImportError:
        raise WargameError(
            "sensitivity: this version has no parameter declarations (wargame.config.parameters)"
        ) from None
    return list(parameters.assumed()) if assumed_only else list(parameters.declared().values())


def parse_outcomes(text: str | None) -> list[str]:
    """`survival_1y,casualties` -> names, refusing an unknown one with the list of known ones."""
    names = [n.strip() for n in (text or ",".join(DEFAULT_OUTCOMES)).split(",") if n.strip()]
    for name in names:
        if name not in OUTCOMES:
            raise WargameError(f"--outcome {name}: unknown outcome; known: {', '.join(OUTCOMES)}")
    if not names:
        raise WargameError("--outcome: give at least one outcome")
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class Plan:
    """What a sensitivity run is asked to do (saved as design.json, checked on --resume)."""

    scenario: str
    method: str
    outcomes: tuple[str, ...]
    budget: int
    seeds: int
    base_seed: int = 0
    years: float | None = None
    fixed: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    group: str | None = None

    def identity(self) -> dict[str, Any]:
        """What decides the games (outcomes can change on resume without replaying anything)."""
        out = dict(self.__dict__)
        out.pop("outcomes")
        out["fixed"] = list(self.fixed)
        out["params"] = list(self.params)
        return out


def choose_factors(plan: Plan, parameters: Sequence[Any] | None = None) -> list[Factor]:
    """The factors: named ones from every declared parameter, else the ASSUMED ones (a group).

    Without named ones, a policy parameter no policy of the scenario reads is left out (see
    `unread_policy_parameters`): a game refuses it, and it could not matter anyway.
    """
    if parameters is None:
        parameters = load_parameters(assumed_only=not plan.params)
    if not plan.params:
        unread = set(unread_policy_parameters(plan, parameters))
        parameters = [p for p in parameters if p.key not in unread]
    return factors_from(parameters, plan.params or None, plan.group)


def unread_policy_parameters(plan: Plan, parameters: Sequence[Any]) -> list[str]:
    """Declared policy parameters (`policies.<actor>.<name>`) the scenario's policies do not take."""
    from wargame.config.parameters import policy_key
    from wargame.play.session import actor_ids_for
    from wargame.policies.registry import policy_specs, resolve_policy

    scenario = load_scenario(plan.scenario, [*plan.fixed, *_years(plan)])
    read: set[str] = set()
    for actor_id, spec in policy_specs(scenario.settings, actor_ids_for(scenario)).items():
        cls = resolve_policy(str(spec["name"]), actor_id)
        read.update(policy_key(actor_id, name) for name in getattr(cls, "params", {}))
    return [p.key for p in parameters if p.key.startswith("policies.") and p.key not in read]


def seeds_of(plan: Plan) -> list[int]:
    """The K seeds every design point is played on."""
    return [derive_seed(plan.base_seed, SEED_LABEL, r) for r in range(plan.seeds)]


def tasks_of(plan: Plan, design: Design) -> list[GameTask]:
    """One game per design point and seed, in design order."""
    seeds = seeds_of(plan)
    years = _years(plan)
    tasks: list[GameTask] = []
    for point in range(design.points):
        settings = tuple(design.settings(point))
        overrides = (
            *plan.fixed,
            *(f"{k}={format_value(v)}" for k, v in settings),
            *years,
        )
        for r, seed in enumerate(seeds):
            tasks.append(
                GameTask(
                    index=len(tasks),
                    cell=point,
                    replicate=r,
                    scenario=plan.scenario,
                    seed=seed,
                    overrides=overrides,
                    settings=settings,
                    policies=(),
                    key=game_key(plan.scenario, seed, overrides),
                )
            )
    return tasks


def _years(plan: Plan) -> list[str]:
    return [f"years={format_value(plan.years)}"] if plan.years is not None else []


def play_points(tasks: Sequence[GameTask]) -> list[Result]:
    """Play a batch of design games; a setting the game refuses names its design point."""
    out: list[Result] = []
    for task in tasks:
        try:
            out.append(play(task))
        except WargameError as exc:
            point = " ".join(f"{k}={format_value(v)}" for k, v in task.settings)
            # A plain WargameError pickles across processes (ConfigError's arguments do not).
            raise WargameError(f"design point {task.cell} ({point}): {exc}") from None
    return out


def refused_ends(
    scenario: str, fixed: Sequence[str], factors: Sequence[Factor]
) -> Iterator[tuple[Factor, float, WargameError]]:
    """Each factor's plausible-range end the scenario refuses, with the refusal: a game is checked
    (not built) at each end, with the other parameters at their defaults."""
    from wargame.play.session import check_game

    for f in factors:
        for end in (f.low, f.high):
            item = f"{f.key}={format_value(f.value(end))}"
            try:
                check_game(scenario, [*fixed, item])
            except WargameError as exc:
                yield f, end, exc


def check_range_ends(
    scenario: str, fixed: Sequence[str], factors: Sequence[Factor], advice: str
) -> None:
    """Refuse, up front, a run whose factor has a range end the scenario refuses."""
    for f, end, exc in refused_ends(scenario, fixed, factors):
        if isinstance(exc, BudgetError):
            raise WargameError(
                f"{f.key}: its plausible range [{f.low:g}, {f.high:g}] goes over the troop "
                f"budget at {end:g} ({exc}); {advice}"
            ) from None
        raise WargameError(f"{f.key}={end:g} (its plausible range end): {exc}") from None


def check_ranges(plan: Plan, factors: Sequence[Factor]) -> None:
    """Build (not play) a game at each factor's low and high end, others default, up front."""
    advice = "leave it out (--params) or --set a larger coalition.troop_budget"
    check_range_ends(plan.scenario, [*plan.fixed, *_years(plan)], factors, advice)


@dataclass
class SensitivityResult:
    """What a run produced: the design, rows, indices, noise and the files written."""

    design: Design
    rows: pd.DataFrame
    indices: pd.DataFrame
    noise: pd.DataFrame
    played: int
    reused: int
    seconds: float
    files: list[Path]


def run_sensitivity(
    plan: Plan,
    out: str | Path,
    *,
    parameters: Sequence[Any] | None = None,
    resume: bool = False,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
    announce: Callable[[str], None] = print,
) -> SensitivityResult:
    """Draw the design, play its games (resuming), analyse them and write the files into OUT."""
    from wargame.batch.runner import claim_folder, run_tasks, write_parquet

    start = time.perf_counter()
    outcomes = parse_outcomes(",".join(plan.outcomes))
    factors = choose_factors(plan, parameters)
    design = make_design(plan.method, factors, plan.budget, plan.seeds, seed=plan.base_seed)
    out = Path(out)
    horizon = load_scenario(plan.scenario, [*plan.fixed, *_years(plan)]).weeks
    for name in outcomes:
        check_horizon(name, horizon)
    check_ranges(plan, factors)
    # Only once the run can start: a refused one leaves no claim.
    claim_folder(
        out,
        "design.json",
        plan.identity(),
        None
        if resume
        else f"--out {out}: already holds a sensitivity run; pass --resume to continue it "
        "or give another --out",
        lambda keys: (
            f"--resume: {out} holds a run with other {keys}; give the same options or another --out"
        ),
    )
    announce(f"{design.describe()} (budget {plan.budget:,})")
    rows, _, played, reused = run_tasks(
        tasks_of(plan, design),
        out / "rows.parquet",
        workers=workers,
        dask=dask,
        progress=progress,
        play=play_points,
        label="sensitivity",
    )
    matrices = {name: outcome_matrix(rows, name, design) for name in outcomes}
    indices, noise = indices_table(design, matrices, seed=plan.base_seed)
    files = _write(out, plan, design, indices, noise, write_parquet)
    seconds = time.perf_counter() - start
    _summary(out, plan, design, indices, noise, played, reused, seconds)
    files.append(out / "summary.json")
    return SensitivityResult(design, rows, indices, noise, played, reused, seconds, files)


def outcome_matrix(rows: pd.DataFrame, name: str, design: Design) -> np.ndarray:
    """One outcome of every game as a (points, seeds) matrix, in design order."""
    values = OUTCOMES[name][1](rows).to_numpy(dtype=float)
    ordered = rows[["cell", "replicate"]].to_numpy()
    Y = np.full((design.points, design.seeds), math.nan)
    Y[ordered[:, 0], ordered[:, 1]] = values
    return Y


def _write(out: Path, plan: Plan, design: Design, indices, noise, write_parquet) -> list[Path]:
    write_parquet(indices, out / "indices.parquet")
    write_parquet(noise, out / "noise.parquet")
    conv = convergence(indices, plan.method)
    write_atomic(out / "convergence.csv", conv.to_csv(index=False))
    import matplotlib.pyplot as plt

    from wargame.batch.analyses.common import save_figure

    figure = plot(indices, noise, plan.method)
    try:
        save_figure(figure, out / "sensitivity.png")
    finally:
        plt.close(figure)
    return [out / n for n in ("rows.parquet", "indices.parquet", "noise.parquet")] + [
        out / "convergence.csv",
        out / "sensitivity.png",
    ]


def _summary(out, plan, design, indices, noise, played, reused, seconds) -> None:
    main = "mu_star" if plan.method == "morris" else "ST"
    full = indices[indices["budget"] == "full"]
    ranking = {}
    for name, t in full.groupby("outcome", sort=False):
        t = t.sort_values(main, ascending=False)
        ranking[name] = [
            {
                "parameter": r["parameter"],
                main: float(r[main]),
                "within_noise": bool(r["within_noise"]),
            }
            for _, r in t.iterrows()
        ]
    summary = {
        **plan.identity(),
        "outcomes": list(plan.outcomes),
        "design": design.describe(),
        "points": design.points,
        "games": design.games,
        "played": played,
        "reused": reused,
        "seconds": round(seconds, 1),
        "noise": noise.to_dict("records"),
        "ranking": ranking,
    }
    write_atomic(out / "summary.json", json.dumps(json_safe(summary), indent=2))
