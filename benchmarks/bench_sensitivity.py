"""Can a Morris screening of every ASSUMED parameter run in 15 minutes? Games/s, and what it needs.

A script that prints numbers, not a test. The target: Morris, 20 trajectories x (k + 1) points
x 8 seeds, k = every ASSUMED parameter with a plausible range (`wargame.config.parameters.assumed()`,
or `--k` where that module is absent), one scenario, in `--minutes` (15). It plays `--games`
full-length games of the scenario on the sweep runner as `wargame sensitivity` does, and prints
the rate measured, the rate needed and the time the screening would take at the measured rate.

    .venv/bin/python benchmarks/bench_sensitivity.py                  # default scenario, 2 workers
    .venv/bin/python benchmarks/bench_sensitivity.py --scenario option3_heavy_area --games 60 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from wargame.batch.runner import default_workers, run_tasks
from wargame.batch.sensitivity_run import play_points
from wargame.batch.sweep import GameTask, derive_seed, game_key
from wargame.play.session import new_game


def assumed_count(fallback: int) -> tuple[int, str]:
    """How many ASSUMED parameters a screening varies, and where the number comes from."""
    try:
        from wargame.config import parameters
    except ImportError:
        return fallback, f"--k {fallback} (no wargame.config.parameters here)"
    return len(parameters.assumed()), "wargame.config.parameters.assumed()"


def measure(scenario: str, games: int, workers: int) -> float:
    """Games/s playing `games` full games of the scenario (pool start-up included)."""
    tasks = []
    for r in range(games):
        seed = derive_seed(0, "bench_sensitivity", r)
        tasks.append(GameTask(r, 0, r, scenario, seed, (), (), (), game_key(scenario, seed, ())))
    start = time.perf_counter()
    run_tasks(tasks, None, workers=workers, progress=False, play=play_points)
    return games / (time.perf_counter() - start)


def build_seconds(scenario: str, n: int = 10) -> float:
    """Seconds to build (not play) one game: the up-front range check builds 2k of them."""
    new_game(scenario, seed=0).close()
    start = time.perf_counter()
    for _ in range(n):
        new_game(scenario, seed=0).close()
    return (time.perf_counter() - start) / n


def main(argv: list[str] | None = None) -> int:
    """Measure and print the rate, the need and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--games", type=int, default=40, help="games to time (default 40)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--k", type=int, default=60, help="parameters, if none are declared")
    parser.add_argument("--trajectories", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    k, source = assumed_count(args.k)
    games = args.trajectories * (k + 1) * args.seeds
    rate = measure(args.scenario, args.games, args.workers)
    build = build_seconds(args.scenario)
    needed = games / (args.minutes * 60)
    result = {
        "scenario": args.scenario,
        "parameters": k,
        "parameters_from": source,
        "screening_games": games,
        "workers": args.workers,
        "games_per_second": round(rate, 2),
        "needed_games_per_second": round(needed, 2),
        "screening_minutes_at_measured_rate": round(games / rate / 60, 1),
        "range_check_seconds": round(2 * k * build, 1),
        "meets_target": rate >= needed,
    }
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    print(
        f"Morris screening of {k} parameters ({source}) on {args.scenario}: "
        f"{args.trajectories} trajectories x {k + 1} points x {args.seeds} seeds = {games:,} games"
    )
    print(f"measured: {rate:.2f} games/s on {args.workers} workers ({args.games} full games)")
    print(
        f"needed for {args.minutes:g} minutes: {needed:.2f} games/s; at the measured rate: "
        f"{result['screening_minutes_at_measured_rate']} minutes "
        f"(+ {result['range_check_seconds']} s checking the ranges up front)"
    )
    print("meets the target" if result["meets_target"] else "does NOT meet the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
