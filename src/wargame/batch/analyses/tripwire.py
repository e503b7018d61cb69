"""Experiment 3 (tripwire.yaml): what follows an attack on the tripwire."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wargame.batch.analyses.common import (
    Analysis,
    causes,
    ci_text,
    groups,
    hbar,
    label_of,
    pct,
    share,
    triple,
    week_text,
)

FOLLOWUPS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "reinforced (denial)": lambda p: p["tripwire_response"] == "denial",
    "struck back (punishment)": lambda p: p["tripwire_response"] == "punishment",
    "a nation left": lambda p: p["tripwire_nations_left"] > 0,
    "escalation ended it": lambda p: p["tripwire_end"] == "uncontrollable_escalation",
    "ceasefire collapsed": lambda p: p["tripwire_end"] == "ceasefire_collapsed",
    "coalition withdrew": lambda p: p["tripwire_end"] == "coalition_withdrawn",
}


def tripwire(rows: pd.DataFrame, _series: Any, _params: dict[str, Any]) -> Analysis:
    """How often the tripwire is pulled per posture and what follows within 26 weeks."""
    keys = ["posture.option", "us.commitment"]
    records = []
    for key, g in groups(rows, keys):
        pulled = g[g["tripwires"] > 0]
        rec: dict[str, Any] = dict(zip(keys, key, strict=True))
        rec["games"] = len(g)
        rec["pulled"], rec["pulled_low"], rec["pulled_high"] = share(g["tripwires"] > 0)
        rec["tripwires_mean"] = float(g["tripwires"].mean())
        rec["first_pull_median_week"] = (
            float(pulled["tripwire_week"].median()) if len(pulled) else math.nan
        )
        for name, test in FOLLOWUPS.items():
            rec[f"after: {name}"] = share(test(pulled))[0] if len(pulled) else math.nan
        withdrawn = g["end_cause"] == "coalition_withdrawn"
        rec["withdrawn"] = float(withdrawn.mean())
        rec["withdrawn_without_pull"] = float((withdrawn & (g["tripwires"] == 0)).mean())
        rec["withdrawal_median_week"] = (
            float(g.loc[withdrawn, "weeks"].median()) if withdrawn.any() else math.nan
        )
        rec["end_causes"] = causes(g)
        records.append(rec)
    table = pd.DataFrame(records)
    labels = [label_of(k) for k, _ in groups(rows, keys)]
    fig = Figure(figsize=(13, 0.45 * len(labels) + 2.2), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[1, 2])
    vals = list(zip(table["pulled"], table["pulled_low"], table["pulled_high"], strict=True))
    hbar(left, labels, vals, color="tab:red")
    left.set_xlim(0, 1.05)
    left.set_xlabel("share of games with the tripwire pulled (95% Wilson)")
    y = np.arange(len(labels))
    width = 0.8 / len(FOLLOWUPS)
    for i, name in enumerate(FOLLOWUPS):
        right.barh(
            y - 0.4 + (i + 0.5) * width, table[f"after: {name}"].fillna(0), width, label=name
        )
    right.set_xlim(0, 1.05)
    right.set_xlabel("share of games with a pull, within 26 weeks of the first")
    right.legend(fontsize=8, loc="lower right")
    fig.suptitle("The tripwire: how often it is pulled and what follows")
    return Analysis(table, fig, _tripwire_reading(table))


def _tripwire_reading(table: pd.DataFrame) -> list[str]:
    if table.empty:
        return ["No games."]
    lines = []
    top = table.sort_values("pulled", ascending=False).iloc[0]
    lines.append(
        f"The tripwire is pulled most often under {top['posture.option']} with US "
        f"{top['us.commitment']}: in {ci_text(triple(top, 'pulled'))} of games, first around "
        f"week {week_text(top['first_pull_median_week'])} (median)."
        if top["pulled"] > 0
        else "The tripwire was never pulled in these games."
    )
    pulled = table[table["pulled"] > 0]
    if len(pulled):
        weights = pulled["pulled"] * pulled["games"]
        avg = {
            n: float(np.average(pulled[f"after: {n}"].fillna(0), weights=weights))
            for n in FOLLOWUPS
        }
        ordered = sorted(avg.items(), key=lambda kv: -kv[1])
        lines.append(
            "After a pull (weighted over postures): "
            + "; ".join(f"{n} {pct(v)}" for n, v in ordered)
            + "."
        )
    for _, r in table[table["posture.option"] == "reassurance"].iterrows():
        lines.append(
            f"Reassurance force, US {r['us.commitment']}: withdrew in {pct(r['withdrawn'])} of "
            f"games (median week {week_text(r['withdrawal_median_week'])}), "
            f"{pct(r['withdrawn_without_pull'])} of games without the tripwire ever being pulled."
        )
    return lines
