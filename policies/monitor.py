"""Where the monitoring body patrols: evenly along the line, or where incidents cluster (000)."""

from __future__ import annotations

from collections import Counter

from wargame.config.parameters import policy_defaults
from wargame.policies.policy import Action, BasePolicy, Observation


class PatrolEvenly(BasePolicy):
    """Spread the teams evenly along the line, shifting week by week to cover every sector (000)."""

    name = "patrol_evenly"
    actors = ("monitor",)
    reads = frozenset({"sectors", "teams", "week"})

    def even(self, observation: Observation, skip: set[str], teams: int) -> list[str]:
        """Evenly spaced sectors not in `skip`, offset by the week."""
        sectors = [s for s in observation["sectors"] if s not in skip]
        if not sectors or teams <= 0:
            return []
        stride = max(1, len(sectors) // teams)
        offset = observation["week"] % stride
        return sectors[offset::stride][:teams]

    def explain(self, observation: Observation, actions: list[Action]) -> str:
        """Where the teams go and why."""
        return (
            f"Send {len(actions)} of {observation['teams']} team(s): evenly spaced along the line,"
            " shifting week by week to cover every sector"
            + (", hotspots of recent detections first." if self.name == "patrol_hotspots" else ".")
        )

    def decide(self, observation: Observation) -> list[Action]:
        """One team per evenly spaced sector."""
        return [
            {"type": "patrol", "sector": s}
            for s in self.even(observation, set(), observation["teams"])
        ]


class PatrolHotspots(PatrolEvenly):
    """Send most teams where recent detections cluster, the rest evenly (000)."""

    name = "patrol_hotspots"
    params = policy_defaults("monitor", "patrol_hotspots")

    reads = PatrolEvenly.reads | {"detected"}

    def decide(self, observation: Observation) -> list[Action]:
        """Hotspots first, then even coverage."""
        teams = observation["teams"]
        counts = Counter(d["sector"] for d in observation["detected"] if d["sector"])
        n_hot = min(len(counts), round(teams * self.p["hot_share"]))
        hot = sorted(counts, key=lambda s: (-counts[s], s))[:n_hot]
        rest = self.even(observation, set(hot), teams - len(hot))
        return [{"type": "patrol", "sector": s} for s in hot + rest]
