"""The Lab page: pick a scenario, vary one or two dials and policies, run N games, compare.

The sweep runs in a thread (`solara.use_thread`) and reports progress through a reactive value,
so the page stays responsive; the games themselves run in worker processes (the sweep runner's
local pool). The results show as Kaplan-Meier survival curves and an outcome table per cell,
downloadable as CSV. The helpers below hold the logic and are tested without a browser.
"What drives this?" (a Morris screening of the chosen scenario) lives in `drives.py`; both run
their work through `background.py`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import solara
from matplotlib.figure import Figure

from wargame.batch.analyses.common import kaplan_meier
from wargame.batch.runner import SweepResult, run_sweep
from wargame.batch.stats import wilson_interval
from wargame.batch.sweep import SweepSpec, format_value
from wargame.config.scenario import CHOICES
from wargame.policies.registry import list_policies
from wargame.ui.background import (
    JobButtons,
    JobProgress,
    lab_workers,
    progress_hook,
    use_job,
)
from wargame.ui.choices import guarded
from wargame.ui.drives import DrivesPanel
from wargame.ui.i18n import N_, tr
from wargame.ui.safe import text as esc

# Numeric dials worth varying, with the values offered (ASSUMED or sourced, see defaults.yaml).
NUMERIC_DIALS: dict[str, list[Any]] = {
    "posture.rotation_factor": [3, 4],
    "ukraine.capacity_growth": [0.0, 0.5, 1.0, 2.0],
    "russia.hybrid_per_week": [0, 2, 4],
    "russia.regeneration_per_year": [0.0, 0.05, 0.1],
    "coalition.leave_threshold": [0.15, 0.25, 0.35],
    "coalition.fatigue_per_year": [0.0, 0.02, 0.05],
    "monitor.teams": [4, 8, 16],
}
NO_DIAL = N_("(none)")
MAX_GAMES = 200
MAX_YEARS = 10.0


@dataclass(frozen=True)
class LabRun:
    """One Lab request: scenario, up to two dials with values, policies per actor, games, years."""

    scenario: str
    dials: tuple[tuple[str, tuple[Any, ...]], ...]
    policies: tuple[tuple[str, tuple[str, ...]], ...]
    games: int
    years: float
    base_seed: int = 0


def dial_choices() -> dict[str, list[Any]]:
    """Every dial the Lab offers, with the values it may take."""
    return {**{k: list(v) for k, v in CHOICES.items()}, **NUMERIC_DIALS}


def policy_names(actor: str) -> list[str]:
    """The registered policies that can play an actor kind ('nations' = nation)."""
    kind = "nation" if actor == "nations" else actor
    return [p.name for p in list_policies() if kind in p.actors]


def lab_spec(run: LabRun) -> SweepSpec:
    """The sweep of a Lab request (over-budget cells get a lower rotation where one fits)."""
    return SweepSpec(
        scenarios=(run.scenario,),
        vary=tuple((k, tuple(v)) for k, v in run.dials if k != NO_DIAL and v),
        policies=tuple((a, tuple(n)) for a, n in run.policies if n),
        seeds=max(1, min(MAX_GAMES, run.games)),
        base_seed=run.base_seed,
        years=run.years,
        over_budget="fit",
    )


def lab_fixed(
    dials: Sequence[tuple[str, Sequence[Any]]], policies: Sequence[tuple[str, Sequence[str]]]
) -> tuple[str, ...]:
    """The Lab's settings a screening keeps: each dial and actor's policy set to a single value."""
    out = [f"{k}={format_value(v[0])}" for k, v in dials if k != NO_DIAL and len(v) == 1]
    out += [f"policies.{actor}={names[0]}" for actor, names in policies if len(names) == 1]
    return tuple(out)


def run_lab(
    run: LabRun,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> SweepResult:
    """Play the Lab request's games (in memory), reporting progress; stop when cancelled."""

    hook = progress_hook(on_progress, cancel)

    return run_sweep(
        lab_spec(run), None, workers=workers or lab_workers(), progress=False, on_game=hook
    )


def slider_problem(games: Any, years: Any) -> str:
    """Why the sliders' values cannot be run (a browser can send any number), or ''."""
    if not isinstance(games, int) or isinstance(games, bool) or not 1 <= games <= MAX_GAMES:
        return tr("refused: games per cell must be a whole number from 1 to {n}", n=MAX_GAMES)
    if not isinstance(years, (int, float)) or not 0.5 <= years <= MAX_YEARS:
        return tr("refused: years must be a number from 0.5 to {most}", most=f"{MAX_YEARS:g}")
    return ""


def cell_columns(rows: pd.DataFrame) -> list[str]:
    """The columns that tell the cells apart (varied settings and policies)."""
    fixed = {"game", "cell", "replicate", "key", "scenario", "seed"}
    out = []
    for col in rows.columns:
        if col == "held":
            break
        if col not in fixed:
            out.append(col)
    return out


def cell_label(row: pd.Series, columns: list[str]) -> str:
    """`us.commitment=none, policy.russia=prober` (or the scenario when nothing varies)."""
    return ", ".join(f"{c}={row[c]}" for c in columns) or str(row["scenario"])


def outcome_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One line per cell: games, share held with its 95% interval, weeks, casualties, costs."""
    columns = cell_columns(rows)
    records = []
    for _, g in rows.groupby("cell", sort=True):
        held = int(g["held"].sum())
        low, high = wilson_interval(held, len(g))
        records.append(
            {
                "cell": cell_label(g.iloc[0], columns),
                "games": len(g),
                "held": held / len(g),
                "held_low": low,
                "held_high": high,
                "weeks_median": float(g["weeks"].median()),
                "casualties_coalition": float(g["casualties_coalition"].mean()),
                "casualties_ukraine": float(g["casualties_ukraine"].mean()),
                "troop_years": float(g["troop_years"].mean()),
                "tripwires": float(g["tripwires"].mean()),
                "nations_left": float(g["nations_left_count"].mean()),
                "end_causes": ", ".join(
                    f"{k} {v}" for k, v in g["end_cause"].value_counts().items()
                ),
            }
        )
    return pd.DataFrame(records)


def survival_figure(rows: pd.DataFrame) -> Figure:
    """Kaplan-Meier survival curves (lifelines, 95% CI) per cell, in years."""
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    columns = cell_columns(rows)
    for _, g in rows.groupby("cell", sort=True):
        label = cell_label(g.iloc[0], columns)
        kaplan_meier(g.assign(weeks=g["weeks"] / 52), label).plot_survival_function(
            ax=ax, ci_show=True
        )
    ax.set_xlabel(tr("years"))
    ax.set_ylabel(tr("share of ceasefires still holding"))
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=7)
    return fig


def csv_text(rows: pd.DataFrame) -> str:
    """The rows as CSV (one line per game, with its `wargame run` command)."""
    return rows.to_csv(index=False)


def _scenario_names() -> list[str]:
    from wargame import paths

    return ["default", *paths.list_names("scenarios")]


@solara.component
def DialPicker(
    label: str,
    key: str,
    on_key: Callable[[str], None],
    values: list[Any],
    on_values: Callable[[list[Any]], None],
    on_refused: Callable[[str], None],
) -> None:
    """One dial: which setting, and which of its values to try."""
    choices = dial_choices()
    keys = {tr(NO_DIAL): NO_DIAL, **{k: k for k in choices}}  # the setting names stay as they are
    with solara.Row():
        solara.Select(
            label=tr(label),
            value=tr(key) if key == NO_DIAL else key,
            values=list(keys),
            on_value=guarded(label, lambda: list(keys), lambda k: on_key(keys[k]), on_refused),
        )
        if key in choices:
            offered = [str(v) for v in choices[key]]
            solara.SelectMultiple(
                label=tr("values"),
                values=[str(v) for v in values],
                all_values=offered,
                on_value=guarded(
                    f"{label} values",
                    lambda: offered,
                    lambda picked: on_values([v for v in choices[key] if str(v) in set(picked)]),
                    on_refused,
                    many=True,
                ),
            )


@solara.component
def LabPage() -> None:
    """The Lab: a small sweep in the browser, with survival curves and an outcome table."""
    scenario = solara.use_reactive("default")
    key1, values1 = (
        solara.use_reactive("us.commitment"),
        solara.use_reactive(list(CHOICES["us.commitment"])),
    )
    values2: solara.Reactive[list[Any]]
    key2, values2 = solara.use_reactive(NO_DIAL), solara.use_reactive([])
    russia = solara.use_reactive(["prober"])
    games = solara.use_reactive(10)
    years = solara.use_reactive(10.0)
    result: SweepResult | None
    set_result: Callable[[SweepResult | None], None]
    result, set_result = solara.use_state(None)
    job = use_job(run_lab, set_result)
    set_problem = job.set_problem

    def pick_key(reactive_key: Any, reactive_values: Any) -> Callable[[str], None]:
        def pick(new: str) -> None:
            reactive_key.set(new)
            reactive_values.set(list(dial_choices().get(new, []))[:3])

        return pick

    def start() -> None:
        problem_now = slider_problem(games.value, years.value)
        if problem_now:
            set_problem(problem_now)
            return
        set_result(None)
        job.start(
            LabRun(
                scenario=scenario.value,
                dials=((key1.value, tuple(values1.value)), (key2.value, tuple(values2.value))),
                policies=(("russia", tuple(russia.value)),),
                games=int(games.value),
                years=float(years.value),
            )
        )

    # Plain HTML, not solara.Markdown: that component loads mermaid and KaTeX from a CDN.
    solara.HTML(tag="h2", unsafe_innerHTML=esc(tr("Lab: many games, one or two dials")))
    with solara.Card(tr("Set up")):
        solara.Select(
            label=tr("scenario"),
            value=scenario.value,
            values=_scenario_names(),
            on_value=guarded("scenario", _scenario_names, scenario.set, set_problem),
        )
        for label, key, values in ((N_("dial 1"), key1, values1), (N_("dial 2"), key2, values2)):
            DialPicker(
                label, key.value, pick_key(key, values), values.value, values.set, set_problem
            )
        solara.SelectMultiple(
            label=tr("Russia's policies"),
            values=russia.value,
            all_values=policy_names("russia"),
            on_value=guarded(
                "Russia's policies",
                lambda: policy_names("russia"),
                russia.set,
                set_problem,
                many=True,
            ),
        )
        solara.SliderInt(label=tr("games per cell"), value=games, min=1, max=MAX_GAMES)
        solara.SliderFloat(label=tr("years"), value=years, min=0.5, max=MAX_YEARS, step=0.5)
        JobButtons(job, tr("Run"), start)
    JobProgress(job)
    if job.problem:
        solara.Error(job.problem, classes=["wg-lab-problem"])
    if result is not None:
        LabResults(result)
    DrivesPanel(
        scenario.value,
        lab_fixed(
            ((key1.value, values1.value), (key2.value, values2.value)),
            (("russia", russia.value),),
        ),
    )


@solara.component
def LabResults(result: SweepResult) -> None:
    """Survival curves, the outcome table and the CSV download of a finished run."""
    rows = result.rows
    solara.Text(
        tr(
            "{games} games in {seconds} s ({rate} games/s)",
            games=len(rows),
            seconds=f"{result.seconds:.1f}",
            rate=f"{result.games_per_second:.1f}",
        )
    )
    for note in result.notes:
        solara.Info(note)
    solara.FigureMatplotlib(survival_figure(rows), format="png")
    solara.DataFrame(outcome_table(rows).round(3))
    solara.FileDownload(
        csv_text(rows),
        filename="lab_results.csv",
        label=tr("Download results (CSV)"),
        mime_type="text/csv",
    )
