"""Decision points that belong to the actor, and standing orders that answer the other weeks."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from wargame.errors import WargameError
from wargame.play.decision_points import decision_reasons, is_decision_point, reasons_for
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.session import new_game
from wargame.play.standing_orders import Repeat, RespondRule, order_from_decision


@dataclass
class Fake:
    """A hand-made decision: an actor, its observation and its legal actions."""

    actor_id: str
    observation: dict[str, Any]
    legal: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=dict)

    @property
    def week(self) -> int:
        return int(self.observation["week"])


REPORT = {"id": 7, "week": 9, "sector": "s03", "level": 2, "attributed_to": "russia"}


def kinds(decision: Fake) -> list[str]:
    return [r.kind for r in reasons_for(decision)]


def test_an_attribution_is_a_reason_only_for_the_actor_it_accuses() -> None:
    """A report of a limited incident by Russia asks Russia, not the US, Ukraine or the monitor."""
    reports = [{**REPORT, "attributed_week": 10}]
    assert kinds(Fake("russia", {"week": 10, "monitor_reports": reports})) == ["accused"]
    for other in ("ukraine", "monitor", "force_commander", "us"):
        assert not is_decision_point(Fake(other, {"week": 10, "monitor_reports": reports}))
    old = [{**REPORT, "attributed_week": 7}]  # three weeks old: no longer news
    assert not is_decision_point(Fake("russia", {"week": 10, "monitor_reports": old}))
    probe = [{**REPORT, "level": 1, "attributed_week": 10}]  # probes are the weekly routine
    assert not is_decision_point(Fake("russia", {"week": 10, "monitor_reports": probe}))


def test_the_monthly_review_is_every_fourth_week_and_week_one() -> None:
    """Weeks 1, 4, 8 are reviews; 2, 3, 5 are not (for any actor, with nothing else)."""
    asked = [w for w in range(1, 10) if is_decision_point(Fake("us", {"week": w}))]
    assert asked == [1, 4, 8]


def test_a_nation_is_asked_when_attacked() -> None:
    """A hybrid attack or casualties this week ask the nation hit; a quiet week does not."""
    quiet = {"week": 6, "own_will": 0.8, "leave_threshold": 0.3}
    assert not is_decision_point(Fake("gb", quiet))
    assert kinds(Fake("gb", {**quiet, "hybrid_attacks_this_week": 1})) == ["attack"]
    assert kinds(Fake("gb", {**quiet, "own_casualties_this_week": 3.0})) == ["attack"]
    assert kinds(Fake("gb", {**quiet, "own_will": 0.35})) == ["warning"]


def test_russia_is_asked_when_a_build_up_is_ready_and_the_force_when_warned() -> None:
    """Issue 15's build-ups make two decisions: Russia's launch (once massed long enough) and
    the Force Commander's answer to a warning its intelligence gives."""
    quiet = {"week": 6, "min_preparation_weeks": 3, "buildups": {}}
    assert not is_decision_point(Fake("russia", quiet))
    massing = {"s04": {"weeks": 2, "troops": 9000, "warned": False}}
    assert not is_decision_point(Fake("russia", {**quiet, "buildups": massing}))
    ready = {"s04": {"weeks": 3, "troops": 14000, "warned": True}}
    assert kinds(Fake("russia", {**quiet, "buildups": ready})) == ["buildup"]
    fc = {"week": 6, "known_incidents": [], "warnings": []}
    assert not is_decision_point(Fake("force_commander", fc))
    warned = Fake("force_commander", {**fc, "warnings": ["s04"]})
    assert kinds(warned) == ["warning"]
    assert decision_reasons(warned) == ["your intelligence warns of a Russian build-up"]


def test_ukraine_is_asked_for_attacks_not_probes() -> None:
    """A limited attack on Ukraine asks it; a level-1 probe alone does not."""
    probe = {"week": 6, "attacks_on_us": [{"id": 1, "sector": "s01", "level": 1}]}
    assert not is_decision_point(Fake("ukraine", probe))
    attack = {"week": 6, "attacks_on_us": [{"id": 2, "sector": "s01", "level": 2}]}
    assert kinds(Fake("ukraine", attack)) == ["skirmish"]
    # a limited attack is routine for a repeated standing order; a large-scale one still asks
    repeat = Repeat([])
    assert repeat.covers(Fake("ukraine", attack))
    large = {"week": 6, "attacks_on_us": [{"id": 2, "sector": "s01", "level": 2},
                                          {"id": 3, "sector": "s02", "level": 3}]}  # fmt: skip
    assert kinds(Fake("ukraine", large)) == ["attack"]
    assert not repeat.covers(Fake("ukraine", large))


def test_the_force_commander_is_asked_for_what_its_intelligence_attributes() -> None:
    """An incident awaiting a response with an assessed perpetrator asks the force."""
    inc = {
        "id": 3,
        "week": 6,
        "sector": "s02",
        "level": 1,
        "responded": None,
        "modes": ["none", "signal"],
    }
    unknown = {"week": 6, "known_incidents": [{**inc, "assessed_perpetrator": None}]}
    assert not is_decision_point(Fake("force_commander", unknown))
    known = {"week": 6, "known_incidents": [{**inc, "assessed_perpetrator": "russia"}]}
    assert kinds(Fake("force_commander", known)) == ["response"]
    assert "1 incident(s)" in decision_reasons(Fake("force_commander", known))[0]


def test_the_monitor_is_asked_for_new_detections_and_harassment() -> None:
    """New limited detections not yet attributed, and harassment, ask the monitor."""
    det = {"id": 4, "week": 6, "sector": "s02", "level": 2, "attributed_to": None}
    assert kinds(Fake("monitor", {"week": 6, "detected": [det]})) == ["detections"]
    done = {**det, "attributed_to": "russia"}
    assert not is_decision_point(Fake("monitor", {"week": 6, "detected": [done]}))
    assert kinds(Fake("monitor", {"week": 6, "harassed_this_week": ["s01"]})) == ["attack"]


def test_a_respond_rule_answers_only_what_is_legal_and_covers_only_routine() -> None:
    """Level 1 -> signal answers level-1 incidents awaiting a response whose modes allow it."""
    incs = [
        {
            "id": 1,
            "level": 1,
            "responded": None,
            "modes": ["none", "signal"],
            "assessed_perpetrator": "russia",
        },
        {
            "id": 2,
            "level": 2,
            "responded": None,
            "modes": ["none", "signal"],
            "assessed_perpetrator": "russia",
        },
        {
            "id": 3,
            "level": 1,
            "responded": "signal",
            "modes": ["none", "signal"],
            "assessed_perpetrator": "russia",
        },
    ]
    legal = {"respond": {"incident": [1, 2], "mode": ["none", "signal"]}}
    decision = Fake("force_commander", {"week": 6, "known_incidents": incs}, legal)
    rule = RespondRule({1: "signal"})
    assert rule.actions(decision) == [{"type": "respond", "incident": 1, "mode": "signal"}]
    assert not rule.covers(decision)  # the level-2 incident still needs the person
    assert RespondRule({1: "signal", 2: "signal"}).covers(decision)
    review = Fake("force_commander", {"week": 8, "known_incidents": incs}, legal)
    assert not RespondRule({1: "signal", 2: "signal"}).covers(review)  # the review asks
    assert order_from_decision(
        decision, [{"type": "respond", "incident": 2, "mode": "none"}]
    ).modes == {2: "none"}


def test_repeat_keeps_only_legal_orders_within_limits() -> None:
    """'Patrol as last week' drops a sector no longer legal and patrols beyond the teams."""
    order = Repeat()
    order.remember([{"type": "patrol", "sector": s} for s in ("s01", "s02", "s09")])
    decision = Fake(
        "monitor", {"week": 6}, {"patrol": {"sector": ["s01", "s02", "s03"]}}, {"patrol": 1}
    )
    assert order.actions(decision) == [{"type": "patrol", "sector": "s01"}]


def test_a_standing_order_answers_the_weeks_not_asked_and_replays(tmp_path: Path) -> None:
    """A person at the FC with 'level 1 -> signal': the weeks not asked are answered by it,
    recorded as the person's, and the record replays with the policies deciding again."""
    path = tmp_path / "g.wgr.jsonl"
    game = new_game(
        "default",
        seed=2,
        overrides=["years=0.5"],
        humans=["force_commander"],
        ask=is_decision_point,
        record=path,
    )
    game.set_standing_order("force_commander", RespondRule({1: "signal"}))
    asked: set[int] = set()
    while not game.over:
        decision = game.advance()
        if decision is not None:
            asked.add(decision.week)
            game.submit([])  # the person answers nothing: only the standing order signals
    game.close()
    record = load_record(path)
    weeks = range(1, record.last_week + 1)
    by_person = {w for w in weeks if "force_commander" in record.week_line(w)["humans"]}
    decided = {w for w in weeks if "force_commander" in record.week_line(w)["actions"]}
    assert by_person == decided  # each week the force decided: the person, or the order
    assert 0 < len(asked) < len(by_person)
    incidents = game.incidents()
    signalled = incidents[(incidents["force_response"] == "signal") & (incidents["level"] == 1)]
    assert len(signalled) > 0
    replay = Replay(path, policies=True)
    assert replay.verify(), replay.problems


def test_a_standing_order_is_cleared_and_only_for_a_person() -> None:
    """None clears an order; an actor a policy plays cannot have one (one clear message)."""
    game = new_game(
        "default",
        seed=2,
        overrides=["years=0.5"],
        humans=["force_commander"],
        ask=is_decision_point,
    )
    game.set_standing_order("force_commander", RespondRule({1: "signal"}))
    game.set_standing_order("force_commander", None)
    assert game.standing_orders == {}
    with pytest.raises(WargameError, match="not played by a person"):
        game.set_standing_order("russia", Repeat([]))


def test_reasons_come_from_the_observation_alone() -> None:
    """Never revealing what an actor cannot know: the reasons of every decision of a real game
    are the same from its observation alone (no legal actions, no model, no other actor)."""
    probe = new_game("option2_light_area", seed=4)
    game = new_game(
        "option2_light_area", seed=4, overrides=["years=0.3"], humans=list(probe.model.actors)
    )
    kinds_seen: set[str] = set()
    while not game.over:
        decision = game.advance()
        if decision is None:
            continue
        alone = Fake(decision.actor_id, copy.deepcopy(decision.observation))
        assert reasons_for(alone) == reasons_for(decision)
        kinds_seen |= {r.kind for r in reasons_for(decision)}
        game.submit(game.model.decide(decision))
    assert {"review", "response", "attack"} <= kinds_seen


def test_a_nation_is_asked_the_week_before_it_votes_and_not_otherwise() -> None:
    """The week before its general election a nation's person is told (model.md 7.7)."""
    calm = {"week": 50, "own_will": 0.6, "leave_threshold": 0.25}
    assert decision_reasons(Fake("gb", {**calm, "weeks_to_election": 1})) == [
        "your country votes next week: the mission is a campaign issue"
    ]
    for weeks in (0, 2, 8, 208):
        assert kinds(Fake("gb", {**calm, "weeks_to_election": weeks})) == []


def test_a_real_nations_observation_counts_down_to_its_vote() -> None:
    game = new_game("option3_heavy_area", seed=4, policies={"russia": "compliant"})
    nation = game.model.nations[0]
    first = nation.next_election
    seen = []
    while game.week < first + 1:
        game.run(1)
        seen.append(nation.observe()["weeks_to_election"])
    assert seen[: first - 1] == list(range(first - 1, 0, -1))
    assert seen[first - 1] == 208  # voted: the next term's vote
