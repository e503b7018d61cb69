"""Scenario discovery: where in the plausible ranges does the ceasefire hold? (PRIM, ema_workbench)

A Latin hypercube over the ranges of the chosen ASSUMED parameters is played on K seeds a
draw (the same seeds for every draw), for `years` years. Every game is one case, labelled 1
when the ceasefire held the whole time. PRIM (ema_workbench) peels the parameter space down to
boxes where the held share (the box's *density*) reaches a threshold; a box's *coverage* is
the share of all held games inside it and its *mass* the share of all games inside it. OUT/
holds `design.json` (what was asked), `draws.csv`, `rows.parquet` (one row per game),
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

from .errors import BudgetError, WargameError
from .files import write_atomic
from .sensitivity import Factor
from .sweep import GameTask, derive_seed, format_value, game_key
from .uncertainty import DRAW_COLUMN, check_draws, draw_frame, play_draws, played_by

SEED_LABEL = "discovery"  # every draw plays the seeds derived from this label
MAX_BOXES = 5


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
    if plan.draw_seed < 0:
        raise WargameError(f"--draw-seed: must be at least 0; got {plan.draw_seed}")


def choose_factors(plan: Plan) -> list[Factor]:
    """The ASSUMED parameters named and those of the groups (comma-separated), else all of them;
    never one that --set fixes."""
    from . import parameters
    from .sensitivity import factors_from

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
    tasks = []
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
    from .session import new_game

    for f in factors:
        for end in (f.low, f.high):
            item = f"{f.key}={format_value(f.value(end))}"
            try:
                new_game(
                    plan.scenario, seed=0, overrides=[*plan.fixed, item, f"years={plan.years}"]
                ).close()
            except BudgetError as exc:
                raise WargameError(
                    f"{f.key}: its plausible range [{f.low:g}, {f.high:g}] goes over the troop "
                    f"budget at {end:g} ({exc}); leave it out (--params, --group)"
                ) from None
            except WargameError as exc:
                raise WargameError(f"{f.key}={end:g} (its plausible range end): {exc}") from None


# -- PRIM --------------------------------------------------------------------------------------
@dataclass
class Box:
    """One box PRIM found: its limits on the restricted parameters and how good it is."""

    number: int
    limits: pd.DataFrame  # parameter, low, high, range_low, range_high, qp
    coverage: float
    density: float
    mass: float
    games: int
    trajectory: pd.DataFrame  # the peeling trajectory: coverage, density, mass, res_dim
    chosen: int  # the trajectory step the box is taken at
    meets_threshold: bool


def find_boxes(
    x: pd.DataFrame,
    y: np.ndarray,
    threshold: float,
    boxes: int = 2,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    ranges: dict[str, tuple[float, float]] | None = None,
) -> list[Box]:
    """PRIM's boxes of cases with y = 1: up to `boxes`, each taken at the step of its peeling
    trajectory with the highest coverage among those whose density reaches the threshold."""
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
            meets = len(good) > 0
            step = int(good["coverage"].idxmax()) if meets else int(trajectory["density"].idxmax())
            box.select(step)
            found.append(_box(number, box, step, meets, x, y, ranges or {}))
            if not meets:
                break
    return found


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
    meets: bool,
    x: pd.DataFrame,
    y: np.ndarray,
    ranges: dict[str, tuple[float, float]],
) -> Box:
    lims = box.box_lims[step]
    init = box.box_lims[0]
    restricted = [c for c in lims.columns if not np.allclose(lims[c], init[c])]
    qp = box.inspect(step, style="data")[0][1] if restricted else None
    limits = []
    for c in restricted:
        lo, hi = ranges.get(c, (float(x[c].min()), float(x[c].max())))
        q = math.nan
        if qp is not None and c in qp.index:
            qcols = [col for col in qp.columns if col[-1] == "qp value"]
            values = [v for v in qp.loc[c, qcols].to_numpy().ravel() if not pd.isna(v)]
            q = float(min(values)) if values else math.nan
        limits.append(
            {
                "parameter": c,
                "low": float(lims[c].iloc[0]),
                "high": float(lims[c].iloc[1]),
                "range_low": lo,
                "range_high": hi,
                "qp": q,
            }
        )
    inside = np.ones(len(x), dtype=bool)
    for c in restricted:
        inside &= (x[c] >= lims[c].iloc[0]).to_numpy() & (x[c] <= lims[c].iloc[1]).to_numpy()
    row = box.peeling_trajectory.reset_index(drop=True).iloc[step]
    return Box(
        number=number,
        limits=pd.DataFrame(limits),
        coverage=float(row["coverage"]),
        density=float(row["density"]),
        mass=float(row["mass"]),
        games=int(inside.sum()),
        trajectory=box.peeling_trajectory.reset_index(drop=True)[
            ["coverage", "density", "mass", "res_dim"]
        ],
        chosen=step,
        meets_threshold=meets,
    )


def boxes_table(found: Sequence[Box]) -> pd.DataFrame:
    """One row per box and restricted parameter: limits, the plausible range, box statistics."""
    columns = ["box", "parameter", "low", "high", "range_low", "range_high", "qp"]
    columns += ["coverage", "density", "mass", "games", "meets_threshold"]
    records = []
    for b in found:
        stats = {
            "box": b.number,
            "coverage": b.coverage,
            "density": b.density,
            "mass": b.mass,
            "games": b.games,
            "meets_threshold": b.meets_threshold,
        }
        if b.limits.empty:
            records.append({**stats, "parameter": "(no restriction)"})
        for _, lim in b.limits.iterrows():
            records.append({**stats, **lim.to_dict()})
    return pd.DataFrame(records, columns=columns)


def plot(found: Sequence[Box], threshold: float, base_rate: float) -> Any:
    """Left: each box's peeling trajectory (coverage vs density), the chosen step ringed; right:
    the boxes' limits as bars over each restricted parameter's plausible range (0-1)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 4.8), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.3])
    for b in found:
        t = b.trajectory
        colour = f"C{b.number - 1}"
        left.plot(t["coverage"], t["density"], "-o", ms=3, color=colour, label=f"box {b.number}")
        left.plot(b.coverage, b.density, "o", ms=11, mfc="none", mec="black")
    left.axhline(threshold, ls="--", color="grey", lw=0.8, label=f"threshold {threshold:.0%}")
    left.axhline(base_rate, ls=":", color="grey", lw=0.8, label=f"all games {base_rate:.0%}")
    left.set_xlabel("coverage (share of held games inside)")
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
    from .analyses import save_figure
    from .runner import run_tasks

    start = time.perf_counter()
    check_plan(plan)
    years = [f"years={format_value(plan.years)}"]
    factors = played_by(plan.scenario, [*plan.fixed, *years], choose_factors(plan))
    if not factors:
        raise WargameError("discover: none of the parameters chosen is read by this scenario")
    check_ranges(plan, factors)
    out = Path(out)
    _claim(out, plan)
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
    keys = [f.key for f in factors if f.key in rows.columns]
    y = held_for(rows, plan.years)
    ranges = {f.key: (f.low, f.high) for f in factors}
    found = find_boxes(
        rows[keys], y, plan.threshold, plan.boxes, plan.peel_alpha, plan.mass_min, ranges
    )
    table = boxes_table(found)
    base_rate = float(y.mean()) if len(y) else math.nan
    write_atomic(out / "boxes.csv", table.to_csv(index=False))
    trajectories = [b.trajectory.assign(box=b.number, step=range(len(b.trajectory))) for b in found]
    trajectory = pd.concat(trajectories, ignore_index=True) if trajectories else pd.DataFrame()
    write_atomic(out / "trajectory.csv", trajectory.to_csv(index=False))
    figure = plot(found, plan.threshold, base_rate)
    figure.suptitle(
        f"{plan.scenario} {' '.join(plan.fixed)}: where the ceasefire holds {plan.years:g} years "
        f"(PRIM, {len(rows):,} games)"
    )
    save_figure(figure, out / "discovery.png")
    seconds = time.perf_counter() - start
    summary = {
        **plan.identity(),
        "threshold": plan.threshold,
        "factors": len(factors),
        "games": len(rows),
        "held": int(y.sum()),
        "base_rate": base_rate,
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


def held_for(rows: pd.DataFrame, years: float) -> np.ndarray:
    """1 for a game whose ceasefire lasted `years` years (the games are that long)."""
    weeks = round(52 * years)
    return (rows["held"] | (rows["weeks"] >= weeks)).to_numpy(dtype=bool)


def describe(b: Box) -> str:
    """`box 1: coverage 62%, density 91%, mass 30% (240 games); a in [0.7, 1], b in [0, 0.3]`."""
    limits = "; ".join(
        f"{r['parameter']} in [{r['low']:.3g}, {r['high']:.3g}] (of {r['range_low']:.3g}-"
        f"{r['range_high']:.3g})"
        for _, r in b.limits.iterrows()
    )
    flag = "" if b.meets_threshold else " - below the threshold: the densest box PRIM found"
    return (
        f"box {b.number}: coverage {b.coverage:.0%}, density {b.density:.0%}, mass {b.mass:.0%} "
        f"({b.games} games){flag}; {limits or 'no restriction'}"
    )


def _claim(out: Path, plan: Plan) -> None:
    """Write design.json; refuse a folder that holds a run with other games (a resume must match)."""
    path = out / "design.json"
    if out.exists() and not out.is_dir():
        raise WargameError(f"--out {out}: is a file; give a folder")
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise WargameError(f"{path}: unreadable; delete the folder to start over") from None
        if old != plan.identity():
            differ = sorted(k for k in plan.identity() if old.get(k) != plan.identity()[k])
            raise WargameError(
                f"--out {out}: holds a discovery run with other {', '.join(differ)}; "
                "give the same options to resume it, or another --out"
            )
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(plan.identity(), indent=2))
