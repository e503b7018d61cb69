"""`wargame debrief`: a recorded game's debrief pack, one self-contained HTML file."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from wargame.errors import WargameError


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `debrief` to the parser; return its function by name."""
    p = sub.add_parser(
        "debrief",
        help="write a recorded game's debrief pack: one HTML file that opens offline and prints",
        description="Replay a record and write its debrief pack: the outcome and its cause, the "
        "turning points, every decision a person took (what the decider knew, what it could "
        "have done, what it chose, what followed), the trainer's notes and the charts, in one "
        "self-contained HTML file (no script, no other file).",
    )
    p.add_argument("record", help="a record file (*.wgr.jsonl)")
    p.add_argument(
        "--out", help="the HTML file to write (default: NAME.debrief.html beside the record)"
    )
    p.add_argument("--notes", dest="notes_file", help="the notes file (default: beside the record)")
    p.add_argument(
        "--actor",
        metavar="ID",
        help="one student's pack: only this actor's decisions and the notes on them (e.g. russia)",
    )
    p.add_argument("--map", metavar="FILE", help="the map file, if not the shipped one")
    return {"debrief": cmd_debrief}


def default_out(record: Path) -> Path:
    """NAME.wgr.jsonl -> NAME.debrief.html beside it."""
    return record.with_name(
        record.name.removesuffix(".jsonl").removesuffix(".wgr") + ".debrief.html"
    )


def cmd_debrief(args: argparse.Namespace) -> int:
    """Write the debrief pack of a record; 0 on success."""
    from wargame.files import write_atomic
    from wargame.play.annotations import Notes, sidecar_for
    from wargame.play.debrief import gather, render, white_cell_acts
    from wargame.play.record.replay import Replay

    record_path = Path(args.record)
    out = Path(args.out) if args.out else default_out(record_path)
    if out.is_dir():
        raise WargameError(f"--out {out}: is a folder; give a file like game.debrief.html")
    replay = Replay(record_path, map_path=args.map)
    notes_path = Path(args.notes_file) if args.notes_file else sidecar_for(record_path)
    if args.notes_file and not notes_path.is_file():
        raise WargameError(f"--notes {notes_path}: no such notes file")
    notes = (
        Notes.for_record(replay.record.header, notes_path, replay.record.last_week)
        if notes_path.is_file()
        else None
    )
    pack = gather(replay)
    write_atomic(out, render(pack, notes, actor=args.actor))
    people = sum(1 for d in pack.decisions if args.actor in (None, d.actor))
    verdict = "verified" if not pack.problems else "NOT verified (the pack says why)"
    acts = len(white_cell_acts(pack))
    print(
        f"wrote {out}: {pack.model.week} weeks, {people} decisions by people, record {verdict}, "
        f"{acts} white-cell act{'' if acts == 1 else 's'}"
    )
    return 0
