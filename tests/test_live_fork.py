"""Forking the game being played (the Play page's *Fork this game*): rights, the fork's record
naming its parent and week, the forking browser's seat, and the panel on click."""

from __future__ import annotations

from pathlib import Path

import pytest

solara = pytest.importorskip("solara")

from wargame.play.record.reader import load_record  # noqa: E402
from wargame.ui import live_fork  # noqa: E402
from wargame.ui.games import PlaySession, Setup, open_session, seat_token  # noqa: E402

A, B, C = ("a" * 43, "b" * 43, "c" * 43)  # three browsers' tokens


def played(tmp_path: Path) -> PlaySession:
    """Browser A commands the Force Commander in a one-year game, played to week 6 or beyond."""
    session = PlaySession.start(Setup(humans=("force_commander",), years=1.0, seed=4), tmp_path)
    assert session.take_seat("force_commander", A, session.invite) is None
    session.make_umpire(B)
    while session.game.week < 6 and not session.over:
        if session.pending is not None:
            assert session.submit([]) is None
        else:
            session.step()
    return session


def test_a_player_forks_the_live_game_at_the_current_week_with_another_policy(
    tmp_path: Path,
) -> None:
    session = played(tmp_path)
    weeks = session.fork_weeks()
    assert weeks[-1] == session.game.week + 1  # the current week: after the last one played
    branch = session.fork(A, weeks[-1], {"russia": "compliant"})
    assert isinstance(branch, PlaySession), branch
    assert branch.code != session.code and branch.record_path.exists()
    header = load_record(branch.record_path).header
    assert header["parent"]["file"] == session.record_path.name
    assert header["fork_week"] == weeks[-1]
    assert branch.seat_of(A) == "force_commander"  # the student plays on in the fork
    assert branch.game.week == session.game.week
    assert branch.setup.policies["russia"] == "compliant"
    week_before = session.game.week
    branch.run_weeks(3)
    assert session.game.week == week_before  # the parent goes on unchanged
    assert open_session(branch.code, tmp_path) is branch
    again = PlaySession.resume(branch.code, tmp_path)  # after a server restart
    assert again.game.week == branch.game.week and again.seat_of(A) == "force_commander"
    assert again.game.model.state_digest() == branch.game.model.state_digest()


def test_the_umpire_forks_an_earlier_week_and_is_the_forks_umpire(tmp_path: Path) -> None:
    session = played(tmp_path)
    branch = session.fork(B, 3, {})
    assert isinstance(branch, PlaySession), branch
    assert branch.is_umpire(B) and branch.seat_of(B) is None
    assert "force_commander" in branch.free_seats() and branch.invite
    assert load_record(branch.record_path).header["fork_week"] == 3
    assert branch.game.week == 2


def test_only_the_games_own_seats_and_umpire_may_fork_it(tmp_path: Path) -> None:
    session = played(tmp_path)
    assert "Only this game's players" in str(session.fork(C, 2, {}))
    assert "Only this game's players" in str(session.fork(None, 2, {}))
    refused = session.fork(A, 2, {"force_commander": "responder"})
    assert "only to actors the policies play" in str(refused)
    late = session.fork(A, session.game.week + 5, {})
    assert isinstance(late, str) and "a fork starts at a week from" in late
    assert str(tmp_path) not in late  # no server path in the message
    bad = session.fork(A, 2, {"russia": "../../evil.py"})
    assert isinstance(bad, str)
    assert not [p for p in tmp_path.glob("*.setup.json") if seat_token(C) in p.read_text()]


def test_the_panel_offers_the_policies_actors_and_forks_on_click(tmp_path: Path) -> None:
    import ipyvuetify as v

    session = played(tmp_path)
    choices = live_fork.fork_choices(session)
    assert "force_commander" not in choices and "compliant" in choices["russia"]
    forked: list[PlaySession] = []
    _, rc = solara.render(live_fork.ForkPanel(session, A, 0, forked.append), handle_error=False)
    rc.find(v.Btn, children=["Fork"]).widget.click()
    assert len(forked) == 1 and forked[0].seat_of(A) == "force_commander"
    assert not rc.find(v.Alert).widgets


def test_a_student_hands_their_actor_to_its_policy_in_the_fork(tmp_path: Path) -> None:
    session = played(tmp_path)
    assert live_fork.hand_choices(session, A) == ["force_commander"]
    assert live_fork.hand_choices(session, C) == []  # not this game's
    refused = session.fork(A, 3, {}, ["russia"])
    assert isinstance(refused, str) and "only an actor a person plays" in refused
    branch = session.fork(A, 3, {}, ["force_commander"])
    assert isinstance(branch, PlaySession), branch
    assert branch.game.humans == frozenset() and branch.setup.humans == ()
    assert load_record(branch.record_path).header["humans"] == []
    assert branch.seat_of(A) is None and branch.is_umpire(A)  # A watches its policy play
    assert "force_commander" in session.game.humans  # the parent is unchanged
    branch.run_weeks(4)
    assert branch.pending is None and branch.game.week > 2  # nobody is asked: the policy plays
    again = PlaySession.resume(branch.code, tmp_path)  # after a server restart
    assert again.game.humans == frozenset() and again.is_umpire(A)
    assert again.game.model.state_digest() == branch.game.model.state_digest()


def test_the_panel_hands_the_students_actor_over_on_click(tmp_path: Path) -> None:
    import ipyvuetify as v

    session = played(tmp_path)
    forked: list[PlaySession] = []
    _, rc = solara.render(live_fork.ForkPanel(session, A, 0, forked.append), handle_error=False)
    hand = rc.find(v.Select, label="hand to its policy in the fork").widget
    assert hand.items == ["nobody (the people play on)", "Force Commander"]
    hand.v_model = "Force Commander"
    shown = " ".join(str(w.children) for w in rc.find(v.Html).widgets)
    assert (
        "In the fork Force Commander is played by its policy; you watch it as its umpire" in shown
    )
    rc.find(v.Btn, children=["Fork"]).widget.click()
    assert len(forked) == 1 and forked[0].game.humans == frozenset()
    assert forked[0].is_umpire(A) and not rc.find(v.Alert).widgets
    # A browser watching the game (no seat, not the umpire) is offered no actor to hand over.
    _, watching = solara.render(
        live_fork.ForkPanel(session, C, 0, forked.append), handle_error=False
    )
    assert not watching.find(v.Select, label="hand to its policy in the fork").widgets
