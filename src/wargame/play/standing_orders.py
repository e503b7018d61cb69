"""Standing orders: a person's order that carries over the weeks the person is not asked.

A person commanding an actor may leave a standing order (the session keeps it, per actor, until
it is changed or cleared). In a week the person is not asked, the standing order answers instead
of the actor's policy, filtered to what is legal that week; its actions are recorded as the
person's, so a replay reproduces them. A standing order may also cover the routine reasons of a
decision point (e.g. level-1 incidents the rule answers), so the person is asked less often.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Protocol

from wargame.errors import WargameError
from wargame.play.decision_points import reasons_for

# Reasons a repeated order answers without asking: the monitor's new detections, and limited
# attacks on Ukrainian positions (most weeks since issue 15); a large-scale attack still asks.
ROUTINE = frozenset({"detections", "skirmish"})


class StandingOrder(Protocol):
    """What a standing order does: answer a decision, and say whether it covers its reasons."""

    def actions(self, decision: Any) -> list[dict[str, Any]]:
        """The order's actions for this decision, legal this week."""
        ...

    def covers(self, decision: Any) -> bool:
        """Whether the order answers every reason this decision is a decision point."""
        ...

    def describe(self) -> str:
        """The order in plain words."""
        ...


class RespondRule:
    """The Force Commander's rule: respond to every incident of a level with a mode."""

    def __init__(self, modes: Mapping[int, str]) -> None:
        self.modes = {int(level): str(mode) for level, mode in modes.items()}
        for level in self.modes:
            if level not in (1, 2, 3):
                raise WargameError(f"standing order: level {level} is not 1, 2 or 3")

    def _answers(self, decision: Any) -> dict[int, str]:
        """Incident id -> mode, for the incidents awaiting a response this rule answers."""
        legal = decision.legal.get("respond") or {}
        allowed_ids = set(legal.get("incident") or [])
        answers = {}
        for inc in decision.observation.get("known_incidents", []):
            mode = self.modes.get(int(inc.get("level", 0)))
            if (
                mode is not None
                and inc.get("responded") is None
                and inc.get("id") in allowed_ids
                and mode in inc.get("modes", [])
            ):
                answers[inc["id"]] = mode
        return answers

    def actions(self, decision: Any) -> list[dict[str, Any]]:
        """A respond action for each incident awaiting a response whose level the rule names."""
        return [
            {"type": "respond", "incident": i, "mode": m}
            for i, m in sorted(self._answers(decision).items())
        ]

    def covers(self, decision: Any) -> bool:
        """Covered: the only reason is incidents awaiting a response, and the rule answers each."""
        reasons = reasons_for(decision)
        if any(r.kind != "response" for r in reasons):
            return False
        answered = self._answers(decision)
        return all(
            i["id"] in answered
            for i in decision.observation.get("known_incidents", [])
            if i.get("responded") is None and i.get("assessed_perpetrator")
        )

    def describe(self) -> str:
        """E.g. 'respond to every level-1 incident with signal'."""
        parts = [f"every level-{lv} incident with {m}" for lv, m in sorted(self.modes.items())]
        return "respond to " + ", ".join(parts) if parts else "respond to nothing"


class Repeat:
    """Repeat the same orders every week (e.g. 'patrol as last week', 'reinforce none').

    With `actions=None` it repeats the person's last decision: the session tells it each time
    the person decides (`remember`).
    """

    def __init__(self, actions: list[dict[str, Any]] | None = None) -> None:
        self.follows_last = actions is None
        self.orders: list[dict[str, Any]] = copy.deepcopy(actions or [])

    def remember(self, actions: list[dict[str, Any]]) -> None:
        """The person decided: repeat this from now on (if the order follows the last one)."""
        if self.follows_last:
            self.orders = copy.deepcopy(list(actions))

    def actions(self, decision: Any) -> list[dict[str, Any]]:
        """The repeated orders that are legal this week, within the week's limits, no duplicates."""
        kept: list[dict[str, Any]] = []
        counts: dict[str, int] = {}
        for action in self.orders:
            kind = str(action.get("type"))
            params = decision.legal.get(kind)
            if params is None:
                continue
            if any(
                allowed is not None and action.get(name) not in allowed
                for name, allowed in params.items()
            ):
                continue
            limit = decision.limits.get(kind)
            if limit is not None and counts.get(kind, 0) >= limit:
                continue
            if action in kept:
                continue
            counts[kind] = counts.get(kind, 0) + 1
            kept.append(copy.deepcopy(action))
        return kept

    def covers(self, decision: Any) -> bool:
        """Covered: every reason is routine (new detections, limited attacks on Ukraine)."""
        return all(r.kind in ROUTINE for r in reasons_for(decision))

    def describe(self) -> str:
        """E.g. 'repeat: patrol s01, patrol s02'."""
        if self.follows_last and not self.orders:
            return "repeat your last orders"
        words = [
            " ".join(
                [str(a.get("type", "")).replace("_", " ")]
                + [str(v) for k, v in a.items() if k != "type"]
            )
            for a in self.orders
        ]
        return "repeat: " + (", ".join(words) if words else "no orders")


def order_from_decision(decision: Any, actions: list[dict[str, Any]]) -> StandingOrder:
    """The standing order a person leaves by keeping this week's orders.

    The Force Commander's responses become a rule by level (the level of each incident answered);
    any other actor's orders are repeated as they are.
    """
    if decision.actor_id == "force_commander":
        levels = {i["id"]: int(i["level"]) for i in decision.observation.get("known_incidents", [])}
        modes = {
            levels[a["incident"]]: str(a["mode"])
            for a in actions
            if a.get("type") == "respond" and a.get("incident") in levels
        }
        return RespondRule(modes)
    return Repeat(actions)
