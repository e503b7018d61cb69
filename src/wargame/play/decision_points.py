"""When a person is asked to decide (decision points): reasons that belong to the actor.

Game knowledge, not UI: a person commanding an actor decides only at a decision point; every
other week its standing order (play/standing_orders.py) or else its scenario policy plays. The
tests read the actor's own observation only (its fog of war), so a decision point never reveals
what the actor cannot know. An actor is asked for:

- its monthly review (every fourth week, and the first week of the game);
- its own incidents: a limited or large-scale incident the monitors attribute to it (probes,
  level 1, are the weekly routine); for the Force Commander, an incident its intelligence
  attributes that awaits its response, and a large-scale violation it knows of unanswered; for
  the monitor, new limited or large-scale detections not yet attributed; for Russia, its
  offensive under way and a build-up massed long enough to launch;
- attacks on it: Ukrainian positions under a limited or large-scale attack (a limited one is
  routine: a standing order may answer it); monitors harassed;
  a nation whose troops were hit or which a hybrid attack hit this week;
- a warning of its own intelligence: a nation whose will is close to its leave threshold, or
  which votes next week; for the Force Commander, a Russian build-up its intelligence has seen
  (the warning gives time to act).

Each reason has a kind (`Reason.kind`); a standing order may cover the routine kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REVIEW_EVERY_WEEKS = 4  # the monthly political review
THREAT_MARGIN = 0.1  # a nation within this much of its leave threshold threatens to leave
NEW_WEEKS = 1  # a report or detection is news in the week it appears and the next


@dataclass(frozen=True)
class Reason:
    """Why an actor is asked: a kind (e.g. 'response') and the words shown to the person."""

    kind: str
    text: str


def reasons_for(decision: Any) -> list[Reason]:
    """Every reason this decision is a decision point for its actor (empty: it is not one)."""
    obs: dict[str, Any] = decision.observation
    actor = decision.actor_id
    week = int(obs.get("week", decision.week))
    reasons = []
    if week == 1 or week % REVIEW_EVERY_WEEKS == 0:
        reasons.append(Reason("review", "your monthly review"))
    accused = [
        r
        for r in obs.get("monitor_reports", [])
        if r.get("attributed_to") == actor
        and r.get("level", 1) >= 2
        and week - (r.get("attributed_week") or -99) <= NEW_WEEKS
    ]
    if accused:
        reasons.append(
            Reason("accused", f"the monitors attributed {len(accused)} incident(s) to you")
        )
    reasons += _incidents(obs) + _attacks(obs) + _warnings(obs)
    return reasons


def _incidents(obs: dict[str, Any]) -> list[Reason]:
    """The actor's own incidents, as its own picture shows them."""
    reasons = []
    known = obs.get("known_incidents", [])
    awaiting = [i for i in known if i.get("responded") is None and i.get("assessed_perpetrator")]
    if awaiting:
        reasons.append(
            Reason(
                "response",
                f"{len(awaiting)} incident(s) your intelligence attributes await your response",
            )
        )
    if any(i.get("level") == 3 and i.get("responded") is None for i in known):
        reasons.append(Reason("tripwire", "a large-scale violation: the tripwire is pulled"))
    week = int(obs.get("week", 0))
    new = [
        d
        for d in obs.get("detected", [])
        if d.get("attributed_to") is None
        and d.get("level", 1) >= 2
        and week - int(d.get("week", -99)) <= NEW_WEEKS
    ]
    if new:
        reasons.append(Reason("detections", f"{len(new)} new detection(s) to validate"))
    if obs.get("own_active_incidents"):
        reasons.append(Reason("offensive", "your offensive is under way: continue or halt it"))
    ready = int(obs.get("min_preparation_weeks", 0))
    if any(int(b.get("weeks", 0)) >= ready for b in obs.get("buildups", {}).values()):
        reasons.append(
            Reason("buildup", "your build-up is ready: launch it, keep massing or stand down")
        )
    return reasons


def _attacks(obs: dict[str, Any]) -> list[Reason]:
    """Attacks on the actor itself."""
    reasons = []
    attacks = [a for a in obs.get("attacks_on_us", []) if a.get("level", 1) >= 2]
    if attacks:
        # Limited attacks come most weeks since issue 15: a standing order may answer them
        # ("skirmish" is routine); a large-scale one always asks.
        kind = "attack" if any(a.get("level") == 3 for a in attacks) else "skirmish"
        reasons.append(
            Reason(kind, f"Russian forces attack Ukrainian positions ({len(attacks)} attack(s))")
        )
    if obs.get("harassed_this_week"):
        reasons.append(Reason("attack", "your monitoring teams were harassed this week"))
    if obs.get("own_casualties_this_week", 0) > 0:
        reasons.append(Reason("attack", "your troops were hit this week"))
    if obs.get("hybrid_attacks_this_week", 0) > 0:
        reasons.append(Reason("attack", "a hybrid attack hit your country this week"))
    return reasons


def _warnings(obs: dict[str, Any]) -> list[Reason]:
    """What the actor's own intelligence warns of."""
    reasons = []
    threshold = obs.get("leave_threshold")
    if threshold is not None and obs.get("own_will", 1.0) <= threshold + THREAT_MARGIN:
        reasons.append(
            Reason("warning", "public will is so low that the nation threatens to leave")
        )
    if obs.get("warnings"):
        reasons.append(Reason("warning", "your intelligence warns of a Russian build-up"))
    if obs.get("weeks_to_election") == 1:
        reasons.append(
            Reason("warning", "your country votes next week: the mission is a campaign issue")
        )
    return reasons


def decision_reasons(decision: Any) -> list[str]:
    """Why this is a decision point for this actor, in plain words (empty: it is not one)."""
    return [r.text for r in reasons_for(decision)]


def is_decision_point(decision: Any) -> bool:
    """Whether a person commanding this actor should be asked now (use as new_game's `ask`)."""
    return bool(reasons_for(decision))
