"""Experiment 1 (posture_budget.yaml): posture versus troop budget."""

from __future__ import annotations

from typing import Any

import numpy as np
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
    label_of,
    mean_ci,
    pct,
    triple,
)


def posture_budget(rows: pd.DataFrame, _series: Any, _params: dict[str, Any]) -> Analysis:
    """Survival at 1/5/10 years, casualties and troop-years per option x spacing x response."""
    keys = ["posture.option", "posture.spacing", "posture.response"]
    points = checkpoints(rows)
    records = []
    for key, g in groups(rows, keys):
        rec: dict[str, Any] = dict(zip(keys, key, strict=True))
        rec.update(
            games=len(g),
            rotation_factor=int(g["rotation_factor"].iloc[0]),
            troops_deployed=int(g["troops_deployed"].iloc[0]),
            troops_committed=int(g["troops_committed"].iloc[0]),
            troop_budget=int(g["troop_budget"].iloc[0]),
        )
        for name, week in points:
            rec[f"survival_{name}"], rec[f"survival_{name}_low"], rec[f"survival_{name}_high"] = (
                alive_share(g, week)
            )
        for col in ("casualties_coalition", "casualties_ukraine", "troop_years"):
            rec[f"{col}_mean"], rec[f"{col}_low"], rec[f"{col}_high"] = mean_ci(g[col])
        rec["end_causes"] = causes(g)
        records.append(rec)
    table = pd.DataFrame(records)
    last = points[-1][0]
    fig = Figure(figsize=(13, 0.42 * len(table) + 2.2), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    labels = [label_of(k) for k, _ in groups(rows, keys)]
    y = np.arange(len(labels))
    for i, (name, _) in enumerate(points):
        vals = list(
            zip(
                table[f"survival_{name}"],
                table[f"survival_{name}_low"],
                table[f"survival_{name}_high"],
                strict=True,
            )
        )
        axes[0].errorbar(
            [v[0] for v in vals],
            y + (i - 1) * 0.22,
            xerr=errbars(vals),
            fmt="o",
            capsize=2,
            label=f"survives {name}",
        )
    axes[0].set_yticks(y, labels, fontsize=8)
    axes[0].invert_yaxis()
    axes[0].set_xlim(-0.05, 1.05)
    axes[0].set_xlabel("share of games the ceasefire survives (95% Wilson)")
    axes[0].legend(fontsize=8, loc="lower right")
    for ax, col, title in (
        (axes[1], "troop_years", "thousand troop-years committed (rotation included)"),
        (axes[2], "casualties_coalition", "coalition casualties per game"),
    ):
        vals = list(
            zip(table[f"{col}_mean"], table[f"{col}_low"], table[f"{col}_high"], strict=True)
        )
        scale = 1000.0 if col == "troop_years" else 1.0
        vals = [(a / scale, b / scale, c / scale) for a, b, c in vals]
        ax.barh(y, [v[0] for v in vals], xerr=errbars(vals), capsize=3, color="tab:gray")
        ax.set_xlabel(title)
    fig.suptitle("Posture versus troop budget (US C4ISR only)")
    return Analysis(table, fig, _posture_reading(table, last))


def _posture_reading(table: pd.DataFrame, last: str) -> list[str]:
    if table.empty:
        return ["No games."]
    col = f"survival_{last}"
    ranked = table.sort_values([col, "troop_years_mean"], ascending=[False, True])
    best = ranked.iloc[0]
    good = table[table[col] >= best[f"{col}_low"]].sort_values("troop_years_mean")
    cheap = good.iloc[0]
    lines = [
        f"Best survival to {last}: {_posture(best)} - {ci_text(triple(best, col))} of games, "
        f"{best['troops_deployed']:,} deployed ({best['troops_committed']:,} committed at "
        f"x{best['rotation_factor']}), {best['troop_years_mean']:,.0f} troop-years and "
        f"{best['casualties_coalition_mean']:,.0f} coalition casualties per game.",
        f"Cheapest posture within the best one's interval: {_posture(cheap)} - "
        f"{pct(cheap[col])} survive {last} for {cheap['troop_years_mean']:,.0f} troop-years.",
    ]
    by_response = table.groupby("posture.response")[col].mean()
    if {"denial", "punishment"} <= set(by_response.index):
        lines.append(
            f"Averaged over options and spacings, denial games survive {last} in "
            f"{pct(by_response['denial'])} of cases, punishment games in "
            f"{pct(by_response['punishment'])}."
        )
    fitted = table[table["rotation_factor"] < table["rotation_factor"].max()]
    for _, r in fitted.drop_duplicates(["posture.option", "posture.spacing"]).iterrows():
        lines.append(
            f"{r['posture.option']}/{r['posture.spacing']} fits the {r['troop_budget']:,} budget "
            f"only at rotation x{r['rotation_factor']} ({r['troops_committed']:,} committed)."
        )
    return lines


def _posture(r: pd.Series) -> str:
    return f"{r['posture.option']}/{r['posture.spacing']}/{r['posture.response']}"
