"""Property tests (hypothesis): fog of war in the observations, determinism, state invariants."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wargame.config.scenario import list_scenarios
from wargame.engine.model import CeasefireModel
from wargame.play.session import Game, new_game

SCENARIOS = [s.name for s in list_scenarios()]
# The coalition's intelligence and the monitor's unpublished detections: never in Russia's view.
COALITION_INTEL = {"known_incidents", "units", "assessed_perpetrator", "nations_will", "detected"}

PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def game_setups(draw: st.DrawFn, max_weeks: int = 40) -> dict[str, Any]:
    """A random shipped scenario, seed, horizon and mix of policies and dials."""
    ukraine = draw(st.sampled_from(["hold_the_line", "resistance"]))
    overrides = [
        f"posture.delegated_authority={draw(st.booleans())}".lower(),
        f"posture.response={draw(st.sampled_from(['denial', 'punishment']))}",
        f"monitor.access={draw(st.sampled_from(['both_sides', 'ukrainian_side']))}",
        f"us.commitment={draw(st.sampled_from(['none', 'c4isr', 'backstop']))}",
    ]
    if ukraine == "resistance":  # many raids: Ukrainian incidents Russia suffers
        overrides.append(f"ukraine.irregular_ops_per_year={draw(st.sampled_from([6, 30, 90]))}")
    return {
        "scenario": draw(st.sampled_from(SCENARIOS)),
        "seed": draw(st.integers(0, 2**31 - 1)),
        "weeks": draw(st.integers(1, max_weeks)),
        "overrides": overrides,
        "policies": {
            "russia": draw(
                st.sampled_from(["prober", "opportunist", "regime_change", "compliant"])
            ),
            "ukraine": ukraine,
            "monitor": draw(st.sampled_from(["patrol_evenly", "patrol_hotspots"])),
            "force_commander": draw(
                st.sampled_from(["denial", "punishment", "intelligence_driven", "restraint"])
            ),
            "nations": draw(st.sampled_from(["public_opinion", "steadfast", "casualty_averse"])),
        },
    }


def make(setup: dict[str, Any]) -> Game:
    return new_game(
        setup["scenario"],
        seed=setup["seed"],
        overrides=setup["overrides"],
        policies=setup["policies"],
    )


class Spy:
    """Wraps a policy: checks every observation it is given, then lets the policy decide."""

    def __init__(self, policy: Any, check: Callable[[dict[str, Any]], None]) -> None:
        self.policy = policy
        self.name = policy.name
        self.check = check
        self.seen = 0

    def decide(self, observation: dict[str, Any]) -> Any:
        self.seen += 1
        self.check(observation)
        return self.policy.decide(observation)


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (path, key, value) of a nested observation made of dicts and lists."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", key, value
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


def incident_ids(observation: dict[str, Any]) -> dict[int, str]:
    """Every incident id mentioned in an observation, with where it appears."""
    found: dict[int, str] = {}
    for path, key, value in walk(observation):
        if key in ("id", "incident") and isinstance(value, int) and not isinstance(value, bool):
            found.setdefault(value, path)
    return found


# -- fog of war ------------------------------------------------------------------------------------


def check_russia(model: CeasefireModel, obs: dict[str, Any]) -> None:
    leaked = {key for _, key, _ in walk(obs) if key in COALITION_INTEL}
    assert not leaked, f"week {model.week}: Russia sees {sorted(leaked)}"
    for key in ("own_will", "nations_will", "force_shared", "access", "teams"):
        assert key not in obs
    reports = {r["id"]: r for r in obs["monitor_reports"]}
    for inc_id, where in incident_ids(obs).items():
        inc = model.log.incidents[inc_id - 1]
        own = inc.perpetrator == "russia"
        assert own or inc_id in reports, (
            f"week {model.week}: Russia's view mentions {inc.perpetrator}'s incident {inc_id} "
            f"at {where} (attributed: {inc.attributed_to})"
        )
        if not own:
            assert inc.attributed_to is not None and inc.attributed_week <= model.week
    for inc_id, report in reports.items():
        inc = model.log.incidents[inc_id - 1]
        assert inc.attributed_to is not None and report["attributed_to"] == inc.attributed_to
        assert report["attributed_week"] == inc.attributed_week <= model.week
    for inc in obs["own_active_incidents"]:
        real = model.log.incidents[inc["id"] - 1]
        assert real.perpetrator == "russia" and real.active


def check_nation(model: CeasefireModel, code: str, obs: dict[str, Any]) -> None:
    nation = model.actors[code]
    others = {n.code for n in model.nations} - {code}
    assert obs["nation"] == code
    assert obs["own_will"] == round(nation.will, 4)
    keys = {key for _, key, _ in walk(obs)}
    assert "nations_will" not in keys
    assert not {k for k in keys if isinstance(k, str) and "will" in k} - {"own_will"}
    assert not keys & others, f"{code} sees per-nation data of {sorted(keys & others)}"
    assert not keys & {"units", "assessed_perpetrator", "detected"}


def check_monitor(model: CeasefireModel, obs: dict[str, Any]) -> None:
    detected = {d["id"]: d for d in obs["detected"]}
    for inc_id, entry in detected.items():
        inc = model.log.incidents[inc_id - 1]
        assert inc.detected_week is not None and inc.detected_week <= model.week
        assert inc.kind != "hybrid"
        assert entry["attributed_to"] == inc.attributed_to
    expected = {
        i.id
        for i in model.log.incidents
        if i.detected_week is not None and i.kind != "hybrid" and model.week - i.week <= 26
    }
    assert set(detected) == expected
    for report in obs["monitor_reports"]:  # the monitor publishes only what it detected
        assert model.log.incidents[report["id"] - 1].detected_week is not None
    keys = {key for _, key, _ in walk(obs)}
    assert not keys & (COALITION_INTEL - {"detected"})


def spy_on(game: Game) -> dict[str, Spy]:
    model = game.model
    spies = {
        "russia": Spy(model.deciders["russia"], lambda o: check_russia(model, o)),
        "monitor": Spy(model.deciders["monitor"], lambda o: check_monitor(model, o)),
    }
    for n in model.nations:
        spies[n.code] = Spy(
            model.deciders[n.code], lambda o, code=n.code: check_nation(model, code, o)
        )
    model.deciders.update(spies)
    return spies


@PROPERTY
@given(game_setups())
def test_fog_of_war(setup: dict[str, Any]) -> None:
    game = make(setup)
    spies = spy_on(game)
    model = game.model
    for _ in range(setup["weeks"]):
        if game.over:
            break
        game.step()
        # Between turns too (end of the week, after attribution and the nations' moves).
        model._public = None
        check_russia(model, model.observe("russia"))
        check_monitor(model, model.observe("monitor"))
        for n in model.nations:
            check_nation(model, n.code, model.observe(n.code))
    assert spies["russia"].seen >= 1
    assert spies["monitor"].seen >= 1


def test_fog_of_war_with_many_raids() -> None:
    """Ukrainian raids Russia suffered enter its view only once the monitor attributes them."""
    game = new_game(
        "option3_heavy_area",
        seed=4,
        overrides=["years=1", "ukraine.irregular_ops_per_year=100"],
        policies={"ukraine": "resistance"},
    )
    spy_on(game)
    game.run()
    model = game.model
    raids = [i for i in model.log.incidents if i.perpetrator == "ukraine"]
    attributed = [i for i in raids if i.attributed_to is not None]
    assert len(raids) > 20
    assert 0 < len(attributed) < len(raids)
    seen = {r["id"] for r in model.observe("russia")["monitor_reports"]}
    recent = [i for i in raids if model.week - i.week <= 26]
    assert {i.id for i in recent if i.attributed_to is not None} <= seen
    assert not {i.id for i in recent if i.attributed_to is None} & seen


def _game_with_pending_denial() -> Game:
    """A game in which a denial response waits for the ministers (no delegated authority)."""
    for seed in range(40):
        game = new_game(
            "option3_heavy_area",
            seed=seed,
            overrides=["years=3", "posture.delegated_authority=false"],
            policies={"russia": "prober"},
        )
        model = game.model
        while not game.over:
            game.step()
            pending = {inc_id for _, inc_id, mode in model.force.pending if mode == "denial"}
            if any(model.log.incidents[i - 1].active for i in pending):
                return game
    pytest.skip("no pending denial found")  # pragma: no cover


def test_russia_does_not_see_a_pending_response() -> None:
    game = _game_with_pending_denial()
    model = game.model
    pending = {inc_id for _, inc_id, _ in model.force.pending}
    model._public = None
    for inc in model.observe("russia")["own_active_incidents"]:
        if inc["id"] in pending:
            assert inc["answered"] is None, f"Russia already knows of the {inc['answered']}"


def test_russia_view_does_not_depend_on_unpublished_detections() -> None:
    for seed in range(40):
        game = new_game("option3_heavy_area", seed=seed, overrides=["years=2"])
        model = game.model
        while not game.over:
            game.step()
            seen = [
                i
                for i in model.log.incidents
                if i.perpetrator == "russia"
                and i.kind == "violation"
                and i.level >= 2
                and i.detected_week is not None
                and model.week - i.week <= 52
            ]
            # Every detection in the window is unpublished, and the force answered some.
            unpublished = seen and all(i.attributed_to is None for i in seen)
            if unpublished and model.answered_rate("russia") > 0:
                break
        else:
            continue
        model._public = None
        before = model.observe("russia")
        for inc in seen:  # undo what only the monitor knows: that it saw these
            inc.detected_week = None
        model._public = None
        after = model.observe("russia")
        assert after == before, (before["answered_rate"], after["answered_rate"])
        return
    pytest.skip("no unpublished detection found")  # pragma: no cover


# -- determinism -----------------------------------------------------------------------------------


def digests(game: Game, weeks: int) -> list[str]:
    out = [game.model.state_digest()]
    for _ in range(weeks):
        if game.over:
            break
        game.step()
        out.append(game.model.state_digest())
    return out


@PROPERTY
@given(game_setups(max_weeks=60))
def test_same_seed_same_game(setup: dict[str, Any]) -> None:
    first, second = make(setup), make(setup)
    assert digests(first, setup["weeks"]) == digests(second, setup["weeks"])
    assert first.summary() == second.summary()
    assert first.weekly().equals(second.weekly())
    assert first.incidents().equals(second.incidents())


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(SCENARIOS), st.integers(0, 2**31 - 1), st.integers(0, 2**31 - 1))
def test_other_seed_other_rng(scenario: str, seed: int, other: int) -> None:
    if seed == other:
        return
    a = new_game(scenario, seed=seed, overrides=["years=0.5"])
    b = new_game(scenario, seed=other, overrides=["years=0.5"])
    assert a.model.state_digest() != b.model.state_digest()  # the rng state is in the digest


SUBPROCESS_CODE = """
import json, sys
from wargame.play.session import new_game
setup = json.loads(sys.argv[1])
game = new_game(setup["scenario"], seed=setup["seed"], overrides=setup["overrides"],
                policies=setup["policies"])
out = [game.model.state_digest()]
while not game.over:
    game.step()
    out.append(game.model.state_digest())
print(json.dumps({"digests": out, "summary": game.summary()}))
"""


def test_other_process_same_game() -> None:
    setup = {
        "scenario": "option4_counter_concentration",
        "seed": 20240224,
        "overrides": ["years=1.5", "posture.delegated_authority=false"],
        "policies": {
            "russia": "regime_change",
            "ukraine": "resistance",
            "monitor": "patrol_hotspots",
            "force_commander": "intelligence_driven",
            "us": "wavering",
            "nations": "casualty_averse",
        },
    }
    game = make(setup)
    local = digests(game, game.model.horizon)
    env = {**os.environ, "PYTHONHASHSEED": "4242"}  # another hash seed: sets iterate otherwise
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS_CODE, json.dumps(setup)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    remote = json.loads(done.stdout)
    assert remote["digests"] == local
    assert remote["summary"] == json.loads(json.dumps(game.summary()))
    assert len(local) > 2


# -- invariants ------------------------------------------------------------------------------------


def check_invariants(model: CeasefireModel, last: dict[str, float]) -> dict[str, float]:
    for side in (model.russia, model.ukraine):
        assert all(v >= 0 for v in side.line_troops.values()), side.actor_id
        assert side.reserves >= 0, side.actor_id
    for unit in model.force.units:
        assert all(v >= 0 for v in unit.troops_by_nation.values()), unit.id
    for n in model.nations:
        assert 0.0 <= n.will <= 1.0, (n.code, n.will)
    assert model.escalation >= 0
    assert model.escalation_max >= model.escalation - 1e-12
    now = {
        "russia": model.russia.casualties,
        "ukraine": model.ukraine.casualties,
        "coalition": model.coalition_casualties,
        **{f"nation:{n.code}": n.casualties for n in model.nations},
    }
    for key, value in now.items():
        assert value >= last.get(key, 0.0), f"week {model.week}: {key} casualties fell"
    assert abs(sum(n.casualties for n in model.nations) - model.coalition_casualties) < 1e-6
    return now


@PROPERTY
@given(game_setups(max_weeks=80))
def test_invariants(setup: dict[str, Any]) -> None:
    game = make(setup)
    model = game.model
    last = check_invariants(model, {})
    for _ in range(setup["weeks"]):
        if game.over:
            break
        game.step()
        last = check_invariants(model, last)
    weekly = game.weekly()
    rotation = model.force.posture.rotation_factor
    assert (weekly["coalition_committed"] == weekly["coalition_troops"] * rotation).all()
    assert weekly["coalition_troops"].is_monotonic_decreasing
    for column in ("casualties_russia", "casualties_ukraine", "casualties_coalition"):
        assert weekly[column].is_monotonic_increasing, column
    assert len(weekly) == model.week + 1
