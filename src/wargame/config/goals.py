"""The `goals` section of a scenario: each side's objectives, checked once (play/goals.py scores them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from wargame.config.inputs import brief
from wargame.engine.roster import DISPLAY_NAMES, NATION, kind_of
from wargame.errors import ConfigError

# The sides that have objectives, in the order the debrief lists them; the coalition's
# objectives belong to the Force Commander and to every nation.
SIDES: Final[tuple[str, ...]] = ("russia", "ukraine", "coalition", "us", "monitor")
SIDE_NAMES: Final[Mapping[str, str]] = {
    "russia": DISPLAY_NAMES["russia"],
    "ukraine": DISPLAY_NAMES["ukraine"],
    "coalition": "The coalition",
    "us": DISPLAY_NAMES["us"],
    "monitor": DISPLAY_NAMES["monitor"],
}
# What an objective may read, in words with its unit (play/goals.py measures each one).
MEASURES: Final[Mapping[str, str]] = {
    "ceasefire_broken": "the ceasefire collapsed or the coalition withdrew (1 yes, 0 no)",
    "ceasefire_held": "the ceasefire held (1 yes, 0 no; a running game: so far)",
    "breakthrough": "the ceasefire collapsed in a breakthrough (1 yes, 0 no)",
    "war_with_nato": "uncontrollable escalation with coalition troops (1 yes, 0 no)",
    "nations_left": "nations that left the coalition",
    "casualties_ukraine": "Ukraine's casualties",
    "casualties_coalition": "the coalition's casualties",
    "troop_years": "troop-years committed, rotation included",
    "force_kept": "share of the coalition force still deployed at the end",
    "attribution_weeks": "mean weeks from an incident to its attribution",
    "wrong_share": "share of attributions that named the wrong side",
    "harassments_per_year": "harassments of monitor patrols a year",
}
TESTS: Final[tuple[str, ...]] = ("at_least", "at_most")


def side_of(actor_id: str) -> str:
    """The side whose objectives an actor pursues (a nation and the Force Commander: coalition)."""
    kind = kind_of(actor_id)
    return "coalition" if kind in (NATION, "force_commander") else kind


def check_goals(settings: Mapping[str, Any], source: str) -> None:
    """Refuse a goals section with an unknown side, measure or test, or a missing field."""
    goals = settings.get("goals")
    if not isinstance(goals, Mapping):
        raise ConfigError(source, "goals", "must be a section: side -> objective id -> fields")
    for side, objectives in goals.items():
        if side not in SIDES:
            raise ConfigError(source, f"goals.{side}", f"unknown side; allowed: {', '.join(SIDES)}")
        if not isinstance(objectives, Mapping):
            raise ConfigError(source, f"goals.{side}", "must be a mapping of objectives")
        for goal_id, goal in objectives.items():
            field = f"goals.{side}.{goal_id}"
            if not isinstance(goal, Mapping):
                raise ConfigError(source, field, "must be a mapping of the objective's fields")
            measure = goal.get("measure")
            if measure not in MEASURES:
                raise ConfigError(
                    source,
                    f"{field}.measure",
                    f"must be one of {', '.join(MEASURES)}; got {brief(measure)}",
                )
            if goal.get("test") not in TESTS:
                raise ConfigError(
                    source,
                    f"{field}.test",
                    f"must be one of {', '.join(TESTS)}; got {brief(goal.get('test'))}",
                )
