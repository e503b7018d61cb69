"""The United States' commitments: none, C4ISR only, backstop, and wavering (001, 002)."""

from __future__ import annotations

from wargame.config.parameters import policy_defaults
from wargame.policies.policy import Action, BasePolicy, Observation

LEVELS = ("none", "c4isr", "backstop")


class _Commitment(BasePolicy):
    """Holds one commitment level throughout."""

    actors = ("us",)
    level = "none"
    reads = frozenset({"own_commitment"})

    def decide(self, observation: Observation) -> list[Action]:
        """Set the commitment if it differs."""
        if observation["own_commitment"] != self.level:
            return [{"type": "set_commitment", "level": self.level}]
        return []

    def explain(self, observation: Observation, actions: list[Action]) -> str:
        """The commitment it holds."""
        return f"Hold the commitment '{self.level}' throughout (now '{observation['own_commitment']}')."


class NoCommitment(_Commitment):
    """No US role: no enablers, no backstop (001: then only a symbolic mission)."""

    name = "none"
    level = "none"
    reads = _Commitment.reads


class C4ISR(_Commitment):
    """C4ISR and strategic ISR only: better detection and attribution, no backstop (001)."""

    name = "c4isr"
    level = "c4isr"
    reads = _Commitment.reads


class Backstop(_Commitment):
    """Escalation dominance and extended deterrence behind the force (001, 002)."""

    name = "backstop"
    level = "backstop"
    reads = _Commitment.reads


class Wavering(BasePolicy):
    """Starts with the scenario's commitment and may drop a level mid-game, faster under escalation (001: US reduces its presence)."""

    name = "wavering"
    actors = ("us",)
    reads = frozenset({"own_commitment", "escalation_level"})
    params = policy_defaults("us", "wavering")

    def decide(self, observation: Observation) -> list[Action]:
        """Drop one level at random, more often when escalation runs high."""
        current = observation["own_commitment"]
        if current == "none":
            return []
        chance = self.p["drop_per_year"] / 52.0
        if observation["escalation_level"] >= self.p["escalation_trigger"]:
            chance *= 5
        if self.rng.random() < chance:
            return [{"type": "set_commitment", "level": LEVELS[LEVELS.index(current) - 1]}]
        return []
