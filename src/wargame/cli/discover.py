"""`wargame discover`: scenario discovery with PRIM over the ASSUMED parameters' plausible ranges."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from wargame.cli.options import (
    add_list_option,
    add_runner_options,
    check_workers,
    kept_on_interrupt,
)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `discover` to the parser; return its function by name."""
    p = sub.add_parser(
        "discover",
        help="find where in the plausible ranges the ceasefire holds (PRIM scenario discovery)",
        description="Draw a Latin hypercube over the plausible ranges of the ASSUMED parameters, "
        "play each draw on the same K seeds for --years, label the games whose ceasefire held, "
        "and let PRIM (ema_workbench) find the boxes of parameter values where it holds.",
    )
    p.add_argument("--scenario", default="default", help="a shipped scenario or a .yaml path")
    add_list_option(p, "--set", "overrides", "KEY=VALUE", "a setting fixed for every game")
    p.add_argument("--draws", type=int, default=200, help="Latin-hypercube draws (default 200)")
    p.add_argument("--seeds", type=int, default=4, help="games per draw (default 4)")
    p.add_argument(
        "--years", type=float, default=5.0, help="held means it lasted this long (default 5)"
    )
    p.add_argument("--params", help="KEY,KEY,...: only these ASSUMED parameters")
    p.add_argument("--group", help="only the ASSUMED parameters of these groups (comma-separated)")
    p.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        help="the share held a box must reach (PRIM's density threshold; default 0.8)",
    )
    p.add_argument("--boxes", type=int, default=2, help="boxes to look for, at most (default 2)")
    p.add_argument(
        "--max-qp",
        type=float,
        default=0.05,
        help="keep a box's restriction only if alone it raises the held share with a binomial p "
        "at most this (default 0.05; 1 keeps PRIM's box as peeled)",
    )
    p.add_argument("--draw-seed", type=int, default=0, help="seed of the draws and the games")
    p.add_argument("--out", default="results/discovery", help="folder (default results/discovery)")
    add_runner_options(p)
    return {"discover": cmd_discover}


def cmd_discover(args: argparse.Namespace) -> int:
    """Run a discovery and print the boxes found."""
    from wargame.batch.discovery import Plan, run_discovery

    check_workers(args)
    plan = Plan(
        scenario=args.scenario,
        draws=args.draws,
        seeds=args.seeds,
        years=args.years,
        fixed=tuple(args.overrides),
        params=tuple(k.strip() for k in (args.params or "").split(",") if k.strip()),
        group=args.group,
        draw_seed=args.draw_seed,
        threshold=args.threshold,
        boxes=args.boxes,
        max_qp=args.max_qp,
    )
    with kept_on_interrupt(f"{args.out}/", "again to resume"):
        result = run_discovery(
            plan, args.out, workers=args.workers, dask=args.dask, progress=not args.quiet
        )
    draws = args.draws
    print(
        f"{len(result.rows):,} games ({result.played} played, {result.reused} already done) in "
        f"{result.seconds:.1f} s; held {args.years:g} years in at least half of their games: "
        f"{round(result.base_rate * draws)} of {draws} draws ({result.base_rate:.0%})"
    )
    if not result.boxes:
        print("  no box: the ceasefire held in all games or in none (nothing to tell apart)")
    else:
        print(_table(result.table))
        for b in result.boxes:
            print(
                f"  box {b.number}: {b.games_held:.0%} of the {b.cases * args.seeds} games inside held"
            )
            if not b.meets_threshold:
                print(
                    f"  box {b.number} does not reach the threshold ({args.threshold:.0%}) once "
                    "restrictions chance would often give are dropped (--max-qp): no region of "
                    "these ranges is shown to hold that often"
                )
    print(f"  -> {args.out}/boxes.csv, {args.out}/discovery.png")
    return 0


def _table(table) -> str:
    """The boxes as printed text: parameter, box low/high, plausible range, coverage, density, mass."""
    lines = [
        f"  {'box':>3}  {'parameter':38s} {'low':>10} {'high':>10}  {'plausible range':>21}  "
        f"{'coverage':>8} {'density':>7} {'mass':>5} {'p alone':>8}"
    ]
    for _, r in table.iterrows():
        if r["parameter"] == "(no restriction)":
            lo = hi = rng = qp = ""
        else:
            qp = f"{r['p_alone']:.2g}"
            lo, hi = f"{r['low']:.4g}", f"{r['high']:.4g}"
            rng = f"{r['range_low']:.4g} - {r['range_high']:.4g}"
        lines.append(
            f"  {r['box']:>3}  {r['parameter']:38s} {lo:>10} {hi:>10}  {rng:>21}  "
            f"{r['coverage']:>8.0%} {r['density']:>7.0%} {r['mass']:>5.0%} {qp:>8}"
        )
    return "\n".join(lines)
