"""Incidents on the escalation continuum (000, section 1.5) and the game's event log."""

from __future__ import annotations

import bisect
import json
import operator
from collections import Counter
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any, Literal, get_args

import pandas as pd

from wargame.engine.roster import SIDES

Level = Literal[1, 2, 3]
"""An incident's level on the escalation ladder (000 section 1.5)."""
IncidentKind = Literal["violation", "irregular", "hybrid", "harassment"]
"""A violation by Russia, a Ukrainian irregular operation, a hybrid attack at home on a nation,
or harassment of the monitors."""
EndCause = Literal[
    "held", "ceasefire_collapsed", "uncontrollable_escalation", "coalition_withdrawn"
]
"""How a game ends."""
END_CAUSES: tuple[EndCause, ...] = get_args(EndCause)

# 000 section 1.5: three scenarios that may run in parallel.
LEVELS: dict[int, str] = {
    1: "below-threshold/hybrid",
    2: "limited tactical violation",
    3: "large-scale violation",
}
# The incident fields of the state digest that change during a game, plus a casualty counter.
_CHANGEABLE = operator.attrgetter(
    "active",
    "outcome",
    "detected_week",
    "attributed_to",
    "ukraine_response",
    "force_response",
    "_casualty_changes",
)


@dataclass(eq=False)
class Incident:
    """One violation of the ceasefire, from its start to its end, with what was seen and done."""

    id: int
    week: int
    level: Level
    perpetrator: str
    kind: IncidentKind
    sector: str | None = None
    target: str | None = None  # the nation hit by a hybrid attack at home
    active: bool = True
    ended_week: int | None = None
    outcome: str = "ongoing"
    detected_week: int | None = None
    validated_week: int | None = None
    attributed_week: int | None = None
    attributed_to: str | None = None
    ukraine_response: str | None = None
    force_response: str | None = None
    force_response_week: int | None = None
    tripwire: bool = False
    weeks_fought: int = 0
    casualties: dict[str, float] = field(default_factory=dict)
    strength: float = 0.0  # attacking troops still in a large-scale offensive
    depth_km: float = 0.0  # ground a large-scale offensive has taken
    advance_km: float = 0.0  # ground it took in its last week of fighting
    warned_week: int | None = None  # when its build-up was seen (None: a surprise)
    civilians: float = 0.0  # civilian casualties near the line in this incident

    @property
    def attribution_correct(self) -> bool | None:
        """Whether the monitor named the true perpetrator (None while unattributed)."""
        if self.attributed_to is None:
            return None
        return self.attributed_to == self.perpetrator

    @property
    def visible_response(self) -> str | None:
        """The force's response as others see it: only once carried out, not while ministers consult."""
        return self.force_response if self.force_response_week is not None else None

    def __post_init__(self) -> None:
        self._casualty_changes = 0  # tells digest_fragment the casualties changed

    def add_casualties(self, side: str, n: float) -> None:
        """Count casualties of one side (russia, ukraine or a nation code) in this incident."""
        if n > 0:
            self.casualties[side] = self.casualties.get(side, 0) + n
            self._casualty_changes += 1

    def digest_fragment(self) -> str:
        """This incident's part of the model's version-1 state digest (JSON text), kept while unchanged.

        A long game hashes its whole state every week when it is recorded; re-encoding only the
        incidents whose changeable fields moved keeps that from growing with the game. Version 1
        (records of format 1) covers these fields; `state_fragment` (version 2) every field.
        """
        key = _CHANGEABLE(self)
        kept: tuple[Any, str] | None = self.__dict__.get("_digest")
        if kept is not None and kept[0] == key:
            return kept[1]
        fragment = json.dumps(
            [
                self.id,
                self.level,
                self.kind,
                self.perpetrator,
                self.sector,
                self.target,
                self.active,
                self.outcome,
                self.detected_week,
                self.attributed_to,
                self.ukraine_response,
                self.force_response,
                sorted((k, round(v, 6)) for k, v in self.casualties.items()),
            ]
        )
        self.__dict__["_digest"] = (key, fragment)
        return fragment

    def __setattr__(self, name: str, value: Any) -> None:
        # Any change to a field (or the casualty counter) drops the kept version-2 fragment,
        # and tells the log (if any) that this incident changed (see EventLog.state_fragments).
        object.__setattr__(self, name, value)
        if name[0] != "_" or name == "_casualty_changes":
            kept = self.__dict__
            kept.pop("_fragment2", None)
            log = kept.get("_log")
            if log is not None:
                log._changed.add(self.id)
                if name == "detected_week" and value is not None:
                    log._note_detected(self.id)

    def state_fragment(self) -> str:
        """This incident's part of the model's version-2 state text: every field, kept likewise."""
        kept: str | None = self.__dict__.get("_fragment2")
        if kept is not None:
            return kept
        fragment = json.dumps(
            [
                self.id,
                self.week,
                self.level,
                self.perpetrator,
                self.kind,
                self.sector,
                self.target,
                self.active,
                self.ended_week,
                self.outcome,
                self.detected_week,
                self.validated_week,
                self.attributed_week,
                self.attributed_to,
                self.ukraine_response,
                self.force_response,
                self.force_response_week,
                self.tripwire,
                self.weeks_fought,
                sorted((k, round(v, 6)) for k, v in self.casualties.items()),
                round(self.strength, 6),
                round(self.depth_km, 6),
                self.warned_week,
                self.civilians,
            ]
        )
        self.__dict__["_fragment2"] = fragment
        return fragment

    def forget_digest(self) -> None:
        """Drop the kept digest fragments (the next digest encodes this incident afresh)."""
        self.__dict__.pop("_digest", None)
        self.__dict__.pop("_fragment2", None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able copy."""
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """A line of the game's story: who did what, in which week."""

    week: int
    kind: str
    actor: str
    text: str
    incident: int | None = None
    sector: str | None = None


_CHUNK = 64  # EventLog.state_fragments joins the incidents' fragments this many at a time


_week_of = operator.attrgetter("week")
_FIELDS = fields(Incident)
_REQUIRED = frozenset(f.name for f in _FIELDS if f.default is MISSING and f.name != "casualties")
_FIELD_NAMES = frozenset(f.name for f in _FIELDS)
_FIELD_DEFAULTS = tuple((f.name, f.default) for f in _FIELDS)  # in the dataclass's order


def _new_incident(**values: Any) -> Incident:
    """`Incident(**values)` with `_log` set, built without a __setattr__ per field.

    The same attributes in the same order as the dataclass's __init__ and __post_init__ give.
    """
    log = values.pop("_log")
    unknown = values.keys() - _FIELD_NAMES
    missing = _REQUIRED - values.keys()
    if unknown or missing:
        raise TypeError(f"Incident: unknown {sorted(unknown)}, missing {sorted(missing)}")
    incident = Incident.__new__(Incident)
    state = incident.__dict__
    for name, default in _FIELD_DEFAULTS:
        if name in values:
            state[name] = values[name]
        elif default is not MISSING:
            state[name] = default
        else:
            state[name] = {}  # casualties, the only field with a default factory
    state["_casualty_changes"] = 0  # as __post_init__
    state["_log"] = log  # not a field: see Incident.__setattr__
    return incident


class EventLog:
    """Every incident and every notable event of one game, in order."""

    def __init__(self) -> None:
        self.incidents: list[Incident] = []
        self.events: list[Event] = []
        self._active: list[Incident] = []
        # On the line, not yet attributed and still attributable: the monitor's queue.
        self.unattributed: list[Incident] = []
        self.counts: Counter[str] = Counter()
        # Ids of the incidents opened or changed since the last `state_fragments` (to re-encode)
        # and since `start_week` (what the week's record line lists); ids are 1, 2, ... in order.
        self._serious: dict[str, list[Incident]] = {}  # violations of level >= 2 by perpetrator
        self._detected_ids: list[int] = []  # ids of incidents detected, ascending
        self._attributed_ids: list[int] = []  # ids of incidents attributed, ascending
        self._changed: set[int] = set()  # noted by the incidents themselves
        self._changed_this_week: set[int] = set()
        self._stale: set[int] = set()  # whose kept fragment below is out of date
        self._fragments: list[str] = []
        self._fragments_text = ""
        self._chunks: list[str] = []  # state_fragments: fragments joined _CHUNK at a time

    def open_incident(self, **kwargs: Any) -> Incident:
        """Create and record an incident."""
        incident = _new_incident(id=len(self.incidents) + 1, _log=self, **kwargs)
        self._changed.add(incident.id)
        self.incidents.append(incident)
        if incident.kind == "violation" and incident.level >= 2:  # neither ever changes
            self._serious.setdefault(incident.perpetrator, []).append(incident)
        self._active.append(incident)
        if incident.kind != "hybrid":
            self.unattributed.append(incident)
        self.counts[f"{incident.kind}:{incident.level}"] += 1
        return incident

    def close_incident(self, incident: Incident, week: int, outcome: str) -> None:
        """End an incident with its outcome."""
        incident.active = False
        incident.ended_week = week
        incident.outcome = outcome
        self._active.remove(incident)

    def record_attribution(self, incident: Incident, week: int, attributed_to: str) -> None:
        """The monitor attributes an incident (perhaps wrongly)."""
        incident.attributed_to = attributed_to
        incident.attributed_week = week
        bisect.insort(self._attributed_ids, incident.id)  # attributed once (then unqueued)
        self.unattributed.remove(incident)
        self.counts["attributed"] += 1
        self.counts[f"attributed_to:{attributed_to}"] += 1
        if attributed_to != incident.perpetrator:
            self.counts["wrong_attributions"] += 1

    def since(self, week: int, ids: list[int]) -> list[Incident]:
        """The incidents among `ids` (ascending) opened in `week` or later, in log order."""
        incidents = self.incidents
        first = bisect.bisect_left(incidents, week, key=_week_of)  # opened in week order
        return [incidents[i - 1] for i in ids[bisect.bisect_left(ids, first + 1) :]]

    def detected_since(self, week: int) -> list[Incident]:
        """Incidents detected so far that were opened in `week` or later, in log order."""
        return self.since(week, self._detected_ids)

    def attributed_since(self, week: int) -> list[Incident]:
        """Incidents attributed so far that were opened in `week` or later, in log order."""
        return self.since(week, self._attributed_ids)

    def _note_detected(self, incident_id: int) -> None:
        ids = self._detected_ids
        at = bisect.bisect_left(ids, incident_id)
        if at == len(ids) or ids[at] != incident_id:
            ids.insert(at, incident_id)

    def serious_violations(self, perpetrator: str) -> list[Incident]:
        """A side's violations of level 2 or 3 so far, in the order opened (do not change it)."""
        return self._serious.get(perpetrator, [])

    def start_week(self) -> None:
        """Begin a new week: forget which incidents changed during the last one.

        Changes not yet asked for (`changed_this_week`) since it ended count as this week's:
        a record's chained digest, taken as each week ends, must see every change once.
        """
        self._changed_this_week.clear()
        self._sync_changes()

    def changed_this_week(self) -> list[Incident]:
        """Incidents opened or changed since `start_week`, in log order.

        A superset of those with a week field equal to this week: each is set in its week.
        """
        self._sync_changes()
        return [self.incidents[i - 1] for i in sorted(self._changed_this_week)]

    def state_fragments(self) -> str:
        """`", ".join(i.state_fragment() for i in incidents)`, re-encoding only changed ones."""
        self._sync_changes()
        stale = self._stale
        if stale:
            fragments, incidents = self._fragments, self.incidents
            fragments.extend([""] * (len(incidents) - len(fragments)))
            for i in stale:
                fragments[i - 1] = incidents[i - 1].state_fragment()
            # The fragments are joined in chunks, each kept until one of its incidents changes.
            chunks = self._chunks
            chunks.extend([""] * ((len(fragments) - 1) // _CHUNK + 1 - len(chunks)))
            for c in {(i - 1) // _CHUNK for i in stale}:
                chunks[c] = ", ".join(fragments[c * _CHUNK : (c + 1) * _CHUNK])
            stale.clear()
            self._fragments_text = ", ".join(chunks)
        return self._fragments_text

    def _sync_changes(self) -> None:
        changed = self._changed
        if changed:
            self._changed_this_week |= changed
            self._stale |= changed
            changed.clear()

    def count(self, kinds: tuple[str, ...], level: int) -> int:
        """How many incidents of these kinds and this level were opened."""
        return sum(self.counts[f"{k}:{level}"] for k in kinds)

    def note(self, week: int, kind: str, actor: str, text: str, **kwargs: Any) -> Event:
        """Record one event of the story."""
        event = Event(week=week, kind=kind, actor=actor, text=text, **kwargs)
        self.events.append(event)
        return event

    def note_incident(
        self, week: int, kind: str, actor: str, text: str, incident: Incident
    ) -> Event:
        """Record one event of the story about an incident (its id and sector with it)."""
        return self.note(week, kind, actor, text, incident=incident.id, sector=incident.sector)

    def active(self) -> list[Incident]:
        """Incidents still going on (a copy, safe to change the log while iterating)."""
        return list(self._active)

    def events_in(self, week: int) -> list[Event]:
        """The events of one week."""
        return [e for e in self.events if e.week == week]

    def incidents_frame(self) -> pd.DataFrame:
        """The incident log as a table, one row per incident."""
        rows = []
        for inc in self.incidents:
            row = inc.to_dict()
            casualties = {k: round(v, 1) for k, v in row.pop("casualties").items()}
            row["level_name"] = LEVELS[inc.level]
            row["casualties_total"] = round(sum(casualties.values()), 1)
            row["casualties_russia"] = casualties.get("russia", 0)
            row["casualties_ukraine"] = casualties.get("ukraine", 0)
            row["casualties_coalition"] = sum(v for k, v in casualties.items() if k not in SIDES)
            row["attribution_weeks"] = (
                inc.attributed_week - inc.week if inc.attributed_week is not None else None
            )
            rows.append(row)
        return pd.DataFrame(rows, columns=_INCIDENT_COLUMNS) if not rows else pd.DataFrame(rows)

    def events_frame(self) -> pd.DataFrame:
        """The story as a table, one row per event."""
        return pd.DataFrame(
            [asdict(e) for e in self.events], columns=list(Event.__dataclass_fields__)
        )


_INCIDENT_COLUMNS = [*Incident.__dataclass_fields__, "level_name", "casualties_total"]
