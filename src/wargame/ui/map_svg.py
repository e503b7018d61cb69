"""The map drawn as an inline SVG: a `MapPicture` placed by `map_layout`, every name escaped.

Plain SVG keeps a week's redraw cheap and gives the browser tests elements to look at
(`data-state`, `data-week`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import solara

from wargame.ui.i18n import N_, tr
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
    "quiet": N_("quiet"),
    "incident": N_("incident"),
    "under_attack": N_("under attack"),
    "lost": N_("lost"),
}
# A mark beside each sector that is not quiet, so that no state is told by colour alone.
STATE_MARKS = {"quiet": "", "incident": "!", "under_attack": "!!", "lost": "\u2715"}
RU_COLOUR = MEANINGS["russia"]
UA_COLOUR = MEANINGS["ukraine"]
FORCE_COLOUR = MEANINGS["coalition"]
MONITOR_COLOUR = MEANINGS["monitors"]
PAPER, INK, LINE, ON_DARK = (NEUTRALS[k] for k in ("paper", "ink", "contact line", "on dark"))
LEADER_FROM = 20  # px: labels further than this from their hub get a thin line to it


def map_svg(picture: MapPicture, clickable: bool = False) -> str:
    """The picture as an SVG string: sides, line, sector states, forces, monitors, legend
    (`clickable`: each sector a focusable button, for the Play page's map-to-card link)."""
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
        "<title>"
        + esc(
            tr(
                "Map of the line of contact, week {week}: each sector's state is its colour and "
                "its mark (! incident, !! under attack, \u2715 lost)",
                week=picture.week,
            )
        )
        + "</title>",
        _band(pts, ru_band, RU_COLOUR),
        _band(pts, ua_band, UA_COLOUR),
        f'<text x="{WIDTH - 10}" y="22" fill="{RU_COLOUR}" font-size="13" font-weight="bold" '
        f'text-anchor="end">{esc(tr("Russian-held side"))}</text>',
        f'<text x="{MARGIN}" y="22" fill="{UA_COLOUR}" font-size="13" font-weight="bold">'
        f"{esc(tr('Ukrainian-held side'))}</text>",
        f'<polyline fill="none" stroke="{LINE}" stroke-width="3" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        + '"/>',
    ]
    parts += [_hub_svg(proj, h) for h in picture.hubs]
    for sp, p, d in zip(picture.sectors, pts, dirs, strict=True):
        parts.append(_troop_bars(sp, p, d, max_troops))
    for sp, p, d in zip(picture.sectors, pts, dirs, strict=True):
        parts.append(_sector_svg(sp, p, d, clickable))
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
        f"<title>{esc(tr('{name} (rear hub)', name=hub['name']))}</title></rect>"
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
            f'stroke-width="5" stroke-opacity="0.55"><title>{esc(tr("{n} troops", n=f"{troops:,}"))}'
            "</title></line>"
        )
    return "".join(out)


def sector_title(sp: SectorPicture) -> str:
    """What the viewer knows of a sector, for its hover: state, troops seen, patrols, and each
    incident it knows of there (from the picture, i.e. its own observation), in the page's
    language. Plain text: `esc` it."""
    parts = [
        tr(
            "Sector {number}: {name} ({oblast}) - {state}",
            number=sp.number,
            name=sp.name,
            oblast=sp.oblast,
            state=tr(STATE_LABELS[sp.state]),
        ),
        tr(
            "coalition {present} present, {nearby} within reach",
            present=f"{sp.presence:,}",
            nearby=f"{sp.nearby:,}",
        ),
    ]
    if sp.ru_troops is not None:
        parts.append(tr("Russia {n}", n=f"{sp.ru_troops:,}"))
    if sp.ua_troops is not None:
        parts.append(tr("Ukraine {n}", n=f"{sp.ua_troops:,}"))
    if sp.patrolled:
        parts.append(tr("monitors patrolling"))
    if sp.harassed:
        parts.append(tr("monitors harassed"))
    text = "; ".join(parts)
    for inc in sp.known:
        text += "\n" + _known_line(inc)
    return text


def _known_line(inc: dict[str, Any]) -> str:
    """One incident the viewer knows of in a sector, in one line."""
    from wargame.ui.card import actor_name, level_words

    if inc.get("by") is None:
        who = tr("not attributed yet")
    elif inc.get("validated"):
        who = tr("attributed to {actor}", actor=actor_name(str(inc["by"])))
    else:
        who = tr("believed to be {actor}", actor=actor_name(str(inc["by"])))
    return tr(
        "Incident {id} ({level}, week {week}): {who}",
        id=inc.get("id"),
        level=level_words(inc.get("level", "?")),
        week=inc.get("week", "?"),
        who=who,
    )


def _sector_svg(
    sp: SectorPicture, p: tuple[float, float], d: tuple[float, float], clickable: bool = False
) -> str:
    x, y = p
    button = ' tabindex="0" role="button" style="cursor:pointer"' if clickable else ""
    incidents = " ".join(esc(i.get("id")) for i in sp.known)
    out = [
        f'<g class="wg-sector" data-sector="{esc(sp.id)}" data-state="{esc(sp.state)}" '
        f'data-incidents="{incidents}"{button}>'
        f"<title>{esc(sector_title(sp))}</title>"
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
        unit_title = tr(
            "response force {id}: {n} troops at {hub}",
            id=u["id"],
            n=f"{u['troops']:,}",
            hub=hub["name"],
        )
        out.append(
            f'<polygon class="wg-unit" points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f} {x - 7:.1f},{y + 6:.1f}" '
            f'fill="{FORCE_COLOUR}" stroke="{ON_DARK}"><title>{esc(unit_title)}</title></polygon>'
        )
    return out


def _legend() -> str:
    y1, y2 = HEIGHT - 40, HEIGHT - 16
    items = []
    x = MARGIN
    for state in STATES:
        items.append(
            f'<circle cx="{x}" cy="{y1}" r="6" fill="{STATE_COLOURS[state]}" stroke="{INK}"/>'
            f'<text x="{x + 10}" y="{y1 + 4}" font-size="11">{esc(tr(STATE_LABELS[state]))}'
            + (f" {STATE_MARKS[state]}" if STATE_MARKS[state] else "")
            + "</text>"
        )
        x += 100
    x = MARGIN
    items.append(
        f'<polygon points="{x},{y2 - 6} {x + 6},{y2} {x},{y2 + 6} {x - 6},{y2}" fill="{FORCE_COLOUR}"/>'
        f'<text x="{x + 10}" y="{y2 + 4}" font-size="11">{esc(tr("coalition presence"))}</text>'
    )
    x += 130
    items.append(
        f'<polygon points="{x},{y2 - 6} {x + 6},{y2 + 5} {x - 6},{y2 + 5}" fill="{FORCE_COLOUR}"/>'
        f'<text x="{x + 10}" y="{y2 + 4}" font-size="11">{esc(tr("response force"))}</text>'
    )
    x += 115
    items.append(
        f'<circle cx="{x}" cy="{y2}" r="7" fill="none" stroke="{MONITOR_COLOUR}" stroke-width="2"/>'
        f'<text x="{x + 11}" y="{y2 + 4}" font-size="11">{esc(tr("monitors patrolling"))}</text>'
    )
    x += 140
    items.append(
        f'<line x1="{x - 6}" y1="{y2}" x2="{x + 6}" y2="{y2}" stroke="{RU_COLOUR}" stroke-width="5" stroke-opacity="0.55"/>'
        f'<line x1="{x + 8}" y1="{y2}" x2="{x + 20}" y2="{y2}" stroke="{UA_COLOUR}" stroke-width="5" stroke-opacity="0.55"/>'
        f'<text x="{x + 25}" y="{y2 + 4}" font-size="11">{esc(tr("troops RU / UA"))}</text>'
    )
    return "".join(items)


@solara.component_vue("map_click.vue")
def ClickableMap(svg: str, event_pick: Callable[[str], None]) -> None:
    """The map's SVG (built and escaped here) with a click on a sector sent back as its id."""


@solara.component
def MapView(picture: MapPicture, on_pick: Callable[[str], None] | None = None) -> None:
    """The map of one picture; with `on_pick`, a click on a sector (or Enter on a focused one)
    calls it with the sector's id, once checked against this picture's sectors."""
    if on_pick is None:
        solara.HTML(tag="div", unsafe_innerHTML=map_svg(picture), classes=["wg-map-box"])
        return
    ids = {sp.id for sp in picture.sectors}

    def pick(sector: Any) -> None:
        if isinstance(sector, str) and sector in ids:  # a forged id is ignored
            on_pick(sector)

    ClickableMap(svg=map_svg(picture, clickable=True), event_pick=pick)
