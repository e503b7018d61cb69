"""Game records: one versioned JSON Lines file per game, and replaying it exactly, week by week.

A record is a header line (format version, package version, the fully resolved scenario, the
map's id and hash, the seed, every actor's policy), one line per completed week (every actor's
actions, who decided as a person, the week's events and incidents, a digest of the model state)
and, once the game is over, a footer with the outcome. Every line carries a short check that
chains it to the line before, so an edit is found and named by its week. See docs/records.md.
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

from . import __version__
from .errors import ActionError, WargameError
from .files import file_mode
from .map import GENERATED_PATH, SectorMap, generate_line_map, load_map
from .model import CeasefireModel, Decision
from .registry import policy_specs
from .scenario import Scenario, from_settings, load_scenario

if TYPE_CHECKING:
    from .session import Game

FORMAT = "wargame-record"
FORMAT_VERSION = 1
SUFFIX = ".wgr.jsonl"
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


# -- writing ---------------------------------------------------------------------------------
def record_header(game: Game) -> dict[str, Any]:
    """The header line of a game's record."""
    model = game.model
    refs = policy_specs(game.scenario.settings, list(model.actors))
    policies = {}
    for actor_id, decider in game.deciders.items():
        spec = {
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
        "actions": copy.deepcopy(model.week_actions),
        "humans": sorted(set(people)),
    }
    if policy_changes:
        line["policy_changes"] = dict(policy_changes)
    line["events"] = [
        {k: v for k, v in vars(e).items() if v is not None} for e in model.events_this_week()
    ]
    line["incidents"] = [
        {k: getattr(i, k) for k in INCIDENT_FIELDS}
        for i in model.log.incidents
        if week in _week_fields_of(i)
    ]
    line["digest"] = model.state_digest()
    return line


class RecordWriter:
    """Writes a record: the header atomically, then a line per week, flushed as it goes."""

    def __init__(self, path: Path, handle: IO[str], last_check: str, last_week: int) -> None:
        self.path = path
        self._fh: IO[str] | None = handle
        self.last_check = last_check
        self.last_week = last_week

    @classmethod
    def create(cls, path: str | Path, header: dict[str, Any]) -> RecordWriter:
        """Start a record file (replacing any old one only once the new header is on disk)."""
        return cls._open_with(Path(path), [header], last_week=0)

    @classmethod
    def reopen(cls, record: Record) -> RecordWriter:
        """Continue a record after its last complete week (an incomplete last line is dropped)."""
        if record.footer is not None:
            raise RecordError(f"{record.path}: the game is over; it can be replayed, not resumed")
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
        self._write({**line, "check": line_check(self.last_check, line)})
        self.last_week = line["week"]

    def finish(self, outcome: dict[str, Any]) -> None:
        """Append the footer with the outcome and close the file."""
        footer = {"type": "end", "weeks": self.last_week, "outcome": outcome}
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


def load_record(path: str | Path) -> Record:
    """Read a record file; a clear RecordError if it is not one or cannot be read by this version."""
    path = Path(path)
    if not path.is_file():
        raise RecordError(f"{path}: no such record file")
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
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RecordError(
            f"{path}: line 1 is not a wargame record header (expected format '{FORMAT}')"
        )
    version = header.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RecordError(f"{path}: header: format_version must be a whole number, got {version!r}")
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
    return header


def _read_body(record: Record, lines: list[str], tail: str) -> None:
    """Read week lines and the footer; stop at the first line that cannot be used, saying why."""
    for number, text in enumerate(lines, start=2):
        expected = record.last_week + 1
        try:
            line = json.loads(text)
        except json.JSONDecodeError as exc:
            record.damage.append(
                f"line {number} (week {expected}) is not valid JSON ({exc.msg}); the file was "
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
        shipped_maps_only: bool = False,
    ) -> None:
        self.record = record if isinstance(record, Record) else load_record(record)
        self.use_policies = policies
        # An untrusted record (an upload) may name only a shipped map, never a file to read.
        self.shipped_maps_only = shipped_maps_only
        self.problems: list[str] = []
        self.notes: list[str] = []
        self._check_header()
        self.scenario = self._scenario()
        self.sector_map = self._map(map_path)
        self._checkpoints: dict[int, CeasefireModel] = {}
        self._model: CeasefireModel | None = None
        self._verified = False
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

    def _note_scenario_file_changes(self, info: Mapping[str, Any], scenario: Scenario) -> None:
        ref = info.get("source") if Path(str(info.get("source"))).is_file() else info.get("name")
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
            sector_map = generate_line_map(
                int(generated["n_sectors"]), float(generated["length_km"])
            )
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
        if recorded_file and not Path(str(recorded_file)).is_file():
            recorded_file = None  # made on another machine: look the map up by its id
        candidates = [map_path] if map_path else [recorded_file, ref.get("id")]
        if self.shipped_maps_only:
            from . import paths

            shipped = paths.list_names("maps")
            candidates = [c for c in [ref.get("id")] if isinstance(c, str) and c in shipped]
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
        return CeasefireModel(self.scenario, self.record.seed, deciders, self.sector_map)

    def _policies(self) -> dict[str, Any]:
        from .registry import make_policy

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
        while self._model.week < week:
            problem = self.play_week(self._model, self.record.week_line(self._model.week + 1))
            if problem:
                self._fail(problem)
                break
            if self._model.week % self.CHECKPOINT_EVERY == 0:
                self._checkpoints[self._model.week] = _copy_model(self._model)
        return self._clean_copy_if_failed(week)

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
        from .registry import make_policy

        for actor, ref in line.get("policy_changes", {}).items():
            model.deciders[actor] = make_policy(str(ref), actor, self.record.seed)

    def _digest_problem(self, model: CeasefireModel, line: Mapping[str, Any]) -> str | None:
        week, recorded, replayed = line["week"], line.get("digest"), model.state_digest()
        intact = self.record.line_intact(week)
        if intact and replayed == recorded:
            return None
        short = f"{str(recorded)[:12]}... recorded, {replayed[:12]}... replayed"
        if not intact:
            previous = (
                self.record.weeks[week - 2]["check"] if week > 1 else self.record.header["check"]
            )
            if line_check(previous, {**line, "digest": replayed}) == line.get("check"):
                return f"week {week}: the recorded state digest was edited ({short})"
            if replayed == recorded:
                return (
                    f"week {week}: the line was edited after recording (its check no longer "
                    "matches), though the state still matches: its events or incidents changed"
                )
            return (
                f"week {week}: the line was edited after recording: its actions no longer give "
                f"the recorded state ({short})"
            )
        return (
            f"week {week}: the replayed state differs from the record although the record is "
            f"intact ({short}): the engine, map or settings differ from those that made it "
            f"(recorded with wargame {self.record.header.get('wargame_version')}, this is "
            f"{__version__})"
        )


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
    from .session import Game

    record = load_record(path)
    replay = Replay(record, policies=True)
    if not replay.verify():
        raise RecordError(f"{record.path}: cannot resume: {replay.problems[0]}")
    model = replay.model_at(record.last_week)
    humans = game_options.pop("humans", record.header.get("humans", []))
    return Game.from_model(
        model, record.seed, humans=humans, recorder=RecordWriter.reopen(record), **game_options
    )
