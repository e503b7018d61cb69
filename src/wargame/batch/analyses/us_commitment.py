"""Experiment 2 (us_commitment.yaml): US commitment, by Kaplan-Meier survival."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wargame.batch.analyses.common import (
    YEAR,
    Analysis,
    causes,
    checkpoints,
    ci_text,
    groups,
    kaplan_meier,
    km_at,
    triple,
)


def us_commitment(rows: pd.DataFrame, _series: Any, _params: dict[str, Any]) -> Analysis:
    """Kaplan-Meier survival per scenario and US commitment, with 1/5/10-year survival."""
    points = checkpoints(rows)
    scenarios = list(dict.fromkeys(rows["scenario"]))
    fig = Figure(figsize=(6 * len(scenarios), 4.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(scenarios), sharey=True))
    records = []
    for ax, scenario in zip(axes, scenarios, strict=True):
        for (us,), g in groups(rows[rows["scenario"] == scenario], ["us.commitment"]):
            kmf = kaplan_meier(g.assign(weeks=g["weeks"] / YEAR), str(us))
            kmf.plot_survival_function(ax=ax, ci_show=True)
            rec: dict[str, Any] = {
                "scenario": scenario,
                "us.commitment": us,
                "games": len(g),
                "failed": int((~g["held"]).sum()),
            }
            kmf_weeks = kaplan_meier(g, str(us))
            for name, week in points:
                s, low, high = km_at(kmf_weeks, week)
                rec.update({f"km_{name}": s, f"km_{name}_low": low, f"km_{name}_high": high})
            median = kmf_weeks.median_survival_time_
            rec["median_weeks"] = float(median) if np.isfinite(median) else math.nan
            rec["end_causes"] = causes(g)
            records.append(rec)
        ax.set_title(scenario)
        ax.set_xlabel("years")
        ax.set_ylim(-0.02, 1.02)
    axes[0].set_ylabel("share of ceasefires still holding (Kaplan-Meier, 95% CI)")
    fig.suptitle("US commitment and the ceasefire's survival")
    table = pd.DataFrame(records)
    return Analysis(table, fig, _us_reading(table, points[-1][0]))


def _us_reading(table: pd.DataFrame, last: str) -> list[str]:
    lines = []
    for scenario, g in table.groupby("scenario", sort=False):
        parts = [
            f"{r['us.commitment']} {ci_text(triple(r, f'km_{last}'))}" for _, r in g.iterrows()
        ]
        lines.append(f"{scenario}: survival to {last} (Kaplan-Meier) - " + "; ".join(parts) + ".")
        medians = [
            f"{r['us.commitment']} {r['median_weeks'] / YEAR:.1f} years"
            for _, r in g.iterrows()
            if not pd.isna(r["median_weeks"])
        ]
        if medians:
            lines.append(f"{scenario}: median survival - " + "; ".join(medians) + ".")
    return lines
