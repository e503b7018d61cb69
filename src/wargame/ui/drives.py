"""The Lab's "What drives this?" view: a small Morris screening of the Lab's scenario.

The researcher picks an outcome, a group of parameters (or every ASSUMED one), trajectories,
seeds per point and years; the page shows how many games that is before anything runs (sized
as `wargame sensitivity` sizes a design), plays them on the Lab's bounded pool in a thread with
progress and Cancel, and shows the mu*-sigma chart, the top parameters with their declarations
and a CSV. The helpers below hold the logic and are tested without a browser; the components
at the end only wire them to widgets.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd
import solara

from wargame.batch.sensitivity import Design, Factor, indices_table, make_design, per_unit, plot
from wargame.batch.sensitivity_run import (
    OUTCOMES,
    Plan,
    choose_factors,
    load_parameters,
    outcome_matrix,
    play_points,
    refused_ends,
    tasks_of,
    unread_policy_parameters,
)
from wargame.errors import BudgetError, WargameError
from wargame.ui.background import (
    JobButtons,
    JobProgress,
    lab_workers,
    progress_hook,
    use_job,
)
from wargame.ui.choices import guarded
from wargame.ui.i18n import N_, by_label, language, tr, translate
from wargame.ui.safe import text as esc

ALL_ASSUMED = N_("all ASSUMED")
METHOD = "morris"
MIN_TRAJECTORIES, MAX_TRAJECTORIES = 2, 10  # Morris needs two trajectories for any spread
MIN_SEEDS, MAX_SEEDS = 1, 8
MIN_YEARS, MAX_YEARS, YEARS_STEP = 0.1, 10.0, 0.1
# A screening shares the server with every player: beyond these, use `wargame sensitivity`.
MAX_GAMES = 2000
MAX_GAME_YEARS = 4000.0
BLOCK = "display:block"  # one line each (solara.Text is inline)
TOP = 15  # parameters in the page's table and labelled on the chart (the CSV has them all)


@dataclass(frozen=True)
class DrivesForm:
    """The form's values, as the browser sent them (checked by `form_problem`)."""

    outcome: Any
    group: Any
    trajectories: Any
    seeds: Any
    years: Any


@dataclass(frozen=True, eq=False)  # eq=False: compared by identity (it holds arrays)
class Screening:
    """A screening ready to run: the plan, its design, and the parameters left out and why."""

    plan: Plan
    design: Design
    left_out: tuple[tuple[str, str], ...]
    declarations: dict[str, Any]

    def describe(self) -> str:
        """`morris: 2 parameters, 2 trajectories x 3 points x 1 seeds = 6 games, 0.1 years each`
        (the design's own words, `Design.describe`, in the page's language)."""
        d = self.design
        return tr(
            "{method}: {k} parameters, {base} trajectories x {points} points x {seeds} seeds = "
            "{games} games, {years} years each",
            method=d.method,
            k=len(d.factors),
            base=d.base,
            points=len(d.factors) + 1,
            seeds=d.seeds,
            games=f"{d.games:,}",
            years=f"{self.plan.years:g}",
        )


@dataclass(eq=False)
class DrivesResult:
    """A finished screening: the full-budget indices of its outcome, seed noise, rows, time."""

    screening: Screening
    indices: pd.DataFrame
    noise: pd.DataFrame
    rows: pd.DataFrame
    seconds: float


def outcome_choices() -> list[str]:
    """The outcomes offered (every one `wargame sensitivity` knows)."""
    return list(OUTCOMES)


def group_choices(parameters: Sequence[Any] | None = None) -> list[str]:
    """'all ASSUMED', then each group of the ASSUMED parameters with a range, in declared order."""
    params = load_parameters(assumed_only=True) if parameters is None else parameters
    return [ALL_ASSUMED, *dict.fromkeys(p.group for p in params)]


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def form_problem(form: DrivesForm, groups: Sequence[str] | None = None) -> str:
    """Why the form's values cannot be run (a browser can send anything), or ''."""
    if form.outcome not in outcome_choices():
        return tr("refused: outcome must be one of {choices}", choices=", ".join(outcome_choices()))
    groups = group_choices() if groups is None else groups
    if form.group not in groups:
        return tr("refused: parameters must be one of: {choices}", choices=", ".join(groups))
    if not _whole(form.trajectories) or not (
        MIN_TRAJECTORIES <= form.trajectories <= MAX_TRAJECTORIES
    ):
        return tr(
            "refused: trajectories must be a whole number from {least} to {most}",
            least=MIN_TRAJECTORIES,
            most=MAX_TRAJECTORIES,
        )
    if not _whole(form.seeds) or not MIN_SEEDS <= form.seeds <= MAX_SEEDS:
        return tr(
            "refused: seeds per point must be a whole number from {least} to {most}",
            least=MIN_SEEDS,
            most=MAX_SEEDS,
        )
    if not _number(form.years) or not MIN_YEARS - 1e-9 <= form.years <= MAX_YEARS:
        return tr(
            "refused: years must be a number from {least} to {most}",
            least=f"{MIN_YEARS:g}",
            most=f"{MAX_YEARS:g}",
        )
    if form.outcome.startswith("survival_"):
        need = int(form.outcome.removeprefix("survival_").removesuffix("y"))
        if form.years < need:
            message = (
                N_(
                    "refused: {outcome} needs games of at least {need} years; years is {years} "
                    "(raise it, or pick another outcome)"
                )
                if need > 1
                else N_(
                    "refused: {outcome} needs games of at least {need} year; years is {years} "
                    "(raise it, or pick another outcome)"
                )
            )
            return tr(
                message,
                outcome=form.outcome,
                need=need,
                years=f"{form.years:g}",
            )
    return ""


def usable_factors(
    scenario: str, fixed: tuple[str, ...], factors: tuple[Factor, ...]
) -> tuple[tuple[Factor, ...], tuple[tuple[str, str], ...]]:
    """The factors the scenario's game takes at both range ends, and the others with the reason.

    A parameter of a policy the scenario does not play is refused by the game (nothing would
    read it), and a force's range may go over the troop budget: the CLI stops at the first such
    one; the browser leaves them out and says which, in the page's language.
    """
    return _usable_factors(scenario, fixed, factors, language())


@lru_cache(maxsize=64)
def _usable_factors(
    scenario: str, fixed: tuple[str, ...], factors: tuple[Factor, ...], lang: str
) -> tuple[tuple[Factor, ...], tuple[tuple[str, str], ...]]:
    """`usable_factors`, built once per scenario, fixed settings and language."""
    fixed_keys = {item.split("=", 1)[0] for item in fixed}
    lab = translate(N_("set in the Lab"), lang)
    why: dict[str, str] = {f.key: lab for f in factors if f.key in fixed_keys}
    others = [f for f in factors if f.key not in why]
    # The ends the CLI checks up front (sensitivity_run.check_ranges), in the page's own words.
    for f, end, exc in refused_ends(scenario, fixed, others):
        if isinstance(exc, BudgetError):
            message = N_("over the troop budget at {end}: {error}")
        else:
            message = N_("at {end}: {error}")
        why.setdefault(f.key, translate(message, lang, end=f"{end:g}", error=exc))
    kept = tuple(f for f in factors if f.key not in why)
    return kept, tuple((f.key, why[f.key]) for f in factors if f.key in why)


def screening(
    scenario: str,
    fixed: tuple[str, ...],
    form: DrivesForm,
    parameters: Sequence[Any] | None = None,
) -> Screening:
    """The plan and design of a form (checked), sized as `wargame sensitivity --budget` sizes it.

    `parameters` stands in for the declared ASSUMED ones (tests). Raises WargameError with the
    page's message when the form is out of bounds or the screening too big for the browser.
    """
    params = load_parameters(assumed_only=True) if parameters is None else list(parameters)
    problem = form_problem(form, group_choices(params))
    if problem:
        raise WargameError(problem)
    group = None if form.group == ALL_ASSUMED else form.group
    plan = Plan(
        scenario=scenario,
        method=METHOD,
        outcomes=(form.outcome,),
        budget=0,
        seeds=form.seeds,
        years=float(form.years),
        fixed=tuple(fixed),
        group=group,
    )
    # A policy parameter no policy of this scenario plays is left out (as the CLI does), and said.
    unread = set(unread_policy_parameters(plan, params))
    unread_out = [
        (p.key, tr("read by no policy this scenario plays"))
        for p in params
        if p.key in unread and (group is None or p.group == group)
    ]
    kept = [p for p in params if p.key not in unread]
    chosen = (
        tuple(choose_factors(plan, kept))
        if group is None or any(p.group == group for p in kept)
        else ()
    )
    factors, refused = usable_factors(scenario, plan.fixed, chosen)
    left_out = (*unread_out, *refused)
    if not factors:
        reasons = "; ".join(f"{k}: {why}" for k, why in left_out)
        raise WargameError(
            tr(
                "refused: no parameter of '{group}' can be varied in {scenario} ({reasons})",
                group=tr(form.group),
                scenario=scenario,
                reasons=reasons,
            )
        )
    budget = form.trajectories * per_unit(METHOD, len(factors)) * form.seeds
    games, game_years = budget, budget * float(form.years)
    if games > MAX_GAMES or game_years > MAX_GAME_YEARS:
        raise WargameError(
            tr(
                "refused: {games} games ({game_years} game-years) is more than the browser runs "
                "({max_games} games, {max_years} game-years); take fewer trajectories, seeds or "
                "years, one group, or `wargame sensitivity` on the command line",
                games=f"{games:,}",
                game_years=f"{game_years:,.0f}",
                max_games=f"{MAX_GAMES:,}",
                max_years=f"{MAX_GAME_YEARS:,.0f}",
            )
        )
    plan = replace(plan, budget=budget)
    design = make_design(METHOD, list(factors), budget, plan.seeds, seed=plan.base_seed)
    declarations = {p.key: p for p in params}
    return Screening(plan, design, left_out, declarations)


def run_drives(
    screen: Screening,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> DrivesResult:
    """Play the screening's games in memory (bounded pool), then its Morris indices and noise."""
    from wargame.batch.runner import run_tasks

    hook = progress_hook(on_progress, cancel)

    start = time.perf_counter()
    plan, design = screen.plan, screen.design
    rows, _, _, _ = run_tasks(
        tasks_of(plan, design),
        None,
        workers=workers or lab_workers(),
        progress=False,
        on_game=hook,
        play=play_points,
        label="screening",
    )
    outcome = plan.outcomes[0]
    indices, noise = indices_table(
        design, {outcome: outcome_matrix(rows, outcome, design)}, seed=plan.base_seed
    )
    full = indices[indices["budget"] == "full"].reset_index(drop=True)
    return DrivesResult(screen, full, noise, rows, time.perf_counter() - start)


def noise_text(result: DrivesResult) -> str:
    """What the seeds' luck alone amounts to, in words."""
    noise = result.noise.iloc[0]
    if result.screening.plan.seeds < 2:
        return tr(
            "1 seed per point: the seed noise cannot be measured, so 'above noise' only says "
            "mu*'s 95% interval stays above 0; take 2 or more seeds to compare with the noise"
        )
    return tr(
        "seed noise: one game's {outcome} varies by {sd} (sd) across seeds at a fixed point; "
        "noise alone would give a mu* of about {mu} (the dashed line)",
        outcome=result.screening.plan.outcomes[0],
        sd=f"{noise['noise_sd']:.3g}",
        mu=f"{noise['noise_mu_star']:.3g}",
    )


def ranking(result: DrivesResult) -> pd.DataFrame:
    """Every parameter by mu* (largest first) with sigma, whether above noise, and its declaration."""
    t = result.indices.sort_values("mu_star", ascending=False, kind="stable")
    records = []
    for _, r in t.iterrows():
        p = result.screening.declarations.get(r["parameter"])
        records.append(
            {
                "parameter": r["parameter"],
                "mu_star": float(r["mu_star"]),
                "mu_star_conf": float(r["mu_star_conf"]),
                "sigma": float(r["sigma"]),
                "above_noise": "no" if bool(r["within_noise"]) else "yes",
                "range": f"{r['low']:g} to {r['high']:g}",
                "unit": getattr(p, "unit", ""),
                "group": getattr(p, "group", r["group"]),
                "reason": getattr(p, "reason", ""),
            }
        )
    return pd.DataFrame(records)


def drives_figure(result: DrivesResult) -> Any:
    """The Morris mu*-sigma chart with the seed-noise line (sensitivity.plot), off pyplot's list."""
    import matplotlib.pyplot as plt

    figure = plot(result.indices, result.noise, METHOD, top=TOP)
    plt.close(figure)  # the page keeps it; pyplot must not hold every chart ever drawn
    return figure


def drives_csv(result: DrivesResult) -> str:
    """The ranking as CSV, each line with the screening's scenario, outcome and size."""
    plan, design = result.screening.plan, result.screening.design
    table = ranking(result)
    table.insert(0, "scenario", plan.scenario)
    table.insert(1, "outcome", plan.outcomes[0])
    table["trajectories"], table["seeds"] = design.base, design.seeds
    table["years"], table["games"] = plan.years, design.games
    table["fixed"] = " ".join(plan.fixed)
    return table.to_csv(index=False)


# Shown columns: (heading, ranking column, how to format its value).
SHOWN: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    (N_("parameter"), "parameter", str),
    ("mu*", "mu_star", "{:.3g}".format),
    ("mu* ±95%", "mu_star_conf", "{:.3g}".format),
    ("sigma", "sigma", "{:.3g}".format),
    (N_("above seed noise"), "above_noise", lambda yes: tr(str(yes))),
    (N_("range"), "range", str),
    (N_("unit"), "unit", str),
    (N_("group"), "group", str),
    (N_("reason"), "reason", str),
)
YES_NO = (N_("yes"), N_("no"))  # the ranking's 'above_noise' values, shown translated
CELL = "padding:2px 8px;vertical-align:top;text-align:left"


def ranking_html(table: pd.DataFrame, top: int = TOP) -> str:
    """The top rows of a ranking as the rows of an HTML table, every value escaped."""
    head = "".join(f'<th style="{CELL}">{esc(tr(h))}</th>' for h, _, _ in SHOWN)
    rows = [f'<tr><th style="{CELL}">#</th>{head}</tr>']
    for rank, (_, r) in enumerate(table.head(top).iterrows(), start=1):
        cells = "".join(f'<td style="{CELL}">{esc(fmt(r[col]))}</td>' for _, col, fmt in SHOWN)
        rows.append(f'<tr><td style="{CELL}">{rank}</td>{cells}</tr>')
    return "".join(rows)


@solara.component
def DrivesPanel(scenario: str, fixed: tuple[str, ...]) -> None:
    """The 'What drives this?' button and, once opened, the screening view."""
    opened, set_opened = solara.use_state(False)
    solara.Button(
        tr("What drives this?"),
        on_click=lambda: set_opened(not opened),
        classes=["wg-drives-open"],
        outlined=not opened,
    )
    if opened:
        DrivesView(scenario, fixed)


@solara.component
def DrivesView(scenario: str, fixed: tuple[str, ...]) -> None:
    """The form, the size of what it asks, the run with progress and Cancel, and the results."""
    outcome = solara.use_reactive("survival_1y")
    group = solara.use_reactive(ALL_ASSUMED)
    trajectories = solara.use_reactive(MIN_TRAJECTORIES)
    seeds = solara.use_reactive(2)
    years = solara.use_reactive(1.0)
    result: DrivesResult | None
    set_result: Callable[[DrivesResult | None], None]
    result, set_result = solara.use_state(None)
    job = use_job(run_drives, set_result)
    set_problem = job.set_problem
    form = DrivesForm(outcome.value, group.value, trajectories.value, seeds.value, years.value)

    def prepare() -> Screening | str:
        try:
            return screening(scenario, fixed, form)
        except WargameError as exc:
            return str(exc)
        except Exception as exc:  # shown on the page, never a traceback
            return f"{type(exc).__name__}: {exc}"

    ready = solara.use_memo(prepare, dependencies=[scenario, fixed, form, language()])

    def start() -> None:
        if isinstance(ready, str):
            set_problem(ready)
            return
        set_result(None)
        job.start(ready)

    groups = by_label(group_choices())  # "all ASSUMED" translated, the groups as declared
    with solara.Card(tr("What drives this? A Morris screening"), classes=["wg-drives"]):
        solara.Text(  # not solara.Markdown: that component loads mermaid and KaTeX from a CDN
            tr(
                "Which assumed numbers move the outcome most in this scenario: each parameter "
                "goes over its declared plausible range along a few random paths (Morris "
                "trajectories), every point played on the same seeds. mu* is the mean size of a "
                "parameter's effect over its range, sigma how much that effect depends on the "
                "others."
            )
        )
        solara.Select(
            label=tr("outcome"),
            value=outcome.value,
            values=outcome_choices(),
            on_value=guarded("outcome", outcome_choices, outcome.set, set_problem),
            classes=["wg-drives-outcome"],
        )
        solara.Select(
            label=tr("parameters"),
            value=tr(group.value),
            values=list(groups),
            on_value=guarded(
                "parameters", lambda: list(groups), lambda g: group.set(groups[g]), set_problem
            ),
            classes=["wg-drives-group"],
        )
        solara.SliderInt(
            label=tr("trajectories"),
            value=trajectories,
            min=MIN_TRAJECTORIES,
            max=MAX_TRAJECTORIES,
        )
        solara.SliderInt(label=tr("seeds per point"), value=seeds, min=MIN_SEEDS, max=MAX_SEEDS)
        solara.SliderFloat(
            label=tr("years (screening)"),
            value=years,
            min=MIN_YEARS,
            max=MAX_YEARS,
            step=YEARS_STEP,
        )
        if fixed:
            solara.Text(tr("kept from the Lab: {settings}", settings=", ".join(fixed)), style=BLOCK)
        if isinstance(ready, Screening):
            solara.Text(ready.describe(), classes=["wg-drives-size"], style=BLOCK)
            if ready.left_out:
                solara.Info(
                    tr(
                        "{n} left out: {which}",
                        n=len(ready.left_out),
                        which="; ".join(f"{k} ({why})" for k, why in ready.left_out),
                    )
                )
        else:
            solara.Error(ready, classes=["wg-drives-refused"])
        JobButtons(
            job,
            tr("Screen"),
            start,
            ["wg-drives-run"],
            stop=N_("Cancel"),
            stop_classes=["wg-drives-stop"],
            blocked=isinstance(ready, str),
        )
        JobProgress(job, style=BLOCK)
        if job.problem:
            solara.Error(job.problem, classes=["wg-drives-problem"])
        if result is not None:
            DrivesResults(result)


@solara.component
def DrivesResults(result: DrivesResult) -> None:
    """The chart, the top parameters with their declarations, and the CSV download."""
    figure = solara.use_memo(lambda: drives_figure(result), dependencies=[result])
    table = solara.use_memo(lambda: ranking(result), dependencies=[result])
    outcome = result.screening.plan.outcomes[0]
    solara.Text(
        tr(
            "{games} games in {seconds} s: {outcome} ({meaning})",
            games=len(result.rows),
            seconds=f"{result.seconds:.1f}",
            outcome=outcome,
            meaning=tr(OUTCOMES[outcome][0]),
        ),
        style=BLOCK,
    )
    solara.Text(noise_text(result), style=BLOCK)
    with solara.Column(classes=["wg-drives-chart"]):
        solara.FigureMatplotlib(figure, format="png")
    solara.HTML(
        tag="table",
        unsafe_innerHTML=ranking_html(table),
        classes=["wg-drives-table"],
        style="font-size:13px;border-collapse:collapse",
    )
    solara.FileDownload(
        drives_csv(result),
        filename="what_drives_this.csv",
        label=tr("Download the ranking (CSV)"),
        mime_type="text/csv",
    )
