"""When a person is asked to decide (decision points), and what each action means in plain words.

Game knowledge, not UI: a person commanding an actor decides only at a decision point; every
other week that actor's scenario policy plays. The tests are made on the actor's own
observation (its fog of war), so a decision point never reveals what the actor cannot know:

- an incident attributed to someone (a monitor report published this week or last), or one
  the actor's own forces are involved in (an attack on it, its own offensive, a response due);
- the tripwire pulled (coalition troops hit: a large-scale incident the force knows of);
- the monthly political review (every fourth week, and the first week of the game);
- a nation threatening to leave (its will close to the threshold at which it leaves).
"""

from __future__ import annotations

from typing import Any

REVIEW_EVERY_WEEKS = 4  # the monthly political review
THREAT_MARGIN = 0.1  # a nation within this much of its leave threshold threatens to leave


def decision_reasons(decision: Any) -> list[str]:
    """Why this is a decision point for this actor, in plain words (empty: it is not one)."""
    obs: dict[str, Any] = decision.observation
    week = int(obs.get("week", decision.week))
    reasons = []
    if week == 1 or week % REVIEW_EVERY_WEEKS == 0:
        reasons.append("the monthly political review")
    new_reports = [
        r for r in obs.get("monitor_reports", []) if week - (r.get("attributed_week") or -99) <= 1
    ]
    if new_reports:
        who = sorted({r["attributed_to"].capitalize() for r in new_reports})
        reasons.append(
            f"the monitors attributed {len(new_reports)} incident(s) to {', '.join(who)}"
        )
    reasons += _own_reasons(decision.actor_id, obs)
    return reasons


def _own_reasons(actor_id: str, obs: dict[str, Any]) -> list[str]:
    """Reasons only this actor can see in its own picture."""
    reasons = []
    unanswered = [i for i in obs.get("known_incidents", []) if i.get("responded") is None]
    if any(i.get("assessed_perpetrator") for i in unanswered):
        reasons.append("an incident the force knows of is attributed and awaits a response")
    if any(i.get("level") == 3 for i in obs.get("known_incidents", [])):
        reasons.append("a large-scale violation: the tripwire is pulled")
    if obs.get("attacks_on_us"):
        reasons.append("Russian forces are attacking Ukrainian positions")
    if obs.get("own_active_incidents"):
        reasons.append("your offensive is under way: continue or halt it")
    threshold = obs.get("leave_threshold")
    if threshold is not None and obs.get("own_will", 1.0) <= threshold + THREAT_MARGIN:
        reasons.append("public will is so low that the nation threatens to leave")
    shared = obs.get("force_shared") or {}
    if actor_id == "us" and shared.get("tripwires"):
        reasons.append("coalition troops have been hit: the tripwire has been pulled")
    return reasons


def is_decision_point(decision: Any) -> bool:
    """Whether a person commanding this actor should be asked now (use as new_game's `ask`)."""
    return bool(decision_reasons(decision))


# Plain-language explanations of every action type, per actor kind.
