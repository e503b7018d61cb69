"""Scenario discovery: where in the plausible ranges does the ceasefire hold? (PRIM, ema_workbench)

A Latin hypercube over the ranges of the chosen ASSUMED parameters is played on K seeds a
draw (the same seeds for every draw), for `years` years. Each draw is one case, labelled 1 when
the ceasefire held that long in at least half of its games. PRIM (ema_workbench) peels the
parameter space down to boxes where the share of such draws (the box's *density*) reaches a
threshold; a box's *coverage* is the share of all held draws inside it, its *mass* the share of
all draws. A restriction that does not raise the held share on its own (binomial p > 0.05) is
dropped.
OUT/ holds `design.json` (what was asked), `draws.csv`, `rows.parquet` (one row per game),
`boxes.csv` (per box, the restricted parameters with their limits), `trajectory.csv` (the
peeling trajectory of every box), `discovery.png` and `summary.json`.
"""

from __future__ import annotations

import json
import logging
import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wargame.batch.sensitivity import Factor
from wargame.batch.sweep import GameTask, derive_seed, format_value, game_key
from wargame.batch.uncertainty import DRAW_COLUMN, check_draws, draw_frame, play_draws, played_by
from wargame.errors import WargameError
from wargame.files import write_atomic

SEED_LABEL = "discovery"  # every draw plays the seeds derived from this label
MAX_BOXES = 5
# A restriction is kept in a box only if, alone, it raises the held share with p <= MAX_QP
# (cf. PRIM's quasi-p values, Bryant and Lempert 2010): one chance would often give is dropped.
MAX_QP = 0.05
LIMIT_COLUMNS = ("parameter", "low", "high", "range_low", "range_high", "p_alone", "qp")


@dataclass(frozen=True)
class Plan:
    """What a discovery run is asked to do (saved as design.json; a resume must match it)."""

    scenario: str
    draws: int
    seeds: int
    years: float = 5.0
    fixed: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    group: str | None = None
    draw_seed: int = 0
    threshold: float = 0.8
    boxes: int = 2
    max_qp: float | None = MAX_QP
    peel_alpha: float = 0.05
    mass_min: float = 0.05

    def identity(self) -> dict[str, Any]:
        """What decides the games (the PRIM settings may change on a resume)."""
        return {
            "scenario": self.scenario,
            "draws": self.draws,
            "seeds": self.seeds,
            "years": self.years,
            "fixed": list(self.fixed),
            "params": list(self.params),
            "group": self.group,
            "draw_seed": self.draw_seed,
        }


def check_plan(plan: Plan) -> None:
    """Refuse values PRIM or the games cannot use, one clear message each."""
    check_draws(plan.draws, "--draws")
    if plan.seeds < 1:
        raise WargameError(f"--seeds: must be at least 1; got {plan.seeds}")
    if not 0 < plan.threshold <= 1:
        raise WargameError(f"--threshold: a share above 0 and at most 1; got {plan.threshold}")
    if not 1 <= plan.boxes <= MAX_BOXES:
        raise WargameError(f"--boxes: between 1 and {MAX_BOXES}; got {plan.boxes}")
    if not 0 < plan.years <= 50:
        raise WargameError(f"--years: above 0 and at most 50; got {plan.years}")
    if plan.max_qp is not None and not 0 < plan.max_qp <= 1:
        raise WargameError(f"--max-qp: a probability above 0 and at most 1; got {plan.max_qp}")
    if plan.draw_seed < 0:
        raise WargameError(f"--draw-seed: must be at least 0; got {plan.draw_seed}")


def choose_factors(plan: Plan) -> list[Factor]:
    """The ASSUMED parameters named and those of the groups (comma-separated), else all of them;
    never one that --set fixes."""
    from wargame.batch.sensitivity import factors_from
    from wargame.config import parameters

    fixed = {item.partition("=")[0] for item in plan.fixed}
    assumed = [p for p in parameters.assumed() if p.key not in fixed]
    if plan.params:
        declared = parameters.declared()
        by_key = {p.key: p for p in assumed}
        for key in plan.params:
            if key in fixed:
                raise WargameError(f"--params: {key} is also fixed by --set; give it once")
            if key not in by_key:
                why = (
                    "is not ASSUMED or has no numeric plausible range"
                    if key in declared
                    else "is not a declared parameter (`wargame params` lists them)"
                )
                raise WargameError(f"--params: {key} {why}")
    wanted = [g.strip() for g in (plan.group or "").split(",") if g.strip()]
    known = sorted({p.group for p in assumed})
    for group in wanted:
        if group not in known:
            raise WargameError(f"--group {group}: no such group; groups: {', '.join(known)}")
    if plan.params or wanted:
        assumed = [p for p in assumed if p.key in plan.params or p.group in wanted]
    return factors_from(assumed)


def tasks_of(plan: Plan, factors: Sequence[Factor], draws: pd.DataFrame) -> list[GameTask]:
    """One game per draw and seed, in draw order; the draw's values are the row's columns."""
    years = [f"years={format_value(plan.years)}"]
    usable = played_by(plan.scenario, [*plan.fixed, *years], factors)
    seeds = [derive_seed(plan.draw_seed, SEED_LABEL, r) for r in range(plan.seeds)]
    tasks: list[GameTask] = []
    for draw in draws.to_dict("records"):
        values = [(f.key, f.value(draw[f.key])) for f in usable]
        overrides = (*plan.fixed, *(f"{k}={format_value(v)}" for k, v in values), *years)
        settings = ((DRAW_COLUMN, int(draw[DRAW_COLUMN])), *values)
        for r, seed in enumerate(seeds):
            tasks.append(
                GameTask(
                    index=len(tasks),
                    cell=int(draw[DRAW_COLUMN]),
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


def check_ranges(plan: Plan, factors: Sequence[Factor]) -> None:
    """Build (not play) a game at each factor's low and high end up front."""
    from wargame.batch.sensitivity_run import check_range_ends

    years = f"years={plan.years}"
    check_range_ends(
        plan.scenario, [*plan.fixed, years], factors, "leave it out (--params, --group)"
    )


# -- PRIM --------------------------------------------------------------------------------------
@dataclass
class Box:
    """One box PRIM found: its limits on the restricted parameters and how good it is."""

    number: int
    limits: pd.DataFrame  # parameter, low, high, range_low, range_high, qp
    coverage: float
    density: float
    mass: float
    cases: int  # draws inside the box
    trajectory: pd.DataFrame  # the peeling trajectory: coverage, density, mass, res_dim
    chosen: int  # the step of PRIM's peeling trajectory the box is taken at
    meets_threshold: bool
    inside: np.ndarray  # which cases (draws) are inside
    dropped: tuple[str, ...] = ()  # PRIM's restrictions left out: chance would often give them
    games_held: float = math.nan  # share of the games inside that held (set by the run)


def find_boxes(
    x: pd.DataFrame,
    y: np.ndarray,
    threshold: float,
    boxes: int = 2,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    ranges: dict[str, tuple[float, float]] | None = None,
    max_qp: float | None = MAX_QP,
) -> list[Box]:
    """PRIM's boxes of cases with y = 1, up to `boxes`.

    Each box is taken at the step of its peeling trajectory with the highest coverage among
    those whose density reaches the threshold. Then a restriction is kept only if it raises the
    share of y = 1 on its own: the cases within that one limit hold more often than all cases
    (one-sided binomial test, p <= `max_qp`); the box's statistics are those of the kept
    restrictions together. Peeling on many parameters from few cases fits noise, and a
    restriction that chance alone would often give says nothing about the model.
    """
    prim = _prim_module()
    y = np.asarray(y, dtype=bool)
    if y.all() or not y.any():
        return []
    x = x.reset_index(drop=True).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alg = prim.Prim(x, y, threshold=threshold, peel_alpha=peel_alpha, mass_min=mass_min)
        found = []
        for number in range(1, boxes + 1):
            box = alg.find_box()
            if box is None:
                break
            trajectory = box.peeling_trajectory.reset_index(drop=True)
            if len(trajectory) <= 1:  # a "dump box": PRIM found nothing that meets the threshold
                break
            good = trajectory[trajectory["density"] >= threshold]
            step = (
                int(good["coverage"].idxmax()) if len(good) else int(trajectory["density"].idxmax())
            )
            box.select(step)
            found.append(_box(number, box, step, threshold, x, y, ranges or {}, max_qp))
            if not found[-1].meets_threshold:
                break
    return found


def p_alone(x: pd.Series, low: float, high: float, y: np.ndarray) -> float:
    """One-sided binomial p value: do the cases within [low, high] hold more often than all?"""
    from scipy.stats import binomtest

    inside = ((x >= low) & (x <= high)).to_numpy()
    n = int(inside.sum())
    if n == 0:
        return 1.0
    return float(binomtest(int(y[inside].sum()), n, float(y.mean()), alternative="greater").pvalue)


def _prim_module() -> Any:
    """ema_workbench's PRIM, imported quietly (its package warns about optional extras)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from ema_workbench.analysis import prim
        except ImportError as exc:
            raise WargameError(
                f"discover: ema_workbench is not installed ({exc}); pip install 'ema_workbench>=2.5'"
            ) from None
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


def _box(
    number: int,
    box: Any,
    step: int,
    threshold: float,
    x: pd.DataFrame,
    y: np.ndarray,
    ranges: dict[str, tuple[float, float]],
    max_qp: float | None,
) -> Box:
    lims = box.box_lims[step]
    init = box.box_lims[0]
    qp = box.qp[step]
    limits, dropped = [], []
    for c in [c for c in lims.columns if not np.allclose(lims[c], init[c])]:
        low, high = float(lims[c].iloc[0]), float(lims[c].iloc[1])
        p = p_alone(x[c], low, high, y)
        if max_qp is not None and p > max_qp:
            dropped.append(c)
            continue
        lo, hi = ranges.get(c, (float(x[c].min()), float(x[c].max())))
        limits.append(
            {
                "parameter": c,
                "low": low,
                "high": high,
                "range_low": lo,
                "range_high": hi,
                "p_alone": p,
                "qp": max(_pvalues(qp[c])) if c in qp else math.nan,
            }
        )
    inside = np.ones(len(x), dtype=bool)
    for lim in limits:
        column = x[lim["parameter"]]
        inside &= ((column >= lim["low"]) & (column <= lim["high"])).to_numpy()
    density = float(y[inside].mean()) if inside.any() else 0.0
    return Box(
        number=number,
        limits=pd.DataFrame(limits, columns=[*LIMIT_COLUMNS]),
        coverage=float(y[inside].sum() / y.sum()),
        density=density,
        mass=float(inside.mean()),
        cases=int(inside.sum()),
        trajectory=box.peeling_trajectory.reset_index(drop=True)[
            ["coverage", "density", "mass", "res_dim"]
        ],
        chosen=step,
        meets_threshold=density >= threshold,
        inside=inside,
        dropped=tuple(dropped),
    )


def _pvalues(values: Any) -> list[float]:
    """PRIM's quasi-p values of a restriction's two limits (an open limit has none: 0)."""
    found = [float(v) for v in np.ravel(values) if v is not None and not pd.isna(v)]
    return found or [0.0]


def boxes_table(found: Sequence[Box]) -> pd.DataFrame:
    """One row per box and restricted parameter: limits, the plausible range, box statistics."""
    columns = ["box", *LIMIT_COLUMNS]
    columns += ["coverage", "density", "mass", "draws", "games_held", "meets_threshold"]
    records = []
    for b in found:
        stats = {
            "box": b.number,
            "coverage": b.coverage,
            "density": b.density,
            "mass": b.mass,
            "draws": b.cases,
            "games_held": b.games_held,
            "meets_threshold": b.meets_threshold,
        }
        if b.limits.empty:
            records.append({**stats, "parameter": "(no restriction)"})
        for _, lim in b.limits.iterrows():
            records.append({**stats, **lim.to_dict()})
    return pd.DataFrame(records, columns=columns)


def plot(found: Sequence[Box], threshold: float, base_rate: float) -> Any:
    """Left: each box's peeling trajectory (coverage vs density), the box itself ringed; right:
    the boxes' limits as bars over each restricted parameter's plausible range (0-1)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 4.8), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.3])
    for b in found:
        t = b.trajectory
        colour = f"C{b.number - 1}"
        left.plot(t["coverage"], t["density"], "-o", ms=3, color=colour, label=f"box {b.number}")
        label = "box, kept restrictions only" if b.number == 1 else None
        left.plot(b.coverage, b.density, "o", ms=11, mfc="none", mec="black", label=label)
    left.axhline(threshold, ls="--", color="grey", lw=0.8, label=f"threshold {threshold:.0%}")
    left.axhline(base_rate, ls=":", color="grey", lw=0.8, label=f"all draws {base_rate:.0%}")
    left.set_xlabel("coverage (share of the held draws inside)")
    left.set_ylabel("density (share held inside)")
    left.set_xlim(-0.02, 1.02)
    left.set_ylim(-0.02, 1.02)
    left.legend(fontsize=8)
    left.set_title("peeling trajectory")
    labels, k = [], 0
    for b in found:
        colour = f"C{b.number - 1}"
        for _, lim in b.limits.iterrows():
            span = lim["range_high"] - lim["range_low"]
            lo = (lim["low"] - lim["range_low"]) / span if span else 0.0
            hi = (lim["high"] - lim["range_low"]) / span if span else 1.0
            right.barh(k, hi - lo, left=lo, color=colour, alpha=0.7)
            right.text(1.01, k, f"{lim['low']:.3g} - {lim['high']:.3g}", va="center", fontsize=7)
            labels.append(f"box {b.number}: {lim['parameter']}")
            k += 1
    right.set_yticks(range(len(labels)), labels, fontsize=7)
    right.set_xlim(0, 1.25)
    right.set_xlabel("box limits within the plausible range (0 = low end, 1 = high end)")
    right.invert_yaxis()
    right.set_title("where the ceasefire holds")
    if not labels:
        right.text(0.5, 0.5, "no box found", ha="center", va="center")
    return fig


# -- the run -----------------------------------------------------------------------------------
@dataclass
class DiscoveryResult:
    """What a run produced."""

    boxes: list[Box]
    table: pd.DataFrame
    rows: pd.DataFrame
    base_rate: float
    played: int
    reused: int
    seconds: float
    files: list[Path]
    factors: int


def run_discovery(
    plan: Plan,
    out: str | Path,
    *,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
    announce: Callable[[str], None] = print,
) -> DiscoveryResult:
    """Draw the hypercube, play its games (resuming), run PRIM and write the files into OUT."""
    from wargame.batch.analyses.common import save_figure
    from wargame.batch.runner import claim_folder, run_tasks

    start = time.perf_counter()
    check_plan(plan)
    years = [f"years={format_value(plan.years)}"]
    factors = played_by(plan.scenario, [*plan.fixed, *years], choose_factors(plan))
    if not factors:
        raise WargameError("discover: none of the parameters chosen is read by this scenario")
    check_ranges(plan, factors)
    out = Path(out)
    claim_folder(
        out,
        "design.json",
        plan.identity(),
        None,  # the same options resume a run
        lambda keys: (
            f"--out {out}: holds a discovery run with other {keys}; "
            "give the same options to resume it, or another --out"
        ),
    )
    draws = draw_frame(factors, plan.draws, plan.draw_seed)
    write_atomic(out / "draws.csv", draws.to_csv(index=False))
    tasks = tasks_of(plan, factors, draws)
    announce(
        f"discover: {plan.draws} draws of {len(factors)} ASSUMED parameters x {plan.seeds} seeds "
        f"= {len(tasks):,} games of {plan.years:g} years on {plan.scenario}"
    )
    rows, _, played, reused = run_tasks(
        tasks,
        out / "rows.parquet",
        workers=workers,
        dask=dask,
        progress=progress,
        play=play_draws,
        label="discover",
    )
    x, y, game_held = draw_cases(rows, factors, plan.years)
    ranges = {f.key: (f.low, f.high) for f in factors}
    found = find_boxes(
        x, y, plan.threshold, plan.boxes, plan.peel_alpha, plan.mass_min, ranges, plan.max_qp
    )
    for b in found:
        b.games_held = float(game_held[b.inside].sum() / (plan.seeds * b.cases)) if b.cases else 0
    table = boxes_table(found)
    base_rate = float(y.mean()) if len(y) else math.nan
    write_atomic(out / "boxes.csv", table.to_csv(index=False))
    trajectories = [b.trajectory.assign(box=b.number, step=range(len(b.trajectory))) for b in found]
    trajectory = pd.concat(trajectories, ignore_index=True) if trajectories else pd.DataFrame()
    write_atomic(out / "trajectory.csv", trajectory.to_csv(index=False))
    figure = plot(found, plan.threshold, base_rate)
    figure.suptitle(
        f"{plan.scenario} {' '.join(plan.fixed)}: where the ceasefire holds {plan.years:g} years "
        f"(PRIM, {len(x)} draws x {plan.seeds} seeds)"
    )
    save_figure(figure, out / "discovery.png")
    seconds = time.perf_counter() - start
    summary = {
        **plan.identity(),
        "threshold": plan.threshold,
        "factors": len(factors),
        "games": len(rows),
        "games_held": int(game_held.sum()),
        "draws_held": int(y.sum()),
        "base_rate": base_rate,
        "max_qp": plan.max_qp,
        "played": played,
        "reused": reused,
        "seconds": round(seconds, 1),
        "boxes": [describe(b) for b in found],
    }
    write_atomic(out / "summary.json", json.dumps(summary, indent=2))
    files = [out / n for n in ("rows.parquet", "draws.csv", "boxes.csv", "trajectory.csv")]
    files += [out / "discovery.png", out / "summary.json"]
    return DiscoveryResult(
        found, table, rows, base_rate, played, reused, seconds, files, len(factors)
    )


def draw_cases(
    rows: pd.DataFrame, factors: Sequence[Factor], years: float
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """PRIM's cases, one per draw: its values, whether it held in at least half of its games,
    and how many of its games held.

    One case a draw, not a game: a draw's seeds share its values, and counting them as separate
    cases would make PRIM's quasi-p values claim K times the evidence there is.
    """
    keys = [f.key for f in factors if f.key in rows.columns]
    frame = rows.assign(_held=held_for(rows, years))
    per_draw = frame.groupby(DRAW_COLUMN, sort=True).agg(
        {**dict.fromkeys(keys, "first"), "_held": ["sum", "size"]}
    )
    x = pd.DataFrame({k: per_draw[(k, "first")].to_numpy() for k in keys})
    held = per_draw[("_held", "sum")].to_numpy(dtype=float)
    size = per_draw[("_held", "size")].to_numpy(dtype=float)
    return x, held >= size / 2, held


def held_for(rows: pd.DataFrame, years: float) -> np.ndarray:
    """1 for a game whose ceasefire lasted `years` years (the games are that long)."""
    weeks = round(52 * years)
    return (rows["held"] | (rows["weeks"] >= weeks)).to_numpy(dtype=bool)


def describe(b: Box) -> str:
    """`box 1: coverage 62%, density 91%, mass 30% (60 draws); a in [0.7, 1], b in [0, 0.3]`."""
    limits = "; ".join(
        f"{r['parameter']} in [{r['low']:.3g}, {r['high']:.3g}] (of {r['range_low']:.3g}-"
        f"{r['range_high']:.3g})"
        for _, r in b.limits.iterrows()
    )
    flag = "" if b.meets_threshold else " - below the threshold: the densest box PRIM found"
    return (
        f"box {b.number}: coverage {b.coverage:.0%}, density {b.density:.0%}, mass {b.mass:.0%} "
        f"({b.cases} draws, {b.games_held:.0%} of their games held){flag}; "
        f"{limits or 'no restriction'}"
    )
