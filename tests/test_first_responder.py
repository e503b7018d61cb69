"""Ukraine as first responder (mobilisation, replacement, rotation), obstruction of the monitors
by either side, and civilian harm (issue 15, items 4, 5 and 7): rules by hand, invariants."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scripted import Script, scripted_model

from wargame.config.scenario import game_setup, load_scenario
from wargame.engine.actors import Nation
from wargame.engine.model import CeasefireModel
from wargame.errors import ActionError

_model = scripted_model


MOBILISED = 0.04 * 880_000 / 52  # ukraine.mobilisation_per_year x troops, a week


def test_mobilisation_refills_reserves_up_to_the_ceiling():
    m = _model(overrides=["rules.civilian_harm=[0, 0, 0]"])
    ua = m.ukraine
    ua.reserves -= 10_000  # losses
    before = ua.reserves
    ua.regenerate()
    assert ua.reserves == pytest.approx(before + MOBILISED)
    ua.reserves += 879_900 - (sum(ua.line_troops.values()) + ua.reserves)  # 100 short of 880,000
    ua.regenerate()  # mobilises 100, not its weekly 677
    assert ua.troops == 880_000


def test_losses_on_the_line_are_replaced_week_by_week_from_reserves():
    m = _model()
    ua = m.ukraine
    base = ua.line_base["s05"]
    lost = ua.lose("s05", 1000.0)
    assert lost == 1000.0
    assert ua.line_troops["s05"] == pytest.approx(base - 1000)  # no instant refill any more
    reserves = ua.reserves
    ua.regenerate()
    # a quarter (replacement_share) of the 1,000 missing comes forward; troops are at the ceiling
    # less 1,000, so mobilisation adds min(1,000, its weekly 677)
    assert ua.line_troops["s05"] == pytest.approx(base - 750)
    assert ua.reserves == pytest.approx(reserves + MOBILISED - 250)


def test_reinforcements_rotate_back_from_a_quiet_sector_but_not_from_a_fight():
    m = _model()
    ua = m.ukraine
    base = ua.line_base["s05"]
    ua.reinforce("s05")
    moved = ua.line_troops["s05"] - base
    assert moved == pytest.approx(0.04 * 440_000)  # ukraine.reinforce_share
    m.start_incident("russia", "s05", 2, "violation")
    ua.regenerate()
    assert ua.line_troops["s05"] == pytest.approx(base + moved)  # fighting: they stay
    for inc in m.log.active():
        m._end_incident(inc, "ended")
    ua.regenerate()
    assert ua.line_troops["s05"] == pytest.approx(base + 0.75 * moved)  # rotation_back_share


def test_hold_the_line_keeps_reserves_over_ten_years():
    sc = load_scenario("option3_heavy_area")
    from wargame.policies.registry import make_deciders

    ids = ["russia", "ukraine", "us", "monitor", "force_commander", *sc.settings["nations"]]
    m = game_setup(sc).new_model(3, make_deciders(sc.settings, ids, 3))
    m.run(260)
    assert m.ukraine.reserves > 200_000  # the old rule drained them toward 0


def test_ukraine_restricts_the_monitors_and_may_be_named_for_it():
    ukraine = Script({1: [{"type": "restrict_monitor", "sector": "s03"}]})
    m = _model(
        overrides=[
            "monitor.attribution_rate=1.0",
            "monitor.error_both_sides=0.0",
            "monitor.c4isr_factor=1.0",
        ],
        ukraine=ukraine,
    )
    m.step()
    assert m.monitor.obstructions == {"russia": 0, "ukraine": 1}
    assert "s03" in m.monitor.harassed  # no force to protect the monitors: it works
    inc = m.log.incidents[0]
    assert (inc.kind, inc.perpetrator, inc.level) == ("harassment", "ukraine", 1)
    m.step()  # validated (the restriction is over)
    for _ in range(5):  # attributed at 0.95 a week (the cap)
        m.step()
        if inc.attributed_to is not None:
            break
    assert inc.attributed_to == "ukraine"
    summary = m.summary()
    assert summary["obstructions"] == {"russia": 0, "ukraine": 1}
    assert m.datacollector.get_model_vars_dataframe()["obstructions_ukraine"].iloc[-1] == 1


def test_restrictions_are_limited_by_capacity():
    ukraine = Script(
        {
            1: [
                {"type": "restrict_monitor", "sector": "s03"},
                {"type": "restrict_monitor", "sector": "s04"},
            ]
        }
    )
    m = _model(ukraine=ukraine)
    with pytest.raises(ActionError, match="at most 1 a week"):
        m.step()


PATROL = Script({1: [{"type": "patrol", "sector": "s03"}]})


def test_an_act_attributed_to_ukraine_costs_every_nation_will():
    def will_after(loss: float) -> dict[str, float]:
        m = _model(
            "option3_heavy_area",
            [
                f"coalition.attributed_ukraine_will_loss={loss}",
                "monitor.attribution_rate=1.0",
                "monitor.error_both_sides=0.0",
                "monitor.detect=[1.0, 1.0, 1.0]",
            ],
            ukraine=Script({1: [{"type": "irregular_op", "sector": "s03", "level": 1}]}),
            monitor=PATROL,
        )
        m.run(6)
        assert m.log.incidents[0].attributed_to == "ukraine"
        return {n.code: n.will for n in m.nations if isinstance(n, Nation)}

    free, costly = will_after(0.0), will_after(0.1)
    for code in free:
        # one attribution, then recovery pulls 2% a week of the gap back over the weeks left
        assert free[code] - costly[code] == pytest.approx(0.1, abs=0.1 * 0.1)
        assert free[code] - costly[code] > 0.09


def test_raids_attributed_to_ukraine_are_public():
    m = _model(
        overrides=[
            "monitor.attribution_rate=1.0",
            "monitor.error_both_sides=0.0",
            "monitor.detect=[1.0, 1.0, 1.0]",
        ],
        ukraine=Script({1: [{"type": "irregular_op", "sector": "s03", "level": 2}]}),
        monitor=PATROL,
    )
    m.run(6)
    assert m.log.incidents[0].attributed_to == "ukraine"
    assert m.russia.observe()["raids_attributed_to_ukraine"] == 1


def test_civilian_harm_by_level_and_its_cost_in_will():
    violate = Script({1: [{"type": "violate", "sector": "s05", "level": 2}]})
    quiet = _model("option3_heavy_area", ["rules.civilian_harm=[0, 0, 0]"], russia=violate)
    quiet.step()
    assert quiet.civilian_casualties == 0 and quiet.log.incidents[0].civilians == 0

    def played(loss: float) -> CeasefireModel:
        m = _model(
            "option3_heavy_area",
            ["rules.civilian_harm=[0, 1000, 0]", f"coalition.civilian_will_loss={loss}"],
            russia=Script({1: [{"type": "violate", "sector": "s05", "level": 2}]}),
        )
        m.step()
        return m

    free, costly = played(0.0), played(0.02)
    harmed = costly.civilian_casualties
    assert 850 < harmed < 1150  # one Poisson(1000) draw
    assert costly.log.incidents[0].civilians == harmed == free.civilian_casualties
    for a, b in zip(free.nations, costly.nations, strict=True):
        assert a.will - b.will == pytest.approx(0.02 * harmed / 100)
    assert costly.summary()["casualties"]["civilian"] == round(harmed)
    frame = costly.datacollector.get_model_vars_dataframe()
    assert frame["casualties_civilian"].iloc[-1] == round(harmed)


ACTIONS = st.lists(
    st.tuples(
        st.integers(1, 8),
        st.sampled_from(["violate", "irregular_op", "reinforce", "restrict_monitor"]),
        st.sampled_from(["s01", "s03", "s05"]),
        st.integers(1, 3),
    ),
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_troops_and_civilians_are_never_negative(plan: list[tuple[int, str, str, int]]) -> None:
    # Forces mass in s01 and s03 in week 1, so each can launch one large-scale offensive from
    # week 3 on (min_preparation_weeks=1); elsewhere and earlier a level 3 becomes a level 2.
    russia: dict[int, list[dict]] = {1: [{"type": "prepare", "sector": s} for s in ("s01", "s03")]}
    ukraine: dict[int, list[dict]] = {}
    launched: set[str] = set()
    for week, kind, sector, level in sorted(plan):
        if kind == "violate":
            if level == 3 and (week < 3 or sector not in ("s01", "s03") or sector in launched):
                level = 2
            acts = russia.setdefault(week, [])
            if not any(a.get("sector") == sector for a in acts):
                acts.append({"type": "violate", "sector": sector, "level": level})
                if level == 3:
                    launched.add(sector)
        else:
            acts = ukraine.setdefault(week, [])
            if any(a["type"] == kind for a in acts):
                continue  # one of each a week keeps within every limit
            action = {"type": kind, "sector": sector}
            if kind == "irregular_op":
                action["level"] = min(level, 2)
            acts.append(action)
    m = _model(
        overrides=[
            "ukraine.troops=20000",
            "rules.civilian_harm=[5, 50, 500]",
            "russia.min_preparation_weeks=1",
        ],
        russia=Script(russia),
        ukraine=Script(ukraine),
    )
    for _ in range(10):
        if not m.running:
            break
        m.step()
        ua = m.ukraine
        assert ua.reserves >= 0 and all(v >= 0 for v in ua.line_troops.values())
        assert ua.troops <= max(20_000, m.settings["ukraine"]["max_troops"])
        assert m.civilian_casualties >= 0
        assert all(i.civilians >= 0 for i in m.log.incidents)
        assert m.civilian_casualties == pytest.approx(sum(i.civilians for i in m.log.incidents))
