"""How fast is one game, against the floor of a bare Mesa model, and how does it scale?

    .venv/bin/python benchmarks/bench_engine.py                 # tables
    .venv/bin/python benchmarks/bench_engine.py --json          # one JSON object
    .venv/bin/python benchmarks/bench_engine.py --runs 3 --scale-runs 1 --no-scaling

Measures, each as the median of runs with seeds 1, 2, ...:
  game      one default game (520 weeks unless it ends sooner) with the default policies
  floor     a bare mesa.Model with as many mesa.Agents as the game has actors, whose step only
            calls `self.agents.do("step")` on agents that do nothing, for 520 steps
  ratio     game time / floor time, per week (= per game when the game lasts 520 weeks)
  recorded  the default game written to a record (`--record`: a line and a state digest a week)
  idle      the default game with every actor's policy replaced by one that does nothing
            (BasePolicy): the rules alone, with observations built and nothing decided
  asking    the floor model whose agents each, every step, hand a three-key observation to a
            plain-callable policy that returns no actions, and check the answer is a list: the
            least that "policies are plain callables asked every week" can cost in Python
  sectors   ms per week on generated lines of 24, 96 and 240 sectors (`generate_line_map`),
            with the default policies (games end when they end) and with Russia `compliant`
            (every game lasts 520 weeks); the growth exponent is the log-log slope
  nations   ms per week with 6, 18 (the default) and 36 coalition nations, likewise
Times include building the model. Not a test: it prints numbers and exits 0.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

import mesa

import wargame

WEEKS = 520  # a ten-year game (defaults.yaml: years: 10)
FIRST_SEED = 1
SECTORS = (24, 96, 240)
NATIONS = (6, 18, 36)
EXTRA_CODES = [f"x{c}" for c in "abcdefghijklmnopqrstuvwxyz"]  # made-up ISO-style codes
# (label, policies): the game as it plays out, and one that always lasts the full horizon.
VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("default policies", {}),
    ("russia=compliant", {"russia": "compliant"}),
)


# -- the game -------------------------------------------------------------------------------------


def build_game(
    seed: int,
    sector_map: Any = None,
    scenario: str | Mapping[str, Any] = "default",
    policies: Mapping[str, str] | None = None,
) -> Any:
    """A ready-to-run game with the default policies unless `policies` says otherwise."""
    from wargame.play.session import new_game

    return new_game(scenario=scenario, seed=seed, sector_map=sector_map, policies=policies)


def time_game(seed: int, **game: Any) -> tuple[float, int]:
    """Seconds to build and play one game to its end, and the weeks it lasted."""
    start = time.perf_counter()
    played = build_game(seed, **game)
    played.run()
    return time.perf_counter() - start, int(played.model.week)


def time_recorded_game(seed: int) -> tuple[float, int]:
    """Seconds to build, play and record one default game (as the browser game does)."""
    import tempfile
    from pathlib import Path

    from wargame.play.session import new_game

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        played = new_game("default", seed=seed, record=Path(folder) / "game.wgr.jsonl")
        played.run()
        played.close()
        return time.perf_counter() - start, int(played.model.week)


def time_idle_game(seed: int) -> tuple[float, int]:
    """Seconds to build and play the default game with every actor idle, and its weeks."""
    from wargame.policies.policy import BasePolicy

    start = time.perf_counter()
    played = build_game(seed)
    for actor, policy in list(played.deciders.items()):
        played.deciders[actor] = BasePolicy(actor, policy.rng)
    played.run()
    return time.perf_counter() - start, int(played.model.week)


def settings_with_nations(n: int) -> dict[str, Any]:
    """The default scenario's settings with n coalition nations (the defaults, cycled)."""
    from wargame.config.scenario import load_scenario

    settings = load_scenario("default").to_dict()
    base = list(settings["nations"].items())
    nations: dict[str, Any] = {}
    for i in range(n):
        code, nation = base[i % len(base)]
        nations[code if i < len(base) else EXTRA_CODES[i - len(base)]] = dict(nation)
    settings["nations"] = nations
    return settings


# -- the floor ------------------------------------------------------------------------------------


class IdleAgent(mesa.Agent):
    """An agent that does nothing."""

    def step(self) -> None:
        """Nothing."""


class FloorModel(mesa.Model):
    """The least a Mesa model with n agents can cost a step."""

    def __init__(self, n_agents: int, seed: int) -> None:
        super().__init__(rng=seed)
        for _ in range(n_agents):
            IdleAgent(self)

    def step(self) -> None:
        """Every agent does nothing."""
        self.agents.do("step")


def idle_policy(observation: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A policy that decides nothing."""
    return []


class AskingAgent(mesa.Agent):
    """An agent that asks its policy every step and checks the answer."""

    def step(self) -> None:
        """Build a tiny observation, ask the policy, check it answered with a list."""
        observation = {"week": self.model.steps, "actor": self.unique_id, "legal": ()}
        actions = idle_policy(observation)
        if not isinstance(actions, list):
            raise TypeError("a policy must return a list of actions")


class AskingModel(FloorModel):
    """The floor, with every agent asking a do-nothing policy each step."""

    def __init__(self, n_agents: int, seed: int) -> None:
        mesa.Model.__init__(self, rng=seed)
        for _ in range(n_agents):
            AskingAgent(self)


def time_floor(n_agents: int, steps: int, seed: int, model_class: type = FloorModel) -> float:
    """Seconds to build the floor model and run it for `steps` steps."""
    start = time.perf_counter()
    model = model_class(n_agents, seed)
    for _ in range(steps):
        model.step()
    return time.perf_counter() - start


def count_actors(**game: Any) -> int:
    """How many Mesa agents a game has."""
    return len(build_game(FIRST_SEED, **game).model.agents)


# -- measuring ------------------------------------------------------------------------------------


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


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x): the growth exponent."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def scaling(
    points: tuple[int, ...], game_for: Callable[[int], dict[str, Any]], runs: int
) -> dict[str, Any]:
    """ms per week at each point for each policy variant, and the log-log growth exponent."""
    out: dict[str, Any] = {}
    for label, policies in VARIANTS:
        rows = []
        for n in points:
            game = game_for(n)
            m = _median_runs(
                lambda seed, g=game, p=policies: time_game(seed, policies=p, **g), runs
            )
            rows.append({"n": n, **m})
        ms = [r["seconds_per_week"] * 1000 for r in rows]
        out[label] = {"points": rows, "exponent": slope([float(n) for n in points], ms)}
    return out


def measure(runs: int, scale_runs: int, with_scaling: bool) -> dict[str, Any]:
    """Every number of the benchmark as one JSON-able dict."""
    n_agents = count_actors()
    game = _median_runs(time_game, runs)
    floor = _median_runs(lambda seed: (time_floor(n_agents, WEEKS, seed), WEEKS), runs)
    out: dict[str, Any] = {
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "wargame": getattr(wargame, "__version__", "?"),
        "runs": runs,
        "scale_runs": scale_runs,
        "agents": n_agents,
        "game": game,
        "floor": floor,
        "ratio": game["seconds_per_week"] / floor["seconds_per_week"],
    }
    out["recorded"] = _median_runs(time_recorded_game, runs)
    out["idle"] = _median_runs(time_idle_game, runs)
    out["asking"] = _median_runs(
        lambda seed: (time_floor(n_agents, WEEKS, seed, AskingModel), WEEKS), runs
    )
    for key in ("recorded", "idle", "asking"):
        out[f"{key}_ratio"] = out[key]["seconds_per_week"] / floor["seconds_per_week"]
    if with_scaling:
        from wargame.config.maps import generate_line_map

        maps = {n: generate_line_map(n) for n in SECTORS}
        out["sectors"] = scaling(SECTORS, lambda n: {"sector_map": maps[n]}, scale_runs)
        nations = {n: settings_with_nations(n) for n in NATIONS}
        out["nations"] = scaling(NATIONS, lambda n: {"scenario": nations[n]}, scale_runs)
    return out


# -- reporting ------------------------------------------------------------------------------------


def _render(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return lines


def table(result: dict[str, Any]) -> str:
    """The result as readable tables."""
    rows = [("", "median s", "weeks", "ms/week", "x floor")]
    for label, m, ratio in (
        ("default game (24 sectors)", result["game"], f"{result['ratio']:.1f}"),
        (f"floor ({result['agents']} idle agents)", result["floor"], "1.0"),
        ("default game, recorded", result["recorded"], f"{result['recorded_ratio']:.1f}"),
        ("game, every policy idle", result["idle"], f"{result['idle_ratio']:.1f}"),
        (
            f"floor, {result['agents']} agents asking a policy",
            result["asking"],
            f"{result['asking_ratio']:.1f}",
        ),
    ):
        rows.append(
            (
                label,
                f"{m['seconds']:.4f}",
                f"{m['weeks']:g}",
                f"{m['seconds_per_week'] * 1000:.4f}",
                ratio,
            )
        )
    head = (
        f"median of {result['runs']} runs (seeds {FIRST_SEED}-{FIRST_SEED + result['runs'] - 1}); "
        f"Python {result['python']}, Mesa {result['mesa']}"
    )
    out = [head, *_render(rows), "target: a game within 5x the floor"]
    for key, unit in (("sectors", "sectors (generated line)"), ("nations", "coalition nations")):
        if key not in result:
            continue
        out.append("")
        out.append(f"ms/week by {unit}, median of {result['scale_runs']} runs")
        first = next(iter(result[key].values()))["points"]
        rows = [("policies", *(f"{p['n']} (weeks)" for p in first), "exponent")]
        for label, series in result[key].items():
            rows.append(
                (
                    label,
                    *(
                        f"{p['seconds_per_week'] * 1000:.3f} ({p['weeks']:g})"
                        for p in series["points"]
                    ),
                    f"{series['exponent']:.2f}",
                )
            )
        out.extend(_render(rows))
    if "sectors" in result:
        out.append("target: exponent <= 1 in sectors (no faster than linear)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of the game and the floor")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs per scaling point")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-scaling", action="store_true", help="skip sectors and nations")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.scale_runs < 1:
        parser.error("--runs and --scale-runs must be at least 1")
    result = measure(args.runs, args.scale_runs, with_scaling=not args.no_scaling)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
