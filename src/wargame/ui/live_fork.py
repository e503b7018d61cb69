"""The Play page's *Fork this game*: a new game from a week of the game being played.

A seat holder or the umpire picks the week (the current one, the week after the last played, by
default; or any earlier one) and, optionally, an actor the policies play with another registered
policy, and a person's actor to hand to its own policy in the fork (a student their own; the
umpire any): the fork's header then lists that actor among the policies' (a browser whose actor
is handed over watches the fork as its umpire). The fork is `wargame.play.fork.fork` on the
game's record in the games folder: a new game with its own code and record, whose header names
its parent and the fork week
(docs/records.md). The browser that forked it keeps its seat there (or is its umpire) and the
page opens it. Every pick is checked against the server's own lists (`choices.guarded`), and
`PlaySession.fork` checks the browser's rights again.
"""

from __future__ import annotations

from collections.abc import Callable

import solara

from wargame.ui.card import actor_name, browser_wording
from wargame.ui.choices import guarded
from wargame.ui.games import PlaySession
from wargame.ui.i18n import N_, tr

NOBODY = N_("nobody (the same policies)")
KEEP_PEOPLE = N_("nobody (the people play on)")


def fork_choices(session: PlaySession) -> dict[str, list[str]]:
    """Per actor the policies play (not a person's), the registered policies that may play it."""
    from wargame.ui.what_if import policy_choices

    people = set(session.game.humans)
    actors = [a for a in session.game.model.actors if a not in people]
    return {actor: names[1:] for actor, names in policy_choices(actors).items() if names[1:]}


def hand_choices(session: PlaySession, token: str | None) -> list[str]:
    """The people's actors this browser may hand to their policy in a fork: its own (a seat
    holder), or any (the umpire)."""
    people = [a for a in session.setup.humans if a in session.game.humans]
    if session.is_umpire(token):
        return people
    seat = session.seat_of(token)
    return [seat] if seat in people else []


@solara.component
def ForkPanel(
    session: PlaySession, token: str | None, version: int, on_forked: Callable[[PlaySession], None]
) -> None:
    """Fork the game being played at a week, another policy for one actor if chosen."""
    weeks = solara.use_memo(lambda: list(session.fork_weeks()), [session.code, version])
    choices = solara.use_memo(lambda: fork_choices(session), [session.code])
    actors = {tr(NOBODY): NOBODY, **{actor_name(a): a for a in choices}}  # label -> id
    week, set_week = solara.use_state(0)  # 0: the current week (the last offered)
    actor, set_actor = solara.use_state(NOBODY)
    policy, set_policy = solara.use_state("")
    problem, set_problem = solara.use_state("")
    chosen = week if week in weeks else (weeks[-1] if weeks else 0)
    policies = choices.get(actor, [])
    handable = {actor_name(a): a for a in hand_choices(session, token)}
    keep = tr(KEEP_PEOPLE)
    hands = [keep, *handable]
    hand, set_hand = solara.use_state(keep)
    handed = [handable[hand]] if hand in handable else []

    def pick_actor(picked: str) -> None:
        set_actor(picked)
        set_policy(choices.get(picked, [""])[0])

    def go() -> None:
        if not weeks:
            set_problem(tr("This game has no week to fork from yet: play a week first."))
            return
        picked = {actor: policy} if actor != NOBODY and policy in policies else {}
        result = session.fork(token, chosen, picked, handed)
        if isinstance(result, str):
            set_problem(browser_wording(result))
            return
        set_problem("")
        on_forked(result)

    with (
        solara.Details(tr("Fork this game (what if ...)")),
        solara.Card(classes=["wg-live-fork"]),
    ):
        solara.Text(
            tr(
                "A new game from the start of the week chosen (the state after the week before), "
                "its own code and record naming this game as its parent. You keep your seat in it "
                "(the umpire is its umpire); this game goes on unchanged."
            )
        )
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            solara.Select(
                tr("from week"),
                values=weeks,
                value=chosen,
                on_value=guarded("from week", lambda: weeks, set_week, set_problem),
                classes=["wg-live-fork-week"],
            )
            solara.Select(
                tr("hand to another policy"),
                values=list(actors),
                value=tr(NOBODY) if actor == NOBODY else actor_name(actor),
                on_value=guarded(
                    "actor",
                    lambda: list(actors),
                    lambda name: pick_actor(actors[name]),
                    set_problem,
                ),
                classes=["wg-live-fork-actor"],
            )
            if actor != NOBODY:
                solara.Select(
                    tr("{actor} plays", actor=actor_name(actor)),
                    values=policies,
                    value=policy if policy in policies else policies[0],
                    on_value=guarded("policy", lambda: policies, set_policy, set_problem),
                    classes=["wg-live-fork-policy"],
                )
            if handable:
                solara.Select(
                    tr("hand to its policy in the fork"),
                    values=hands,
                    value=hand if hand in hands else keep,
                    on_value=guarded("hand over", lambda: hands, set_hand, set_problem),
                    classes=["wg-live-fork-hand"],
                )
            solara.Button(tr("Fork"), on_click=go, color="primary", classes=["wg-live-fork-go"])
        if handed:
            solara.Text(
                tr(
                    "In the fork {actor} is played by its policy; you watch it as its umpire.",
                    actor=actor_name(handed[0]),
                )
                if session.seat_of(token) in handed
                else tr(
                    "In the fork {actor} is played by its policy.", actor=actor_name(handed[0])
                ),
                classes=["wg-live-fork-handed"],
            )
        if problem:
            solara.Error(problem, classes=["wg-live-fork-error"])
