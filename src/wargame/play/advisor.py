"""The advisor: what an actor's policy would choose on a decision, asked without touching the game.

A policy carries its own seeded random generator, so asking the real policy would advance it and
change the rest of the game. The advisor asks a deep copy of the policy (its generator included)
on a deep copy of the decision; the game, its policies and its record stay as they were.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from wargame.engine.decisions import Decision, ask
from wargame.errors import WargameError


@dataclass(frozen=True)
class Advice:
    """The policy's choice on a decision and its reasoning in one line."""

    policy: str  # the name of the policy asked
    actions: list[dict[str, Any]]
    reason: str


def advise(decider: Any, decision: Decision, name: str, timeout: float | None = None) -> Advice:
    """Ask a copy of `decider` what it would do on `decision` (the decider itself is not touched)."""
    try:
        twin = copy.deepcopy(decider)
    except Exception as exc:
        raise WargameError(
            f"the policy '{name}' playing {decision.actor_id} cannot be asked for advice "
            f"(it cannot be copied: {type(exc).__name__})"
        ) from exc
    probe = dataclasses.replace(
        decision,
        observation=copy.deepcopy(decision.observation),
        legal=copy.deepcopy(decision.legal),
        limits=dict(decision.limits),
    )
    actions = [dict(a) for a in ask(twin, probe, name, timeout)]
    return Advice(name, actions, reason_of(twin, probe, actions, name))


def reason_of(policy: Any, decision: Decision, actions: list[dict[str, Any]], name: str) -> str:
    """The policy's own one-line reason (its `explain`), or a generic line from its description."""
    explain = getattr(policy, "explain", None)
    if callable(explain):
        try:
            text = str(explain(copy.deepcopy(decision.observation), actions)).strip()
        except Exception:  # an explanation is a courtesy: its failure must not stop the advice
            text = ""
        if text:
            return text.splitlines()[0][:300]
    about = str(getattr(policy, "description", "") or "").strip()
    if not about:
        doc = type(policy).__doc__ or ""
        about = doc.strip().splitlines()[0] if doc.strip() else ""
    what = f"{len(actions)} order(s)" if actions else "no orders this week"
    return f"The '{name}' policy gives {what}" + (f": {about}" if about else ".")
