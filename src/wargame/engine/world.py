"""What an actor may ask of the world it acts in: the model as its actors see it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from wargame.engine.events import EventLog, Incident, IncidentKind, Level
from wargame.engine.sector_map import SectorMap

if TYPE_CHECKING:
    from wargame.engine.observations import PublicView, SharedPicture


class Side(Protocol):
    """A party to the ceasefire as the other sees it: its troops on the line."""

    @property
    def line_troops(self) -> dict[str, float]: ...


class Backer(Protocol):
    """The United States as the others see it."""

    @property
    def has_c4isr(self) -> bool: ...


class Force(Protocol):
    """The reassurance force as the others see it: where it stands, what it shares."""

    def presence(self, sector: str) -> float: ...

    def shared_picture(self) -> SharedPicture: ...


class Observers(Protocol):
    """The monitoring mission as the others may touch it."""

    def harass(self, sector: str) -> None: ...

    def obstruct(self, side: str, sector: str) -> None: ...


class Member(Protocol):
    """A coalition nation as the force commander sees it."""

    @property
    def code(self) -> str: ...

    @property
    def will(self) -> float: ...

    @property
    def in_coalition(self) -> bool: ...


class World(Protocol):
    """The model as its actors may use it (the actors never see the model class itself)."""

    @property
    def week(self) -> int: ...

    @property
    def rng(self) -> np.random.Generator: ...

    @property
    def log(self) -> EventLog: ...

    @property
    def map(self) -> SectorMap: ...

    @property
    def tripwires(self) -> int: ...

    @property
    def coalition_casualties(self) -> float: ...

    @property
    def civilians_this_week(self) -> float: ...

    @property
    def election_rng(self) -> Any: ...  # the contributors' elections' own random stream

    ukraine_attributed_this_week: int  # counted by the monitor's attributions

    @property
    def russia(self) -> Side: ...

    @property
    def ukraine(self) -> Side: ...

    @property
    def us(self) -> Backer: ...

    @property
    def force(self) -> Force: ...

    @property
    def monitor(self) -> Observers: ...

    @property
    def nations(self) -> Sequence[Member]: ...

    @property
    def horizon(self) -> int: ...

    def public_view(self) -> PublicView: ...

    def public_field(self, key: str) -> Any: ...

    def political_field(self, key: str) -> Any: ...

    def answered_rate(self, perpetrator: str, window: int = 52) -> float: ...

    def warnings(self) -> list[str]: ...

    def contributor_ids(self) -> list[str]: ...

    def nation_troops(self, code: str) -> int: ...

    def sector_at_km(self, km: float) -> str: ...

    def distance_km(self, a: str, b: str) -> float: ...

    def sector_label(self, sector: str | None) -> str: ...

    def incident_label(self, inc: Incident) -> str: ...

    def start_incident(
        self,
        perpetrator: str,
        sector: str | None,
        level: Level,
        kind: IncidentKind,
        target: str | None = None,
    ) -> Incident: ...

    def hybrid_attack(self, code: str) -> None: ...

    def halt_offensive(self, incident_id: int) -> None: ...

    def punishment_strike(self, inc: Incident) -> None: ...

    def nation_leaves(self, nation: Any) -> None: ...
