"""Where the map's things go: the projection of the line to pixels, sector positions, each
side's direction, and hub labels placed where they cover nothing else. Geometry only, no markup."""

from __future__ import annotations

import itertools
import math
from typing import Any

from wargame.ui.map_picture import MapPicture, SectorPicture

WIDTH, HEIGHT, MARGIN = 660, 500, 30
SIDE_OFFSET = 42.0  # px from the line to each side's band
HUB_MARGIN_DEG = 0.7  # hubs further than this outside the line's box are drawn at the edge


class Projection:
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


def projection(picture: MapPicture) -> Projection:
    line = [(s.lon, s.lat) for s in picture.sectors]
    lo0, lo1 = min(p[0] for p in line) - HUB_MARGIN_DEG, max(p[0] for p in line) + HUB_MARGIN_DEG
    la0, la1 = min(p[1] for p in line) - HUB_MARGIN_DEG, max(p[1] for p in line) + HUB_MARGIN_DEG
    near = [
        (h["lon"], h["lat"])
        for h in picture.hubs
        if lo0 <= h["lon"] <= lo1 and la0 <= h["lat"] <= la1
    ]
    return Projection(line + near + [(lo0 + 0.3, la0 + 0.3), (lo1 - 0.3, la1 - 0.3)])


def layout(raw: list[tuple[float, float]]) -> list[tuple[float, float]]:
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


def ru_directions(
    proj: Projection, sectors: list[SectorPicture], pts: list[tuple[float, float]]
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


def fmt_k(n: int) -> str:
    return f"{n / 1000:.0f}k" if n >= 1000 else str(n)


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


def text_box(x: float, y: float, text: str, anchor: str, size: float = HUB_FONT) -> Box:
    width = CHAR_W * size * len(text)
    x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return (x0 - 1, y - 0.8 * size, x0 + width + 1, y + 0.25 * size)


def square(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _map_obstacles(
    picture: MapPicture,
    proj: Projection,
    pts: list[tuple[float, float]],
    dirs: list[tuple[float, float]],
) -> list[Box]:
    """What a hub label must not cover: the line, sectors, presence, troop bars, hubs, titles."""
    boxes: list[Box] = []
    for a, b in itertools.pairwise(pts):  # the line, sampled every few pixels
        n = max(1, int(math.dist(a, b) / 4))
        boxes += [
            square(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n, 2.5)
            for i in range(n + 1)
        ]
    for sp, (x, y), (dx, dy) in zip(picture.sectors, pts, dirs, strict=True):
        boxes.append(square(x, y, 16 if sp.patrolled else 11))
        for t in (14, 24, 34):  # troop bars on both sides
            if sp.ru_troops is not None:
                boxes.append(square(x + dx * t, y + dy * t, 3))
            if sp.ua_troops is not None:
                boxes.append(square(x - dx * t, y - dy * t, 3))
        if sp.presence:
            boxes.append(square(x - dx * 20, y - dy * 20, 8))
            boxes.append(text_box(x - dx * 34, y - dy * 34 + 3, fmt_k(sp.presence), "middle", 9))
    for hub in picture.hubs:
        boxes.append(square(*proj(hub["lon"], hub["lat"]), 5))
    stacked: dict[str, int] = {}
    for u in picture.units:
        home = next((h for h in picture.hubs if h["id"] == u["location"]), None)
        if home is not None:
            n = stacked[u["location"]] = stacked.get(u["location"], 0) + 1
            hx, hy = proj(home["lon"], home["lat"])
            boxes.append(square(hx - 12 - 13 * (n - 1), hy - 12, 8))
    boxes.append((WIDTH - 152, 8, WIDTH, 26))  # "Russian-held side"
    boxes.append((0, 8, MARGIN + 140, 26))  # "Ukrainian-held side"
    boxes.append((0, HEIGHT - 52, WIDTH, HEIGHT))  # the legend
    return boxes


def place_hub_labels(
    picture: MapPicture,
    proj: Projection,
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
            box = text_box(hx + dx, hy + dy, hub["name"], anchor)
            inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2
            own = square(hx, hy, 5)
            clear = not any(overlaps(box, o) for o in obstacles if o != own)
            if inside and clear and not any(overlaps(box, o) for o in placed):
                out[i] = (hx + dx, hy + dy, anchor, hx, hy)
                placed.append(box)
                break
    return out
