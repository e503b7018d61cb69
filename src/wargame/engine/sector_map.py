"""The map object: sectors along the line, rear hubs, the sector/hub graph, great-circle km."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

TERRAINS: tuple[str, ...] = ("open", "urban", "forest", "river", "mixed")
"""Allowed sector terrain values."""

OBLASTS: tuple[str, ...] = ("Kharkiv", "Luhansk", "Donetsk", "Zaporizhzhia", "Kherson")
"""Oblasts the demarcation line crosses, in order from the Russian border to the Black Sea."""

SIDES: tuple[str, ...] = ("ua", "ru")
"""Hub sides: Ukrainian-held or Russian-held."""

HUB_ROLES: tuple[str, ...] = ("counter_concentration", "rear_base")
"""Allowed hub roles: rapid-unit base (001 option 4) or where a reassurance force sits."""

EARTH_RADIUS_KM = 6371.0
"""Mean Earth radius used for great-circle distances."""


@dataclass(frozen=True)
class Sector:
    """One stretch of the demarcation line; `index` is its position from the Russian border."""

    id: str
    name: str
    oblast: str
    length_km: float
    terrain: str
    lon: float
    lat: float
    ua_rear: str
    ru_rear: str
    index: int


@dataclass(frozen=True)
class Hub:
    """A rear node (city, base, depot) on one side of the line."""

    id: str
    name: str
    side: str
    oblast: str
    lon: float
    lat: float
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class SectorMap:
    """A validated map: ordered sectors, hubs, the sector/hub graph and the sea lane."""

    id: str
    name: str
    description: str
    path: Path
    sha256: str
    sectors: tuple[Sector, ...]
    hubs: dict[str, Hub]
    sea_lane: dict[str, Any]
    graph: nx.Graph[str]
    _by_id: dict[str, Sector] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Index the sectors by id."""
        object.__setattr__(self, "_by_id", {s.id: s for s in self.sectors})

    @property
    def line_length_km(self) -> float:
        """Total length of the line: the sum of the sector lengths."""
        return float(sum(s.length_km for s in self.sectors))

    @property
    def sector_ids(self) -> list[str]:
        """Sector ids in line order (a fresh list)."""
        return [s.id for s in self.sectors]

    def sector(self, sector_id: str) -> Sector:
        """The sector with this id (KeyError naming the map if there is none)."""
        try:
            return self._by_id[sector_id]
        except KeyError:
            raise KeyError(f"map '{self.id}' has no sector '{sector_id}'") from None

    def line_neighbours(self, sector_id: str) -> list[str]:
        """Ids of the sectors next to this one along the line, in line order."""
        i = self.sector(sector_id).index
        return [self.sectors[j].id for j in (i - 1, i + 1) if 0 <= j < len(self.sectors)]

    def hubs_with_role(self, role: str) -> list[Hub]:
        """Hubs that carry `role`, in file order."""
        return [h for h in self.hubs.values() if role in h.roles]

    def logistics(self) -> list[tuple[str, str, float]]:
        """Logistics edges between hubs as (hub, hub, km)."""
        return [
            (a, b, d["km"]) for a, b, d in self.graph.edges(data=True) if d["kind"] == "logistics"
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able summary of the map."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "path": str(self.path),
            "sha256": self.sha256,
            "line_length_km": self.line_length_km,
            "n_sectors": len(self.sectors),
            "sectors": [asdict(s) for s in self.sectors],
            "hubs": [{**asdict(h), "roles": list(h.roles)} for h in self.hubs.values()],
            "logistics": [{"from": a, "to": b, "km": km} for a, b, km in self.logistics()],
            "sea_lane": {
                k: list(v) if isinstance(v, (list, tuple)) else v for k, v in self.sea_lane.items()
            },
        }


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in km between two lon/lat points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
