"""The Coalition's Joint Task Force under a Force Commander: deploys per posture, responds per ROE."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wargame.engine import posture as P
from wargame.engine.actors.base import Actor
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.events import Incident
from wargame.engine.observed import public_fields

if TYPE_CHECKING:
    from wargame.engine.observations import KnownIncident, SharedPicture, UnitView

# ASSUMED: a mobile response unit reaches a sector within the week if its hub is this close.
REACH_KM = 400.0


@dataclass
class Unit:
    """A multinational unit of the force: where it stands and whose troops it holds."""

    id: str
    home: str
    location: str
    mobile: bool
    quality: float
    troops_by_nation: dict[str, float] = field(default_factory=dict)

    @property
    def troops(self) -> float:
        """Troops in the unit."""
        return sum(self.troops_by_nation.values())


class ForceCommander(Actor):
    """The JTF's Force Commander (000): posture, units, responses, pre-delegated authority."""

    kind = "force_commander"

    def __init__(self, model: Any, posture: P.Posture, nation_weights: dict[str, float]) -> None:
        super().__init__(model, "force_commander")
        self.posture = posture
        self.units: list[Unit] = []
        self.pending: list[tuple[int, int, str]] = []  # (effective week, incident id, mode)
        self.preauthorised: set[str] = set()  # sectors ministers cleared on a warning (000)
        self.strikes = 0
        self._shared: SharedPicture | None = None  # the last briefing (see share_picture)
        # Bumped whenever a unit's troops change or a unit goes (withdraw_*, the model's
        # combat losses): what is derived from the troops is kept until it moves.
        self.troops_version = 0
        self._derived: dict[str, tuple[Any, Any]] = {}
        self._deploy(nation_weights)
        self.initial_troops = self.deployed

    # -- deployment ---------------------------------------------------------------------------
    def _deploy(self, weights: dict[str, float]) -> None:
        p, m = self.posture, self.model
        n_units = P.units_for_line(p.option, p.spacing, m.map.line_length_km)
        per_unit = P.troops_per_unit(p.option, p.spacing, p.estimate)
        if n_units == 0 or per_unit == 0:
            return
        total_w = sum(weights.values())
        locations = self._unit_locations(n_units)
        for i, loc in enumerate(locations):
            share = {code: per_unit * w / total_w for code, w in weights.items() if w > 0}
            self.units.append(
                Unit(
                    id=f"u{i + 1:02d}",
                    home=loc,
                    location=loc,
                    mobile=p.option == "counter_concentration",
                    quality=P.UNIT_QUALITY[p.option],
                    troops_by_nation=share,
                )
            )

    def _unit_locations(self, n_units: int) -> list[str]:
        m, p = self.model, self.posture
        if p.option in P.LINE_OPTIONS:
            return [m.sector_at_km(km) for km in P.unit_positions(n_units, m.map.line_length_km)]
        role = "counter_concentration" if p.option == "counter_concentration" else "rear_base"
        hubs = [h.id for h in m.map.hubs_with_role(role)]
        if not hubs:
            hubs = [h.id for h in m.map.hubs.values() if h.side == "ua"]
        return [hubs[i % len(hubs)] for i in range(n_units)]

    # -- what the force has where -------------------------------------------------------------
    def _kept(self, name: str, key: Any) -> Any:
        """The value of `name` kept for `key` (None if none is kept for it)."""
        kept = self._derived.get(name)
        return kept[1] if kept is not None and kept[0] == key else None

    def _keep(self, name: str, key: Any, value: Any) -> Any:
        self._derived[name] = (key, value)
        return value

    @property
    def deployed(self) -> int:
        """Troops deployed now."""
        kept = self._kept("deployed", self.troops_version)
        if kept is not None:
            return int(kept)
        total = round(sum([sum(u.troops_by_nation.values()) for u in self.units]))
        return int(self._keep("deployed", self.troops_version, total))

    def troops_of(self, code: str) -> float:
        """Troops of one nation in the force."""
        return sum(u.troops_by_nation.get(code, 0.0) for u in self.units)

    def presence(self, sector: str) -> float:
        """Coalition troops standing in a sector (visible forward presence)."""
        return sum(u.troops for u in self.units if u.location == sector)

    def presence_by_sector(self, sectors: list[str]) -> dict[str, int]:
        """`int(presence(s))` for every sector in `sectors`, in one pass over the units."""
        key = (self.troops_version, [u.location for u in self.units], sectors)
        kept = self._kept("presence", key)
        if kept is None:
            kept = self._keep("presence", key, self._presence_by_sector(sectors))
        return dict(kept)

    def shown_presence(self, sectors: list[str]) -> tuple[dict[str, int], dict[str, int]]:
        """The public view's presence and nearby troops: only the sectors where they are not 0.

        Kept while no troops change or unit moves, so callers must copy them before handing
        them out (the public view does).
        """
        key = (self.troops_version, [u.location for u in self.units], sectors)
        kept: tuple[dict[str, int], dict[str, int]] | None = self._kept("shown", key)
        if kept is None:
            presence = self.presence_by_sector(sectors)
            nearby = self.nearby_by_sector(sectors)
            kept = (
                {s: v for s, v in presence.items() if v},
                {s: v for s, v in nearby.items() if v},
            )
            self._keep("shown", key, kept)
        return kept

    def _presence_by_sector(self, sectors: list[str]) -> dict[str, int]:
        by_location: dict[str, list[float]] = {}
        for u in self.units:
            by_location.setdefault(u.location, []).append(u.troops)
        # sum() over the same troops in the same order as presence(): the same float.
        return {s: int(sum(by_location[s])) if s in by_location else 0 for s in sectors}

    def nearby_by_sector(self, sectors: list[str]) -> dict[str, int]:
        """`int(nearby(s))` for every sector in `sectors`, looking only at mobile units."""
        key = (self.troops_version, [u.location for u in self.units], sectors)
        kept = self._kept("nearby", key)
        if kept is None:
            kept = self._keep("nearby", key, self._nearby_by_sector(sectors))
        return dict(kept)

    def _nearby_by_sector(self, sectors: list[str]) -> dict[str, int]:
        mobile = [(u.location, u.troops) for u in self.units if u.mobile]
        if not mobile:
            return dict.fromkeys(sectors, 0)
        return {
            s: int(sum(t for loc, t in mobile if self._distance(loc, s) <= REACH_KM))
            for s in sectors
        }

    def troops_by_nation(self) -> dict[str, float]:
        """`troops_of(code)` for every nation with troops in a unit, in one pass over the units."""
        kept = self._kept("by_nation", self.troops_version)
        if kept is None:
            kept = self._keep("by_nation", self.troops_version, self._troops_by_nation())
        return dict(kept)

    def _troops_by_nation(self) -> dict[str, float]:
        units = self.units
        if not units:
            return {}
        codes = list(units[0].troops_by_nation)
        if all(list(u.troops_by_nation) == codes for u in units):
            # The usual case, every unit holding the same nations: sum the columns.
            columns = zip(*(u.troops_by_nation.values() for u in units), strict=True)
            return {code: sum(column) for code, column in zip(codes, columns, strict=True)}
        by_code: dict[str, list[float]] = {}
        for u in self.units:
            for code, troops in u.troops_by_nation.items():
                by_code.setdefault(code, []).append(troops)
        # troops_of() adds 0.0 for units without the nation, which leaves a sum unchanged.
        return {code: sum(values) for code, values in by_code.items()}

    def units_in(self, sector: str) -> list[Unit]:
        """Units standing in a sector."""
        return [u for u in self.units if u.location == sector]

    def nearby(self, sector: str) -> float:
        """Mobile troops close enough to reach the sector within a week."""
        return sum(
            u.troops
            for u in self.units
            if u.mobile and self._distance(u.location, sector) <= REACH_KM
        )

    def _distance(self, a: str, b: str) -> float:
        return self.model.distance_km(a, b)

    def withdraw_nation(self, code: str) -> None:
        """Take a nation's troops out of every unit; drop units left empty."""
        for u in self.units:
            u.troops_by_nation.pop(code, None)
        self.units = [u for u in self.units if u.troops > 1.0]
        self.troops_version += 1

    def withdraw_all(self) -> None:
        """The whole force leaves."""
        self.units = []
        self.troops_version += 1

    # -- intelligence and responses -------------------------------------------------------------
    def knows(self, inc: Incident) -> bool:
        """The coalition's picture: the monitor's reports, its own eyes, and US ISR if given."""
        m = self.model
        if inc.detected_week is not None:
            return True
        if inc.sector is not None and self.presence(inc.sector) > 0:
            return True
        return m.us.has_c4isr and inc.level >= 2

    def assessed_perpetrator(self, inc: Incident) -> str | None:
        """Who the coalition believes did it: the monitor's attribution, or US ISR's at level >= 2."""
        if inc.attributed_to is not None:
            return inc.attributed_to
        if self.model.us.has_c4isr and inc.level >= 2:
            return inc.perpetrator
        return None

    def known_incidents(self) -> list[Incident]:
        """Active incidents on the line the force knows of."""
        return [
            i
            for i in self.model.log.active()
            if i.kind in ("violation", "irregular", "harassment") and self.knows(i)
        ]

    def response_modes(self, inc: Incident) -> list[str]:
        """Modes allowed for one incident by the posture and ROE (000, 001)."""
        if not self.units or inc.level == 1:
            return ["none", "signal"]
        modes = ["none", "signal"]
        intel = self.posture.effective_employment == "intelligence"
        if intel and self.assessed_perpetrator(inc) is None:
            return modes  # intelligence-driven response needs attribution first (001)
        can_reach = inc.sector is not None and (
            self.presence(inc.sector) > 0 or self.nearby(inc.sector) > 0
        )
        if self.posture.response == "denial" and can_reach:
            modes.append("denial")
        if self.posture.response == "punishment":
            modes.append("punishment")
        return modes

    def share_picture(self) -> None:
        """Brief the US and the nations: what they see of the force until the next briefing.

        The turn briefs at fixed points (before the US decides, after the week's fighting), so
        looking at an observation never changes what anyone is told.
        """
        self._shared = self._picture()

    def shared_picture(self) -> SharedPicture:
        """What the Force Commander has last shared with the nations and the US."""
        return (self._shared if self._shared is not None else self._picture()).copy()

    def _picture(self) -> SharedPicture:
        m = self.model
        return {
            "deployed": self.deployed,
            "known_incidents": len(self.known_incidents()),
            "coalition_casualties": m.coalition_casualties,
            "tripwires": m.tripwires,
            "strikes": self.strikes,
        }

    def _unit_views(self) -> list[UnitView]:
        """The units as the observation shows them, kept while no troops change or unit moves."""
        key = (self.troops_version, [u.location for u in self.units])
        kept: list[UnitView] | None = self._kept("units", key)
        if kept is None:
            kept = [
                {"id": u.id, "location": u.location, "troops": int(u.troops), "mobile": u.mobile}
                for u in self.units
            ]
            self._keep("units", key, kept)
        return kept

    def _known_incidents_seen(self) -> list[KnownIncident]:
        return [
            {
                "id": i.id,
                "week": i.week,
                "sector": i.sector,
                "level": i.level,
                "assessed_perpetrator": self.assessed_perpetrator(i),
                "responded": i.force_response,
                "modes": self.response_modes(i),
            }
            for i in self.known_incidents()
        ]

    # The Force Commander's picture: its units, known incidents and its assessment of them.
    observed = public_fields() + {
        "units": lambda a: [unit.copy() for unit in a._unit_views()],
        "known_incidents": _known_incidents_seen,
        "delegated_authority": lambda a: a.posture.delegated_authority,
        "warnings": lambda a: a.model.warnings(),
        "nations_will": lambda a: {
            n.code: round(n.will, 3) for n in a.model.nations if n.in_coalition
        },
    }

    def legal_actions(self) -> ActionSpec:
        """Respond to a known incident in an allowed mode; move a mobile unit."""
        spec: ActionSpec = {}
        known = [i for i in self.known_incidents() if i.force_response is None]
        if known:
            modes = sorted({mode for i in known for mode in self.response_modes(i)})
            spec["respond"] = {"incident": [i.id for i in known], "mode": modes}
        mobile = [u.id for u in self.units if u.mobile]
        if mobile:
            spec["move_unit"] = {
                "unit": mobile,
                "to": self.model.map.sector_ids + [u.home for u in self.units if u.mobile],
            }
        return spec

    def check(self, action: Action) -> str | None:
        """A per-incident check the generic validator cannot make: the mode must suit the incident."""
        if action["type"] != "respond":
            return None
        inc = self.model.log.incidents[action["incident"] - 1]
        allowed = self.response_modes(inc)
        if action["mode"] not in allowed:
            return f"mode {action['mode']!r} is not allowed for incident {inc.id}; allowed: {', '.join(allowed)}"
        return None

    def duplicate_key(self, action: Action) -> tuple[Any, ...] | None:
        """A unit moves once a week."""
        if action["type"] == "move_unit":
            return ("move_unit", "unit", action["unit"])
        return super().duplicate_key(action)

    def act_move_unit(self, action: Action) -> None:
        """Move a mobile unit to a sector or back to its hub."""
        unit = next(u for u in self.units if u.id == action["unit"])
        unit.location = action["to"]

    def act_respond(self, action: Action) -> None:
        """Respond now or, without delegated authority, after the ministers have consulted (000)."""
        m = self.model
        inc = m.log.incidents[action["incident"] - 1]
        mode = action["mode"]
        inc.force_response = mode
        cleared = self.posture.delegated_authority or inc.sector in self.preauthorised
        if mode in ("denial", "punishment") and not cleared:
            delay = self.posture.consultation_delay_weeks
            self.pending.append((m.week + delay, inc.id, mode))
            m.log.note_incident(
                m.week,
                "consultation",
                "force_commander",
                f"{mode} response to {m.incident_label(inc)} waits {delay} week(s) for the ministers",
                inc,
            )
            return
        self.execute(inc, mode)

    def execute(self, inc: Incident, mode: str) -> None:
        """Carry out a response: denial sends forces in, punishment strikes, signal communicates."""
        m = self.model
        inc.force_response_week = m.week
        if mode == "denial" and inc.sector is not None:
            for u in self.units:
                if (
                    u.mobile
                    and u.location != inc.sector
                    and self._distance(u.location, inc.sector) <= REACH_KM
                ):
                    u.location = inc.sector
                    break
        elif mode == "punishment":
            self.strikes += 1
            m.punishment_strike(inc)
        if mode != "none":
            m.log.note_incident(
                m.week,
                "response",
                "force_commander",
                f"the force answered {m.incident_label(inc)} with {mode}",
                inc,
            )

    def release_pending(self) -> None:
        """Execute responses whose consultation is over."""
        due = [p for p in self.pending if p[0] <= self.model.week]
        self.pending = [p for p in self.pending if p[0] > self.model.week]
        for _, inc_id, mode in due:
            inc = self.model.log.incidents[inc_id - 1]
            if inc.active or mode == "punishment":
                self.execute(inc, mode)

    def return_home(self) -> None:
        """Mobile units go back to their hubs once their sector is quiet."""
        busy = {i.sector for i in self.model.log.active() if i.level >= 2}
        for u in self.units:
            if u.mobile and u.location != u.home and u.location not in busy:
                u.location = u.home
