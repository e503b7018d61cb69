"""Russia: ~600,000 troops along the line, a war economy, hybrid means, and a war of perceptions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wargame.engine.actors.base import GroundForces
from wargame.engine.decisions import Action, ActionSpec

if TYPE_CHECKING:
    from wargame.engine.observations import RussiaObservation


class Russia(GroundForces):
    """Russia (001, 002): decides from its *perceived* cost versus gain (001, 000)."""

    kind = "russia"

    def __init__(self, model: Any, settings: dict[str, Any]) -> None:
        super().__init__(model, "russia")
        self.settings = settings
        sectors = model.map.sectors
        total_km = model.map.line_length_km
        # 001: about 600,000 troops along the demarcation zone, spread by sector length.
        self.line_troops: dict[str, float] = {
            s.id: settings["troops"] * s.length_km / total_km for s in sectors
        }
        self.reserves = 0.0
        self.casualties = 0.0

    def regenerate(self) -> None:
        """The war economy rebuilds losses and builds up reserves, up to a ceiling (001)."""
        weekly = self.settings["regeneration_per_year"] / 52.0
        room = max(0.0, self.settings["max_troops"] - self.troops)
        self.reserves += min(room, weekly * self.settings["troops"])

    def offensive_strength(self, sector: str) -> float:
        """Troops a large-scale violation throws in: part of the sector plus concentrated reserves."""
        s = self.settings
        thrown: float = (
            s["offensive_share"] * self.line_troops[sector] + s["reserve_share"] * self.reserves
        )
        return thrown

    def own_offensives(self) -> list[Any]:
        """Its large-scale violations still going on."""
        return [i for i in self.model.log.active() if i.perpetrator == "russia" and i.level == 3]

    def observe(self) -> RussiaObservation:
        """Russia's view: its own forces, what the coalition shows, never the coalition's intelligence."""
        m = self.model
        return {
            **m.public_view(),
            **self.own_forces(),
            "ukraine_troops_visible": {k: int(v) for k, v in m.ukraine.line_troops.items()},
            "own_active_incidents": [
                {
                    "id": i.id,
                    "sector": i.sector,
                    "level": i.level,
                    "weeks_fought": i.weeks_fought,
                    "answered": i.visible_response,
                }
                for i in self.own_offensives()
            ],
            "answered_rate": m.answered_rate("russia"),
            "hybrid_targets": m.contributor_ids(),
            "hybrid_per_week": self.settings["hybrid_per_week"],
            "harassment_per_week": self.settings["harassment_per_week"],
        }

    def legal_actions(self) -> ActionSpec:
        """Violations at any level in any sector, hybrid attacks on coalition nations, harassment."""
        m = self.model
        sectors = m.map.sector_ids
        spec: ActionSpec = {
            "violate": {"sector": sectors, "level": [1, 2, 3]},
            "hybrid": {"target": m.contributor_ids()},
            "harass_monitor": {"sector": sectors},
        }
        offensives = [i.id for i in self.own_offensives()]
        if offensives:
            spec["halt"] = {"incident": offensives}
        return spec

    def action_limits(self) -> dict[str, int]:
        """Hybrid attacks and harassment are limited by capacity."""
        return {
            "hybrid": self.settings["hybrid_per_week"],
            "harass_monitor": self.settings["harassment_per_week"],
        }

    def duplicate_key(self, action: Action) -> tuple[Any, ...] | None:
        """One large-scale offensive per sector a week (probes and limited ones may repeat)."""
        if action["type"] == "violate" and action["level"] == 3:
            return ("violate", "sector at level 3", action["sector"])
        return super().duplicate_key(action)

    def act_violate(self, action: Action) -> None:
        """Start a violation of the ceasefire."""
        self.model.start_incident("russia", action["sector"], action["level"], "violation")

    def act_hybrid(self, action: Action) -> None:
        """Hit a troop-contributing nation at home."""
        self.model.hybrid_attack(action["target"])

    def act_harass_monitor(self, action: Action) -> None:
        """Harass the monitors in a sector."""
        self.model.monitor.harass(action["sector"])

    def act_halt(self, action: Action) -> None:
        """Call off one of its offensives."""
        self.model.halt_offensive(action["incident"])
