"""Errors the user can act on: each names the file, field or turn and what is allowed."""

from __future__ import annotations


class WargameError(Exception):
    """Base class for every error the CLI reports as one clear message, not a traceback."""


class ConfigError(WargameError):
    """A map, scenario or override is invalid; the message names the source and the field."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        super().__init__(f"{source}: {field}: {problem}")


class BudgetError(WargameError):
    """A posture needs more committed troops than the coalition can give."""


class ActionError(WargameError):
    """A decider returned an action that is not in its actor's legal set."""
