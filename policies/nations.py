"""The nations' will models: steadfast, casualty-averse, public-opinion-driven (001, 002)."""

from __future__ import annotations

from wargame.config.parameters import policy_defaults
from wargame.policies.policy import Action, BasePolicy, Observation


class PublicOpinion(BasePolicy):
    """Leaves when its will, driven by public support, casualties and hybrid pressure, falls below the coalition's threshold (002)."""

    name = "public_opinion"
    actors = ("nation",)
    reads = frozenset({"own_will", "leave_threshold"})

    def threshold(self, observation: Observation) -> float:
        """The will below which this nation leaves."""
        return observation["leave_threshold"]

    def explain(self, observation: Observation, actions: list[Action]) -> str:
        """Will against the threshold below which the nation leaves."""
        will, limit = observation["own_will"], self.threshold(observation)
        verdict = "leave" if will < limit else "stay"
        return f"Public will {will:.2f} against a leave threshold of {limit:.2f}: {verdict}."

    def decide(self, observation: Observation) -> list[Action]:
        """Leave when will is gone."""
        return [{"type": "leave"}] if observation["own_will"] < self.threshold(observation) else []

    def answers_nothing(self, fields: Observation) -> bool:
        """Will not below the threshold: `decide` would stay."""
        return not fields["own_will"] < self.threshold(fields)


class Steadfast(PublicOpinion):
    """Stays the course: leaves only when will is all but gone (001: staying power over ~10 years)."""

    name = "steadfast"
    reads = frozenset({"own_will"})
    answers_nothing = PublicOpinion.answers_nothing
    params = policy_defaults("nations", "steadfast")

    def threshold(self, observation: Observation) -> float:
        """A low, fixed threshold."""
        return self.p["threshold"]


class CasualtyAverse(PublicOpinion):
    """Leaves early when its own troops die: a higher threshold once it has taken casualties (002)."""

    name = "casualty_averse"
    reads = frozenset({"own_will", "leave_threshold", "own_casualties"})
    answers_nothing = PublicOpinion.answers_nothing
    params = policy_defaults("nations", "casualty_averse")

    def threshold(self, observation: Observation) -> float:
        """The coalition's threshold, raised once casualties pass a limit."""
        raised = observation["own_casualties"] >= self.p["casualty_limit"]
        return observation["leave_threshold"] + (self.p["margin"] if raised else 0.0)
