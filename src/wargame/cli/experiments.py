"""Subcommands of `wargame` added by this module (see cli.COMMAND_MODULES): sweep, experiment, report."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from wargame.cli.options import (
    add_list_option,
    add_runner_options,
    check_workers,
    kept_on_interrupt,
)
from wargame.errors import WargameError


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their functions by name."""

    _add_sweep(sub)
    _add_experiment(sub)
    _add_report(sub)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "sweep": cmd_sweep,
        "experiment": cmd_experiment,
        "report": cmd_report,
    }
    return commands


def _add_sweep(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sweep",
        help="play a grid of settings x policies x seeds and write one row per game (Parquet)",
    )
    p.add_argument(
        "--scenario",
        dest="scenarios",
        action="append",
        metavar="NAME",
        help="a shipped scenario or a .yaml path (repeatable; default: default)",
    )
    add_list_option(
        p,
        "--vary",
        "vary",
        "KEY=V1,V2,...",
        "a setting to vary, any key --set accepts (repeatable: the grid is their product)",
    )
    add_list_option(
        p,
        "--policy",
        "policies",
        "ACTOR=A,B",
        "policies to try for an actor (repeatable; ACTOR 'nations' = every nation)",
    )
    add_list_option(
        p, "--set", "overrides", "KEY=VALUE", "a setting fixed for every game (repeatable)"
    )
    p.add_argument("--seeds", type=int, default=10, help="games per grid cell (default 10)")
    p.add_argument("--base-seed", type=int, default=0, help="seeds derive from it (default 0)")
    p.add_argument(
        "--paired",
        action="store_true",
        help="give every cell the same seeds (common random numbers: sharper differences)",
    )
    p.add_argument("--years", type=float, help="horizon in years (default: the scenario's)")
    p.add_argument(
        "--over-budget",
        choices=("error", "skip", "fit"),
        default="error",
        help="a cell over the troop budget: refuse the sweep (default), skip it, or lower its "
        "rotation factor (no lower than x3) until it fits",
    )
    p.add_argument(
        "--out", default="results/sweep.parquet", help="rows file (default results/sweep.parquet)"
    )
    p.add_argument("--series", metavar="PATH", help="also write every game's weekly series here")
    p.add_argument(
        "--record-dir",
        metavar="DIR",
        help="also save every game played as a record here, to replay with `wargame replay`",
    )
    add_runner_options(p)


def _add_experiment(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "experiment", help="run a shipped experiment (or all): a table (CSV) and a plot (PNG)"
    )
    p.add_argument(
        "name", nargs="?", help="an experiment name (experiments/*.yaml), a .yaml path, or 'all'"
    )
    p.add_argument("--out", default="results", help="folder for the results (default results)")
    p.add_argument("--quick", action="store_true", help="a tiny version (a few short games)")
    p.add_argument("--list", action="store_true", help="only list the experiments")
    p.add_argument(
        "--uncertain",
        nargs="?",
        const=FILE_DRAWS,
        type=_whole,
        metavar="N",
        help="play every cell over N Latin-hypercube draws of the ASSUMED parameters (the "
        "file's `uncertainty:` block says which; N defaults to its draws, else 20)",
    )
    p.add_argument(
        "--draw-seed",
        type=_whole,
        metavar="S",
        help="seed of the Latin-hypercube draws (default: the file's, else 0)",
    )
    p.add_argument(
        "--ship",
        action="store_true",
        help="with --uncertain: also write the verdicts into src/wargame/data/uncertainty/, "
        "which the report shows when its folder holds no --uncertain run",
    )
    add_runner_options(p)


FILE_DRAWS = object()  # `--uncertain` without N: the file's draws (argparse's const)


def _whole(text: str) -> int:
    """A whole number for --uncertain / --draw-seed, refused with one clear message."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number; got {text!r}") from None


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="gather the experiments' results into one HTML page")
    p.add_argument("--out", default="results", help="the experiments' folder (default results)")


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run a sweep and print where its rows went."""
    from wargame.batch.runner import run_sweep
    from wargame.batch.sweep import SweepSpec, parse_policy_axis, parse_vary

    spec = SweepSpec(
        scenarios=tuple(args.scenarios or ["default"]),
        vary=tuple(parse_vary(v) for v in args.vary),
        policies=tuple(parse_policy_axis(p) for p in args.policies),
        seeds=args.seeds,
        base_seed=args.base_seed,
        fixed=tuple(args.overrides),
        years=args.years,
        over_budget=args.over_budget,
        paired=args.paired,
    )
    _check_backend(args)
    _check_output(args.out, "--out")
    if args.series:
        _check_output(args.series, "--series")
    with kept_on_interrupt(f"{args.out}.parts/", "again to resume", what="sweep "):
        result = run_sweep(
            spec,
            args.out,
            series_out=args.series,
            record_dir=args.record_dir,
            workers=args.workers,
            dask=args.dask,
            progress=not args.quiet,
        )
    _print_sweep(result, args.out, args.series)
    return 0


def _check_backend(args: argparse.Namespace) -> None:
    check_workers(args)
    for name in ("seeds", "base_seed"):
        value = getattr(args, name, None)
        if value is not None and value < (1 if name == "seeds" else 0):
            least = 1 if name == "seeds" else 0
            raise WargameError(f"--{name.replace('_', '-')}: must be at least {least}; got {value}")


def _check_output(path: str, option: str) -> None:
    if not path.endswith(".parquet"):
        raise WargameError(f"{option} {path}: the file must end in .parquet")
    if Path(path).is_dir():
        raise WargameError(f"{option} {path}: is a folder; give a .parquet file name")


def _print_sweep(result, out: str, series: str | None) -> None:
    rows = result.rows
    print(
        f"{len(rows)} games ({result.played} played, {result.reused} already done) in "
        f"{result.seconds:.1f} s, {result.games_per_second:.2f} games/s -> {out}"
        + (f" and {series}" if series else "")
    )
    for note in result.notes:
        print(f"  note: {note}")
    for skipped in result.skipped:
        print(f"  skipped (over the troop budget): {skipped}")
    if len(rows):
        held = rows.groupby("cell", sort=True)["held"].agg(["mean", "size"])
        for cell, line in held.iterrows():
            first = rows[rows["cell"] == cell].iloc[0]
            label = first["overrides"] or first["scenario"]
            print(f"  held {line['mean']:6.1%} of {int(line['size'])}: {first['scenario']} {label}")


def cmd_experiment(args: argparse.Namespace) -> int:
    """Run one shipped experiment or all of them."""
    from wargame.batch.experiments import list_experiments, load_experiment, run_experiment
    from wargame.batch.uncertainty import Uncertainty, check_draws, ship_uncertainty

    if args.list:
        for exp in list_experiments():
            print(f"{exp.name:22s} {exp.title}")
        return 0
    if not args.name:
        raise WargameError(
            "experiment: give an experiment name, a .yaml path or 'all' "
            "(`wargame experiment --list` lists them)"
        )
    _check_backend(args)
    uncertain = args.uncertain is not None
    if args.draw_seed is not None and not uncertain:
        raise WargameError("--draw-seed: only with --uncertain")
    if args.ship and (not uncertain or args.quick):
        raise WargameError("--ship: only with --uncertain, and not with --quick")
    draws = None if args.uncertain is None or args.uncertain is FILE_DRAWS else args.uncertain
    if draws is not None:
        check_draws(draws, "--uncertain")
    names = [e.name for e in list_experiments()] if args.name == "all" else [args.name]
    experiments = [load_experiment(n) for n in names]
    for exp in experiments:
        unc = None
        if uncertain:
            unc = (exp.uncertainty or Uncertainty()).with_cli(draws, args.draw_seed)
        outcome = run_experiment(
            exp,
            args.out,
            quick=args.quick,
            workers=args.workers,
            dask=args.dask,
            progress=not args.quiet,
            uncertainty=unc,
        )
        print(f"{exp.name}: {outcome.games} games in {outcome.seconds:.1f} s -> {outcome.folder}")
        for line in outcome.reading:
            print(f"  {line}")
        if unc is not None:
            _print_uncertain(outcome.folder)
        if args.ship:
            for path in ship_uncertainty(outcome.folder):
                print(f"  shipped -> {path}")
    return 0


def _print_uncertain(folder: Path) -> None:
    """The headlines' verdicts and where the spread table went."""
    import json

    summary = json.loads((folder / "summary.json").read_text())
    block = summary.get("uncertainty", {})
    print(f"  spread from chance and from the assumptions -> {folder / block.get('table', '')}")
    for headline in block.get("headlines", []):
        print(f"  holds across the plausible ranges? {headline['line']}")


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report of the experiments found in the folder."""
    from wargame.batch.report import write_report

    path = write_report(args.out)
    print(f"report -> {path}")
    return 0
