"""The map's picture: what one viewer may see of the line in one week, as plain data.

A `MapPicture` is the umpire's full picture, or one actor's intelligence picture built from its
observation (fog of war): each sector's state, the troops seen on each side, the coalition's
presence, the monitors' patrols, and the response forces at rear hubs. `map_svg` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wargame.engine.roster import SECTOR_VIEWERS
from wargame.engine.sector_map import SectorMap

STATES = ("quiet", "incident", "under_attack", "lost")
RECENT_WEEKS = 1  # an ended incident stays on a viewer's map this many weeks after its own


@dataclass
class SectorPicture:
    """What is shown of one sector: its state, the troops seen on each side, presence, patrols."""

    id: str
    number: int
    name: str
    oblast: str
    lon: float
    lat: float
    ru_hub: tuple[float, float]
    state: str = "quiet"
    presence: int = 0
    nearby: int = 0
    ru_troops: int | None = None
    ua_troops: int | None = None
    patrolled: bool = False
    harassed: bool = False
    # The incidents this viewer knows of here (from its own observation; the umpire's: the
    # log's): id, level, week and who it is believed to be by, as far as the viewer knows.
    known: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class MapPicture:
    """One viewer's picture of the line in one week."""

    week: int
    viewer: str  # "umpire" or an actor id
    sectors: list[SectorPicture]
    hubs: list[dict[str, Any]]
    units: list[dict[str, Any]] = field(default_factory=list)  # mobile response forces at hubs


def _sector_pictures(sector_map: SectorMap) -> list[SectorPicture]:
    out = []
    for s in sector_map.sectors:
        hub = sector_map.hubs[s.ru_rear]
        out.append(
            SectorPicture(
                id=s.id,
                number=s.index + 1,
                name=s.name,
                oblast=s.oblast,
                lon=s.lon,
                lat=s.lat,
                ru_hub=(hub.lon, hub.lat),
            )
        )
    return out


def _hubs(sector_map: SectorMap) -> list[dict[str, Any]]:
    return [
        {"id": h.id, "name": h.name.split(" (")[0], "side": h.side, "lon": h.lon, "lat": h.lat}
        for h in sector_map.hubs.values()
    ]


def _state_from_incidents(incidents: list[dict[str, Any]]) -> str:
    """The worst state a sector's known incidents put it in."""
    state = "quiet"
    for inc in incidents:
        if inc.get("outcome") in ("breakthrough", "war"):
            return "lost"
        if inc.get("level") == 3 and inc.get("active", True):
            state = "under_attack"
        elif state == "quiet":
            state = "incident"
    return state


def umpire_picture(model: Any) -> MapPicture:
    """Everything, as the umpire (or a trainer replaying the game) sees it."""
    sectors = _sector_pictures(model.map)
    by_sector: dict[str, list[dict[str, Any]]] = {}
    for inc in model.log.incidents:
        if inc.sector is None or inc.kind == "hybrid":
            continue
        if inc.active or inc.week == model.week or inc.outcome in ("breakthrough", "war"):
            by_sector.setdefault(inc.sector, []).append(
                {
                    "id": inc.id,
                    "level": inc.level,
                    "week": inc.week,
                    "active": inc.active,
                    "outcome": inc.outcome,
                    "perpetrator": inc.perpetrator,
                }
            )
    for sp in sectors:
        sp.state = _state_from_incidents(by_sector.get(sp.id, []))
        sp.known = [_known(i) for i in by_sector.get(sp.id, [])]
        sp.presence = int(model.force.presence(sp.id))
        sp.nearby = int(model.force.nearby(sp.id))
        sp.ru_troops = int(model.russia.line_troops[sp.id])
        sp.ua_troops = int(model.ukraine.line_troops[sp.id])
        sp.patrolled = sp.id in model.monitor.patrols
        sp.harassed = sp.id in model.monitor.harassed
    return MapPicture(
        week=model.week,
        viewer="umpire",
        sectors=sectors,
        hubs=_hubs(model.map),
        units=_mobile_units(model.map, [_unit_dict(u) for u in model.force.units]),
    )


def _unit_dict(unit: Any) -> dict[str, Any]:
    return {
        "id": unit.id,
        "location": unit.location,
        "troops": int(unit.troops),
        "mobile": unit.mobile,
    }


def _mobile_units(sector_map: SectorMap, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Response forces standing at rear hubs (units in sectors count as presence)."""
    return [u for u in units if u["location"] in sector_map.hubs]


def known_incidents(observation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every incident with a sector an observation mentions (what this actor knows of)."""
    week = observation.get("week", 0)
    found: list[dict[str, Any]] = []
    for report in observation.get("monitor_reports", []):
        if report.get("attributed_week") == week or week - report.get("week", -99) <= RECENT_WEEKS:
            found.append(report)
    for key in ("known_incidents", "own_active_incidents", "attacks_on_us"):
        found.extend(observation.get(key, []))
    for inc in observation.get("detected", []):
        if week - inc.get("week", -99) <= RECENT_WEEKS:
            found.append(inc)
    return [i for i in found if i.get("sector")]


def own_incidents(model: Any, actor_id: str, week: int) -> list[dict[str, Any]]:
    """The incidents an actor itself committed on the line, still going on or of the recent
    weeks up to `week` (it knows its own acts, whatever its observation lists)."""
    return [
        {
            "id": i.id,
            "week": i.week,
            "sector": i.sector,
            "level": i.level,
            "active": i.active and i.week <= week,
            "outcome": i.outcome,
            "perpetrator": i.perpetrator,
        }
        for i in model.log.incidents
        if i.perpetrator == actor_id
        and i.sector is not None
        and i.kind != "hybrid"
        and i.week <= week
        and (i.active or week - i.week <= RECENT_WEEKS)
    ]


def _known(incident: dict[str, Any]) -> dict[str, Any]:
    """What the map's hover says of one incident: only fields the viewer's source holds."""
    who = incident.get(
        "perpetrator", incident.get("assessed_perpetrator", incident.get("attributed_to"))
    )
    return {
        "id": incident.get("id"),
        "level": incident.get("level"),
        "week": incident.get("week"),
        "by": who,
        "validated": "attributed_to" in incident,
    }


def _distinct(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per incident id (a report and a detection of the same incident: the first)."""
    seen: set[Any] = set()
    out = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            out.append(item)
    return out


def actor_picture(
    model: Any, actor_id: str, observation: dict[str, Any] | None = None
) -> MapPicture:
    """One actor's intelligence picture: only what its observation tells it (fog of war)."""
    if observation is None:
        # Nations and the US see no sector detail: they get the public picture. (Their own
        # observation is not asked for mid-week: it reads the force's shared picture, which the
        # engine caches per week.)
        political = actor_id == "us" or actor_id not in SECTOR_VIEWERS
        observation = model.public_view() if political else model.observe(actor_id)
    obs = observation
    if "coalition_presence" not in obs:  # politicians see no sector detail: the public picture
        obs = {**model.public_view(), **obs}
    sectors = _sector_pictures(model.map)
    by_sector: dict[str, list[dict[str, Any]]] = {}
    week = int(obs.get("week", model.week))
    for inc in own_incidents(model, actor_id, week) + known_incidents(obs):
        by_sector.setdefault(inc["sector"], []).append(inc)
    ru_seen = obs.get("own_troops") if actor_id == "russia" else obs.get("russian_troops_visible")
    ua_seen = obs.get("own_troops") if actor_id == "ukraine" else obs.get("ukraine_troops_visible")
    patrols = model.public_patrols()  # a game rule: the engine says what is public
    for sp in sectors:
        sp.state = _state_from_incidents(by_sector.get(sp.id, []))
        sp.known = _distinct([_known(i) for i in by_sector.get(sp.id, [])])
        sp.presence = int(obs.get("coalition_presence", {}).get(sp.id, 0))
        sp.nearby = int(obs.get("coalition_nearby", {}).get(sp.id, 0))
        sp.ru_troops = None if ru_seen is None else int(ru_seen.get(sp.id, 0))
        sp.ua_troops = None if ua_seen is None else int(ua_seen.get(sp.id, 0))
        sp.patrolled = sp.id in patrols
        # Harassment is known to the monitor (its observation says so).
        sp.harassed = sp.id in obs.get("harassed_this_week", [])
    units = obs.get("units", [])
    return MapPicture(
        week=week,
        viewer=actor_id,
        sectors=sectors,
        hubs=_hubs(model.map),
        units=_mobile_units(model.map, units),
    )
