"""What the analyses of the shipped experiments share: the Analysis, saving its figure, and the
table, interval and plot helpers.

Every figure in a reading is computed from the rows; intervals are 95%: Wilson for shares,
normal for means, lifelines' (exponential Greenwood) for Kaplan-Meier survival.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wargame.batch.stats import mean_interval, wilson_interval

YEAR = 52
CHECKPOINT_YEARS = (1, 5, 10)
FAILED = "not held"


@dataclass
class Analysis:
    """An experiment's answer: a table, a figure and a few computed sentences."""

    table: pd.DataFrame
    figure: Figure
    reading: list[str]


def save_figure(figure: Figure, path: str | Path) -> None:
    """Save a figure as PNG atomically (temporary file, then rename)."""
    import os
    import tempfile

    from wargame.files import file_mode

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        figure.savefig(tmp, dpi=110, format="png")
        os.chmod(tmp, file_mode())  # mkstemp makes it 0600; follow the umask like other files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- small helpers -----------------------------------------------------------------------------
def horizon(rows: pd.DataFrame) -> int:
    """The games' horizon in weeks."""
    return int(rows["horizon_weeks"].max()) if len(rows) else 0


def checkpoints(rows: pd.DataFrame) -> list[tuple[str, int]]:
    """(label, week) at 1, 5 and 10 years within the horizon, or the horizon alone."""
    h = horizon(rows)
    points = [(f"{y}y", y * YEAR) for y in CHECKPOINT_YEARS if y * YEAR <= h]
    return points or [(f"{h}w", h)]


def alive_share(rows: pd.DataFrame, week: int) -> tuple[float, float, float]:
    """Share of games still going at `week` (held or ended later), with its Wilson interval."""
    n = len(rows)
    if n == 0:
        return math.nan, math.nan, math.nan
    k = int(
        ((rows["weeks"] >= week) & ((rows["end_cause"] == "held") | (rows["weeks"] > week))).sum()
    )
    low, high = wilson_interval(k, n)
    return k / n, low, high


def share(flags: pd.Series) -> tuple[float, float, float]:
    """Share of True with its Wilson interval (NaN when empty)."""
    n = len(flags)
    if n == 0:
        return math.nan, math.nan, math.nan
    k = int(flags.sum())
    low, high = wilson_interval(k, n)
    return k / n, low, high


def mean_ci(values: pd.Series) -> tuple[float, float, float]:
    """Mean with its normal interval, ignoring NaN (NaN when nothing is left)."""
    clean = [float(v) for v in values if not pd.isna(v)]
    return mean_interval(clean) if clean else (math.nan, math.nan, math.nan)


def label_of(values: Sequence[Any]) -> str:
    """A group label: its values joined by ' / '."""
    return " / ".join(str(v) for v in values)


def groups(rows: pd.DataFrame, columns: list[str]) -> list[tuple[tuple, pd.DataFrame]]:
    """Rows grouped by columns in grid order (the order of first appearance)."""
    cols = [c for c in columns if c in rows.columns]
    if not cols:
        return [((), rows)]
    order = rows.drop_duplicates(cols)[cols].itertuples(index=False, name=None)
    out = []
    for key in order:
        mask = np.logical_and.reduce([rows[c] == v for c, v in zip(cols, key, strict=True)])
        out.append((tuple(key), rows[mask]))
    return out


def pct(x: float) -> str:
    """0.123 -> '12%'."""
    return "n/a" if pd.isna(x) else f"{x:.0%}"


def week_text(x: float) -> str:
    """A week number, or '-' when there is none."""
    return "-" if pd.isna(x) else f"{x:.0f}"


def ci_text(v: tuple[float, float, float]) -> str:
    """'12% (5-20%)'."""
    return "n/a" if pd.isna(v[0]) else f"{v[0]:.0%} ({v[1]:.0%}-{v[2]:.0%})"


def errbars(v: Sequence[tuple[float, float, float]]) -> np.ndarray:
    """Matplotlib error bars (below, above) of (value, low, high) triples; NaN as 0."""
    mid = np.array([x[0] for x in v], dtype=float)
    low = np.array([x[1] for x in v], dtype=float)
    high = np.array([x[2] for x in v], dtype=float)
    return np.nan_to_num(np.vstack([mid - low, high - mid]))


def hbar(ax: Any, labels: list[str], values: list[tuple[float, float, float]], **kw: Any) -> None:
    """Horizontal bars with error bars, one per label, the first on top."""
    y = np.arange(len(labels))
    ax.barh(y, [v[0] for v in values], xerr=errbars(values), capsize=3, **kw)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()


def causes(g: pd.DataFrame) -> str:
    """How the games ended: 'cause count, ...' (most frequent first)."""
    counts = g["end_cause"].value_counts()
    return ", ".join(f"{c} {n}" for c, n in counts.items())


def triple(r: pd.Series, col: str) -> tuple[float, float, float]:
    """A table row's (value, low, high) of a column with its interval columns."""
    return r[col], r[f"{col}_low"], r[f"{col}_high"]


def kaplan_meier(g: pd.DataFrame, label: str) -> Any:
    """A lifelines KaplanMeierFitter on weeks survived; games that held are censored."""
    from lifelines import KaplanMeierFitter

    return KaplanMeierFitter().fit(g["weeks"], event_observed=~g["held"], label=label)


def km_at(kmf: Any, week: int) -> tuple[float, float, float]:
    """Kaplan-Meier survival at a week with its 95% interval."""
    s = float(kmf.survival_function_at_times([week]).iloc[0])
    ci = kmf.confidence_interval_survival_function_
    upto = ci[ci.index <= week]
    if upto.empty:
        return s, s, s
    return s, float(upto.iloc[-1, 0]), float(upto.iloc[-1, 1])
