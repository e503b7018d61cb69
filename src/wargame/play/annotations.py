"""A trainer's notes on a recorded game: a sidecar file tied to the record by its header's check.

The record itself is never touched, so it stays verifiable; the notes file names the record by
the `check` of its header line (a hash of the whole header: scenario, settings, seed, policies,
deciders), so notes follow the game whatever the record file is called, and notes meant for
another game are refused. A note belongs to a week (0 = the start) and, optionally, to one
actor's decision that week; it has a mark from a fixed list and free text.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wargame.errors import WargameError
from wargame.files import write_atomic

FORMAT = "wargame-notes"
FORMAT_VERSION = 1
SUFFIX = ".notes.json"
# The marks a trainer puts on a week or a decision (key -> what it reads as).
MARKS: dict[str, str] = {
    "note": "note",
    "turning_point": "turning point",
    "good_call": "good call",
    "question": "question for the class",
}
MAX_TEXT = 2000  # characters in one note
MAX_NOTES = 2000  # notes on one record
MAX_FILE_BYTES = 4 * 1024 * 1024
_ID = re.compile(r"^[0-9a-f]{8}$")
_CHECK = re.compile(r"^[0-9a-f]{16}$")
_ACTOR = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
EXPORT_COLUMNS = ("week", "actor", "mark", "text", "id", "created", "edited")


class NotesError(WargameError):
    """A notes file or a note that cannot be used."""


@dataclass(frozen=True)
class Note:
    """One note: on a week (and, optionally, an actor's decision that week), with a mark."""

    id: str
    week: int
    mark: str
    text: str
    actor: str = ""
    created: str = ""
    edited: str = ""

    @property
    def mark_label(self) -> str:
        """The mark as people read it."""
        return MARKS[self.mark]


def record_check(header: Mapping[str, Any]) -> str:
    """The record's identity the notes are tied to: its header line's check, verified.

    A header whose check does not match its content was edited: its notes could be another
    game's, so none are kept for it.
    """
    from wargame.play.record.format import line_check

    check = header.get("check")
    if not isinstance(check, str) or not _CHECK.match(check):
        raise NotesError("the record's header has no check: not a wargame record")
    if line_check("", header) != check:
        raise NotesError("the record's header was edited, so notes cannot be tied to it")
    return check


def notes_file_in(folder: Path, check: str) -> Path:
    """Where the server keeps the notes on the record with this (verified) check."""
    if not _CHECK.match(check):
        raise NotesError("not a record check")
    return folder / f"{check}{SUFFIX}"


def sidecar_for(record_path: str | Path) -> Path:
    """The notes file kept beside a record file: NAME.wgr.jsonl -> NAME.notes.json."""
    path = Path(record_path)
    return path.with_name(path.name.removesuffix(".jsonl").removesuffix(".wgr") + SUFFIX)


def check_text(text: Any, where: str) -> str:
    """A note's text: a string of printable characters (newlines allowed), not empty, bounded."""
    if not isinstance(text, str):
        raise NotesError(f"{where}: the text must be a string")
    text = text.strip()
    if not text:
        raise NotesError(f"{where}: the text is empty; write what the note says")
    if len(text) > MAX_TEXT:
        raise NotesError(f"{where}: {len(text):,} characters; a note may have at most {MAX_TEXT:,}")
    if any(not (c.isprintable() or c in "\n\t") for c in text):
        raise NotesError(f"{where}: the text holds control characters; only printable text")
    return text


def check_mark(mark: Any, where: str) -> str:
    """A mark key from MARKS (its label is accepted too)."""
    if isinstance(mark, str):
        by_label = {label: key for key, label in MARKS.items()}
        key = mark.strip().lower().replace(" ", "_").replace("-", "_")
        if key in MARKS:
            return key
        if mark.strip().lower() in by_label:
            return by_label[mark.strip().lower()]
    allowed = ", ".join(MARKS)
    raise NotesError(f"{where}: mark {str(mark)[:40]!r} is not one of {allowed}")


def check_week(week: Any, last_week: int | None, where: str) -> int:
    """A week of the game: a whole number from 0 (the start) to the record's last week."""
    if isinstance(week, bool) or not isinstance(week, int | float):
        raise NotesError(f"{where}: the week must be a whole number")
    if isinstance(week, float) and (not math.isfinite(week) or week != int(week)):
        raise NotesError(f"{where}: the week must be a whole number")
    week = int(week)
    top = last_week if last_week is not None else 100_000
    if not 0 <= week <= top:
        raise NotesError(f"{where}: week {week} is not in the game (0 to {top})")
    return week


def check_actor(actor: Any, where: str, actors: Iterable[str] | None = None) -> str:
    """An actor id of the game ('' = the whole week)."""
    if actor in (None, ""):
        return ""
    known = sorted(actors) if actors is not None else None
    if not isinstance(actor, str) or not _ACTOR.match(actor) or (known and actor not in known):
        allowed = f"; one of {', '.join(known)}" if known else ""
        raise NotesError(f"{where}: actor {str(actor)[:40]!r} is not an actor of the game{allowed}")
    return actor


class Notes:
    """The notes on one record, loaded from and saved to its sidecar file."""

    def __init__(
        self,
        check: str,
        notes: Iterable[Note] = (),
        path: Path | None = None,
        last_week: int | None = None,
        actors: Iterable[str] | None = None,
    ) -> None:
        self.check = check
        self.path = path
        self.last_week = last_week
        self.actors = sorted(actors) if actors is not None else None
        self._notes = sorted(notes, key=_order)

    # -- reading -------------------------------------------------------------------------------
    @classmethod
    def for_record(
        cls, header: Mapping[str, Any], path: Path, last_week: int | None = None
    ) -> Notes:
        """The notes on the record with this header, from `path` (none yet if it is missing)."""
        check = record_check(header)
        actors = header.get("policies") if isinstance(header.get("policies"), dict) else None
        if not path.exists():
            return cls(check, (), path, last_week, actors)
        return cls.load(path, check, last_week, actors)

    @classmethod
    def load(
        cls,
        path: Path,
        check: str | None = None,
        last_week: int | None = None,
        actors: Iterable[str] | None = None,
    ) -> Notes:
        """Read a notes file; refuse one that is malformed or belongs to another record."""
        where = path.name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise NotesError(f"{where}: more than {MAX_FILE_BYTES:,} bytes; not a notes file")
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise NotesError(f"{where}: not a notes file (not JSON text)") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise NotesError(f"{where}: not a notes file (format is not {FORMAT!r})")
        if raw.get("format_version") != FORMAT_VERSION:
            raise NotesError(
                f"{where}: format_version {str(raw.get('format_version'))[:20]} is not "
                f"{FORMAT_VERSION}, the one this version reads"
            )
        kept = raw.get("record_check")
        if not isinstance(kept, str):
            raise NotesError(f"{where}: record_check is missing")
        if check is not None and kept != check:
            raise NotesError(f"{where}: these notes belong to another record (its check differs)")
        items = raw.get("notes")
        if not isinstance(items, list):
            raise NotesError(f"{where}: notes must be a list")
        if len(items) > MAX_NOTES:
            raise NotesError(f"{where}: {len(items):,} notes; at most {MAX_NOTES:,}")
        known = sorted(actors) if actors is not None else None
        notes = [
            _note_of(item, f"{where}: notes[{i}]", last_week, known) for i, item in enumerate(items)
        ]
        ids = [n.id for n in notes]
        if len(set(ids)) != len(ids):
            raise NotesError(f"{where}: two notes share an id")
        return cls(kept, notes, path, last_week, known)

    def __iter__(self) -> Iterator[Note]:
        return iter(self._notes)

    def __len__(self) -> int:
        return len(self._notes)

    def on_week(self, week: int) -> list[Note]:
        """The notes on one week, whole-week notes first."""
        return [n for n in self._notes if n.week == week]

    def weeks(self) -> dict[int, list[str]]:
        """Week -> the marks of its notes, for the timeline."""
        out: dict[int, list[str]] = {}
        for n in self._notes:
            out.setdefault(n.week, []).append(n.mark)
        return out

    def get(self, note_id: str) -> Note:
        """One note by its id."""
        for n in self._notes:
            if n.id == note_id:
                return n
        raise NotesError(f"no note with id {str(note_id)[:20]!r} on this record")

    # -- changing ------------------------------------------------------------------------------
    def add(
        self, week: Any, mark: Any, text: Any, actor: Any = "", now: datetime | None = None
    ) -> Note:
        """Add a note (checked) and save; returns it."""
        if len(self._notes) >= MAX_NOTES:
            raise NotesError(f"this record has {MAX_NOTES:,} notes already, the most it may have")
        taken = {n.id for n in self._notes}
        note_id = secrets.token_hex(4)
        while note_id in taken:
            note_id = secrets.token_hex(4)
        note = Note(
            id=note_id,
            week=check_week(week, self.last_week, "week"),
            mark=check_mark(mark, "mark"),
            text=check_text(text, "text"),
            actor=check_actor(actor, "actor", self.actors),
            created=_stamp(now),
        )
        self._notes = sorted([*self._notes, note], key=_order)
        self.save()
        return note

    def edit(
        self, note_id: str, text: Any = None, mark: Any = None, now: datetime | None = None
    ) -> Note:
        """Change a note's text or mark (checked) and save; returns the new note."""
        old = self.get(note_id)
        new = replace(
            old,
            text=old.text if text is None else check_text(text, "text"),
            mark=old.mark if mark is None else check_mark(mark, "mark"),
            edited=_stamp(now),
        )
        self._notes = [new if n.id == note_id else n for n in self._notes]
        self.save()
        return new

    def delete(self, note_id: str) -> None:
        """Remove a note and save."""
        self.get(note_id)
        self._notes = [n for n in self._notes if n.id != note_id]
        self.save()

    def save(self) -> None:
        """Write the notes file atomically (nothing is written without a path)."""
        if self.path is not None:
            write_atomic(self.path, self.to_json())

    # -- out -----------------------------------------------------------------------------------
    def to_json(self) -> str:
        """The notes file's text."""
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "record_check": self.check,
            "notes": [asdict(n) for n in self._notes],
        }
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """The notes as CSV, one row each, for a spreadsheet."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for n in self._notes:
            row = {**asdict(n), "mark": n.mark_label}
            # A cell starting with = + - @ would be a formula in a spreadsheet: keep it text.
            writer.writerow([_no_formula(str(row[c])) for c in EXPORT_COLUMNS])
        return buffer.getvalue()

    def to_markdown(self, title: str = "Notes") -> str:
        """The notes as a Markdown list by week, for a handout."""
        lines = [f"# {title}", ""]
        for n in self._notes:
            who = f", {n.actor}'s decision" if n.actor else ""
            text = n.text.replace("\n", " ")
            lines.append(f"- **Week {n.week}{who}** ({n.mark_label}): {text}")
        return "\n".join(lines) + "\n"

    def export(self, out: Path) -> Path:
        """Write the notes as .csv, .md or .json, by the file's suffix (atomically)."""
        writers = {".csv": self.to_csv, ".md": self.to_markdown, ".json": self.to_json}
        if out.suffix not in writers:
            raise NotesError(f"{out.name}: export to .csv, .md or .json")
        write_atomic(out, writers[out.suffix]())
        return out


def _note_of(item: Any, where: str, last_week: int | None, actors: list[str] | None) -> Note:
    if not isinstance(item, dict):
        raise NotesError(f"{where}: a note must be a mapping")
    unknown = set(item) - set(Note.__dataclass_fields__)
    if unknown:
        raise NotesError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    note_id = item.get("id")
    if not isinstance(note_id, str) or not _ID.match(note_id):
        raise NotesError(f"{where}: id must be 8 hexadecimal digits")
    stamps = [item.get(k, "") for k in ("created", "edited")]
    if any(not isinstance(s, str) or len(s) > 40 for s in stamps):
        raise NotesError(f"{where}: created and edited must be short texts (ISO dates)")
    return Note(
        id=note_id,
        week=check_week(item.get("week"), last_week, f"{where}.week"),
        mark=check_mark(item.get("mark"), f"{where}.mark"),
        text=check_text(item.get("text"), f"{where}.text"),
        actor=check_actor(item.get("actor", ""), f"{where}.actor", actors),
        created=stamps[0],
        edited=stamps[1],
    )


def _order(note: Note) -> tuple[int, str, str, str]:
    return (note.week, note.actor, note.created, note.id)


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _no_formula(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell
