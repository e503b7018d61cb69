"""The Replay page's list of records: what each one is (scenario, people, date, length, outcome),
searchable, with the uploads this browser made.

A record's header is its first line and its footer its last, so a list entry reads two lines,
not the game; entries are cached by the file's size and modification time.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from wargame.ui.games import RECORD_SUFFIX
from wargame.ui.i18n import tr
from wargame.ui.upload import UPLOAD_SUFFIX

OWNER_SUFFIX = ".owner"  # beside an upload: the uploader's seat token (a hash)
MAX_HEADER_BYTES = 2 * 1024 * 1024
TAIL_BYTES = 256 * 1024


@dataclass(frozen=True)
class RecordInfo:
    """One record as the list shows it."""

    path: Path
    label: str
    when: str  # when the file was last written, UTC
    scenario: str
    humans: tuple[str, ...]
    weeks: int
    outcome: str  # "held", the end cause, or "unfinished"

    def line(self) -> str:
        """The entry as one line of text (in the page's language: what a search matches)."""
        people = ", ".join(self.humans) if self.humans else tr("no person (policies only)")
        weeks = tr("{n} weeks", n=self.weeks)
        return f"{self.label} | {self.when} | {self.scenario} | {people} | {weeks} | {self.outcome}"

    def matches(self, search: str, outcome: str = "") -> bool:
        """Whether the entry fits a search text (every word, anywhere) and an outcome filter."""
        if outcome and self.outcome != outcome:
            return False
        text = self.line().lower()
        return all(word in text for word in search.lower().split())


def record_info(path: Path) -> RecordInfo | None:
    """What a record is, or None if the file is not a readable record."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _info(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2048)
def _info(path: Path, mtime_ns: int, size: int) -> RecordInfo | None:
    try:
        with path.open("rb") as fh:
            header = _json(fh.readline(MAX_HEADER_BYTES))
            fh.seek(max(0, size - TAIL_BYTES))
            tail = fh.read(TAIL_BYTES).rstrip(b"\n").rsplit(b"\n", 1)[-1]
    except OSError:
        return None
    if not isinstance(header, dict) or header.get("format") != "wargame-record":
        return None
    last = _json(tail)
    last = last if isinstance(last, dict) else {}
    if last.get("type") == "end":
        outcome_of = _mapping(last.get("outcome"))
        held = outcome_of.get("ceasefire_held")
        outcome = "held" if held else str(outcome_of.get("end_cause", "ended"))[:60]
        weeks = last.get("weeks")
    else:
        outcome, weeks = "unfinished", last.get("week", 0)
        if last.get("type") == "white_cell" and isinstance(weeks, int):
            weeks -= 1  # an umpire's act is given before the week it names
    scenario = _mapping(header.get("scenario"))
    people = header.get("humans")
    humans: list[Any] = people if isinstance(people, list) else []
    return RecordInfo(
        path=path,
        label=path.name.removesuffix(RECORD_SUFFIX).removesuffix(UPLOAD_SUFFIX),
        when=time.strftime("%Y-%m-%d %H:%M", time.gmtime(mtime_ns / 1e9)),
        scenario=str(scenario.get("name", "?"))[:80],
        humans=tuple(str(h)[:40] for h in humans[:10]),
        weeks=weeks if isinstance(weeks, int) and not isinstance(weeks, bool) else 0,
        outcome=outcome,
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def mark_owner(upload: Path, token_hash: str) -> None:
    """Note who uploaded a record (their seat token's hash), so their list shows it."""
    upload.with_name(upload.name + OWNER_SUFFIX).write_text(token_hash, encoding="utf-8")


def uploads_of(folder: Path, token_hash: str) -> list[Path]:
    """The uploads this browser made that are still kept, newest first."""
    if not folder.is_dir():
        return []
    mine = []
    for owner in folder.glob(f"upload-*{UPLOAD_SUFFIX}{OWNER_SUFFIX}"):
        upload = owner.with_name(owner.name.removesuffix(OWNER_SUFFIX))
        try:
            if owner.read_text(encoding="utf-8").strip() == token_hash and upload.is_file():
                mine.append(upload)
        except OSError:
            continue
    return sorted(mine, key=lambda p: p.stat().st_mtime, reverse=True)


def listing(paths: list[Path], search: str = "", outcome: str = "") -> list[RecordInfo]:
    """The readable records among `paths` that fit the search, in the given order."""
    infos = [info for info in (record_info(p) for p in paths) if info is not None]
    return [info for info in infos if info.matches(search, outcome)]
