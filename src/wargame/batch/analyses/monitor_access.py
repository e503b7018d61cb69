"""Experiment 5 (monitor_access.yaml): the monitor's access."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from wargame.batch.analyses.common import (
    Analysis,
    alive_share,
    checkpoints,
    ci_text,
    groups,
    hbar,
    label_of,
    mean_ci,
    pct,
    triple,
)


def monitor_access(rows: pd.DataFrame, _series: Any, _params: dict[str, Any]) -> Analysis:
    """Time to attribution, wrong attributions and survival, both sides vs Ukrainian side only."""
    keys = ["monitor.access", "us.commitment"]
    last_name, last_week = checkpoints(rows)[-1]
    records = []
    for key, g in groups(rows, keys):
        rec: dict[str, Any] = dict(zip(keys, key, strict=True))
        rec["games"] = len(g)
        rec["attribution_weeks"], rec["attribution_weeks_low"], rec["attribution_weeks_high"] = (
            mean_ci(g["attribution_mean_weeks"])
        )
        wrong = g["attributed_wrong"] / g["attributed"].where(g["attributed"] > 0)
        rec["wrong_share"], rec["wrong_share_low"], rec["wrong_share_high"] = mean_ci(wrong)
        rec["attributed_per_game"] = float(g["attributed"].mean())
        rec["survival"], rec["survival_low"], rec["survival_high"] = alive_share(g, last_week)
        rec["survival_at"] = last_name
        rec["weeks_mean"] = float(g["weeks"].mean())
        records.append(rec)
    table = pd.DataFrame(records)
    labels = [label_of(k) for k, _ in groups(rows, keys)]
    fig = Figure(figsize=(14, 0.4 * len(labels) + 2.5), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    colors = ["tab:blue" if a == "both_sides" else "tab:orange" for a in table["monitor.access"]]
    for ax, col, title in (
        (axes[0], "attribution_weeks", "weeks from incident to attribution"),
        (axes[1], "wrong_share", "share of attributions naming the wrong side"),
        (axes[2], "survival", f"share of ceasefires surviving {last_name}"),
    ):
        vals = list(zip(table[col], table[f"{col}_low"], table[f"{col}_high"], strict=True))
        hbar(ax, labels, vals, color=colors)
        ax.set_xlabel(title + " (95% CI)")
    fig.suptitle("Monitoring access: both sides (blue) or the Ukrainian side only (orange)")
    return Analysis(table, fig, _monitor_reading(table, last_name))


def _monitor_reading(table: pd.DataFrame, last: str) -> list[str]:
    if table.empty:
        return ["No games."]
    by = table.groupby("monitor.access")[["attribution_weeks", "wrong_share", "survival"]].mean()
    lines = []
    if {"both_sides", "ukrainian_side"} <= set(by.index):
        b, u = by.loc["both_sides"], by.loc["ukrainian_side"]
        lines.append(
            f"Attribution takes {b['attribution_weeks']:.1f} weeks with access to both sides and "
            f"{u['attribution_weeks']:.1f} with the Ukrainian side only; "
            f"{pct(b['wrong_share'])} versus {pct(u['wrong_share'])} of attributions name the "
            f"wrong side."
        )
    for us, g in table.groupby("us.commitment", sort=False):
        parts = [f"{r['monitor.access']} {ci_text(triple(r, 'survival'))}" for _, r in g.iterrows()]
        lines.append(f"US {us}: survival to {last} - " + "; ".join(parts) + ".")
    return lines
