"""The advisor and the hand-back on the Play page: ask the policy, hand the actor to it, take it back.

No game logic here: `PlaySession.advice`, `hand_back` and `take_back` (ui/games.py) ask the
session (play/session.py, play/advisor.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from wargame.engine.roster import display_name
from wargame.ui.card import browser_wording

MAX_HAND_WEEKS = 520
WHO = {"policy": "by the policy", "standing order": "by your standing order"}


def order_marks(game: Any) -> dict[tuple[int, str], str]:
    """(week, actor) -> who gave a person's actor its orders when the person did not."""
    return {
        (week, actor): WHO[who]
        for week, by in getattr(game, "decided_by", {}).items()
        for actor, who in by.items()
        if who in WHO
    }


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

    solara.Button("What would the policy do?", on_click=ask, outlined=True, classes=["wg-advise"])
    if line:
        solara.Info(line, classes=["wg-advice"])


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
                f"{display_name(seat)} is with its policy: {hand.describe()}. Orders it gives are"
                " marked '(by the policy)' in the feed and the record.",
                classes=["wg-handed"],
            )
            solara.Button(
                "Take control again", on_click=take, color="primary", classes=["wg-take-back"]
            )
            return
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            with solara.Div(style="width:150px"):
                solara.InputInt(
                    "weeks with the policy",
                    value=weeks,
                    on_value=lambda v: set_weeks(max(1, min(MAX_HAND_WEEKS, int(v or 1)))),
                    classes=["wg-hand-n"],
                )
            solara.Button(
                f"Hand {display_name(seat)} to the policy for {weeks} weeks",
                on_click=give(weeks),
                outlined=True,
                classes=["wg-hand-weeks"],
            )
            solara.Button(
                "Hand it over until something happens to me",
                on_click=give(None),
                outlined=True,
                classes=["wg-hand-until"],
            )
        if refusal:
            solara.Error(refusal, classes=["wg-hand-refusal"])
