"""The state of one game, declared once: what the rules read and change week by week."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import mesa
import numpy as np

if TYPE_CHECKING:
    from wargame.engine.actors import (
        Actor,
        ForceCommander,
        Monitor,
        Nation,
        Russia,
        Ukraine,
        UnitedStates,
    )
    from wargame.engine.decisions import Decider
    from wargame.engine.events import EndCause, EventLog
    from wargame.engine.observations import MonitorReport, PublicView
    from wargame.engine.posture import Posture
    from wargame.engine.sector_map import SectorMap


class ScenarioLike(Protocol):
    """What the engine reads of a scenario: its name, resolved settings, posture and horizon."""

    @property
    def name(self) -> str: ...

    @property
    def settings(self) -> dict[str, Any]: ...

    @property
    def posture(self) -> Posture: ...

    @property
    def weeks(self) -> int: ...


class SetupLike(Protocol):
    """What a game is built from (engine.setup.GameSetup): a checked scenario on its map."""

    @property
    def scenario(self) -> ScenarioLike: ...

    @property
    def sector_map(self) -> SectorMap: ...

    @property
    def troops_deployed_planned(self) -> int: ...

    @property
    def troops_committed(self) -> int: ...

    @property
    def troop_budget(self) -> int: ...


class State(mesa.Model):
    """A Mesa model's state: the rules (geography, views, combat, measures) build on it."""

    seed: int
    setup: SetupLike
    scenario: ScenarioLike
    settings: dict[str, Any]  # the scenario's resolved settings
    rules: dict[str, Any]  # settings["rules"]
    map: SectorMap
    decision_timeout: float | None  # seconds per decision; None = no limit
    week: int
    horizon: int  # weeks
    escalation: float
    escalation_max: float
    end_cause: EndCause | None
    end_detail: str
    tripwires: int
    coalition_casualties: float
    civilian_casualties: float  # civilian casualties near the line, all game
    civilian_rng: np.random.Generator  # civilian harm's own stream, seeded from rng
    election_rng: np.random.Generator  # the contributors' elections' own stream, likewise
    civilians_this_week: float
    ukraine_attributed_this_week: int  # Ukrainian raids and obstruction attributed this week
    last_coalition_combat: int  # the week coalition troops last fought
    ground_lost_km: dict[str, float]  # how far the line has moved back in each sector
    judged_upto: int  # incidents Russia has judged so far (learning.py), by index in the log
    log: EventLog
    week_actions: dict[str, list[dict[str, Any]]]  # this week's, by actor
    white_cell: list[dict[str, Any]]  # the umpire's acts waiting for their week (white_cell.py)
    troops_deployed_planned: int
    troops_committed: int
    troop_budget: int
    russia: Russia
    ukraine: Ukraine
    nations: list[Nation]
    us: UnitedStates
    monitor: Monitor
    force: ForceCommander
    actors: dict[str, Actor]
    deciders: dict[str, Decider]
    _events_mark: int  # where this week's events start in the log
    _public: PublicView | None  # this phase's public view (see _changed)
    # Other derived values of this phase (political view, troops by nation), and the
    # monitor's published reports by (week, attributions so far).
    _cache: dict[str, Any]
    _reports: tuple[tuple[int, int, int], list[MonitorReport]] | None
    _raids: tuple[tuple[int, int, int], int] | None  # raids attributed to Ukraine, likewise
    _unit_texts: dict[
        str, tuple[tuple[str, tuple[tuple[str, float], ...]], str]
    ]  # each unit's state JSON (measures.py)
    _km_marks: list[tuple[str, float]]  # each sector's id and where it ends along the line
    _budget_shares: dict[str, float]  # each contributor's part of the troop budget (views.py)

    def _changed(self) -> None:
        """Forget the views derived from the state: it may have changed since they were built.

        Called wherever the turn changes the state (at the start of a week, after every actor's
        actions, after the monitor's work, the fighting and the will updates), so a view is
        built at most once per stretch of unchanged state and handed out as a fresh copy.
        """
        self._public = None
        self._cache.clear()
