"""What every actor shares: an id, an observation, a legal action set and how actions apply."""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING, Any, ClassVar

import mesa

from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.observed import Fields, public_fields

if TYPE_CHECKING:
    from wargame.engine.observations import Observation
    from wargame.engine.world import World


class _IdsPerModel(weakref.WeakKeyDictionary[Any, "itertools.count[int]"]):
    """Agent id counters per model, held weakly: a model nobody uses can be freed."""

    def __getitem__(self, model: Any) -> itertools.count[int]:
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = self[model] = itertools.count(1)
            return counter


class Actor(mesa.Agent):
    """A Mesa agent that decides through a policy: observation in, actions out."""

    kind: str = "actor"
    model: World  # mesa.Agent says Model; to an actor the model is its World
    # Mesa 3.3 numbers agents from a class-level dict keyed by the model (`mesa.Agent`'s
    # `self._ids[model]`), so every model ever made stays in memory: ~5.5 MB per ten-year game,
    # without bound in a server or a sweep (mesa issue #3179, fixed after 3.3 by PR #3180).
    # Our actors keep their own counters, weakly; ids are numbered 1, 2, ... per model as before.
    _ids = _IdsPerModel()

    def __init__(self, model: World, actor_id: str) -> None:
        super().__init__(model)
        self.actor_id = actor_id

    # Its observation's fields, in order (each kind declares its own; see engine/observed.py).
    observed: ClassVar[Fields] = public_fields()

    def observe(self, reads: frozenset[str] | None = None) -> Observation:
        """What this actor may know this week (its fog-of-war view): every field, or with
        `reads` (a policy's declared fields) those at once and any other when first read."""
        return self.observed.build(self, reads)  # type: ignore[return-value]

    def legal_actions(self) -> ActionSpec:
        """The action types this actor may take this week, with their allowed parameters."""
        return {}

    def action_limits(self) -> dict[str, int]:
        """How many actions of each type it may take in one week (absent: any number)."""
        return {}

    def duplicate_key(self, action: Action) -> tuple[Any, ...] | None:
        """What may appear only once among one week's actions (None: no such rule).

        An incident is answered (or halted) once a week; actors add their own rules.
        """
        if "incident" in action:
            return (action["type"], "incident", action["incident"])
        return None

    def apply(self, action: Action) -> None:
        """Carry out one validated action through its `act_<type>` method (see CATALOGUE)."""
        # The type was checked against legal_actions, whose types all come from the catalogue.
        getattr(self, "act_" + action["type"])(action)


class GroundForces(Actor):
    """An army along the line: troops per sector, reserves behind, casualties counted."""

    refills_line = False  # whether losses in a sector are made good from the reserves at once
    line_troops: dict[str, float]
    reserves: float
    casualties: float

    @property
    def troops(self) -> int:
        """All its troops, reserves included."""
        return int(sum(self.line_troops.values()) + self.reserves)

    def own_troops(self) -> dict[str, int]:
        """What it knows of its own troops on the line: whole soldiers per sector."""
        return {k: int(v) for k, v in self.line_troops.items()}

    def own_reserves(self) -> int:
        """What it knows of its own reserves: whole soldiers."""
        return int(self.reserves)

    def lose(self, sector: str | None, n: float) -> float:
        """Remove casualties from a sector (refilled from reserves if it does so), then from reserves; never below zero."""
        n = max(0.0, n)
        taken = min(n, self.line_troops[sector]) if sector is not None else 0.0
        if sector is not None:
            self.line_troops[sector] -= taken
            if self.refills_line:
                refill = min(taken, self.reserves)
                self.reserves -= refill
                self.line_troops[sector] += refill
        rest = min(n - taken, self.reserves)
        self.reserves -= rest
        lost = taken + rest
        self.casualties += lost
        return lost
