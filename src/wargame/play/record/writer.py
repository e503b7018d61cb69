"""Writing a record: its header, a line per week as the game goes, and the footer."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from wargame import __version__
from wargame.config.maps import GENERATED_PATH
from wargame.config.scenario import Scenario
from wargame.engine.model import CeasefireModel
from wargame.engine.sector_map import SectorMap
from wargame.files import file_mode
from wargame.play.record.format import (
    FORMAT,
    FORMAT_VERSION,
    HEADER_FIELDS,
    RecordError,
    canonical,
    checked_line_text,
    fingerprint,
    footer_seal,
    line_check,
    line_parts,
    seal_texts,
    start_seal,
    state_hash,
    week_state,
    week_story,
)
from wargame.policies.registry import policy_specs

if TYPE_CHECKING:
    from wargame.play.record.reader import Record


class RecordedGame(Protocol):
    """What a record's header is made from: a game (wargame.play.session.Game) at its start."""

    @property
    def model(self) -> CeasefireModel: ...
    @property
    def scenario(self) -> Scenario: ...
    @property
    def seed(self) -> int: ...
    @property
    def deciders(self) -> Mapping[str, Any]: ...
    @property
    def humans(self) -> AbstractSet[str]: ...


def record_header(game: RecordedGame) -> dict[str, Any]:
    """The header line of a game's record."""
    model = game.model
    refs = policy_specs(game.scenario.settings, list(model.actors))
    policies = {}
    for actor_id, decider in game.deciders.items():
        spec: dict[str, Any] = {
            "name": model.decider_name(actor_id),
            "ref": str(refs[actor_id]["name"]),  # what `make_policy` takes: a name or file:Class
            "params": dict(getattr(decider, "p", {})),
        }
        if actor_id in game.humans:
            spec["human"] = True
        policies[actor_id] = spec
    header: dict[str, Any] = {
        "type": "header",
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "wargame_version": __version__,
        "scenario": {
            "name": game.scenario.name,
            "source": game.scenario.source,
            "overrides": list(getattr(game, "overrides", [])),
            "settings": game.scenario.game_settings(),
        },
        "map": map_reference(model.map),
        "seed": game.seed,
        "policies": policies,
        "humans": sorted(game.humans),
    }
    header["fingerprints"] = {name: fingerprint(header[name]) for name in HEADER_FIELDS}
    header["check"] = line_check("", header)
    return header


def map_reference(sector_map: SectorMap) -> dict[str, Any]:
    """How a record names its map: id, hash, file, or the recipe of a generated map."""
    ref: dict[str, Any] = {"id": sector_map.id, "sha256": sector_map.sha256}
    if sector_map.path == GENERATED_PATH:
        ref["generated"] = {
            "n_sectors": len(sector_map.sectors),
            "length_km": sector_map.line_length_km,
        }
    else:
        ref["file"] = str(sector_map.path)
    return ref


def week_line(
    model: CeasefireModel,
    people: list[str],
    policy_changes: Mapping[str, str] | None = None,
    *,
    previous: str,
) -> dict[str, Any]:
    """The record line of the week just completed (without its check); `previous` is the last
    week's digest, which this week's chains on ("" before week 1: `RecordWriter.last_digest`)."""
    return week_line_and_texts(model, people, policy_changes, previous=previous)[0]


def week_line_and_texts(
    model: CeasefireModel,
    people: list[str],
    policy_changes: Mapping[str, str] | None = None,
    *,
    previous: str,
) -> tuple[dict[str, Any], dict[str, str]]:
    """`week_line`, and the `canonical` texts of its sealed values that are in the line (for
    `RecordWriter.write_week`, so they are encoded once)."""
    week = model.week
    line: dict[str, Any] = {
        "type": "week",
        "week": week,
        # The engine keeps each action as its own dict of plain values (CeasefireModel._act).
        "actions": {actor: [dict(a) for a in acts] for actor, acts in model.week_actions.items()},
        "humans": sorted(set(people)),
    }
    if policy_changes:
        line["policy_changes"] = dict(policy_changes)
    line.update(week_story(model))
    state = week_state(model, previous)
    line["digest"] = state.hexdigest()
    parts = line_parts(line)
    texts = {name: canonical(value) for name, value in parts.items()}
    line["seal"] = seal_texts(state, texts)
    # A part's value is the line's own object where the line has it (line_parts).
    return line, {name: text for name, text in texts.items() if name in line}


class RecordWriter:
    """Writes a record: the header atomically, then a line per week, flushed as it goes."""

    def __init__(
        self, path: Path, handle: IO[str], last_check: str, last_week: int, last_digest: str = ""
    ) -> None:
        self.path = path
        self._fh: IO[str] | None = handle
        self.last_check = last_check
        self.last_week = last_week
        self.last_digest = last_digest  # the last week's digest, the next one chains on it
        self.start_seal: dict[str, str] = {}  # the header's seal entries, for week 1's line

    @classmethod
    def create(
        cls, path: str | Path, header: dict[str, Any], model: CeasefireModel | None = None
    ) -> RecordWriter:
        """Start a record file (replacing any old one only once the new header is on disk).

        `model`, at week 0, gives the seal that binds the header to the game it sets up.
        """
        writer = cls._open_with(Path(path), [header], last_week=0)
        if model is not None:
            writer.start_seal = start_seal(model, header)
        return writer

    @classmethod
    def reopen(cls, record: Record) -> RecordWriter:
        """Continue a record after its last complete week (an incomplete last line is dropped)."""
        if record.footer is not None:
            raise RecordError(f"{record.path}: the game is over; it can be replayed, not resumed")
        if record.header["format_version"] != FORMAT_VERSION:
            raise RecordError(
                f"{record.path}: a record of format {record.header['format_version']} can be "
                f"replayed, not resumed: this wargame writes format {FORMAT_VERSION}"
            )
        return cls._open_with(record.path, record.lines(), record.last_week)

    @classmethod
    def _open_with(cls, path: Path, lines: list[dict[str, Any]], last_week: int) -> RecordWriter:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
            for line in lines:
                fh.write(canonical(line) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, file_mode())
            os.replace(tmp, path)  # the open handle now writes to `path`
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        digest = next((x["digest"] for x in reversed(lines) if x.get("type") == "week"), "")
        return cls(path, fh, lines[-1]["check"], last_week, digest)

    def write_week(self, line: dict[str, Any], texts: Mapping[str, str] | None = None) -> None:
        """Append a week's line and flush it, so a killed process loses at most that week.

        `texts`: the `canonical` texts of some of the line's values (`week_line_and_texts`).
        """
        if line["week"] == 1 and self.start_seal and "seal" in line:
            line = {**line, "seal": {**line["seal"], **self.start_seal}}
        self._write_text(*checked_line_text(self.last_check, line, texts))
        self.last_week = line["week"]
        self.last_digest = str(line.get("digest", self.last_digest))

    def write_act(self, line: dict[str, Any]) -> None:
        """Append a white-cell line (its check chained to the line before) and flush it."""
        self._write_text(*checked_line_text(self.last_check, line))

    def finish(self, outcome: dict[str, Any], model: CeasefireModel | None = None) -> None:
        """Append the footer with the outcome (sealed to the final state of `model`) and close."""
        footer: dict[str, Any] = {"type": "end", "weeks": self.last_week, "outcome": outcome}
        if model is not None:
            footer["seal"] = footer_seal(state_hash(model), footer)
        self._write({**footer, "check": line_check(self.last_check, footer)})
        self.close()

    def close(self) -> None:
        """Sync and close the file (safe to call twice)."""
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def _write(self, line: dict[str, Any]) -> None:
        if self._fh is None:
            raise RecordError(f"{self.path}: the record is closed")
        self._fh.write(canonical(line) + "\n")
        self._fh.flush()
        self.last_check = line["check"]

    def _write_text(self, text: str, check: str) -> None:
        """`_write` of a line already encoded (`checked_line_text`)."""
        if self._fh is None:
            raise RecordError(f"{self.path}: the record is closed")
        self._fh.write(text + "\n")
        self._fh.flush()
        self.last_check = check
