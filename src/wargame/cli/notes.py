"""`wargame notes`: a trainer's notes on a record, kept in a sidecar file beside it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from wargame.play.annotations import MARKS, Notes, NotesError, sidecar_for
from wargame.play.record.reader import load_record

ACTIONS = ("list", "add", "edit", "delete", "export")


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `notes` to the parser; return its function by name."""
    p = sub.add_parser(
        "notes",
        help="list, add, edit, delete or export a trainer's notes on a record",
        description="Notes on a recorded game: on a week (0 = the start) or on one actor's "
        "decision that week, each with a mark. They live in a sidecar file (NAME.notes.json "
        "beside NAME.wgr.jsonl, or --notes FILE) tied to the record by its header's check; "
        "the record itself is never changed, so it stays verifiable.",
    )
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("record", help="the record file (*.wgr.jsonl)")
    p.add_argument("--notes", dest="notes_file", help="the notes file (default: beside the record)")
    p.add_argument("--week", type=int, help="add: the week the note is on (0 = the start)")
    p.add_argument("--actor", default="", help="add: the actor whose decision the note is on")
    p.add_argument("--mark", help=f"add/edit: one of {', '.join(MARKS)} (add: default note)")
    p.add_argument("--text", help="add/edit: what the note says")
    p.add_argument("--id", dest="note_id", help="edit/delete: the note's id (`notes list`)")
    p.add_argument("--out", help="export: a .csv, .md or .json file")
    return {"notes": cmd_notes}


def cmd_notes(args: argparse.Namespace) -> int:
    """Carry out one `wargame notes` action; 0 on success."""
    record = load_record(args.record)
    path = Path(args.notes_file) if args.notes_file else sidecar_for(record.path)
    notes = Notes.for_record(record.header, path, record.last_week)
    if args.action == "list":
        if not len(notes):
            print(f"No notes on {record.path.name} yet ({path.name}).")
        for n in notes:
            who = f" {n.actor}" if n.actor else ""
            print(f"{n.id}  week {n.week:>4}{who}  [{n.mark_label}]  {n.text}")
        return 0
    if args.action == "add":
        if args.week is None or args.text is None:
            raise NotesError("notes add needs --week and --text")
        note = notes.add(args.week, args.mark or "note", args.text, args.actor)
        print(f"added note {note.id} on week {note.week} to {path}")
        return 0
    if not args.note_id and args.action in ("edit", "delete"):
        raise NotesError(f"notes {args.action} needs --id (`wargame notes list` shows them)")
    if args.action == "edit":
        if args.text is None and args.mark is None:
            raise NotesError("notes edit needs --text or --mark")
        note = notes.edit(args.note_id, text=args.text, mark=args.mark)
        print(f"edited note {note.id} in {path}")
        return 0
    if args.action == "delete":
        notes.delete(args.note_id)
        print(f"deleted note {args.note_id} from {path}")
        return 0
    if not args.out:
        raise NotesError("notes export needs --out FILE (.csv, .md or .json)")
    out = notes.export(Path(args.out))
    print(f"wrote {len(notes)} notes to {out}")
    return 0
