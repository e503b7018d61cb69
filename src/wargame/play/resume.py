"""Resuming a recorded game: replayed to its last complete week, then played on into its record.

Above the session (it makes a Game) and the record (it replays one), so neither imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wargame.play.record.format import RecordError, start_seal
from wargame.play.record.reader import Record, load_record
from wargame.play.record.replay import Replay
from wargame.play.record.writer import RecordWriter
from wargame.play.session import Game


def resume_game(path: str | Path, **game_options: Any) -> Game:
    """Continue a recorded game at its last complete week, recording on into the same file.

    The recorded policies decide again (so their random streams are where they were) and must
    agree with the record; people's decisions are played from the record.
    """
    record = load_record(path)
    replay = Replay(record, policies=True)
    if not replay.verify():
        raise RecordError(f"{record.path}: cannot resume: {replay.problems[0]}")
    model = replay.model_at(record.last_week)
    problem = replay.give_acts(model, record.last_week + 1)  # given after the last week
    if problem:
        raise RecordError(f"{record.path}: cannot resume: {problem}")
    humans = game_options.pop("humans", record.header.get("humans", []))
    recorder = RecordWriter.reopen(record)
    if record.last_week == 0:
        recorder.start_seal = start_seal(model, record.header)
    game = Game.from_model(model, record.seed, humans=humans, recorder=recorder, **game_options)
    game.decided_by = decided_by(record.weeks, game.humans)
    restore_white_cell(game, record)
    return game


def restore_white_cell(game: Game, record: Record, before_week: int | None = None) -> None:
    """The white cell's acts given so far (before `before_week`), and whether it paused the game."""
    last = record.last_week + 1 if before_week is None else before_week
    for week in range(1, last + 1):
        for line in record.acts_before(week):
            act = line.get("act", {})
            game.white_cell_acts.append({**act, "given": week})
            if act.get("kind") in ("pause", "resume"):
                game.paused = act["kind"] == "pause"


def decided_by(weeks: list[dict[str, Any]], humans: frozenset[str]) -> dict[int, dict[str, str]]:
    """Who gave the orders of each person's actor in each recorded week: "person" (the person or
    the person's standing order, which a record does not tell apart) or "policy"."""
    return {
        int(line["week"]): {
            actor: "person" if actor in line.get("humans", []) else "policy"
            for actor in humans
            if actor in line.get("actions", {})
        }
        for line in weeks
    }
