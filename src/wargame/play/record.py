"""Game records: one versioned JSON Lines file per game, and replaying it exactly, week by week.

A record is a header line (format version, package version, the fully resolved scenario, the
map's id and hash, the seed, every actor's policy), one line per completed week (every actor's
actions, who decided as a person, the week's events and incidents, a digest of the model state,
a seal) and, once the game is over, a footer with the outcome. Every line carries a short check
that chains it to the line before, so an edit is found and named by its week. The seal binds
each part of a line (and, in week 1, each header field) to the replayed state, so an edit is
found even when its editor recomputed the checks. See docs/records.md.
"""

from __future__ import annotations

import copy
import hashlib
import json
import operator
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wargame import __version__
from wargame.config.maps import GENERATED_PATH, MAX_SECTORS, generate_line_map, load_map
from wargame.config.maps import MAX_LINE_KM as MAP_MAX_LINE_KM
from wargame.config.scenario import Scenario, from_settings, game_setup, load_scenario
from wargame.engine.decisions import Decision
from wargame.engine.model import CeasefireModel
from wargame.engine.sector_map import SectorMap
from wargame.errors import ActionError, WargameError
from wargame.files import file_mode
from wargame.policies.registry import policy_specs

if TYPE_CHECKING:
    from wargame.play.session import Game

FORMAT = "wargame-record"
FORMAT_VERSION = 2
SUFFIX = ".wgr.jsonl"
# The parts of a week line its seal binds to the state (format 2), and what they are in words.
SEALED_PARTS = {
    "actions": "the actions",
    "humans": "who decided as a person (humans)",
    "policy_changes": "the policy switches (policy_changes)",
    "events": "the events",
    "incidents": "the incidents",
}
WEEK_KEYS = frozenset({"type", "week", *SEALED_PARTS, "digest", "seal", "check"})
SEAL_SIZE = 16  # hex digits of a seal entry
LEAF_SEAL_SIZE = 8  # of a header field's entry: there are a few hundred, only to name an edit
# Bounds on a generated map a header may ask for (a record must not make the replay build a
# huge map: 200,000 sectors took 1.4 GB). 240 sectors is the largest the benchmarks play.
MAX_GENERATED_SECTORS = MAX_SECTORS
MAX_LINE_KM = MAP_MAX_LINE_KM
# Header fields whose fingerprints are kept, so an edit to one of them is named.
HEADER_FIELDS = ("wargame_version", "scenario", "map", "seed", "policies", "humans")
# Incident fields copied into a week's line when the incident changed that week.
INCIDENT_FIELDS = (
    "id",
    "week",
    "level",
    "kind",
    "perpetrator",
    "sector",
    "target",
    "outcome",
    "detected_week",
    "attributed_week",
    "attributed_to",
    "ukraine_response",
    "force_response",
    "force_response_week",
    "tripwire",
)
_WEEK_FIELDS = ("week", "detected_week", "attributed_week", "force_response_week", "ended_week")
_week_fields_of = operator.attrgetter(*_WEEK_FIELDS)


class RecordError(WargameError):
    """A record file cannot be read, or does not replay as it was recorded."""


# -- hashing ---------------------------------------------------------------------------------
def canonical(value: Any) -> str:
    """The one JSON text of a value (sorted keys, no spaces) that hashes and diffs stably."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)  # numpy scalars a policy may return
    if callable(item):
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON-able: {value!r}")


def fingerprint(value: Any) -> str:
    """A short hash of one value."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:16]


def line_check(previous: str, line: Mapping[str, Any]) -> str:
    """The check of a line: a hash of the previous line's check and this line without its own."""
    body = {k: v for k, v in line.items() if k != "check"}
    return hashlib.sha256((previous + canonical(body)).encode()).hexdigest()[:16]


def state_hash(model: CeasefireModel, version: int = FORMAT_VERSION) -> Any:
    """The SHA-256 hasher fed with the model's state text (format 1 or 2); `.copy()` to extend."""
    return hashlib.sha256(model.state_text(version=version).encode())


def seal(state: Any, parts: Mapping[str, Any], size: int = SEAL_SIZE) -> dict[str, str]:
    """Per part, a hash of the state text followed by the part's name and value.

    Nobody can make a matching entry for an edited part without the state, that is without
    re-simulating the game; a replay recomputes each entry and names the parts that differ.
    """
    out = {}
    for name, value in parts.items():
        hasher = state.copy()
        hasher.update(f"\x00{name}\x00{canonical(value)}".encode())
        out[name] = hasher.hexdigest()[:size]
    return out


def line_parts(line: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a week line its seal covers (an absent policy_changes is empty)."""
    return {name: line.get(name, {} if name == "policy_changes" else None) for name in SEALED_PARTS}


def start_seal(model: CeasefireModel, header: Mapping[str, Any]) -> dict[str, str]:
    """Week 1's seal entries for the header: the start state, the header, each header field."""
    state = state_hash(model)
    core = {k: v for k, v in header.items() if k not in ("fingerprints", "check")}
    out = seal(state, {"start": None, "header": core})
    leaves = {f"header.{path}": value for path, value in _leaves(core)}
    out.update(seal(state, leaves, LEAF_SEAL_SIZE))
    return out


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) of every leaf of a tree of dicts (lists and scalars are leaves)."""
    if isinstance(value, dict) and value:
        out: list[tuple[str, Any]] = []
        for key in sorted(value, key=str):
            out += _leaves(value[key], f"{path}{key}.")
        return out
    return [(path.rstrip("."), value)]


# -- writing ---------------------------------------------------------------------------------
def record_header(game: Game) -> dict[str, Any]:
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
            "settings": game.scenario.to_dict(),
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
    model: CeasefireModel, people: list[str], policy_changes: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The record line of the week just completed (without its check)."""
    week = model.week
    line: dict[str, Any] = {
        "type": "week",
        "week": week,
        # The engine keeps each action as its own dict of plain values (CeasefireModel._decision).
        "actions": {actor: [dict(a) for a in acts] for actor, acts in model.week_actions.items()},
        "humans": sorted(set(people)),
    }
    if policy_changes:
        line["policy_changes"] = dict(policy_changes)
    line.update(week_story(model))
    state = state_hash(model)
    line["digest"] = state.hexdigest()
    line["seal"] = seal(state, line_parts(line))
    return line


def week_story(model: CeasefireModel) -> dict[str, list[dict[str, Any]]]:
    """The week's events, and every incident that started, changed or ended that week."""
    week = model.week
    return {
        "events": [
            {k: v for k, v in vars(e).items() if v is not None} for e in model.events_this_week()
        ],
        "incidents": [
            {k: getattr(i, k) for k in INCIDENT_FIELDS}
            for i in model.log.changed_this_week()  # a week field is set in its week
            if week in _week_fields_of(i)
        ],
    }


class RecordWriter:
    """Writes a record: the header atomically, then a line per week, flushed as it goes."""

    def __init__(self, path: Path, handle: IO[str], last_check: str, last_week: int) -> None:
        self.path = path
        self._fh: IO[str] | None = handle
        self.last_check = last_check
        self.last_week = last_week
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
        return cls._open_with(record.path, [record.header, *record.weeks], record.last_week)

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
        return cls(path, fh, lines[-1]["check"], last_week)

    def write_week(self, line: dict[str, Any]) -> None:
        """Append a week's line and flush it, so a killed process loses at most that week."""
        if line["week"] == 1 and self.start_seal and "seal" in line:
            line = {**line, "seal": {**line["seal"], **self.start_seal}}
        self._write({**line, "check": line_check(self.last_check, line)})
        self.last_week = line["week"]

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


def footer_seal(state: Any, footer: Mapping[str, Any]) -> dict[str, str]:
    """The footer's seal: its week count and outcome bound to the final state."""
    return seal(state, {"weeks": footer.get("weeks"), "outcome": footer.get("outcome")})


# -- reading ---------------------------------------------------------------------------------
@dataclass
class Record:
    """A record as read from its file: the header, the complete weeks, the footer if any."""

    path: Path
    header: dict[str, Any]
    weeks: list[dict[str, Any]]
    footer: dict[str, Any] | None
    truncated: str | None = None  # why the record stops before the game's end, if it does
    damage: list[str] = field(default_factory=list)  # lines found edited or unreadable

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
        lines = [self.header, *self.weeks]
        previous = "" if index == 0 else lines[index - 1].get("check", "")
        return lines[index].get("check") == line_check(previous, lines[index])


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


# -- replaying -------------------------------------------------------------------------------
class RecordedActions:
    """A decider that plays one actor's recorded actions back, week by week."""

    def __init__(self, actor_id: str, weeks: Mapping[int, list[dict[str, Any]]]) -> None:
        self.actor_id = actor_id
        self.name = "recorded"
        self.weeks = dict(weeks)

    def decide(self, observation: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The actions recorded for this actor in the observation's week."""
        week = observation["week"]
        if week not in self.weeks:
            raise RecordError(
                f"week {week}: the game asks {self.actor_id} to decide, but the record has no "
                "actions for it"
            )
        return copy.deepcopy(self.weeks[week])

    @classmethod
    def from_record(cls, record: Record, actor_id: str) -> RecordedActions:
        """The recorded actions of one actor in a record."""
        weeks = {
            line["week"]: line["actions"][actor_id]
            for line in record.weeks
            if actor_id in line.get("actions", {})
        }
        return cls(actor_id, weeks)


class Replay:
    """Re-simulates a record from its header and its actions, checking every week's digest.

    With `policies=True` the recorded policies decide again for every actor a policy played
    (and must decide as recorded); otherwise every actor plays its recorded actions.
    """

    CHECKPOINT_EVERY = 52  # weeks between kept models, so scrubbing back is quick

    def __init__(
        self,
        record: Record | str | Path,
        *,
        policies: bool = False,
        map_path: str | Path | None = None,
        files_root: str | Path | None = None,
    ) -> None:
        self.record = record if isinstance(record, Record) else load_record(record)
        self.version = int(self.record.header["format_version"])
        self.use_policies = policies
        # An untrusted record (the server's, an upload) may name only shipped maps and
        # scenarios, or files inside this folder (the games folder): never any other file.
        self.files_root = Path(files_root).resolve() if files_root is not None else None
        self.problems: list[str] = []
        self.notes: list[str] = []
        self._check_header()
        self.scenario = self._scenario()
        self.sector_map = self._map(map_path)
        self._checkpoints: dict[int, CeasefireModel] = {}
        self._model: CeasefireModel | None = None
        self._verified = False
        self._start_checked = False
        self._good_until = self.record.last_week  # lowered when a week fails

    # -- header, scenario, map -----------------------------------------------------------------
    def _check_header(self) -> None:
        header, path = self.record.header, self.record.path
        kept = header.get("fingerprints", {})
        edited = [n for n in HEADER_FIELDS if kept.get(n) != fingerprint(header.get(n))]
        if edited:
            self.problems.append(
                f"header: {', '.join(edited)} changed after recording (no longer matching the "
                "header's fingerprints); the replay uses the edited values"
            )
        elif not self.record.line_intact(0):
            self.problems.append("header: edited after recording (its check no longer matches)")
        if header.get("wargame_version") != __version__:
            self.notes.append(
                f"recorded with wargame {header.get('wargame_version')}, replaying with "
                f"{__version__}"
            )
        for damage in self.record.damage:
            self.problems.append(f"{path.name}: {damage}")
        if self.version < 2:
            self.notes.append(
                f"a record of format {self.version}: its checks do not protect the header's "
                "settings, who decided, nor the monitor's patrols and other state outside its "
                "digest; an edit there whose line checks were recomputed would not be found "
                f"(format {FORMAT_VERSION} records protect them)"
            )

    def _scenario(self) -> Scenario:
        info = self.record.header["scenario"]
        source = f"{self.record.path} (header)"
        try:
            scenario = from_settings(copy.deepcopy(info["settings"]), source)
        except WargameError as exc:
            raise RecordError(
                f"{self.record.path}: header: scenario settings invalid: {exc}"
            ) from None
        self._note_scenario_file_changes(info, scenario)
        return scenario

    def _may_read(self, name: Any) -> bool:
        """Whether a file the header names may be opened (always, unless a root is set)."""
        if not isinstance(name, str) or not name or not Path(name).is_file():
            return False
        if self.files_root is None:
            return True
        try:
            return Path(name).resolve().is_relative_to(self.files_root)
        except (OSError, RuntimeError, ValueError):
            return False

    def _note_scenario_file_changes(self, info: Mapping[str, Any], scenario: Scenario) -> None:
        from wargame import paths

        ref = info.get("source") if self._may_read(info.get("source")) else info.get("name")
        shipped = isinstance(ref, str) and ref in paths.list_names("scenarios")
        if self.files_root is not None and not self._may_read(ref) and not shipped:
            return  # a file outside the games folder is never opened for an untrusted record
        try:
            now = load_scenario(str(ref), list(info.get("overrides", [])))
        except WargameError:
            return  # the file is not here; the record's own settings are all a replay needs
        changed = _changed_keys(scenario.settings, now.settings)
        if changed:
            self.notes.append(
                f"scenario '{info.get('name')}' has changed since the game was recorded "
                f"({', '.join(changed[:6])}{' ...' if len(changed) > 6 else ''}); the replay uses "
                "the settings kept in the record"
            )

    def _map(self, map_path: str | Path | None) -> SectorMap:
        ref, path = self.record.header["map"], self.record.path
        generated = ref.get("generated")
        if generated:
            if not isinstance(generated, Mapping):
                raise RecordError(f"{path}: header: map.generated must be a mapping")
            # The record's values, unchecked: generate_line_map refuses a missing or bad one.
            n_sectors: Any = generated.get("n_sectors")
            length_km: Any = generated.get("length_km")
            try:
                sector_map = generate_line_map(n_sectors, length_km)
            except WargameError as exc:
                raise RecordError(f"{path}: header: map.generated: {exc}") from None
        else:
            sector_map = self._load_map(ref, map_path)
        if sector_map.sha256 != ref.get("sha256"):
            raise RecordError(
                f"{path}: map '{ref.get('id')}' has changed since the game was recorded "
                f"(sha256 {str(ref.get('sha256'))[:12]}... in the record, "
                f"{sector_map.sha256[:12]}... in {sector_map.path}); replay needs the map the "
                "game was played on: pass that file with --map FILE"
            )
        return sector_map

    def _load_map(self, ref: Mapping[str, Any], map_path: str | Path | None) -> SectorMap:
        recorded_file = ref.get("file")
        if not self._may_read(recorded_file):
            recorded_file = None  # made on another machine (or outside the root): look up the id
        candidates = [map_path] if map_path else [recorded_file, ref.get("id")]
        if self.files_root is not None:
            from wargame import paths

            shipped = paths.list_names("maps")
            candidates = [recorded_file] + [
                c for c in [ref.get("id")] if isinstance(c, str) and c in shipped
            ]
        for candidate in candidates:
            if not candidate:
                continue
            try:
                return load_map(str(candidate))
            except WargameError:
                if map_path:
                    raise
        raise RecordError(
            f"{self.record.path}: map '{ref.get('id')}' is not found here (recorded from "
            f"{ref.get('file')}); pass the map file with --map FILE"
        )

    # -- the replay ----------------------------------------------------------------------------
    @property
    def last_week(self) -> int:
        """The last week that replays (after `verify`, the last one that replays as recorded)."""
        return self._good_until

    @property
    def truncated(self) -> bool:
        """Whether the record stops before the game's end."""
        return self.record.truncated is not None

    def week_line(self, week: int) -> dict[str, Any]:
        """The recorded line of one week: actions, who decided as a person, events, digest."""
        return self.record.week_line(week)

    def new_model(self) -> CeasefireModel:
        """A model at week 0, with recorded actions (or the recorded policies) as deciders."""
        if self.use_policies:
            deciders = self._policies()
        else:
            deciders = {
                actor: RecordedActions.from_record(self.record, actor)
                for actor in self.record.header["policies"]
            }
        return game_setup(self.scenario, self.sector_map).new_model(self.record.seed, deciders)

    def _policies(self) -> dict[str, Any]:
        from wargame.policies.registry import make_policy

        deciders = {}
        for actor, spec in self.record.header["policies"].items():
            try:
                deciders[actor] = make_policy(
                    str(spec.get("ref", spec["name"])),
                    actor,
                    self.record.seed,
                    dict(spec.get("params", {})),
                )
            except WargameError as exc:
                raise RecordError(
                    f"{self.record.path}: policy '{spec.get('name')}' for {actor} is not "
                    f"available here ({exc}); replay without --policies plays the recorded "
                    "actions instead"
                ) from None
        return deciders

    def verify(self) -> bool:
        """Replay every recorded week, collecting problems; True if everything matches."""
        if not self._verified:
            self._verified = True
            model = self.model_at(self.record.last_week)
            footer = self.record.footer
            if footer is not None and model.week == self.record.last_week and not self.problems:
                self._check_outcome(model, footer)
        return not self.problems

    def _check_outcome(self, model: CeasefireModel, footer: Mapping[str, Any]) -> None:
        outcome = footer.get("outcome", {})
        replayed = model.summary()
        wanted = {k: v for k, v in outcome.items() if k != "policies"}
        got = {k: v for k, v in replayed.items() if k != "policies"}
        if canonical(wanted) != canonical(got) or footer.get("weeks") != model.week:
            keys = _changed_keys(wanted, got) or ["weeks"]
            self.problems.append(
                f"outcome: the footer differs from the replayed game in {', '.join(keys[:6])}"
            )
        previous = self.record.weeks[-1]["check"] if self.record.weeks else ""
        if footer.get("check") != line_check(previous, footer):
            self.problems.append("outcome: the footer was edited after recording")
        elif self.version >= 2 and footer.get("seal") != footer_seal(state_hash(model), footer):
            self.problems.append(
                "outcome: the footer was edited after recording (its seal does not match the "
                "replayed game)"
            )

    def model_at(self, week: int) -> CeasefireModel:
        """The model after `week` weeks (0 = the start), as far as the record replays."""
        week = max(0, min(int(week), self._good_until))
        if self._model is None or self._model.week > week:
            start = max((w for w in self._checkpoints if w <= week), default=None)
            self._model = (
                _copy_model(self._checkpoints[start]) if start is not None else self.new_model()
            )
            if start is None:
                self._checkpoints[0] = _copy_model(self._model)
                week = min(week, self._check_start(self._model))
        while self._model.week < week:
            problem = self.play_week(self._model, self.record.week_line(self._model.week + 1))
            if problem:
                self._fail(problem)
                break
            if self._model.week % self.CHECKPOINT_EVERY == 0:
                self._checkpoints[self._model.week] = _copy_model(self._model)
        return self._clean_copy_if_failed(week)

    def _check_start(self, model: CeasefireModel) -> int:
        """Check the header against week 1's seal (format 2); the last week that may replay."""
        if self.version < 2 or not self.record.weeks or self._start_checked:
            return self._good_until
        self._start_checked = True
        problem = self._start_problem(model)
        if problem:
            self.problems.append(problem)
            self._good_until = 0
        return self._good_until

    def _start_problem(self, model: CeasefireModel) -> str | None:
        kept = self.record.weeks[0].get("seal")
        if not isinstance(kept, dict):
            return "week 1: the line has no seal (format 2 lines have one): it was edited"
        wanted = start_seal(model, self.record.header)
        if all(kept.get(name) == value for name, value in wanted.items()):
            return None
        if kept.get("start") != wanted["start"]:
            return (
                "header: edited after recording: the game its settings, seed and map set up is "
                "not the recorded one (week 1's seal of the start does not match); the replay "
                "stops before week 1"
            )
        names = [n for n in wanted if n.startswith("header.") and kept.get(n) != wanted[n]]
        gone = [n for n in kept if n.startswith("header.") and n not in wanted]
        fields = [n.removeprefix("header.") for n in names + gone] or ["(a field)"]
        return (
            f"header: {', '.join(fields[:6])}{' ...' if len(fields) > 6 else ''} edited after "
            "recording (week 1's seal of the header does not match); the replay stops before "
            "week 1"
        )

    def _clean_copy_if_failed(self, week: int) -> CeasefireModel:
        assert self._model is not None
        if self._model.week > self._good_until:  # the failed week left a half-played model
            self._model = None
            return self.model_at(self._good_until)
        return self._model

    def _fail(self, problem: str) -> None:
        assert self._model is not None
        if problem not in self.problems:
            self.problems.append(problem)
        self._good_until = min(self._good_until, self._model.week - 1)

    def play_week(self, model: CeasefireModel, line: Mapping[str, Any]) -> str | None:
        """Play one recorded week on `model`; the problem found, or None if it matches."""
        week = int(line["week"])
        actions = line.get("actions", {})
        if self.use_policies:
            self._apply_policy_changes(model, line)
        asked: list[str] = []
        turn = model.turn()
        decision = next(turn, None)
        while decision is not None:
            asked.append(decision.actor_id)
            chosen, problem = self._actions_for(model, decision, line)
            if problem:
                turn.close()
                return problem
            try:
                decision = model.answer(turn, decision, chosen, "recorded")
            except ActionError as exc:
                turn.close()
                return (
                    f"week {week}: the recorded actions are not legal in the replayed game: {exc}"
                )
        extra = sorted(set(actions) - set(asked))
        if extra:
            return (
                f"week {week}: the record has actions for {', '.join(extra)}, which had nothing "
                "to decide in the replayed game"
            )
        return self._digest_problem(model, line)

    def _actions_for(
        self, model: CeasefireModel, decision: Decision, line: Mapping[str, Any]
    ) -> tuple[list[dict[str, Any]], str | None]:
        actor, week = decision.actor_id, decision.week
        recorded = line.get("actions", {}).get(actor)
        if recorded is None:
            return [], (
                f"week {week}: the game asks {actor} to decide, but the record has no actions "
                "for it"
            )
        if self.use_policies and actor not in line.get("humans", []):
            try:
                decided = model.decide(decision)
            except Exception as exc:
                return [], f"week {week}: policy for {actor} failed: {type(exc).__name__}: {exc}"
            if canonical(decided) != canonical(recorded):
                return [], (
                    f"week {week}: policy '{model.decider_name(actor)}' playing {actor} now "
                    f"decides {canonical(decided)[:200]} where the record has "
                    f"{canonical(recorded)[:200]}"
                )
        return copy.deepcopy(recorded), None

    def _apply_policy_changes(self, model: CeasefireModel, line: Mapping[str, Any]) -> None:
        from wargame.policies.registry import make_policy

        for actor, ref in line.get("policy_changes", {}).items():
            model.deciders[actor] = make_policy(str(ref), actor, self.record.seed)

    def _digest_problem(self, model: CeasefireModel, line: Mapping[str, Any]) -> str | None:
        week, recorded = line["week"], line.get("digest")
        state = state_hash(model, min(self.version, FORMAT_VERSION))
        replayed = state.hexdigest()
        intact = self.record.line_intact(week)
        if replayed != recorded:
            return self._state_problem(line, replayed, intact)
        if self.version >= 2:
            problem = self._story_problem(model, line) or self._seal_problem(state, line)
            if problem:
                return problem
        if not intact:
            return (
                f"week {week}: the line was edited after recording (its check no longer "
                "matches), though the state still matches: its events or incidents changed"
                if self.version < 2
                else f"week {week}: the line's check was edited after recording"
            )
        return None

    def _state_problem(self, line: Mapping[str, Any], replayed: str, intact: bool) -> str:
        week, recorded = line["week"], line.get("digest")
        short = f"{str(recorded)[:12]}... recorded, {replayed[:12]}... replayed"
        if not intact:
            previous = (
                self.record.weeks[week - 2]["check"] if week > 1 else self.record.header["check"]
            )
            if line_check(previous, {**line, "digest": replayed}) == line.get("check"):
                return f"week {week}: the recorded state digest was edited ({short})"
            return (
                f"week {week}: the line was edited after recording: its actions no longer give "
                f"the recorded state ({short})"
            )
        return (
            f"week {week}: the replayed state differs from the record although its checks hold "
            f"({short}): its actions were edited and the checks recomputed, or the engine, map "
            "or settings differ from those that made it (recorded with wargame "
            f"{self.record.header.get('wargame_version')}, this is {__version__})"
        )

    def _story_problem(self, model: CeasefireModel, line: Mapping[str, Any]) -> str | None:
        """The week's events and incidents must be those the replay tells (format 2)."""
        week = line["week"]
        unknown = sorted(set(line) - WEEK_KEYS, key=str)
        if unknown:
            return f"week {week}: unknown field(s) {', '.join(map(repr, unknown))[:200]}"
        for name, replayed in week_story(model).items():
            recorded = line.get(name)
            if canonical(recorded) == canonical(replayed):
                continue
            got = recorded if isinstance(recorded, list) else [recorded]
            index = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(got, replayed, strict=False))
                    if canonical(a) != canonical(b)
                ),
                min(len(got), len(replayed)),
            )
            shown = canonical(got[index]) if index < len(got) else "nothing"
            told = canonical(replayed[index]) if index < len(replayed) else "nothing"
            return (
                f"week {week}: the recorded {name} differ from the replayed game's (item "
                f"{index + 1}: the record has {shown[:160]}, the replay {told[:160]}): the line "
                "was edited after recording"
            )
        return None

    def _seal_problem(self, state: Any, line: Mapping[str, Any]) -> str | None:
        """Each part of the line must be the one sealed with the replayed state (format 2)."""
        week, kept = line["week"], line.get("seal")
        if not isinstance(kept, dict):
            return f"week {week}: the line has no seal (format 2 lines have one): it was edited"
        wanted = seal(state, line_parts(line))
        edited = [SEALED_PARTS[n] for n in wanted if kept.get(n) != wanted[n]]
        if edited:
            return (
                f"week {week}: {' and '.join(edited)} edited after recording (the line's seal "
                "does not match the replayed state)"
            )
        start = ("start", "header") if week == 1 else ()
        extra = [n for n in kept if n not in wanted and n not in start and "." not in n]
        if extra or (week != 1 and any("." in n for n in kept)):
            return f"week {week}: the line's seal was edited after recording"
        return None


def _copy_model(model: CeasefireModel) -> CeasefireModel:
    """An independent copy of a model that shares what never changes (map, recorded actions)."""
    memo: dict[int, Any] = {id(model.map): model.map, id(model.scenario): model.scenario}
    for decider in model.deciders.values():
        if isinstance(decider, RecordedActions):
            memo[id(decider)] = decider
    return copy.deepcopy(model, memo)


def _changed_keys(a: Any, b: Any, prefix: str = "") -> list[str]:
    """Dotted keys where two settings trees differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b), key=str):
            out += _changed_keys(a.get(key), b.get(key), f"{prefix}{key}.")
        return out
    return [] if canonical(a) == canonical(b) else [prefix.rstrip(".") or "(all)"]


def resume_game(path: str | Path, **game_options: Any) -> Game:
    """Continue a recorded game at its last complete week, recording on into the same file.

    The recorded policies decide again (so their random streams are where they were) and must
    agree with the record; people's decisions are played from the record.
    """
    from wargame.play.session import Game

    record = load_record(path)
    replay = Replay(record, policies=True)
    if not replay.verify():
        raise RecordError(f"{record.path}: cannot resume: {replay.problems[0]}")
    model = replay.model_at(record.last_week)
    humans = game_options.pop("humans", record.header.get("humans", []))
    recorder = RecordWriter.reopen(record)
    if record.last_week == 0:
        recorder.start_seal = start_seal(model, record.header)
    return Game.from_model(model, record.seed, humans=humans, recorder=recorder, **game_options)
