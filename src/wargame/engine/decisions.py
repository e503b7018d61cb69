"""Decisions: one actor asked mid-week, who answers it, and the check of every answer."""

from __future__ import annotations

import ctypes
import reprlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from wargame.engine.roster import ActorKind, kind_of
from wargame.errors import ActionError, WargameError

Observation = dict[str, Any]
Action = dict[str, Any]
# For each action type: its parameters and the values each may take (None = any whole number).
ActionSpec = dict[str, dict[str, list[Any] | None]]


@dataclass(frozen=True)
class ActionType:
    """One kind of action: who may take it, its parameters and what it means in plain words."""

    actor_kind: ActorKind
    name: str
    params: tuple[str, ...]  # the parameters an action of this type carries, besides "type"
    help: str  # for a person deciding (the browser game)


# Every action type of the game, in one place. An actor offers them in `legal_actions` (with the
# values allowed this week) and carries them out in its `act_<name>` method (Actor.apply).
CATALOGUE: tuple[ActionType, ...] = (
    ActionType(
        "russia",
        "violate",
        ("sector", "level"),
        (
            "Break the ceasefire in a sector: level 1 is deniable hybrid pressure, level 2 a limited "
            "tactical violation (fire, a local gain), level 3 a large-scale offensive, which needs "
            "forces massed there for some weeks first (prepare)."
        ),
    ),
    ActionType(
        "russia",
        "hybrid",
        ("target",),
        (
            "A hybrid attack at home on a troop-contributing nation (sabotage, cyber, "
            "disinformation): erodes its public's will to stay."
        ),
    ),
    ActionType(
        "russia",
        "harass_monitor",
        ("sector",),
        (
            "Harass the monitors or deny them access in a sector: they cannot validate what happens "
            "there this week."
        ),
    ),
    ActionType(
        "russia",
        "prepare",
        ("sector",),
        (
            "Mass forces behind a sector for a large-scale offensive (000 section 1.5): troops "
            "gather week by week, and the coalition, US C4ISR and the monitors may see the build-up."
        ),
    ),
    ActionType(
        "russia",
        "stand_down",
        ("sector",),
        ("Give up a build-up: the massed troops return to the reserves."),
    ),
    ActionType(
        "russia",
        "halt",
        ("incident",),
        ("Call off one of your large-scale offensives."),
    ),
    ActionType(
        "ukraine",
        "reinforce",
        ("sector",),
        (
            "Move a share of your reserves (4% by default) into a sector to thicken the line; "
            "they rotate back to reserve once the sector is quiet."
        ),
    ),
    ActionType(
        "ukraine",
        "irregular_op",
        ("sector", "level"),
        (
            "An irregular operation in occupied territory (level 1 or 2): it hurts Russia but "
            "violates the ceasefire, and the monitors may attribute it to you."
        ),
    ),
    ActionType(
        "ukraine",
        "restrict_monitor",
        ("sector",),
        (
            "Restrict the monitors' access in a sector: they cannot validate what happens there "
            "this week, but they may report that you obstructed them, which costs support abroad."
        ),
    ),
    ActionType(
        "monitor",
        "patrol",
        ("sector",),
        (
            "Send a team to a sector: incidents there are far more likely to be detected and "
            "validated. One sector per team."
        ),
    ),
    ActionType(
        "us",
        "set_commitment",
        ("level",),
        (
            "Change what the United States gives: nothing, C4ISR (intelligence and command links: "
            "faster detection and attribution), or the backstop (escalation dominance behind the "
            "force)."
        ),
    ),
    ActionType(
        "force_commander",
        "respond",
        ("incident", "mode"),
        (
            "Answer a known incident: none, signal (a public warning), denial (send forces to defend "
            "where the threat is) or punishment (strike back at the violator). Without pre-delegated "
            "authority denial and punishment wait for the ministers."
        ),
    ),
    ActionType(
        "force_commander",
        "move_unit",
        ("unit", "to"),
        ("Move a mobile response unit to a sector (or back to its hub)."),
    ),
    ActionType(
        "nation",
        "leave",
        (),
        ("Leave the coalition and bring every one of your troops home."),
    ),
)
ACTION_TYPES: dict[ActorKind, dict[str, ActionType]] = {}
for _t in CATALOGUE:
    ACTION_TYPES.setdefault(_t.actor_kind, {})[_t.name] = _t
NO_ACTION_HELP = "Doing nothing is always allowed: submit no action."


def explain_action(actor_id: str, action_type: str) -> str:
    """A short plain-language explanation of one action type for this actor."""
    found = ACTION_TYPES.get(kind_of(actor_id), {}).get(action_type)
    return found.help if found is not None else f"{action_type.replace('_', ' ')}."


class Decider(Protocol):
    """What the engine asks of whoever plays an actor: `decide(observation) -> actions`.

    A plain callable observation -> actions is accepted too (see `ask`).
    """

    def decide(self, observation: Observation) -> list[Action]:
        """This week's actions, drawn from the actor's legal set."""
        ...


class ActorLike(Protocol):
    """What the action check needs of an actor."""

    actor_id: str

    def legal_actions(self) -> ActionSpec: ...

    def action_limits(self) -> dict[str, int]: ...

    def duplicate_key(self, action: Action) -> tuple[Any, ...] | None: ...


@dataclass(frozen=True)
class Decision:
    """One actor asked to decide, mid-week: what it may know and what it may do."""

    week: int
    actor_id: str
    observation: dict[str, Any]  # exactly what this actor may know (its fog of war)
    legal: dict[str, dict[str, list[Any] | None]]  # action type -> {param: allowed, None = free}
    limits: dict[str, int]  # at most this many actions of a type this week

    def describe(self) -> str:
        """The legal actions in words."""
        return describe_spec(self.legal, self.limits)


class PolicyError(WargameError):
    """A policy reference or a policy's parameters are invalid, or a policy failed in a game."""

    actor_id: str | None = None  # the actor whose policy failed, when raised during a game


DECISION_SECONDS = 10.0
"""Default time limit on one decision in the server and in check-policy."""


class DecisionTimeout(Exception):
    """A decision took longer than its time limit (raised in the caller's thread)."""


def call_with_time_limit(fn: Callable[[Any], Any], arg: Any, seconds: float) -> Any:
    """`fn(arg)` in a worker thread; past `seconds` the worker is asked to stop and abandoned.

    The game that asked then stops with an error, so whatever the abandoned worker still does to
    its own policy cannot change a game that goes on. Python cannot kill a thread: the worker
    gets an exception at its next bytecode (a loop stops; a blocking C call ends first).
    """
    result: list[Any] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(fn(arg))
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=work, name="policy-decision", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(worker.ident or 0), ctypes.py_object(_Stop)
        )
        raise DecisionTimeout(f"took longer than {seconds:g} s")
    if failure:
        raise failure[0]
    return result[0]


class _Stop(BaseException):
    """Raised inside an abandoned decision's thread to end it."""


def ask(
    decider: Any, decision: Decision, name: str | Callable[[], str], timeout: float | None
) -> Any:
    """Ask a decider (a Policy or a plain callable) for its actions on `decision`.

    Whatever the decider raises (SystemExit and other BaseExceptions too, but not Ctrl-C)
    becomes one PolicyError naming the policy (`name`, or what it returns, called only then),
    actor and week; with `timeout` set (the server, check-policy) a decision taking longer is
    stopped and reported.
    """
    decide = getattr(decider, "decide", decider)
    try:
        if timeout is None:
            return decide(decision.observation)
        return call_with_time_limit(decide, decision.observation, timeout)
    except (WargameError, KeyboardInterrupt):
        raise
    except DecisionTimeout:
        problem = f"took longer than {timeout:g} s and was stopped"
    except BaseException as exc:
        problem = f"failed: {type(exc).__name__}: {_brief_text(exc)}"
    if callable(name):
        name = name()
    error = PolicyError(
        f"week {decision.week}: policy '{name}' playing {decision.actor_id} {problem}"
    )
    error.actor_id = decision.actor_id
    raise error


def check_actions(
    actor: ActorLike, actions: Any, policy: str, week: int, spec: ActionSpec | None = None
) -> None:
    """Refuse any action outside the actor's legal set, naming policy, actor, week and choices."""
    spec = actor.legal_actions() if spec is None else spec
    limits = actor.action_limits()

    def fail(problem: str) -> None:
        raise ActionError(
            f"week {week}: policy '{policy}' playing {actor.actor_id} returned {problem}. "
            f"Legal this week: {describe_spec(spec, limits)}"
        )

    if not isinstance(actions, (list, tuple)):  # a tuple of types: faster than list | tuple
        fail(f"{type(actions).__name__} instead of a list of actions")
    if len(actions) > MAX_ACTIONS:
        fail(f"{len(actions)} actions; at most {MAX_ACTIONS} a week")
    counts: dict[str, int] = {}
    seen: set[tuple[Any, ...]] = set()
    check = getattr(actor, "check", None)
    for action in actions:
        if not isinstance(action, dict) or "type" not in action:
            fail(f"{_brief(action)}, which is not an action (a dict with a 'type')")
        kind = action["type"]
        if type(kind) is not str or kind not in spec:
            fail(f"an action of type {_brief(kind)}, which {actor.actor_id} may not take now")
        params = spec[kind]
        given = action.keys() - {"type"}
        if given != params.keys():
            names = sorted(_brief(k) if type(k) is not str else k for k in given)
            fail(f"{_brief(action)} with parameters {names}; {kind} takes {sorted(params)}")
        for name, allowed in params.items():
            value = action[name]
            # Exact types: True == 1 and 1.0 == 1 would pass `in`; ids are str or int.
            if allowed is not None and (type(value) not in (str, int) or value not in allowed):
                fail(f"{_brief(action)}: {name}={_brief(value)} is not allowed")
        key = actor.duplicate_key(action)  # checked values by now: hashable
        if key is not None:
            if key in seen:
                fail(f"{_brief(action)} twice in one week; one {kind} per {key[1]}")
            seen.add(key)
        counts[kind] = counts.get(kind, 0) + 1
        if kind in limits and counts[kind] > limits[kind]:
            fail(f"{counts[kind]} actions of type {kind}; at most {limits[kind]} a week")
        problem = check(action) if check else None
        if problem:
            fail(f"{_brief(action)}: {problem}")


def describe_spec(spec: dict[str, Any], limits: dict[str, int]) -> str:
    """A readable one-line rendering of a legal action set."""
    if not spec:
        return "nothing (no action is legal)"
    parts = []
    for kind, params in spec.items():
        args = ", ".join(
            f"{k} in {_short(v)}" if v is not None else f"{k}=<int>" for k, v in params.items()
        )
        limit = f" (at most {limits[kind]})" if kind in limits else ""
        parts.append(f"{kind}({args}){limit}")
    return "; ".join(parts)


def _short(values: list[Any]) -> str:
    if len(values) <= 8:
        return "[" + ", ".join(map(str, values)) + "]"
    return f"[{values[0]}, {values[1]}, ..., {values[-1]}] ({len(values)} values)"


MAX_ACTIONS = 1000
"""Most actions one actor may return in a week (the limits per type are far lower)."""


def _brief(value: Any) -> str:
    """A policy's answer for a message: its repr, cut short (it may be huge or deeply nested)."""
    try:
        text = reprlib.repr(value)
    except Exception:
        text = f"a {type(value).__name__}"
    return text


def _brief_text(exc: BaseException) -> str:
    try:
        text = " ".join(str(exc).split())
    except Exception:
        text = ""
    return text if len(text) <= 300 else text[:297] + "..."
