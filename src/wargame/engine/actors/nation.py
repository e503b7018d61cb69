"""A Coalition-of-the-Willing nation: its contribution, public support and eroding will."""

from __future__ import annotations

from typing import Any

from wargame.engine.actors.base import Actor
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.observed import political_fields


class Nation(Actor):
    """One troop-contributing nation (000, 001, 002); leaves the coalition when its will is gone."""

    kind = "nation"

    def __init__(
        self, model: Any, code: str, settings: dict[str, Any], coalition: dict[str, Any]
    ) -> None:
        super().__init__(model, code)
        self.code = code
        self.settings = settings
        self.coalition = coalition
        self.name = settings["name"]
        self.brigades = settings["brigades"]
        # Will starts at support plus half the conditional support (002: NL 48% + 20%).
        self.will = min(1.0, settings["public_support"] + 0.5 * settings["conditional_support"])
        self.in_coalition = True
        self.left_week: int | None = None
        self.casualties = 0.0
        self.casualties_this_week = 0.0
        self.hybrid_hits = 0
        self.hybrid_this_week = 0
        self.tripwire_this_week = False

    @property
    def troops(self) -> int:
        """This nation's troops deployed with the force."""
        return self.model.nation_troops(self.code)

    def baseline_will(self, week: int) -> float:
        """Where will drifts back to: public support, worn down by years on mission (001)."""
        s = self.settings
        years = week / 52.0
        will: float = max(
            0.0,
            s["public_support"]
            + 0.5 * s["conditional_support"]
            - self.coalition["fatigue_per_year"] * years,
        )
        return will

    def update_will(self, week: int) -> None:
        """Casualties, hybrid attacks, civilian harm and acts attributed to Ukraine erode will; it drifts back (002)."""
        c, s = self.coalition, self.settings
        will = self.will + c["will_recovery"] * (self.baseline_will(week) - self.will)
        will -= (
            c["casualty_will_loss"] * s["casualty_sensitivity"] * self.casualties_this_week / 100.0
        )
        will -= c["hybrid_will_loss"] * s["hybrid_sensitivity"] * self.hybrid_this_week
        will -= c["civilian_will_loss"] * self.model.civilians_this_week / 100.0
        will -= c["attributed_ukraine_will_loss"] * self.model.ukraine_attributed_this_week
        if self.tripwire_this_week:
            will += c["tripwire_rally"] / s["casualty_sensitivity"]
        self.will = min(1.0, max(0.0, will))

    def reset_week(self) -> None:
        """Clear this week's counters."""
        self.casualties_this_week = 0.0
        self.hybrid_this_week = 0
        self.tripwire_this_week = False

    def _own_casualties(self) -> float:
        c = self.casualties
        return round(c, 1) if c else c  # round(0.0, 1) is 0.0 itself: the usual case

    def _own_casualties_this_week(self) -> float:
        c = self.casualties_this_week
        return round(c, 1) if c else c

    # A nation's view: its own politics and what the Force Commander shares.
    observed = political_fields() + {
        "nation": lambda a: a.code,
        "own_will": lambda a: round(a.will, 4),
        "own_public_support": lambda a: a.settings["public_support"],
        "own_troops": lambda a: a.model.nation_troops(a.code),
        "own_casualties": _own_casualties,
        "own_casualties_this_week": _own_casualties_this_week,
        "hybrid_attacks_this_week": lambda a: a.hybrid_this_week,
        "hybrid_attacks_total": lambda a: a.hybrid_hits,
        "caveats": lambda a: a.settings["caveats"],
        "casualty_sensitivity": lambda a: a.settings["casualty_sensitivity"],
        "leave_threshold": lambda a: a.coalition["leave_threshold"],
        "force_shared": lambda a: a.model.force.shared_picture(),
    }

    def legal_actions(self) -> ActionSpec:
        """A nation in the coalition may leave it; one outside has nothing to do."""
        return {"leave": {}} if self.in_coalition else {}

    def action_limits(self) -> dict[str, int]:
        """A nation leaves once."""
        return {"leave": 1}

    def act_leave(self, action: Action) -> None:
        """Leave the coalition: withdraw every troop."""
        self.model.nation_leaves(self)
