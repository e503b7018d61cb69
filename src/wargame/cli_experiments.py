"""Subcommands of `wargame` added by this module (see cli.COMMAND_MODULES)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their functions by name."""
    return {}
