"""The policy interface: observation in, actions out. Policies decide; the engine validates."""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from wargame.errors import WargameError

Observation = dict[str, Any]
Action = dict[str, Any]


class PolicyError(WargameError):
    """A policy reference or a policy's parameters are invalid, or a policy failed in a game."""

    actor_id: str | None = None  # the actor whose policy failed, when raised during a game


@runtime_checkable
class Policy(Protocol):
    """Anything that can play an actor: a name and `decide(observation) -> list of actions`."""

    name: str

    def decide(self, observation: Observation) -> list[Action]:
        """Return this week's actions, drawn from the actor's legal set."""
        ...


class PolicyClass(Protocol):
    """What the registry keeps of a policy class: its name, actors, description and constructor."""

    @property
    def name(self) -> str: ...

    @property
    def actors(self) -> tuple[str, ...]: ...

    @property
    def description(self) -> str: ...

    def __call__(self, actor_id: str, rng: np.random.Generator, **params: Any) -> Any:
        """Create the policy for one actor (make_policy checks that it satisfies Policy)."""
        ...


class BasePolicy:
    """A convenient base: declares its actors and parameters, gets its own seeded RNG."""

    name: ClassVar[str] = ""
    actors: ClassVar[tuple[str, ...]] = ()  # actor kinds it can play (roster.ACTOR_KINDS)
    description: ClassVar[str] = ""
    params: ClassVar[dict[str, Any]] = {}  # parameter -> default

    def __init__(self, actor_id: str, rng: np.random.Generator, **params: Any) -> None:
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            allowed = ", ".join(sorted(self.params)) or "none"
            raise PolicyError(
                f"policy '{self.name}' has no parameter(s) {', '.join(unknown)}; allowed: {allowed}"
            )
        self.actor_id = actor_id
        self.rng = rng
        self.p: dict[str, Any] = {**self.params, **params}
        for key, default in self.params.items():
            value = self.p[key]
            if isinstance(default, bool) or not isinstance(default, int | float):
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PolicyError(
                    f"policy '{self.name}' parameter {key} must be a number, got {value!r}"
                )
            if not math.isfinite(value):
                raise PolicyError(
                    f"policy '{self.name}' parameter {key} must be a finite number, got {value!r}"
                )

    def decide(self, observation: Observation) -> list[Action]:
        """Return this week's actions (the base policy does nothing)."""
        return []

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.actor_id!r}, {self.p})"


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
