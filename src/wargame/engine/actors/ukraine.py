"""Ukraine: first responder on the line, growing capacity, irregular operations behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wargame.engine.actors.base import GroundForces
from wargame.engine.decisions import Action, ActionSpec

if TYPE_CHECKING:
    from wargame.engine.observations import UkraineObservation


class Ukraine(GroundForces):
    """Ukraine (000, 001, 002): defends every sector first; can violate the ceasefire too."""

    kind = "ukraine"
    refills_line = True

    def __init__(self, model: Any, settings: dict[str, Any]) -> None:
        super().__init__(model, "ukraine")
        self.settings = settings
        on_line = settings["troops"] * settings["line_share"]
        total_km = model.map.line_length_km
        # 002: ~880,000 claimed; ASSUMED line_share of them hold the line, spread by length.
        self.line_troops: dict[str, float] = {
            s.id: on_line * s.length_km / total_km for s in model.map.sectors
        }
        self.reserves = settings["troops"] - on_line
        self.casualties = 0.0

    def quality(self, week: int) -> float:
        """Combat value per soldier: grows with European investment over >= 5 years (001)."""
        years = week / 52.0
        progress: float = min(1.0, years / self.settings["capacity_years"])
        growth: float = self.settings["capacity_growth"]
        return 1.0 + growth * progress

    def reinforce(self, sector: str) -> None:
        """Move a tenth of the reserves into a sector (a thin line, reconstituted, 001)."""
        moved = 0.1 * self.reserves
        self.reserves -= moved
        self.line_troops[sector] += moved

    def observe(self) -> UkraineObservation:
        """Ukraine's view: its own forces, Russia's visible troops, incidents in its sectors."""
        m = self.model
        return {
            **m.public_view(),
            **self.own_forces(),
            "own_quality": round(self.quality(m.week), 3),
            "russian_troops_visible": {k: int(v) for k, v in m.russia.line_troops.items()},
            "attacks_on_us": [
                {"id": i.id, "sector": i.sector, "level": i.level}
                for i in m.log.active()
                if i.perpetrator == "russia" and i.kind == "violation"
            ],
            "irregular_ops_per_year": self.settings["irregular_ops_per_year"],
        }

    def legal_actions(self) -> ActionSpec:
        """Reinforce a sector; irregular operations in occupied territory (level 1 or 2, 001)."""
        sectors = self.model.map.sector_ids
        return {
            "reinforce": {"sector": sectors},
            "irregular_op": {"sector": sectors, "level": [1, 2]},
        }

    def action_limits(self) -> dict[str, int]:
        """One reinforcement and at most two raids a week."""
        return {"reinforce": 1, "irregular_op": 2}

    def act_reinforce(self, action: Action) -> None:
        """Move reserves forward into a sector."""
        self.reinforce(action["sector"])

    def act_irregular_op(self, action: Action) -> None:
        """Raid in occupied territory."""
        self.model.start_incident("ukraine", action["sector"], action["level"], "irregular")
