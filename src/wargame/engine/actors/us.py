"""The United States: no boots on the ground; C4ISR, and perhaps the escalation backstop."""

from __future__ import annotations

from typing import Any

from wargame.engine.actors.base import Actor
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.observed import political_fields

COMMITMENTS = ("none", "c4isr", "backstop")


class UnitedStates(Actor):
    """The US (001, 002, 003): commitment none / C4ISR only / backstop with escalation dominance."""

    kind = "us"

    def __init__(self, model: Any, settings: dict[str, Any]) -> None:
        super().__init__(model, "us")
        self.settings = settings
        self.commitment: str = settings["commitment"]
        self.declared: str = settings["commitment"]

    @property
    def has_c4isr(self) -> bool:
        """C4ISR and strategic ISR improve detection and attribution (001)."""
        return self.commitment in ("c4isr", "backstop")

    @property
    def is_backstop(self) -> bool:
        """Escalation dominance and extended deterrence behind the force (001)."""
        return self.commitment == "backstop"

    # The US sees the public picture plus the coalition's shared picture.
    observed = political_fields() + {
        "own_commitment": lambda a: a.commitment,
        "force_shared": lambda a: a.model.force.shared_picture(),
    }

    def legal_actions(self) -> ActionSpec:
        """It may change its commitment."""
        return {"set_commitment": {"level": list(COMMITMENTS)}}

    def action_limits(self) -> dict[str, int]:
        """One change a week."""
        return {"set_commitment": 1}

    def act_set_commitment(self, action: Action) -> None:
        """Change the commitment; the change is public."""
        level = action["level"]
        if level != self.commitment:
            self.model.log.note(
                self.model.week,
                "us_commitment",
                "us",
                f"the United States changes its commitment from {self.commitment} to {level}",
            )
            self.commitment = level
            self.declared = level
