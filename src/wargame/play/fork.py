"""What-if branches: fork a recorded (or live) game at a week, and play it on as its parent did.

A fork is restored by replaying the parent's record with its policies (the same path as
resuming): the model, every policy's state and every random generator are exactly as they were
when the parent began that week. The fork's record is self-contained: the parent's header with
`parent` and `fork_week` added, the parent's weeks before the fork (their checks and week 1's
header seal renewed for the new header), then the fork's own weeks. See docs/records.md.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from wargame.engine.decisions import Decision
from wargame.errors import ActionError, WargameError
from wargame.play.record.format import (
    FORMAT_VERSION,
    RecordError,
    fingerprint,
    line_check,
    start_seal,
)
from wargame.play.record.reader import Record, load_record
from wargame.play.record.replay import Replay
from wargame.play.record.writer import RecordWriter
from wargame.play.resume import decided_by, restore_white_cell
from wargame.play.session import Game


def as_record(record: Record | str | Path) -> Record:
    """A record, read from its file if given a path."""
    return record if isinstance(record, Record) else load_record(record)


def fork_weeks(record: Record) -> range:
    """The weeks a record may be forked at: any recorded week, or the next one of a live game."""
    return range(1, record.last_week + (1 if record.footer is None else 0) + 1)


def check_fork_week(record: Record, week: Any) -> int:
    """The week as a whole number a fork may start at, or a RecordError saying which are."""
    allowed = fork_weeks(record)
    if isinstance(week, bool) or not isinstance(week, int) or week not in allowed:
        span = f"{allowed.start}-{allowed.stop - 1}" if allowed else "none (no weeks recorded)"
        raise RecordError(
            f"{record.path}: week (--week): a fork starts at a week from {span} of this record, got "
            f"{week!r}"
        )
    if record.header["format_version"] != FORMAT_VERSION:
        raise RecordError(
            f"{record.path}: a record of format {record.header['format_version']} can be "
            f"replayed, not forked: this wargame writes format {FORMAT_VERSION}"
        )
    return week


def check_policy_actors(policies: Mapping[str, str] | None, actors: list[str]) -> dict[str, str]:
    """The policies asked for, by actor, if every actor is in the game; else a WargameError."""
    changed = dict(policies or {})
    unknown = sorted(set(changed) - set(actors))
    if unknown:
        raise WargameError(
            f"policy (--policy): unknown actor(s) {', '.join(unknown)}; actors: {', '.join(actors)}"
        )
    return changed


def fork_header(record: Record, week: int, humans: Collection[str] | None = None) -> dict[str, Any]:
    """The fork's header: the parent's, naming the parent (its file and checks) and the week;
    with `humans`, the fork's people if they are not the parent's (an actor handed to its
    policy), its policies' `human` marks and both fingerprints to match."""
    header = {k: v for k, v in record.header.items() if k != "check"}
    if humans is not None and sorted(humans) != sorted(header.get("humans", [])):
        header["humans"] = sorted(humans)
        header["policies"] = {
            actor: _marked(spec, actor in humans) for actor, spec in header["policies"].items()
        }
        header["fingerprints"] = {
            **header.get("fingerprints", {}),
            **{name: fingerprint(header[name]) for name in ("policies", "humans")},
        }
    before = record.weeks[week - 2]["check"] if week > 1 else record.header["check"]
    header["parent"] = {
        "file": record.path.name,
        "header_check": record.header["check"],  # the parent game's id: its header's check
        "check_before_fork": before,  # its history up to the fork: the chained check
    }
    header["fork_week"] = week
    header["check"] = line_check("", header)
    return header


def _marked(spec: Any, human: bool) -> Any:
    """A header's policy entry with its `human` mark as given."""
    if not isinstance(spec, Mapping):
        return spec
    kept = {k: v for k, v in spec.items() if k != "human"}
    return {**kept, "human": True} if human else kept


def restore(
    record: Record,
    week: int,
    map_path: str | Path | None = None,
    files_root: str | Path | None = None,
    humans: Collection[str] | None = None,
) -> tuple[Replay, dict[str, str]]:
    """The parent replayed with its policies to the start of `week`, and the fork's start seal
    entries (taken from the replayed week 0) for its header (`humans` as for `fork_header`);
    `files_root` as for a Replay."""
    replay = Replay(record, policies=True, map_path=map_path, files_root=files_root)
    start = replay.model_at(0)
    seal0 = start_seal(start, fork_header(record, week, humans))
    model = replay.model_at(week - 1)
    if replay.problems or model.week != week - 1:
        why = replay.problems[0] if replay.problems else f"it replays only to week {model.week}"
        raise RecordError(f"{record.path}: cannot fork at week {week}: {why}")
    return replay, seal0


def fork(
    record: Record | str | Path,
    week: int,
    *,
    policies: Mapping[str, str] | None = None,
    out: str | Path | None = None,
    map_path: str | Path | None = None,
    files_root: str | Path | None = None,
    hand_over: Collection[str] = (),
) -> Game:
    """A new game restored at the start of `week` of a record (its state after week - 1).

    `policies` (actor -> policy name) lets other policies play from the fork week on (an actor
    a person played is then the policy's); `hand_over` names actors a person played that their
    own policy (as restored) plays in the fork; `out` is the fork's record file, whose header
    lists the fork's people.
    """
    record = as_record(record)
    week = check_fork_week(record, week)
    if out is not None and Path(out).resolve() == record.path.resolve():
        raise RecordError(f"{out}: out (--out): the fork needs its own file, not its parent's")
    people = set(record.header.get("humans", []))
    handed = set(hand_over)
    if handed - people:
        raise WargameError(
            f"hand over (--hand-over): {', '.join(sorted(map(str, handed - people)))[:100]} is "
            "not played by "
            f"a person here; people play: {', '.join(sorted(people)) or 'nobody'}"
        )
    humans = people - set(policies or {}) - handed
    replay, seal0 = restore(record, week, map_path, files_root, humans)
    model = replay.model_at(week - 1)
    changed = check_policy_actors(policies, list(model.actors))
    game = Game.from_model(model, record.seed, humans=humans)
    game.decided_by = decided_by(record.weeks[: week - 1], game.humans)
    restore_white_cell(game, record, week - 1)
    game.paused = False  # a branch is a new game: its own people decide when it moves
    for actor, ref in changed.items():
        game.set_policy(actor, ref)  # refuses an unknown policy before any file is written
    if out is not None:
        game.recorder = RecordWriter.create(out, fork_header(record, week, humans))
        game.recorder.start_seal = seal0
        for line in record.weeks[: week - 1]:
            for act in record.acts_before(int(line["week"])):  # the white cell's, as given
                game.recorder.write_act(act)
            game.recorder.write_week(_without_start_seal(line))
    return game


def _without_start_seal(line: Mapping[str, Any]) -> dict[str, Any]:
    """A week line without the parent's header seal entries (week 1 carries them)."""
    kept = {n: v for n, v in line.get("seal", {}).items() if n not in ("start", "header")}
    return {**line, "seal": {n: v for n, v in kept.items() if "." not in n}}


def follow_parent(
    game: Game,
    record: Record,
    weeks: int | None = None,
    keep: Collection[str] = (),
    on_week: Callable[[int], None] | None = None,
) -> Game:
    """Play a fork on (to its end, or `weeks` more weeks) as its parent was played.

    People's actors give the parent's recorded orders in the weeks a person decided there (the
    policy's, if the branch has gone where those orders are not legal); the parent's policy
    switches are made in their weeks (but not, in the week this call starts, for the actors in
    `keep`, whose policy the fork chose); the policies play everything else. `on_week(week)`
    after each week played (it may raise to stop: the caller closes the game).
    """
    lines = {int(line["week"]): line for line in record.weeks}
    fork_week = game.week + 1

    def by_person(decision: Decision) -> bool:
        line = lines.get(decision.week)
        return line is not None and decision.actor_id in line.get("humans", [])

    game.ask = by_person
    stop = game.model.horizon if weeks is None else game.week + weeks
    switched: set[int] = set()
    told = game.week  # the last week on_week was told of
    while not game.over and game.week < stop:
        line = lines.get(game.week + 1)
        between_weeks = game.model.week == game.week  # a switch is made before a week begins
        if line is not None and between_weeks and game.week + 1 not in switched:
            switched.add(game.week + 1)
            for actor, ref in line.get("policy_changes", {}).items():
                if not (game.week + 1 == fork_week and actor in keep):
                    game.set_policy(actor, str(ref))
        decision = game.advance()
        if on_week is not None and game.week != told:
            told = game.week
            on_week(told)
        if decision is None:
            continue
        recorded = lines[decision.week]["actions"].get(decision.actor_id, [])
        try:
            game.submit(copy.deepcopy(recorded))
        except ActionError:
            game.hand_back(decision.actor_id, 1)
    if on_week is not None and game.week != told:  # a week the last answer finished
        on_week(game.week)
    return game
