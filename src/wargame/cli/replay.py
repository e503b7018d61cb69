"""`wargame replay`: re-simulate a recorded game, check it, tell its story, export it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wargame.engine.roster import SUMMARY_ORDER, TURN_ORDER
from wargame.errors import WargameError


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `replay` to the parser; return its function by name."""
    replay = sub.add_parser(
        "replay",
        help="replay a recorded game week by week, checking every week against the record",
        description="Re-simulate a record from its header and recorded actions, check each "
        "week's state digest and print the game's story. Exit 0 if it verifies, 1 if not.",
    )
    replay.add_argument("record", help="a record file (made by `wargame run --record PATH`)")
    replay.add_argument(
        "--verify", action="store_true", help="only check the record; print a verdict, exit 0/1"
    )
    replay.add_argument("--to-week", type=int, metavar="N", help="stop after week N")
    replay.add_argument(
        "--export",
        metavar="DIR",
        help="write events.csv, incidents.csv, weekly.csv, actors.csv and PNG plots here",
    )
    replay.add_argument(
        "--policies",
        action="store_true",
        help="let the recorded policies decide again and check they decide as recorded "
        "(only registered policies and files you trust with --policy-dir run: a record never "
        "chooses the code that runs)",
    )
    replay.add_argument("--map", metavar="FILE", help="the map file, if not the shipped one")
    return {"replay": cmd_replay}


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a record: verify it, print its story, optionally export it."""
    from wargame.play.record.replay import Replay

    replay = Replay(args.record, policies=args.policies, map_path=args.map)
    record = replay.record
    if args.to_week is not None and args.to_week < 0:
        raise WargameError(f"--to-week {args.to_week}: must be 0 or more")
    last = record.last_week if args.to_week is None else min(args.to_week, record.last_week)
    print(_describe_header(record.header, record.path))
    for note in replay.notes:
        print(f"note: {note}")
    model = replay.model_at(0)
    for week in range(1, last + 1):
        model = replay.model_at(week)
        if model.week < week:
            break
        if not args.verify:
            for act in format_acts(record.acts_before(week)):
                print(act)
            print(format_week(replay.week_line(week)))
    if args.to_week is None:
        if not args.verify and model.week == record.last_week:
            for act in format_acts(record.acts_before(record.last_week + 1)):
                print(act)  # given after the last complete week (a game still being played)
        replay.verify()
    if args.export:
        _export(model, args.export, record.path)
    print(_verdict(replay, model.week, last))
    return 0 if not replay.problems else 1


def _describe_header(header: Mapping[str, Any], path: Path) -> str:
    scenario = header["scenario"]
    humans = ", ".join(header.get("humans", [])) or "none"
    policies = header.get("policies", {})
    main = ", ".join(f"{a} {policies[a]['name']}" for a in SUMMARY_ORDER if a in policies)
    return (
        f"{path.name}: scenario '{scenario.get('name')}', seed {header['seed']}, map "
        f"{header['map'].get('id')}, wargame {header.get('wargame_version')}\n"
        f"  policies: {main}; played by people: {humans}"
    )


def format_acts(lines: Sequence[Mapping[str, Any]]) -> list[str]:
    """The white cell's lines given before a week, one line of words each."""
    from wargame.engine.white_cell import describe

    out = []
    for line in lines:
        act = line.get("act")
        if not isinstance(act, Mapping):
            continue
        words = describe(act) if act.get("kind") not in ("pause", "resume") else act.get("kind")
        reason = (
            f" ({act['reason']})"
            if act.get("kind") in ("pause", "resume") and act.get("reason")
            else ""
        )
        out.append(f"white cell, before week {line.get('week')}: {words}{reason}")
    return out


def format_week(line: Mapping[str, Any]) -> str:
    """One week of a record in words: who did what, then what happened."""
    out = [f"week {line['week']}"]
    people = set(line.get("humans", []))
    recorded = line.get("actions", {})
    order = [a for a in TURN_ORDER if a in recorded] + [a for a in recorded if a not in TURN_ORDER]
    for actor in order:
        actions = recorded[actor]
        if actions:
            who = f"{actor} (person)" if actor in people else actor
            out.append(f"  {who:22s} {describe_actions(actions)}")
    for event in line.get("events", []):
        out.append(f"  * {event['text']}")
    return "\n".join(out)


def describe_actions(actions: list[Mapping[str, Any]]) -> str:
    """A compact rendering of a list of actions: 'violate(level=1, sector=s13); hybrid(...)'."""
    parts = []
    for action in actions:
        params = ", ".join(f"{k}={v}" for k, v in action.items() if k != "type")
        parts.append(f"{action['type']}({params})")
    return "; ".join(parts)


def _export(model: Any, folder: str, source: Path) -> None:
    from wargame.play.export import write_plots, write_tables

    written = write_tables(model, folder)
    written += write_plots(model.datacollector.get_model_vars_dataframe(), folder, source.name)
    print(f"exported {len(written)} files to {folder}: {', '.join(p.name for p in written)}")


def _verdict(replay: Any, reached: int, wanted: int) -> str:
    record = replay.record
    lines = []
    if replay.problems:
        lines.append(f"NOT VERIFIED: replays as recorded up to week {replay.last_week}")
        lines += [f"  problem: {p}" for p in replay.problems]
    else:
        lines.append(f"verified: weeks 1-{reached} replay exactly as recorded")
    if record.truncated and wanted == record.last_week:
        lines.append(f"  incomplete record: {record.truncated}")
    elif record.footer is not None and reached == record.last_week:
        outcome = record.footer.get("outcome", {})
        lines.append(
            f"  outcome: {outcome.get('end_cause')} after {outcome.get('weeks')} weeks "
            f"({outcome.get('end_detail', '')})"
        )
    return "\n".join(lines)
