"""What every actor shares: an id, an observation, a legal action set and how actions apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa

if TYPE_CHECKING:
    from ..model import CeasefireModel

Action = dict[str, Any]
# For each action type: its parameters and the values each may take (None = any whole number).
ActionSpec = dict[str, dict[str, list[Any] | None]]


class Actor(mesa.Agent):
    """A Mesa agent that decides through a policy: observation in, actions out."""

    kind: str = "actor"
    model: CeasefireModel

    def __init__(self, model: CeasefireModel, actor_id: str) -> None:
        super().__init__(model)
        self.actor_id = actor_id

    def observe(self) -> dict[str, Any]:
        """What this actor may know this week (its fog-of-war view)."""
        return self.model.public_view()

    def legal_actions(self) -> ActionSpec:
        """The action types this actor may take this week, with their allowed parameters."""
        return {}

    def action_limits(self) -> dict[str, int]:
        """How many actions of each type it may take in one week (absent: any number)."""
        return {}

    def apply(self, action: Action) -> None:
        """Carry out one validated action."""
        raise NotImplementedError(f"{self.actor_id} has no action {action['type']}")


class GroundForces(Actor):
    """An army along the line: troops per sector, reserves behind, casualties counted."""

    refills_line = False  # whether losses in a sector are made good from the reserves at once
    line_troops: dict[str, float]
    reserves: float
    casualties: float

    @property
    def troops(self) -> int:
        """All its troops, reserves included."""
        return int(sum(self.line_troops.values()) + self.reserves)

    def own_forces(self) -> dict[str, Any]:
        """What it knows of its own forces: troops per sector and reserves (whole soldiers)."""
        return {
            "own_troops": {k: int(v) for k, v in self.line_troops.items()},
            "own_reserves": int(self.reserves),
        }

    def lose(self, sector: str | None, n: float) -> float:
        """Remove casualties from a sector (refilled from reserves if it does so), then from reserves; never below zero."""
        n = max(0.0, n)
        taken = min(n, self.line_troops[sector]) if sector is not None else 0.0
        if sector is not None:
            self.line_troops[sector] -= taken
            if self.refills_line:
                refill = min(taken, self.reserves)
                self.reserves -= refill
                self.line_troops[sector] += refill
        rest = min(n - taken, self.reserves)
        self.reserves -= rest
        lost = taken + rest
        self.casualties += lost
        return lost
