"""Experiment 6 (ukraine_capacity.yaml): Ukraine's growing capacity."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from wargame.batch.analyses.common import (
    YEAR,
    Analysis,
    alive_share,
    errbars,
    groups,
    horizon,
    pct,
)


def ukraine_capacity(rows: pd.DataFrame, _series: Any, params: dict[str, Any]) -> Analysis:
    """The smallest force that keeps the ceasefire to the end of each year, per capacity growth."""
    target = float(params.get("target", 0.8))
    h = horizon(rows)
    years: list[float] = list(range(1, h // YEAR + 1)) or [h / YEAR]
    surv = []
    for (cap, option), g in groups(rows, ["ukraine.capacity_growth", "posture.option"]):
        troops = int(g["troops_deployed"].iloc[0])
        for year in years:
            s, low, high = alive_share(g, round(year * YEAR))
            surv.append((cap, option, troops, year, s, low, high))
    survival = pd.DataFrame(
        surv, columns=["capacity_growth", "option", "troops_deployed", "year", "s", "low", "high"]
    )
    needed = []
    for (cap, year), g in survival.groupby(["capacity_growth", "year"], sort=True):
        ok = g[g["s"] >= target].sort_values("troops_deployed")
        first = ok.iloc[0] if len(ok) else None
        needed.append(
            {
                "capacity_growth": cap,
                "year": year,
                "needed_troops": math.nan if first is None else int(first["troops_deployed"]),
                "needed_option": "more than any option" if first is None else first["option"],
                "survival_of_needed": math.nan if first is None else first["s"],
            }
        )
    needed_frame = pd.DataFrame(needed)
    table = survival.merge(needed_frame, on=["capacity_growth", "year"], how="left")
    top = int(survival["troops_deployed"].max()) if len(survival) else 0
    fig = Figure(figsize=(13, 4.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    for cap, g in needed_frame.groupby("capacity_growth", sort=True):
        y = g["needed_troops"].fillna(top * 1.15)
        left.step(g["year"], y, where="mid", marker="o", label=f"capacity growth {cap:g}")
    left.axhline(top * 1.15, color="gray", ls=":", lw=0.8)
    left.text(years[0], top * 1.17, "no option is enough", fontsize=8, color="gray")
    left.set_xlabel("year of the ceasefire")
    left.set_ylabel(f"smallest force (troops deployed) with >= {target:.0%} survival")
    left.legend(fontsize=8)
    for cap, g in survival[survival["year"] == years[-1]].groupby("capacity_growth", sort=True):
        vals = list(zip(g["s"], g["low"], g["high"], strict=True))
        right.errorbar(
            g["troops_deployed"] / 1000,
            g["s"],
            yerr=errbars(vals),
            marker="o",
            capsize=3,
            label=f"capacity growth {cap:g}",
        )
    right.set_xlabel("coalition troops deployed (thousands)")
    right.set_ylabel(f"share surviving {years[-1]:g} years (95% Wilson)")
    right.set_ylim(-0.05, 1.05)
    right.legend(fontsize=8)
    fig.suptitle("Ukraine's growing capacity and the coalition's needed contribution (US C4ISR)")
    return Analysis(table, fig, _capacity_reading(needed_frame, survival, target))


def _capacity_reading(needed: pd.DataFrame, survival: pd.DataFrame, target: float) -> list[str]:
    if needed.empty:
        return ["No games."]
    lines = []
    last = needed["year"].max()
    for cap, g in needed.groupby("capacity_growth", sort=True):
        steps = []
        previous = None
        for _, r in g.iterrows():
            text = (
                "more than any option"
                if pd.isna(r["needed_troops"])
                else f"{int(r['needed_troops']):,} ({r['needed_option']})"
            )
            if text != previous:
                steps.append(f"year {r['year']:g}: {text}")
                previous = text
        lines.append(
            f"Capacity growth {cap:g}: the smallest force with >= {target:.0%} survival - "
            + "; ".join(steps)
            + "."
        )
    end = survival[survival["year"] == last]
    for option, g in end.groupby("option", sort=False):
        parts = [f"growth {r['capacity_growth']:g}: {pct(r['s'])}" for _, r in g.iterrows()]
        lines.append(f"{option}: survival to year {last:g} - " + "; ".join(parts) + ".")
    return lines
