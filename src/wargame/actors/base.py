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
