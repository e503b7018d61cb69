"""`wargame fork` and `wargame fan-out`: what-if branches of a recorded game from one week."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wargame.cli.options import add_list_option
from wargame.errors import WargameError
from wargame.files import write_atomic

PROGRESS_EVERY = 52  # weeks between the fork's progress lines


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `fork` and `fan-out` to the parser; return their functions by name."""
    from wargame.cli.main import seed_number

    fork = sub.add_parser(
        "fork",
        help="fork a recorded game at a week and play the branch on (what if ...?)",
        description="Restore a record at the start of week N (model, policies, random streams "
        "exactly as they were), let other policies play if asked, and play the branch on as the "
        "parent was played (its people's recorded orders, its policies); then say where the "
        "branch first differs from the parent and how both ended.",
    )
    _common(fork)
    fork.add_argument("--out", metavar="FILE", required=True, help="the branch's record file")
    add_list_option(
        fork,
        "--hand-over",
        "hand_over",
        "ACTOR",
        "an actor a person played that its own policy plays in the branch (repeatable)",
    )
    fork.add_argument(
        "--open",
        action="store_true",
        help="only restore the branch and write its record up to the fork; play it on later",
    )
    fan = sub.add_parser(
        "fan-out",
        help="play N continuations of a recorded game from a week: was its end likely?",
        description="From the start of week N, play --n branches with the policies, each with "
        "its own random streams drawn from --seed and its index; print the distribution of "
        "outcomes and the share of branches that ended as the recorded game did.",
    )
    _common(fan)
    fan.add_argument("--n", type=int, default=50, help="number of branches (default 50)")
    fan.add_argument("--seed", type=seed_number, default=1, help="seed of the branches' streams")
    fan.add_argument("--csv", metavar="FILE", help="write one row per branch to this CSV file")
    fan.add_argument("--quiet", action="store_true", help="no progress lines")
    return {"fork": cmd_fork, "fan-out": cmd_fan_out}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", help="a record file (made by `wargame run --record PATH`)")
    parser.add_argument(
        "--week", type=int, required=True, metavar="N", help="the week the branch starts at"
    )
    add_list_option(
        parser,
        "--policy",
        "policies",
        "ACTOR=NAME",
        "from the fork week on, play ACTOR with policy NAME (repeatable)",
    )
    parser.add_argument("--map", metavar="FILE", help="the map file, if not the shipped one")


def policy_choices(items: list[str]) -> dict[str, str]:
    """--policy ACTOR=NAME items as a mapping, or one clear error."""
    out = {}
    for item in items:
        actor, sep, name = item.partition("=")
        if not sep or not actor.strip() or not name.strip():
            raise WargameError(
                f"--policy {item}: expected ACTOR=NAME, e.g. --policy russia=compliant"
            )
        out[actor.strip()] = name.strip()
    return out


def cmd_fork(args: argparse.Namespace) -> int:
    """Fork a record at a week, play the branch on and compare it with its parent."""
    from wargame.play.branch_compare import comparison, first_difference
    from wargame.play.fork import as_record, follow_parent, fork

    record = as_record(args.record)
    policies = policy_choices(args.policies)
    if args.open and policies:
        raise WargameError(
            "--open with --policy: a policy switch is recorded in the week it is played, so an "
            "open branch cannot keep it; play the branch on (without --open), or switch the "
            "policy when you go on playing the branch"
        )
    game = fork(
        record,
        args.week,
        policies=policies,
        out=args.out,
        map_path=args.map,
        hand_over=args.hand_over,
    )
    try:
        if args.open:
            print(f"{args.out}: branch of {record.path.name} restored at week {args.week}")
            return 0
        keep = set(policies)  # their switch at the fork week is the branch's, not the parent's
        while not game.over:
            follow_parent(game, record, PROGRESS_EVERY, keep=keep)
            keep = set()
            print(f"  week {game.week} ...", file=sys.stderr, flush=True)
    finally:
        game.close()
    frame = comparison(record, args.out, map_path=args.map)
    week = first_difference(frame)
    print(f"{args.out}: branch of {record.path.name} from week {args.week}")
    print(
        "  the same game as its parent throughout"
        if week is None
        else f"  first differs from its parent in week {week}"
    )
    print(f"  parent: {_ending(record.footer)}")
    print(f"  branch: {_ending(as_record(args.out).footer)}")
    return 0


def _ending(footer: Mapping[str, Any] | None) -> str:
    if footer is None:
        return "still being played"
    outcome = footer.get("outcome", {})
    return f"{outcome.get('end_cause')} after {footer.get('weeks')} weeks"


def cmd_fan_out(args: argparse.Namespace) -> int:
    """Play N continuations from a week and show the distribution of outcomes."""
    from wargame.play.fan_out import fan_out, standing
    from wargame.play.fork import as_record

    record = as_record(args.record)

    def progress(done: int, n: int, row: Mapping[str, Any]) -> None:
        if not args.quiet:
            print(
                f"  branch {done}/{n}: {row['end_cause']} at week {row['end_week']}",
                file=sys.stderr,
                flush=True,
            )

    frame = fan_out(
        record,
        args.week,
        args.n,
        args.seed,
        policies=policy_choices(args.policies),
        map_path=args.map,
        progress=progress,
    )
    where = standing(record, frame)
    print(f"{record.path.name}: {args.n} branches from week {args.week} (seed {args.seed})")
    for cause, share in where["end_causes"].items():
        print(f"  {cause:<24} {share:6.1%}")
    if where["original_end_cause"] is None:
        print("  the recorded game is still being played")
    else:
        print(
            f"  the recorded game ended '{where['original_end_cause']}' after "
            f"{where['original_end_week']} weeks; {where['share_like_original']:.1%} of the "
            "branches ended the same way"
        )
    if args.csv:
        write_atomic(Path(args.csv), frame.to_csv(index=False))
        print(f"  wrote {args.csv}")
    return 0
