"""Experiment 7 (backstop_weight.yaml, analysis `sensitivity`): how much an answer rests on
one ASSUMED dial."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from wargame.batch.analyses.common import (
    Analysis,
    alive_share,
    causes,
    checkpoints,
    ci_text,
    errbars,
    groups,
    pct,
    triple,
)


def sensitivity(rows: pd.DataFrame, _series: Any, params: dict[str, Any]) -> Analysis:
    """Survival per scenario as one ASSUMED dial (`params.dial`) moves away from its default."""
    dial = str(params["dial"])
    if dial not in rows.columns:
        raise ValueError(f"the sweep does not vary the dial {dial!r} its params name")
    target = float(params.get("target", 0.8))
    points = checkpoints(rows)
    last_name = points[-1][0]
    records = []
    for (scenario, value), g in groups(rows, ["scenario", dial]):
        rec: dict[str, Any] = {"scenario": scenario, dial: value, "games": len(g)}
        for name, week in points:
            s, low, high = alive_share(g, week)
            rec.update({f"survival_{name}": s, f"survival_{name}_low": low})
            rec[f"survival_{name}_high"] = high
        rec["large_scale_per_game"] = float(g["incidents_level3"].mean())
        rec["end_causes"] = causes(g)
        records.append(rec)
    table = pd.DataFrame(records).sort_values(["scenario", dial], kind="stable")
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    col = f"survival_{last_name}"
    for scenario, g in table.groupby("scenario", sort=False):
        vals = list(zip(g[col], g[f"{col}_low"], g[f"{col}_high"], strict=True))
        ax.errorbar(g[dial], g[col], yerr=errbars(vals), capsize=3, marker="o", label=scenario)
    if "default" in params:
        ax.axvline(float(params["default"]), color="grey", linestyle="--", label="default")
    ax.axhline(target, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlabel(dial)
    ax.set_ylabel(f"share of ceasefires surviving {last_name} (95% CI)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=8)
    fig.suptitle(f"How the answer moves with {dial}")
    return Analysis(table, fig, _sensitivity_reading(table, dial, col, last_name, target))


def _sensitivity_reading(
    table: pd.DataFrame, dial: str, col: str, last: str, target: float
) -> list[str]:
    lines = []
    for scenario, g in table.groupby("scenario", sort=False):
        parts = [f"{r[dial]:g}: {ci_text(triple(r, col))}" for _, r in g.iterrows()]
        lines.append(f"{scenario}: survival to {last} by {dial} - " + "; ".join(parts) + ".")
        holding = list(g[col] >= target)
        # the lowest value from which every larger value of the dial still reaches the target
        lowest = None
        for value, ok in zip(reversed(list(g[dial])), reversed(holding), strict=True):
            if not ok:
                break
            lowest = value
        if lowest is None:
            lines.append(f"{scenario}: no value of {dial} tried reaches {pct(target)} survival.")
        else:
            lines.append(
                f"{scenario}: survival stays at {pct(target)} or more for {dial} >= {lowest:g}."
            )
    return lines
