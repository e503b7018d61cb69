"""A Coalition-of-the-Willing nation: its contribution, public support and eroding will."""

from __future__ import annotations

from typing import Any

from wargame.engine.actors.base import Actor
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.observed import political_fields


def election_interval(coalition: dict[str, Any]) -> int:
    """Weeks between two general elections of a contributor (`election_years`, at least 1)."""
    return max(1, round(52 * float(coalition["election_years"])))


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
        self.fatigue = 0.0  # support worn away so far by the mission's burden (see `wear`)
        self.next_election = 0  # the week of its next general election (set by the model)
        self.casualties_this_week = 0.0
        self.hybrid_hits = 0
        self.hybrid_this_week = 0
        self.tripwire_this_week = False

    @property
    def troops(self) -> int:
        """This nation's troops deployed with the force."""
        return self.model.nation_troops(self.code)

    def baseline_will(self) -> float:
        """Where will drifts back to: public support, less what the mission has worn away (001)."""
        s = self.settings
        will: float = max(0.0, s["public_support"] + 0.5 * s["conditional_support"] - self.fatigue)
        return will

    def wear(self, burden: float) -> None:
        """A week on mission wears support down in proportion to its burden: the share of the
        nation's part of the troop budget (rotation included) its troops with the force tie up,
        carved out of NATO's plans (001: every unit deployed costs 3-4; 002: carve-out)."""
        self.fatigue += self.coalition["fatigue_per_year"] / 52.0 * burden

    def update_will(self, week: int) -> None:
        """Casualties, hybrid attacks, civilian harm and acts attributed to Ukraine erode will; it drifts back (002)."""
        c, s = self.coalition, self.settings
        will = self.will + c["will_recovery"] * (self.baseline_will() - self.will)
        will -= (
            c["casualty_will_loss"] * s["casualty_sensitivity"] * self.casualties_this_week / 100.0
        )
        hybrid = c["hybrid_will_loss"] * s["hybrid_sensitivity"] * self.hybrid_this_week
        if self.hybrid_this_week and self.in_campaign(week):  # disinformation before a vote
            hybrid *= c["campaign_hybrid_factor"]
        will -= hybrid
        will -= c["civilian_will_loss"] * self.model.civilians_this_week / 100.0
        will -= c["attributed_ukraine_will_loss"] * self.model.ukraine_attributed_this_week
        if self.tripwire_this_week:
            will += c["tripwire_rally"] / s["casualty_sensitivity"]
        self.will = min(1.0, max(0.0, will))
        if week == self.next_election:
            self.vote(week)

    def in_campaign(self, week: int) -> bool:
        """Whether `week` is one of the campaign weeks before its election, the election's own
        week included (001: Russia's pressure toward regime change through elections)."""
        weeks: int = self.coalition["campaign_weeks"]
        return 0 <= self.next_election - week < weeks

    def vote(self, week: int) -> None:
        """A general election: the new parliament's line on the mission moves its will by a
        random swing (ASSUMED spread `election_swing`); the next one is a term later."""
        m, c = self.model, self.coalition
        before = self.will
        swing = float(m.election_rng.normal(0.0, c["election_swing"]))
        self.will = min(1.0, max(0.0, before + swing))
        self.next_election = week + election_interval(c)
        m.log.note(
            week,
            "election",
            self.code,
            f"{self.name} holds elections (will {before:.2f} to {self.will:.2f})",
        )

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
        "weeks_to_election": lambda a: max(0, a.next_election - a.model.week),
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
