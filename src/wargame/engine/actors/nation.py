"""A Coalition-of-the-Willing nation: its contribution, public support and eroding will."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from wargame.engine.actors.base import Actor
from wargame.engine.decisions import Action, ActionSpec

if TYPE_CHECKING:
    from wargame.engine.observations import NationObservation


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

    def observe(self) -> NationObservation:
        """A nation's view: its own politics and what the Force Commander shares."""
        m = self.model
        s = self.settings
        # The political view is a fresh copy: extend it in place (same keys, same order).
        obs = cast("dict[str, Any]", m.political_view())
        obs["nation"] = self.code
        obs["own_will"] = round(self.will, 4)
        obs["own_public_support"] = s["public_support"]
        obs["own_troops"] = m.nation_troops(self.code)
        # round(0.0, 1) is 0.0 itself: most nations have no casualties in most weeks.
        c, cw = self.casualties, self.casualties_this_week
        obs["own_casualties"] = round(c, 1) if c else c
        obs["own_casualties_this_week"] = round(cw, 1) if cw else cw
        obs["hybrid_attacks_this_week"] = self.hybrid_this_week
        obs["hybrid_attacks_total"] = self.hybrid_hits
        obs["caveats"] = s["caveats"]
        obs["casualty_sensitivity"] = s["casualty_sensitivity"]
        obs["leave_threshold"] = self.coalition["leave_threshold"]
        obs["force_shared"] = m.force.shared_picture()
        return cast("NationObservation", obs)

    def legal_actions(self) -> ActionSpec:
        """A nation in the coalition may leave it; one outside has nothing to do."""
        return {"leave": {}} if self.in_coalition else {}

    def action_limits(self) -> dict[str, int]:
        """A nation leaves once."""
        return {"leave": 1}

    def act_leave(self, action: Action) -> None:
        """Leave the coalition: withdraw every troop."""
        self.model.nation_leaves(self)
