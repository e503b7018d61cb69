"""Tests for the posture arithmetic against 001's table of deployment options.

Every expected number is written out by hand from 001 (see shared/DOMAIN.md section 4), not
recomputed from `posture.TABLE`, so a wrong table entry fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wargame.config.maps import generate_line_map, load_map
from wargame.config.scenario import Scenario, game_setup, load_scenario
from wargame.engine import posture as P
from wargame.engine.model import CeasefireModel
from wargame.engine.posture import Posture
from wargame.engine.sector_map import SectorMap
from wargame.errors import BudgetError

LINE_KM = 1200.0  # 001: the demarcation zone is about 1,200 km
DEFAULT_BUDGET = 298_000  # 001: 82 brigades x 4,000 - 30,000 EFP = 298,000 ("under 300,000")
BALTIC_BUDGET = 295_800  # 001: minus the 2,200 Baltic backfill if the US leaves the Baltics

# 001's table, by hand: (option, spacing, estimate) -> troops deployed at one time.
EXPECTED_DEPLOYED: dict[tuple[str, str, str], int] = {
    ("none", "eur_plus", "high"): 0,
    ("none", "eur_plus", "low"): 0,
    ("none", "ua_supported", "high"): 0,
    ("none", "ua_supported", "low"): 0,
    # 002: ~30,000 in the rear, whatever the spacing.
    ("reassurance", "eur_plus", "high"): 30_000,
    ("reassurance", "eur_plus", "low"): 30_000,
    ("reassurance", "ua_supported", "high"): 30_000,
    ("reassurance", "ua_supported", "low"): 30_000,
    # 001 option 1: 24 light bn = 8-10 brigades = 32,000-40,000; 12 bn = 16,000-20,000.
    ("monitoring", "eur_plus", "high"): 40_000,
    ("monitoring", "eur_plus", "low"): 32_000,
    ("monitoring", "ua_supported", "high"): 20_000,
    ("monitoring", "ua_supported", "low"): 16_000,
    # 001 option 2: 24 heavy bn = 32,000-40,000; 12 heavy bn = 16,000-20,000.
    ("light_area", "eur_plus", "high"): 40_000,
    ("light_area", "eur_plus", "low"): 32_000,
    ("light_area", "ua_supported", "high"): 20_000,
    ("light_area", "ua_supported", "low"): 16_000,
    # 001 option 3: 24 heavy brigades = 96,000; 12 brigades = 48,000 (no range).
    ("heavy_area", "eur_plus", "high"): 96_000,
    ("heavy_area", "eur_plus", "low"): 96_000,
    ("heavy_area", "ua_supported", "high"): 48_000,
    ("heavy_area", "ua_supported", "low"): 48_000,
    # 001 option 4: 4 heavy brigades = 16,000; UA-supported: Ukrainian brigades as back-up.
    ("counter_concentration", "eur_plus", "high"): 16_000,
    ("counter_concentration", "eur_plus", "low"): 16_000,
    ("counter_concentration", "ua_supported", "high"): 16_000,
    ("counter_concentration", "ua_supported", "low"): 16_000,
}

# Units placed on the 1,200 km line: one per 50 km (24) or per 100 km (12) on line options.
EXPECTED_UNITS: dict[tuple[str, str], int] = {
    ("none", "eur_plus"): 0,
    ("none", "ua_supported"): 0,
    ("reassurance", "eur_plus"): 1,
    ("reassurance", "ua_supported"): 1,
    ("monitoring", "eur_plus"): 24,
    ("monitoring", "ua_supported"): 12,
    ("light_area", "eur_plus"): 24,
    ("light_area", "ua_supported"): 12,
    ("heavy_area", "eur_plus"): 24,
    ("heavy_area", "ua_supported"): 12,
    ("counter_concentration", "eur_plus"): 4,
    ("counter_concentration", "ua_supported"): 4,
}

ACTOR_IDS = ("russia", "ukraine", "us", "monitor", "force_commander")


def idle(observation: dict[str, Any]) -> list[dict[str, Any]]:
    """A trivial decider: never acts."""
    return []


def idle_deciders(scenario: Scenario) -> dict[str, Any]:
    """A do-nothing decider for every actor of the scenario."""
    return {a: idle for a in (*ACTOR_IDS, *scenario.settings["nations"])}


def build(scenario: Scenario, sector_map: SectorMap | None = None) -> CeasefireModel:
    return game_setup(scenario, sector_map).new_model(1, idle_deciders(scenario))


# -- deployed troops and units ------------------------------------------------------------------


def test_expected_tables_cover_every_option_and_spacing() -> None:
    assert {(o, s) for o, s, _ in EXPECTED_DEPLOYED} == {
        (o, s) for o in P.OPTIONS for s in P.SPACINGS
    }
    assert {e for _, _, e in EXPECTED_DEPLOYED} == set(P.ESTIMATES)
    assert set(EXPECTED_UNITS) == {(o, s) for o in P.OPTIONS for s in P.SPACINGS}


@pytest.mark.parametrize(("option", "spacing", "estimate"), sorted(EXPECTED_DEPLOYED))
def test_deployed_troops_match_001(option: str, spacing: str, estimate: str) -> None:
    posture = Posture(option=option, spacing=spacing, estimate=estimate)
    assert P.deployed_troops(posture, LINE_KM) == EXPECTED_DEPLOYED[(option, spacing, estimate)]


def test_deployed_troops_headline_figures() -> None:
    assert P.deployed_troops(Posture("heavy_area", "eur_plus"), 1200.0) == 96_000
    assert P.deployed_troops(Posture("heavy_area", "ua_supported"), 1200.0) == 48_000
    assert P.deployed_troops(Posture("monitoring", "eur_plus", estimate="high"), 1200.0) == 40_000
    assert P.deployed_troops(Posture("monitoring", "eur_plus", estimate="low"), 1200.0) == 32_000
    assert (
        P.deployed_troops(Posture("light_area", "ua_supported", estimate="low"), 1200.0) == 16_000
    )
    assert P.deployed_troops(Posture("counter_concentration"), 1200.0) == 16_000
    assert P.deployed_troops(Posture("reassurance"), 1200.0) == 30_000
    assert P.deployed_troops(Posture("none"), 1200.0) == 0


def test_deployed_troops_default_line_is_1200_km() -> None:
    assert P.deployed_troops(Posture("heavy_area", "eur_plus")) == 96_000


@pytest.mark.parametrize(("option", "spacing"), sorted(EXPECTED_UNITS))
def test_units_on_the_1200_km_line(option: str, spacing: str) -> None:
    assert P.units_for_line(option, spacing, LINE_KM) == EXPECTED_UNITS[(option, spacing)]


def test_troops_per_unit() -> None:
    # 001: a heavy brigade (4,000) per 50 km; a light battalion 40,000 / 24 ~ 1,667.
    assert P.troops_per_unit("heavy_area", "eur_plus") == 4_000
    assert P.troops_per_unit("heavy_area", "ua_supported") == 4_000
    assert P.troops_per_unit("counter_concentration", "eur_plus") == 4_000
    assert P.troops_per_unit("monitoring", "eur_plus", "low") == pytest.approx(32_000 / 24)
    assert P.troops_per_unit("monitoring", "ua_supported", "high") == pytest.approx(20_000 / 12)
    assert P.troops_per_unit("none", "eur_plus") == 0.0


def test_default_employment_follows_001() -> None:
    # 001: options 1 and 4 are intelligence-driven, options 2 and 3 area-based.
    assert Posture("monitoring").effective_employment == "intelligence"
    assert Posture("counter_concentration").effective_employment == "intelligence"
    assert Posture("light_area").effective_employment == "area"
    assert Posture("heavy_area").effective_employment == "area"
    assert Posture("heavy_area", employment="intelligence").effective_employment == "intelligence"
    assert Posture("reassurance").is_symbolic
    assert not Posture("heavy_area").is_symbolic


# -- rotation and the budget --------------------------------------------------------------------


def test_committed_is_deployed_times_rotation() -> None:
    assert P.committed_troops(96_000, 3) == 288_000
    assert P.committed_troops(96_000, 4) == 384_000
    assert P.committed_troops(40_000, 4) == 160_000
    assert P.committed_troops(30_000, 4) == 120_000
    assert P.committed_troops(16_000, 4) == 64_000
    assert P.committed_troops(0, 4) == 0


@pytest.mark.parametrize("rotation", [0, -1, -4])
def test_committed_refuses_rotation_below_one(rotation: int) -> None:
    with pytest.raises(ValueError, match="rotation_factor"):
        P.committed_troops(96_000, rotation)


def test_default_budget_is_298000() -> None:
    assert P.default_troop_budget(82, 4_000, 30_000) == DEFAULT_BUDGET
    scenario = load_scenario("default")
    assert build(scenario).troop_budget == DEFAULT_BUDGET


def test_check_budget_refuses_heavy_area_rotation_4_by_86000() -> None:
    posture = Posture("heavy_area", "eur_plus", rotation_factor=4)
    with pytest.raises(BudgetError) as err:
        P.check_budget(posture, 384_000, 298_000, "my_scenario.yaml")
    message = str(err.value)
    assert "86,000" in message
    assert "384,000" in message
    assert "298,000" in message
    assert "my_scenario.yaml" in message
    assert "heavy_area/eur_plus" in message


def test_check_budget_accepts_up_to_the_budget() -> None:
    posture = Posture("heavy_area", "eur_plus", rotation_factor=3)
    P.check_budget(posture, 288_000, 298_000)
    P.check_budget(posture, 298_000, 298_000)  # exactly the budget is allowed
    with pytest.raises(BudgetError, match="1 over budget"):
        P.check_budget(posture, 298_001, 298_000)


def test_model_refuses_heavy_area_rotation_4() -> None:
    scenario = load_scenario("default", ["posture.rotation_factor=4"])
    assert scenario.posture.option == "heavy_area"
    with pytest.raises(BudgetError, match="86,000"):
        build(scenario)


def test_model_accepts_heavy_area_rotation_3() -> None:
    model = build(load_scenario("default", ["posture.rotation_factor=3"]))
    assert model.troops_deployed_planned == 96_000
    assert model.troops_committed == 288_000


def test_ua_supported_heavy_area_fits_at_rotation_4() -> None:
    # 001: 12 brigades = 48,000; x4 = 192,000 < 298,000.
    model = build(
        load_scenario("default", ["posture.spacing=ua_supported", "posture.rotation_factor=4"])
    )
    assert model.troops_deployed_planned == 48_000
    assert model.troops_committed == 192_000


def test_us_leaving_the_baltics_cuts_the_budget_by_2200() -> None:
    model = build(load_scenario("default", ["us.leaves_baltics=true"]))
    assert model.troop_budget == BALTIC_BUDGET
    assert DEFAULT_BUDGET - BALTIC_BUDGET == 2_200


def test_no_shipped_posture_falls_between_the_two_default_budgets() -> None:
    # Searched by hand over 001's table: no committed figure lies in (295,800, 298,000], so the
    # Baltic backfill alone never turns a fitting posture away at the default budget.
    committed = {
        troops * rotation for troops in set(EXPECTED_DEPLOYED.values()) for rotation in range(1, 7)
    }
    assert not [c for c in committed if BALTIC_BUDGET < c <= DEFAULT_BUDGET]
    assert max(c for c in committed if c <= DEFAULT_BUDGET) == 288_000


def test_baltic_backfill_turns_a_posture_away_with_a_tight_budget() -> None:
    # With coalition.troop_budget=290,000, heavy_area x3 (288,000) fits; the 2,200 Baltic
    # backfill (001) leaves 287,800, and the same posture is 200 over.
    tight = ["posture.rotation_factor=3", "coalition.troop_budget=290000"]
    model = build(load_scenario("default", tight))
    assert model.troop_budget == 290_000
    assert model.troops_committed == 288_000
    scenario = load_scenario("default", [*tight, "us.leaves_baltics=true"])
    with pytest.raises(BudgetError) as err:
        build(scenario)
    assert "287,800" in str(err.value)
    assert "200 over budget" in str(err.value)


def test_explicit_troop_budget_overrides_the_default() -> None:
    scenario = load_scenario(
        "default", ["coalition.troop_budget=400000", "posture.rotation_factor=4"]
    )
    model = build(scenario)
    assert model.troop_budget == 400_000
    assert model.troops_committed == 384_000


def test_about_half_of_the_82_brigades_are_deployable() -> None:
    # 001: 82 brigades, "only half deployable": 82 x 4,000 x 0.5 = 164,000 abroad at one time.
    assert P.deployable_troops(82, 4_000, 0.5) == 164_000


def test_the_deployable_brigades_bound_the_troops_abroad_at_one_time() -> None:
    # heavy_area at 50 km: 96,000 in Ukraine + the 30,000 EFP troops = 126,000 abroad. At 0.38
    # of 328,000 the deployable brigades hold 124,640: 1,360 too many; at 0.39, 127,920: fits.
    x3 = "posture.rotation_factor=3"
    with pytest.raises(BudgetError) as err:
        build(load_scenario("default", [x3, "coalition.deployable_fraction=0.38"]))
    assert "126,000 troops abroad" in str(err.value) and "1,360 too many" in str(err.value)
    assert build(load_scenario("default", [x3, "coalition.deployable_fraction=0.39"]))
    # The Baltic backfill (2,200) is abroad too: 128,200 against 127,920.
    with pytest.raises(BudgetError, match="280 too many"):
        build(
            load_scenario(
                "default", [x3, "coalition.deployable_fraction=0.39", "us.leaves_baltics=true"]
            )
        )


def test_no_force_needs_no_deployable_brigades() -> None:
    assert build(load_scenario("no_guarantee", ["coalition.deployable_fraction=0"]))


@given(
    option=st.sampled_from(sorted({o for o, _ in P.TABLE})),
    spacing=st.sampled_from(P.SPACINGS),
    low=st.floats(0, 1),
    high=st.floats(0, 1),
)
def test_more_deployable_brigades_never_turn_a_posture_away(
    option: str, spacing: str, low: float, high: float
) -> None:
    low, high = sorted((low, high))

    def fits(fraction: float) -> bool:
        try:
            P.check_deployable(
                Posture(option, spacing),
                P.deployed_troops(Posture(option, spacing)) + 30_000,
                P.deployable_troops(82, 4_000, fraction),
                "test",
            )
        except BudgetError:
            return False
        return True

    assert fits(high) or not fits(low)


def test_troop_years() -> None:
    assert P.troop_years(288_000, 52) == pytest.approx(288_000.0)
    assert P.troop_years(120_000, 26) == pytest.approx(60_000.0)


def test_unit_positions_are_centred() -> None:
    assert P.unit_positions(4, 1200.0) == [150.0, 450.0, 750.0, 1050.0]
    assert P.unit_positions(0, 1200.0) == []


# -- maps scale the units -----------------------------------------------------------------------


def test_coarse_map_keeps_24_units_at_eur_plus() -> None:
    coarse = load_map("coarse_line")
    assert len(coarse.sectors) == 12
    assert coarse.line_length_km == 1200.0
    assert P.units_for_line("heavy_area", "eur_plus", coarse.line_length_km) == 24
    assert P.units_for_line("heavy_area", "ua_supported", coarse.line_length_km) == 12
    model = build(load_scenario("default", ["map=coarse_line"]))
    assert model.map.id == "coarse_line"
    assert len(model.force.units) == 24
    assert model.troops_deployed_planned == 96_000
    assert model.troops_committed == 288_000
    # Two 50 km units stand in every 100 km sector.
    assert all(len(model.force.units_in(s)) == 2 for s in model.map.sector_ids)


def test_fine_map_puts_one_heavy_brigade_per_sector() -> None:
    model = build(load_scenario("default"))
    assert len(model.map.sectors) == 24
    assert len(model.force.units) == 24
    assert all(len(model.force.units_in(s)) == 1 for s in model.map.sector_ids)
    assert model.force.deployed == 96_000


def test_shorter_generated_line_needs_fewer_units() -> None:
    line = generate_line_map(6, 600.0)
    assert line.line_length_km == 600.0
    assert P.units_for_line("heavy_area", "eur_plus", 600.0) == 12
    assert P.units_for_line("monitoring", "ua_supported", 600.0) == 6
    assert P.deployed_troops(Posture("heavy_area", "eur_plus"), 600.0) == 48_000
    assert P.deployed_troops(Posture("monitoring", "eur_plus"), 600.0) == 20_000
    # Non-line options do not scale with the line.
    assert P.deployed_troops(Posture("counter_concentration"), 600.0) == 16_000
    assert P.deployed_troops(Posture("reassurance"), 600.0) == 30_000
    # Half the line: heavy_area x4 = 192,000 now fits the budget.
    model = build(load_scenario("default", ["posture.rotation_factor=4"]), sector_map=line)
    assert len(model.force.units) == 12
    assert model.troops_committed == 192_000


def test_longer_generated_line_can_break_the_budget() -> None:
    # 1,500 km: 30 heavy brigades = 120,000; x3 = 360,000 > 298,000, 62,000 over.
    line = generate_line_map(30, 1500.0)
    assert P.deployed_troops(Posture("heavy_area", "eur_plus"), line.line_length_km) == 120_000
    with pytest.raises(BudgetError, match="62,000"):
        build(load_scenario("default"), sector_map=line)


def test_line_options_place_at_least_one_unit() -> None:
    assert P.units_for_line("heavy_area", "ua_supported", 10.0) == 1


# -- properties ---------------------------------------------------------------------------------

postures = st.builds(
    Posture,
    option=st.sampled_from(P.OPTIONS),
    spacing=st.sampled_from(P.SPACINGS),
    estimate=st.sampled_from(P.ESTIMATES),
    rotation_factor=st.integers(min_value=1, max_value=6),
)


@given(posture=postures, line_km=st.floats(min_value=50.0, max_value=3000.0))
def test_committed_is_deployed_times_rotation_property(posture: Posture, line_km: float) -> None:
    deployed = P.deployed_troops(posture, line_km)
    committed = P.committed_troops(deployed, posture.rotation_factor)
    assert deployed >= 0
    assert committed >= 0
    assert committed == deployed * posture.rotation_factor
    assert committed >= deployed


@given(posture=postures)
def test_on_the_1200_km_line_deployed_is_001s_figure(posture: Posture) -> None:
    key = (posture.option, posture.spacing, posture.estimate)
    assert P.deployed_troops(posture, LINE_KM) == EXPECTED_DEPLOYED[key]


@given(
    deployed=st.integers(min_value=0, max_value=1_000_000),
    rotation=st.integers(max_value=0),
)
def test_committed_refuses_rotation_below_one_property(deployed: int, rotation: int) -> None:
    with pytest.raises(ValueError):
        P.committed_troops(deployed, rotation)


@given(
    committed=st.integers(min_value=0, max_value=1_000_000),
    budget=st.integers(min_value=0, max_value=1_000_000),
)
def test_check_budget_refuses_exactly_the_overshoot(committed: int, budget: int) -> None:
    posture = Posture()
    if committed <= budget:
        P.check_budget(posture, committed, budget)
    else:
        with pytest.raises(BudgetError, match=f"{committed - budget:,} over budget"):
            P.check_budget(posture, committed, budget)
