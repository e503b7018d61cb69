"""Observations built for what a policy reads (engine/observed.py): the same observation, cheaper.

A policy that declares `reads` gets those fields built at once and any other on demand; read
in any way (a field, `get`, `in`, iteration, JSON, copies, equality) it is the full observation.
Once its decision is answered, a field never read refuses to be built, with a clear message.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from test_observation_types import DECLARED

from wargame.engine.observed import ObservationClosed, PartialObservation
from wargame.engine.roster import kind_of
from wargame.errors import WargameError
from wargame.play.session import new_game
from wargame.policies.policy import BasePolicy
from wargame.policies.registry import list_policies


def _played(seed: int, weeks: int, scenario: str = "default") -> Any:
    game = new_game(scenario, seed=seed)
    game.run(weeks=weeks)
    return game


@pytest.fixture(scope="module")
def games() -> list[Any]:
    """Games paused between weeks at different points (incidents, build-ups, nations gone)."""
    return [_played(1, 30), _played(2, 140, "no_guarantee"), _played(3, 260, "option1_monitoring")]


def test_each_actor_declares_its_fields_in_the_order_of_its_typed_dict() -> None:
    game = new_game("default", seed=1)
    for actor_id, actor in game.model.actors.items():
        declared = list(DECLARED[kind_of(actor_id)].__annotations__)
        assert list(actor.observed.fields) == declared, actor_id


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_partial_observation_reads_exactly_as_the_full_one(games: list[Any], data: Any) -> None:
    game = data.draw(st.sampled_from(games))
    actor = data.draw(st.sampled_from(list(game.model.actors.values())))
    keys = list(actor.observed.fields)
    reads = frozenset(data.draw(st.lists(st.sampled_from(keys), unique=True)))
    full = actor.observe()
    part = actor.observe(reads)
    assert type(part) is PartialObservation
    built = {k: None for k in keys if k in reads or k == keys[0]}.keys()
    assert dict.keys(part) == built  # the declared fields at once (and the first: never empty)
    probes = data.draw(st.lists(st.sampled_from([*keys, "no_such_field"]), max_size=6))
    for key in probes:  # one field at a time, in any order: built on demand
        assert (key in part) == (key in full)
        assert part.get(key, "absent") == full.get(key, "absent")
        assert len(part) == len(full)
    way = data.draw(st.sampled_from(["json", "list", "dict", "items", "eq", "copy", "deepcopy"]))
    if way == "json":
        assert json.dumps(part) == json.dumps(full)
    elif way == "list":
        assert list(part) == list(full)
    elif way == "dict":
        assert list(dict(part).items()) == list(full.items())
    elif way == "items":
        assert list(part.items()) == list(full.items())
    elif way == "eq":
        assert part == full
        assert not part != full  # noqa: SIM202 - the override of != is what is tested
    else:
        made = copy.copy(part) if way == "copy" else copy.deepcopy(part)
        assert type(made) is dict and list(made.items()) == list(full.items())


def test_a_missing_field_still_raises_key_error_and_a_policy_may_add_its_own() -> None:
    actor = new_game("default", seed=1).model.actors["monitor"]
    part = actor.observe(frozenset({"week"}))
    with pytest.raises(KeyError):
        part["no_such_field"]
    part["note"] = "mine"
    full = actor.observe()
    assert list(part) == [*full, "note"]
    del part["teams"]
    assert "teams" not in part and part.get("teams") is None


def test_once_answered_an_unread_field_is_refused_and_a_read_one_kept() -> None:
    actor = new_game("default", seed=1).model.actors["force_commander"]
    part = actor.observe(frozenset({"escalation_level"}))
    units = part["units"]  # read while deciding: built
    part.close()
    assert part["units"] == units and part["escalation_level"] == 0.0
    with pytest.raises(
        ObservationClosed, match="'known_incidents' of force_commander was read after"
    ):
        part["known_incidents"]
    with pytest.raises(ObservationClosed):
        part.get("warnings")
    with pytest.raises(ObservationClosed):
        list(part)


class _Reads(BasePolicy):
    """Reads the week only, then peeks at a field it did not declare."""

    name = "test_reads_week"
    actors = ("monitor",)
    reads = frozenset({"week"})
    seen: ClassVar[list[Any]] = []

    def decide(self, observation: Any) -> list[Any]:
        type(self).seen.append((type(observation), observation["week"], observation["teams"]))
        type(self).seen.append(observation)
        return []


def test_a_policy_gets_what_it_declares_and_an_undeclared_field_on_demand() -> None:
    _Reads.seen = []
    game = new_game("default", seed=4)
    game.deciders["monitor"] = _Reads("monitor", game.model.rng)
    game.run(weeks=2)
    (kind, week, teams), obs = _Reads.seen[0], _Reads.seen[1]
    assert kind is PartialObservation and week == 1 and teams == game.model.monitor.teams
    assert obs["teams"] == teams  # read while deciding, kept
    with pytest.raises(ObservationClosed):
        obs["detected"]  # never read: the week has moved on


def test_a_person_and_a_decider_without_reads_get_the_whole_observation() -> None:
    game = new_game("default", seed=1, humans=["force_commander"])
    decision = game.advance()
    assert decision is not None and type(decision.observation) is dict
    game = new_game("default", seed=1)
    seen: ClassVar[list[Any]] = []
    game.deciders["us"] = lambda observation: seen.append(type(observation)) or []  # no `reads`
    game.run(weeks=2)
    assert seen and all(kind is dict for kind in seen)


@pytest.mark.parametrize(
    ("reads", "message"),
    [
        (frozenset({"week", "secrets"}), "unknown: secrets; monitor's fields: week, "),
        ({"week"}, "`reads` must be a frozenset of observation fields"),
    ],
)
def test_a_bad_reads_is_refused_naming_policy_actor_and_fields(reads: Any, message: str) -> None:
    class Bad(BasePolicy):
        name = "bad_reads"
        actors = ("monitor",)

    Bad.reads = reads
    game = new_game("default", seed=1)
    game.deciders["monitor"] = Bad("monitor", game.model.rng)
    with pytest.raises(WargameError, match="policy 'bad_reads' playing monitor") as err:
        game.run(weeks=1)
    assert message in str(err.value)


def test_reads_is_not_inherited() -> None:
    class Child(BasePolicy):
        name = "child"

    class Grandchild(_Reads):
        name = "grandchild"

    assert BasePolicy.reads == frozenset()
    assert Child.reads is None and Grandchild.reads is None


def test_every_built_in_policy_declares_only_fields_its_actors_have() -> None:
    game = new_game("default", seed=1)
    by_kind = {kind_of(a): actor for a, actor in game.model.actors.items()}
    declared = 0
    for info in list_policies():
        reads = getattr(info.cls, "reads", None)
        if reads is None:
            continue
        declared += 1
        for kind in info.actors:
            assert by_kind[kind].observed.unknown(reads) == [], (info.name, kind)
    assert declared >= 15


OPS = ("get", "getitem", "contains", "len", "set", "del", "pop", "setdefault", "list", "json")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_sequence_of_reads_and_changes_matches_a_plain_dict(
    games: list[Any], data: Any
) -> None:
    """A partial observation and the full one as a plain dict, put through the same operations
    (reads, a policy's own changes, deletions), answer alike at every step."""
    game = data.draw(st.sampled_from(games))
    actor = data.draw(st.sampled_from(list(game.model.actors.values())))
    keys = [*actor.observed.fields, "mine", "no_such_field"]
    part = actor.observe(frozenset(data.draw(st.lists(st.sampled_from(keys[:-2]), unique=True))))
    plain = dict(actor.observe())

    def run(target: dict[str, Any], op: str, key: str) -> Any:
        try:
            if op == "get":
                return target.get(key, "absent")
            if op == "getitem":
                return target[key]
            if op == "contains":
                return key in target
            if op == "len":
                return len(target)
            if op == "set":
                target[key] = "set by the policy"
                return None
            if op == "del":
                del target[key]
                return None
            if op == "pop":
                return target.pop(key, "absent")
            if op == "setdefault":
                return target.setdefault(key, "default")
            if op == "list":
                return list(target.items())
            return json.dumps(target)
        except KeyError as exc:
            return ("KeyError", exc.args)

    for op, key in data.draw(
        st.lists(st.tuples(st.sampled_from(OPS), st.sampled_from(keys)), max_size=12)
    ):
        assert run(part, op, key) == run(plain, op, key), (op, key)
    assert list(part.items()) == list(plain.items())
