"""A toy stand-in for wargame.config.parameters' declarations, for the sensitivity and dials tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ToyParameter:
    """The fields of wargame.config.parameters.Parameter that sensitivity and dials read."""

    key: str
    default: Any
    kind: str
    minimum: float | None
    maximum: float | None
    low: float | None
    high: float | None
    choices: tuple[str, ...] = ()
    unit: str = ""
    group: str = "test"
    assumed: bool = True
    reason: str = "test"


def toy(key: str, low: float, high: float, kind: str = "float", group: str = "test"):
    """A numeric parameter with plausible range [low, high]."""
    return ToyParameter(key, low, kind, None, None, low, high, group=group)


REAL = [
    toy("policies.russia.us_weight_backstop", 0.3, 1.5, group="russia's calculus"),
    toy("russia.hybrid_per_week", 0, 4, kind="int", group="russia"),
]

COMMITMENT = ToyParameter(
    "us.commitment", "c4isr", "choice", None, None, None, None, ("none", "c4isr", "backstop")
)
