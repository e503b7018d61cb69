"""The analyses of the shipped experiments: from result rows to a table, a plot and a reading.

Every figure in a reading is computed from the rows; intervals are 95%: Wilson for shares,
normal for means, lifelines' (exponential Greenwood) for Kaplan-Meier survival.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
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


def _num(x: float) -> str:
    """0.4567 -> '0.46'; NaN -> '- (none running)'."""
    return "- (none running)" if pd.isna(x) else f"{x:.2f}"


def week_text(x: float) -> str:
    """A week number, or '-' when there is none."""
    return "-" if pd.isna(x) else f"{x:.0f}"


def ci_text(v: tuple[float, float, float]) -> str:
    """'12% (5-20%)'."""
    return "n/a" if pd.isna(v[0]) else f"{v[0]:.0%} ({v[1]:.0%}-{v[2]:.0%})"


def _errbars(v: Sequence[tuple[float, float, float]]) -> np.ndarray:
    mid = np.array([x[0] for x in v], dtype=float)
    low = np.array([x[1] for x in v], dtype=float)
    high = np.array([x[2] for x in v], dtype=float)
    return np.nan_to_num(np.vstack([mid - low, high - mid]))


def _hbar(ax: Any, labels: list[str], values: list[tuple[float, float, float]], **kw: Any) -> None:
    y = np.arange(len(labels))
    ax.barh(y, [v[0] for v in values], xerr=_errbars(values), capsize=3, **kw)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()


# -- 1. posture versus troop budget ------------------------------------------------------------
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
        rec["end_causes"] = _causes(g)
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
            xerr=_errbars(vals),
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
        ax.barh(y, [v[0] for v in vals], xerr=_errbars(vals), capsize=3, color="tab:gray")
        ax.set_xlabel(title)
    fig.suptitle("Posture versus troop budget (US C4ISR only)")
    return Analysis(table, fig, _posture_reading(table, last))


def _causes(g: pd.DataFrame) -> str:
    counts = g["end_cause"].value_counts()
    return ", ".join(f"{c} {n}" for c, n in counts.items())


def _posture_reading(table: pd.DataFrame, last: str) -> list[str]:
    if table.empty:
        return ["No games."]
    col = f"survival_{last}"
    ranked = table.sort_values([col, "troop_years_mean"], ascending=[False, True])
    best = ranked.iloc[0]
    good = table[table[col] >= best[f"{col}_low"]].sort_values("troop_years_mean")
    cheap = good.iloc[0]
    lines = [
        f"Best survival to {last}: {_posture(best)} - {ci_text(_triple(best, col))} of games, "
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


def _triple(r: pd.Series, col: str) -> tuple[float, float, float]:
    return r[col], r[f"{col}_low"], r[f"{col}_high"]


# -- 2. US commitment: Kaplan-Meier ------------------------------------------------------------
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
            rec["end_causes"] = _causes(g)
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
            f"{r['us.commitment']} {ci_text(_triple(r, f'km_{last}'))}" for _, r in g.iterrows()
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


# -- 3. the tripwire ---------------------------------------------------------------------------
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
        rec["end_causes"] = _causes(g)
        records.append(rec)
    table = pd.DataFrame(records)
    labels = [label_of(k) for k, _ in groups(rows, keys)]
    fig = Figure(figsize=(13, 0.45 * len(labels) + 2.2), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[1, 2])
    vals = list(zip(table["pulled"], table["pulled_low"], table["pulled_high"], strict=True))
    _hbar(left, labels, vals, color="tab:red")
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
        f"{top['us.commitment']}: in {ci_text(_triple(top, 'pulled'))} of games, first around "
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


# -- 4. hybrid pressure and casualties at home -------------------------------------------------
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
        rec["end_causes"] = _causes(g)
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
        f"{ci_text(_triple(worst, 'mission_ended'))} of games, median week "
        f"{week_text(worst['end_median_week'])}; nations leaving there: "
        f"{worst['leavers'] or 'none'}."
    )
    return lines


# -- 5. monitor access -------------------------------------------------------------------------
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
        _hbar(ax, labels, vals, color=colors)
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
        parts = [
            f"{r['monitor.access']} {ci_text(_triple(r, 'survival'))}" for _, r in g.iterrows()
        ]
        lines.append(f"US {us}: survival to {last} - " + "; ".join(parts) + ".")
    return lines


# -- 6. Ukraine's growing capacity -------------------------------------------------------------
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
            yerr=_errbars(vals),
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


# -- 7. how much an answer rests on one ASSUMED weight ---------------------------------------
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
        rec["end_causes"] = _causes(g)
        records.append(rec)
    table = pd.DataFrame(records).sort_values(["scenario", dial], kind="stable")
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    col = f"survival_{last_name}"
    for scenario, g in table.groupby("scenario", sort=False):
        vals = list(zip(g[col], g[f"{col}_low"], g[f"{col}_high"], strict=True))
        ax.errorbar(g[dial], g[col], yerr=_errbars(vals), capsize=3, marker="o", label=scenario)
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
        parts = [f"{r[dial]:g}: {ci_text(_triple(r, col))}" for _, r in g.iterrows()]
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


ANALYSES: dict[str, Callable[[pd.DataFrame, Any, dict[str, Any]], Analysis]] = {
    "posture_budget": posture_budget,
    "us_commitment": us_commitment,
    "tripwire": tripwire,
    "hybrid_home": hybrid_home,
    "monitor_access": monitor_access,
    "ukraine_capacity": ukraine_capacity,
    "sensitivity": sensitivity,
}
