"""Tests for the map layer: shipped maps, graph, validation errors, generated lines."""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

try:  # a plain checkout without an editable install
    import wargame  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wargame.config.maps import (
    OBLASTS,
    SectorMap,
    generate_line_map,
    great_circle_km,
    list_maps,
    load_map,
)
from wargame.errors import ConfigError
from wargame.paths import data_dir

FINE = "demarcation_line"
COARSE = "coarse_line"


@pytest.fixture(params=[FINE, COARSE])
def shipped(request: pytest.FixtureRequest) -> SectorMap:
    """Each shipped map, loaded."""
    return load_map(request.param)


@pytest.fixture
def raw() -> dict[str, Any]:
    """The fine map's YAML as a dict, to break in tests."""
    return yaml.safe_load((data_dir("maps") / f"{FINE}.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any, name: str = "broken.yaml") -> Path:
    """Dump `data` to a YAML file in tmp_path."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def expect_error(path: Path, field: str, fragment: str) -> ConfigError:
    """Load `path`, expect one ConfigError naming the file and `field`, with `fragment`."""
    with pytest.raises(ConfigError) as info:
        load_map(str(path))
    err = info.value
    message = str(err)
    assert err.source == str(path)
    assert str(path) in message
    assert err.field == field, message
    assert f": {field}: " in message
    assert fragment in err.problem, message
    assert "\n" not in message
    return err


# --- shipped maps -----------------------------------------------------------------------------


def test_both_shipped_maps_load() -> None:
    maps = {m.id: m for m in list_maps()}
    assert {FINE, COARSE} <= set(maps)
    assert len(maps[FINE].sectors) == 24  # 001 EUR+: one unit every 50 km
    assert len(maps[COARSE].sectors) == 12  # 001 UA-supported: one unit every 100 km
    assert maps[FINE].sector_ids == [f"s{i:02d}" for i in range(1, 25)]
    assert maps[COARSE].sector_ids == [f"c{i:02d}" for i in range(1, 13)]


def test_line_is_1200_km(shipped: SectorMap) -> None:
    # 001: the demarcation zone is the current front line, about 1,200 km.
    assert math.isclose(shipped.line_length_km, 1200.0)
    assert math.isclose(sum(s.length_km for s in shipped.sectors), 1200.0)
    spacing = 1200.0 / len(shipped.sectors)
    assert all(0.8 * spacing <= s.length_km <= 1.2 * spacing for s in shipped.sectors)


def test_order_runs_from_kharkiv_to_kherson(shipped: SectorMap) -> None:
    first, last = shipped.sectors[0], shipped.sectors[-1]
    assert first.oblast == "Kharkiv" and "Vovchansk" in first.name
    assert last.oblast == "Kherson" and "Kinburn" in last.name
    ranks = [OBLASTS.index(s.oblast) for s in shipped.sectors]
    assert ranks == sorted(ranks), "oblasts must follow the line in order"
    assert set(ranks) == set(range(len(OBLASTS)))
    assert [s.index for s in shipped.sectors] == list(range(len(shipped.sectors)))


def test_graph_connectivity(shipped: SectorMap) -> None:
    g = shipped.graph
    sectors = [n for n, d in g.nodes(data=True) if d["kind"] == "sector"]
    hubs = [n for n, d in g.nodes(data=True) if d["kind"] == "hub"]
    assert sectors and set(sectors) == set(shipped.sector_ids)
    assert set(hubs) == set(shipped.hubs)
    assert nx.is_connected(g)
    line = nx.Graph([(a, b) for a, b, d in g.edges(data=True) if d["kind"] == "line"])
    assert nx.is_isomorphic(line, nx.path_graph(len(sectors)))
    for side in ("ua", "ru"):
        side_hubs = {h for h in hubs if shipped.hubs[h].side == side}
        logi = g.edge_subgraph(
            (a, b) for a, b, d in g.edges(data=True) if d["kind"] == "logistics" and a in side_hubs
        )
        assert set(logi.nodes) == side_hubs and nx.is_connected(logi)
    for a, b, d in g.edges(data=True):
        if d["kind"] == "logistics":
            assert shipped.hubs[a].side == shipped.hubs[b].side
            assert d["km"] > 0


def test_edge_distances(shipped: SectorMap) -> None:
    g = shipped.graph
    for a, b in zip(shipped.sectors, shipped.sectors[1:], strict=False):
        edge = g.edges[a.id, b.id]
        assert edge["kind"] == "line"
        assert edge["km"] == pytest.approx((a.length_km + b.length_km) / 2)
    for s in shipped.sectors:
        for hid, side in ((s.ua_rear, "ua"), (s.ru_rear, "ru")):
            hub = shipped.hubs[hid]
            assert hub.side == side
            edge = g.edges[s.id, hid]
            assert edge["kind"] == "rear"
            assert edge["km"] == round(great_circle_km(s.lon, s.lat, hub.lon, hub.lat))
            assert 0 < edge["km"] < 400


def test_great_circle_km() -> None:
    # Kyiv - Kharkiv is about 410 km as the crow flies.
    assert great_circle_km(30.52, 50.45, 36.23, 49.99) == pytest.approx(410, abs=10)
    assert great_circle_km(30.0, 50.0, 30.0, 50.0) == 0


def test_four_counter_concentration_hubs(shipped: SectorMap) -> None:
    # 001 option 4: rapid units at Luhansk, Donetsk, Zaporizhzhia and Kherson.
    rapid = shipped.hubs_with_role("counter_concentration")
    assert len(rapid) == 4
    assert all(h.side == "ua" for h in rapid)
    rapid_ids = {h.id for h in rapid}
    for oblast in ("Luhansk", "Donetsk", "Zaporizhzhia", "Kherson"):
        assert any(s.ua_rear in rapid_ids for s in shipped.sectors if s.oblast == oblast), oblast
    rear = shipped.hubs_with_role("rear_base")
    assert [h.id for h in rear] in (["ua_kyiv"], ["ua_dnipro"])
    assert shipped.hubs_with_role("no_such_role") == []


def test_sea_lane(shipped: SectorMap) -> None:
    lane = shipped.sea_lane
    assert lane["id"] == "black_sea"
    assert lane["ports"] and all(shipped.hubs[p].side == "ua" for p in lane["ports"])
    assert "bosporus" in lane["via"]


def test_coarse_and_fine_share_hubs() -> None:
    fine, coarse = load_map(FINE), load_map(COARSE)
    assert fine.hubs == coarse.hubs
    assert sorted(map(sorted, fine.graph.edges)) != sorted(map(sorted, coarse.graph.edges))
    assert fine.sea_lane == coarse.sea_lane
    assert {frozenset((a, b)): km for a, b, km in fine.logistics()} == {
        frozenset((a, b)): km for a, b, km in coarse.logistics()
    }


def test_lookups_and_summary() -> None:
    m = load_map(FINE)
    assert m.sector("s05").name and m.sector("s05").index == 4
    assert m.line_neighbours("s01") == ["s02"]
    assert m.line_neighbours("s05") == ["s04", "s06"]
    assert m.line_neighbours("s24") == ["s23"]
    with pytest.raises(KeyError, match="s99"):
        m.sector("s99")
    summary = json.loads(json.dumps(m.to_dict()))
    assert summary["id"] == FINE and summary["n_sectors"] == 24
    assert summary["line_length_km"] == 1200.0
    assert summary["sha256"] == m.sha256
    assert [s["id"] for s in summary["sectors"]] == m.sector_ids
    assert len(summary["hubs"]) == len(m.hubs)
    assert summary["sea_lane"]["ports"] == list(m.sea_lane["ports"])


def test_load_by_name_and_by_path(tmp_path: Path) -> None:
    by_name = load_map(FINE)
    by_path = load_map(str(data_dir("maps") / f"{FINE}.yaml"))
    assert by_name.sha256 == by_path.sha256
    assert by_name.path.resolve() == by_path.path.resolve()
    assert load_map(by_path.path).sector_ids == by_name.sector_ids


def test_sha256_changes_with_the_file(tmp_path: Path) -> None:
    src = data_dir("maps") / f"{FINE}.yaml"
    path = tmp_path / "copy.yaml"
    path.write_bytes(src.read_bytes())
    before = load_map(str(path))
    assert before.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    path.write_bytes(src.read_bytes() + b"# an edit\n")
    after = load_map(str(path))
    assert after.sha256 != before.sha256
    assert after.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_order_follows_the_chain_not_the_file(tmp_path: Path, raw: dict[str, Any]) -> None:
    first, rest = raw["sectors"][0], raw["sectors"][1:]
    random.Random(7).shuffle(rest)
    raw["sectors"] = [first, *rest]
    m = load_map(str(write(tmp_path, raw)))
    assert m.sector_ids == [f"s{i:02d}" for i in range(1, 25)]


# --- validation -------------------------------------------------------------------------------


def test_missing_file_lists_shipped_maps(tmp_path: Path) -> None:
    err = expect_error(tmp_path / "nope.yaml", "file", "not found")
    assert FINE in err.problem and COARSE in err.problem
    with pytest.raises(ConfigError, match=f"shipped maps: .*{FINE}"):
        load_map("no_such_map")


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nname: y\nsectors: [\n  - {id: s01\nhubs: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_map(str(path))
    assert info.value.field.startswith("line ")
    assert "YAML syntax error" in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("- a\n- b\n", "must be a mapping"), ("", "empty"), ("just a string\n", "must be a mapping")],
)
def test_top_level_not_a_mapping(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "top.yaml"
    path.write_text(text, encoding="utf-8")
    expect_error(path, "top level", fragment)


def _set(*keys: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets data[k1][k2]... = value."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return mutate


def _del(*keys: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that deletes data[k1][k2]..."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for k in keys[:-1]:
            target = target[k]
        del target[keys[-1]]

    return mutate


def _both(*mutations: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """Apply several mutations."""

    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)

    return mutate


def _hub_index(data: dict[str, Any], hub_id: str) -> int:
    return next(i for i, h in enumerate(data["hubs"]) if h["id"] == hub_id)


def _drop_logistics_of(hub_id: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["logistics"] = [e for e in data["logistics"] if hub_id not in (e["from"], e["to"])]

    return mutate


def _logistics(frm: str, to: str, km: float = 100) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["logistics"].append({"from": frm, "to": to, "km": km})

    return mutate


def _hub_field(hub_id: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["hubs"][_hub_index(data, hub_id)][key] = value

    return mutate


INVALID = {
    # missing fields
    "missing top-level sectors": (_del("sectors"), "sectors", "missing"),
    "missing length": (
        _del("sectors", 3, "length_km"),
        "sectors[3].length_km",
        "missing; every sector needs id, name, oblast, length_km, terrain, lon, lat, "
        "neighbours, ua_rear, ru_rear",
    ),
    "missing ua_rear": (_del("sectors", 0, "ua_rear"), "sectors[0].ua_rear", "missing"),
    "missing hub side": (_del("hubs", 0, "side"), "hubs[0].side", "missing"),
    "missing logistics km": (_del("logistics", 0, "km"), "logistics[0].km", "missing"),
    "unknown sector field": (
        _set("sectors", 2, "neighbors", value=["s02"]),
        "sectors[2].neighbors",
        "unknown field; allowed: id, name",
    ),
    # wrong types
    "length is text": (
        _set("sectors", 3, "length_km", value="fifty"),
        "sectors[3].length_km",
        "must be a number, got string 'fifty'",
    ),
    "neighbours not a list": (
        _set("sectors", 3, "neighbours", value="s03"),
        "sectors[3].neighbours",
        "must be a list",
    ),
    "sectors not a list": (_set("sectors", value={"a": 1}), "sectors", "must be a list"),
    "sector not a mapping": (_set("sectors", 5, value="s06"), "sectors[5]", "must be a mapping"),
    "id is a number": (_set("sectors", 0, "id", value=1), "sectors[0].id", "must be a string"),
    "hub lat is text": (_hub_field("ua_kyiv", "lat", "north"), "hubs[0].lat", "must be a number"),
    "length is boolean": (
        _set("sectors", 1, "length_km", value=True),
        "sectors[1].length_km",
        "must be a number",
    ),
    # bad values
    "negative length": (
        _set("sectors", 3, "length_km", value=-50),
        "sectors[3].length_km",
        "must be > 0, got -50",
    ),
    "zero length": (
        _set("sectors", 7, "length_km", value=0),
        "sectors[7].length_km",
        "must be > 0, got 0",
    ),
    "zero logistics km": (_set("logistics", 2, "km", value=0), "logistics[2].km", "must be > 0"),
    "unknown terrain": (
        _set("sectors", 4, "terrain", value="swamp"),
        "sectors[4].terrain",
        "unknown terrain 'swamp'; allowed: open, urban, forest, river, mixed",
    ),
    "unknown oblast": (
        _set("sectors", 4, "oblast", value="Crimea"),
        "sectors[4].oblast",
        "allowed: Kharkiv",
    ),
    "unknown side": (_hub_field("ua_kyiv", "side", "eu"), "hubs[0].side", "must be one of ua, ru"),
    "unknown role": (
        _hub_field("ua_kyiv", "roles", ["hq"]),
        "hubs[0].roles[0]",
        "unknown role 'hq'",
    ),
    "lon out of range": (
        _set("sectors", 0, "lon", value=200.0),
        "sectors[0].lon",
        "between -180 and 180, got 200",
    ),
    "lat out of range": (
        _hub_field("ua_kyiv", "lat", -95),
        "hubs[0].lat",
        "between -90 and 90, got -95",
    ),
    # duplicate ids
    "duplicate sector id": (
        _set("sectors", 4, "id", value="s04"),
        "sectors[4].id",
        "duplicate id 's04' (also sectors[3])",
    ),
    "sector id equals hub id": (
        _set("sectors", 0, "id", value="ua_kyiv"),
        "sectors[0].id",
        "duplicate id 'ua_kyiv'",
    ),
    "duplicate logistics edge": (
        _logistics("ua_kharkiv", "ua_kyiv"),
        "logistics[17]",
        "duplicate edge",
    ),
    # dangling references
    "dangling neighbour": (
        _set("sectors", 3, "neighbours", value=["s03", "s99"]),
        "sectors[3].neighbours",
        "'s99'",
    ),
    "neighbour is a hub": (
        _set("sectors", 23, "neighbours", value=["s23", "ua_odesa"]),
        "sectors[23].neighbours",
        "'ua_odesa', which does not exist (that is a hub, not a sector)",
    ),
    "dangling ua_rear": (
        _set("sectors", 2, "ua_rear", value="ua_poltava"),
        "sectors[2].ua_rear",
        "'ua_poltava'",
    ),
    "dangling ru_rear": (
        _set("sectors", 2, "ru_rear", value="ru_kursk"),
        "sectors[2].ru_rear",
        "'ru_kursk'",
    ),
    "dangling logistics endpoint": (
        _set("logistics", 1, "to", value="ua_lviv"),
        "logistics[1].to",
        "'ua_lviv'",
    ),
    "dangling sea-lane port": (
        _set("sea_lane", "ports", value=["ua_odesa", "ua_izmail"]),
        "sea_lane.ports[1]",
        "'ua_izmail'",
    ),
    # wrong side
    "ua_rear on the RU side": (
        _set("sectors", 0, "ua_rear", value="ru_belgorod"),
        "sectors[0].ua_rear",
        "must be a UA hub; 'ru_belgorod' is on side 'ru'",
    ),
    "ru_rear on the UA side": (
        _set("sectors", 0, "ru_rear", value="ua_kharkiv"),
        "sectors[0].ru_rear",
        "must be a RU hub",
    ),
    "sea-lane port on the RU side": (
        _set("sea_lane", "ports", value=["ru_dzhankoi"]),
        "sea_lane.ports[0]",
        "must be a UA hub",
    ),
    "logistics crosses the line": (
        _logistics("ua_kharkiv", "ru_belgorod"),
        "logistics[17]",
        "crosses the line",
    ),
    "UA hubs not connected": (
        _drop_logistics_of("ua_odesa"),
        "logistics",
        "UA hubs are not all connected: ua_odesa",
    ),
    # line shape
    "asymmetric neighbours": (
        _set("sectors", 3, "neighbours", value=["s03"]),
        "sectors[3].neighbours",
        "asymmetric neighbours: 's05' lists 's04' but 's04' does not list 's05'",
    ),
    "neighbour of itself": (
        _set("sectors", 0, "neighbours", value=["s02", "s01"]),
        "sectors[0].neighbours",
        "itself",
    ),
    "disconnected line": (
        _both(
            _set("sectors", 11, "neighbours", value=["s11"]),
            _set("sectors", 12, "neighbours", value=["s14"]),
        ),
        "sectors",
        "the line is disconnected: sectors s13, s14, s15",
    ),
    "branching line": (
        _both(
            _set("sectors", 4, "neighbours", value=["s04", "s06", "s10"]),
            _set("sectors", 9, "neighbours", value=["s09", "s11", "s05"]),
        ),
        "sectors[4].neighbours",
        "not a simple path: sector 's05' has 3 neighbours",
    ),
    "line closes into a cycle": (
        _both(
            _set("sectors", 0, "neighbours", value=["s02", "s24"]),
            _set("sectors", 23, "neighbours", value=["s23", "s01"]),
        ),
        "sectors",
        "cycle",
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_map(tmp_path: Path, raw: dict[str, Any], case: str) -> None:
    mutate, field, fragment = INVALID[case]
    data = copy.deepcopy(raw)
    mutate(data)
    expect_error(write(tmp_path, data), field, fragment)


def test_untouched_copy_is_valid(tmp_path: Path, raw: dict[str, Any]) -> None:
    m = load_map(str(write(tmp_path, raw)))
    assert m.sector_ids == load_map(FINE).sector_ids


# --- generated lines --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 24, 96, 240])
def test_generate_line_map(n: int) -> None:
    m = generate_line_map(n)
    assert len(m.sectors) == n
    assert m.line_length_km == pytest.approx(1200.0)
    assert m.path == Path("<generated>")
    assert [s.index for s in m.sectors] == list(range(n))
    assert sorted(h.side for h in m.hubs.values()) == ["ru", "ru", "ua", "ua"]
    assert m.sea_lane["ports"] and all(m.hubs[p].side == "ua" for p in m.sea_lane["ports"])
    assert nx.is_connected(m.graph)
    line = [(a, b) for a, b, d in m.graph.edges(data=True) if d["kind"] == "line"]
    assert len(line) == n - 1
    assert m.sectors[0].oblast == "Kharkiv"
    assert n == 1 or m.sectors[-1].oblast == "Kherson"
    json.dumps(m.to_dict())


def test_generated_map_is_deterministic() -> None:
    a, b = generate_line_map(96), generate_line_map(96)
    assert a.sha256 == b.sha256 and len(a.sha256) == 64
    assert a.sector_ids == b.sector_ids
    assert generate_line_map(240).sha256 != a.sha256
    assert generate_line_map(96, length_km=600).sha256 != a.sha256
    assert generate_line_map(96, length_km=600).line_length_km == pytest.approx(600)


@pytest.mark.parametrize(
    ("n", "km"),
    [
        (0, 1200.0),
        (-3, 1200.0),
        (10, 0.0),
        (10, -5.0),
        (1001, 1200.0),
        (200_000, 1200.0),
        (True, 1200.0),
        (2.0, 1200.0),
        ("24", 1200.0),
        (10, math.nan),
        (10, math.inf),
        (10, 1e308),
        (10, True),
    ],
)
def test_generate_line_map_rejects_bad_sizes(n: Any, km: Any) -> None:
    """Refused with one ConfigError before anything is built (200,000 sectors took 1.4 GB)."""
    with pytest.raises(ConfigError, match=r"^<generated>: (n_sectors|length_km): "):
        generate_line_map(n, km)
