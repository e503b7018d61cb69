"""The guided first game: the tutorial scenario's steps, each an instruction above the card.

A step is done when the session shows it done (the student's own orders in the record, the
week, a standing order, the game over); a reading step has a "Next" button. The steps take the
student through each decision the Force Commander has (answer with signal, answer with denial,
move a unit, leave a standing order) and point to the glossary for each concept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import solara

from wargame.ui.card import names_of
from wargame.ui.games import Setup
from wargame.ui.glossary import term_link
from wargame.ui.i18n import N_, tr
from wargame.ui.palette import NEUTRALS
from wargame.ui.safe import text as esc

TUTORIAL_SCENARIO = "tutorial"
TUTORIAL_SEAT = "force_commander"
# The tutorial's seed: its first decision (week 1) has an incident to signal, and an incident
# that allows denial comes at week 3 (checked by tests/test_tutorial.py).
TUTORIAL_SEED = 3
DENIAL_MODES = ("denial", "punishment")


@dataclass(frozen=True)
class Step:
    """One step: its key, a title (English, translated where shown), the glossary terms it points
    to, and whether it is read only."""

    key: str
    title: str
    terms: tuple[str, ...]
    reading: bool = False


STEPS = (
    Step("start", N_("Your command"), ("intelligence_driven", "counter_concentration", "rotation")),
    Step("signal", N_("A decision point: answer with a signal"), ("decision_point", "attribution")),
    Step("feed", N_("Step a week and read the feed"), ("validation", "escalation")),
    Step("denial", N_("Answer with denial"), ("denial", "punishment", "attribution", "tripwire")),
    Step("move", N_("Move a unit"), ("counter_concentration", "area_based")),
    Step("map", N_("Look at the map"), ("tripwire", "caveats"), reading=True),
    Step("standing", N_("Leave a standing order"), ("standing_order",)),
    Step("finish", N_("Play to the end"), ("backstop", "c4isr", "hybrid_attack")),
    Step("debrief", N_("Check the debrief"), ("escalation", "reassurance_force"), reading=True),
)


def is_tutorial(session: Any, seat: str | None) -> bool:
    """Whether this game is the tutorial as its student sees it."""
    return session.setup.scenario == TUTORIAL_SCENARIO and seat == TUTORIAL_SEAT


def student_orders(session: Any, actor: str = TUTORIAL_SEAT) -> list[tuple[int, dict[str, Any]]]:
    """(week, action) of every order the person gave this actor, from the game's record."""
    path = session.record_path
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue  # a line being written
        if item.get("type") == "week" and actor in item.get("humans", []):
            out += [(int(item["week"]), a) for a in item.get("actions", {}).get(actor, [])]
    return out


def first_week(
    orders: list[tuple[int, dict[str, Any]]], kind: str, modes: tuple = ()
) -> int | None:
    """The week of the first order of this kind (and one of these modes, if given)."""
    for week, action in orders:
        if action.get("type") == kind and (not modes or action.get("mode") in modes):
            return week
    return None


def done(step: Step, session: Any, read: frozenset[str]) -> bool:
    """Whether the session shows this step done (reading steps: once read)."""
    if step.reading:
        return step.key in read
    if session.over and step.key != "finish":
        return True  # an order the game no longer asks for does not hold the student up
    model = session.game.model
    orders = student_orders(session)
    if step.key == "start":
        return session.pending is not None or model.week >= 1
    if step.key == "signal":
        return first_week(orders, "respond", ("signal",)) is not None
    if step.key == "feed":
        signalled = first_week(orders, "respond", ("signal",))
        return signalled is not None and model.week > signalled
    if step.key == "denial":
        return first_week(orders, "respond", DENIAL_MODES) is not None
    if step.key == "move":
        return first_week(orders, "move_unit") is not None
    if step.key == "standing":
        return session.game.standing_orders.get(TUTORIAL_SEAT) is not None or session.over
    if step.key == "finish":
        return bool(session.over)
    return False


def current(session: Any, read: frozenset[str] = frozenset()) -> Step | None:
    """The first step not done yet (None: the tutorial is complete)."""
    return next((s for s in STEPS if not done(s, session, read)), None)


def _pending_incidents(session: Any, wanted: Callable[[Mapping[str, Any]], bool]) -> list[dict]:
    """The incidents of the student's pending decision it may answer and `wanted` accepts."""
    decision = session.pending
    if decision is None or decision.actor_id != TUTORIAL_SEAT:
        return []
    offered = (decision.legal.get("respond") or {}).get("incident") or []
    known = decision.observation.get("known_incidents", [])
    return [i for i in known if i.get("id") in offered and wanted(i)]


def _button(label: str) -> str:
    """A button's label in quotes, as the page shows it."""
    return "'" + tr(label) + "'"


def _where(incident: Mapping[str, Any], session: Any) -> str:
    """'incident 4 (level 2) in sector 5 Name (Oblast)'."""
    names = names_of(session.game.model)
    return tr(
        "incident {id} (level {level}) in {sector}",
        id=incident.get("id"),
        level=incident.get("level"),
        sector=names.sector(incident.get("sector")),
    )


def instruction(step: Step, session: Any) -> str:
    """What the student should do now, in words (plain text; glossary links are added apart),
    in the page's language (the buttons named as the page names them)."""
    pending = session.pending is not None and session.pending.actor_id == TUTORIAL_SEAT
    run = tr("Press {button}.", button=_button("Run to next decision"))
    submit = _button("Submit decision")
    if step.key == "start":
        return (
            tr(
                "You command the Coalition's Force Commander in option 4 of the military note: "
                "four heavy brigades wait at hubs behind the line and go where intelligence "
                "points. The game stops at a decision point, a week that needs you."
            )
            + " "
            + run
        )
    if step.key == "signal":
        if not pending:
            return run
        calm = _pending_incidents(session, lambda i: "signal" in i.get("modes", []))
        if not calm:
            return tr(
                "This decision has no incident to signal: press {submit}, then {run}",
                submit=submit,
                run=run,
            )
        pick = min(calm, key=lambda i: (len(i.get("modes", [])), i.get("id", 0)))
        return tr(
            "This is a decision point: {why} says why the game stopped. Open your intelligence "
            "picture to see what you know. Then answer {where} with signal, a public warning "
            "that puts no troops at risk: pick {signal}, press {add}, then {submit}.",
            why="'" + tr("Why now:").rstrip(":") + "'",
            where=_where(pick, session),
            signal="'" + tr("signal") + "'",
            add="'" + tr("Add answer to incident {id}", id=pick.get("id")) + "'",
            submit=submit,
        )
    if step.key == "feed":
        return tr(
            "Now press {step} and read {feed}: the feed names your answer, and the monitors' "
            "attributions as they come. If a decision comes up, read it first.",
            step=_button("Step one week"),
            feed=_button("What happened"),
        )
    if step.key == "denial":
        strong = _pending_incidents(
            session, lambda i: any(m in DENIAL_MODES for m in i.get("modes", []))
        )
        if strong:
            mode = next(m for m in strong[0]["modes"] if m in DENIAL_MODES)
            return tr(
                "Answer {where} with {mode}: it is serious and attributed, and a unit can reach "
                "it. Denial sends your troops to defend the sector; they may take casualties. "
                "Pick it, press {add}, then {submit}.",
                where=_where(strong[0], session),
                mode=tr(mode),
                add="'" + tr("Add answer to incident {id}", id=strong[0].get("id")) + "'",
                submit=submit,
            )
        if pending:
            return tr(
                "Denial needs an incident of level 2 or 3, attributed, within reach of a unit. "
                "None is offered now: submit this one as it is and press {run} until one is.",
                run=_button("Run to next decision"),
            )
        return tr(
            "Denial needs an incident of level 2 or 3, attributed, within reach of a unit. "
            "None is offered now: press {run} until one is.",
            run=_button("Run to next decision"),
        )
    if step.key == "move":
        if not pending:
            return tr("Moving a unit is a decision too.") + " " + run
        return tr(
            "Move a unit: under {move} pick one of your brigades and a sector (for example "
            "where incidents are), press {add}, then {submit}.",
            move="'" + tr("move unit") + "'",
            add="'" + tr("Add {action}", action=tr("move unit")) + "'",
            submit=submit,
        )
    if step.key == "map":
        return tr(
            "Look at the map: the triangles are your units, at their hubs or in a sector they "
            "were sent to; a sector's colour shows what you know of it. A unit in a sector is a "
            "tripwire: if it is hit, the coalition is in the fight. Press {next} when you have "
            "looked.",
            next=_button("Next"),
        )
    if step.key == "standing":
        if not pending:
            return tr("At your next decision you will leave a standing order.") + " " + run
        return tr(
            "Leave a standing order: answer the level-1 incidents with signal (or give no "
            "orders), tick {keep}, then {submit}. It answers the weeks you are not asked, until "
            "you change it.",
            keep=_button("Keep as a standing order"),
            submit=submit,
        )
    if step.key == "finish":
        return tr(
            "Play to the end: press {run} (or {play}) and decide at each stop; the tutorial "
            "lasts one year.",
            run=_button("Run to next decision"),
            play=_button("Play"),
        )
    return tr(
        "The game is over. Read the debrief: why it ended, the turning points, and the charts. "
        "Press {next} to finish the tutorial.",
        next=_button("Next"),
    )


def terms_html(step: Step) -> str:
    """The glossary links of a step (escaped)."""
    return esc(tr("Glossary:")) + " " + ", ".join(term_link(k) for k in step.terms)


@solara.component
def TutorialPanel(session: Any, version: int) -> None:
    """The tutorial's instruction above the card, a 'Next' for reading steps, a skip button."""
    read: frozenset[str]
    set_read: Callable[[frozenset[str]], None]
    read, set_read = solara.use_state(frozenset(), key=f"tutorial-read-{session.code}")
    skipped, set_skipped = solara.use_state(False, key=f"tutorial-skip-{session.code}")
    if skipped:
        return
    step = current(session, read)
    number = len(STEPS) if step is None else STEPS.index(step) + 1
    with solara.Card(
        tr(
            "Tutorial, step {number} of {total}: {title}",
            number=number,
            total=len(STEPS),
            title=tr("done") if step is None else tr(step.title),
        ),
        classes=["wg-tutorial", f"wg-tutorial-{'done' if step is None else step.key}"],
        style=f"border:2px dashed {NEUTRALS['ink']};margin-bottom:6px",
    ):
        if step is None:
            solara.Text(
                tr(
                    "Tutorial complete. Start a game of your own from {new}, or replay this one.",
                    new=_button("New game"),
                ),
                classes=["wg-tutorial-text"],
            )
        else:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=esc(instruction(step, session)),
                classes=["wg-tutorial-text"],
            )
            solara.HTML(
                tag="div",
                unsafe_innerHTML=terms_html(step),
                classes=["wg-tutorial-terms"],
                style="font-size:12px",
            )
        with solara.Row():
            if step is not None and step.reading:
                solara.Button(
                    tr("Next"),
                    on_click=lambda: set_read(read | {step.key}),
                    color="primary",
                    classes=["wg-tutorial-next"],
                )
            solara.Button(
                tr("Skip tutorial") if step is not None else tr("Close"),
                on_click=lambda: set_skipped(True),
                text=True,
                classes=["wg-tutorial-skip"],
            )
    solara.Text(f"{version}", style="display:none")


@solara.component
def TutorialButton(on_start: Callable[[], None]) -> None:
    """The set-up page's 'Tutorial: your first game' button."""
    with solara.Card(tr("New to the game?"), classes=["wg-tutorial-start"]):
        solara.Text(
            tr(
                "A one-year guided game as the Force Commander: one decision of each kind, "
                "with the concepts of the sources at hand."
            ),
            style="display:block;font-size:13px",
        )
        solara.Button(
            tr("Tutorial: your first game"),
            on_click=on_start,
            color="primary",
            classes=["wg-tutorial-btn"],
        )


def tutorial_setup() -> Setup:
    """The tutorial's set-up: its scenario and seed, the student as the Force Commander."""
    return Setup(TUTORIAL_SCENARIO, TUTORIAL_SEED, (TUTORIAL_SEAT,))
