"""The actors of the ceasefire wargame, each a Mesa agent that decides through a policy."""

from .base import Action, ActionSpec, Actor
from .force_commander import ForceCommander, Unit
from .monitor import Monitor
from .nation import Nation
from .russia import Russia
from .ukraine import Ukraine
from .us import UnitedStates

FIXED_ACTORS = ("russia", "ukraine", "us", "monitor", "force_commander")

__all__ = [
    "FIXED_ACTORS",
    "Action",
    "ActionSpec",
    "Actor",
    "ForceCommander",
    "Monitor",
    "Nation",
    "Russia",
    "Ukraine",
    "Unit",
    "UnitedStates",
]
