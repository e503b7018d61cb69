"""The advisor asks a copy of the policy; a hand-back lets the policy play and is recorded so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wargame.errors import WargameError
from wargame.play.decision_points import is_decision_point
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.session import Game, new_game

YEARS = ["years=0.25"]  # 13 weeks


def week_lines(path: Path) -> list[dict[str, Any]]:
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    return [x for x in lines if x["type"] == "week"]


def russia_game(path: Path, asked_week: int) -> Game:
    """Russia (prober: it draws from its RNG every week) played by a person asked in one week."""
    return new_game(
        "default",
        seed=3,
        overrides=YEARS,
        policies={"russia": "prober"},
        humans=["russia"],
        ask=lambda d: d.week == asked_week,
        record=path,
    )


def play_out(game: Game, answer: Any, ask_advice: bool) -> None:
    while not game.over:
        decision = game.advance()
        if decision is None:
            continue
        if ask_advice:
            game.advice()
            game.advice(decision)
        game.submit(answer(decision))
    game.close()


def test_asking_advice_leaves_the_game_byte_identical(tmp_path: Path) -> None:
    """Two games answered alike, one asking advice at each decision: the same record, digest by
    digest (the policy's RNG was not drawn from)."""
    quiet, asked = tmp_path / "quiet.wgr.jsonl", tmp_path / "asked.wgr.jsonl"
    play_out(russia_game(quiet, 5), lambda d: [], ask_advice=False)
    play_out(russia_game(asked, 5), lambda d: [], ask_advice=True)
    a, b = week_lines(quiet), week_lines(asked)
    assert [x["digest"] for x in a] == [x["digest"] for x in b]
    assert a == b
    assert len(a) == 13


def test_advice_is_what_the_policy_then_does_when_nobody_is_seated(tmp_path: Path) -> None:
    """Week 5: the advice to the person equals the prober's week-5 orders in a policy-only game."""
    game = russia_game(tmp_path / "a.wgr.jsonl", 5)
    decision = game.advance()
    while decision is None:
        decision = game.advance()
    assert decision.week == 5 and decision.actor_id == "russia"
    advice = game.advice()
    alone = new_game("default", seed=3, overrides=YEARS, policies={"russia": "prober"})
    alone.start_recording(tmp_path / "alone.wgr.jsonl")
    alone.run(5)
    alone.close()
    policy_orders = week_lines(tmp_path / "alone.wgr.jsonl")[4]["actions"]["russia"]
    assert policy_orders, "a prober orders probes every week (else this test cannot fail)"
    assert advice.actions == policy_orders
    assert advice.policy == "prober"
    assert advice.reason.startswith("Best perceived balance in ")
    assert advice == game.advice()  # asking twice: the same answer, the RNG untouched


def test_the_force_commanders_advice_explains_its_rule(tmp_path: Path) -> None:
    """The Force Commander's default policy answers each open incident; its line names its rule."""
    game = new_game("default", seed=1, overrides=YEARS, humans=["force_commander"])
    decision = game.advance()
    assert decision is not None
    advice = game.advice()
    open_ids = [i["id"] for i in decision.observation["known_incidents"] if i["responded"] is None]
    assert sorted(a["incident"] for a in advice.actions) == sorted(open_ids)
    assert advice.reason.startswith("Answer every incident awaiting a response")
    game.submit(advice.actions)  # the advice is a legal answer


def fc_game(path: Path) -> Game:
    return new_game(
        "default",
        seed=1,
        overrides=YEARS,
        humans=["force_commander"],
        ask=is_decision_point,
        record=path,
    )


def test_hand_back_for_three_weeks_then_take_back(tmp_path: Path) -> None:
    """Handed back in week 1 for 3 weeks: weeks 1-3 are the policy's (as in a game nobody plays),
    not in the record's `humans`; taken back, week 4's decision is the person's again."""
    path = tmp_path / "fc.wgr.jsonl"
    game = fc_game(path)
    first = game.advance()
    assert first is not None and first.week == 1
    hand = game.hand_back("force_commander", 3)
    assert (hand.since, hand.through) == (1, 3) and game.pending is None
    while game.week < 3:
        assert game.advance() is None, "the person is not asked while handed back"
    assert game.week == 3
    assert [game.decided_by[w]["force_commander"] for w in (1, 2, 3)] == ["policy"] * 3
    game.take_back("force_commander")
    again = game.advance()
    assert again is not None and (again.week, again.actor_id) == (4, "force_commander")
    game.submit([])
    assert game.decided_by[4]["force_commander"] == "person"
    while game.week < 4:
        if game.advance() is not None:
            game.submit([])
    game.close()
    lines = week_lines(path)
    assert [("force_commander" in x["humans"]) for x in lines[:4]] == [False, False, False, True]
    nobody = tmp_path / "nobody.wgr.jsonl"
    new_game("default", seed=1, overrides=YEARS, record=nobody).run(3).close()
    assert [x["actions"] for x in lines[:3]] == [x["actions"] for x in week_lines(nobody)]
    assert Replay(load_record(path)).verify()
    assert Replay(load_record(path), policies=True).verify()


def test_hand_back_until_something_happens(tmp_path: Path) -> None:
    """Until its next decision point: the policy plays the rest of this week and every week that
    is not one; the person is asked at the next one."""
    path = tmp_path / "fc.wgr.jsonl"
    game = fc_game(path)
    assert game.advance() is not None
    game.hand_back("force_commander")
    decision = game.advance()
    while decision is None:
        decision = game.advance()
    assert decision.week > 1 and is_decision_point(decision)
    assert "force_commander" not in game.handed_back
    policy_weeks = [w for w, who in game.decided_by.items() if who["force_commander"] == "policy"]
    assert policy_weeks == list(range(1, decision.week))
    game.submit([])
    game.close()
    assert Replay(load_record(path), policies=True).verify()


def test_hand_back_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    """Only a person's actor, only whole weeks of at least one."""
    game = fc_game(tmp_path / "fc.wgr.jsonl")
    with pytest.raises(WargameError, match="not played by a person"):
        game.hand_back("russia", 2)
    with pytest.raises(WargameError, match="at least 1"):
        game.hand_back("force_commander", 0)
    with pytest.raises(WargameError, match="at least 1"):
        game.hand_back("force_commander", 1.5)  # type: ignore[arg-type]


def test_take_back_asks_the_person_at_once(tmp_path: Path) -> None:
    """Handed back for 5 weeks in week 1 and taken back after it: week 2 goes to the person
    (handed back, week 2 would be the policy's)."""
    game = fc_game(tmp_path / "fc.wgr.jsonl")
    assert game.advance() is not None
    game.hand_back("force_commander", 5)
    assert game.advance() is None and game.week == 1
    game.take_back("force_commander")
    decision = game.advance()
    assert decision is not None and decision.week == 2
    other = fc_game(tmp_path / "other.wgr.jsonl")
    other.advance()
    other.hand_back("force_commander", 5)
    assert other.advance() is None and other.advance() is None and other.week == 2


def test_the_feed_marks_the_policys_orders_and_a_resume_keeps_the_marks(tmp_path: Path) -> None:
    """Weeks 1-2 handed back: the feed's answers of those weeks say '(by the policy)', the
    person's week 4 answers do not; a resumed game knows the same weeks from its record."""
    from wargame.play.resume import resume_game
    from wargame.ui.advisor import order_marks
    from wargame.ui.panels import feed_lines
    from wargame.ui.replay import decisions_html

    path = tmp_path / "fc.wgr.jsonl"
    game = fc_game(path)
    game.advance()
    game.hand_back("force_commander", 2)
    while game.week < 4:
        decision = game.advance()
        if decision is not None:
            game.submit(game.advice().actions)
    game.close()
    marks = order_marks(game)
    marked = {w for w, a in marks if a == "force_commander"}
    # The handed-back weeks and any week after them that was no decision point (week 3 now).
    assert {1, 2} <= marked and 4 not in marked
    assert all(game.decided_by[w] != {"force_commander": "person"} for w in marked)
    lines = [t for _, t in feed_lines(game.model, "force_commander", 200, marks)]
    answers = [t for t in lines if "The force answered" in t]
    assert any(t.startswith("Week 1 ") and t.endswith("(by the policy).") for t in answers)
    assert all(not t.startswith("Week 4 ") or "(by the policy)" not in t for t in answers)
    assert not any("(by the policy)" in t for t in lines if "The force answered" not in t)
    resumed = resume_game(path)
    assert order_marks(resumed) == marks
    record = load_record(path)
    html = decisions_html(record.week_line(1), record.header["humans"])
    assert "force_commander (by the policy)" in html and "wg-human-decision" not in html
    assert "(a person decided)" in decisions_html(record.week_line(4), record.header["humans"])


def test_a_hand_back_survives_a_server_restart(tmp_path: Path) -> None:
    """The browser's session saves the hand-back beside the record; a restart keeps it (and an
    entry for an actor nobody plays is ignored); a take-back is saved too."""
    from wargame.ui.games import PlaySession, Setup

    setup = Setup(scenario="default", seed=1, years=0.25, humans=("force_commander",))
    session = PlaySession.start(setup, tmp_path)
    session.run_to_decision()
    assert session.pending is not None
    assert session.hand_back("force_commander", 4) is None
    assert session.pending is None and session.game.week == 1
    saved = json.loads(PlaySession.setup_path(tmp_path, session.code).read_text())
    assert saved["handed_back"] == {"force_commander": {"since": 1, "through": 4}}
    saved["handed_back"]["russia"] = {"since": 1, "through": 9}
    PlaySession.setup_path(tmp_path, session.code).write_text(json.dumps(saved))
    again = PlaySession.resume(session.code, tmp_path)
    assert {a: (h.since, h.through) for a, h in again.game.handed_back.items()} == {
        "force_commander": (1, 4)
    }
    again.run_weeks(3)
    assert again.pending is None and again.game.week == 4
    again.take_back("force_commander")
    assert "handed_back" not in json.loads(PlaySession.setup_path(tmp_path, again.code).read_text())
    assert session.hand_back("russia", 2) is not None  # not a person's actor: refused in words
