"""The actors of the ceasefire wargame, each a Mesa agent that decides through a policy."""

from wargame.engine.actors.base import Actor
from wargame.engine.actors.force_commander import ForceCommander, Unit
from wargame.engine.actors.monitor import Monitor
from wargame.engine.actors.nation import Nation
from wargame.engine.actors.russia import Russia
from wargame.engine.actors.ukraine import Ukraine
from wargame.engine.actors.us import UnitedStates

__all__ = [
    "Actor",
    "ForceCommander",
    "Monitor",
    "Nation",
    "Russia",
    "Ukraine",
    "Unit",
    "UnitedStates",
]
