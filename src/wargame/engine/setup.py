"""What defines a game before its seed: a checked scenario, map, posture, budget and roster."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wargame.engine import posture as P
from wargame.engine.decisions import Decider
from wargame.engine.sector_map import SectorMap
from wargame.engine.state import ScenarioLike

if TYPE_CHECKING:
    from wargame.engine.model import CeasefireModel


def troop_budget(settings: Mapping[str, Any]) -> int:
    """Committed troops the coalition can give, rotation included (001)."""
    c, us = settings["coalition"], settings["us"]
    budget: int = c["troop_budget"] or P.default_troop_budget(
        c["european_brigades"], c["brigade_size"], c["efp_troops"]
    )
    if us["leaves_baltics"]:
        budget -= c["baltic_backfill"]
    if us["reduces_europe"]:
        budget -= us["europe_reduction"]
    return budget


def troops_abroad(deployed: int, settings: Mapping[str, Any]) -> int:
    """Troops abroad at one time: the force's, the EFP battalions' and, when the US leaves the
    Baltics, the backfill (001)."""
    c = settings["coalition"]
    return int(
        deployed
        + c["efp_troops"]
        + (c["baltic_backfill"] if settings["us"]["leaves_baltics"] else 0)
    )


@dataclass(frozen=True, eq=False)
class GameSetup:
    """A scenario on a map, checked once: the posture fits the budget; ready for any seed."""

    scenario: ScenarioLike
    sector_map: SectorMap
    troops_deployed_planned: int
    troops_committed: int
    troop_budget: int

    @classmethod
    def check(cls, scenario: ScenarioLike, sector_map: SectorMap) -> GameSetup:
        """Work out the force's troops; refuse a posture over the budget or over the deployable
        brigades (BudgetError)."""
        posture = scenario.posture
        deployed = P.deployed_troops(posture, sector_map.line_length_km)
        committed = P.committed_troops(deployed, posture.rotation_factor)
        budget = troop_budget(scenario.settings)
        source = f"scenario '{scenario.name}'"
        P.check_budget(posture, committed, budget, source)
        if deployed:  # no force, nothing more abroad: the standing duties are the budget's
            c = scenario.settings["coalition"]
            deployable = P.deployable_troops(
                c["european_brigades"], c["brigade_size"], c["deployable_fraction"]
            )
            P.check_deployable(
                posture, troops_abroad(deployed, scenario.settings), deployable, source
            )
        return cls(scenario, sector_map, deployed, committed, budget)

    @property
    def nation_codes(self) -> list[str]:
        """The coalition's nations, in the scenario's order."""
        return list(self.scenario.settings["nations"])

    def new_model(self, seed: int, deciders: Mapping[str, Decider]) -> CeasefireModel:
        """A fresh game of this setup with `seed`, each actor played by its decider."""
        from wargame.engine.model import CeasefireModel

        return CeasefireModel(self, seed, deciders)
