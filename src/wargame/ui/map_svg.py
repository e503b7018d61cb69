"""The map drawn as an inline SVG: a `MapPicture` placed by `map_layout`, every name escaped.

Plain SVG keeps a week's redraw cheap and gives the browser tests elements to look at
(`data-state`, `data-week`).
"""

from __future__ import annotations

import math
from typing import Any

import solara

from wargame.ui.map_layout import (
    HEIGHT,
    HUB_FONT,
    MARGIN,
    SIDE_OFFSET,
    WIDTH,
    LabelSpot,
    Projection,
    fmt_k,
    layout,
    place_hub_labels,
    projection,
    ru_directions,
)
from wargame.ui.map_picture import STATES, MapPicture, SectorPicture
from wargame.ui.palette import MEANINGS, NEUTRALS
from wargame.ui.safe import text as esc

STATE_COLOURS = {
    "quiet": MEANINGS["quiet"],
    "incident": MEANINGS["incident"],
    "under_attack": MEANINGS["level 3"],
    "lost": MEANINGS["lost"],
}
STATE_LABELS = {
    "quiet": "quiet",
    "incident": "incident",
    "under_attack": "under attack",
    "lost": "lost",
}
# A mark beside each sector that is not quiet, so that no state is told by colour alone.
STATE_MARKS = {"quiet": "", "incident": "!", "under_attack": "!!", "lost": "\u2715"}
RU_COLOUR = MEANINGS["russia"]
UA_COLOUR = MEANINGS["ukraine"]
FORCE_COLOUR = MEANINGS["coalition"]
MONITOR_COLOUR = MEANINGS["monitors"]
PAPER, INK, LINE, ON_DARK = (NEUTRALS[k] for k in ("paper", "ink", "contact line", "on dark"))
LEADER_FROM = 20  # px: labels further than this from their hub get a thin line to it


def map_svg(picture: MapPicture) -> str:
    """The picture as an SVG string: sides, line, sector states, forces, monitors, legend."""
    proj = projection(picture)
    pts = layout([proj(s.lon, s.lat) for s in picture.sectors])
    dirs = ru_directions(proj, picture.sectors, pts)
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
        f'width="100%" style="max-width:{WIDTH}px;background:{PAPER};font-family:sans-serif" '
        f'class="wg-map" data-week="{picture.week}" data-viewer="{esc(picture.viewer)}">'
        f"<title>Map of the line of contact, week {picture.week}: each sector's state is "
        "its colour and its mark (! incident, !! under attack, \u2715 lost)</title>",
        _band(pts, ru_band, RU_COLOUR),
        _band(pts, ua_band, UA_COLOUR),
        f'<text x="{WIDTH - 150}" y="22" fill="{RU_COLOUR}" font-size="13" font-weight="bold">Russian-held side</text>',
        f'<text x="{MARGIN}" y="22" fill="{UA_COLOUR}" font-size="13" font-weight="bold">Ukrainian-held side</text>',
        f'<polyline fill="none" stroke="{LINE}" stroke-width="3" points="'
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


def _hub_svg(proj: Projection, hub: dict[str, Any]) -> str:
    x, y = proj(hub["lon"], hub["lat"])
    colour = RU_COLOUR if hub["side"] == "ru" else UA_COLOUR
    return (
        f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" opacity="0.7">'
        f"<title>{esc(hub['name'])} (rear hub)</title></rect>"
    )


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
        f'text-anchor="{anchor}" class="wg-hub-label" stroke="{PAPER}" stroke-width="3" '
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
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{STATE_COLOURS[sp.state]}" stroke="{INK}" stroke-width="1"/>'
        f'<text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="9" text-anchor="middle" fill="{ON_DARK if sp.state == "lost" else INK}">{sp.number}</text>'
    )
    if STATE_MARKS[sp.state]:
        out.append(
            f'<text x="{x + 11:.1f}" y="{y - 7:.1f}" font-size="11" font-weight="bold" '
            f'fill="{INK}" class="wg-state-mark">{STATE_MARKS[sp.state]}</text>'
        )
    if sp.presence:
        fx, fy = x - d[0] * 20, y - d[1] * 20
        out.append(
            f'<polygon points="{fx:.1f},{fy - 7:.1f} {fx + 7:.1f},{fy:.1f} {fx:.1f},{fy + 7:.1f} {fx - 7:.1f},{fy:.1f}" '
            f'fill="{FORCE_COLOUR}" stroke="{ON_DARK}" class="wg-presence"/>'
            f'<text x="{fx - d[0] * 14:.1f}" y="{fy - d[1] * 14 + 3:.1f}" font-size="9" text-anchor="middle" fill="{FORCE_COLOUR}">{fmt_k(sp.presence)}</text>'
        )
    out.append("</g>")
    return "".join(out)


def _units_svg(proj: Projection, picture: MapPicture) -> list[str]:
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
            f'fill="{FORCE_COLOUR}" stroke="{ON_DARK}"><title>response force {esc(u["id"])}: {u["troops"]:,} troops at {esc(hub["name"])}</title></polygon>'
        )
    return out


def _legend() -> str:
    y1, y2 = HEIGHT - 40, HEIGHT - 16
    items = []
    x = MARGIN
    for state in STATES:
        items.append(
            f'<circle cx="{x}" cy="{y1}" r="6" fill="{STATE_COLOURS[state]}" stroke="{INK}"/>'
            f'<text x="{x + 10}" y="{y1 + 4}" font-size="11">{STATE_LABELS[state]}'
            + (f" {STATE_MARKS[state]}" if STATE_MARKS[state] else "")
            + "</text>"
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
