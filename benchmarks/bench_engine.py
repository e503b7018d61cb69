"""How fast is one game, against the floor of a bare Mesa model of the same size?

    .venv/bin/python benchmarks/bench_engine.py            # a table
    .venv/bin/python benchmarks/bench_engine.py --json     # one JSON object
    .venv/bin/python benchmarks/bench_engine.py --runs 3 --no-big-map

Measures, each as the median of --runs runs with different seeds:
  game      one default game (520 weeks unless it ends sooner) with the default policies
  floor     a bare mesa.Model with as many mesa.Agents as the game has actors, whose step only
            calls `self.agents.do("step")` on agents that do nothing, for as many steps
  ratio     game time per week / floor time per step (the target is <= 5, a later issue)
  big map   the same game on a generated 240-sector line (`generate_line_map(240)`)
Times include building the model. A game that ends early (the ceasefire collapses) is compared
with the floor per week played. Not a test: it prints numbers and always exits 0 on success.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import mesa

import wargame

WEEKS = 520  # a ten-year game (defaults.yaml: years: 10)
BIG_MAP_SECTORS = 240
FIRST_SEED = 1


# -- the game -------------------------------------------------------------------------------------


def build_game(seed: int, sector_map: Any = None) -> Any:
    """A ready-to-run default game with the default policies (the session API)."""
    from wargame.session import new_game

    return new_game(scenario="default", seed=seed, sector_map=sector_map)


def _weeks_played(game: Any) -> int:
    model = getattr(game, "model", game)
    return int(model.week)


def time_game(seed: int, sector_map: Any = None) -> tuple[float, int]:
    start = time.perf_counter()
    game = build_game(seed, sector_map)
    game.run()
    elapsed = time.perf_counter() - start
    return elapsed, _weeks_played(game)


# -- the floor ------------------------------------------------------------------------------------


class IdleAgent(mesa.Agent):
    def step(self) -> None:
        pass


class FloorModel(mesa.Model):
    """The least a Mesa model with n agents can cost a step."""

    def __init__(self, n_agents: int, seed: int) -> None:
        super().__init__(rng=seed)
        for _ in range(n_agents):
            IdleAgent(self)

    def step(self) -> None:
        self.agents.do("step")


def time_floor(n_agents: int, steps: int, seed: int) -> float:
    start = time.perf_counter()
    model = FloorModel(n_agents, seed)
    for _ in range(steps):
        model.step()
    return time.perf_counter() - start


def count_actors(sector_map: Any = None) -> int:
    game = build_game(FIRST_SEED, sector_map)
    return len(getattr(game, "model", game).agents)


# -- reporting ------------------------------------------------------------------------------------


def _median_runs(fn: Callable[[int], tuple[float, int]], runs: int) -> dict[str, Any]:
    results = [fn(FIRST_SEED + i) for i in range(runs)]
    seconds = [r[0] for r in results]
    weeks = [r[1] for r in results]
    per_week = [s / w for s, w in zip(seconds, weeks, strict=True) if w]
    return {
        "seconds": statistics.median(seconds),
        "weeks": statistics.median(weeks),
        "seconds_per_week": statistics.median(per_week) if per_week else None,
        "runs": [
            {"seed": FIRST_SEED + i, "seconds": s, "weeks": w} for i, (s, w) in enumerate(results)
        ],
    }


def measure(runs: int, big_map: bool) -> dict[str, Any]:
    n_agents = count_actors()
    game = _median_runs(time_game, runs)
    floor = _median_runs(lambda seed: (time_floor(n_agents, WEEKS, seed), WEEKS), runs)
    out: dict[str, Any] = {
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "wargame": getattr(wargame, "__version__", "?"),
        "runs": runs,
        "agents": n_agents,
        "game": game,
        "floor": floor,
        "ratio": game["seconds_per_week"] / floor["seconds_per_week"],
    }
    if big_map:
        from wargame.map import generate_line_map

        sector_map = generate_line_map(BIG_MAP_SECTORS)
        n_big = count_actors(sector_map)
        big = _median_runs(lambda seed: time_game(seed, sector_map), runs)
        big_floor = _median_runs(lambda seed: (time_floor(n_big, WEEKS, seed), WEEKS), runs)
        out["big_map"] = {
            "sectors": BIG_MAP_SECTORS,
            "agents": n_big,
            "game": big,
            "floor": big_floor,
            "ratio": big["seconds_per_week"] / big_floor["seconds_per_week"],
        }
    return out


def table(result: dict[str, Any]) -> str:
    rows = [("", "median s", "weeks", "ms/week", "x floor")]

    def add(label: str, m: dict[str, Any], ratio: float | None) -> None:
        rows.append(
            (
                label,
                f"{m['seconds']:.4f}",
                f"{m['weeks']:g}",
                f"{m['seconds_per_week'] * 1000:.4f}",
                f"{ratio:.1f}" if ratio is not None else "1.0",
            )
        )

    add("default game (24 sectors)", result["game"], result["ratio"])
    add(f"floor ({result['agents']} idle agents)", result["floor"], None)
    if "big_map" in result:
        big = result["big_map"]
        add(f"default game ({big['sectors']} sectors)", big["game"], big["ratio"])
        add(f"floor ({big['agents']} idle agents)", big["floor"], None)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    head = (
        f"median of {result['runs']} runs (seeds {FIRST_SEED}-{FIRST_SEED + result['runs'] - 1}); "
        f"Python {result['python']}, Mesa {result['mesa']}"
    )
    return "\n".join([head, *lines, "target (later issue): a game within 5x the floor per week"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--no-big-map", action="store_true", help=f"skip the {BIG_MAP_SECTORS}-sector map"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    result = measure(args.runs, big_map=not args.no_big_map)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
