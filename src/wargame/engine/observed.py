"""Observations built for what a decider reads: its declared fields at once, others on demand.

A policy may declare `reads`, the observation fields it uses. Its actor's observation is then
a `PartialObservation`: those fields are built when the decision is made, any other field the
first time it is read, from the same state (nothing changes while a decider decides). Once the
decision is answered the observation is closed: a field never read can no longer be built, and
reading it says so. Whole-dict uses (iteration, equality, JSON, copies) see every field, in the
order of the full observation, so a partial observation reads exactly as the full one would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from wargame.engine.observations import PoliticalView, PublicView
from wargame.errors import WargameError

Field = Callable[[Any], Any]  # the actor -> a fresh value of one observation field


class ObservationClosed(WargameError):
    """A field of a partial observation read after its decision was answered."""


class Fields:
    """One kind of actor's observation: its fields in order, each with how it is built."""

    def __init__(self, fields: Mapping[str, Field]) -> None:
        self.fields = dict(fields)
        self.keys = frozenset(self.fields)
        self._plans: dict[frozenset[str], list[tuple[str, Field]]] = {}
        self._plain_plans: dict[frozenset[str], list[tuple[str, Field]]] = {}

    def __add__(self, more: Mapping[str, Field]) -> Fields:
        """These fields followed by `more` (a later field of the same name replaces one)."""
        return Fields({**self.fields, **more})

    def build(self, actor: Any, reads: frozenset[str] | None = None) -> dict[str, Any]:
        """The observation: every field (`reads` None), or those read, the rest on demand."""
        if reads is None:
            return {key: field(actor) for key, field in self.fields.items()}
        plan = self._plans.get(reads)
        if plan is None:
            # The first field always: C code (json) takes an empty dict at its word.
            first = next(iter(self.fields))
            plan = [(k, f) for k, f in self.fields.items() if k in reads or k == first]
            self._plans[reads] = plan
        return PartialObservation(actor, self, plan)

    def plain(self, actor: Any, reads: frozenset[str]) -> dict[str, Any]:
        """A plain dict of the fields in `reads` alone, in the observation's order."""
        plan = self._plain_plans.get(reads)
        if plan is None:
            plan = self._plain_plans[reads] = [(k, f) for k, f in self.fields.items() if k in reads]
        return {key: field(actor) for key, field in plan}

    def unknown(self, reads: Any) -> list[str] | None:
        """The names in `reads` this observation does not have (None: `reads` is no set of names)."""
        if not isinstance(reads, frozenset) or not all(isinstance(k, str) for k in reads):
            return None
        return sorted(reads - self.keys)


class PartialObservation(dict[str, Any]):
    """An observation holding the fields its decider reads; any other is built when first read."""

    __slots__ = ("_actor", "_closed", "_fields", "_whole")

    def __init__(self, actor: Any, fields: Fields, plan: list[tuple[str, Field]]) -> None:
        # No dict.__init__: the dict is empty until the planned fields go in.
        setitem = dict.__setitem__
        for key, field in plan:
            setitem(self, key, field(actor))
        self._actor = actor
        self._fields = fields
        self._whole = len(plan) == len(fields.keys)
        self._closed = False

    def close(self) -> None:
        """The decision is answered: the state moves on, so no field can be built any more."""
        self._closed = True

    def _build(self, key: str, field: Field) -> Any:
        if self._closed:
            raise ObservationClosed(
                f"observation field {key!r} of {getattr(self._actor, 'actor_id', '?')} was read "
                "after its decision was answered, and it was never built (read it while deciding, "
                "or list it in the policy's `reads`)"
            )
        value = field(self._actor)
        dict.__setitem__(self, key, value)
        return value

    def _complete(self) -> None:
        """Build every field not built yet, and put them all in the full observation's order."""
        if self._whole:
            return
        values: dict[str, Any] = {}
        for key, field in self._fields.fields.items():
            if dict.__contains__(self, key):
                values[key] = dict.__getitem__(self, key)
            else:
                values[key] = self._build(key, field)
        for key in dict.keys(self):  # what the decider added of its own
            if key not in values:
                values[key] = dict.__getitem__(self, key)
        dict.clear(self)
        dict.update(self, values)
        self._whole = True

    # -- one field: built on demand -----------------------------------------------------------
    def __missing__(self, key: str) -> Any:
        field = None if self._whole else self._fields.fields.get(key)
        if field is None:
            raise KeyError(key)
        return self._build(key, field)

    def get(self, key: str, default: Any = None) -> Any:
        """The field (built if need be), or `default` if the observation has no such field."""
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        field = None if self._whole else self._fields.fields.get(key)
        return default if field is None else self._build(key, field)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (
            not self._whole and isinstance(key, str) and key in self._fields.keys
        )

    def __len__(self) -> int:
        if self._whole:
            return dict.__len__(self)
        return len(self._fields.keys | dict.keys(self))

    def setdefault(self, key: str, default: Any = None) -> Any:
        """As dict.setdefault, a field of the observation counting as present."""
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    # -- the whole observation: every field first ---------------------------------------------
    def __iter__(self) -> Iterator[str]:
        self._complete()
        return dict.__iter__(self)

    def __reversed__(self) -> Iterator[str]:
        self._complete()
        return dict.__reversed__(self)

    def keys(self) -> Any:
        """Every field's name (all fields built first)."""
        self._complete()
        return dict.keys(self)

    def values(self) -> Any:
        """Every field's value (all fields built first)."""
        self._complete()
        return dict.values(self)

    def items(self) -> Any:
        """Every field (all fields built first)."""
        self._complete()
        return dict.items(self)

    def copy(self) -> dict[str, Any]:
        """A plain dict of every field."""
        self._complete()
        return dict(dict.items(self))

    def __copy__(self) -> dict[str, Any]:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        import copy

        return copy.deepcopy(self.copy(), memo)

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (dict, (self.copy(),))

    def __eq__(self, other: object) -> bool:
        self._complete()
        if isinstance(other, PartialObservation):
            other._complete()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __or__(self, other: Any) -> dict[str, Any]:  # type: ignore[override]
        merged: dict[str, Any] = self.copy() | other
        return merged

    def __ror__(self, other: Any) -> dict[str, Any]:  # type: ignore[override]
        return dict(other) | self.copy()

    def __repr__(self) -> str:
        self._complete()
        return dict.__repr__(self)

    def pop(self, key: str, *default: Any) -> Any:
        """As dict.pop (all fields built first)."""
        self._complete()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        """As dict.popitem (all fields built first)."""
        self._complete()
        return dict.popitem(self)

    def __delitem__(self, key: str) -> None:
        self._complete()
        dict.__delitem__(self, key)

    def clear(self) -> None:
        """Empty it: no field is built any more."""
        dict.clear(self)
        self._whole = True


def _public_field(key: str) -> Field:
    return lambda actor: actor.model.public_field(key)


def _political_field(key: str) -> Field:
    return lambda actor: actor.model.political_field(key)


def public_fields() -> Fields:
    """The public view as observation fields (in its declared order), each built alone."""
    return Fields({key: _public_field(key) for key in PublicView.__annotations__})


def political_fields() -> Fields:
    """The political view as observation fields (in its declared order), each built alone."""
    return Fields({key: _political_field(key) for key in PoliticalView.__annotations__})
