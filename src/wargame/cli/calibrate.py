"""`wargame calibrate` (history matching against the sources) and `wargame ensemble` (run over it)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from wargame.cli.options import (
    add_list_option,
    add_runner_options,
    check_workers,
    comma_keys,
    kept_on_interrupt,
)
from wargame.errors import WargameError


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `calibrate` and `ensemble` to the parser; return their functions by name."""
    _add_calibrate(sub)
    _add_ensemble(sub)
    return {"calibrate": cmd_calibrate, "ensemble": cmd_ensemble}


def _add_calibrate(sub: argparse._SubParsersAction) -> None:
    from wargame.batch.calibration import DEFAULT_CUTOFF

    p = sub.add_parser(
        "calibrate",
        help="fit Russia's calculus (and a few more) to the sources' figures by history matching",
        description="Draw N parameter sets from a Latin hypercube over the declared plausible "
        "ranges, play each on the targets' games (ICG's 45-60% first-year failure without a "
        "guarantee, and directional claims of the sources), and keep the sets no target finds "
        "implausible. Writes draws.csv, accepted.csv (an ensemble file), provenance.json and "
        "posterior.png into --out (docs/calibration.md).",
    )
    p.add_argument("--draws", type=int, help="parameter sets drawn from the prior")
    p.add_argument(
        "--seeds", type=int, default=10, help="seeds per arm (default 10; cheap targets play more)"
    )
    p.add_argument("--base-seed", type=int, default=0, help="prior and seeds derive from it")
    p.add_argument(
        "--cutoff",
        type=float,
        default=DEFAULT_CUTOFF,
        help=f"largest implausibility accepted, in standard errors (default {DEFAULT_CUTOFF:g})",
    )
    p.add_argument("--params", help="KEY,KEY,...: fit these declared parameters instead")
    p.add_argument("--targets", help="NAME,NAME,...: judge by these targets only (default all)")
    p.add_argument(
        "--refine",
        metavar="ENSEMBLE",
        help="a later wave: judge the sets of this ensemble (an accepted.csv, or a shipped name) "
        "on fresh games instead of drawing; give another --base-seed than its wave's",
    )
    p.add_argument(
        "--out", default="results/calibration", help="folder (default results/calibration)"
    )
    p.add_argument("--resume", action="store_true", help="continue the calibration in --out")
    add_runner_options(p)


def _add_ensemble(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ensemble", help="play a scenario once per accepted parameter set of a calibration"
    )
    verbs = p.add_subparsers(dest="ensemble_command", required=True)
    verbs.add_parser("list", help="the shipped ensembles and where they come from")
    check = verbs.add_parser("check", help="check an ensemble file (columns and bounds)")
    check.add_argument("ensemble", help="a shipped ensemble name or a .csv path")
    run = verbs.add_parser(
        "run", help="play a scenario over every set of an ensemble (x seeds); survival and spread"
    )
    run.add_argument("--scenario", default="default", help="a shipped scenario or a .yaml path")
    run.add_argument("--ensemble", default="icg", help="a shipped ensemble name or a .csv path")
    run.add_argument("--seeds", type=int, default=4, help="seeds per set (default 4)")
    run.add_argument("--base-seed", type=int, default=0, help="seeds derive from it (default 0)")
    run.add_argument("--years", type=float, help="horizon in years (default: the scenario's)")
    add_list_option(run, "--set", "overrides", "KEY=VALUE", "a setting fixed for every game")
    run.add_argument(
        "--no-defaults",
        action="store_true",
        help="do not also play the same seeds at the default parameters",
    )
    run.add_argument("--out", metavar="FILE", help="write one row per game here (.parquet)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_runner_options(run)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run a calibration and print its acceptance and posterior ranges."""
    from wargame.batch.calibration import FITTED
    from wargame.batch.calibration_run import CalibrationPlan, command_line, run_calibration

    check_workers(args)
    params, draws = comma_keys(args.params) or FITTED, args.draws
    if args.refine:
        from wargame.batch.ensemble import load_ensemble

        if args.params or args.draws:
            raise WargameError("--refine: the ensemble gives the sets; drop --draws and --params")
        frame = load_ensemble(args.refine)
        params, draws = tuple(frame.columns[1:]), len(frame)
    elif draws is None:
        raise WargameError("calibrate: give --draws N (or --refine ENSEMBLE for a later wave)")
    plan = CalibrationPlan(
        draws=draws,
        seeds=args.seeds,
        base_seed=args.base_seed,
        params=params,
        cutoff=args.cutoff,
        targets=comma_keys(args.targets),
        refine=args.refine,
    )
    with kept_on_interrupt(f"{args.out}/", "with --resume to continue"):
        result = run_calibration(
            plan,
            args.out,
            resume=args.resume,
            workers=args.workers,
            dask=args.dask,
            progress=not args.quiet,
            command=command_line(),
        )
    s = result.summary
    print(
        f"{s['accepted']} of {s['draws']} draws accepted ({s['acceptance_rate']:.1%}); "
        f"{result.played:,} games played, {result.reused:,} already done, "
        f"{result.seconds:.0f} s -> {args.out}/"
    )
    for name, rate in s["target_pass_rate"].items():
        d = s["defaults"][name]
        at = f"defaults {'meet' if d['met'] else 'MISS'} it: {d['value']:.3g}, implausibility {d['implausibility']:.2f}"
        print(f"  target {name:22s} met by {rate:6.1%} of the draws; {at}")
    print(f"  {'parameter':42s} {'prior':>17s}   {'accepted, 5%-95%':>19s}")
    for p in s["parameters"]:
        post = (
            f"{p['posterior_q05']:8.4g} - {p['posterior_q95']:<8.4g}"
            if "posterior_q05" in p
            else "none accepted"
        )
        print(f"  {p['key']:42s} {p['prior_low']:8.4g} - {p['prior_high']:<8.4g} {post}")
    return 0


def cmd_ensemble(args: argparse.Namespace) -> int:
    """`ensemble list`, `ensemble check FILE` or `ensemble run`."""
    from wargame.batch import ensemble

    if args.ensemble_command == "list":
        for name, info in ensemble.list_ensembles():
            print(f"{name:12s} {info}")
        return 0
    if args.ensemble_command == "check":
        frame = ensemble.load_ensemble(args.ensemble)
        params = [c for c in frame.columns if c != "draw"]
        print(
            f"{args.ensemble}: {len(frame)} parameter sets of {len(params)} parameters, all valid"
        )
        return 0
    check_workers(args)
    if args.out and not args.out.endswith(".parquet"):
        raise WargameError(f"--out {args.out}: the file must end in .parquet")
    result = ensemble.run_ensemble(
        args.scenario,
        args.ensemble,
        seeds=args.seeds,
        base_seed=args.base_seed,
        years=args.years,
        fixed=tuple(args.overrides),
        defaults=not args.no_defaults,
        out=args.out,
        workers=args.workers,
        dask=args.dask,
        progress=not args.quiet,
    )
    if args.json:
        print(json.dumps(result.summary, indent=2))
    else:
        print(ensemble.format_summary(result.summary))
    return 0
