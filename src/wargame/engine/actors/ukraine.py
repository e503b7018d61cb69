"""Ukraine: first responder on the line, growing capacity, irregular operations behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wargame.engine.actors.base import GroundForces
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.observed import public_fields

if TYPE_CHECKING:
    from wargame.engine.observations import AttackOnUkraine


class Ukraine(GroundForces):
    """Ukraine (000, 001, 002): defends every sector first; can violate the ceasefire too."""

    kind = "ukraine"
    refills_line = False  # losses are replaced week by week from the reserves (regenerate)

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
        self.line_base: dict[str, float] = dict(self.line_troops)  # each sector's starting strength
        self.restrictions = 0  # restrictions of the monitors it ordered

    def regenerate(self) -> None:
        """Mobilise, replace losses on the line and rotate reinforcements home from quiet sectors."""
        s = self.settings
        ceiling = max(0.0, s["max_troops"] - self.troops)
        self.reserves += min(ceiling, s["mobilisation_per_year"] * s["troops"] / 52.0)
        fighting = {
            i.sector
            for i in self.model.log.active()
            if i.perpetrator == "russia" and i.kind == "violation" and i.level >= 2
        }
        for sector, base in self.line_base.items():
            line = self.line_troops[sector]
            if line < base:
                moved = min(self.reserves, s["replacement_share"] * (base - line))
            elif line > base and sector not in fighting:
                moved = -s["rotation_back_share"] * (line - base)
            else:
                continue
            self.reserves -= moved
            self.line_troops[sector] = line + moved

    def quality(self, week: int) -> float:
        """Combat value per soldier: grows with European investment over >= 5 years (001)."""
        years = week / 52.0
        progress: float = min(1.0, years / self.settings["capacity_years"])
        growth: float = self.settings["capacity_growth"]
        return 1.0 + growth * progress

    def reinforce(self, sector: str) -> None:
        """Move a share of the reserves into a sector (a thin line, reconstituted, 001)."""
        moved = self.settings["reinforce_share"] * self.reserves
        self.reserves -= moved
        self.line_troops[sector] += moved

    def _attacks_on_us(self) -> list[AttackOnUkraine]:
        return [
            {"id": i.id, "sector": i.sector, "level": i.level}
            for i in self.model.log.active()
            if i.perpetrator == "russia" and i.kind == "violation"
        ]

    # Ukraine's view: its own forces, Russia's visible troops, the attacks on it.
    observed = public_fields() + {
        "own_troops": GroundForces.own_troops,
        "own_reserves": GroundForces.own_reserves,
        "own_quality": lambda a: round(a.quality(a.model.week), 3),
        "russian_troops_visible": lambda a: {
            k: int(v) for k, v in a.model.russia.line_troops.items()
        },
        "attacks_on_us": _attacks_on_us,
        "irregular_ops_per_year": lambda a: a.settings["irregular_ops_per_year"],
        "monitor_restrictions_per_week": lambda a: a.settings["monitor_restrictions_per_week"],
    }

    def legal_actions(self) -> ActionSpec:
        """Reinforce a sector; irregular operations in occupied territory (level 1 or 2, 001)."""
        sectors = self.model.map.sector_ids
        return {
            "reinforce": {"sector": sectors},
            "irregular_op": {"sector": sectors, "level": [1, 2]},
            "restrict_monitor": {"sector": sectors},
        }

    def action_limits(self) -> dict[str, int]:
        """One reinforcement, at most two raids and the declared restrictions of the monitors a week."""
        return {
            "reinforce": 1,
            "irregular_op": 2,
            "restrict_monitor": int(self.settings["monitor_restrictions_per_week"]),
        }

    def duplicate_key(self, action: Action) -> tuple[Any, ...] | None:
        """The monitors are restricted once per sector a week."""
        if action["type"] == "restrict_monitor":
            return ("restrict_monitor", "sector", action["sector"])
        return super().duplicate_key(action)

    def act_reinforce(self, action: Action) -> None:
        """Move reserves forward into a sector."""
        self.reinforce(action["sector"])

    def act_irregular_op(self, action: Action) -> None:
        """Raid in occupied territory."""
        self.model.start_incident("ukraine", action["sector"], action["level"], "irregular")

    def act_restrict_monitor(self, action: Action) -> None:
        """Restrict the monitors' access in a sector."""
        self.restrictions += 1
        self.model.monitor.obstruct("ukraine", action["sector"])
