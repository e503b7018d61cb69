"""Russia's strategies from the sources: prober, opportunist, compliant, regime-change pressure."""

from __future__ import annotations

import bisect
import math
from typing import Any

from wargame.config.parameters import policy_defaults
from wargame.policies.perception import perceived_balance, perceived_balances
from wargame.policies.policy import Action, BasePolicy, Observation


def _choice(rng: Any, p: list[float]) -> int:
    """`int(rng.choice(len(p), p=p))` for valid probabilities, drawn as numpy draws it (the
    same index and the same random number used): the running sums scaled by the last, and
    the first index whose sum exceeds one uniform draw. Without numpy's per-call overhead."""
    cdf, running = [], 0.0
    for x in p:
        running += x
        cdf.append(running)
    return bisect.bisect_right([c / running for c in cdf], rng.random())


class _RussiaPolicy(BasePolicy):
    """Shared Russian reasoning: perceived cost versus gain per sector (001: a war of perceptions)."""

    actors = ("russia",)
    # Declared with their ranges and reasons in wargame/parameters.yaml (`wargame params`).
    params: dict[str, Any] = policy_defaults("russia", "compliant")  # no probes at all
    # What its reasoning (perception.py and below) reads; every Russian family declares it.
    reads = frozenset(
        {
            "beliefs",
            "buildups",
            "elections_soon",
            "coalition_nearby",
            "coalition_presence",
            "coalition_troops_deployed",
            "harassment_per_week",
            "hybrid_per_week",
            "hybrid_targets",
            "min_preparation_weeks",
            "own_active_incidents",
            "own_reserves",
            "own_troops",
            "posture",
            "sectors",
            "ukraine_quality_visible",
            "ukraine_troops_visible",
        }
    )

    def balances(self, obs: Observation) -> dict[str, float]:
        """Perceived balance (gain - cost) of a large-scale violation per sector."""
        return perceived_balances(obs, self.p)

    def large_scale_chance(self, balance: float) -> float:
        """Weekly chance of starting to prepare a large-scale violation given the best balance."""
        p = self.p
        return min(
            0.5,
            p["risk_appetite"]
            * p["large_scale_base"]
            * math.exp(p["balance_sensitivity"] * balance),
        )

    def continue_or_halt(self, obs: Observation, balances: dict[str, float]) -> list[Action]:
        """Halt offensives whose balance has turned (answered ones look worse) or that stalled.

        An offensive has stalled when, after two weeks or more, its last week took no ground.
        """
        actions = []
        for inc in obs["own_active_incidents"]:
            balance = balances[inc["sector"]] - (
                self.p["answered_halt_penalty"]
                if inc["answered"] in ("denial", "punishment")
                else 0.0
            )
            stalled = inc["weeks_fought"] >= 2 and inc["advance_km"] <= 0
            if balance < self.p["halt_below"] or stalled:
                actions.append({"type": "halt", "incident": inc["id"]})
        return actions

    def preparations(
        self, obs: Observation, balances: dict[str, float], max_sectors: int = 1
    ) -> list[Action]:
        """One coherent choice about large-scale violations: launch, keep massing, give up, start.

        A build-up is launched once ready if its balance clears the launch bar (never below the
        halt bar, so it would not be halted at once), given up when its balance falls below the
        halt bar (a seen build-up raises the cost) or when it has waited twice the preparation
        time, and otherwise kept. With no build-up and no offensive, Russia may start one where
        the balance is best, with a chance that grows with the balance.
        """
        p = self.p
        if obs["own_active_incidents"]:
            return []
        ready = obs["min_preparation_weeks"]
        bar = max(p["launch_above"], p["halt_below"])
        actions: list[Action] = []
        for sector, b in sorted(obs["buildups"].items()):
            if b["weeks"] >= ready and balances[sector] >= bar:
                actions.append({"type": "violate", "sector": sector, "level": 3})
            elif balances[sector] < p["halt_below"] or b["weeks"] >= 2 * max(ready, 1):
                actions.append({"type": "stand_down", "sector": sector})
        if obs["buildups"]:
            return actions
        best = sorted(balances, key=lambda s: (-balances[s], s))[:max_sectors]
        if self.rng.random() < self.large_scale_chance(balances[best[0]]):
            actions.extend({"type": "prepare", "sector": s} for s in best)
        return actions

    def explain(self, observation: Observation, actions: list[Action]) -> str:
        """Russia's perceived balance where it is best, its beliefs, and what that leads to."""
        balances = self.balances(observation)
        best = sorted(balances, key=lambda s: (-balances[s], s))[0]
        seen = perceived_balance(observation, best, self.p)
        b = observation["beliefs"]
        kinds = [a.get("type") for a in actions]
        big = sum(1 for a in actions if a.get("type") == "violate" and a.get("level") == 3)
        if big:
            verdict = "launch a prepared large-scale offensive"
        elif "prepare" in kinds:
            verdict = "start massing forces for one"
        elif "stand_down" in kinds:
            verdict = "give up a build-up"
        elif observation["buildups"]:
            verdict = "keep massing"
        else:
            verdict = "no large-scale violation"
        return (
            f"Best perceived balance in {best}: gain {seen['gain']:.2f} - cost {seen['cost']:.2f}"
            f" = {seen['balance']:+.2f} (believed: coalition resolve {b['resolve']:.2f}, US "
            f"{b['us_resolve']:.2f}, cohesion {b['cohesion']:.2f}, attribution "
            f"{b['attribution']:.2f}); {verdict}, {len(actions) - big} other order(s)."
        )

    def pick(self, items: list[str], weights: list[float]) -> str:
        """Draw one item with the given weights from the policy's own RNG."""
        total = sum(weights)
        if total <= 0:
            return items[int(self.rng.integers(len(items)))]
        p = [w / total for w in weights]
        if len(p) == len(items) and math.isfinite(total) and min(p) >= 0.0:
            return items[_choice(self.rng, p)]
        return items[int(self.rng.choice(len(items), p=p))]  # numpy names what is wrong

    def probes(self, obs: Observation, balances: dict[str, float]) -> list[Action]:
        """Deniable probes, limited violations, hybrid attacks and harassment (001).

        Probes and limited violations fall more often on sectors being prepared (shaping and
        testing the deployment there), so the weeks before an offensive look different.
        """
        p, actions = self.p, []
        sectors = obs["sectors"]
        focus = p["shaping_focus"]
        weights = [
            math.exp(balances[s]) * (focus if s in obs["buildups"] else 1.0) for s in sectors
        ]
        for _ in range(int(self.rng.poisson(p["probe_rate"]))):
            actions.append({"type": "violate", "sector": self.pick(sectors, weights), "level": 1})
        mean_balance = sum(balances.values()) / len(balances)
        for _ in range(int(self.rng.poisson(p["limited_rate"] * math.exp(mean_balance)))):
            actions.append({"type": "violate", "sector": self.pick(sectors, weights), "level": 2})
        targets = obs["hybrid_targets"]
        if targets:
            # Most pressure where a vote is near (001: regime change through elections).
            campaign, soon = p["campaign_focus"], obs["elections_soon"]
            target_weights = [campaign if t in soon else 1.0 for t in targets]
            for _ in range(obs["hybrid_per_week"]):
                if self.rng.random() < p["hybrid_rate"]:
                    actions.append({"type": "hybrid", "target": self.pick(targets, target_weights)})
        harassed: set[str] = set()
        for _ in range(obs["harassment_per_week"]):
            if self.rng.random() < p["harass_rate"]:
                sector = self.pick(sectors, weights)
                if sector not in harassed:
                    harassed.add(sector)
                    actions.append({"type": "harass_monitor", "sector": sector})
        return actions


class Prober(_RussiaPolicy):
    """A continuous stream of deniable violations and hybrid attacks to test the force, escalating where perceived cost is low (001)."""

    name = "prober"
    params = policy_defaults("russia", "prober")
    reads = _RussiaPolicy.reads

    def decide(self, observation: Observation) -> list[Action]:
        """Probe every week; prepare and strike hard only where the balance looks good."""
        balances = self.balances(observation)
        return [
            *self.continue_or_halt(observation, balances),
            *self.probes(observation, balances),
            *self.preparations(observation, balances),
        ]


class Opportunist(_RussiaPolicy):
    """Complies while deterred; strikes hard where and when perceived cost < gain (001, 000)."""

    name = "opportunist"
    params = policy_defaults("russia", "opportunist")
    reads = _RussiaPolicy.reads

    def decide(self, observation: Observation) -> list[Action]:
        """Quiet unless the balance favours a large-scale violation, then prepares two sectors at once."""
        balances = self.balances(observation)
        return [
            *self.continue_or_halt(observation, balances),
            *self.preparations(observation, balances, max_sectors=2),
        ]


class Compliant(_RussiaPolicy):
    """Keeps the deal: no violations at all (a control)."""

    name = "compliant"
    reads = frozenset({"own_active_incidents", "buildups"})

    def decide(self, observation: Observation) -> list[Action]:
        """Nothing, ever; halts any offensive and gives up any build-up it finds itself in."""
        return [
            *({"type": "halt", "incident": i["id"]} for i in observation["own_active_incidents"]),
            *({"type": "stand_down", "sector": s} for s in sorted(observation["buildups"])),
        ]


class RegimeChange(Prober):
    """Hybrid attacks and disinformation aimed at troop-contributing nations' cohesion and Ukraine's elections (001).

    Plays like the prober, weighted the other way: full hybrid pressure at home every week,
    fewer violations on the line, half the appetite for a large-scale one.
    """

    name = "regime_change"
    params = policy_defaults("russia", "regime_change")
    reads = _RussiaPolicy.reads
