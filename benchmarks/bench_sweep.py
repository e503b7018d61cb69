"""Sweep throughput: games/s on 1 and 2 local workers and on a Dask LocalCluster, same grid.

A script that prints numbers, not a test. The grid is the default scenario with the US
commitment varied (none games end early, backstop games run the full horizon), so it mixes
short and long games as real sweeps do.

    .venv/bin/python benchmarks/bench_sweep.py               # a table
    .venv/bin/python benchmarks/bench_sweep.py --seeds 8 --years 5 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from wargame.batch.runner import run_sweep
from wargame.batch.sweep import SweepSpec


def grid(seeds: int, years: float) -> SweepSpec:
    """The benchmark grid: three US commitments x `seeds` games of `years` years."""
    return SweepSpec(
        vary=(("us.commitment", ("none", "c4isr", "backstop")),),
        seeds=seeds,
        base_seed=99,
        years=years,
    )


def measure(spec: SweepSpec, **backend: object) -> tuple[float, int]:
    """Wall seconds and games of one in-memory sweep (start-up of pool or cluster included)."""
    start = time.perf_counter()
    result = run_sweep(spec, None, progress=False, **backend)
    return time.perf_counter() - start, len(result.rows)


def dask_local(spec: SweepSpec, workers: int) -> tuple[float, int]:
    """The same sweep on a LocalCluster of `workers` processes (cluster start-up excluded)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: __import__("wargame.batch.sweep"))  # warm the workers' imports
        return measure(spec, dask=client)


def main(argv: list[str] | None = None) -> int:
    """Run the three backends on the same grid and print games/s and the speed-ups."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=12, help="games per cell (3 cells)")
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    spec = grid(args.seeds, args.years)
    rows = {}
    for name, run in (
        ("1 worker", lambda: measure(spec, workers=1)),
        ("2 workers (process pool)", lambda: measure(spec, workers=2)),
        ("Dask LocalCluster, 2 workers", lambda: dask_local(spec, 2)),
    ):
        seconds, games = run()
        rows[name] = {"seconds": round(seconds, 2), "games": games, "games_per_s": games / seconds}
    base = rows["1 worker"]["games_per_s"]
    for row in rows.values():
        row["speedup"] = round(row["games_per_s"] / base, 2)
        row["games_per_s"] = round(row["games_per_s"], 2)
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{'backend':32s} {'games':>6s} {'seconds':>8s} {'games/s':>8s} {'x 1 worker':>10s}")
    for name, row in rows.items():
        print(
            f"{name:32s} {row['games']:6d} {row['seconds']:8.2f} {row['games_per_s']:8.2f} "
            f"{row['speedup']:10.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
