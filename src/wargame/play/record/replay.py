"""Replaying a record: re-simulating it week by week from its header and actions, and checking
every week (digest, story, seal) and the footer against the replayed game."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.config.maps import generate_line_map, load_map
from wargame.config.scenario import Scenario, from_settings, game_setup, load_scenario
from wargame.engine.decisions import Decision
from wargame.engine.model import CeasefireModel
from wargame.engine.sector_map import SectorMap
from wargame.engine.white_cell import MAX_REASON, InjectError, describe, schedule
from wargame.errors import ActionError, WargameError
from wargame.play.record.format import (
    HEADER_FIELDS,
    ROOM_ACTS,
    SEALED_PARTS,
    WEEK_KEYS,
    WHITE_CELL_KEYS,
    RecordError,
    act_seal,
    canonical,
    fingerprint,
    footer_seal,
    line_check,
    line_parts,
    seal,
    start_seal,
    state_hash,
    week_state,
    week_story,
)
from wargame.play.record.reader import Record, load_record


class RecordedActions:
    """A decider that plays one actor's recorded actions back, week by week."""

    reads = frozenset({"week"})  # its observation needs no more (engine/observed.py)

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
            trailing = self.record.last_week + 1
            if footer is None and model.week == self.record.last_week and not self.problems:
                # acts given after the last complete week (a game still being played)
                problem = self.give_acts(_copy_model(model), trailing)
                if problem:
                    self.problems.append(problem)
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
        previous = self.record.check_before(self.record.last_week + 1)
        if footer.get("check") != line_check(previous, footer):
            self.problems.append("outcome: the footer was edited after recording")
        elif footer.get("seal") != footer_seal(state_hash(model), footer):
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
        if not self.record.weeks or self._start_checked:
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

    def decisions_in(self, week: int) -> tuple[list[Decision], CeasefireModel]:
        """Every decision of one week as its actor met it (observation, legal actions), and the
        model after that week; played on a copy, so the replay itself does not move."""
        week = int(week)
        if not 1 <= week <= self._good_until:
            return [], self.model_at(max(0, min(week, self._good_until)))
        model = _copy_model(self.model_at(week - 1))
        seen: list[Decision] = []
        if self.play_week(model, self.record.week_line(week), watch=seen.append) is not None:
            return [], self.model_at(week - 1)
        return seen, model

    def play_week(
        self,
        model: CeasefireModel,
        line: Mapping[str, Any],
        watch: Callable[[Decision], None] | None = None,
    ) -> str | None:
        """Play one recorded week on `model`; the problem found, or None if it matches.

        `watch` is shown every decision of the week before it is answered.
        """
        week = int(line["week"])
        actions = line.get("actions", {})
        if self.use_policies:
            self._apply_policy_changes(model, line)
        problem = self.give_acts(model, week)
        if problem:
            return problem
        asked: list[str] = []
        turn = model.turn()
        decision = next(turn, None)
        while decision is not None:
            asked.append(decision.actor_id)
            if watch is not None:
                watch(decision)
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

    def give_acts(self, model: CeasefireModel, week: int) -> str | None:
        """Give the white cell's acts recorded before this week, each checked against its seal
        (the replayed state before it), its chained check and the rules; the problem, if any."""
        for index, line in enumerate(self.record.acts_before(week)):
            where = f"week {week}: white-cell line {index + 1}"
            unknown = sorted(set(line) - WHITE_CELL_KEYS, key=str)
            if unknown:
                return f"{where}: unknown field(s) {', '.join(map(repr, unknown))[:200]}"
            act = line.get("act")
            if not isinstance(act, dict):
                return f"{where}: its act must be a mapping, got {canonical(act)[:80]}"
            if line.get("seal") != act_seal(model, act):
                return (
                    f"{where} ({describe(act)[:120]}) was edited or forged after recording: its "
                    "seal does not match the replayed state"
                )
            if not self.record.act_intact(week, index):
                return f"{where}: the line was edited after recording (its check does not match)"
            if act.get("kind") in ROOM_ACTS:
                reason = act.get("reason", "")
                if set(act) - {"kind", "reason"} or not isinstance(reason, str):
                    return f"{where}: a {act.get('kind')} has only a kind and a reason (text)"
                if len(reason) > MAX_REASON:
                    return f"{where}: its reason is longer than {MAX_REASON} characters"
                continue
            try:
                given = schedule(model, act)
            except InjectError as exc:
                return f"{where} is refused: {exc}"
            if canonical(given) != canonical(act):
                return f"{where}: the act is not as the white cell gave it (not in its normal form)"
        return None

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
        state = week_state(model, self._previous_digest(week))
        replayed = state.hexdigest()
        intact = self.record.line_intact(week)
        if replayed != recorded:
            return self._state_problem(line, replayed, intact)
        problem = self._story_problem(model, line) or self._seal_problem(state, line)
        if problem:
            return problem
        if not intact:
            return f"week {week}: the line's check was edited after recording"
        return None

    def _previous_digest(self, week: int) -> str:
        """The digest a week's chains on: the last week's as recorded, which the replay has
        matched before it plays this week ("" before week 1)."""
        if week <= 1:
            return ""
        return str(self.record.week_line(week - 1).get("digest", ""))

    def _state_problem(self, line: Mapping[str, Any], replayed: str, intact: bool) -> str:
        week, recorded = line["week"], line.get("digest")
        short = f"{str(recorded)[:12]}... recorded, {replayed[:12]}... replayed"
        if not intact:
            previous = self.record.check_before(week)
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
