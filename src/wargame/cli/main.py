"""The `wargame` command line: run games, list maps, scenarios and policies, check a policy."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.cli.options import add_list_option
from wargame.config.parameters import SEED_MAX
from wargame.errors import WargameError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wargame", description="A ceasefire-guarantee wargame (Mesa)."
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="play one game headless and print its outcome")
    run.add_argument(
        "--scenario", default="default", help="a shipped scenario name or a path to a .yaml file"
    )
    run.add_argument(
        "--seed", type=seed_number, default=0, help="the game's seed (same seed, same game)"
    )
    run.add_argument("--years", type=float, help="horizon in years (default: the scenario's)")
    add_list_option(
        run,
        "--set",
        "overrides",
        "KEY=VALUE",
        "override one setting, e.g. posture.rotation_factor=4 (repeatable)",
    )
    add_list_option(
        run,
        "--policy",
        "policies",
        "ACTOR=NAME",
        "play ACTOR with policy NAME or path/file.py:Class (repeatable; ACTOR 'nations' = all)",
    )
    run.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a summary"
    )
    run.add_argument(
        "--story", action="store_true", help="also print the game's events week by week"
    )
    run.add_argument(
        "--out", metavar="DIR", help="write weekly.csv, actors.csv, incidents.csv, events.csv here"
    )
    run.add_argument(
        "--record",
        metavar="PATH",
        help="save the game as a record (JSON Lines, e.g. game.wgr.jsonl) to replay it later",
    )

    sub.add_parser("maps", help="list the shipped maps")
    sub.add_parser("scenarios", help="list the shipped scenarios")
    sub.add_parser("policies", help="list every registered policy per actor")

    check = sub.add_parser("check-policy", help="check a policy: legal actions, determinism, speed")
    check.add_argument("policy", help="a registered policy name or path/file.py:Class")
    check.add_argument("--actor", action="append", help="only this actor id (repeatable)")
    check.add_argument("--weeks", type=int, default=104, help="weeks per scenario (default 104)")
    check.add_argument("--seed", type=seed_number, default=11)
    check.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time limit on one decision (default 10 s); a slower decision fails the check",
    )
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        COMMANDS.update(module.add_commands(sub))
    for name in TRUSTING_COMMANDS:
        if name in sub.choices:
            add_list_option(
                sub.choices[name],
                "--policy-dir",
                "policy_dirs",
                "DIR",
                "trust the policy files (*.py) in DIR and its subfolders: scenarios and records "
                "may name them (repeatable; only folders you wrote or reviewed)",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `wargame` console script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        trust_named_code(args)
        if args.command == "serve":
            _prune_uploads(args.games_dir)
        return COMMANDS[args.command](args)
    except WargameError as exc:
        print(f"wargame: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # an OSError too: caught first
        # The reader (e.g. `head`) closed the pipe: nothing more to say.
        sys.stderr.close()
        return 0
    except OSError as exc:  # a file or folder named on the command line cannot be used
        name = f"{exc.filename}: " if exc.filename else ""
        said = exc.strerror or _one_line(str(exc)) or type(exc).__name__
        print(f"wargame: error: {name}{said}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wargame: interrupted", file=sys.stderr)
        return 130


def _one_line(text: str) -> str:
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())


def seed_number(text: str) -> int:
    """An argparse type: a seed is a whole number from 0 to SEED_MAX (2**32 - 1)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be from 0 to {SEED_MAX}, got {text}")
    return value


def trust_named_code(args: argparse.Namespace) -> None:
    """Trust the policy files and folders named on this command line (and only those)."""
    from wargame.policies.registry import trust

    refs = [args.policy] if isinstance(getattr(args, "policy", None), str) else []
    items = getattr(args, "policies", None)
    for item in items if isinstance(items, list) else []:  # replay's --policies is a switch
        refs += item.partition("=")[2].split(",")
    for ref in refs:
        path = ref.strip().partition(":")[0]
        if path.endswith(".py"):
            trust(path)
    games = Path(args.games_dir).resolve() if getattr(args, "games_dir", None) else None
    for folder in getattr(args, "policy_dirs", None) or []:
        if not Path(folder).is_dir():
            raise WargameError(f"--policy-dir {folder}: not a folder")
        trusted = trust(folder)
        if games is not None and (games.is_relative_to(trusted) or trusted.is_relative_to(games)):
            raise WargameError(
                f"--policy-dir {folder}: overlaps the games folder {games}, where the server "
                "writes what browsers send; keep policy code in a folder of its own"
            )


def _prune_uploads(games_dir: str) -> None:
    """Remove the games folder's uploads older than WARGAME_UPLOAD_DAYS when a server starts."""
    try:
        from wargame.ui.upload import UPLOADS_FOLDER, prune_uploads
    except ImportError:  # no `ui` extra: serve says so itself
        return
    prune_uploads(Path(games_dir) / UPLOADS_FOLDER)


def _policy_overrides(items: list[str]) -> list[str]:
    out = []
    for item in items:
        actor, sep, name = item.partition("=")
        if not sep or not actor or not name:
            raise WargameError(
                f"--policy {item}: expected ACTOR=NAME, e.g. --policy russia=opportunist"
            )
        out.append(f"policies.{actor.strip()}={name.strip()}")
    return out


def cmd_run(args: argparse.Namespace) -> int:
    """Play one game and print its outcome."""
    from wargame.play.session import new_game

    if args.record and Path(args.record).is_dir():
        raise WargameError(f"--record {args.record}: is a folder; give a file like game.wgr.jsonl")
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        raise WargameError(f"--out {args.out}: is a file; give a folder for the CSV tables")
    overrides = list(_policy_overrides(args.policies)) + list(args.overrides)
    if args.years is not None:
        overrides.append(f"years={args.years:g}")
    game = new_game(args.scenario, seed=args.seed, overrides=overrides, record=args.record)
    try:
        game.run()
    finally:
        game.close()
    summary = game.summary()
    if args.out:
        game.write_tables(args.out)
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        print(format_summary(summary))
    if args.story:
        for event in game.model.log.events:
            print(f"week {event.week:3d}  {event.text}")
    return 0


def format_summary(s: dict[str, Any]) -> str:
    """A readable summary of one game."""
    held = "HELD" if s["ceasefire_held"] else "FAILED"
    inc, cas, att = s["incidents"], s["casualties"], s["attribution"]
    lines = [
        f"{s['scenario']} (seed {s['seed']}): ceasefire {held} after {s['weeks']} weeks ({s['years']} years)",
        f"  end cause         {s['end_cause']}: {s['end_detail']}",
        f"  coalition troops  {s['troops_deployed']:,} deployed, {s['troops_committed']:,} committed with rotation, "
        f"{s['troop_years']:,.0f} troop-years",
        f"  incidents         {inc['total']} on the line (level 1: {inc['level1']}, level 2: {inc['level2']}, "
        f"level 3: {inc['level3']}); {inc['hybrid']} hybrid attacks at home; {inc['harassment']} harassments",
        f"  attribution       {att['attributed']} attributed, {att['wrong']} wrongly, "
        f"mean {att['mean_weeks'] if att['mean_weeks'] is not None else '-'} weeks",
        f"  casualties        Russia {cas['russia']:,}, Ukraine {cas['ukraine']:,}, coalition {cas['coalition']:,}",
        f"  tripwires pulled  {s['tripwires']}; escalation peak {s['escalation_max']}",
        f"  nations left      {', '.join(s['nations_left']) or 'none'}",
    ]
    return "\n".join(lines)


def cmd_maps(_: argparse.Namespace) -> int:
    """List the shipped maps."""
    from wargame.config.maps import list_maps

    for m in list_maps():
        print(f"{m.id:22s} {len(m.sectors):3d} sectors  {m.line_length_km:,.0f} km  {m.name}")
    return 0


def cmd_scenarios(_: argparse.Namespace) -> int:
    """List the shipped scenarios."""
    from wargame.config.scenario import list_scenarios

    for s in list_scenarios():
        p = s.posture
        print(
            f"{s.name:32s} {p.option}/{p.spacing}/{p.response}, US {s.get('us.commitment')}, "
            f"monitor {s.get('monitor.access')}  - {s.get('description')}"
        )
    return 0


def cmd_policies(_: argparse.Namespace) -> int:
    """List the registered policies per actor."""
    from wargame.policies.registry import list_policies

    current = None
    for info in list_policies():
        kind = info.actors[0]
        if kind != current:
            print(f"{kind}:")
            current = kind
        print(f"  {info.name:22s} {info.description}")
    return 0


def cmd_check_policy(args: argparse.Namespace) -> int:
    """Check a policy on every shipped scenario; exit 1 if it fails."""
    from wargame.play.conformance import check_policy

    report = check_policy(
        args.policy, actors=args.actor, seed=args.seed, weeks=args.weeks, seconds=args.timeout
    )
    for c in report.checks:
        status = "ok" if c.legal and c.deterministic else "FAIL"
        det = "deterministic" if c.deterministic else "NOT deterministic"
        legal = "legal" if c.legal else "ILLEGAL"
        print(
            f"{status:4s} {c.scenario:32s} {c.actor:16s} {legal}, {det}, "
            f"{c.decisions} decisions, {c.ms_per_decision:.3f} ms/decision"
        )
        if c.error:
            print(f"     {c.error}")
    print(f"{args.policy}: {'PASSED' if report.passed else 'FAILED'}")
    return 0 if report.passed else 1


# Subcommands that live in their own modules: each module's `add_commands(sub)` adds its
# parsers and returns {command name: function(args) -> exit code}.
COMMAND_MODULES = (
    "wargame.cli.replay",
    "wargame.cli.fork",
    "wargame.cli.experiments",
    "wargame.cli.sensitivity",
    "wargame.cli.discover",
    "wargame.cli.params",
    "wargame.cli.notes",
    "wargame.cli.debrief",
    "wargame.cli.glossary",
    "wargame.cli.calibrate",
    "wargame.cli.serve",
    "wargame.cli.classes",
)
# Subcommands that may load policy code: each gets --policy-dir (see trust_named_code).
TRUSTING_COMMANDS = (
    "run",
    "sweep",
    "experiment",
    "check-policy",
    "replay",
    "fork",
    "fan-out",
    "serve",
)

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": cmd_run,
    "maps": cmd_maps,
    "scenarios": cmd_scenarios,
    "policies": cmd_policies,
    "check-policy": cmd_check_policy,
}

if __name__ == "__main__":
    sys.exit(main())
