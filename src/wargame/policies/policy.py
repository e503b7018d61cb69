"""The policy interface: observation in, actions out. Policies decide; the engine validates."""

from __future__ import annotations

import math
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from wargame.engine.decisions import DECISION_SECONDS as DECISION_SECONDS
from wargame.engine.decisions import Action as Action
from wargame.engine.decisions import DecisionTimeout as DecisionTimeout
from wargame.engine.decisions import Observation as Observation
from wargame.engine.decisions import PolicyError as PolicyError
from wargame.engine.decisions import call_with_time_limit as call_with_time_limit


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
    # The observation fields `decide` reads (None: it may read any). Declared, they are built
    # at once and any other only if read, which saves most of the observation's cost; reading
    # an undeclared field is never wrong, only slower. Not inherited: a subclass that reads
    # what its parent does says so (`reads = Parent.reads`), or reads the whole observation.
    reads: ClassVar[frozenset[str] | None] = frozenset()  # the base decides without looking
    # A policy that declares `reads` may also define `answers_nothing(fields) -> bool`: given a
    # plain dict of the fields it reads, True only when `decide` would return [] now. The game,
    # asking it within the week, then takes [] without asking (most weeks, for a nation). Not
    # inherited either: a subclass deciding as its parent does says so (`= Parent.answers_nothing`).
    answers_nothing: ClassVar[Any] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "reads" not in cls.__dict__:
            cls.reads = None
        if "answers_nothing" not in cls.__dict__:
            cls.answers_nothing = None

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
