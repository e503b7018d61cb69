"""Scripted deciders for engine tests: given actions in given weeks, nothing otherwise."""

from __future__ import annotations

from wargame.config.scenario import game_setup, load_scenario
from wargame.engine.model import CeasefireModel


class Script:
    """A decider that plays given actions in given weeks and nothing otherwise."""

    name = "script"

    def __init__(self, by_week: dict[int, list[dict]] | None = None) -> None:
        self.by_week = by_week or {}

    def decide(self, observation: dict) -> list[dict]:
        return self.by_week.get(observation["week"], [])


def scripted_model(
    scenario: str = "no_guarantee", overrides: list[str] | None = None, **scripts: Script
) -> CeasefireModel:
    """A model (seed 1) where the named actors follow their scripts and the rest do nothing."""
    sc = load_scenario(scenario, overrides)
    ids = ["russia", "ukraine", "us", "monitor", "force_commander", *sc.settings["nations"]]
    return game_setup(sc).new_model(1, {a: scripts.get(a, Script()) for a in ids})
