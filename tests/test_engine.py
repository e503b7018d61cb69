"""Rules of the engine with hand-computed expectations from the sources' figures."""

from __future__ import annotations

import pytest
from scripted import Script, scripted_model

from wargame.errors import BudgetError

_model = scripted_model


def test_initial_forces_follow_the_sources():
    m = _model("option3_heavy_area")
    # 001: ~600,000 Russian troops along 1,200 km: 25,000 per 50 km sector.
    assert m.russia.line_troops["s01"] == pytest.approx(25_000)
    # 002: 880,000 claimed; half on the line (ASSUMED line_share): 18,333 per sector.
    assert m.ukraine.line_troops["s12"] == pytest.approx(880_000 * 0.5 / 24)
    # 001: a heavy brigade per 50 km = 24 brigades of 4,000.
    assert len(m.force.units) == 24 and m.force.deployed == 96_000
    assert all(m.force.presence(s) == pytest.approx(4_000) for s in m.map.sector_ids)
    # 002: the Netherlands' will starts at 48% + half of the 20% conditional support.
    assert m.actors["nl"].will == pytest.approx(0.58)


def test_ukraine_capacity_grows_over_five_years():
    m = _model()
    # 001: a self-sufficient deterrent takes at least five years; ASSUMED growth 1.0 -> x2.
    assert m.ukraine.quality(0) == 1.0
    assert m.ukraine.quality(130) == pytest.approx(1.5)
    assert m.ukraine.quality(260) == pytest.approx(2.0)
    assert m.ukraine.quality(520) == pytest.approx(2.0)


def test_limited_violation_casualties_by_hand():
    russia = Script({1: [{"type": "violate", "sector": "s05", "level": 2}]})
    m = _model(russia=russia)
    m.step()
    inc = m.log.incidents[0]
    q = 1 + 1.0 * (1 / 52) / 5  # Ukraine's quality in week 1
    attack = 0.03 * 25_000  # rules.limited_share of the sector's Russian troops
    defence = 0.03 * 18_333.333 * q
    assert inc.casualties["ukraine"] == pytest.approx(
        0.004 * attack, rel=1e-4
    )  # combat_rate[1] = 0.004
    assert inc.casualties["russia"] == pytest.approx(0.004 * defence, rel=1e-4)
    assert not inc.active and inc.outcome == "ended"
    assert m.escalation == pytest.approx(
        0.3 * 0.85
    )  # escalation_per_level[1], then the weekly decay


PREPARE = {"type": "prepare", "sector": "s10"}
LAUNCH = {"type": "violate", "sector": "s10", "level": 3}
# No warning and no fog: a build-up is never seen and a week's ratio is what the troops give.
QUIET = [
    "rules.warning_base=0",
    "rules.warning_c4isr=0",
    "rules.warning_monitor=0",
    "rules.warning_intelligence=0",
    "rules.fog_sigma=0",
]
NO_BREAKTHROUGH = ["rules.breakthrough_ratio=100", "rules.breakthrough_depth_km=1000"]


def _offensive(extra: dict[int, list[dict]] | None = None) -> Script:
    """Russia masses behind s10 from week 1 and launches in week 4 (min_preparation_weeks 3)."""
    return Script({1: [PREPARE], 4: [LAUNCH], **(extra or {})})


def test_unstopped_large_scale_violation_ends_the_ceasefire_after_eight_weeks():
    m = _model(
        "no_guarantee",
        ["rules.escalation_limit=1000", *QUIET, *NO_BREAKTHROUGH],
        russia=_offensive(),
    )
    m.run()
    assert m.end_cause == "ceasefire_collapsed"
    assert m.week == 4 + 8 - 1  # launched in week 4, rules.containment_weeks = 8
    assert m.log.incidents[0].outcome == "war"


def test_first_week_of_a_surprise_offensive_by_hand():
    m = _model("no_guarantee", QUIET, russia=_offensive())
    m.run(4)
    inc = m.log.incidents[0]
    # Weeks 2-4 mass 8,000 a week (russia.massing_per_week): 24,000 behind s10, whose own
    # 25,000 stay; 0.35 of them (offensive_share) and all the massed troops attack,
    # times 1.3 (surprise_factor: the build-up was never seen).
    attack = (0.35 * 25_000 + 24_000) * 1.3
    defence = 880_000 * 0.5 / 24 * (1 + 4 / 52 / 5)  # Ukraine's line times its quality
    ratio = attack / defence
    assert inc.depth_km == pytest.approx(4.0 * (ratio - 1), rel=1e-6)  # advance_km_per_week
    assert m.running and inc.weeks_fought == 1


def test_a_ratio_of_three_to_one_breaks_through():
    m = _model("no_guarantee", [*QUIET, "russia.massing_per_week=40000"], russia=_offensive())
    m.run(4)
    inc = m.log.incidents[0]
    assert inc.outcome == "breakthrough" and m.end_cause == "ceasefire_collapsed"
    assert "breakthrough" in m.end_detail


def test_a_large_scale_violation_needs_a_build_up_first():
    from wargame.errors import ActionError

    m = _model(russia=Script({1: [LAUNCH]}))
    with pytest.raises(ActionError, match="level=3 is not allowed"):
        m.step()


def test_halted_offensive_with_gains_freezes_a_new_line():
    m = _model("no_guarantee", QUIET, russia=_offensive({5: [{"type": "halt", "incident": 1}]}))
    m.run(10)
    inc = m.log.incidents[0]
    assert m.running and inc.outcome == "local_gains"
    assert m.ground_lost_km["s10"] == pytest.approx(inc.depth_km) and inc.depth_km > 0
    assert any(e.kind == "front_moved" for e in m.log.events)


def test_reassurance_force_withdraws_on_a_large_scale_violation():
    m = _model("reassurance", russia=_offensive())
    assert m.force.deployed == 30_000  # 002: ~30,000 in the rear
    m.run()
    assert m.end_cause == "coalition_withdrawn" and m.week == 4 and m.force.deployed == 0


def test_coalition_hit_in_a_large_scale_violation_pulls_the_tripwire():
    m = _model("option3_heavy_area", russia=_offensive())
    m.run(4)
    assert m.tripwires == 1 and m.log.incidents[0].tripwire
    assert m.coalition_casualties > 0
    assert any(e.kind == "tripwire" for e in m.log.events)


def test_without_delegated_authority_the_response_waits_for_the_ministers():
    fc = Script({4: [{"type": "respond", "incident": 1, "mode": "denial"}]})
    m = _model(
        "option3_heavy_area",
        ["posture.delegated_authority=false", *QUIET],
        russia=_offensive(),
        force_commander=fc,
    )
    m.run(4)
    inc = m.log.incidents[0]
    assert inc.force_response == "denial" and inc.force_response_week is None
    m.run(2)
    assert inc.force_response_week == 6  # posture.consultation_delay_weeks = 2


def test_a_warning_lets_the_ministers_decide_before_the_attack():
    fc = Script({4: [{"type": "respond", "incident": 1, "mode": "denial"}]})
    m = _model(
        "option3_heavy_area",
        ["posture.delegated_authority=false", "rules.warning_base=1"],
        russia=_offensive(),
        force_commander=fc,
    )
    m.run(4)
    inc = m.log.incidents[0]
    assert inc.warned_week == 2  # seen the first week it massed
    assert inc.force_response_week == 4  # pre-authorised on the warning: no consultation


def test_us_reduction_in_europe_leaves_option3_over_budget():
    # 001: after a 20,000 US reduction only a symbolic mission; 298,000 - 20,000 = 278,000 < 288,000.
    with pytest.raises(BudgetError, match="10,000 over budget"):
        _model("option3_heavy_area", ["us.reduces_europe=true"])


def test_national_caveats_weaken_combat_value():
    full = _model("option3_heavy_area", ["coalition.caveat_factor=1.0"])
    half = _model("option3_heavy_area")
    unit_full, unit_half = full.force.units[0], half.force.units[0]
    caveated = sum(
        t for c, t in unit_half.troops_by_nation.items() if half.settings["nations"][c]["caveats"]
    )
    assert full._combat_value(unit_full) - half._combat_value(unit_half) == pytest.approx(
        1.5 * 0.5 * caveated
    )


def test_nation_leaving_takes_its_troops_home():
    nl = Script({2: [{"type": "leave"}]})
    m = _model("option3_heavy_area", nl=nl)
    before = m.force.deployed
    m.run(2)
    nation = m.actors["nl"]
    assert not nation.in_coalition and nation.troops == 0
    assert m.force.deployed == pytest.approx(
        before - 96_000 * 1 / 59, abs=1
    )  # NL: 1 of 59 brigade weights


def test_the_same_incident_cannot_be_halted_or_answered_twice_in_a_week():
    from wargame.errors import ActionError

    m = _model(russia=_offensive({5: [{"type": "halt", "incident": 1}] * 2}))
    m.run(4)
    with pytest.raises(ActionError, match="twice in one week"):
        m.step()


def test_mobile_units_do_not_route_through_russian_held_hubs():
    m = _model("option4_counter_concentration")
    ru_hubs = [h for h, hub in m.map.hubs.items() if hub.side == "ru"]
    assert all(h not in m._distances for h in ru_hubs)
