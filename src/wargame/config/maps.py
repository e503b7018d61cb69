"""The map layer: sectors along the demarcation line, rear hubs, logistics and the sea lane."""

from __future__ import annotations

import copy
import hashlib
import math
import os
import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from wargame.config.inputs import brief, load_yaml, read_text
from wargame.engine.sector_map import (
    HUB_ROLES,
    OBLASTS,
    SIDES,
    TERRAINS,
    Hub,
    Sector,
    SectorMap,
    great_circle_km,
)
from wargame.errors import ConfigError
from wargame.paths import list_names, resolve

GENERATED_PATH = Path("<generated>")
"""The `path` of a map made by `generate_line_map`."""

MAX_SECTORS = 1000
"""Most sectors a map (file or generated) may have: 40x the shipped map's 24, 1.2 km each on a
1,200 km line; a game's week costs about linear time in sectors, so more is a denial of service."""

MAX_HUBS = 200
"""Most hubs a map may have (the shipped map has 12)."""

MAX_SECTOR_KM = 1500.0
"""Longest sector: more than the whole real line (about 1,200 km, 001)."""

MAX_LINE_KM = 5000.0
"""Longest line (sum of the sectors) or logistics edge: about 4x the real line; the posture's
troop numbers scale with the length, so a longer line only makes every posture unaffordable."""

_TOP_FIELDS = ("id", "name", "description", "sources", "sectors", "hubs", "logistics", "sea_lane")
_TOP_REQUIRED = ("id", "name", "sectors", "hubs")
_SECTOR_FIELDS = (
    "id",
    "name",
    "oblast",
    "length_km",
    "terrain",
    "lon",
    "lat",
    "neighbours",
    "ua_rear",
    "ru_rear",
)
_HUB_FIELDS = ("id", "name", "side", "oblast", "lon", "lat", "roles")
_HUB_REQUIRED = ("id", "name", "side", "oblast", "lon", "lat")
_EDGE_FIELDS = ("from", "to", "km")
_LANE_FIELDS = ("id", "name", "ports", "via")
_LANE_REQUIRED = ("id", "name", "ports")


MAX_TEXT = 200
"""Longest id or name in a map file."""

_NAME = re.compile(r"[A-Za-z0-9_]{1,40}")


def _few(ids: list[str], n: int = 5) -> str:
    """Up to n ids for a message, then how many more."""
    more = f" and {len(ids) - n} more" if len(ids) > n else ""
    return ", ".join(ids[:n]) + more


def load_map(name_or_path: str | os.PathLike[str]) -> SectorMap:
    """Load and validate a map by shipped name (`demarcation_line`) or by file path."""
    path = resolve("maps", str(name_or_path))
    source = str(path)
    if not path.is_file():
        shipped = ", ".join(list_names("maps")) or "(none)"
        raise ConfigError(source, "file", f"not found; shipped maps: {shipped}")
    text = read_text(path, source)
    raw = text.encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    if sha in _PARSED:
        return _build(copy.deepcopy(_PARSED[sha]), source, path, sha)
    data = load_yaml(text, source)
    sector_map = _build(copy.deepcopy(data), source, path, sha)  # valid: worth keeping
    if len(_PARSED) >= _PARSED_MAX:
        del _PARSED[next(iter(_PARSED))]
    _PARSED[sha] = data
    return sector_map


# Parsed map files by the hash of their bytes: parsing the YAML costs more than a game's setup
# otherwise does, and every game loads its map. Each load builds from a fresh copy.
_PARSED: dict[str, Any] = {}
_PARSED_MAX = 16


def list_maps() -> list[SectorMap]:
    """Every shipped map, loaded and validated."""
    return [load_map(name) for name in list_names("maps")]


def generate_line_map(n_sectors: int, length_km: float = 1200.0) -> SectorMap:
    """A synthetic straight line of `n_sectors` equal sectors, 2 UA and 2 RU hubs and a sea lane."""
    where = str(GENERATED_PATH)
    if isinstance(n_sectors, bool) or not isinstance(n_sectors, int):
        raise ConfigError(where, "n_sectors", f"must be a whole number, got {brief(n_sectors)}")
    if not 1 <= n_sectors <= MAX_SECTORS:
        raise ConfigError(
            where, "n_sectors", f"must be between 1 and {MAX_SECTORS}, got {brief(n_sectors)}"
        )
    if isinstance(length_km, bool) or not isinstance(length_km, int | float):
        raise ConfigError(where, "length_km", f"must be a number, got {brief(length_km)}")
    if not (math.isfinite(length_km) and 0 < length_km <= MAX_LINE_KM):
        raise ConfigError(
            where, "length_km", f"must be > 0 and at most {MAX_LINE_KM:g}, got {brief(length_km)}"
        )
    width = max(2, len(str(n_sectors)))
    ids = [f"g{i + 1:0{width}d}" for i in range(n_sectors)]
    # Straight line from near Vovchansk to near the Kinburn spit; UA hubs west, RU hubs east.
    lon0, lat0, lon1, lat1 = 36.9, 50.3, 31.8, 46.5

    def point(t: float) -> tuple[float, float]:
        return round(lon0 + (lon1 - lon0) * t, 4), round(lat0 + (lat1 - lat0) * t, 4)

    half = n_sectors / 2
    sectors = []
    for i, sid in enumerate(ids):
        lon, lat = point((i + 0.5) / n_sectors)
        north = i < half
        sectors.append(
            {
                "id": sid,
                "name": f"Sector {i + 1}",
                "oblast": OBLASTS[i * len(OBLASTS) // n_sectors],
                "length_km": float(length_km) / n_sectors,
                "terrain": TERRAINS[i % len(TERRAINS)],
                "lon": lon,
                "lat": lat,
                "neighbours": [ids[j] for j in (i - 1, i + 1) if 0 <= j < n_sectors],
                "ua_rear": "ua_north" if north else "ua_south",
                "ru_rear": "ru_north" if north else "ru_south",
            }
        )
    (nlon, nlat), (slon, slat) = point(0.25), point(0.75)
    hubs = [
        {
            "id": "ua_north",
            "name": "UA north",
            "side": "ua",
            "oblast": OBLASTS[0],
            "lon": round(nlon - 1.5, 4),
            "lat": nlat,
            "roles": ["rear_base", "counter_concentration"],
        },
        {
            "id": "ua_south",
            "name": "UA south",
            "side": "ua",
            "oblast": OBLASTS[-1],
            "lon": round(slon - 1.5, 4),
            "lat": slat,
            "roles": ["counter_concentration"],
        },
        {
            "id": "ru_north",
            "name": "RU north",
            "side": "ru",
            "oblast": OBLASTS[0],
            "lon": round(nlon + 1.5, 4),
            "lat": nlat,
        },
        {
            "id": "ru_south",
            "name": "RU south",
            "side": "ru",
            "oblast": OBLASTS[-1],
            "lon": round(slon + 1.5, 4),
            "lat": slat,
        },
    ]
    data = {
        "id": f"line_{n_sectors}",
        "name": f"Synthetic line ({n_sectors} sectors)",
        "description": f"A straight synthetic line: {n_sectors} sectors, {float(length_km):g} km.",
        "sectors": sectors,
        "hubs": hubs,
        "logistics": [
            {"from": "ua_north", "to": "ua_south", "km": float(length_km) / 2},
            {"from": "ru_north", "to": "ru_south", "km": float(length_km) / 2},
        ],
        "sea_lane": {
            "id": "black_sea",
            "name": "Black Sea lane",
            "ports": ["ua_south"],
            "via": ["bosporus"],
        },
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _build(data, str(GENERATED_PATH), GENERATED_PATH, sha)


# --- validation -------------------------------------------------------------------------------


def _kind(value: Any) -> str:
    """A short description of a value's YAML type for error messages."""
    names = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "mapping",
        type(None): "nothing (null)",
    }
    desc = names.get(type(value), type(value).__name__)
    if value is None or isinstance(value, (list, dict)):
        return desc
    shown = brief(value)
    return f"{desc} {shown}" if shown.startswith(("'", '"')) or desc != "string" else shown


class _Checker:
    """Raises ConfigError for one source with consistent field paths."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ConfigError:
        """The error to raise."""
        return ConfigError(self.source, where, problem)

    def mapping(self, value: Any, where: str, what: str) -> Mapping[str, Any]:
        """`value` as a mapping, or an error."""
        if not isinstance(value, Mapping):
            raise self.fail(where, f"must be a mapping ({what}), got {_kind(value)}")
        return value

    def keys(
        self,
        obj: Mapping[str, Any],
        where: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        needs: str,
    ) -> None:
        """Reject unknown keys, then missing ones."""
        for key in obj:
            if key not in allowed:
                name = key if isinstance(key, str) and _NAME.fullmatch(key) else "(a field)"
                raise self.fail(
                    f"{where}.{name}" if where else name,
                    f"unknown field; allowed: {', '.join(allowed)}",
                )
        for key in required:
            if key not in obj:
                raise self.fail(f"{where}.{key}" if where else key, f"missing; {needs}")

    def string(self, value: Any, where: str) -> str:
        """A non-empty string, or an error."""
        if not isinstance(value, str):
            raise self.fail(where, f"must be a string, got {_kind(value)}")
        if not value.strip():
            raise self.fail(where, "must not be empty")
        if len(value) > MAX_TEXT:
            raise self.fail(where, f"must be at most {MAX_TEXT} characters, got {len(value)}")
        if not value.isprintable():
            raise self.fail(where, "must be one line of printable text")
        return value

    def number(self, value: Any, where: str) -> float:
        """A finite number, or an error."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"must be a number, got {_kind(value)}")
        if not math.isfinite(value):
            raise self.fail(where, f"must be a finite number, got {value}")
        return float(value)

    def positive(self, value: Any, where: str, most: float) -> float:
        """A number > 0 and at most `most`, or an error."""
        x = self.number(value, where)
        if x <= 0:
            raise self.fail(where, f"must be > 0, got {value}")
        if x > most:
            raise self.fail(where, f"must be at most {most:g}, got {value:g}")
        return x

    def lon_lat(self, obj: Mapping[str, Any], where: str) -> tuple[float, float]:
        """Longitude and latitude in range, or an error."""
        lon = self.number(obj["lon"], f"{where}.lon")
        lat = self.number(obj["lat"], f"{where}.lat")
        if not -180 <= lon <= 180:
            raise self.fail(f"{where}.lon", f"longitude must be between -180 and 180, got {lon:g}")
        if not -90 <= lat <= 90:
            raise self.fail(f"{where}.lat", f"latitude must be between -90 and 90, got {lat:g}")
        return lon, lat

    def str_list(self, value: Any, where: str) -> list[str]:
        """A list of non-empty strings, or an error."""
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, got {_kind(value)}")
        return [self.string(v, f"{where}[{i}]") for i, v in enumerate(value)]

    def items(
        self, data: Mapping[str, Any], key: str, what: str, allow_empty: bool = False
    ) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(field path, mapping) for each entry of the list `data[key]`, or an error."""
        value = data.get(key, [])
        if value is None and allow_empty:
            value = []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list of {what}, got {_kind(value)}")
        if not value and not allow_empty:
            raise self.fail(key, f"must list at least one {what[:-1]}")
        for i, item in enumerate(value):
            where = f"{key}[{i}]"
            yield where, self.mapping(item, where, what[:-1])


def _check_sources(ck: _Checker, sources: Any) -> None:
    """`sources`, if given, is text or a list of texts (the source tags a map cites)."""
    if sources is None or isinstance(sources, str):
        return
    if isinstance(sources, list) and all(isinstance(s, str) for s in sources):
        return
    raise ck.fail("sources", f"must be text or a list of texts, got {_kind(sources)}")


def _build(data: Any, source: str, path: Path, sha: str) -> SectorMap:
    """Validate parsed map data and build the SectorMap."""
    ck = _Checker(source)
    if data is None:
        raise ck.fail("top level", "the file is empty; a map needs id, name, sectors and hubs")
    top = ck.mapping(data, "top level", "with id, name, sectors and hubs")
    ck.keys(top, "", _TOP_FIELDS, _TOP_REQUIRED, "a map needs id, name, sectors and hubs")
    for key, most in (("sectors", MAX_SECTORS), ("hubs", MAX_HUBS), ("logistics", 10 * MAX_HUBS)):
        items = top.get(key)
        if isinstance(items, list) and len(items) > most:
            raise ck.fail(key, f"{len(items):,} entries; a map may have at most {most:,}")
    map_id = ck.string(top["id"], "id")
    name = ck.string(top["name"], "name")
    description = top.get("description", "")
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise ck.fail("description", f"must be a string, got {_kind(description)}")
    _check_sources(ck, top.get("sources"))

    seen: dict[str, str] = {}  # id -> field path of its first use (sectors and hubs share ids)

    def claim(value: Any, where: str) -> str:
        ident = ck.string(value, where)
        if ident in seen:
            raise ck.fail(where, f"duplicate id '{ident}' (also {seen[ident].removesuffix('.id')})")
        seen[ident] = where
        return ident

    # Hubs first, so sector references can be checked as they are read.
    hubs: dict[str, Hub] = {}
    hub_where: dict[str, str] = {}
    needs = "every hub needs id, name, side, oblast, lon, lat (roles is optional)"
    for where, h in ck.items(top, "hubs", "hubs"):
        ck.keys(h, where, _HUB_FIELDS, _HUB_REQUIRED, needs)
        hid = claim(h["id"], f"{where}.id")
        side = ck.string(h["side"], f"{where}.side")
        if side not in SIDES:
            raise ck.fail(f"{where}.side", f"must be one of {', '.join(SIDES)}, got '{side}'")
        roles = ck.str_list(_or_empty(h.get("roles")), f"{where}.roles")
        for i, role in enumerate(roles):
            if role not in HUB_ROLES:
                raise ck.fail(
                    f"{where}.roles[{i}]", f"unknown role '{role}'; allowed: {', '.join(HUB_ROLES)}"
                )
        lon, lat = ck.lon_lat(h, where)
        hubs[hid] = Hub(
            hid,
            ck.string(h["name"], f"{where}.name"),
            side,
            ck.string(h["oblast"], f"{where}.oblast"),
            lon,
            lat,
            tuple(roles),
        )
        hub_where[hid] = where

    # Sectors: fields, ids and rear hubs.
    raw_sectors: list[tuple[str, dict[str, Any], list[str]]] = []
    needs = "every sector needs " + ", ".join(_SECTOR_FIELDS)
    for where, s in ck.items(top, "sectors", "sectors"):
        ck.keys(s, where, _SECTOR_FIELDS, _SECTOR_FIELDS, needs)
        sid = claim(s["id"], f"{where}.id")
        oblast = ck.string(s["oblast"], f"{where}.oblast")
        if oblast not in OBLASTS:
            raise ck.fail(
                f"{where}.oblast", f"unknown oblast '{oblast}'; allowed: {', '.join(OBLASTS)}"
            )
        terrain = ck.string(s["terrain"], f"{where}.terrain")
        if terrain not in TERRAINS:
            raise ck.fail(
                f"{where}.terrain", f"unknown terrain '{terrain}'; allowed: {', '.join(TERRAINS)}"
            )
        lon, lat = ck.lon_lat(s, where)
        fields = {
            "id": sid,
            "name": ck.string(s["name"], f"{where}.name"),
            "oblast": oblast,
            "length_km": ck.positive(s["length_km"], f"{where}.length_km", MAX_SECTOR_KM),
            "terrain": terrain,
            "lon": lon,
            "lat": lat,
        }
        for rear, side in (("ua_rear", "ua"), ("ru_rear", "ru")):
            hid = ck.string(s[rear], f"{where}.{rear}")
            if hid not in hubs:
                other = " (that is a sector, not a hub)" if hid in seen else ""
                raise ck.fail(
                    f"{where}.{rear}",
                    f"sector '{sid}' names hub '{hid}', which does not exist{other}",
                )
            if hubs[hid].side != side:
                raise ck.fail(
                    f"{where}.{rear}",
                    f"must be a {side.upper()} hub; '{hid}' is on side '{hubs[hid].side}'",
                )
            fields[rear] = hid
        raw_sectors.append((where, fields, ck.str_list(s["neighbours"], f"{where}.neighbours")))

    _unique_names(ck, [(w, f["name"]) for w, f, _ in raw_sectors])
    _unique_names(ck, [(hub_where[h.id], h.name) for h in hubs.values()])
    total = sum(f["length_km"] for _, f, _ in raw_sectors)
    if total > MAX_LINE_KM:
        raise ck.fail("sectors", f"the line is {total:,.0f} km long; at most {MAX_LINE_KM:,.0f}")
    sector_where = {f["id"]: w for w, f, _ in raw_sectors}
    nbrs: dict[str, list[str]] = {}
    for where, f, ns in raw_sectors:
        sid, key = f["id"], f"{where}.neighbours"
        for n in ns:
            if n == sid:
                raise ck.fail(key, f"sector '{sid}' lists itself as a neighbour")
            if n not in sector_where:
                other = " (that is a hub, not a sector)" if n in hubs else ""
                raise ck.fail(
                    key, f"sector '{sid}' names neighbour '{n}', which does not exist{other}"
                )
        if len(set(ns)) != len(ns):
            twice = sorted({n for n in ns if ns.count(n) > 1})
            raise ck.fail(key, f"sector '{sid}' lists a neighbour twice: {_few(twice)}")
        nbrs[sid] = ns
    for _, f, ns in raw_sectors:
        for n in ns:
            if f["id"] not in nbrs[n]:
                raise ck.fail(
                    f"{sector_where[n]}.neighbours",
                    f"asymmetric neighbours: '{f['id']}' lists '{n}' but '{n}' "
                    f"does not list '{f['id']}'",
                )
    order = _line_order(ck, [f["id"] for _, f, _ in raw_sectors], nbrs, sector_where)
    by_id = {f["id"]: f for _, f, _ in raw_sectors}
    sectors = tuple(Sector(**by_id[sid], index=i) for i, sid in enumerate(order))

    # Logistics between hubs: same side only, each side connected.
    logistics: list[tuple[str, str, float]] = []
    pairs: dict[frozenset[str], str] = {}
    needs = "every logistics edge needs from, to, km"
    for where, e in ck.items(top, "logistics", "edges", allow_empty=True):
        ck.keys(e, where, _EDGE_FIELDS, _EDGE_FIELDS, needs)
        ends = []
        for key in ("from", "to"):
            hid = ck.string(e[key], f"{where}.{key}")
            if hid not in hubs:
                other = " (that is a sector, not a hub)" if hid in sector_where else ""
                raise ck.fail(f"{where}.{key}", f"names hub '{hid}', which does not exist{other}")
            ends.append(hid)
        a, b = ends
        if a == b:
            raise ck.fail(where, f"edge from '{a}' to itself")
        if hubs[a].side != hubs[b].side:
            raise ck.fail(
                where,
                f"edge '{a}'-'{b}' crosses the line; logistics edges join hubs on the same side",
            )
        pair = frozenset(ends)
        if pair in pairs:
            raise ck.fail(where, f"duplicate edge '{a}'-'{b}' (also {pairs[pair]})")
        pairs[pair] = where
        logistics.append((a, b, ck.positive(e["km"], f"{where}.km", MAX_LINE_KM)))
    for side in SIDES:
        g: nx.Graph[str] = nx.Graph()
        g.add_nodes_from(h for h in hubs if hubs[h].side == side)
        g.add_edges_from((a, b) for a, b, _ in logistics if hubs[a].side == side)
        if g.number_of_nodes() > 1 and not nx.is_connected(g):
            first = next(iter(g.nodes))
            reached = nx.node_connected_component(g, first)
            cut = sorted(set(g.nodes) - reached)
            raise ck.fail(
                "logistics",
                f"{side.upper()} hubs are not all connected: {_few(cut)} cut off from '{first}'",
            )

    sea_lane: dict[str, Any] = {}
    if top.get("sea_lane") is not None:
        lane = ck.mapping(top["sea_lane"], "sea_lane", "with id, name, ports, via")
        ck.keys(
            lane,
            "sea_lane",
            _LANE_FIELDS,
            _LANE_REQUIRED,
            "a sea lane needs id, name, ports (via is optional)",
        )
        ports = ck.str_list(lane["ports"], "sea_lane.ports")
        for i, hid in enumerate(ports):
            if hid not in hubs:
                raise ck.fail(f"sea_lane.ports[{i}]", f"names hub '{hid}', which does not exist")
            if hubs[hid].side != "ua":
                raise ck.fail(
                    f"sea_lane.ports[{i}]",
                    f"must be a UA hub; '{hid}' is on side '{hubs[hid].side}'",
                )
        sea_lane = {
            "id": ck.string(lane["id"], "sea_lane.id"),
            "name": ck.string(lane["name"], "sea_lane.name"),
            "ports": tuple(ports),
            "via": tuple(ck.str_list(_or_empty(lane.get("via")), "sea_lane.via")),
        }

    graph = _graph(sectors, hubs, logistics)
    return SectorMap(map_id, name, description.strip(), path, sha, sectors, hubs, sea_lane, graph)


def _or_empty(value: Any) -> Any:
    """An optional list: missing or null is empty; anything else must be a list (checked later)."""
    return [] if value is None else value


def _unique_names(ck: _Checker, named: list[tuple[str, str]]) -> None:
    first: dict[str, str] = {}
    for where, name in named:
        key = name.strip().casefold()
        if key in first:
            raise ck.fail(f"{where}.name", f"duplicate name '{name}' (also {first[key]})")
        first[key] = where


def _line_order(
    ck: _Checker, ids: list[str], nbrs: dict[str, list[str]], where: dict[str, str]
) -> list[str]:
    """Sector ids ordered by walking the chain from the end listed first; checks a simple path."""
    for sid in ids:
        if len(nbrs[sid]) > 2:
            raise ck.fail(
                f"{where[sid]}.neighbours",
                f"the line is not a simple path: sector '{sid}' has "
                f"{len(nbrs[sid])} neighbours ({_few(nbrs[sid])}); a sector has 1 or 2",
            )
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from((a, b) for a in ids for b in nbrs[a])
    if not nx.is_connected(g):
        main = nx.node_connected_component(g, ids[0])
        cut = [s for s in ids if s not in main]
        raise ck.fail(
            "sectors",
            f"the line is disconnected: sectors {_few(cut)} are cut off from '{ids[0]}'",
        )
    ends = [s for s in ids if len(nbrs[s]) < 2]
    if not ends:
        raise ck.fail(
            "sectors",
            "the line is not a simple path: it closes into a cycle; "
            "the two end sectors must have one neighbour each",
        )
    order = [ends[0]]
    prev = None
    while len(order) < len(ids):
        cur = order[-1]
        nxt = next(n for n in nbrs[cur] if n != prev)
        prev = cur
        order.append(nxt)
    return order


def _graph(
    sectors: tuple[Sector, ...], hubs: dict[str, Hub], logistics: list[tuple[str, str, float]]
) -> nx.Graph:
    """The sector/hub graph with line, rear and logistics edges."""
    g: nx.Graph[str] = nx.Graph()
    for s in sectors:
        g.add_node(
            s.id,
            kind="sector",
            index=s.index,
            name=s.name,
            oblast=s.oblast,
            length_km=s.length_km,
            terrain=s.terrain,
            lon=s.lon,
            lat=s.lat,
        )
    for h in hubs.values():
        g.add_node(
            h.id,
            kind="hub",
            side=h.side,
            name=h.name,
            oblast=h.oblast,
            lon=h.lon,
            lat=h.lat,
            roles=h.roles,
        )
    for a, b in pairwise(sectors):
        g.add_edge(a.id, b.id, kind="line", km=(a.length_km + b.length_km) / 2)
    for s in sectors:
        for hid in (s.ua_rear, s.ru_rear):
            h = hubs[hid]
            g.add_edge(
                s.id, hid, kind="rear", km=float(round(great_circle_km(s.lon, s.lat, h.lon, h.lat)))
            )
    for u, v, km in logistics:
        g.add_edge(u, v, kind="logistics", km=km)
    return g
