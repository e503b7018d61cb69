"""Tests for scenarios: the shipped files, `--set` overrides, and clear errors on bad input."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wargame.config.scenario import Scenario, game_setup, list_scenarios, load_scenario
from wargame.engine.model import CeasefireModel
from wargame.errors import BudgetError, ConfigError
from wargame.paths import data_dir, list_names

ACTOR_IDS = ("russia", "ukraine", "us", "monitor", "force_commander")

# The six base postures, with the dials and committed troops (rotation included) chosen in
# each file: option, spacing, rotation, US commitment, deployed, committed.
SHIPPED: dict[str, tuple[str, str, int, str, int, int]] = {
    "no_guarantee": ("none", "eur_plus", 3, "none", 0, 0),
    "reassurance": ("reassurance", "eur_plus", 4, "c4isr", 30_000, 120_000),
    "option1_monitoring": ("monitoring", "eur_plus", 4, "backstop", 40_000, 160_000),
    "option2_light_area": ("light_area", "eur_plus", 4, "backstop", 40_000, 160_000),
    "option3_heavy_area": ("heavy_area", "eur_plus", 3, "backstop", 96_000, 288_000),
    "option4_counter_concentration": (
        "counter_concentration",
        "eur_plus",
        4,
        "backstop",
        16_000,
        64_000,
    ),
}

# Every field of a nation, for tests that add one.
NATION = {
    "name": "Norway",
    "group": "nordic",
    "brigades": 1,
    "public_support": 0.5,
    "conditional_support": 0.15,
    "casualty_sensitivity": 1.0,
    "hybrid_sensitivity": 0.9,
    "caveats": False,
}


def idle(observation: dict[str, Any]) -> list[dict[str, Any]]:
    """A trivial decider: never acts."""
    return []


def build(scenario: Scenario) -> CeasefireModel:
    ids = (*ACTOR_IDS, *scenario.settings["nations"])
    return game_setup(scenario).new_model(7, {a: idle for a in ids})


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path | str, overrides: list[str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        load_scenario(str(path), overrides)
    return err.value


# -- shipped scenarios --------------------------------------------------------------------------


def test_the_six_base_postures_ship() -> None:
    assert set(SHIPPED) <= set(list_names("scenarios"))
    assert not (data_dir("scenarios") / ".keep").exists()


@pytest.mark.parametrize("name", list_names("scenarios"))
def test_shipped_scenario_loads_builds_and_runs(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name  # the file's `name` matches its file name
    assert scenario.settings["description"]
    assert Path(scenario.source).name == f"{name}.yaml"
    model = build(scenario)  # passes the budget check
    assert model.troops_committed <= model.troop_budget
    model.run(10)
    assert model.week == 10
    assert model.summary()["scenario"] == name


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_scenario_dials(name: str) -> None:
    option, spacing, rotation, us, deployed, committed = SHIPPED[name]
    scenario = load_scenario(name)
    assert scenario.posture.option == option
    assert scenario.posture.spacing == spacing
    assert scenario.posture.rotation_factor == rotation
    assert scenario.get("us.commitment") == us
    model = build(scenario)
    assert model.troops_deployed_planned == deployed
    assert model.troops_committed == committed
    assert model.force.deployed == deployed


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_scenario_file_is_partial_and_cites_sources(name: str) -> None:
    path = data_dir("scenarios") / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["name"] == name
    assert set(raw) <= {"name", "description", "posture", "us", "coalition", "monitor"}
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert "001" in header or "002" in header


def test_deterrence_options_keep_the_us_backstop() -> None:
    # 001: "without the United States a deterrence operation is hardly possible".
    for name in SHIPPED:
        if name.startswith("option"):
            assert load_scenario(name).get("us.commitment") == "backstop"


def test_option3_at_rotation_4_is_over_budget() -> None:
    scenario = load_scenario("option3_heavy_area", ["posture.rotation_factor=4"])
    with pytest.raises(BudgetError, match="86,000"):
        build(scenario)


def test_option3_still_fits_when_the_us_leaves_the_baltics() -> None:
    model = build(load_scenario("option3_heavy_area", ["us.leaves_baltics=true"]))
    assert model.troop_budget == 295_800
    assert model.troops_committed == 288_000


def test_no_guarantee_has_no_coalition() -> None:
    model = build(load_scenario("no_guarantee"))
    assert model.force.units == []
    assert model.nation_ids_in_coalition() == []


def test_list_scenarios_matches_the_folder() -> None:
    assert [s.name for s in list_scenarios()] == list_names("scenarios")


def test_scenarios_differ() -> None:
    digests = {load_scenario(name).digest for name in SHIPPED}
    assert len(digests) == len(SHIPPED)


# -- --set overrides ----------------------------------------------------------------------------


def test_set_rotation_factor() -> None:
    scenario = load_scenario("option2_light_area", ["posture.rotation_factor=3"])
    assert scenario.posture.rotation_factor == 3
    scenario = load_scenario("default", ["posture.rotation_factor=4"])
    assert scenario.settings["posture"]["rotation_factor"] == 4
    assert isinstance(scenario.settings["posture"]["rotation_factor"], int)


def test_set_us_commitment() -> None:
    scenario = load_scenario("option3_heavy_area", ["us.commitment=none"])
    assert scenario.get("us.commitment") == "none"
    assert build(scenario).us.commitment == "none"


def test_set_policy_and_its_parameter() -> None:
    scenario = load_scenario(
        "default", ["policies.russia=opportunist", "policies.russia.risk_appetite=0.7"]
    )
    assert scenario.settings["policies"]["russia"] == {
        "name": "opportunist",
        "risk_appetite": 0.7,
    }


def test_set_values_are_read_as_yaml() -> None:
    scenario = load_scenario(
        "default",
        ["us.leaves_baltics=true", "monitor.detect=[0.4, 0.7, 0.9]", "coalition.brigade_size=4000"],
    )
    assert scenario.get("us.leaves_baltics") is True
    assert scenario.get("monitor.detect") == [0.4, 0.7, 0.9]


def test_set_a_nation_field() -> None:
    scenario = load_scenario("default", ["nations.no.public_support=0.3"])
    assert scenario.settings["nations"]["no"]["public_support"] == 0.3


def test_later_overrides_win() -> None:
    scenario = load_scenario("default", ["posture.rotation_factor=4", "posture.rotation_factor=2"])
    assert scenario.posture.rotation_factor == 2


def test_set_unknown_key_lists_allowed_keys() -> None:
    err = config_error("default", ["posture.rotaton_factor=4"])
    assert err.source.startswith("--set")
    assert err.field == "posture.rotaton_factor"
    assert "rotation_factor" in err.problem
    assert "spacing" in err.problem


def test_set_unknown_section() -> None:
    err = config_error("default", ["postur.option=none"])
    assert err.source.startswith("--set")
    assert "postur" in str(err)
    assert "posture" in err.problem


def test_set_out_of_range_names_the_override() -> None:
    err = config_error("default", ["posture.rotation_factor=7"])
    assert err.source == "--set posture.rotation_factor=7"
    assert err.field == "posture.rotation_factor"
    assert "between 1 and 6" in err.problem


def test_set_bad_enum_lists_allowed_values() -> None:
    err = config_error("default", ["us.commitment=maybe"])
    assert err.source.startswith("--set")
    assert err.field == "us.commitment"
    for value in ("none", "c4isr", "backstop"):
        assert value in err.problem


def test_set_wrong_type() -> None:
    err = config_error("default", ["posture.rotation_factor=four"])
    assert err.source.startswith("--set")
    assert err.field == "posture.rotation_factor"
    assert "whole number" in err.problem


def test_set_without_equals_sign() -> None:
    err = config_error("default", ["posture.rotation_factor"])
    assert err.source == "--set"
    assert "key=value" in err.problem


# -- bad scenario files -------------------------------------------------------------------------


def test_unknown_key_names_file_and_field_and_lists_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "posture:\n  rotaton_factor: 4\n")
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "posture.rotaton_factor"
    for key in ("option", "spacing", "rotation_factor", "estimate"):
        assert key in err.problem
    assert str(path) in str(err)


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, "yeers: 5\n")
    err = config_error(path)
    assert err.field == "yeers"
    assert "years" in err.problem
    assert "posture" in err.problem


def test_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, "posture:\n  rotation_factor: four\n")
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "posture.rotation_factor"
    assert "whole number" in err.problem


def test_section_given_as_a_value(tmp_path: Path) -> None:
    path = write(tmp_path, "posture: heavy_area\n")
    err = config_error(path)
    assert err.field == "posture"
    assert "section" in err.problem


def test_wrong_boolean(tmp_path: Path) -> None:
    path = write(tmp_path, "us:\n  leaves_baltics: maybe\n")
    err = config_error(path)
    assert err.field == "us.leaves_baltics"
    assert "true or false" in err.problem


def test_wrong_list_length(tmp_path: Path) -> None:
    path = write(tmp_path, "monitor:\n  detect: [0.5, 0.8]\n")
    err = config_error(path)
    assert err.field == "monitor.detect"
    assert "3" in err.problem


def test_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "posture:\n  rotation_factor: 7\n")
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "posture.rotation_factor"
    assert "between 1 and 6" in err.problem


def test_probability_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "monitor:\n  detect: [0.5, 1.5, 1.0]\n")
    err = config_error(path)
    assert err.field == "monitor.detect[1]"


def test_negative_number(tmp_path: Path) -> None:
    path = write(tmp_path, "russia:\n  troops: -5\n")
    err = config_error(path)
    assert err.field == "russia.troops"
    assert "negative" in err.problem


def test_nation_support_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "nations:\n  nl: {public_support: 1.5}\n")
    err = config_error(path)
    assert err.field == "nations.nl.public_support"


def test_bad_enum_lists_allowed_values(tmp_path: Path) -> None:
    path = write(tmp_path, "posture:\n  option: huge\n")
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "posture.option"
    for option in (
        "none",
        "reassurance",
        "monitoring",
        "light_area",
        "heavy_area",
        "counter_concentration",
    ):
        assert option in err.problem
    assert "huge" in err.problem


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nposture:\n  option: heavy_area\n   spacing: eur_plus\n")
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "line 4"
    assert "YAML" in err.problem


def test_missing_file_lists_shipped_scenarios(tmp_path: Path) -> None:
    err = config_error(tmp_path / "nowhere.yaml")
    assert err.source == str(tmp_path / "nowhere.yaml")
    for name in SHIPPED:
        assert name in err.problem


def test_unknown_shipped_name_lists_shipped_scenarios() -> None:
    err = config_error("option5_parity")
    assert "option5_parity" in err.source
    assert "option3_heavy_area" in err.problem


def test_top_level_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- posture\n- us\n")
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "(top level)"
    assert "mapping" in err.problem


def test_empty_file_is_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing here\n")
    assert (
        load_scenario(str(path)).settings["posture"] == load_scenario("default").settings["posture"]
    )


@pytest.mark.parametrize("code", ["NO", "nor", "n1", "x"])
def test_nation_id_must_be_a_two_letter_lower_case_code(tmp_path: Path, code: str) -> None:
    path = write(tmp_path, yaml.safe_dump({"nations": {code: NATION}}))
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == f"nations.{code}"
    assert "alpha-2" in err.problem


def test_new_nation_needs_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "nations:\n  is: {name: Iceland, brigades: 0}\n")
    err = config_error(path)
    assert err.field == "nations.is"
    assert "public_support" in err.problem


def test_new_nation_is_added(tmp_path: Path) -> None:
    path = write(tmp_path, yaml.safe_dump({"nations": {"pt": {**NATION, "name": "Portugal"}}}))
    scenario = load_scenario(str(path))
    assert scenario.settings["nations"]["pt"]["name"] == "Portugal"
    model = build(scenario)
    assert "pt" in model.actors


def test_norway_trap(tmp_path: Path) -> None:
    # YAML 1.1 reads an unquoted `no` as false.
    path = write(
        tmp_path,
        "nations:\n"
        "  no: {name: Norway, group: nordic, brigades: 1, public_support: 0.5,\n"
        "       conditional_support: 0.15, casualty_sensitivity: 1.0,\n"
        "       hybrid_sensitivity: 0.9, caveats: false}\n",
    )
    err = config_error(path)
    assert err.source == str(path)
    assert err.field == "nations.False"
    assert "'no'" in err.problem
    assert "quote" in err.problem


def test_norway_quoted_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "nations:\n  'no': {public_support: 0.3}\n")
    assert load_scenario(str(path)).settings["nations"]["no"]["public_support"] == 0.3


def test_norway_trap_partial_override_gives_the_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "nations:\n  no: {public_support: 0.3}\n")
    err = config_error(path)
    assert "quote" in err.problem


def test_no_nation_contributes(tmp_path: Path) -> None:
    nations = {code: {"brigades": 0} for code in load_scenario("default").settings["nations"]}
    path = write(tmp_path, yaml.safe_dump({"nations": nations}))
    err = config_error(path)
    assert err.field == "nations"


def test_fractional_years(tmp_path: Path) -> None:
    path = write(tmp_path, "years: 0.5\n")
    assert load_scenario(str(path)).weeks == 26


def test_years_sets_the_horizon() -> None:
    assert load_scenario("default", ["years=2"]).weeks == 104
    assert load_scenario("default").weeks == 520


# -- maps next to the scenario ------------------------------------------------------------------


def test_map_relative_to_the_scenario_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "study"
    folder.mkdir()
    shutil.copy(data_dir("maps") / "coarse_line.yaml", folder / "my_line.yaml")
    path = write(
        folder,
        "name: coarse_study\ndescription: heavy area on the coarse map\nmap: my_line.yaml\n",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the map is found next to the scenario, not in the cwd
    scenario = load_scenario(str(path))
    assert scenario.name == "coarse_study"
    model = build(scenario)
    assert model.map.id == "coarse_line"
    assert len(model.map.sectors) == 12
    assert len(model.force.units) == 24  # still one unit per 50 km on 1,200 km
    assert model.troops_committed == 288_000
    model.run(3)
    assert model.week == 3


def test_map_in_a_subfolder_of_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    shutil.copy(data_dir("maps") / "coarse_line.yaml", tmp_path / "maps" / "coarse.yaml")
    path = write(tmp_path, "map: maps/coarse.yaml\nposture: {option: counter_concentration}\n")
    model = build(load_scenario(str(path)))
    assert model.map.id == "coarse_line"
    assert len(model.force.units) == 4


def test_shipped_map_by_name() -> None:
    model = build(load_scenario("option1_monitoring", ["map=coarse_line"]))
    assert model.map.id == "coarse_line"
    assert len(model.force.units) == 24
    assert model.troops_deployed_planned == 40_000
