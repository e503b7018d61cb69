"""`wargame sensitivity` (Morris or Sobol over the declared parameters), `wargame screening` (the
shipped screening of every ASSUMED parameter) and `wargame dials`."""

from __future__ import annotations

import argparse
import json
import sys
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
    """Add `sensitivity`, `screening` and `dials` to the parser; return their functions by name."""
    _add_sensitivity(sub)
    _add_screening(sub)
    _add_dials(sub)
    return {"sensitivity": cmd_sensitivity, "screening": cmd_screening, "dials": cmd_dials}


def _add_common(p: argparse.ArgumentParser, seeds: int) -> None:
    p.add_argument("--scenario", default="default", help="a shipped scenario or a .yaml path")
    p.add_argument("--seeds", type=int, default=seeds, help=f"seeds per point (default {seeds})")
    p.add_argument("--base-seed", type=int, default=0, help="seeds derive from it (default 0)")
    p.add_argument("--years", type=float, help="horizon in years (default: the scenario's)")
    add_list_option(p, "--set", "overrides", "KEY=VALUE", "a setting fixed for every game")
    p.add_argument("--params", help="KEY,KEY,...: only these declared parameters")
    p.add_argument("--group", help="only the parameters of this group")
    add_runner_options(p)


def _add_sensitivity(sub: argparse._SubParsersAction) -> None:
    from wargame.batch.sensitivity import METHODS
    from wargame.batch.sensitivity_run import DEFAULT_OUTCOMES, OUTCOMES

    p = sub.add_parser(
        "sensitivity",
        help="global sensitivity of outcomes to the ASSUMED parameters (Morris or Sobol, SALib)",
        description="Draw a Morris or Sobol design from the declared plausible ranges (by default "
        "every ASSUMED parameter), play each point on the same K seeds, and write the indices "
        "at half and full budget, the seed noise and a plot.",
    )
    _add_common(p, seeds=8)
    p.add_argument("--method", choices=METHODS, default="morris", help="default morris")
    p.add_argument(
        "--outcome",
        default=",".join(DEFAULT_OUTCOMES),
        help=f"outcomes, comma-separated (default {','.join(DEFAULT_OUTCOMES)}); "
        f"known: {', '.join(OUTCOMES)}",
    )
    p.add_argument(
        "--budget", type=int, required=True, help="games at most; the design is sized to it"
    )
    p.add_argument(
        "--out", default="results/sensitivity", help="folder (default results/sensitivity)"
    )
    p.add_argument("--resume", action="store_true", help="continue the run in --out")


def _add_screening(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "screening",
        help="play the shipped screening of every ASSUMED parameter (what drives the answers)",
        description="Play the shipped recipe (src/wargame/data/drives/screening.yaml): a Morris "
        "screening of every ASSUMED parameter per scenario, into OUT/screening/<scenario>/ "
        "(resumable). `wargame report --out OUT` then shows it in 'What drives the answers' "
        "instead of the shipped one; --ship copies the indices into the package.",
    )
    p.add_argument("--out", default="results", help="results folder (default results)")
    p.add_argument(
        "--scenario",
        action="append",
        default=[],
        help="only this scenario of the recipe (repeatable; default all)",
    )
    p.add_argument("--recipe", help="another recipe file (default the shipped one)")
    p.add_argument(
        "--workers", type=int, help="local worker processes (default: all cores; 1 = no pool)"
    )
    p.add_argument("--resume", action="store_true", help="continue the runs in OUT/screening/")
    p.add_argument(
        "--ship",
        action="store_true",
        help="also write the indices and their provenance into src/wargame/data/drives/",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def cmd_screening(args: argparse.Namespace) -> int:
    """Play the shipped screening recipe and print where its results went."""
    from wargame.batch.drives import DATA, RECIPE, run_screening

    check_workers(args)
    files = run_screening(
        args.out,
        recipe=args.recipe or RECIPE,
        scenarios=tuple(args.scenario),
        workers=args.workers,
        resume=args.resume,
        ship_to=DATA if args.ship else None,
        progress=not args.quiet,
    )
    for path in files:
        print(f"  {path}")
    return 0


def _add_dials(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dials",
        help="does each declared dial move anything? paired games at the two ends of its range",
    )
    _add_common(p, seeds=8)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--csv", metavar="PATH", help="also write the table as CSV")
    p.add_argument(
        "--documented",
        action="store_true",
        help="only the documented dials (settings under posture, us, monitor, coalition, "
        "russia, ukraine)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a dial moves no consequence without a declared inert reason",
    )


def _check(args: argparse.Namespace) -> None:
    check_workers(args)
    if args.seeds < 1:
        raise WargameError(f"--seeds: must be at least 1; got {args.seeds}")


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Run a sensitivity analysis and print the ranking per outcome."""
    from wargame.batch.sensitivity_run import Plan, parse_outcomes, run_sensitivity

    _check(args)
    if args.budget < 1:
        raise WargameError(f"--budget: must be at least 1; got {args.budget}")
    plan = Plan(
        scenario=args.scenario,
        method=args.method,
        outcomes=tuple(parse_outcomes(args.outcome)),
        budget=args.budget,
        seeds=args.seeds,
        base_seed=args.base_seed,
        years=args.years,
        fixed=tuple(args.overrides),
        params=comma_keys(args.params),
        group=args.group,
    )
    with kept_on_interrupt(f"{args.out}/", "with --resume to continue"):
        result = run_sensitivity(
            plan,
            args.out,
            resume=args.resume,
            workers=args.workers,
            dask=args.dask,
            progress=not args.quiet,
        )
    _print_sensitivity(result, plan, args.out)
    return 0


def _print_sensitivity(result, plan, out: str) -> None:
    main = "mu_star" if plan.method == "morris" else "ST"
    print(
        f"{len(result.rows):,} games ({result.played:,} played, {result.reused:,} already done) "
        f"in {result.seconds:.1f} s -> {out}/"
    )
    full = result.indices[result.indices["budget"] == "full"]
    half = result.indices[result.indices["budget"] == "half"].set_index(["outcome", "parameter"])
    for name, t in full.groupby("outcome", sort=False):
        noise = result.noise.set_index("outcome").loc[name]
        level = (
            f"mu* from noise alone ~{noise['noise_mu_star']:.3g}"
            if plan.method == "morris"
            else f"seed noise {noise['noise_share']:.0%} of the variance"
        )
        print(f"{name} (seed noise sd {noise['noise_sd']:.3g} per game; {level}):")
        for _, r in t.sort_values(main, ascending=False).head(8).iterrows():
            at_half = half[main].get((name, r["parameter"]), float("nan"))
            flag = "  (within noise)" if r["within_noise"] else ""
            print(
                f"  {r['parameter']:45s} {main} {r[main]:8.3g} (half budget {at_half:8.3g}){flag}"
            )


def cmd_dials(args: argparse.Namespace) -> int:
    """Play paired games at both ends of every dial; print which outcomes move."""
    from wargame.batch.dials import (
        DialPlan,
        dead_without_reason,
        dial_table,
        documented_dials,
        run_dials,
    )

    _check(args)
    plan = DialPlan(
        scenario=args.scenario,
        seeds=args.seeds,
        base_seed=args.base_seed,
        years=args.years,
        fixed=tuple(args.overrides),
        params=comma_keys(args.params),
        group=args.group,
    )
    table = run_dials(
        plan,
        documented_dials() if args.documented else None,
        workers=args.workers,
        dask=args.dask,
        progress=not args.quiet,
    )
    if args.csv:
        from wargame.files import write_atomic

        write_atomic(args.csv, table.to_csv(index=False))
    if args.json:
        print(json.dumps(json.loads(table.to_json(orient="records")), indent=2))
    else:
        print(dial_table(table, plan))
    if args.check:
        dead = dead_without_reason(table)
        if dead:
            print(
                f"wargame: {len(dead)} dial(s) move nothing in {args.scenario} and declare no "
                f"inert reason (parameters.yaml): {', '.join(dead)}",
                file=sys.stderr,
            )
            return 1
    return 0
