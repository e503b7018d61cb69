"""Experiment 4 (hybrid_home.yaml): hybrid pressure and casualties at home."""

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
    ci_text,
    groups,
    label_of,
    mean_ci,
    share,
    triple,
    week_text,
)


def hybrid_home(rows: pd.DataFrame, series: pd.DataFrame | None, _params: dict) -> Analysis:
    """Coalition will over time, which nations leave and when, when the mission ends."""
    keys = [c for c in rows.columns if c.startswith("policy.")]
    keys += ["russia.hybrid_per_week", "us.commitment"]
    grouped = groups(rows, keys)
    records = []
    for key, g in grouped:
        rec: dict[str, Any] = dict(zip([k for k in keys if k in rows], key, strict=True))
        rec["games"] = len(g)
        rec["hybrid_attacks_mean"] = float(g["hybrid_attacks"].mean())
        rec["casualties_coalition_mean"] = float(g["casualties_coalition"].mean())
        for col in [c for c in g.columns if c.startswith("will_week")]:
            rec[f"{col}_mean"], rec[f"{col}_low"], rec[f"{col}_high"] = mean_ci(g[col])
        rec["nations_left_mean"] = float(g["nations_left_count"].mean())
        rec["leavers"] = _leavers(g)
        first = g.loc[g["first_nation_left_week"] >= 0, "first_nation_left_week"]
        rec["first_exit_median_week"] = float(first.median()) if len(first) else math.nan
        ended = g[~g["held"]]
        rec["mission_ended"], rec["mission_ended_low"], rec["mission_ended_high"] = share(
            ~g["held"]
        )
        rec["end_median_week"] = float(ended["weeks"].median()) if len(ended) else math.nan
        rec["end_causes"] = causes(g)
        records.append(rec)
    table = pd.DataFrame(records)
    fig = Figure(figsize=(14, 5.5), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    _will_curves(left, rows, series, grouped)
    _leaver_map(right, rows, grouped)
    fig.suptitle("Hybrid pressure and casualties at home")
    return Analysis(table, fig, _hybrid_reading(table))


def _leavers(g: pd.DataFrame) -> str:
    counts: dict[str, int] = {}
    for text in g["nations_left"]:
        for code in filter(None, str(text).split(",")):
            counts[code] = counts.get(code, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{c} {n / len(g):.0%}" for c, n in top)


def _will_curves(ax: Any, rows: pd.DataFrame, series: pd.DataFrame | None, grouped: list) -> None:
    ax.set_xlabel("years")
    ax.set_ylabel("coalition mean will (games still running; 95% CI)")
    if series is None or series.empty:
        ax.text(0.5, 0.5, "no weekly series", ha="center", transform=ax.transAxes)
        return
    for key, g in grouped:
        weekly = series[series["game"].isin(g["game"])]
        stats = weekly.groupby("week")["coalition_will"].agg(["mean", "std", "count"])
        half = 1.96 * stats["std"].fillna(0) / np.sqrt(stats["count"])
        x = stats.index / YEAR
        ax.plot(x, stats["mean"], label=label_of(key), lw=1.2)
        ax.fill_between(x, stats["mean"] - half, stats["mean"] + half, alpha=0.15)
    ax.legend(fontsize=7, ncol=2)


def _leaver_map(ax: Any, rows: pd.DataFrame, grouped: list) -> None:
    codes = sorted({c for t in rows["nations_left"] for c in str(t).split(",") if c})
    if not codes:
        ax.text(0.5, 0.5, "no nation left in any game", ha="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    grid = np.array(
        [
            [g["nations_left"].str.split(",").apply(lambda xs, c=c: c in xs).mean() for c in codes]
            for _, g in grouped
        ]
    )
    im = ax.imshow(grid, aspect="auto", cmap="Reds", vmin=0, vmax=1)
    ax.set_xticks(range(len(codes)), codes, fontsize=8)
    ax.set_yticks(range(len(grouped)), [label_of(k) for k, _ in grouped], fontsize=7)
    ax.set_title("share of games in which each nation left", fontsize=9)
    ax.figure.colorbar(im, ax=ax, shrink=0.8)


def _hybrid_reading(table: pd.DataFrame) -> list[str]:
    if table.empty:
        return ["No games."]
    lines = []
    will_cols = [c for c in table.columns if c.startswith("will_week") and c.endswith("_mean")]
    if "russia.hybrid_per_week" in table:
        for col in will_cols:
            by = table.groupby("russia.hybrid_per_week")[col].mean()
            if by.isna().all():
                continue
            week = col.removeprefix("will_week").removesuffix("_mean")
            lines.append(
                f"Mean coalition will at week {week} (games still running), by hybrid attacks a "
                "week: " + "; ".join(f"{k}: {_num(v)}" for k, v in by.items()) + "."
            )
    exits = table.groupby("russia.hybrid_per_week")["nations_left_mean"].mean()
    lines.append(
        "Nations leaving per game, by hybrid attacks a week: "
        + "; ".join(f"{k}: {v:.1f}" for k, v in exits.items())
        + "."
    )
    worst = table.sort_values("mission_ended", ascending=False).iloc[0]
    keys = [c for c in table.columns if c.startswith("policy.")]
    keys += ["russia.hybrid_per_week", "us.commitment"]
    lines.append(
        f"The mission ends most often under {label_of(worst[keys])}: "
        f"{ci_text(triple(worst, 'mission_ended'))} of games, median week "
        f"{week_text(worst['end_median_week'])}; nations leaving there: "
        f"{worst['leavers'] or 'none'}."
    )
    return lines


def _num(x: float) -> str:
    """0.4567 -> '0.46'; NaN -> '- (none running)'."""
    return "- (none running)" if pd.isna(x) else f"{x:.2f}"
