"""Dial liveness: does each declared parameter change any game? Paired games at both ends.

For every declared parameter (`wargame.config.parameters`), the scenario is played on the same K seeds
at each end of the parameter's plausible range (or its allowed bounds; both values of a bool;
every choice of a choice). A dial *moves* an outcome when some seed's game differs between
ends; the table gives, per outcome, the largest difference of the means between ends and how
many of the K paired games came out identical on every outcome. A dial that moves none of the
game's CONSEQUENCES (how long it held, casualties, nations that left, will, escalation) is
*dead* in that scenario, even if it moves bookkeeping such as the count of attributions; a
dead dial needs a declared `inert` reason (parameters.yaml), and a reason declared for a dial
that does move is *stale* (`stale_reasons`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wargame.batch.sweep import GameTask, derive_seed, format_value, game_key
from wargame.errors import WargameError

SEED_LABEL = "dials"
# The settings sections whose parameters are the documented dials (README: the Coalition's
# dials, plus Russia's and Ukraine's settings); policies' and nations' parameters are not.
DIAL_SECTIONS = ("posture", "us", "monitor", "coalition", "russia", "ukraine")
# Outcome columns of a game's row compared between the ends of a dial.
OUTCOMES = (
    "held",
    "weeks",
    "casualties_coalition",
    "casualties_ukraine",
    "casualties_russia",
    "incidents_total",
    "hybrid_attacks",
    "attributed",
    "tripwires",
    "nations_left_count",
    "will_end",
    "escalation_max",
)
# The outcomes that are the game's consequences; the others (incidents, hybrid attacks,
# attributions, tripwires) are bookkeeping: a dial that moves only those changes what is
# counted, not how the game ends, who is hurt, who leaves or how far it escalates.
CONSEQUENCES = (
    "held",
    "weeks",
    "casualties_coalition",
    "casualties_ukraine",
    "casualties_russia",
    "nations_left_count",
    "will_end",
    "escalation_max",
)


@dataclass(frozen=True)
class DialPlan:
    """Which scenario and dials, on how many paired seeds."""

    scenario: str = "default"
    seeds: int = 8
    base_seed: int = 0
    years: float | None = None
    fixed: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    group: str | None = None


def ends_of(param: Any) -> list[Any]:
    """The values a dial is played at: its range's two ends, both bools, or every choice."""
    if param.kind == "bool":
        return [False, True]
    if param.kind == "choice":
        return list(param.choices)
    low = param.low if param.low is not None else param.minimum
    high = param.high if param.high is not None else param.maximum
    if low is None or high is None or not math.isfinite(low) or not math.isfinite(high):
        return []
    if param.kind == "int":
        low, high = round(low), round(high)
    return [low, high] if low != high else []


def documented_dials(parameters: Sequence[Any] | None = None) -> list[Any]:
    """The README's dials: declared settings under DIAL_SECTIONS (no policy or nation fields)."""
    if parameters is None:
        from wargame.batch.sensitivity_run import load_parameters

        parameters = load_parameters(assumed_only=False)
    return [p for p in parameters if p.key.split(".", 1)[0] in DIAL_SECTIONS]


def choose(plan: DialPlan, parameters: Sequence[Any]) -> list[Any]:
    """The parameters to test: those named, or a group's, or all."""
    params = list(parameters)
    if plan.params:
        by_key = {p.key: p for p in params}
        unknown = [k for k in plan.params if k not in by_key]
        if unknown:
            raise WargameError(f"--params: {unknown[0]} is not a declared parameter")
        params = [by_key[k] for k in plan.params]
    if plan.group:
        groups = sorted({p.group for p in params})
        params = [p for p in params if p.group == plan.group]
        if not params:
            raise WargameError(f"--group {plan.group}: no such group; groups: {', '.join(groups)}")
    return params


def inert_reason(param: Any, scenario: str) -> str:
    """Why a dial may change nothing in this scenario, if its declaration says so.

    A declaration may carry `inert`: a mapping from scenario name (or "*") to a reason, e.g.
    {"no_guarantee": "no coalition force to caveat"}; without one, a dial that moves nothing is
    a finding (see `dead_without_reason`).
    """
    inert = getattr(param, "inert", None) or {}
    name = scenario.rsplit("/", 1)[-1].removesuffix(".yaml")
    return str(inert.get(name) or inert.get("*") or "")


def dead_without_reason(table: pd.DataFrame) -> list[str]:
    """Dials that changed no consequence of any game and whose declaration gives no reason why."""
    dead = table[(table["consequential"] == False) & (table["inert_reason"] == "")]  # noqa: E712
    return dead["parameter"].tolist()


def stale_reasons(table: pd.DataFrame) -> list[str]:
    """Dials declared inert in this scenario that did change a consequence of some game."""
    stale = table[(table["consequential"] == True) & (table["inert_reason"] != "")]  # noqa: E712
    return stale["parameter"].tolist()


def _years(plan: DialPlan) -> list[str]:
    return [f"years={format_value(plan.years)}"] if plan.years is not None else []


def refusal(plan: DialPlan, key: str, value: Any) -> str:
    """Why the scenario refuses this value (over budget, out of bounds), or '' if it takes it."""
    from wargame.play.session import new_game

    item = f"{key}={format_value(value)}"
    try:
        new_game(plan.scenario, seed=0, overrides=[*plan.fixed, item, *_years(plan)]).close()
    except WargameError as exc:
        return str(exc)
    return ""


def tasks_of(plan: DialPlan, values: list[tuple[str, Any]]) -> list[GameTask]:
    """One game per (dial, value) and seed; cell i is values[i]; every cell the same seeds."""
    seeds = [derive_seed(plan.base_seed, SEED_LABEL, r) for r in range(plan.seeds)]
    tasks: list[GameTask] = []
    for cell, (key, value) in enumerate(values):
        overrides = (*plan.fixed, f"{key}={format_value(value)}", *_years(plan))
        for r, seed in enumerate(seeds):
            tasks.append(
                GameTask(
                    index=len(tasks),
                    cell=cell,
                    replicate=r,
                    scenario=plan.scenario,
                    seed=seed,
                    overrides=overrides,
                    settings=(),
                    policies=(),
                    key=game_key(plan.scenario, seed, overrides),
                )
            )
    return tasks


def run_dials(
    plan: DialPlan,
    parameters: Sequence[Any] | None = None,
    *,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Play every dial at its ends on paired seeds; one row per dial (see dial_table)."""
    from wargame.batch.runner import run_tasks
    from wargame.batch.sensitivity_run import load_parameters, play_points

    if plan.seeds < 1:
        raise WargameError(f"--seeds: must be at least 1; got {plan.seeds}")
    if parameters is None:
        parameters = load_parameters(assumed_only=False)
    dials = choose(plan, parameters)
    values: list[tuple[str, Any]] = []
    refused: dict[str, list[str]] = {}
    for p in dials:
        for v in ends_of(p):
            why = refusal(plan, p.key, v)
            if why:
                refused.setdefault(p.key, []).append(f"{format_value(v)}: {why}")
            else:
                values.append((p.key, v))
    rows, _, _, _ = run_tasks(
        tasks_of(plan, values),
        None,
        workers=workers,
        dask=dask,
        progress=progress,
        play=play_points,
        label="dials",
    )
    return _table(plan, dials, values, rows, refused)


def confirm_dead(
    plan: DialPlan,
    table: pd.DataFrame,
    parameters: Sequence[Any],
    *,
    years: float | None = None,
    seeds: int = 4,
    workers: int | None = 1,
) -> pd.DataFrame:
    """Replay the dials dead without a reason in longer games on more seeds; the table updated.

    A mechanism may act only late (a ceiling reached after years) or rarely (a nation leaving):
    a short first pass may miss it, so before a dial is called dead it is played again over
    `years` (None: the scenario's own horizon).
    """
    suspects = dead_without_reason(table)
    if not suspects:
        return table
    longer = DialPlan(plan.scenario, seeds, plan.base_seed, years, plan.fixed, tuple(suspects))
    again = run_dials(longer, parameters, workers=workers, progress=False).set_index("parameter")
    out = table.set_index("parameter")
    for column in again.columns:
        out[column] = out[column].astype(object)
        out.loc[again.index, column] = again[column]
    return out.reset_index()


def _table(plan, dials, values, rows: pd.DataFrame, refused: dict[str, list[str]]) -> pd.DataFrame:
    rows = rows.assign(**{c: rows[c].astype(float) for c in OUTCOMES})
    out = []
    for p in dials:
        cells = [i for i, (k, _) in enumerate(values) if k == p.key]
        entry: dict[str, Any] = {
            "parameter": p.key,
            "group": p.group,
            "values": ", ".join(format_value(values[i][1]) for i in cells),
            "games": len(cells) * plan.seeds,
            "refused": "; ".join(refused.get(p.key, [])),
            "inert_reason": inert_reason(p, plan.scenario),
        }
        if len(cells) < 2:
            entry.update(moved=None, consequential=None, identical_seeds=None, moves="")
            entry.update({f"d_{c}": math.nan for c in OUTCOMES})
            out.append(entry)
            continue
        per_cell = [
            rows[rows["cell"] == i].sort_values("replicate")[list(OUTCOMES)].to_numpy(float)
            for i in cells
        ]
        spread = pd.Series(
            np.nanmax([t.mean(axis=0) for t in per_cell], axis=0)
            - np.nanmin([t.mean(axis=0) for t in per_cell], axis=0),
            index=list(OUTCOMES),
        )
        # equal per game and outcome (NaN, e.g. a will never measured, equals NaN)
        equal = [np.isclose(t, per_cell[0], rtol=0, atol=0, equal_nan=True) for t in per_cell[1:]]
        same = np.all(equal, axis=(0, 2)) if equal else np.ones(plan.seeds, bool)
        moved_cols = [c for j, c in enumerate(OUTCOMES) if not all(e[:, j].all() for e in equal)]
        entry.update(
            moved=bool(moved_cols),
            consequential=any(c in CONSEQUENCES for c in moved_cols),
            identical_seeds=int(sum(same)),
            moves=",".join(moved_cols),
        )
        entry.update({f"d_{c}": float(spread[c]) for c in OUTCOMES})
        out.append(entry)
    return pd.DataFrame(out)


def dial_table(table: pd.DataFrame, plan: DialPlan) -> str:
    """The table as text: dials that move nothing first, then by how much each moved."""
    lines = [
        f"{plan.scenario}: {len(table)} dials, {plan.seeds} paired seeds at each end "
        "(d = largest difference of means between ends)"
    ]
    rank = table["moved"].map({False: 0, True: 2}).fillna(3)
    rank = rank.where(~((table["moved"] == True) & (table["consequential"] == False)), 1)  # noqa: E712
    order = table.assign(_m=rank).sort_values(["_m", "parameter"])
    for _, r in order.iterrows():
        if r["moved"] is None or (isinstance(r["moved"], float) and math.isnan(r["moved"])):
            state = "NOT PLAYED" + (f" (refused {r['refused']})" if r["refused"] else "")
            lines.append(f"  {r['parameter']:45s} {state}")
            continue
        if not r["moved"]:
            why = f" - declared inert: {r['inert_reason']}" if r["inert_reason"] else ""
            lines.append(
                f"  {r['parameter']:45s} MOVES NOTHING: all {int(r['identical_seeds'])}/{plan.seeds} "
                f"games identical at {r['values']}{why}"
            )
            continue
        why = f" - declared inert: {r['inert_reason']}" if r["inert_reason"] else ""
        if not r["consequential"]:
            lines.append(
                f"  {r['parameter']:45s} MOVES NO CONSEQUENCE: only {r['moves']} "
                f"({int(r['identical_seeds'])}/{plan.seeds} games identical){why}"
            )
            continue
        if r["inert_reason"]:
            why = f" - STALE: declared inert ({r['inert_reason']}) but it moved"
        top = sorted(
            ((c, r[f"d_{c}"]) for c in OUTCOMES if r[f"d_{c}"] > 0), key=lambda x: -abs(x[1])
        )[:4]
        moves = ", ".join(f"{c} {d:.3g}" for c, d in top) or "(games differ, means equal)"
        lines.append(
            f"  {r['parameter']:45s} {int(r['identical_seeds'])}/{plan.seeds} identical; d: {moves}{why}"
        )
    dead, stale = dead_without_reason(table), stale_reasons(table)
    if dead:
        lines.append(f"dead without a declared reason: {', '.join(dead)}")
    if stale:
        lines.append(f"declared inert here but moved (stale reason): {', '.join(stale)}")
    return "\n".join(lines)
