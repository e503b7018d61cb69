"""Paired seeds (common random numbers) against independent seeds: how much sharper a difference is.

A script that prints numbers, not a test. It plays one shipped experiment's sweep twice with the
same game count per cell, once with every cell on its own seeds and once paired (every cell on
the same seeds), and for each pair of cells that differ in one setting compares the variance of
the estimated difference of their means:

    unpaired: (var(a) + var(b)) / n          paired: var(a_i - b_i) / n

The ratio unpaired/paired is how many times more games independent seeds need for the same
precision.

    .venv/bin/python benchmarks/bench_paired.py                       # us_commitment, 30 seeds
    .venv/bin/python benchmarks/bench_paired.py --experiment monitor_access --seeds 20 --json
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
import time

import numpy as np
import pandas as pd

from wargame.batch.experiments import load_experiment
from wargame.batch.runner import run_sweep

OUTCOMES = ("held", "weeks", "casualties_coalition", "casualties_all")


def rows_of(name: str, seeds: int, years: float | None, paired: bool, workers: int | None):
    """The experiment's rows with `seeds` games per cell, paired or not."""
    spec = load_experiment(name).spec
    spec = dataclasses.replace(spec, seeds=seeds, paired=paired)
    if years is not None:
        spec = dataclasses.replace(spec, years=years)
    rows = run_sweep(spec, None, workers=workers, progress=False).rows
    rows["casualties_all"] = (
        rows["casualties_russia"] + rows["casualties_ukraine"] + rows["casualties_coalition"]
    )
    rows["held"] = rows["held"].astype(float)
    return rows, [k for k, _ in spec.vary]


def one_setting_pairs(rows: pd.DataFrame, keys: list[str]) -> list[tuple[int, int, str]]:
    """Pairs of cells of one scenario whose settings differ in exactly one varied key."""
    cells = rows.groupby("cell").first()
    out = []
    for a, b in itertools.combinations(cells.index, 2):
        if cells.loc[a, "scenario"] != cells.loc[b, "scenario"]:
            continue
        differ = [k for k in keys if cells.loc[a, k] != cells.loc[b, k]]
        if len(differ) == 1:
            k = differ[0]
            out.append(
                (a, b, f"{cells.loc[a, 'scenario']}: {k} {cells.loc[a, k]} vs {cells.loc[b, k]}")
            )
    return out


def compare(unpaired: pd.DataFrame, paired: pd.DataFrame, keys: list[str]) -> list[dict]:
    """Per pair of cells and outcome: the difference and its variance under both designs."""
    table = []
    for a, b, label in one_setting_pairs(paired, keys):
        for outcome in OUTCOMES:
            ua = unpaired.loc[unpaired.cell == a, outcome].to_numpy()
            ub = unpaired.loc[unpaired.cell == b, outcome].to_numpy()
            pa = paired.loc[paired.cell == a].sort_values("replicate")[outcome].to_numpy()
            pb = paired.loc[paired.cell == b].sort_values("replicate")[outcome].to_numpy()
            n = len(pa)
            var_u = (ua.var(ddof=1) + ub.var(ddof=1)) / n
            var_p = (pa - pb).var(ddof=1) / n
            table.append(
                {
                    "pair": label,
                    "outcome": outcome,
                    "games_per_cell": n,
                    "diff_unpaired": float(ua.mean() - ub.mean()),
                    "diff_paired": float(pa.mean() - pb.mean()),
                    "var_unpaired": float(var_u),
                    "var_paired": float(var_p),
                    "ratio": float(var_u / var_p) if var_p > 0 else float("inf"),
                }
            )
    return table


def main(argv: list[str] | None = None) -> int:
    """Play both designs, print the variances and their ratio per pair and outcome."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiment", default="us_commitment")
    parser.add_argument("--seeds", type=int, default=30, help="games per cell (default 30)")
    parser.add_argument("--years", type=float, help="horizon (default: the experiment's)")
    parser.add_argument("--workers", type=int, help="local workers (default: every core)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    unpaired, keys = rows_of(args.experiment, args.seeds, args.years, False, args.workers)
    paired, _ = rows_of(args.experiment, args.seeds, args.years, True, args.workers)
    table = compare(unpaired, paired, keys)
    seconds = time.perf_counter() - start
    finite = [r["ratio"] for r in table if np.isfinite(r["ratio"]) and r["var_unpaired"] > 0]
    summary = {
        "experiment": args.experiment,
        "games": len(unpaired) + len(paired),
        "seconds": round(seconds, 1),
        "median_ratio": float(np.median(finite)) if finite else None,
        "rows": table,
    }
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        print()
        return 0
    print(f"{args.experiment}: {summary['games']} games in {seconds:.0f} s")
    print(
        f"{'pair':58s} {'outcome':22s} {'diff(u)':>9s} {'diff(p)':>9s} "
        f"{'var unpaired':>13s} {'var paired':>11s} {'ratio':>7s}"
    )
    for r in table:
        print(
            f"{r['pair'][:58]:58s} {r['outcome']:22s} {r['diff_unpaired']:9.3g} "
            f"{r['diff_paired']:9.3g} {r['var_unpaired']:13.4g} {r['var_paired']:11.4g} "
            f"{r['ratio']:7.2f}"
        )
    print(f"median variance ratio (unpaired / paired, finite): {summary['median_ratio']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
