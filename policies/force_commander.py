"""The Force Commander's strategies: denial, punishment, intelligence-driven response, restraint (000, 001)."""

from __future__ import annotations

from collections import Counter

from wargame.config.parameters import policy_defaults
from wargame.policies.policy import Action, BasePolicy, Observation


class Denial(BasePolicy):
    """Denial: defend where violated, with escalation management by proportionality and signalling (001)."""

    name = "denial"
    actors = ("force_commander",)
    # escalation_cap: above this escalation level, answer only by signalling (proportionality)
    params = policy_defaults("force_commander", "denial")
    preferred = "denial"
    reads = frozenset({"escalation_level", "known_incidents"})

    def decide(self, observation: Observation) -> list[Action]:
        """Answer every known incident: force where allowed and proportionate, otherwise a signal."""
        restrained = observation["escalation_level"] >= self.p["escalation_cap"]
        actions = []
        for inc in observation["known_incidents"]:
            if inc["responded"] is not None:
                continue
            mode = self.preferred if self.preferred in inc["modes"] and not restrained else "signal"
            if (
                inc["level"] >= 2
                and self.preferred == "punishment"
                and inc["assessed_perpetrator"] != "russia"
            ):
                mode = "signal"  # punish only what is attributed to Russia (001: attribution first)
            actions.append({"type": "respond", "incident": inc["id"], "mode": mode})
        return actions

    def explain(self, observation: Observation, actions: list[Action]) -> str:
        """The response rule in a line: force where allowed, signal above the escalation cap."""
        level, cap = observation["escalation_level"], self.p["escalation_cap"]
        answered = sum(1 for a in actions if a.get("type") == "respond")
        if level >= cap:
            rule = f"escalation {level:.2f} is at or above the cap {cap:.2f}: signal only"
        else:
            rule = f"answer with {self.preferred} where the incident allows it, else signal"
        return f"Answer every incident awaiting a response ({answered}); {rule}."


class Punishment(Denial):
    """Punishment: strike back at recognised violations; hardly credible without the US (001)."""

    name = "punishment"
    preferred = "punishment"
    reads = Denial.reads


class IntelligenceDriven(Denial):
    """Intelligence-driven: pre-position mobile response units where incidents cluster, then deny (001)."""

    name = "intelligence_driven"
    reads = Denial.reads | {"monitor_reports", "units"}

    def decide(self, observation: Observation) -> list[Action]:
        """Deny as `denial` does, and move idle mobile units toward the hottest sector."""
        actions = super().decide(observation)
        hot = Counter(
            r["sector"]
            for r in observation["monitor_reports"]
            if r["sector"] and r["attributed_to"] == "russia"
        )
        mobile = [u for u in observation["units"] if u["mobile"]]
        if hot and mobile:
            sector = sorted(hot, key=lambda s: (-hot[s], s))[0]
            if all(u["location"] != sector for u in mobile):
                actions.append({"type": "move_unit", "unit": mobile[0]["id"], "to": sector})
        return actions


class Restraint(Denial):
    """Restraint: signal only, never use force (a control for what the force's answers add)."""

    name = "restraint"
    preferred = "signal"
    reads = Denial.reads
