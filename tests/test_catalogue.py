"""One catalogue of action types: what actors offer and carry out is exactly what it declares."""

from __future__ import annotations

import pytest

from wargame.config.scenario import game_setup, list_scenarios, load_scenario
from wargame.engine import actors
from wargame.engine.decisions import ACTION_TYPES, CATALOGUE, NO_ACTION_HELP, explain_action
from wargame.engine.roster import ACTOR_KINDS
from wargame.play.session import new_game

ACTOR_CLASSES = {
    "russia": actors.Russia,
    "ukraine": actors.Ukraine,
    "nation": actors.Nation,
    "us": actors.UnitedStates,
    "monitor": actors.Monitor,
    "force_commander": actors.ForceCommander,
}


def test_each_type_is_declared_once_for_a_known_kind() -> None:
    names = [(t.actor_kind, t.name) for t in CATALOGUE]
    assert len(names) == len(set(names))
    assert {t.actor_kind for t in CATALOGUE} == set(ACTOR_KINDS)


@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_each_actor_carries_out_exactly_its_catalogued_types(kind: str) -> None:
    """An act_<type> method for every catalogued type of the kind, and no other."""
    acts = {n.removeprefix("act_") for n in dir(ACTOR_CLASSES[kind]) if n.startswith("act_")}
    assert acts == set(ACTION_TYPES[kind])  # type: ignore[index]


def test_every_offered_action_is_catalogued_with_its_parameters() -> None:
    """Play every scenario for a while: each legal set offers catalogued types, their parameters."""
    offered: set[tuple[str, str]] = set()
    for scenario in list_scenarios():
        game = new_game(scenario.name, seed=3, overrides=["years=1"])
        model = game.model
        for _ in range(52):
            for actor in model.actors.values():
                for name, params in actor.legal_actions().items():
                    declared = ACTION_TYPES[actor.kind][name]  # type: ignore[index]
                    assert tuple(params) == declared.params, (actor.actor_id, name)
                    offered.add((actor.kind, name))
            if not model.running:
                break
            model.step()
    # Most types are offered in a year of some scenario; halt needs an offensive of Russia's own.
    assert len(offered) >= len(CATALOGUE) - 2, sorted(offered)


def test_help_is_plain_words_from_the_catalogue() -> None:
    assert (
        explain_action("fr", "leave")
        == "Leave the coalition and bring every one of your troops home."
    )
    assert explain_action("russia", "halt") == "Call off one of your large-scale offensives."
    assert explain_action("us", "no_such_type") == "no such type."
    assert all(len(t.help) > 20 for t in CATALOGUE)
    assert NO_ACTION_HELP.startswith("Doing nothing")


def test_a_setup_checks_the_budget_once_without_a_game() -> None:
    """GameSetup.check refuses an unaffordable posture before any model exists."""
    from wargame.errors import BudgetError

    setup = game_setup(load_scenario("default"))
    assert setup.troops_committed <= setup.troop_budget
    with pytest.raises(BudgetError, match="over budget"):
        game_setup(load_scenario("default", ["coalition.troop_budget=1000"]))
