"""The map: the demarcation line from the map file's coordinates, drawn as an inline SVG.

A `MapPicture` is what one viewer may see (the umpire's full picture, or one actor's
intelligence picture built from its observation); `map_svg` draws it. Plain SVG keeps a week's
redraw cheap and gives the browser tests elements to look at (`data-state`, `data-week`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import solara

from wargame.engine.roster import SECTOR_VIEWERS
from wargame.engine.sector_map import SectorMap
from wargame.ui.safe import text as esc

STATES = ("quiet", "incident", "under_attack", "lost")
STATE_COLOURS = {
    "quiet": "#a5d6a7",
    "incident": "#ffb300",
    "under_attack": "#e53935",
    "lost": "#37474f",
}
STATE_LABELS = {
    "quiet": "quiet",
    "incident": "incident",
    "under_attack": "under attack",
    "lost": "lost",
}
RU_COLOUR = "#c62828"
UA_COLOUR = "#1565c0"
FORCE_COLOUR = "#2e7d32"
MONITOR_COLOUR = "#6a1b9a"
WIDTH, HEIGHT, MARGIN = 660, 500, 30
SIDE_OFFSET = 42.0  # px from the line to each side's band


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
                {"level": inc.level, "active": inc.active, "outcome": inc.outcome}
            )
    for sp in sectors:
        sp.state = _state_from_incidents(by_sector.get(sp.id, []))
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
        if report.get("attributed_week") == week or week - report.get("week", -99) <= 1:
            found.append(report)
    for key in ("known_incidents", "own_active_incidents", "attacks_on_us"):
        found.extend(observation.get(key, []))
    for inc in observation.get("detected", []):
        if week - inc.get("week", -99) <= 1:
            found.append(inc)
    return [i for i in found if i.get("sector")]


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
    for inc in known_incidents(obs):
        by_sector.setdefault(inc["sector"], []).append(inc)
    ru_seen = obs.get("own_troops") if actor_id == "russia" else obs.get("russian_troops_visible")
    ua_seen = obs.get("own_troops") if actor_id == "ukraine" else obs.get("ukraine_troops_visible")
    for sp in sectors:
        sp.state = _state_from_incidents(by_sector.get(sp.id, []))
        sp.presence = int(obs.get("coalition_presence", {}).get(sp.id, 0))
        sp.nearby = int(obs.get("coalition_nearby", {}).get(sp.id, 0))
        sp.ru_troops = None if ru_seen is None else int(ru_seen.get(sp.id, 0))
        sp.ua_troops = None if ua_seen is None else int(ua_seen.get(sp.id, 0))
        # Monitors patrol openly: where they are is public; harassment is known to the monitor.
        sp.patrolled = sp.id in model.monitor.patrols
        sp.harassed = sp.id in obs.get("harassed_this_week", [])
    units = obs.get("units", [])
    return MapPicture(
        week=int(obs.get("week", model.week)),
        viewer=actor_id,
        sectors=sectors,
        hubs=_hubs(model.map),
        units=_mobile_units(model.map, units),
    )


# -- drawing ------------------------------------------------------------------------------------
HUB_MARGIN_DEG = 0.7  # hubs further than this outside the line's box are drawn at the edge


class _Projection:
    """Longitude/latitude to SVG pixels (equirectangular), fitted to the line plus nearby hubs."""

    def __init__(self, points: list[tuple[float, float]]) -> None:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        self.box = (min(lons), max(lons), min(lats), max(lats))
        self.k = math.cos(math.radians(sum(lats) / len(lats)))
        self.lon0, self.lat1 = min(lons), max(lats)
        span_x = (max(lons) - self.lon0) * self.k or 1.0
        span_y = (self.lat1 - min(lats)) or 1.0
        self.scale = min((WIDTH - 2 * MARGIN - 60) / span_x, (HEIGHT - 2 * MARGIN - 60) / span_y)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lo0, lo1, la0, la1 = self.box
        lon, lat = min(max(lon, lo0), lo1), min(max(lat, la0), la1)
        return (
            MARGIN + 30 + (lon - self.lon0) * self.k * self.scale,
            MARGIN + 10 + (self.lat1 - lat) * self.scale,
        )


def _projection(picture: MapPicture) -> _Projection:
    line = [(s.lon, s.lat) for s in picture.sectors]
    lo0, lo1 = min(p[0] for p in line) - HUB_MARGIN_DEG, max(p[0] for p in line) + HUB_MARGIN_DEG
    la0, la1 = min(p[1] for p in line) - HUB_MARGIN_DEG, max(p[1] for p in line) + HUB_MARGIN_DEG
    near = [
        (h["lon"], h["lat"])
        for h in picture.hubs
        if lo0 <= h["lon"] <= lo1 and la0 <= h["lat"] <= la1
    ]
    return _Projection(line + near + [(lo0 + 0.3, la0 + 0.3), (lo1 - 0.3, la1 - 0.3)])


def _layout(raw: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sector positions: the file's points smoothed and spread evenly along the line (readable)."""
    if len(raw) < 3:
        return raw
    smooth = (
        [raw[0]]
        + [
            ((a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3)
            for a, b, c in zip(raw, raw[1:], raw[2:], strict=False)
        ]
        + [raw[-1]]
    )
    cumulative = [0.0]
    for a, b in itertools.pairwise(smooth):
        cumulative.append(cumulative[-1] + math.dist(a, b))
    total, out, j = cumulative[-1], [], 0
    for i in range(len(raw)):
        target = total * i / (len(raw) - 1)
        while j < len(smooth) - 2 and cumulative[j + 1] < target:
            j += 1
        seg = (cumulative[j + 1] - cumulative[j]) or 1.0
        t = min(1.0, max(0.0, (target - cumulative[j]) / seg))
        a, b = smooth[j], smooth[j + 1]
        out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return out


def _ru_directions(
    proj: _Projection, sectors: list[SectorPicture], pts: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Unit normals to the line, all on the Russian-held side (where most Russian hubs lie)."""
    normals = []
    for i in range(len(pts)):
        a, b = pts[max(0, i - 1)], pts[min(len(pts) - 1, i + 1)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        norm = math.hypot(tx, ty) or 1.0
        normals.append((-ty / norm, tx / norm))
    votes = 0.0
    for sp, p, (nx_, ny_) in zip(sectors, pts, normals, strict=True):
        hx, hy = proj(*sp.ru_hub)
        votes += nx_ * (hx - p[0]) + ny_ * (hy - p[1])
    sign = 1.0 if votes >= 0 else -1.0
    return [(sign * nx_, sign * ny_) for nx_, ny_ in normals]


def _fmt_k(n: int) -> str:
    return f"{n / 1000:.0f}k" if n >= 1000 else str(n)


def map_svg(picture: MapPicture) -> str:
    """The picture as an SVG string: sides, line, sector states, forces, monitors, legend."""
    proj = _projection(picture)
    pts = _layout([proj(s.lon, s.lat) for s in picture.sectors])
    dirs = _ru_directions(proj, picture.sectors, pts)
    ru_band = [
        (x + dx * SIDE_OFFSET, y + dy * SIDE_OFFSET)
        for (x, y), (dx, dy) in zip(pts, dirs, strict=True)
    ]
    ua_band = [
        (x - dx * SIDE_OFFSET, y - dy * SIDE_OFFSET)
        for (x, y), (dx, dy) in zip(pts, dirs, strict=True)
    ]
    max_troops = max(
        [s.ru_troops or 0 for s in picture.sectors]
        + [s.ua_troops or 0 for s in picture.sectors]
        + [1]
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" style="max-width:{WIDTH}px;background:#fafafa;font-family:sans-serif" '
        f'class="wg-map" data-week="{picture.week}" data-viewer="{esc(picture.viewer)}">',
        _band(pts, ru_band, RU_COLOUR),
        _band(pts, ua_band, UA_COLOUR),
        f'<text x="{WIDTH - 150}" y="22" fill="{RU_COLOUR}" font-size="13" font-weight="bold">Russian-held side</text>',
        f'<text x="{MARGIN}" y="22" fill="{UA_COLOUR}" font-size="13" font-weight="bold">Ukrainian-held side</text>',
        '<polyline fill="none" stroke="#455a64" stroke-width="3" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        + '"/>',
    ]
    parts += [_hub_svg(proj, h) for h in picture.hubs]
    for sp, p, d in zip(picture.sectors, pts, dirs, strict=True):
        parts.append(_troop_bars(sp, p, d, max_troops))
    for sp, p, d in zip(picture.sectors, pts, dirs, strict=True):
        parts.append(_sector_svg(sp, p, d))
    parts += _units_svg(proj, picture)
    spots = place_hub_labels(picture, proj, pts, dirs)
    parts += [_hub_label_svg(h, spot) for h, spot in zip(picture.hubs, spots, strict=True)]
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(parts)


def _band(line: list[tuple[float, float]], side: list[tuple[float, float]], colour: str) -> str:
    ring = line + side[::-1]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
    return f'<polygon points="{points}" fill="{colour}" fill-opacity="0.10" stroke="none"/>'


def _hub_svg(proj: _Projection, hub: dict[str, Any]) -> str:
    x, y = proj(hub["lon"], hub["lat"])
    colour = RU_COLOUR if hub["side"] == "ru" else UA_COLOUR
    return (
        f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" opacity="0.7">'
        f"<title>{esc(hub['name'])} (rear hub)</title></rect>"
    )


# -- hub labels: placed where they cover neither the line, its markers nor each other ----------
Box = tuple[float, float, float, float]
LabelSpot = tuple[float, float, str, float, float]
HUB_FONT = 10
CHAR_W = 0.56  # average glyph width of a sans-serif font, in ems
LABEL_OFFSETS = (  # (dx, dy, anchor) from the hub's centre, nearest first
    (7, 4, "start"),
    (-7, 4, "end"),
    (0, -8, "middle"),
    (0, 16, "middle"),
    (6, -6, "start"),
    (6, 14, "start"),
    (-6, -6, "end"),
    (-6, 14, "end"),
    (18, 4, "start"),
    (-18, 4, "end"),
    (0, -20, "middle"),
    (0, 28, "middle"),
    (14, -16, "start"),
    (14, 24, "start"),
    (-14, -16, "end"),
    (-14, 24, "end"),
    (-44, 4, "end"),  # further out, with a leader line to the hub
    (44, 4, "start"),
    (-36, -22, "end"),
    (36, -22, "start"),
    (-36, 30, "end"),
    (36, 30, "start"),
)
LEADER_FROM = 20  # px: labels further than this from their hub get a thin line to it


def _text_box(x: float, y: float, text: str, anchor: str, size: float = HUB_FONT) -> Box:
    width = CHAR_W * size * len(text)
    x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return (x0 - 1, y - 0.8 * size, x0 + width + 1, y + 0.25 * size)


def _square(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _map_obstacles(
    picture: MapPicture,
    proj: _Projection,
    pts: list[tuple[float, float]],
    dirs: list[tuple[float, float]],
) -> list[Box]:
    """What a hub label must not cover: the line, sectors, presence, troop bars, hubs, titles."""
    boxes: list[Box] = []
    for a, b in itertools.pairwise(pts):  # the line, sampled every few pixels
        n = max(1, int(math.dist(a, b) / 4))
        boxes += [
            _square(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n, 2.5)
            for i in range(n + 1)
        ]
    for sp, (x, y), (dx, dy) in zip(picture.sectors, pts, dirs, strict=True):
        boxes.append(_square(x, y, 16 if sp.patrolled else 11))
        for t in (14, 24, 34):  # troop bars on both sides
            if sp.ru_troops is not None:
                boxes.append(_square(x + dx * t, y + dy * t, 3))
            if sp.ua_troops is not None:
                boxes.append(_square(x - dx * t, y - dy * t, 3))
        if sp.presence:
            boxes.append(_square(x - dx * 20, y - dy * 20, 8))
            boxes.append(_text_box(x - dx * 34, y - dy * 34 + 3, _fmt_k(sp.presence), "middle", 9))
    for hub in picture.hubs:
        boxes.append(_square(*proj(hub["lon"], hub["lat"]), 5))
    stacked: dict[str, int] = {}
    for u in picture.units:
        home = next((h for h in picture.hubs if h["id"] == u["location"]), None)
        if home is not None:
            n = stacked[u["location"]] = stacked.get(u["location"], 0) + 1
            hx, hy = proj(home["lon"], home["lat"])
            boxes.append(_square(hx - 12 - 13 * (n - 1), hy - 12, 8))
    boxes.append((WIDTH - 152, 8, WIDTH, 26))  # "Russian-held side"
    boxes.append((0, 8, MARGIN + 140, 26))  # "Ukrainian-held side"
    boxes.append((0, HEIGHT - 52, WIDTH, HEIGHT))  # the legend
    return boxes


def place_hub_labels(
    picture: MapPicture,
    proj: _Projection,
    pts: list[tuple[float, float]],
    dirs: list[tuple[float, float]],
) -> list[LabelSpot | None]:
    """Where each hub's name goes (x, y, text-anchor, hub x, hub y), or None if nowhere is free.

    Greedy: for each hub, the nearest of a few positions around it that covers nothing already
    on the map (line, sectors, markers, other labels); hubs nearest the line choose first.
    """
    obstacles = _map_obstacles(picture, proj, pts, dirs)
    placed: list[Box] = []
    out: list[LabelSpot | None] = [None] * len(picture.hubs)

    def crowding(hub: dict[str, Any]) -> float:
        hx, hy = proj(hub["lon"], hub["lat"])
        return min(math.dist((hx, hy), p) for p in pts)

    order = sorted(range(len(picture.hubs)), key=lambda i: crowding(picture.hubs[i]))
    for i in order:
        hub = picture.hubs[i]
        hx, hy = proj(hub["lon"], hub["lat"])
        for dx, dy, anchor in LABEL_OFFSETS:
            box = _text_box(hx + dx, hy + dy, hub["name"], anchor)
            inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2
            own = _square(hx, hy, 5)
            clear = not any(_overlaps(box, o) for o in obstacles if o != own)
            if inside and clear and not any(_overlaps(box, o) for o in placed):
                out[i] = (hx + dx, hy + dy, anchor, hx, hy)
                placed.append(box)
                break
    return out


def _hub_label_svg(hub: dict[str, Any], spot: LabelSpot | None) -> str:
    if spot is None:
        return ""
    x, y, anchor, hx, hy = spot
    colour = RU_COLOUR if hub["side"] == "ru" else UA_COLOUR
    leader = ""
    if math.dist((x, y - 4), (hx, hy)) > LEADER_FROM:
        lx = x + (2 if anchor == "start" else -2 if anchor == "end" else 0)
        leader = (
            f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{lx:.1f}" y2="{y - 4:.1f}" stroke="{colour}" '
            'stroke-width="0.8" stroke-opacity="0.7"/>'
        )
    return leader + (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{HUB_FONT}" fill="{colour}" '
        f'text-anchor="{anchor}" class="wg-hub-label" stroke="#fafafa" stroke-width="3" '
        f'paint-order="stroke">{esc(hub["name"])}</text>'
    )


def _troop_bars(
    sp: SectorPicture, p: tuple[float, float], d: tuple[float, float], max_troops: int
) -> str:
    out = []
    for troops, sign, colour in ((sp.ru_troops, 1, RU_COLOUR), (sp.ua_troops, -1, UA_COLOUR)):
        if troops is None:
            continue
        length = 12 + 26 * troops / max_troops
        x2, y2 = p[0] + sign * d[0] * length, p[1] + sign * d[1] * length
        out.append(
            f'<line x1="{p[0]:.1f}" y1="{p[1]:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="5" stroke-opacity="0.55"><title>{troops:,} troops</title></line>'
        )
    return "".join(out)


def _sector_svg(sp: SectorPicture, p: tuple[float, float], d: tuple[float, float]) -> str:
    x, y = p
    title = (
        f"Sector {sp.number}: {sp.name} ({sp.oblast}) - {STATE_LABELS[sp.state]}; "
        f"coalition {sp.presence:,} present, {sp.nearby:,} within reach"
        + (f"; Russia {sp.ru_troops:,}" if sp.ru_troops is not None else "")
        + (f"; Ukraine {sp.ua_troops:,}" if sp.ua_troops is not None else "")
        + ("; monitors patrolling" if sp.patrolled else "")
        + ("; monitors harassed" if sp.harassed else "")
    )
    out = [
        f'<g class="wg-sector" data-sector="{esc(sp.id)}" data-state="{esc(sp.state)}">'
        f"<title>{esc(title)}</title>"
    ]
    if sp.patrolled:
        dash = ' stroke-dasharray="3,3"' if sp.harassed else ""
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15" fill="none" stroke="{MONITOR_COLOUR}" stroke-width="2"{dash}/>'
        )
    out.append(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{STATE_COLOURS[sp.state]}" stroke="#263238" stroke-width="1"/>'
        f'<text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="9" text-anchor="middle" fill="{"#fff" if sp.state in ("lost", "under_attack") else "#000"}">{sp.number}</text>'
    )
    if sp.presence:
        fx, fy = x - d[0] * 20, y - d[1] * 20
        out.append(
            f'<polygon points="{fx:.1f},{fy - 7:.1f} {fx + 7:.1f},{fy:.1f} {fx:.1f},{fy + 7:.1f} {fx - 7:.1f},{fy:.1f}" '
            f'fill="{FORCE_COLOUR}" stroke="#fff" class="wg-presence"/>'
            f'<text x="{fx - d[0] * 14:.1f}" y="{fy - d[1] * 14 + 3:.1f}" font-size="9" text-anchor="middle" fill="{FORCE_COLOUR}">{_fmt_k(sp.presence)}</text>'
        )
    out.append("</g>")
    return "".join(out)


def _units_svg(proj: _Projection, picture: MapPicture) -> list[str]:
    hubs = {h["id"]: h for h in picture.hubs}
    stacked: dict[str, int] = {}
    out = []
    for u in picture.units:
        hub = hubs[u["location"]]
        x, y = proj(hub["lon"], hub["lat"])
        n = stacked.get(u["location"], 0)
        stacked[u["location"]] = n + 1
        x, y = x - 12 - 13 * n, y - 12
        out.append(
            f'<polygon class="wg-unit" points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f} {x - 7:.1f},{y + 6:.1f}" '
            f'fill="{FORCE_COLOUR}" stroke="#fff"><title>response force {esc(u["id"])}: {u["troops"]:,} troops at {esc(hub["name"])}</title></polygon>'
        )
    return out


def _legend() -> str:
    y1, y2 = HEIGHT - 40, HEIGHT - 16
    items = []
    x = MARGIN
    for state in STATES:
        items.append(
            f'<circle cx="{x}" cy="{y1}" r="6" fill="{STATE_COLOURS[state]}" stroke="#263238"/>'
            f'<text x="{x + 10}" y="{y1 + 4}" font-size="11">{STATE_LABELS[state]}</text>'
        )
        x += 100
    x = MARGIN
    items.append(
        f'<polygon points="{x},{y2 - 6} {x + 6},{y2} {x},{y2 + 6} {x - 6},{y2}" fill="{FORCE_COLOUR}"/>'
        f'<text x="{x + 10}" y="{y2 + 4}" font-size="11">coalition presence</text>'
    )
    x += 130
    items.append(
        f'<polygon points="{x},{y2 - 6} {x + 6},{y2 + 5} {x - 6},{y2 + 5}" fill="{FORCE_COLOUR}"/>'
        f'<text x="{x + 10}" y="{y2 + 4}" font-size="11">response force</text>'
    )
    x += 115
    items.append(
        f'<circle cx="{x}" cy="{y2}" r="7" fill="none" stroke="{MONITOR_COLOUR}" stroke-width="2"/>'
        f'<text x="{x + 11}" y="{y2 + 4}" font-size="11">monitors patrolling</text>'
    )
    x += 140
    items.append(
        f'<line x1="{x - 6}" y1="{y2}" x2="{x + 6}" y2="{y2}" stroke="{RU_COLOUR}" stroke-width="5" stroke-opacity="0.55"/>'
        f'<line x1="{x + 8}" y1="{y2}" x2="{x + 20}" y2="{y2}" stroke="{UA_COLOUR}" stroke-width="5" stroke-opacity="0.55"/>'
        f'<text x="{x + 25}" y="{y2 + 4}" font-size="11">troops RU / UA</text>'
    )
    return "".join(items)


@solara.component
def MapView(picture: MapPicture) -> None:
    """The map of one picture."""
    solara.HTML(tag="div", unsafe_innerHTML=map_svg(picture), classes=["wg-map-box"])
