"""One declaration per parameter: defaults, bounds on every setting, `wargame params`."""

from __future__ import annotations

import copy
import fnmatch
import json
import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.cli import main
from wargame.config import parameters
from wargame.config.parameters import (
    DEFAULTS_FILE,
    TEXT_KEYS,
    Parameter,
    assumed,
    check_seed,
    declared,
    lookup,
    policy_defaults,
    policy_key,
)
from wargame.config.scenario import from_settings, load_scenario
from wargame.engine.roster import kind_of
from wargame.errors import ConfigError
from wargame.play.session import new_game
from wargame.policies import registry

DEFAULTS = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))


# -- the declarations ---------------------------------------------------------------------------
def test_known_defaults_are_defaults_yaml_values_with_their_types() -> None:
    d = declared()
    # The values defaults.yaml held before the declarations existed (hand-copied).
    assert d["russia.hybrid_per_week"].default == 2
    assert d["russia.hybrid_per_week"].kind == "int"
    assert d["years"].default == 10.0 and d["years"].kind == "float"
    assert d["monitor.teams"].default == 8
    assert d["monitor.detect[1]"].default == 0.8
    assert d["rules.escalation_limit"].default == 10.0
    assert d["posture.delegated_authority"].kind == "bool"
    assert d["us.commitment"].choices == ("none", "c4isr", "backstop")
    assert d["nations.nl.public_support"].default == 0.48
    assert not d["nations.nl.public_support"].assumed  # 002: IPSOS
    assert d["nations.de.public_support"].assumed
    assert d["policies.russia.us_weight_backstop"].default == 1.5


def test_policy_defaults_equal_the_old_literals() -> None:
    weights = {
        "reserve_weight": 0.15,
        "nearby_weight": 0.5,
        "presence_weight": 0.5,
        "us_weight_backstop": 1.5,
        "us_undeployed_share": 0.4,
        "answered_weight": 0.4,
        "punish_weight_backstop": 0.6,
        "punish_weight_alone": 0.1,
    }
    base = {
        "risk_appetite": 1.0,
        "large_scale_base": 0.002,
        "balance_sensitivity": 1.5,
        "halt_below": 0.3,
        "answered_halt_penalty": 0.8,
        "probe_rate": 0.0,
        "limited_rate": 0.0,
        "hybrid_rate": 0.0,
        "harass_rate": 0.0,
        **weights,
    }
    prober = {
        **base,
        "probe_rate": 2.0,
        "limited_rate": 0.6,
        "hybrid_rate": 0.5,
        "harass_rate": 0.3,
    }
    regime = {
        **base,
        "probe_rate": 1.0,
        "limited_rate": 0.2,
        "hybrid_rate": 1.0,
        "harass_rate": 0.5,
        "risk_appetite": 0.5,
    }
    expected = {
        ("russia", "compliant"): base,
        ("russia", "opportunist"): base,
        ("russia", "prober"): prober,
        ("russia", "regime_change"): regime,
        ("force_commander", "denial"): {"escalation_cap": 7.0},
        ("force_commander", "restraint"): {"escalation_cap": 7.0},
        ("monitor", "patrol_evenly"): {},
        ("monitor", "patrol_hotspots"): {"hot_share": 0.6},
        ("nations", "steadfast"): {"threshold": 0.05},
        ("nations", "casualty_averse"): {"margin": 0.15, "casualty_limit": 50},
        ("ukraine", "resistance"): {
            "restrict_chance": 0.02,
            "raid_restrict_share": 0.5,
            "limited_share": 0.3,
        },
        ("ukraine", "hold_the_line"): {"restrict_chance": 0.02},
        ("us", "wavering"): {"drop_per_year": 0.15, "escalation_trigger": 5.0},
    }
    for (actor, policy), params in expected.items():
        got = {
            k: v
            for k, v in policy_defaults(actor, policy).items()
            if k not in ("launch_above", "shaping_focus", "campaign_focus")
        }
        assert got == params, (actor, policy)
        assert list(got) == list(params), (actor, policy)  # same order as before
        assert [type(v) for v in got.values()] == [type(v) for v in params.values()]
    from wargame.policies.perception import BALANCE_WEIGHTS

    assert weights == BALANCE_WEIGHTS
    # The launch bar and the shaping focus came with build-ups (issue 15), after the literals.
    assert policy_defaults("russia", "prober")["launch_above"] == 0.5
    assert policy_defaults("russia", "prober")["shaping_focus"] == 4.0


def _setting_leaves(node: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in node.items():
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.extend(_setting_leaves(value, dotted))
        elif isinstance(value, list):
            out.extend(f"{dotted}[{i}]" for i in range(len(value)))
        else:
            out.append(dotted)
    return out


def test_every_setting_of_defaults_yaml_is_declared() -> None:
    d = declared()

    def is_text(key: str) -> bool:
        return any(fnmatch.fnmatchcase(key, pattern) for pattern in TEXT_KEYS)

    missing = [k for k in _setting_leaves(DEFAULTS) if k not in d and not is_text(k)]
    assert missing == []
    # ... and nothing declared that defaults.yaml lacks (a stale declaration).
    leaves = set(_setting_leaves(DEFAULTS))
    stale = [k for k in d if not k.startswith("policies.") and k not in leaves]
    assert stale == []
    meta = yaml.safe_load(parameters.PARAMETERS_FILE.read_text(encoding="utf-8"))
    assert [k for k in meta["settings"] if k not in leaves] == []


def test_every_builtin_policy_parameter_is_declared_and_read_from_the_declarations() -> None:
    d = declared()
    for info in registry.builtin_policies().values():
        for kind in info.cls.actors:
            actor = "nations" if kind == "nation" else kind
            for param in info.cls.params:
                assert policy_key(kind, param) in d, f"{info.name}.{param} is not declared"
            assert info.cls.params == policy_defaults(actor, info.name), info.name


def test_declarations_are_well_formed() -> None:
    for key, p in declared().items():
        assert isinstance(p, Parameter)
        assert p.kind in parameters.KINDS, key
        assert p.reason and p.group, key
        if p.kind == "choice":
            assert p.default in p.choices, key
        if p.kind in ("int", "float"):
            assert p.minimum is None or p.minimum <= p.default, key
            assert p.maximum is None or p.default <= p.maximum, key
        if p.low is not None:
            assert p.low < p.high, key
            assert p.low <= p.default <= p.high, key
            assert p.minimum is None or p.minimum <= p.low, key
            assert p.maximum is None or p.high <= p.maximum, key
    # What a sensitivity study varies: every ASSUMED numeric with a range.
    keys = {p.key for p in assumed()}
    assert "policies.russia.us_weight_backstop" in keys and "monitor.teams" in keys
    assert "russia.troops" not in keys  # sourced (001)
    assert all(p.assumed and p.low is not None for p in assumed())


def test_assumed_flag_agrees_with_defaults_yaml_comments() -> None:
    from wargame.batch.report import parameters_of_defaults

    d = declared()
    for p in parameters_of_defaults():
        if p.key in d:
            assert d[p.key].assumed == p.assumed, p.key


# -- validation ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("override", "field"),
    [
        ("monitor.teams=.inf", "monitor.teams"),
        ("posture.rotation_factor=.nan", "posture.rotation_factor"),
        ("ukraine.capacity_years=0", "ukraine.capacity_years"),
        ("rules.escalation_limit=.nan", "rules.escalation_limit"),
        ("policies.russia.risk_appetite=-1", "policies.russia.risk_appetite"),
        ("russia.hybrid_per_week=1000000000", "russia.hybrid_per_week"),
        ("monitor.detect[1]=1.5", "monitor.detect[1]"),
        ("policies.nations.casualty_limit=2.5", "policies.nations.casualty_limit"),
        ("policies.gb.threshold=.inf", "policies.gb.threshold"),
    ],
)
def test_the_reported_settings_give_one_clear_message(override: str, field: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_scenario("default", [override])
    assert err.value.field == field
    assert err.value.source.startswith("--set")
    assert "must" in err.value.problem


def test_the_reported_settings_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["--set", "russia.hybrid_per_week=1000000000"],
        ["--set", "monitor.teams=.inf"],
    ):
        assert main(["run", "--years", "0.1", *args]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    # A bad seed is refused by argparse itself: its usage, then one error line.
    with pytest.raises(SystemExit) as stop:
        main(["run", "--years", "0.1", "--seed", "-1"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "--seed" in err.strip().splitlines()[-1] and "4294967295" in err


def test_seeds() -> None:
    assert check_seed(0) == 0 and check_seed(2**32 - 1) == 2**32 - 1
    for bad in (-1, 2**32, 1.5, True, "3", None):
        with pytest.raises(ConfigError, match="seed"):
            check_seed(bad)
    with pytest.raises(ConfigError, match="seed"):
        new_game("default", seed=-1)


def test_scenario_file_and_record_header_are_checked(tmp_path: Any) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("rules:\n  escalation_limit: .nan\n")
    with pytest.raises(ConfigError) as err:
        load_scenario(str(path))
    assert err.value.source == str(path) and err.value.field == "rules.escalation_limit"
    header = {"monitor": {"teams": 5000}}
    with pytest.raises(ConfigError, match=r"monitor\.teams: must be a whole number between 0"):
        from_settings(header, "game.wgr.jsonl (header)")
    nation = {k: v for k, v in DEFAULTS["nations"]["nl"].items()}
    nation["public_support"] = 1.5
    with pytest.raises(ConfigError) as err:
        from_settings({"nations": {"xx": nation}})
    assert err.value.field == "nations.xx.public_support"


def test_settings_the_rules_divide_by_must_be_positive() -> None:
    # The tripwire rally divides by the sensitivity; the build-up by capacity_years.
    for item in (
        "nations.gb.casualty_sensitivity=0",
        "ukraine.capacity_years=0",
        "coalition.brigade_size=0",
        "rules.escalation_limit=0",
        "years=0",
    ):
        with pytest.raises(ConfigError, match="between"):
            load_scenario("default", [item])


def test_list_item_override() -> None:
    s = load_scenario("default", ["monitor.detect[1]=0.7"])
    assert s.get("monitor.detect") == [0.5, 0.7, 1.0]
    with pytest.raises(ConfigError, match=r"\[0\] to \[2\]"):
        load_scenario("default", ["monitor.detect[3]=0.7"])


def _tree_for(key: str, value: Any) -> dict[str, Any]:
    """A partial settings tree setting one declared key to `value`."""
    if key.startswith("policies."):
        _, actor, param = key.split(".")
        return {"policies": {actor: {param: value}}}
    parts = key.split(".")
    tree: dict[str, Any] = {}
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    leaf = parts[-1]
    if "[" in leaf:
        name, index = leaf[:-1].split("[")
        items = copy.deepcopy(lookup(DEFAULTS, ".".join([*parts[:-1], name])))
        items[int(index)] = value
        node[name] = items
    else:
        node[leaf] = value
    return tree


VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
    st.sampled_from(["backstop", "heavy_area", "both_sides", "1e9", ".inf"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(declared())), value=VALUES)
def test_any_value_for_any_key_validates_within_bounds_or_gives_a_config_error(
    key: str, value: Any
) -> None:
    p = declared()[key]
    try:
        scenario = from_settings(_tree_for(key, value), "fuzz")
    except ConfigError as exc:
        assert exc.source == "fuzz"
        return
    got = lookup(scenario.settings, key)
    if p.kind == "choice":
        assert got in p.choices
    elif p.kind == "bool":
        assert isinstance(got, bool)
    else:
        assert isinstance(got, int | float) and not isinstance(got, bool)
        assert math.isfinite(got)
        assert p.minimum is None or got >= p.minimum
        assert p.maximum is None or got <= p.maximum
        if p.kind == "int":
            assert got == int(got)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(declared())), text=st.text(max_size=16))
def test_any_set_text_for_any_key_is_accepted_within_bounds_or_refused(key: str, text: str) -> None:
    p = declared()[key]
    try:
        scenario = load_scenario("default", [f"{key}={text}"])
    except ConfigError as exc:
        assert exc.source.startswith("--set")
        return
    if key.startswith("policies."):
        _, actor, param = key.split(".")
        got = scenario.settings["policies"][actor][param]
    else:
        got = lookup(scenario.settings, key)
    if p.kind in ("int", "float"):
        assert math.isfinite(got) and p.minimum <= got <= p.maximum


def test_as_override_round_trips() -> None:
    for p in assumed():
        for x in (p.low, p.high, (p.low + p.high) / 2):
            item = parameters.as_override(p.key, x)
            scenario = load_scenario("default", [item])
            if p.key.startswith("policies."):
                continue
            got = lookup(scenario.settings, p.key)
            assert type(got) is type(p.default), item
            assert got == pytest.approx(x, abs=0.5 if p.kind == "int" else 1e-12), item


# -- wargame params ----------------------------------------------------------------------------


def test_params_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header[:4] == ["key", "default", "allowed", "plausible"]
    line = next(x for x in out.splitlines() if x.startswith("russia.hybrid_per_week "))
    assert "a whole number between 0 and 50" in line and "1 - 4" in line and "ASSUMED" in line
    assert f"{len(declared())} parameters" in out


def test_params_json_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == list(declared())
    first = {r["key"]: r for r in rows}["monitor.teams"]
    assert first == declared()["monitor.teams"].to_dict()
    assert main(["params", "--json", "--group", "monitor", "--assumed"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["group"] == "monitor" and r["assumed"] for r in rows)
    assert "monitor.access" not in {r["key"] for r in rows}
    assert main(["params", "--group", "nope"]) == 2
    assert "groups: " in capsys.readouterr().err


def test_policy_key_convention() -> None:
    assert policy_key("russia", "x") == "policies.russia.x"
    assert policy_key("gb", "threshold") == "policies.nations.threshold"
    assert policy_key("nations", "threshold") == "policies.nations.threshold"
    assert kind_of("gb") == "nation"


def test_a_stray_field_in_a_declaration_is_refused() -> None:
    """`unit: cost per 4,000 troops` unquoted once read as a unit plus a key `000 troops`."""
    from wargame.config import parameters

    spec = {"group": "g", "reason": "r", "unit": "cost per 4", "000 troops": None}
    with pytest.raises(ValueError, match=r"x\.y: unknown field '000 troops'"):
        parameters._make("x.y", 1.0, spec)
    assert parameters.declared()["policies.russia.presence_weight"].unit == "cost per 4,000 troops"
