"""Ukraine's strategies: hold the line as first responder (000); add resistance operations (001)."""

from __future__ import annotations

from wargame.config.parameters import policy_defaults
from wargame.policies.policy import Action, BasePolicy, Observation


class HoldTheLine(BasePolicy):
    """First responder on a thin line: reinforce the sector under the heaviest attack, reconstitute (000, 001)."""

    name = "hold_the_line"
    actors = ("ukraine",)
    reads = frozenset({"attacks_on_us", "monitor_restrictions_per_week"})
    # restrict_chance: weekly chance it restricts the monitors where the heaviest attack is
    params = policy_defaults("ukraine", "hold_the_line")

    def decide(self, observation: Observation) -> list[Action]:
        """Reinforce where the heaviest Russian attack is; restrict the monitors there rarely."""
        attacks = sorted(observation["attacks_on_us"], key=lambda a: (-a["level"], a["id"]))
        actions: list[Action] = []
        if attacks and attacks[0]["level"] >= 2:
            actions.append({"type": "reinforce", "sector": attacks[0]["sector"]})
        chance = self.p["restrict_chance"]
        if (
            attacks
            and chance > 0
            and observation["monitor_restrictions_per_week"] > 0
            and self.rng.random() < chance
        ):
            actions.append({"type": "restrict_monitor", "sector": attacks[0]["sector"]})
        return actions

    def explain(self, observation: Observation, actions: list[Action]) -> str:
        """Which attack it reinforces against, if any."""
        big = [a for a in observation["attacks_on_us"] if a["level"] >= 2]
        if not big:
            return (
                "No limited or large-scale attack on Ukrainian positions: hold, no reinforcement."
            )
        return "Reinforce the sector under the heaviest attack (level 2 or 3 first)."


class Resistance(HoldTheLine):
    """Holds the line and adds irregular operations in occupied territory (001, Resistance Operating Concept)."""

    name = "resistance"
    reads = HoldTheLine.reads | {"irregular_ops_per_year", "sectors"}
    # limited_share: share of raids that are limited tactical (level 2) rather than below-threshold
    params = policy_defaults("ukraine", "resistance")

    def decide(self, observation: Observation) -> list[Action]:
        """Hold the line; raid behind it at the scenario's rate, hiding some raids from the monitors."""
        actions = super().decide(observation)
        if self.rng.random() < observation["irregular_ops_per_year"] / 52.0:
            sectors = observation["sectors"]
            sector = sectors[int(self.rng.integers(len(sectors)))]
            level = 2 if self.rng.random() < self.p["limited_share"] else 1
            actions.append({"type": "irregular_op", "sector": sector, "level": level})
            restricted = sum(1 for a in actions if a["type"] == "restrict_monitor")
            if (
                restricted < observation["monitor_restrictions_per_week"]
                and not any(
                    a["type"] == "restrict_monitor" and a["sector"] == sector for a in actions
                )
                and self.rng.random() < self.p["raid_restrict_share"]
            ):
                actions.append({"type": "restrict_monitor", "sector": sector})
        return actions
