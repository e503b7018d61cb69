"""Reading a record file: its header, its complete weeks and its footer, or a clear error.

An error names the file, and the line or header field that is wrong; a record cut off or
damaged part way is read up to its last usable week, and says why it stops there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.play.record.format import (
    FORMAT,
    FORMAT_VERSION,
    MADE_BY,
    MAX_GENERATED_SECTORS,
    MAX_LINE_KM,
    OLDEST_REPLAYABLE,
    RULES_BEFORE,
    WHITE_CELL,
    RecordError,
    line_check,
)


@dataclass
class Record:
    """A record as read from its file: the header, the complete weeks, the footer if any."""

    path: Path
    header: dict[str, Any]
    weeks: list[dict[str, Any]]
    footer: dict[str, Any] | None
    truncated: str | None = None  # why the record stops before the game's end, if it does
    damage: list[str] = field(default_factory=list)  # lines found edited or unreadable
    # The white cell's lines, by the week they were given before (read in file order).
    acts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def acts_before(self, week: int) -> list[dict[str, Any]]:
        """The white-cell lines given after week - 1 and before week `week` began."""
        return self.acts.get(week, [])

    def lines(self) -> list[dict[str, Any]]:
        """Every line but the footer, in file order: the header, white-cell lines and weeks."""
        out: list[dict[str, Any]] = [self.header]
        for week in range(1, self.last_week + 2):
            out += self.acts_before(week)
            if week <= self.last_week:
                out.append(self.weeks[week - 1])
        return out

    def check_before(self, week: int) -> str:
        """The check of the line just before week `week`'s line (or before the footer, for the
        week after the last): a white-cell line's if one came between."""
        acts = self.acts_before(week)
        if acts:
            return str(acts[-1].get("check", ""))
        if week > 1:
            return str(self.weeks[week - 2].get("check", ""))
        return str(self.header.get("check", ""))

    def act_intact(self, week: int, index: int) -> bool:
        """Whether the `index`-th white-cell line before week `week` matches its check."""
        acts = self.acts_before(week)
        previous = str(acts[index - 1].get("check", "")) if index else self._check_of_week(week - 1)
        return acts[index].get("check") == line_check(previous, acts[index])

    def _check_of_week(self, week: int) -> str:
        if week >= 1:
            return str(self.weeks[week - 1].get("check", ""))
        return str(self.header.get("check", ""))

    @property
    def last_week(self) -> int:
        """The last complete week in the record."""
        return self.weeks[-1]["week"] if self.weeks else 0

    @property
    def seed(self) -> int:
        """The game's seed."""
        return int(self.header["seed"])

    def week_line(self, week: int) -> dict[str, Any]:
        """The recorded line of one week (1-based)."""
        if not 1 <= week <= self.last_week:
            raise RecordError(
                f"{self.path}: no week {week}; the record has weeks 1-{self.last_week}"
            )
        return self.weeks[week - 1]

    def line_intact(self, index: int) -> bool:
        """Whether line `index` (0 = header, n = week n) still matches its check."""
        if index == 0:
            return self.header.get("check") == line_check("", self.header)
        line = self.weeks[index - 1]
        return line.get("check") == line_check(self.check_before(index), line)


MAX_RECORD_BYTES = 64_000_000
"""Largest record read: a 50-year game of the default scenario is about 10 MB (ASSUMED margin)."""


def load_record(path: str | Path) -> Record:
    """Read a record file; a clear RecordError if it is not one or cannot be read by this version."""
    path = Path(path)
    if not path.is_file():
        raise RecordError(f"{path}: no such record file")
    if path.stat().st_size > MAX_RECORD_BYTES:
        raise RecordError(
            f"{path}: {path.stat().st_size:,} bytes, more than a record can be "
            f"({MAX_RECORD_BYTES:,}); not a wargame record"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(f"{path}: not a wargame record (not UTF-8 text)") from None
    pieces = text.split("\n")
    tail = pieces.pop()  # "" when the file ends with a newline
    if not pieces and not tail.strip():
        raise RecordError(f"{path}: the file is empty, not a wargame record")
    header = _read_header(path, pieces[0] if pieces else tail)
    record = Record(path, header, [], None)
    _read_body(record, pieces[1:], tail if pieces else "")
    return record


def _read_header(path: Path, text: str) -> dict[str, Any]:
    try:
        header = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RecordError(
            f"{path}: line 1 is not a wargame record header (expected format '{FORMAT}')"
        )
    version = header.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordError(f"{path}: header: format_version must be a whole number, got {version!r}")
    if version < 1:
        raise RecordError(f"{path}: header: format_version must be 1 or more, got {version}")
    if version < OLDEST_REPLAYABLE:
        made_by = str(header.get("wargame_version") or MADE_BY[version])  # 1 may not say
        raise RecordError(
            f"{path}: record format {version} was played under the rules before "
            f"{RULES_BEFORE[version]} (record format {version + 1}); wargame {__version__} "
            f"cannot replay it. Replay it with the wargame that made it "
            f"(version {made_by}: pip install 'wargame=={made_by}')."
        )
    if version > FORMAT_VERSION:
        raise RecordError(
            f"{path}: record format version {version} is newer than this wargame "
            f"({__version__}) can read (up to {FORMAT_VERSION}); it was made by wargame "
            f"{header.get('wargame_version', '?')}. Upgrade wargame to replay it."
        )
    for name, kind in (("scenario", dict), ("map", dict), ("seed", int), ("policies", dict)):
        if not isinstance(header.get(name), kind) or isinstance(header.get(name), bool):
            raise RecordError(f"{path}: header: field '{name}' is missing or not a {kind.__name__}")
    if not isinstance(header["scenario"].get("settings"), dict):
        raise RecordError(f"{path}: header: field 'scenario.settings' is missing")
    _check_generated_map(path, header["map"].get("generated"))
    return header


def _check_generated_map(path: Path, recipe: Any) -> None:
    """Refuse a generated map's recipe outside the bounds before anything is built from it."""
    if recipe is None:
        return
    if not isinstance(recipe, dict):
        raise RecordError(f"{path}: header: map.generated must be a mapping, got {recipe!r:.60}")
    n, km = recipe.get("n_sectors"), recipe.get("length_km")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_GENERATED_SECTORS:
        raise RecordError(
            f"{path}: header: map.generated.n_sectors must be a whole number from 1 to "
            f"{MAX_GENERATED_SECTORS}, got {n!r:.60}"
        )
    if (
        isinstance(km, bool)
        or not isinstance(km, int | float)
        or not 0 < km <= MAX_LINE_KM  # also refuses NaN
    ):
        raise RecordError(
            f"{path}: header: map.generated.length_km must be a number above 0 and at most "
            f"{MAX_LINE_KM:,.0f}, got {km!r:.60}"
        )


def _read_body(record: Record, lines: list[str], tail: str) -> None:
    """Read week lines and the footer; stop at the first line that cannot be used, saying why."""
    for number, text in enumerate(lines, start=2):
        expected = record.last_week + 1
        try:
            line = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            record.damage.append(
                f"line {number} (week {expected}) is not valid JSON ({why}); the file was "
                "edited or damaged"
            )
            record.truncated = f"unreadable from week {expected} on (line {number})"
            return
        kind = line.get("type") if isinstance(line, dict) else None
        if kind == "end" and record.footer is None:
            record.footer = line
            continue
        if kind == WHITE_CELL and record.footer is None and line.get("week") == expected:
            record.acts.setdefault(expected, []).append(line)
            continue
        if kind != "week" or record.footer is not None or line.get("week") != expected:
            record.damage.append(
                f"line {number}: expected week {expected}, found "
                f"{_describe_line(line)}; a week is missing, out of order or edited"
            )
            record.truncated = f"unusable from week {expected} on (line {number})"
            return
        record.weeks.append(line)
    if tail.strip():
        record.truncated = (
            f"the line after week {record.last_week} is incomplete: the game was interrupted "
            "while writing it"
        )
    elif record.footer is None:
        record.truncated = (
            f"the record ends after week {record.last_week} without an outcome: the game was "
            "interrupted or is still being played"
        )


def _describe_line(line: Any) -> str:
    if not isinstance(line, dict):
        return f"a {type(line).__name__}"
    if line.get("type") == "week":
        return f"week {line.get('week')!r}"
    if line.get("type") == "end":
        return "a second footer or lines after the footer"
    return f"a line of type {line.get('type')!r}"
