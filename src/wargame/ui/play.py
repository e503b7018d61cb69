"""The Play page: set up a game, step it, decide at decision points, read the map and panels.

The game's code and the actor this browser commands live in the URL (`/?game=CODE&as=ACTOR`),
so a refresh finds the same game, and after a server restart it is resumed from its record.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from threading import Event
from typing import Any
from urllib.parse import parse_qs, urlencode

import solara

from wargame.engine.decisions import NO_ACTION_HELP, explain_action
from wargame.engine.roster import TURN_ORDER, display_name, is_nation, kind_of
from wargame.errors import WargameError
from wargame.play.decision_points import decision_reasons
from wargame.ui import access
from wargame.ui.advisor import AdvisorButton, HandBackPanel, order_marks
from wargame.ui.card import (
    NO_PATROL_LINE,
    Names,
    action_name,
    actor_name,
    browser_wording,
    incident_modes,
    incident_sentence,
    intel_html,
    mode_line,
    mode_name,
    names_of,
    open_incidents,
    order_sentence,
    param_name,
    value_label,
    week_dates,
    week_label,
)
from wargame.ui.choices import guarded
from wargame.ui.games import (
    PlaySession,
    Setup,
    games_dir,
    open_session,
    split_join_code,
    start_session,
    valid_code,
)
from wargame.ui.glossary import GlossaryPanel, mode_term
from wargame.ui.i18n import tr
from wargame.ui.live_fork import ForkPanel
from wargame.ui.map_picture import actor_picture, umpire_picture
from wargame.ui.map_svg import MapView
from wargame.ui.objectives import ObjectivesPanel
from wargame.ui.orders import KeepOrder, standing_text
from wargame.ui.palette import NEUTRALS
from wargame.ui.panels import ActorStates, Charts, Debrief, EventFeed
from wargame.ui.safe import text as esc
from wargame.ui.tutorial import (
    TUTORIAL_SEAT,
    TutorialButton,
    TutorialPanel,
    is_tutorial,
    tutorial_setup,
)
from wargame.ui.white_cell import WhiteCellConsole

AUTOPLAY_PAUSE_S = 0.05
POLL_S = 0.3
PUBLIC = "public"  # a watcher's viewer: the public picture and the public events only


def query(search: str | None) -> dict[str, str]:
    """The URL's query parameters, one value each."""
    return {k: v[0] for k, v in parse_qs(search or "").items() if v}


def play_url(code: str, seat: str | None, **extra: str) -> str:
    """The URL of a game as seen by one seat (or `umpire`, `watch`)."""
    params = {"game": code, **({"as": seat} if seat else {}), **extra}
    return "/?" + urlencode(params)


# -- setting up --------------------------------------------------------------------------------
SCENARIOS_FOLDER = "scenarios"  # inside the games folder: the server's own scenario files
FOLDER_TAG = " (scenarios folder)"


def scenario_files() -> dict[str, str]:
    """Scenario files in the games folder's `scenarios/` (label -> path), by file name."""
    folder = games_dir() / SCENARIOS_FOLDER
    if not folder.is_dir():
        return {}
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return {f"{f.stem}{FOLDER_TAG}": str(f.resolve()) for f in files if not f.name.startswith(".")}


def scenario_names() -> list[str]:
    """The shipped scenarios, 'default' first, then the files in the scenarios folder."""
    from wargame import paths

    shipped = [n for n in paths.list_names("scenarios") if n != "default"]
    return ["default", *shipped, *scenario_files()]


def scenario_ref(choice: str) -> str:
    """What `new_game` is given for a choice of the list: a shipped name or a file's path."""
    return scenario_files().get(choice, choice)


def policy_choices(actor_id: str) -> list[str]:
    """The registered policy names that can play this actor."""
    from wargame.policies.registry import list_policies

    kind = "nation" if actor_id == "nations" else actor_id
    return [p.name for p in list_policies() if kind in p.actors]


def scenario_policies(scenario: str) -> dict[str, str]:
    """Who plays each actor when nobody chooses: the scenario's policies (empty if it won't load).

    Every nation gets the same one in the shipped scenarios; it is shown under "nations".
    """
    from wargame.config.scenario import load_scenario
    from wargame.errors import WargameError
    from wargame.play.session import actor_ids_for
    from wargame.policies.registry import policy_specs

    try:
        loaded = load_scenario(scenario)
        specs = policy_specs(loaded.settings, actor_ids_for(loaded))
    except WargameError:
        return {}
    named = {actor: str(spec["name"]) for actor, spec in specs.items()}
    nations = {name for actor, name in named.items() if is_nation(actor)}
    if len(nations) == 1:
        named["nations"] = nations.pop()
    return named


def policy_label(actor: str, default: str | None) -> str:
    """A policy Select's label: the actor, and who plays it unless another policy is picked."""
    who = actor_name(actor) if actor != "nations" else tr("Every nation")
    return (
        tr("{who} (default: the scenario's {policy})", who=who, policy=default) if default else who
    )


def default_item(default: str | None) -> str:
    """The first item of a policy menu: leave it to the scenario (naming its policy)."""
    if default:
        return tr("the scenario's default ({policy})", policy=default)
    return tr("the scenario's default")


def _policy_items_of(actor: str, default: str | None) -> Callable[[], list[str]]:
    """The items of an actor's policy Select: the scenario's default (named), then its policies."""
    return lambda: [default_item(default), *policy_choices(actor)]


SEAT_LABELS = {display_name(a): a for a in TURN_ORDER}  # the seat toggles show names


def seat_labels() -> dict[str, str]:
    """The seat toggles' labels (actor names in the page's language) -> actor ids."""
    return {actor_name(a): a for a in TURN_ORDER}


def years_problem(years: str) -> str | None:
    """What is wrong with the Years field, in the page's words (None: fine or empty)."""
    if not years.strip():
        return None
    try:
        value = float(years)
    except ValueError:
        return tr(
            "Years: '{value}' is not a number (leave it empty for the scenario's length)",
            value=years[:20],
        )
    if not value > 0:
        return tr(
            "Years: {value} is not above 0 (leave it empty for the scenario's)",
            value=years.strip()[:20],
        )
    return None


@solara.component
def SetupForm(on_start: Callable[[Setup], None], on_join: Callable[[str], None]) -> None:
    """Choose scenario, seed, the actors people command and everyone else's policy."""
    scenario, set_scenario = solara.use_state("default")
    seed, set_seed = solara.use_state(1)
    years, set_years = solara.use_state("")
    humans: list[str]
    set_humans: Callable[[list[str]], None]
    humans, set_humans = solara.use_state([])  # nobody preselected: watching needs no click
    watchers, set_watchers = solara.use_state(False)
    policies: dict[str, str]
    set_policies: Callable[[dict[str, str]], None]
    policies, set_policies = solara.use_state({})
    code, set_code = solara.use_state("")
    problem, set_problem = solara.use_state("")
    defaults = solara.use_memo(lambda: scenario_policies(scenario_ref(scenario)), [scenario])

    def cleared(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """An on_value that also clears a stale problem once a choice is taken."""

        def handle(value: Any) -> None:
            set_problem("")
            fn(value)

        return handle

    def start() -> None:
        wrong = years_problem(years)
        if wrong:
            set_problem(wrong)
            return
        set_problem("")
        chosen_years = float(years) if years.strip() else None
        chosen = {a: p for a, p in policies.items() if a not in humans and p}
        on_start(
            Setup(scenario_ref(scenario), int(seed), tuple(humans), chosen, chosen_years, watchers)
        )

    def set_policy_of(actor: str) -> Callable[[str], None]:
        return lambda name: set_policies({**policies, actor: name})

    def policy_picker(actor: str, first: str) -> Callable[[Any], None]:
        """Set an actor's policy from its menu; the default item leaves it to the scenario."""
        return lambda name: set_policy_of(actor)("" if name == first else name)

    seats = seat_labels()
    with solara.Card(tr("New game"), classes=["wg-setup"]):
        solara.Select(
            tr("Scenario"),
            value=scenario,
            values=scenario_names(),
            on_value=guarded("Scenario", scenario_names, cleared(set_scenario), set_problem),
            classes=["wg-scenario"],
        )
        with solara.Row():
            solara.InputInt(tr("Seed"), value=seed, on_value=set_seed)
            solara.InputText(
                tr("Years (empty: the scenario's)"),
                value=years,
                on_value=set_years,
                continuous_update=True,
            )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<b>{esc(tr('You command'))}</b> "
            + esc(tr("(none: watch the policies play; two or more: a room for two students)")),
        )
        solara.ToggleButtonsMultiple(
            value=[actor_name(a) for a in humans],
            values=list(seats),
            on_value=guarded(
                "You command",
                lambda: list(seats),
                cleared(lambda labels: set_humans([seats[x] for x in labels])),
                set_problem,
                True,
            ),
            classes=["wg-humans"],
        )
        with solara.Details(tr("Policies of the other actors")):
            for actor in (*TURN_ORDER, "nations"):
                if actor in humans:
                    continue
                default = defaults.get(actor)
                first = default_item(default)
                solara.Select(
                    policy_label(actor, default),
                    value=policies.get(actor) or first,
                    values=[first, *policy_choices(actor)],
                    on_value=guarded(
                        f"policy of {actor}",
                        _policy_items_of(actor, default),
                        cleared(policy_picker(actor, first)),
                        set_problem,
                    ),
                    classes=[f"wg-policy-{actor}"],
                )
        solara.Checkbox(
            label=tr("Anyone with the code may watch (the public view only)"),
            value=watchers,
            on_value=set_watchers,
        )
        if problem:
            solara.Error(problem, classes=["wg-setup-problem"])
        solara.Button(tr("Start game"), on_click=start, color="primary", classes=["wg-start"])
    with solara.Card(tr("Join a game or room"), classes=["wg-join"]):
        solara.InputText(
            tr("Game code (a room's: CODE-INVITE)"),
            value=code,
            on_value=set_code,
            continuous_update=True,
            classes=["wg-join-code"],
        )
        solara.Button(tr("Join"), on_click=lambda: on_join(code), classes=["wg-join-btn"])


# -- deciding ----------------------------------------------------------------------------------
@solara.component
def IntelligencePicture(observation: dict[str, Any], names: Names) -> None:
    """Exactly what the commanded actor knows this week (its fog of war), in words."""
    with solara.Details(
        tr("Your intelligence picture (everything your actor knows)"), expand=False
    ):
        solara.HTML(
            tag="table",
            unsafe_innerHTML=intel_html(observation, names),
            style="font-size:12px",
            classes=["wg-intel"],
        )


def labelled(name: str, allowed: list, names: Names) -> dict[str, Any]:
    """A parameter's values by the label a person reads (a sector by its name), labels unique."""
    out: dict[str, Any] = {}
    for value in allowed:
        label = value_label(name, value, names)
        out[label if label not in out else f"{label} [{value}]"] = value
    return out


@solara.component
def ParamInput(
    name: str,
    allowed: list | None,
    value: Any,
    on_value: Callable[[Any], None],
    names: Names,
    on_refused: Callable[[str], None],
) -> None:
    """One parameter of an action: toggles for a few values, a list for many, a number if free."""
    if allowed is None:
        solara.InputInt(name, value=int(value or 0), on_value=on_value)
        return
    by_label = labelled(name, allowed, names)
    items = list(by_label)
    shown = next((k for k, v in by_label.items() if v == value), items[0] if items else None)
    pick = guarded(name, lambda: items, lambda label: on_value(by_label[label]), on_refused)
    if len(allowed) <= 8:
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            solara.Text(f"{param_name(name)}:")
            solara.ToggleButtonsSingle(
                value=shown, values=items, on_value=pick, classes=[f"wg-param-{name}"]
            )
    else:
        solara.Select(
            param_name(name), value=shown, values=items, on_value=pick, classes=[f"wg-param-{name}"]
        )


@solara.component
def ActionBuilder(
    actor_id: str,
    kind: str,
    params: dict[str, list | None],
    limit: int | None,
    on_add: Callable[[dict[str, Any]], None],
    names: Names,
    on_refused: Callable[[str], None],
    picked: str | None = None,
) -> None:
    """One legal action type: what it does, its parameters, and an Add button (`picked`: a
    sector clicked on the map, pre-selected where the action takes a sector and allows it)."""
    values, set_values = solara.use_state(
        {p: (allowed[0] if allowed else 0) for p, allowed in params.items()}, key=f"{kind}-vals"
    )

    def preselect() -> None:
        allowed = params.get("sector")
        if picked is not None and allowed and picked in allowed:
            set_values({**values, "sector": picked})

    solara.use_effect(preselect, [picked])
    title = action_name(kind) + (
        " " + tr("(at most {n} a week)", n=limit) if limit is not None else ""
    )

    def set_value_of(name: str) -> Callable[[Any], None]:
        return lambda value: set_values({**values, name: value})

    with solara.Card(title, classes=[f"wg-action-{kind}"], style="margin-bottom:6px"):
        solara.Text(tr(explain_action(actor_id, kind)), style="font-size:13px")
        for name, allowed in params.items():
            ParamInput(name, allowed, values.get(name), set_value_of(name), names, on_refused)
        solara.Button(
            tr("Add {action}", action=action_name(kind)),
            on_click=lambda: on_add({"type": kind, **values}),
            outlined=True,
            classes=[f"wg-add-{kind}"],
        )


def mode_lines_html(modes: list[str], delegated: bool | None) -> str:
    """Each allowed mode with what it risks and costs, as list items (escaped)."""
    return "".join(f"<li><b>{mode_term(m)}</b>: {esc(mode_line(m, delegated))}</li>" for m in modes)


@solara.component
def IncidentAnswer(
    incident: dict[str, Any],
    observation: dict[str, Any],
    legal: dict[str, Any],
    names: Names,
    on_add: Callable[[dict[str, Any]], None],
    on_refused: Callable[[str], None],
) -> None:
    """One incident the Force Commander may answer: a sentence, its own modes, an Add button."""
    modes = incident_modes(incident, legal)
    ident = incident.get("id")
    mode, set_mode = solara.use_state(modes[0] if modes else "none", key=f"mode-{ident}")
    delegated = observation.get("delegated_authority")
    with solara.Card(classes=["wg-incident", f"wg-incident-{ident}"], style="margin-bottom:6px"):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=esc(incident_sentence(incident, observation, names)),
            classes=["wg-incident-text"],
        )
        solara.HTML(
            tag="ul",
            unsafe_innerHTML=mode_lines_html(modes, delegated),
            classes=["wg-mode-lines"],
            style="font-size:12px;margin:2px 0;padding-left:16px",
        )
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            labels = {mode_name(m): m for m in modes}
            solara.ToggleButtonsSingle(
                value=mode_name(mode),
                values=list(labels),
                on_value=guarded(
                    f"mode for incident {ident}",
                    lambda: list(labels),
                    lambda label: set_mode(labels[label]),
                    on_refused,
                ),
                classes=["wg-incident-modes"],
            )
            solara.Button(
                tr("Add answer to incident {id}", id=ident),
                on_click=lambda: on_add({"type": "respond", "incident": ident, "mode": mode}),
                outlined=True,
                classes=["wg-add-respond"],
            )


def picked_incidents(
    incidents: list[dict[str, Any]], sector: str | None
) -> tuple[list[dict[str, Any]], bool]:
    """The incidents the card shows when a sector was picked on the map: that sector's, if it
    has any the actor may answer (True), else all of them (False)."""
    if sector is None:
        return incidents, False
    mine = [i for i in incidents if i.get("sector") == sector]
    return (mine, True) if mine else (incidents, False)


@solara.component
def RespondForm(
    observation: dict[str, Any],
    legal: dict[str, Any],
    names: Names,
    on_add: Callable[[dict[str, Any]], None],
    on_refused: Callable[[str], None],
    picked: str | None = None,
    on_unpick: Callable[[], None] | None = None,
) -> None:
    """Answer known incidents: one card per incident, offering only the modes it allows
    (`picked`: a sector clicked on the map; the card shows its incidents only)."""
    shown, filtered = picked_incidents(open_incidents(observation, legal), picked)
    with solara.Card(
        tr("Answer incidents"), classes=["wg-action-respond"], style="margin-bottom:6px"
    ):
        solara.Text(tr(explain_action("force_commander", "respond")), style="font-size:13px")
        if picked is not None:
            with solara.Row(style="align-items:center;flex-wrap:wrap", classes=["wg-picked"]):
                message = (
                    tr("Picked on the map: {sector}.", sector=names.sector(picked))
                    if filtered
                    else tr(
                        "Picked on the map: {sector}, where no incident waits for your answer.",
                        sector=names.sector(picked),
                    )
                )
                solara.Text(message, classes=["wg-picked-text"], style="font-size:13px")
                if on_unpick is not None:
                    solara.Button(
                        tr("Show all incidents"),
                        on_click=on_unpick,
                        text=True,
                        classes=["wg-unpick"],
                    )
        for incident in shown:
            IncidentAnswer(incident, observation, legal, names, on_add, on_refused).key(
                f"incident-{incident.get('id')}"
            )


def orders_html(chosen: list[dict[str, Any]], names: Names, observation: dict[str, Any]) -> str:
    """The orders given so far, one sentence each (escaped)."""
    places = {
        i.get("id"): names.sector(i.get("sector"))
        for i in observation.get("known_incidents", [])
        if isinstance(i, dict)
    }
    items = []
    for action in chosen:
        line = order_sentence(action, names)
        if action.get("type") == "respond" and action.get("incident") in places:
            line = line[:-1] + " " + tr("(in {sector}).", sector=places[action["incident"]])
        items.append(f"<li>{esc(line)}</li>")
    return (
        f"<b>{esc(tr('Your orders:'))}</b><ol style='margin:0;padding-left:18px'>"
        + "".join(items)
        + "</ol>"
    )


@solara.component
def DecisionPanel(
    session: PlaySession,
    decision: Any,
    on_done: Callable[[], None],
    names: Names,
    picked: str | None = None,
    on_unpick: Callable[[], None] | None = None,
) -> None:
    """The pending decision of this browser's actor: why, what it knows, what it may do."""
    chosen: list[dict[str, Any]]
    set_chosen: Callable[[list[dict[str, Any]]], None]
    chosen, set_chosen = solara.use_state([], key=f"chosen-{decision.week}-{decision.actor_id}")
    refusal, set_refusal = solara.use_state("")
    standing = session.game.standing_orders.get(decision.actor_id)
    keep, set_keep = solara.use_state(standing is not None, key=f"keep-{decision.actor_id}")
    advice, set_advice = solara.use_state("", key=f"advice-{decision.week}-{decision.actor_id}")

    def submit() -> None:
        problem = session.submit(list(chosen), keep=keep)
        set_refusal(browser_wording(problem) if problem else "")
        if problem is None:
            set_chosen([])
            on_done()

    def add(action: dict[str, Any]) -> None:
        set_refusal("")  # a stale refusal goes once the next order is taken
        set_chosen([*chosen, action])

    reasons = [tr(r) for r in decision_reasons(decision)] or [tr("you asked to decide")]
    with solara.Card(
        tr(
            "Your decision: {week}, {actor}",
            week=week_label(decision.week, names.start),
            actor=actor_name(decision.actor_id),
        ),
        classes=["wg-decision"],
        style=f"border:2px solid {NEUTRALS['ink']}",
    ):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<b>{esc(tr('Why now:'))}</b> " + esc("; ".join(reasons)) + ".",
        )
        AdvisorButton(session, set_chosen, advice, set_advice)
        IntelligencePicture(decision.observation, names)
        solara.Text(tr(NO_ACTION_HELP), style="font-size:13px;display:block")
        for kind, params in decision.legal.items():
            if kind == "respond":
                RespondForm(
                    decision.observation,
                    decision.legal,
                    names,
                    add,
                    set_refusal,
                    picked,
                    on_unpick,
                )
                continue
            ActionBuilder(
                decision.actor_id,
                kind,
                params,
                decision.limits.get(kind),
                add,
                names,
                set_refusal,
                picked,
            )
        if chosen:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=orders_html(chosen, names, decision.observation),
                classes=["wg-orders"],
            )
            solara.Button(tr("Clear orders"), on_click=lambda: set_chosen([]), text=True)
        if kind_of(decision.actor_id) == "monitor" and not any(
            a.get("type") == "patrol" for a in chosen
        ):
            solara.Warning(tr(NO_PATROL_LINE), classes=["wg-no-patrol"])
        if refusal:
            solara.Error(refusal, classes=["wg-refusal"])
        KeepOrder(keep, set_keep, standing_text(standing, names) if standing else None)
        solara.Button(
            tr("Submit decision"), on_click=submit, color="primary", classes=["wg-submit"]
        )


# -- the game view -----------------------------------------------------------------------------
@solara.component
def Controls(
    session: PlaySession,
    bump: Callable[[], None],
    playing: bool,
    set_playing: Callable[[bool], None],
) -> None:
    """Step, run to the next decision, run N weeks, play/pause, reset."""
    weeks, set_weeks = solara.use_state(10)
    blocked = session.pending is not None or session.over or session.paused

    def act(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            fn()
            bump()

        return run

    with solara.Row(classes=["wg-controls"], style="align-items:center;flex-wrap:wrap"):
        solara.Button(
            tr("Step one week"), on_click=act(session.step), disabled=blocked, classes=["wg-step"]
        )
        solara.Button(
            tr("Run to next decision"),
            on_click=act(session.run_to_decision),
            disabled=blocked,
            classes=["wg-run-decision"],
        )
        with solara.Div(style="width:90px"):
            solara.InputInt(tr("weeks"), value=weeks, on_value=set_weeks, classes=["wg-n"])
        solara.Button(
            tr("Run {n} weeks", n=weeks),
            on_click=act(lambda: session.run_weeks(max(1, weeks))),
            disabled=blocked,
            classes=["wg-run-n"],
        )
        if playing:
            solara.Button(tr("Pause"), on_click=lambda: set_playing(False), classes=["wg-pause"])
        else:
            solara.Button(
                tr("Play"),
                on_click=lambda: set_playing(True),
                disabled=blocked,
                classes=["wg-play"],
            )


@solara.component
def PolicyErrorPanel(session: PlaySession, bump: Callable[[], None]) -> None:
    """A policy failed: say so, and let the player switch that actor's policy and go on."""
    actor = session.failed_actor
    choices = policy_choices(actor) if actor else []
    choice, set_choice = solara.use_state(choices[0] if choices else "")
    refusal, set_refusal = solara.use_state("")

    def pick(name: str) -> None:
        set_refusal("")  # a stale refusal goes once a good choice is taken
        set_choice(name)

    with solara.Card(
        tr("A policy failed"), classes=["wg-policy-error"], style="border:2px solid #c62828"
    ):
        solara.Error(browser_wording(session.error or ""), classes=["wg-error"])
        solara.Text(
            tr(
                "The game is paused where it was; the week goes on once the actor can decide. "
                "Switch its policy and step again."
            ),
            style="display:block;font-size:13px",
        )
        if actor and choices:
            solara.Select(
                tr("New policy for {actor}", actor=actor_name(actor)),
                value=choice,
                values=choices,
                on_value=guarded("new policy", lambda: choices, pick, set_refusal),
                classes=["wg-new-policy"],
            )
            if refusal:
                solara.Error(refusal, classes=["wg-refusal"])

            def switch() -> None:
                session.switch_policy(actor, choice)
                bump()

            solara.Button(tr("Switch policy"), on_click=switch, classes=["wg-switch-policy"])


def status_line(session: PlaySession, seat: str | None) -> str:
    """Where the game stands, in one line."""
    game = session.game
    horizon = game.model.horizon
    if seat == PUBLIC:
        who = tr("you are watching (the public view)")
    elif seat:
        who = tr("you command {actor}", actor=actor_name(seat))
    else:
        who = tr("you are the umpire (you see all)")
    week = game.model.week
    if session.over:
        state = tr("game over after week {week}", week=week)
    elif session.pending is not None:
        state = tr(
            "week {week} of {horizon} ({dates}), a decision is due",
            week=week,
            horizon=horizon,
            dates=week_dates(week),
        )
    elif session.error:
        state = tr(
            "week {week} of {horizon} played; week {next} stopped: a policy failed",
            week=game.week,
            horizon=horizon,
            next=game.week + 1,
        )
    elif week > 0:
        state = tr(
            "week {week} of {horizon} played ({dates})",
            week=week,
            horizon=horizon,
            dates=week_dates(week),
        )
    else:
        state = tr(
            "week {week} of {horizon} played (week 1 is {dates})",
            week=week,
            horizon=horizon,
            dates=week_dates(1),
        )
    if session.pending is not None and session.pending.actor_id != seat:
        state += " - " + tr(
            "waiting for {actor} to decide", actor=actor_name(session.pending.actor_id)
        )
    if session.paused and not session.over:
        state += " - " + tr("paused by the umpire")
    return tr("Game {code}: {state}; {who}", code=session.code, state=state, who=who)


def start_hint(session: PlaySession, seat: str | None) -> str:
    """What to do next at the start of a game, or in a room still waiting for students."""
    free = session.free_seats()
    if seat == PUBLIC:
        return ""
    if session.is_room and free:
        return tr(
            "Room code {code}: the other student opens this app, types it under 'Join a game or "
            "room' and takes {actors}. The game starts by itself once every actor is taken.",
            code=f"{session.code}-{session.invite}",
            actors=tr(" or ").join(actor_name(a) for a in free),
        )
    if session.is_room and session.game.model.week == 0 and session.pending is None:
        return tr(
            "Room code {code}: every actor is taken. Press 'Step one week' to start.",
            code=session.code,
        )
    if session.is_room:
        return tr("Room code {code} (every actor is taken).", code=session.code)
    if session.game.model.week == 0 and not session.over:
        if seat is None:
            return tr("Press 'Step one week', 'Run 10 weeks' or 'Play' to watch the policies play.")
        return tr(
            "Press 'Step one week' (or 'Run to next decision') to start: the game stops "
            "whenever {actor} must decide.",
            actor=actor_name(seat),
        )
    return ""


def map_picture(session: PlaySession, seat: str | None) -> Any:
    """The map this browser may see: its actor's picture, or the umpire's when watching."""
    model = session.game.model
    if seat is None or session.over:
        return umpire_picture(model)
    if seat == PUBLIC:
        return actor_picture(model, PUBLIC)
    pending = session.pending
    if pending is not None and pending.actor_id == seat:
        return actor_picture(model, seat, pending.observation)
    return actor_picture(model, seat)


@solara.component
def GameView(
    session: PlaySession,
    seat: str | None,
    version: int,
    bump: Callable[[], None],
    umpire_token: str | None = None,
) -> None:
    """One game as this browser sees it (`umpire_token`: the umpire's, who gets the console)."""
    playing, set_playing = solara.use_state(False)
    halt = solara.use_memo(Event, [session.code])
    names = solara.use_memo(
        lambda: names_of(session.game.model), [session.code]
    )  # set by Pause: no week starts after it
    model = session.game.model
    picked: str | None
    set_picked: Callable[[str | None], None]
    picked, set_picked = solara.use_state(None)  # a sector clicked on the map
    due = session.pending
    solara.use_effect(
        lambda: set_picked(None), [None if due is None else (due.week, due.actor_id)]
    )  # a new decision starts with every incident shown

    def autoplay(cancel: Event) -> None:
        while playing and not cancel.is_set():
            with session.lock:
                if halt.is_set() or cancel.is_set():
                    return
                session.step()
            bump()
            if session.pending is not None or session.over or session.error or session.paused:
                set_playing(False)
                return
            time.sleep(AUTOPLAY_PAUSE_S)

    solara.use_thread(autoplay, dependencies=[playing, session.code])

    solara.HTML(tag="h3", unsafe_innerHTML=esc(status_line(session, seat)), classes=["wg-status"])
    # Keys: a part shown or hidden (a hint, a warning) must not shift the parts after it, which
    # would draw them anew and lose what a person was doing there (orders, an open menu).
    hint = start_hint(session, seat)
    if hint:
        solara.Info(hint, classes=["wg-hint"]).key("hint")
    if is_tutorial(session, seat):
        TutorialPanel(session, version).key("tutorial")

    def play(on: bool) -> None:
        """Play or pause; a pause waits for the week in progress, so the game stands still."""
        if on:
            halt.clear()
        else:
            halt.set()
            with session.lock:  # the week being played finishes first
                pass
        set_playing(on)

    if seat != PUBLIC:  # a watcher cannot move the game on
        Controls(session, bump, playing, play).key("controls")
    if session.error and seat != PUBLIC:
        PolicyErrorPanel(session, bump).key("policy-error")
    if session.paused and not session.over:
        solara.Warning(
            tr("The umpire has paused the game: nobody can move it on until it is resumed."),
            classes=["wg-paused-banner"],
        ).key("paused")
    if umpire_token is not None and not session.over:
        WhiteCellConsole(session, umpire_token, bump).key("white-cell")
    with solara.Columns([3, 2]).key("game-columns"):
        with solara.Column():
            # A sector clicked on the map: the Force Commander's card shows its incidents, and
            # any order form that takes a sector (Russia's, the monitors', a move) pre-selects it.
            deciding = (
                session.pending is not None
                and session.pending.actor_id == seat
                and any(
                    kind == "respond" or "sector" in params
                    for kind, params in session.pending.legal.items()
                )
            )
            MapView(map_picture(session, seat), on_pick=set_picked if deciding else None)
            Charts(model, None, version=version)
        with solara.Column():
            if session.over:
                Debrief(model, session.game)
            else:
                ObjectivesPanel(model, seat)
            if seat is not None and seat in session.game.humans and not session.over:
                HandBackPanel(session, seat, bump).key("hand-back")
            pending = session.pending
            if pending is not None and pending.actor_id == seat:
                DecisionPanel(session, pending, bump, names, picked, lambda: set_picked(None)).key(
                    "decision"
                )
            GlossaryPanel().key("glossary")
            if seat is None or session.over:
                ActorStates(model, version=version).key("actor-states")
            EventFeed(
                model,
                None if seat is None or session.over else seat,
                model.week,
                marks=order_marks(session.game),
                version=version,
            ).key("feed")
    solara.Text(f"{version}", style="display:none", classes=["wg-version"])


@solara.component
def PlayPage() -> None:
    """The Play page: set up or join a game, then play it (only with a right in it)."""
    router = solara.use_router()
    params = query(router.search)
    code, asked = params.get("game", ""), params.get("as") or None
    invite, umpire_key = params.get("invite"), params.get("umpire")
    version, set_version = solara.use_state(0)
    problem, set_problem = solara.use_state("")
    shown_key, set_shown_key = solara.use_state("")  # the umpire link's key, shown once
    token = solara.use_memo(_browser_token, [])

    session, load_error = solara.use_memo(
        lambda: _load(code, token, invite, umpire_key), [code, invite, umpire_key]
    )
    view = access.view_of(session, token, asked, invite) if session else None

    def bump() -> None:
        set_version(session.version if session else version + 1)

    def watch_room(cancel: Event) -> None:
        """Redraw when a room-mate moves the game on."""
        if session is None or not session.is_room or view is None or view.role is None:
            return
        seen = session.version
        while not cancel.is_set():
            if session.version != seen:
                seen = session.version
                set_version(seen)
            time.sleep(POLL_S)

    solara.use_thread(watch_room, dependencies=[code, view.role if view else None])

    def start(setup: Setup, mine: str | None = None) -> None:
        if token is None:
            set_problem(access.NO_COOKIE)
            return
        try:
            new = start_session(setup)
        except WargameError as exc:
            set_problem(browser_wording(str(exc)))
            return
        set_problem("")
        mine = mine or (setup.humans[0] if setup.humans else None)
        if mine:
            new.take_seat(mine, token, new.invite)
        else:
            new.make_umpire(token)  # nobody plays it: its creator watches it all-knowing
        set_shown_key(f"{new.code}:{new.new_umpire_key()}")
        router.push(play_url(new.code, mine or access.UMPIRE))

    def join(typed: str) -> None:
        join_code, join_invite = split_join_code(typed)
        if not valid_code(join_code):
            set_problem(tr("'{code}' is not a game code", code=typed.strip()[:40]))
            return
        set_problem("")
        extra = {"invite": join_invite} if join_invite else {}
        router.push(play_url(join_code, None, **extra))

    solara.Title(tr("Ceasefire wargame - play"))
    if problem:
        solara.Error(problem, classes=["wg-problem"])
    if not code:
        _Intro()
        TutorialButton(lambda: start(tutorial_setup(), TUTORIAL_SEAT))
        with solara.Columns([1, 1]):
            SetupForm(start, join)
        return
    if session is None or view is None or view.role is None:
        solara.Error(load_error or (view.problem if view else ""), classes=["wg-problem"])
        solara.Button(tr("New game"), on_click=lambda: router.push("/"))
        return
    if umpire_key is not None:  # the umpire link was used: drop its key from the address
        router.push(play_url(session.code, access.UMPIRE))
    if view.role == "pick":
        if view.actor is not None:
            refusal = session.take_seat(view.actor, token or "", invite)
            if refusal is None:
                router.push(play_url(session.code, view.actor))
                return
            solara.Error(refusal, classes=["wg-problem"])
        _SeatPicker(session, token, invite, lambda a: router.push(play_url(session.code, a)))
        return
    if view.problem:
        solara.Warning(view.problem, classes=["wg-problem"])
    seat = view.actor if view.role == "seat" else (PUBLIC if view.role == access.WATCH else None)
    if shown_key.startswith(f"{session.code}:"):
        _UmpireLink(session.code, shown_key.split(":", 1)[1])
    with solara.Row():
        solara.Button(
            tr("New game"), on_click=lambda: router.push("/"), text=True, classes=["wg-new"]
        )
        if view.acts:
            solara.Button(
                tr("Reset (same set-up, new game)"),
                on_click=lambda: start(session.setup, seat),
                text=True,
                classes=["wg-reset"],
            )
    if view.acts:

        def forked(branch: PlaySession) -> None:
            mine = branch.seat_of(token)
            set_shown_key(f"{branch.code}:{branch.new_umpire_key()}")
            router.push(play_url(branch.code, mine or access.UMPIRE))

        ForkPanel(session, token, version, forked).key("fork")
    umpire_token = token if view.role == access.UMPIRE and session.is_umpire(token) else None
    # Keyed: a warning or the umpire link shown above it must not draw the game anew.
    GameView(session, seat, version, bump, umpire_token).key(f"game-{session.code}")


@solara.component
def _UmpireLink(code: str, key: str) -> None:
    """The umpire link of a game just started: shown this once, kept only as a hash."""
    link = play_url(code, None, umpire=key)
    with solara.Details(tr("Umpire link (shown once: copy it now to watch all-knowing elsewhere)")):
        solara.Text(link, classes=["wg-umpire-link"], style="font-family:monospace")


@solara.component
def _SeatPicker(
    session: PlaySession, token: str | None, invite: str | None, on_pick: Callable[[str], None]
) -> None:
    """Pick which actor of a room this browser commands (with the room's invite)."""
    with solara.Card(tr("Game {code}: choose your actor", code=session.code), classes=["wg-seats"]):
        free = [a for a in session.setup.humans if session.holds_seat(a, token or "")]
        if not free:
            solara.Warning(tr("Every actor of this game is taken."))
        for actor in free:

            def pick(a: str = actor) -> None:
                refusal = session.take_seat(a, token or "", invite)
                if refusal is None:
                    on_pick(a)

            solara.Button(
                tr("Command {actor}", actor=actor_name(actor)),
                on_click=pick,
                classes=[f"wg-seat-{actor}"],
            )
        if session.setup.watchers:
            solara.Button(tr("Watch only"), on_click=lambda: on_pick(access.WATCH), text=True)


@solara.component
def _Intro() -> None:
    solara.HTML(tag="h2", unsafe_innerHTML=esc(tr("Guarantee the ceasefire")))
    solara.Text(
        tr(
            "Command one actor — the Coalition's Force Commander, Russia, Ukraine, the United States "
            "or the monitors — through up to ten years of a frozen front line, week by week. Everyone "
            "else is played by a policy. You are asked to decide only at decision points: an "
            "incident attributed to someone, the tripwire pulled, the monthly political review, a "
            "nation threatening to leave. Every game is saved; reload the page to pick it up again."
        )
    )


def _browser_token() -> str | None:
    """This browser's token (the server's HttpOnly `wargame-browser` cookie), None without it."""
    return access.browser_token()


def _load(
    code: str, token: str | None, invite: str | None, umpire_key: str | None
) -> tuple[PlaySession | None, str]:
    """The game behind a URL, if this browser holds a right in it; else why not (no paths)."""
    if not code:
        return None, ""
    if not valid_code(code):
        return None, access.no_game(None)
    folder = games_dir()
    try:
        if umpire_key and token and access.umpire_key_ok(code, umpire_key, folder):
            session = open_session(code)
            if session.make_umpire(token, umpire_key):
                return session, ""
        if not access.may_open(code, token, invite, folder):
            return None, access.no_game(code) if token else access.NO_COOKIE
        return open_session(code), ""
    except WargameError as exc:
        return None, access.hide_paths(str(exc), folder)
    except Exception as exc:  # a broken record must not break the page
        print(f"wargame: game {code} could not be resumed: {exc!r}", file=sys.stderr)
        return (
            None,
            tr(
                "Game {code} could not be resumed: its record is damaged (see the server log).",
                code=code,
            ),
        )
