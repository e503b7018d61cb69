"""The advisor and the hand-back on the Play page: ask the policy, hand the actor to it, take it back.

No game logic here: `PlaySession.advice`, `hand_back` and `take_back` (ui/games.py) ask the
session (play/session.py, play/advisor.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import solara

from wargame.engine.roster import display_name
from wargame.ui.card import browser_wording
from wargame.ui.i18n import N_, tr

MAX_HAND_WEEKS = 520
WHO = {"policy": N_("by the policy"), "standing order": N_("by your standing order")}


def order_marks(game: Any) -> dict[tuple[int, str], str]:
    """(week, actor) -> who gave a person's actor its orders when the person did not."""
    return {
        (week, actor): tr(WHO[who])
        for week, by in getattr(game, "decided_by", {}).items()
        for actor, who in by.items()
        if who in WHO
    }


_ADVICE = re.compile(r"The policy \((?P<policy>[^)]*)\) would: (?P<reason>.*)", re.DOTALL)
_GENERIC = re.compile(r"The '(?P<name>[^']*)' policy gives (?P<what>[^:.]*)(?:: (?P<about>.*)|\.)$")


def advice_line(line: str) -> str:
    """The advisor's line (ui/games.PlaySession.advice) in the page's language: its frame and
    the generic reason translated, a policy's own reason through the catalogue (else as given)."""
    match = _ADVICE.fullmatch(line)
    if not match:
        return line
    reason = match["reason"]
    generic = _GENERIC.fullmatch(reason)
    if generic:
        what = generic["what"]
        count = re.fullmatch(r"(\d+) order\(s\)", what)
        if count:
            what = tr("{n} order(s)", n=count[1])
        elif what == "no orders this week":
            what = tr(what)
        reason = tr("The '{name}' policy gives {what}", name=generic["name"], what=what)
        reason += f": {tr(generic['about'])}" if generic["about"] else "."
    else:
        reason = tr(reason)
    return tr("The policy ({policy}) would: {reason}", policy=match["policy"], reason=reason)


def hand_words(hand: Any) -> str:
    """How long the policy plays an actor (play/session.HandBack.describe, translated)."""
    if hand.through is None:
        return tr("the policy plays it until something happens to it (its next decision point)")
    return tr("the policy plays it through week {week}", week=hand.through)


@solara.component
def AdvisorButton(
    session: Any, on_advice: Callable[[list[dict[str, Any]]], None], line: str, set_line: Any
) -> None:
    """'What would the policy do?': pre-fills the card's orders and shows the policy's reason."""

    def ask() -> None:
        answer = session.advice()
        if isinstance(answer, str):
            set_line(browser_wording(answer))
            return
        actions, reason = answer
        on_advice(actions)
        set_line(reason)

    solara.Button(
        tr("What would the policy do?"), on_click=ask, outlined=True, classes=["wg-advise"]
    )
    if line:
        solara.Info(advice_line(line), classes=["wg-advice"])


@solara.component
def HandBackPanel(session: Any, seat: str, bump: Callable[[], None]) -> None:
    """Hand this browser's actor to its policy for N weeks or until its next decision point, or
    take it back at once when it is with the policy."""
    weeks, set_weeks = solara.use_state(3)
    refusal, set_refusal = solara.use_state("")
    hand = session.game.handed_back.get(seat)

    def give(n: int | None) -> Callable[[], None]:
        def run() -> None:
            problem = session.hand_back(seat, n)
            set_refusal(browser_wording(problem) if problem else "")
            bump()

        return run

    def take() -> None:
        session.take_back(seat)
        set_refusal("")
        bump()

    with solara.Card(classes=["wg-handback"], style="margin-bottom:6px"):
        if hand is not None:
            solara.Info(
                tr(
                    "{actor} is with its policy: {how}. Orders it gives are marked "
                    "'({mark})' in the feed and the record.",
                    actor=tr(display_name(seat)),
                    how=hand_words(hand),
                    mark=tr(WHO["policy"]),
                ),
                classes=["wg-handed"],
            )
            solara.Button(
                tr("Take control again"), on_click=take, color="primary", classes=["wg-take-back"]
            )
            return
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            with solara.Div(style="width:150px"):
                solara.InputInt(
                    tr("weeks with the policy"),
                    value=weeks,
                    on_value=lambda v: set_weeks(max(1, min(MAX_HAND_WEEKS, int(v or 1)))),
                    classes=["wg-hand-n"],
                )
            solara.Button(
                tr(
                    "Hand {actor} to the policy for {weeks} weeks",
                    actor=tr(display_name(seat)),
                    weeks=weeks,
                ),
                on_click=give(weeks),
                outlined=True,
                classes=["wg-hand-weeks"],
            )
            solara.Button(
                tr("Hand it over until something happens to me"),
                on_click=give(None),
                outlined=True,
                classes=["wg-hand-until"],
            )
        if refusal:
            solara.Error(refusal, classes=["wg-hand-refusal"])
