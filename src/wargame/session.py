"""The session API: create a game from scenario + seed + policies, advance it, read it out."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .map import SectorMap
from .model import CeasefireModel
from .registry import make_deciders
from .scenario import Scenario, apply_override, from_settings, load_scenario


class Game:
    """One game being played: the model plus the policies that decide for each actor."""

    def __init__(self, scenario: Scenario, seed: int, sector_map: SectorMap | None = None) -> None:
        self.scenario = scenario
        self.seed = seed
        actor_ids = actor_ids_for(scenario)
        self.deciders = make_deciders(scenario.settings, actor_ids, seed)
        self.model = CeasefireModel(scenario, seed, self.deciders, sector_map=sector_map)

    @property
    def week(self) -> int:
        """Weeks played so far."""
        return self.model.week

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return not self.model.running

    def step(self) -> None:
        """Play one week."""
        self.model.step()

    def run(self, weeks: int | None = None) -> Game:
        """Play to the end, or `weeks` more weeks."""
        self.model.run(weeks)
        return self

    def summary(self) -> dict[str, Any]:
        """The outcome as a JSON-able dict."""
        return self.model.summary()

    def weekly(self) -> pd.DataFrame:
        """Model-level series, one row per week (week 0 = the start)."""
        return self.model.datacollector.get_model_vars_dataframe().reset_index(drop=True)

    def actors_weekly(self) -> pd.DataFrame:
        """Actor-level series: one row per actor per week."""
        frame = self.model.datacollector.get_agent_vars_dataframe().reset_index()
        frame = frame.rename(columns={"Step": "week"}).drop(columns=["AgentID"])
        return frame

    def incidents(self) -> pd.DataFrame:
        """The incident log, one row per incident."""
        return self.model.log.incidents_frame()

    def events(self) -> pd.DataFrame:
        """The story of the game, one row per event."""
        return self.model.log.events_frame()

    def write_tables(self, folder: str | Path) -> list[Path]:
        """Write the weekly, actor, incident and event tables as CSV files into a folder."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tables = {
            "weekly.csv": self.weekly(),
            "actors.csv": self.actors_weekly(),
            "incidents.csv": self.incidents(),
            "events.csv": self.events(),
        }
        written = []
        for name, frame in tables.items():
            path = folder / name
            write_atomic(path, frame.to_csv(index=False))
            written.append(path)
        return written


def actor_ids_for(scenario: Scenario) -> list[str]:
    """Every actor id of a game of this scenario, in a fixed order."""
    return ["russia", "ukraine", "us", "monitor", "force_commander", *scenario.settings["nations"]]


def new_game(
    scenario: str | Scenario | Mapping[str, Any] = "default",
    seed: int = 0,
    overrides: list[str] | None = None,
    policies: Mapping[str, str] | None = None,
    sector_map: SectorMap | None = None,
) -> Game:
    """Create a game: a scenario (name, path, Scenario or settings), a seed, overrides, policies."""
    extra = [
        *(overrides or []),
        *(f"policies.{actor}={name}" for actor, name in (policies or {}).items()),
    ]
    if isinstance(scenario, str):
        resolved = load_scenario(scenario, extra)
    else:
        base = scenario if isinstance(scenario, Scenario) else from_settings(dict(scenario))
        resolved = with_overrides(base, extra)
    return Game(resolved, seed, sector_map=sector_map)


def with_overrides(scenario: Scenario, items: list[str]) -> Scenario:
    """The scenario with `key=value` overrides applied, validated again."""
    if not items:
        return scenario
    settings = scenario.to_dict()
    for item in items:
        apply_override(settings, item)
    return from_settings(settings, scenario.source)


def write_atomic(path: str | Path, text: str) -> None:
    """Write a text file atomically: a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
