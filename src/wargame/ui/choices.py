"""Every value a browser picks is checked against the server's own list before it is used.

A Select or toggle only *shows* its items: the browser can send any value through the widget's
websocket message. `checked` and `checked_many` are the gate: a value not in the list is refused
with a message (and the caller keeps what it had), so a forged value never reaches the
registry, a file path or a setting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar, overload

T = TypeVar("T")


class ForgedChoice(ValueError):
    """A widget value that is not among the items the server offered."""


def checked(field: str, value: Any, allowed: Iterable[T]) -> T:
    """The item of `allowed` equal to `value`, or ForgedChoice naming the field."""
    items = list(allowed)
    for item in items:
        if type(item) is type(value) and item == value:
            return item
    shown = ", ".join(repr(i) for i in items[:12]) + (" …" if len(items) > 12 else "")
    raise ForgedChoice(f"{field}: {str(value)[:80]!r} is not one of the offered choices ({shown})")


def checked_many(field: str, values: Any, allowed: Iterable[T]) -> list[T]:
    """Every value checked (a list of them); ForgedChoice at the first one not offered."""
    if not isinstance(values, (list, tuple)):
        raise ForgedChoice(f"{field}: expected a list of choices, got {type(values).__name__}")
    items = list(allowed)
    return [checked(field, v, items) for v in values]


@overload
def guarded(
    field: str,
    allowed: Callable[[], Sequence[T]],
    on_value: Callable[[T], None],
    on_refused: Callable[[str], None],
    many: Literal[False] = False,
) -> Callable[[Any], None]: ...


@overload
def guarded(
    field: str,
    allowed: Callable[[], Sequence[T]],
    on_value: Callable[[list[T]], None],
    on_refused: Callable[[str], None],
    many: Literal[True],
) -> Callable[[Any], None]: ...


def guarded(
    field: str,
    allowed: Callable[[], Sequence[T]],
    on_value: Callable[[Any], None],
    on_refused: Callable[[str], None],
    many: bool = False,
) -> Callable[[Any], None]:
    """An `on_value` for a widget: passes checked values on, reports forged ones and drops them."""

    def handle(value: Any) -> None:
        try:
            good = (
                checked_many(field, value, allowed()) if many else checked(field, value, allowed())
            )
        except ForgedChoice as exc:
            on_refused(f"refused: {exc}")
            return
        on_value(good)

    return handle
