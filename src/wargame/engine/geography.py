"""The model's geography: which sector lies where, how far apart, and what to call it."""

from __future__ import annotations

import networkx as nx

from wargame.engine.sector_map import SectorMap
from wargame.engine.state import State


def _km_marks(sector_map: SectorMap) -> list[tuple[str, float]]:
    marks, total = [], 0.0
    for s in sector_map.sectors:
        total += s.length_km
        marks.append((s.id, total))
    return marks


# Shortest distances on the coalition's side of a map, by the map's hash: only mobile units need
# them, and all-pairs shortest paths cost more than the rest of a game's setup on a large map.
_DISTANCES: dict[str, dict[str, dict[str, float]]] = {}
_DISTANCES_MAX = 8


def _own_side_distances(sector_map: SectorMap) -> dict[str, dict[str, float]]:
    """All-pairs shortest km over the map without Russian hubs (shared; do not change it)."""
    key = f"{sector_map.id}:{sector_map.sha256}"
    found = _DISTANCES.get(key)
    if found is None:
        # The coalition moves on the Ukrainian-held side only: no routes through Russian hubs.
        own_side = sector_map.graph.subgraph(
            n
            for n, d in sector_map.graph.nodes(data=True)
            if d.get("kind") != "hub" or d.get("side") == "ua"
        )
        found = dict(nx.all_pairs_dijkstra_path_length(own_side, weight="km"))
        if len(_DISTANCES) >= _DISTANCES_MAX:
            del _DISTANCES[next(iter(_DISTANCES))]
        _DISTANCES[key] = found
    return found


class Geography(State):
    """The model's questions about places: which sector, how far, what to call it (a mixin)."""

    def sector_at_km(self, km: float) -> str:
        """The sector containing a kilometre mark along the line."""
        for sector_id, end in self._km_marks:
            if km < end:
                return sector_id
        return self._km_marks[-1][0]

    @property
    def _distances(self) -> dict[str, dict[str, float]]:
        """Shortest km between the map's nodes on the coalition's side (computed on first use)."""
        return _own_side_distances(self.map)

    def distance_km(self, a: str, b: str) -> float:
        """Shortest distance over the map graph (line, rear and logistics edges)."""
        return self._distances.get(a, {}).get(b, float("inf"))

    def sector_label(self, sector: str | None) -> str:
        """'sector 14 (Donetsk)'-style label."""
        if sector is None:
            return "the rear"
        s = self.map.sector(sector)
        return f"sector {s.index + 1} {s.name} ({s.oblast})"
