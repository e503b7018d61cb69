"""Tests for policies: every built-in plays every scenario, conformance, custom policies from a
file or an entry point, clear errors for bad references and illegal actions, parameters, the CLI.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wargame.cli import main
from wargame.config.scenario import list_scenarios
from wargame.engine.events import END_CAUSES
from wargame.engine.roster import ACTOR_KINDS
from wargame.errors import ActionError, ConfigError, WargameError
from wargame.play.conformance import check_policy
from wargame.play.session import new_game
from wargame.policies import registry
from wargame.policies.policy import BasePolicy, PolicyError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MY_RUSSIA = FIXTURES / "my_russia_policy.py"
BAD_POLICY = FIXTURES / "bad_policy.py"

BUILTINS = registry.list_policies()


@pytest.fixture(autouse=True)
def _trust_test_policies(tmp_path: Path) -> None:
    """These tests' own policy files are trusted, as `--policy FILE` or `--policy-dir` would."""
    registry.trust(FIXTURES)
    registry.trust(tmp_path)


SCENARIOS = [s.name for s in list_scenarios()]
# option3_heavy_area is the default-like scenario (the defaults are heavy area-based denial with
# a US backstop): it plays its full ten-year horizon. The others play 3 years, to keep the
# 19 policies x 6 scenarios under a minute (full horizons everywhere take ~80 s on their own).
FULL_HORIZON = {"option3_heavy_area"}

EXPECTED_NAMES = (
    "prober",
    "opportunist",
    "compliant",
    "regime_change",
    "hold_the_line",
    "resistance",
    "denial",
    "punishment",
    "steadfast",
    "casualty_averse",
    "public_opinion",
    "none",
    "c4isr",
    "backstop",
    "wavering",
    "patrol_evenly",
    "patrol_hotspots",
)


def _policy_key(info: registry.PolicyInfo) -> str:
    """The `policies` key that plays this policy: 'nations' for every nation at once."""
    kind = info.actors[0]
    return "nations" if kind == "nation" else kind


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI expecting a clear error: exit code 2, one line on stderr, no traceback."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("wargame: error: ")
    return err


# -- every built-in policy plays every shipped scenario ------------------------------------------


def test_builtins_are_registered() -> None:
    names = {info.name for info in BUILTINS}
    assert set(EXPECTED_NAMES) <= names
    assert {info.actors[0] for info in BUILTINS} == set(ACTOR_KINDS)
    assert len(SCENARIOS) >= 6


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("info", BUILTINS, ids=lambda i: f"{i.actors[0]}:{i.name}")
def test_builtin_plays_full_game(info: registry.PolicyInfo, scenario: str) -> None:
    overrides = [] if scenario in FULL_HORIZON else ["years=3"]
    game = new_game(scenario, seed=5, overrides=overrides, policies={_policy_key(info): info.name})
    game.run()
    summary = game.summary()
    assert game.over
    assert summary["end_cause"] in END_CAUSES
    assert 1 <= game.week <= game.model.horizon
    if summary["end_cause"] == "held":
        assert game.week == game.model.horizon
    kind = info.actors[0]
    players = list(game.scenario.settings["nations"]) if kind == "nation" else [info.actors[0]]
    for actor in players:
        assert game.deciders[actor].name == info.name
        assert summary["policies"][actor] == info.name


# -- conformance -----------------------------------------------------------------------------------


@pytest.mark.parametrize("info", BUILTINS, ids=lambda i: f"{i.actors[0]}:{i.name}")
def test_check_policy_builtin(info: registry.PolicyInfo) -> None:
    report = check_policy(info.name, weeks=52)
    failures = [(c.scenario, c.actor, c.error) for c in report.checks if not c.legal]
    assert not failures
    assert all(c.deterministic for c in report.checks)
    assert report.passed
    assert {c.scenario for c in report.checks} == set(SCENARIOS)
    assert all(c.decisions > 0 or info.actors[0] == "nation" for c in report.checks)


def test_check_policy_file_and_cli(capsys: pytest.CaptureFixture[str]) -> None:
    report = check_policy(f"{MY_RUSSIA}:MyRussia", weeks=20)
    assert report.passed
    assert {c.actor for c in report.checks} == {"russia"}
    code = main(["check-policy", f"{MY_RUSSIA}:MyRussia", "--weeks", "10"])
    out = capsys.readouterr().out
    assert code == 0
    assert "PASSED" in out


# -- custom policies: from a file ----------------------------------------------------------------


def test_file_policy_plays_option3() -> None:
    game = new_game(
        "option3_heavy_area", seed=3, policies={"russia": f"{MY_RUSSIA}:MyRussia"}
    ).run()
    summary = game.summary()
    assert game.over
    assert summary["policies"]["russia"] == "my_russia"
    assert summary["end_cause"] in END_CAUSES
    # One probe every fourth week and nothing else.
    assert summary["incidents"]["level2"] == summary["incidents"]["level3"] == 0
    assert summary["incidents"]["hybrid"] == 0


def test_file_policy_without_class_name() -> None:
    game = new_game(
        "option3_heavy_area", seed=3, overrides=["years=1"], policies={"russia": str(MY_RUSSIA)}
    ).run()
    assert game.deciders["russia"].name == "my_russia"
    assert game.over


def test_file_policy_parameter() -> None:
    game = new_game(
        "option3_heavy_area",
        seed=3,
        overrides=["years=1", "policies.russia.every=1"],
        policies={"russia": f"{MY_RUSSIA}:MyRussia"},
    ).run()
    assert game.deciders["russia"].p["every"] == 1


def test_file_policy_via_cli(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "run",
        "--scenario",
        "option3_heavy_area",
        "--years",
        "1",
        "--policy",
        f"russia={MY_RUSSIA}:MyRussia",
        "--json",
    ]
    assert main(argv) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["policies"]["russia"] == "my_russia"
    assert summary["scenario"] == "option3_heavy_area"
    assert summary["weeks"] <= 52
    # The same without ':Class', since the file holds exactly one Russia policy.
    assert main([*argv[:-2], f"russia={MY_RUSSIA}", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == summary


def test_file_policy_relative_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent.parent)
    game = new_game(
        "option3_heavy_area",
        seed=1,
        overrides=["years=0.2"],
        policies={"russia": "tests/fixtures/my_russia_policy.py:MyRussia"},
    )
    assert game.deciders["russia"].name == "my_russia"


def test_file_with_two_policies_needs_class(tmp_path: Path) -> None:
    path = tmp_path / "two.py"
    path.write_text(
        textwrap.dedent(
            """
            from wargame.policies.policy import BasePolicy

            class A(BasePolicy):
                name = "a"
                actors = ("russia",)

            class B(BasePolicy):
                name = "b"
                actors = ("russia",)
            """
        )
    )
    with pytest.raises(PolicyError, match=r"holds 2 policies for russia; name one as .*:ClassName"):
        new_game("option3_heavy_area", seed=1, policies={"russia": str(path)})
    game = new_game("option3_heavy_area", seed=1, policies={"russia": f"{path}:B"})
    assert game.deciders["russia"].name == "b"


# -- custom policies: from an entry point ----------------------------------------------------------


@pytest.fixture
def fake_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed distribution `mypol` registering a Russia policy 'mine' as an entry point."""
    dist = tmp_path / "mypol-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: mypol\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[wargame.policies]\nmine = mypol_mod:Mine\n")
    (tmp_path / "mypol_mod.py").write_text(
        textwrap.dedent(
            '''
            """A third-party Russia policy: complies, except for a probe every tenth week."""

            from wargame.policies.policy import BasePolicy


            class Mine(BasePolicy):
                """Mostly quiet."""

                name = "mine"
                actors = ("russia",)

                def decide(self, observation):
                    if observation["week"] % 10 == 0:
                        return [{"type": "violate", "sector": observation["sectors"][-1], "level": 1}]
                    return []
            '''
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("mypol_mod", None)


def test_entry_point_policy(fake_distribution: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = registry.entry_point_policies()
    assert "russia:mine" in found
    info = found["russia:mine"]
    assert info.name == "mine"
    assert info.origin == "entry point mypol_mod:Mine"
    assert info.description == "Mostly quiet."
    game = new_game(
        "option3_heavy_area", seed=1, overrides=["years=1"], policies={"russia": "mine"}
    )
    game.run()
    assert game.deciders["russia"].name == "mine"
    assert game.summary()["incidents"]["level1"] == 5  # weeks 10, 20, 30, 40, 50
    assert main(["policies"]) == 0
    assert re.search(r"^  mine\s+Mostly quiet\.$", capsys.readouterr().out, re.M)


def test_entry_point_gone_without_distribution() -> None:
    assert "russia:mine" not in registry.entry_point_policies()


def test_entry_point_that_fails_to_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = tmp_path / "brokenpol-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: brokenpol\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[wargame.policies]\nbroken = no_such_mod_xyz:Cls\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(
        PolicyError, match=r"entry point broken = no_such_mod_xyz:Cls failed to load"
    ):
        registry.entry_point_policies()


# -- clear errors for bad policy references --------------------------------------------------------


def test_unknown_policy_name_lists_actor_policies() -> None:
    with pytest.raises(WargameError) as err:
        new_game("option3_heavy_area", seed=1, policies={"russia": "nosuch"})
    assert isinstance(err.value, PolicyError)
    message = str(err.value)
    assert "unknown policy 'nosuch' for russia" in message
    for name in ("compliant", "opportunist", "prober", "regime_change"):
        assert name in message
    assert "denial" not in message


def test_known_name_for_wrong_actor() -> None:
    with pytest.raises(PolicyError) as err:
        new_game("option3_heavy_area", seed=1, policies={"russia": "denial"})
    message = str(err.value)
    assert "'denial' plays force_commander" in message
    assert "policies for russia: compliant, opportunist, prober, regime_change" in message


def test_missing_policy_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.py"
    with pytest.raises(PolicyError, match=rf"policy file {re.escape(str(missing))} does not exist"):
        new_game("option3_heavy_area", seed=1, policies={"russia": f"{missing}:X"})


def test_policy_file_that_fails_to_import() -> None:
    with pytest.raises(PolicyError) as err:
        new_game("option3_heavy_area", seed=1, policies={"russia": f"{BAD_POLICY}:Anything"})
    message = str(err.value)
    assert str(BAD_POLICY) in message
    assert "failed to import: RuntimeError: this policy file is broken on purpose" in message
    assert err.value.__cause__ is None


def test_class_that_is_not_a_policy() -> None:
    with pytest.raises(
        PolicyError, match=r"class NotAPolicy is not a policy: missing name, actors"
    ):
        new_game("option3_heavy_area", seed=1, policies={"russia": f"{MY_RUSSIA}:NotAPolicy"})


def test_missing_class_in_file() -> None:
    with pytest.raises(PolicyError, match=r"has no class Nowhere"):
        new_game("option3_heavy_area", seed=1, policies={"russia": f"{MY_RUSSIA}:Nowhere"})


def test_file_policy_for_wrong_actor() -> None:
    with pytest.raises(PolicyError, match=r"plays russia, not ukraine"):
        new_game("option3_heavy_area", seed=1, policies={"ukraine": f"{MY_RUSSIA}:MyRussia"})


def test_unknown_policy_parameter_lists_allowed() -> None:
    with pytest.raises(PolicyError) as err:
        new_game("option3_heavy_area", seed=1, overrides=["policies.russia.nope=1"])
    message = str(err.value)
    assert "policy 'prober' has no parameter(s) nope" in message
    assert "allowed: " in message
    for param in ("balance_sensitivity", "hybrid_rate", "probe_rate", "risk_appetite"):
        assert param in message


def test_policy_parameter_of_wrong_type() -> None:
    # Declared policy parameters are checked with the settings (wargame.config.parameters).
    with pytest.raises(
        ConfigError, match=r"policies.russia.risk_appetite: must be a finite number"
    ):
        new_game("option3_heavy_area", seed=1, overrides=["policies.russia.risk_appetite=high"])


def test_policy_parameter_of_wrong_type_checked_by_the_policy_itself() -> None:
    from wargame.policies.registry import make_policy

    with pytest.raises(PolicyError, match=r"parameter risk_appetite must be a number, got 'high'"):
        make_policy("prober", "russia", 1, {"risk_appetite": "high"})
    with pytest.raises(PolicyError, match=r"parameter hot_share must be a finite number"):
        make_policy("patrol_hotspots", "monitor", 1, {"hot_share": float("nan")})


def test_policies_for_unknown_actor() -> None:
    with pytest.raises(PolicyError, match=r"unknown actor\(s\) martians; actors: nations, russia"):
        new_game("option3_heavy_area", seed=1, policies={"martians": "prober"})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--policy", "russia=nosuch"], "unknown policy 'nosuch' for russia"),
        (["--policy", "russia=denial"], "'denial' plays force_commander"),
        (["--policy", "russia=/no/such/dir/pol.py:X"], "does not exist"),
        (["--policy", f"russia={BAD_POLICY}:X"], "failed to import: RuntimeError"),
        (["--policy", f"russia={MY_RUSSIA}:NotAPolicy"], "is not a policy"),
        (["--set", "policies.russia.nope=1"], "has no parameter(s) nope; allowed: "),
        (["--policy", "russia"], "expected ACTOR=NAME"),
    ],
    ids=["unknown", "wrong-actor", "no-file", "bad-import", "not-a-policy", "param", "syntax"],
)
def test_cli_policy_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    err = _one_line_error(
        capsys, ["run", "--scenario", "option3_heavy_area", "--years", "1", *args]
    )
    assert expected in err


def test_cli_check_policy_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_line_error(capsys, ["check-policy", "nosuch", "--weeks", "1"])
    assert "nosuch" in err


# -- invalid actions -------------------------------------------------------------------------------


class Fixed:
    """A decider returning the same (possibly illegal) actions every week."""

    def __init__(self, name: str, actions: Any) -> None:
        self.name = name
        self.actions = actions

    def decide(self, observation: dict[str, Any]) -> Any:
        return copy.deepcopy(self.actions)


class BadResponder:
    """A Force Commander policy answering the first open incident in a mode that does not exist."""

    name = "bad_responder"

    def decide(self, observation: dict[str, Any]) -> list[dict[str, Any]]:
        open_ = [i for i in observation["known_incidents"] if i["responded"] is None]
        return [{"type": "respond", "incident": open_[0]["id"], "mode": "nuke"}] if open_ else []


class WrongModeResponder:
    """Answers an incident in a mode legal for another incident this week, but not for this one."""

    name = "wrong_mode"

    def decide(self, observation: dict[str, Any]) -> list[dict[str, Any]]:
        open_ = [i for i in observation["known_incidents"] if i["responded"] is None]
        union = {m for i in open_ for m in i["modes"]}
        for inc in open_:
            wrong = sorted(union - set(inc["modes"]))
            if wrong:
                return [{"type": "respond", "incident": inc["id"], "mode": wrong[0]}]
        return []


def _play_with(actor: str, decider: Any, scenario: str = "option3_heavy_area", seed: int = 2):
    game = new_game(scenario, seed=seed, overrides=["years=2"])
    game.model.deciders[actor] = decider
    with pytest.raises(ActionError) as err:
        game.run()
    return str(err.value)


def _assert_names(message: str, policy: str, actor: str) -> None:
    assert re.match(rf"week \d+: policy '{policy}' playing {actor} returned ", message), message
    assert "Legal this week: " in message


@pytest.mark.parametrize(
    ("actions", "problem"),
    [
        (
            [{"type": "violate", "sector": "nowhere", "level": 2}],
            "sector='nowhere' is not allowed",
        ),
        ([{"type": "fly"}], "an action of type 'fly', which russia may not take now"),
        ({"type": "violate", "sector": "nowhere", "level": 2}, "dict instead of a list of actions"),
        ([{"type": "violate", "level": 2}], "with parameters ['level']; violate takes"),
        (["violate"], "which is not an action (a dict with a 'type')"),
    ],
    ids=["bad-sector", "unknown-type", "dict-not-list", "missing-param", "not-a-dict"],
)
def test_invalid_russian_actions(actions: Any, problem: str) -> None:
    message = _play_with("russia", Fixed("cheater", actions))
    _assert_names(message, "cheater", "russia")
    assert message.startswith("week 1: ")
    assert problem in message
    # The legal choices: every action type with its allowed values.
    assert "violate(sector in [" in message
    assert "level in [1, 2])" in message
    assert "hybrid(target in [" in message
    assert "harass_monitor(sector in [" in message


def test_action_limit_exceeded() -> None:
    three = [{"type": "hybrid", "target": "gb"}] * 3
    message = _play_with("russia", Fixed("hybrid_spammer", three))
    _assert_names(message, "hybrid_spammer", "russia")
    assert "3 actions of type hybrid; at most 2 a week" in message
    assert "(at most 2)" in message


def test_hybrid_on_nation_outside_coalition() -> None:
    message = _play_with("russia", Fixed("cheater", [{"type": "hybrid", "target": "xx"}]))
    assert "target='xx' is not allowed" in message


def test_force_commander_illegal_mode() -> None:
    message = _play_with("force_commander", BadResponder())
    _assert_names(message, "bad_responder", "force_commander")
    assert "mode='nuke' is not allowed" in message
    assert re.search(r"respond\(incident in \[[^]]*\], mode in \[[^]]*signal", message)


def test_force_commander_mode_not_allowed_for_that_incident() -> None:
    message = _play_with("force_commander", WrongModeResponder())
    _assert_names(message, "wrong_mode", "force_commander")
    assert re.search(r"mode '\w+' is not allowed for incident \d+; allowed: none, signal", message)


def test_cli_action_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cheat.py"
    path.write_text(
        textwrap.dedent(
            """
            from wargame.policies.policy import BasePolicy

            class Cheat(BasePolicy):
                name = "cheat"
                actors = ("russia",)

                def decide(self, observation):
                    return [{"type": "fly"}]
            """
        )
    )
    err = _one_line_error(capsys, ["run", "--policy", f"russia={path}", "--years", "1"])
    assert "week 1: policy 'cheat' playing russia returned an action of type 'fly'" in err


def test_check_policy_reports_illegal(tmp_path: Path) -> None:
    path = tmp_path / "cheat.py"
    path.write_text(
        textwrap.dedent(
            """
            from wargame.policies.policy import BasePolicy

            class Cheat(BasePolicy):
                name = "cheat"
                actors = ("ukraine",)

                def decide(self, observation):
                    return [{"type": "reinforce", "sector": "moscow"}]
            """
        )
    )
    report = check_policy(str(path), weeks=3)
    assert not report.passed
    assert all(not c.legal and "sector='moscow' is not allowed" in c.error for c in report.checks)


def test_check_policy_reports_nondeterminism(tmp_path: Path) -> None:
    path = tmp_path / "noisy.py"
    path.write_text(
        textwrap.dedent(
            """
            import random

            from wargame.policies.policy import BasePolicy

            class Noisy(BasePolicy):
                name = "noisy"
                actors = ("monitor",)

                def decide(self, observation):
                    sectors = random.sample(observation["sectors"], observation["teams"])
                    return [{"type": "patrol", "sector": s} for s in sectors]
            """
        )
    )
    report = check_policy(str(path), weeks=5)
    assert all(c.legal for c in report.checks)
    assert not report.passed
    assert not any(c.deterministic for c in report.checks)


# -- parameters ------------------------------------------------------------------------------------

SEEDS = (0, 1, 2, 3)


def _level3(overrides: list[str], seed: int) -> tuple[int, dict[str, Any]]:
    game = new_game(
        "no_guarantee",
        seed=seed,
        overrides=["years=2", *overrides],
        policies={"russia": "opportunist"},
    ).run()
    summary = game.summary()
    return summary["incidents"]["level3"], summary


def test_risk_appetite_zero_means_no_large_scale_violations() -> None:
    default = [_level3([], seed) for seed in SEEDS]
    timid = [_level3(["policies.russia.risk_appetite=0"], seed) for seed in SEEDS]
    assert any(n > 0 for n, _ in default)  # the opportunist does strike by default
    assert all(n == 0 for n, _ in timid)
    assert [s for _, s in default] != [s for _, s in timid]
    assert all(s["end_cause"] == "held" for _, s in timid)


def test_risk_appetite_via_cli(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["run", "--scenario", "no_guarantee", "--years", "2", "--seed", "0", "--json"]
    assert main([*base, "--policy", "russia=opportunist"]) == 0
    default = json.loads(capsys.readouterr().out)
    argv = [*base, "--policy", "russia=opportunist", "--set", "policies.russia.risk_appetite=0"]
    assert main(argv) == 0
    timid = json.loads(capsys.readouterr().out)
    assert timid["incidents"]["level3"] == 0
    assert timid != default


def test_parameters_reach_the_policy() -> None:
    game = new_game(
        "option3_heavy_area",
        seed=1,
        overrides=["policies.nations.threshold=0.1", "policies.gb.threshold=0.2"],
        policies={"nations": "steadfast"},
    )
    assert game.deciders["fr"].p["threshold"] == 0.1
    assert game.deciders["gb"].p["threshold"] == 0.2


# -- listing and defaults --------------------------------------------------------------------------


def test_cli_policies_lists_everything(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    headers = re.findall(r"^(\w+):$", out, re.M)
    assert headers == list(ACTOR_KINDS)
    listed = set(re.findall(r"^  (\w+) ", out, re.M))
    assert set(EXPECTED_NAMES) <= listed
    assert {info.name for info in BUILTINS} <= listed


def test_default_policies_follow_the_scenario() -> None:
    game = new_game("reassurance", seed=1)
    assert game.scenario.get("us.commitment") == "c4isr"
    assert game.deciders["us"].name == "c4isr"
    assert game.deciders["russia"].name == "prober"
    assert game.deciders["ukraine"].name == "hold_the_line"
    assert game.deciders["monitor"].name == "patrol_evenly"
    assert game.deciders["force_commander"].name == "denial"
    assert all(
        game.deciders[code].name == "public_opinion" for code in game.scenario.get("nations")
    )
    game = new_game("option3_heavy_area", seed=1, overrides=["posture.response=punishment"])
    assert game.deciders["force_commander"].name == "punishment"
    assert game.deciders["us"].name == "backstop"
    game = new_game("option3_heavy_area", seed=1, overrides=["us.commitment=none"])
    assert game.deciders["us"].name == "none"


def test_explicit_policy_beats_scenario_default() -> None:
    game = new_game(
        "reassurance", seed=1, policies={"us": "wavering", "force_commander": "restraint"}
    )
    assert game.deciders["us"].name == "wavering"
    assert game.deciders["force_commander"].name == "restraint"


def test_policy_rng_is_per_actor_and_seed() -> None:
    a = registry.policy_rng(7, "russia").random(3).tolist()
    assert a == registry.policy_rng(7, "russia").random(3).tolist()
    assert a != registry.policy_rng(8, "russia").random(3).tolist()
    assert a != registry.policy_rng(7, "ukraine").random(3).tolist()


def test_base_policy_does_nothing() -> None:
    class Quiet(BasePolicy):
        name = "quiet"
        actors = ("russia",)

    policy = Quiet("russia", registry.policy_rng(0, "russia"))
    assert policy.decide({}) == []
    assert repr(policy) == "Quiet('russia', {})"


# -- Russia's perceived balance ----------------------------------------------------------------


def _russia_view(commitment: str, response: str, deployed: int = 16000) -> dict[str, Any]:
    """A hand-made Russian observation of one sector, for the balance arithmetic."""
    return {
        "own_troops": {"s1": 30000},
        "own_reserves": 100000,
        "ukraine_troops_visible": {"s1": 25000},
        "ukraine_quality_visible": 1.2,
        "coalition_presence": {"s1": 8000},
        "coalition_nearby": {"s1": 4000},
        "coalition_cohesion": 0.8,
        "coalition_troops_deployed": deployed,
        "us_commitment": commitment,
        "posture": {"response": response},
        "answered_rate": 0.5,
        "buildups": {"s1": {"weeks": 3, "troops": 6000, "warned": False}},
        "beliefs": {
            "resolve": 0.5,
            "us_resolve": {"backstop": 1.0, "c4isr": 0.3, "none": 0.0}[commitment],
            "cohesion": 0.8,
            "attribution": 0.8,
        },
    }


def test_perceived_balance_by_hand() -> None:
    from wargame.policies.perception import perceived_balance

    # gain = (30,000 + 6,000 massed + 0.15 x 100,000) / (25,000 x 1.2) = 51,000 / 30,000 = 1.7
    # cost = presence (8,000 + 0.5 x 4,000) / 4,000 x 0.5 x cohesion 0.8       = 1.0
    #      + US 1.5 x believed US resolve 1.0                                   = 1.5
    #      + answered 0.4 x believed resolve 0.5 x believed attribution 0.8      = 0.16
    #      + punishment 0.6 x 1.0 + 0.1 x (1 - 1.0)                             = 0.6
    b = perceived_balance(_russia_view("backstop", "punishment"), "s1")
    assert b["gain"] == pytest.approx(1.7)
    assert b["cost"] == pytest.approx(3.26)
    assert b["balance"] == pytest.approx(1.7 - 3.26)
    # no force deployed: presence still counts, the US weight only 40% of it, no punishment
    # (US resolve believed 0.3 with C4ISR only)
    alone = perceived_balance(_russia_view("c4isr", "punishment", deployed=0), "s1")
    assert alone["cost"] == pytest.approx(1.0 + 1.5 * 0.3 * 0.4 + 0.16)


def test_balance_weights_are_policy_parameters() -> None:
    from wargame.policies.perception import BALANCE_WEIGHTS

    game = new_game("option3_heavy_area", seed=1, overrides=["us.commitment=backstop"])
    prober = game.deciders["russia"]
    assert {k: prober.p[k] for k in BALANCE_WEIGHTS} == BALANCE_WEIGHTS
    view = _russia_view("backstop", "denial")
    before = prober.balances({**view, "sectors": ["s1"]})["s1"]
    weak = new_game(
        "option3_heavy_area",
        seed=1,
        overrides=["us.commitment=backstop", "policies.russia.us_weight_backstop=0.5"],
    ).deciders["russia"]
    after = weak.balances({**view, "sectors": ["s1"]})["s1"]
    assert after - before == pytest.approx(1.0)  # a backstop costs Russia 1.0 less


def test_weaker_backstop_weight_changes_games() -> None:
    def level3(overrides: list[str]) -> int:
        total = 0
        for seed in range(6):
            game = new_game("option3_heavy_area", seed=seed, overrides=overrides)
            game.run()
            total += game.summary()["incidents"]["level3"]
        return total

    base = ["us.commitment=backstop", "years=4"]
    assert level3(base) < level3([*base, "policies.russia.us_weight_backstop=0"])
