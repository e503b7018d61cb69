"""The nations' will: fatigue from the mission's burden, elections and campaigns (model.md 7.7).

Expected values are computed by hand from DOMAIN.md's figures: 001's force table (option 3:
96,000 deployed; options 1-2: 40,000; option 4: 16,000), its rotation (x3-x4) and its troop
budget (82 brigades x 4,000 - 30,000 EFP = 298,000, "under 300,000").
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine.actors.nation import Nation, election_interval
from wargame.play.session import new_game
from wargame.policies.registry import make_policy

BUDGET = 82 * 4000 - 30_000  # 298,000 (001)


@pytest.mark.parametrize(
    ("scenario", "overrides", "deployed", "rotation"),
    [
        ("option3_heavy_area", [], 96_000, 3),
        ("option1_monitoring", [], 40_000, 4),
        ("option1_monitoring", ["posture.rotation_factor=3"], 40_000, 3),
        ("option4_counter_concentration", [], 16_000, 4),
    ],
)
def test_burden_is_the_share_of_the_budget_the_force_ties_up(
    scenario: str, overrides: list[str], deployed: int, rotation: int
) -> None:
    model = new_game(scenario, seed=1, overrides=overrides).model
    assert model.troop_budget == BUDGET and model.force.deployed == deployed
    expected = deployed * rotation / BUDGET  # e.g. 288,000 / 298,000 = 0.966 for option 3
    burdens = model.mission_burdens()
    contributors = [n.code for n in model.nations if n.brigades > 0]
    assert sorted(burdens) == sorted(contributors)
    for code in contributors:
        assert burdens[code] == pytest.approx(expected, rel=1e-9)


def test_a_week_on_mission_wears_the_baseline_by_fatigue_times_burden() -> None:
    game = new_game("option3_heavy_area", seed=2, policies={"russia": "compliant"})
    nl = next(n for n in game.model.nations if n.code == "nl")
    start = 0.48 + 0.5 * 0.20  # 002: 48% unconditionally, 20% more under conditions
    assert nl.baseline_will() == pytest.approx(start)
    game.run(1)
    per_week = 0.02 / 52 * (96_000 * 3 / BUDGET)
    assert nl.fatigue == pytest.approx(per_week, rel=1e-6)
    game.run(51)
    assert nl.fatigue == pytest.approx(52 * per_week, rel=1e-3)  # 0.0193 a year, not 0.02
    assert nl.baseline_will() == pytest.approx(start - 52 * per_week, rel=1e-3)


def test_a_smaller_force_wears_its_nations_more_slowly() -> None:
    fatigue = {}
    for scenario in ("option3_heavy_area", "option1_monitoring", "option4_counter_concentration"):
        game = new_game(scenario, seed=3, policies={"russia": "compliant"})
        game.run(104)
        fatigue[scenario] = next(n.fatigue for n in game.model.nations if n.code == "gb")
    assert fatigue["option3_heavy_area"] == pytest.approx(2 * 0.02 * 288_000 / BUDGET, rel=0.01)
    assert fatigue["option1_monitoring"] == pytest.approx(2 * 0.02 * 160_000 / BUDGET, rel=0.01)
    assert fatigue["option4_counter_concentration"] == pytest.approx(
        2 * 0.02 * 64_000 / BUDGET, rel=0.01
    )


def test_each_contributor_votes_once_a_term_from_a_week_in_the_first() -> None:
    game = new_game("option3_heavy_area", seed=4, policies={"russia": "compliant"})
    term = election_interval(game.model.settings["coalition"])
    assert term == 208  # four years
    firsts = {n.code: n.next_election for n in game.model.nations}
    assert all(1 <= w <= term for w in firsts.values())
    assert len(set(firsts.values())) > 5  # staggered, not one common election day
    game.run()
    votes: dict[str, list[int]] = {}
    for event in game.model.log.events:
        if event.kind == "election":
            votes.setdefault(event.actor, []).append(event.week)
    for n in game.model.nations:
        if n.left_week is None:
            expected = list(range(firsts[n.code], 521, term))
            assert votes.get(n.code, []) == expected, n.code


def test_elections_fall_in_other_weeks_with_other_seeds() -> None:
    def firsts(seed: int) -> list[int]:
        return [n.next_election for n in new_game("default", seed=seed).model.nations]

    assert firsts(1) != firsts(2)
    assert firsts(1) == firsts(1)


def _nation(overrides: list[str] | None = None) -> Nation:
    model = new_game("option3_heavy_area", seed=5, overrides=overrides or []).model
    return next(n for n in model.nations if n.code == "de")


def test_a_hybrid_attack_costs_twice_the_will_in_a_campaign() -> None:
    losses = {}
    for campaign in (False, True):
        nation = _nation(["coalition.will_recovery=0", "coalition.election_swing=0"])
        nation.next_election = 10 + (3 if campaign else 30)
        nation.will = 0.5
        nation.hybrid_this_week = 1
        nation.update_will(10)
        losses[campaign] = 0.5 - nation.will
    # 002: hybrid pressure erodes will: 0.015 x Germany's sensitivity 1.2 per attack
    assert losses[False] == pytest.approx(0.015 * 1.2)
    assert losses[True] == pytest.approx(2 * 0.015 * 1.2)  # campaign_hybrid_factor 2


def test_campaign_weeks_end_with_the_vote() -> None:
    nation = _nation()
    nation.next_election = 100
    inside = [w for w in range(80, 110) if nation.in_campaign(w)]
    assert inside == list(range(93, 101))  # the 8 weeks up to and including the vote


@settings(max_examples=60, deadline=None)
@given(
    burdens=st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=60),
    swing=st.floats(0, 1),
    will=st.floats(0, 1),
)
def test_will_stays_in_bounds_and_fatigue_only_grows(
    burdens: list[float], swing: float, will: float
) -> None:
    nation = _nation(["coalition.election_years=0.5"])
    nation.coalition["election_swing"] = swing  # any spread, however small
    nation.will = will
    last_fatigue = 0.0
    for week, burden in enumerate(burdens, start=1):
        elections_before = nation.next_election
        nation.wear(burden)
        nation.update_will(week)
        assert 0.0 <= nation.will <= 1.0
        assert nation.fatigue >= last_fatigue
        if week == elections_before:
            assert nation.next_election == week + election_interval(nation.coalition)
        last_fatigue = nation.fatigue


def test_russia_aims_its_hybrid_attacks_at_a_campaign() -> None:
    game = new_game("default", seed=6)
    model = game.model
    russia = model.actors["russia"]
    observation: Any = dict(russia.observe())
    targets = observation["hybrid_targets"]
    observation["elections_soon"] = [targets[0]]
    observation["buildups"] = {}
    policy = make_policy("prober", "russia", 6)
    balances = dict.fromkeys(observation["sectors"], 0.0)
    hits: Counter[str] = Counter()
    for _ in range(400):
        for action in policy.probes(observation, balances):
            if action["type"] == "hybrid":
                hits[action["target"]] += 1
    share = hits[targets[0]] / sum(hits.values())
    expected = 3.0 / (3.0 + len(targets) - 1)  # campaign_focus 3 against 1 for the others
    assert share == pytest.approx(expected, abs=0.05)
