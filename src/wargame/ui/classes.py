"""A class: N rooms started at once from one scenario, a teacher's dashboard, all debrief packs.

A class is a small JSON file in the games folder's `classes/` (written atomically): the class's
id, its rooms' game codes, its set-up, the hash of the teacher's class key and the hashes of the
browsers that opened the dashboard with it. The class key, like an umpire link's key, is shown
once to the teacher; it alone opens the dashboard (a browser that used it keeps the right).
Each room's umpire link key is derived from the games folder's secret (`.wargame-secret`), so
the dashboard can give it again without any key being stored.

Everything the dashboard shows is read from the games folder (records, set-up files), or from
the game in memory when this server process holds it: no game is rebuilt to draw a dashboard,
and a dashboard on one of several workers sees every room.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from wargame.engine.roster import FIXED_ACTORS
from wargame.errors import WargameError
from wargame.files import write_atomic
from wargame.ui.card import actor_name
from wargame.ui.games import (
    CODE_ALPHABET,
    RECORD_SUFFIX,
    Setup,
    live_session,
    read_open_decision,
    read_rights,
    seat_token,
    start_session,
    valid_code,
)
from wargame.ui.i18n import tr

CLASSES_FOLDER = "classes"
CLASS_SUFFIX = ".class.json"
CLASS_ID_LENGTH = 8
MAX_ROOMS = 40  # a class of 80 students at two a room; more is several classes
MAX_SEATS = 5
CLASS_FORMAT = "wargame-class"
NOTES_FOLDER = "notes"  # the Replay page's notes (ui/notes.py), read for the debrief packs
ROOM_ACTORS = tuple(FIXED_ACTORS)  # actors a student may play (nations are played by policies)


class ClassError(WargameError):
    """A class that cannot be created or opened, in words a teacher can act on."""


def no_class(class_id: str | None = None) -> str:
    """The one message for a class that does not exist and one this browser may not open."""
    if not class_id:
        return tr(
            "There is no class with that id this browser may open: open the class link the "
            "class's creator was given (it holds the class key)."
        )
    return tr(
        "There is no class {id} this browser may open: open the class link the class's "
        "creator was given (it holds the class key).",
        id=class_id,
    )


def valid_class_id(class_id: str) -> bool:
    """Whether a string looks like a class id (so it is safe as a file name)."""
    return bool(re.fullmatch(f"[{CODE_ALPHABET}]{{{CLASS_ID_LENGTH}}}", class_id or ""))


def class_path(folder: Path, class_id: str) -> Path:
    """The file of a class in the games folder (only for a well-formed id)."""
    if not valid_class_id(class_id):
        raise ClassError(no_class(None))
    return folder / CLASSES_FOLDER / f"{class_id}{CLASS_SUFFIX}"


@dataclass
class Class:
    """A class: its rooms (game codes) and who may open its dashboard (hashes only)."""

    id: str
    scenario: str
    seats: tuple[str, ...]
    rooms: list[str]
    key_hash: str
    teachers: list[str]
    created: str
    years: float | None = None
    seed: int = 1

    def to_json(self) -> str:
        """The class file's text."""
        data = {
            "format": CLASS_FORMAT,
            "id": self.id,
            "created": self.created,
            "scenario": self.scenario,
            "seats": list(self.seats),
            "years": self.years,
            "seed": self.seed,
            "rooms": list(self.rooms),
            "key_hash": self.key_hash,
            "teachers": sorted(set(self.teachers)),
        }
        return json.dumps(data, indent=1) + "\n"

    def save(self, folder: Path) -> None:
        """Write the class file atomically."""
        write_atomic(class_path(folder, self.id), self.to_json())

    def opens_for(self, key: str | None = None, token: str | None = None) -> bool:
        """Whether the class key, or a browser that used it, opens this class's dashboard."""
        if key and len(key) <= 100 and secrets.compare_digest(seat_token(key), self.key_hash):
            return True
        return bool(token) and seat_token(token or "") in self.teachers


def check_seats(seats: Any) -> tuple[str, ...]:
    """The actors people play in each room: known fixed actors, one to MAX_SEATS, no repeats."""
    if isinstance(seats, str):
        seats = [s.strip() for s in seats.split(",") if s.strip()]
    seats = tuple(str(s) for s in seats or ())
    if not seats:
        raise ClassError(tr("a class room needs at least one seat (an actor people play)"))
    unknown = [s for s in seats if s not in ROOM_ACTORS]
    if unknown:
        raise ClassError(
            tr(
                "seats: {actor} is not an actor a student can play; allowed: {allowed}",
                actor=repr(unknown[0][:40]),
                allowed=", ".join(ROOM_ACTORS),
            )
        )
    if len(set(seats)) != len(seats):
        raise ClassError(tr("seats: an actor is named twice"))
    if len(seats) > MAX_SEATS:
        raise ClassError(tr("seats: at most {n} per room", n=MAX_SEATS))
    return seats


def check_rooms(rooms: Any) -> int:
    """The number of rooms: a whole number from 1 to MAX_ROOMS."""
    try:
        n = int(rooms)
    except (TypeError, ValueError):
        raise ClassError(
            tr("rooms: {rooms} is not a whole number", rooms=repr(str(rooms)[:20]))
        ) from None
    if isinstance(rooms, float) and rooms != n:
        raise ClassError(tr("rooms: {rooms} is not a whole number", rooms=rooms))
    if not 1 <= n <= MAX_ROOMS:
        raise ClassError(tr("rooms: {n} is outside 1 to {most}", n=n, most=MAX_ROOMS))
    return n


def new_class_id(folder: Path) -> str:
    """A fresh class id nobody uses in this games folder."""
    while True:
        class_id = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CLASS_ID_LENGTH))
        if not class_path(folder, class_id).exists():
            return class_id


def room_key(folder: Path, class_id: str, code: str) -> str:
    """The umpire link key of a class's room, derived from the games folder's secret."""
    from wargame.ui.guard import server_secret

    digest = hmac.new(
        server_secret(folder), f"class-room:{class_id}:{code}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def create_class(
    folder: Path,
    scenario: str,
    rooms: Any,
    seats: Any,
    years: float | None = None,
    seed: int = 1,
    token: str | None = None,
) -> tuple[Class, str]:
    """Start `rooms` games of a scenario, each a room with these seats; return the class and its
    key (shown once). Every room starts from the same seed, so the class can compare rooms.
    `token` (the creating browser's) becomes a teacher of the class and umpire of every room."""
    n = check_rooms(rooms)
    humans = check_seats(seats)
    class_id = new_class_id(folder)
    # Hex, not URL-safe base64: a key starting with '-' would read as an option on a CLI.
    key = secrets.token_hex(24)
    setup = Setup(scenario=scenario, seed=int(seed), humans=humans, years=years)
    codes: list[str] = []
    for _ in range(n):
        session = start_session(setup, folder)
        with session.lock:
            session.umpire_key = seat_token(room_key(folder, class_id, session.code))
            if token:
                session.umpires.add(seat_token(token))
            session.save()
        codes.append(session.code)
    made = Class(
        id=class_id,
        scenario=scenario,
        seats=humans,
        rooms=codes,
        key_hash=seat_token(key),
        teachers=[seat_token(token)] if token else [],
        created=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        years=years,
        seed=int(seed),
    )
    made.save(folder)
    return made, key


def load_class(
    folder: Path, class_id: str, key: str | None = None, token: str | None = None
) -> Class:
    """A class this key or browser may open; one message for a missing or a closed class.

    A browser that brings the right key is remembered as a teacher of the class.
    """
    path = class_path(folder, class_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != CLASS_FORMAT:
            raise ValueError("not a class file")
        made = Class(
            id=str(data["id"]),
            scenario=str(data["scenario"]),
            seats=tuple(str(s) for s in data["seats"]),
            rooms=[str(c) for c in data["rooms"] if valid_code(str(c))],
            key_hash=str(data["key_hash"]),
            teachers=[str(t) for t in data.get("teachers") or []],
            created=str(data.get("created", "")),
            years=data.get("years"),
            seed=int(data.get("seed", 1)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        raise ClassError(no_class(class_id)) from None
    if made.id != class_id or not made.opens_for(key, token):
        raise ClassError(no_class(class_id))
    if token and key and seat_token(token) not in made.teachers:
        made.teachers.append(seat_token(token))
        made.save(folder)
    return made


def classes_of(folder: Path, token: str | None) -> list[Class]:
    """The classes this browser opened with their key (or created), newest first."""
    if not token:
        return []
    found = []
    for path in sorted((folder / CLASSES_FOLDER).glob(f"*{CLASS_SUFFIX}"), reverse=True):
        class_id = path.name.removesuffix(CLASS_SUFFIX)
        if not valid_class_id(class_id):
            continue
        try:
            found.append(load_class(folder, class_id, token=token))
        except ClassError:
            continue
    return sorted(found, key=lambda c: c.created, reverse=True)


# -- the dashboard -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoomRow:
    """One room as the dashboard lists it."""

    code: str
    join: str  # "CODE-INVITE": what the room's students type under "Join a game or room"
    seats: tuple[tuple[str, bool], ...]  # (actor, taken)
    week: int
    waiting_for: str | None  # the actor whose decision is open, if any
    waiting_s: float | None  # how long it has been open
    outcome: str  # the outcome so far in words
    over: bool
    umpire_link: str

    @property
    def status(self) -> str:
        """Whose move it is, in words."""
        free = [a for a, taken in self.seats if not taken]
        if self.over:
            return tr("game over")
        if free:
            return tr(
                "waiting for students to join ({joined}/{seats})",
                joined=len(self.seats) - len(free),
                seats=len(self.seats),
            )
        if self.waiting_for:
            return tr(
                "{actor} to decide, for {time}",
                actor=actor_name(self.waiting_for),
                time=minutes(self.waiting_s),
            )
        return tr("no decision open (a student presses Run)")


def minutes(seconds: float | None) -> str:
    """A waiting time in words: '40 s', '3 min', '2 h 05 min'."""
    if seconds is None:
        return "?"
    s = max(0, int(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def room_rows(made: Class, folder: Path, now: float | None = None) -> list[RoomRow]:
    """Every room of a class: week, seats, whose decision waits and for how long, outcome so far."""
    now = time.time() if now is None else now
    rows = []
    for code in made.rooms:
        rights = _rights(folder, code)
        record = folder / f"{code}{RECORD_SUFFIX}"
        week, outcome, over = progress(record)
        mark = read_open_decision(folder, code) if rights else None
        live = live_session(code)
        seated = set(rights.get("seats", {}))
        if live is not None:  # this process holds the game: its state is the freshest
            seated = set(live.seats)
            over = over or live.over
            mark = live.open_decision
        waiting_for = str(mark["actor"]) if mark and not over else None
        since = mark.get("since") if mark else None
        waiting_s = now - since if isinstance(since, int | float) and waiting_for else None
        if waiting_for and mark:
            week = max(week, int(mark.get("week", week)))
        link = f"/?game={code}&umpire={room_key(folder, made.id, code)}"
        rows.append(
            RoomRow(
                code=code,
                join=f"{code}-{rights.get('invite', '')}" if rights.get("invite") else code,
                seats=tuple((a, a in seated) for a in made.seats),
                week=week,
                waiting_for=waiting_for,
                waiting_s=waiting_s,
                outcome=outcome,
                over=over,
                umpire_link=link,
            )
        )
    return rows


def _rights(folder: Path, code: str) -> dict[str, Any]:
    try:
        return read_rights(folder, code)
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class Tally:
    """What a record says of a room so far (read once per version of the file)."""

    week: int = 0
    incidents: int = 0
    large: int = 0
    tripwires: int = 0
    nations_left: int = 0
    end: str | None = None  # None while running; "" if the ceasefire held, else the end cause
    readable: bool = True


def progress(record: Path) -> tuple[int, str, bool]:
    """(last recorded week, the outcome so far in words, over) from a record file."""
    try:
        stat = record.stat()
    except OSError:
        return 0, tr("not started"), False
    tally = _progress(record, stat.st_mtime_ns, stat.st_size)
    if not tally.readable:
        return 0, tr("record unreadable"), False
    parts = [
        tr("{n} incidents ({large} large-scale)", n=tally.incidents, large=tally.large)
        if tally.incidents
        else tr("no incidents yet")
    ]
    if tally.tripwires:
        parts.append(tr("{n} tripwires", n=tally.tripwires))
    if tally.nations_left:
        parts.append(tr("{n} nations left", n=tally.nations_left))
    if tally.end is not None:
        cause = tr("ceasefire held") if tally.end == "" else tally.end
        return tally.week, f"{cause[:60]}: " + ", ".join(parts), True
    return tally.week, tr("running: {so_far}", so_far=", ".join(parts)), False


@lru_cache(maxsize=512)
def _progress(record: Path, mtime_ns: int, size: int) -> Tally:
    week = incidents = large = 0
    left: list[str] = []
    tripwires = 0
    end: dict[str, Any] | None = None
    try:
        with record.open("rb") as fh:
            for raw in fh:
                try:
                    line = json.loads(raw)
                except ValueError:
                    continue
                if not isinstance(line, dict):
                    continue
                if line.get("type") == "week":
                    week = int(line.get("week", week))
                    for incident in line.get("incidents") or []:
                        incidents += 1
                        if isinstance(incident, dict) and incident.get("level") == 3:
                            large += 1
                    for event in line.get("events") or []:
                        kind = event.get("kind") if isinstance(event, dict) else None
                        if kind == "nation_left":
                            left.append(str(event.get("actor") or event.get("nation") or "?"))
                        elif kind == "tripwire":
                            tripwires += 1
                elif line.get("type") == "end":
                    end = line.get("outcome") if isinstance(line.get("outcome"), dict) else {}
    except OSError:
        return Tally(readable=False)
    ended = None
    if end is not None:
        held = end.get("ceasefire_held")
        ended = "" if held else str(end.get("end_cause", "ended")).replace("_", " ")
    return Tally(week, incidents, large, tripwires, len(left), ended)


# -- all debrief packs at once -------------------------------------------------------------------
def debrief_zip(made: Class, folder: Path, charts: bool = True) -> bytes:
    """A zip of every room's debrief pack and each student's own pack (rooms with a record)."""
    from wargame.play.annotations import Notes, NotesError, notes_file_in, record_check
    from wargame.play.debrief import gather, render

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        index = [f"Class {made.id}: {made.scenario}, {len(made.rooms)} rooms", ""]
        for code in made.rooms:
            record = folder / f"{code}{RECORD_SUFFIX}"
            if not record.is_file():
                index.append(f"{code}: no record yet")
                continue
            try:
                pack = gather(record, files_root=folder)
            except WargameError as exc:
                index.append(f"{code}: no debrief pack: {str(exc)[:200]}")
                continue
            try:
                check = record_check(pack.record.header)
                notes_path = notes_file_in(folder / NOTES_FOLDER, check)
                notes = Notes.for_record(pack.record.header, notes_path, pack.record.last_week)
            except NotesError:
                notes = None
            zf.writestr(f"{code}-debrief.html", render(pack, notes, charts))
            humans = pack.record.header.get("humans") or []
            for actor in humans:
                if isinstance(actor, str) and actor in made.seats:
                    zf.writestr(f"{code}-{actor}-debrief.html", render(pack, notes, charts, actor))
            index.append(
                f"{code}: {pack.model.week} weeks, packs for the room and {len(humans)} students"
            )
        zf.writestr("README.txt", "\n".join(index) + "\n")
    return buffer.getvalue()
