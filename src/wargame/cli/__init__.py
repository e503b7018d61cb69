"""The `wargame` command."""

from wargame.cli.main import main

__all__ = ["main"]
