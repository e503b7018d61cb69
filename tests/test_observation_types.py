"""Every observation an actor gets has exactly the keys, order and value types its TypedDict declares."""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wargame.config.scenario import list_scenarios
from wargame.engine import observations
from wargame.engine.roster import kind_of
from wargame.play.session import new_game

# The declared observation of each kind of actor.
DECLARED: dict[str, type] = {
    "russia": observations.RussiaObservation,
    "ukraine": observations.UkraineObservation,
    "monitor": observations.MonitorObservation,
    "force_commander": observations.ForceCommanderObservation,
    "us": observations.USObservation,
    "nation": observations.NationObservation,
}


def conforms(value: Any, hint: Any, where: str) -> None:
    """Raise AssertionError naming `where` unless `value` is exactly of the declared type `hint`."""
    if hint is Any:
        return
    if is_typeddict(hint):
        assert isinstance(value, dict), f"{where}: {type(value).__name__}, not a dict"
        fields = get_type_hints(hint)
        assert list(value) == list(fields), (
            f"{where}: keys {list(value)} but {hint.__name__} declares {list(fields)}"
        )
        assert set(hint.__required_keys__) == set(fields), f"{hint.__name__}: optional keys"
        for key, field_hint in fields.items():
            conforms(value[key], field_hint, f"{where}.{key}")
        return
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        errors = []
        for option in get_args(hint):
            try:
                conforms(value, option, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: {value!r} is none of {hint}: {errors}")
    if origin is list:
        assert isinstance(value, list), f"{where}: {type(value).__name__}, not a list"
        (item,) = get_args(hint)
        for i, v in enumerate(value):
            conforms(v, item, f"{where}[{i}]")
        return
    if origin is dict:
        assert isinstance(value, dict), f"{where}: {type(value).__name__}, not a dict"
        key_hint, value_hint = get_args(hint)
        for k, v in value.items():
            conforms(k, key_hint, f"{where} key")
            conforms(v, value_hint, f"{where}[{k!r}]")
        return
    if hint is type(None):
        assert value is None, f"{where}: {value!r} is not None"
    elif hint is float:  # an int is a float to a type checker
        assert type(value) in (int, float), f"{where}: {value!r} is not a float"
    else:
        assert type(value) is hint, f"{where}: {value!r} is a {type(value).__name__}, not {hint}"


def observations(scenario: str, seed: int, weeks: int) -> list[tuple[str, Mapping[str, Any]]]:
    """Every (actor, observation) handed to a decider in the first `weeks` weeks of a game."""
    game = new_game(scenario, seed=seed)
    seen: list[tuple[str, Mapping[str, Any]]] = []
    for actor, policy in list(game.deciders.items()):

        def watching(observation: Any, actor: str = actor, policy: Any = policy) -> Any:
            seen.append((actor, observation))
            return policy.decide(observation)

        game.deciders[actor] = watching
    game.run(weeks)
    return seen


@pytest.mark.parametrize(
    ("scenario", "seed"),
    [(s.name, seed) for s in list_scenarios() for seed in (1, 2)],
)
def test_every_observation_is_as_declared(scenario: str, seed: int) -> None:
    seen = observations(scenario, seed, weeks=26)
    kinds = {kind_of(actor) for actor, _ in seen}
    assert {"russia", "ukraine", "monitor", "us"} <= kinds  # every game asks these
    for actor, observation in seen:
        conforms(observation, DECLARED[kind_of(actor)], f"{actor} week {observation['week']}")


def test_nested_parts_were_exercised() -> None:
    # The lists of the declared items must not all be empty, or their items go unchecked.
    seen = observations("default", 1, weeks=52) + observations("no_guarantee", 1, weeks=52)
    filled = {
        key
        for _, obs in seen
        for key in ("monitor_reports", "known_incidents", "detected", "own_active_incidents")
        if obs.get(key)
    }
    assert filled == {"monitor_reports", "known_incidents", "detected", "own_active_incidents"}


def test_an_undeclared_or_missing_key_or_wrong_type_fails() -> None:
    (actor, observation), *_ = observations("default", 1, weeks=1)
    declared = DECLARED[kind_of(actor)]
    conforms(dict(observation), declared, actor)
    with pytest.raises(AssertionError, match="keys"):
        conforms({**observation, "secret": 1}, declared, actor)
    missing = dict(observation)
    missing.pop("week")
    with pytest.raises(AssertionError, match="keys"):
        conforms(missing, declared, actor)
    with pytest.raises(AssertionError, match="horizon_weeks"):
        conforms({**observation, "horizon_weeks": "520"}, declared, actor)
    reordered = dict(reversed(list(observation.items())))
    with pytest.raises(AssertionError, match="keys"):
        conforms(reordered, declared, actor)
