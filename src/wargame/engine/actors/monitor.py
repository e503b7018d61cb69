"""The monitoring body: neutral, separate from the force; detects, validates, attributes, reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wargame.engine.actors.base import Actor
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.events import Incident
from wargame.engine.observed import public_fields

if TYPE_CHECKING:
    from wargame.engine.observations import Detection


class Monitor(Actor):
    """An OSCE-like monitoring and verification body (000, 002)."""

    kind = "monitor"

    def __init__(self, model: Any, settings: dict[str, Any]) -> None:
        super().__init__(model, "monitor")
        self.settings = settings
        self.access: str = settings["access"]
        self.teams: int = settings["teams"]
        self.patrols: set[str] = set()
        self.harassed: set[str] = set()
        self.harassments = 0
        self.obstructions: dict[str, int] = {"russia": 0, "ukraine": 0}

    def start_week(self) -> None:
        """Clear last week's patrols and harassment."""
        self.patrols = set()
        self.harassed = set()

    def harass(self, sector: str) -> None:
        """Russia harasses or denies access to the monitors in a sector (000: OSCE SMM history)."""
        self.obstruct("russia", sector)

    def obstruct(self, side: str, sector: str) -> None:
        """Either side harasses, restricts or denies the monitors access in a sector (000).

        The monitors know they are obstructed; who did it is attributed like any incident.
        """
        m = self.model
        protected = m.force.presence(sector) > 0
        works = not protected or m.rng.random() < self.settings["protected_harassment"]
        self.harassments += 1
        self.obstructions[side] += 1
        inc = m.start_incident(side, sector, 1, "harassment")
        inc.detected_week = m.week  # the monitors know they are obstructed
        if works:
            self.harassed.add(sector)
            what = "harassed and denied access" if side == "russia" else "restricted"
            m.log.note(
                m.week,
                "harassment",
                side,
                f"monitors {what} in {m.sector_label(sector)}",
                sector=sector,
                incident=inc.id,
            )

    def access_factor(self, incident: Incident) -> float:
        """Below large scale, acts on the Russian-held side are hard to see from the Ukrainian side."""
        on_russian_side = incident.perpetrator == "russia" or incident.kind == "irregular"
        if self.access == "ukrainian_side" and on_russian_side and incident.level < 3:
            factor: float = self.settings["ukrainian_side_factor"]
            return factor
        return 1.0

    def detect(self, incident: Incident) -> None:
        """Roll for detection of an incident not yet seen."""
        m = self.model
        s = self.settings
        p = s["detect"][incident.level - 1] * self.access_factor(incident)
        covered = incident.sector in self.patrols and incident.sector not in self.harassed
        if not covered:
            p *= s["unpatrolled_factor"]
        if m.us.has_c4isr:
            p *= s["c4isr_factor"]
        if incident.level == 3 or m.rng.random() < min(0.99, p):
            incident.detected_week = m.week

    def attribute(self, incident: Incident) -> None:
        """Validate a detected incident, then roll for attribution, possibly naming the wrong side."""
        m = self.model
        s = self.settings
        if incident.validated_week is None:
            if incident.sector in self.harassed:
                return
            incident.validated_week = m.week
            return
        p = s["attribution_rate"] * self.access_factor(incident)
        if m.us.has_c4isr:
            p *= s["c4isr_factor"]
        if m.rng.random() >= min(0.95, p):
            return
        error = s["error_both_sides"] if self.access == "both_sides" else s["error_ukrainian_side"]
        wrong = m.rng.random() < error
        other = "ukraine" if incident.perpetrator == "russia" else "russia"
        named = other if wrong else incident.perpetrator
        m.log.record_attribution(incident, m.week, named)
        if named == "ukraine" and incident.kind in ("irregular", "harassment"):
            m.ukraine_attributed_this_week += 1  # raids and obstruction cost support abroad (001)
        m.log.note_incident(
            m.week,
            "attribution",
            "monitor",
            f"{m.incident_label(incident)} attributed to {named.capitalize()} "
            f"after {m.week - incident.week} week(s)",
            incident,
        )

    def work(self) -> None:
        """Detect, validate and attribute this week (hybrid attacks at home are not the monitor's)."""
        log = self.model.log
        for incident in list(log.unattributed):
            if incident.detected_week is None and incident.active:
                self.detect(incident)
            elif incident.detected_week is not None and incident.attributed_to is None:
                self.attribute(incident)
        # An incident that ended unseen can never be detected (nor attributed): drop it from the
        # queue, which would otherwise grow all game long.
        log.unattributed = [i for i in log.unattributed if i.active or i.detected_week is not None]

    def _detected(self) -> list[Detection]:
        m = self.model
        return [
            {
                "id": i.id,
                "week": i.week,
                "sector": i.sector,
                "level": i.level,
                "attributed_to": i.attributed_to,
            }
            for i in m.log.detected_since(m.week - 26)
            if i.kind != "hybrid"
        ]

    # The monitor sees what its access allows: its own detections and the line.
    observed = public_fields() + {
        "access": lambda a: a.access,
        "teams": lambda a: a.teams,
        "detected": _detected,
        "harassed_this_week": lambda a: sorted(a.harassed),
    }

    def legal_actions(self) -> ActionSpec:
        """Patrol sectors; with Ukrainian-side access a patrol sees less of the Russian side (access_factor)."""
        return {"patrol": {"sector": self.model.map.sector_ids}}

    def action_limits(self) -> dict[str, int]:
        """One sector per team."""
        return {"patrol": self.teams}

    def act_patrol(self, action: Action) -> None:
        """Send a team to a sector."""
        self.patrols.add(action["sector"])
