"""The roster: the fixed actors, their kinds and orders match what a game actually does."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import get_args

import pytest

from wargame.config.parameters import declared
from wargame.config.scenario import load_scenario
from wargame.engine import roster
from wargame.engine.decisions import Decision
from wargame.engine.roster import (
    ACTOR_KINDS,
    DISPLAY_NAMES,
    FIXED_ACTORS,
    POLICY_SLOTS,
    SECTOR_VIEWERS,
    SIDES,
    SUMMARY_ORDER,
    TURN_ORDER,
    ActorKind,
    FixedActor,
    all_actor_ids,
    display_name,
    is_nation,
    kind_of,
    policy_slot,
)
from wargame.play.session import new_game
from wargame.policies.registry import default_policy_name, list_policies

SCENARIO = "default"


@pytest.fixture(scope="module")
def nation_codes() -> list[str]:
    return list(load_scenario(SCENARIO).settings["nations"])


def test_the_orders_are_the_ones_the_output_was_made_with() -> None:
    # Pinned: each order is part of the records, tables or screens; changing one is deliberate.
    assert FIXED_ACTORS == ("russia", "ukraine", "us", "monitor", "force_commander")
    assert TURN_ORDER == ("russia", "ukraine", "monitor", "us", "force_commander")
    assert ACTOR_KINDS == ("russia", "ukraine", "nation", "us", "monitor", "force_commander")
    assert POLICY_SLOTS == ("russia", "ukraine", "nations", "us", "monitor", "force_commander")
    assert SUMMARY_ORDER == ("russia", "ukraine", "force_commander", "us", "monitor")


def test_every_order_holds_each_fixed_actor_once() -> None:
    assert set(get_args(FixedActor)) == set(FIXED_ACTORS)
    assert set(get_args(ActorKind)) == set(ACTOR_KINDS) == {*FIXED_ACTORS, "nation"}
    for order in (FIXED_ACTORS, TURN_ORDER, SUMMARY_ORDER):
        assert sorted(order) == sorted(FIXED_ACTORS)
    assert set(SIDES) < set(FIXED_ACTORS)
    assert set(SECTOR_VIEWERS) < set(FIXED_ACTORS)


def test_a_week_of_play_asks_the_actors_in_the_turn_order(nation_codes: list[str]) -> None:
    asked: list[str] = []

    def ask(decision: Decision) -> bool:
        asked.append(decision.actor_id)
        return False  # the policy decides

    game = new_game(SCENARIO, seed=1, humans=all_actor_ids(nation_codes), ask=ask)
    game.step()
    fixed = [a for a in asked if not is_nation(a)]
    assert fixed == list(TURN_ORDER)
    # The nations decide after the fixed actors, in the scenario's order.
    assert asked[len(fixed) :] == [c for c in nation_codes if c in asked]
    assert len(asked) > len(fixed)


def test_a_game_has_the_roster_s_actors_of_the_roster_s_kinds(nation_codes: list[str]) -> None:
    game = new_game(SCENARIO, seed=1)
    ids = all_actor_ids(nation_codes)
    assert ids[: len(FIXED_ACTORS)] == list(FIXED_ACTORS)
    assert set(game.model.actors) == set(ids)
    assert list(game.deciders) == ids  # the listing order: fixed actors, then the nations
    for actor_id, actor in game.model.actors.items():
        assert kind_of(actor_id) == actor.kind


def test_the_sector_viewers_are_the_actors_that_see_sectors(nation_codes: list[str]) -> None:
    model = new_game(SCENARIO, seed=1).model
    for actor_id in (*FIXED_ACTORS, nation_codes[0]):
        sees = "coalition_presence" in model.observe(actor_id)
        assert sees == (actor_id in SECTOR_VIEWERS), actor_id


def test_every_kind_has_a_policy_family_and_a_default() -> None:
    played = {kind for info in list_policies() for kind in info.actors}
    assert played == set(ACTOR_KINDS)
    settings = load_scenario(SCENARIO).settings
    names = {info.name for info in list_policies()}
    for kind in ACTOR_KINDS:
        some_id = "gb" if kind == "nation" else kind
        assert default_policy_name(some_id, settings) in names


def test_the_declared_policy_parameters_use_the_policy_slots() -> None:
    slots = {key.split(".")[1] for key in declared() if key.startswith("policies.")}
    assert slots
    assert slots <= set(POLICY_SLOTS)


def test_kinds_slots_and_names_of_ids() -> None:
    assert kind_of("gb") == "nation"
    assert kind_of("nations") == "nation"
    assert kind_of("nation") == "nation"
    assert [kind_of(a) for a in FIXED_ACTORS] == list(FIXED_ACTORS)
    assert is_nation("nl") and not is_nation("us")
    assert policy_slot("gb") == "nations"
    assert policy_slot("nations") == "nations"
    assert policy_slot("force_commander") == "force_commander"
    assert all_actor_ids(["nl", "gb"])[-2:] == ["nl", "gb"]
    assert set(DISPLAY_NAMES) == set(FIXED_ACTORS)
    assert display_name("us") == "United States"
    assert display_name("monitor") == "Monitoring body"
    assert display_name("gb") == "GB"
    with pytest.raises(TypeError):
        DISPLAY_NAMES["us"] = "USA"  # type: ignore[index]


def test_the_roster_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(roster.__file__).read_text(encoding="utf-8"))
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert modules
    outside = {
        m for m in modules if m.split(".")[0] not in {*sys.stdlib_module_names, "__future__"}
    }
    assert not outside
