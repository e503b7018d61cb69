"""Record format 4: week digests chained on the last week's, each over the week's changes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine.model import CeasefireModel
from wargame.play.record.format import FORMAT_VERSION, RecordError, line_check
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.resume import resume_game
from wargame.play.session import new_game

ROOT = Path(__file__).resolve().parents[1]
FORMAT3 = ROOT / "tests" / "fixtures" / "record_format3_wargame0.2.0.wgr.jsonl"
SHORT = ["years=0.2"]  # ten weeks
WEEK = 30  # the week the edits and divergences below happen in (of a one-year game)


def record_game(path: Path, seed: int = 3, overrides: list[str] | None = None) -> Path:
    game = new_game("default", seed=seed, overrides=overrides or ["years=1"], record=path)
    game.run()
    game.close()
    return path


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-year default game, recorded once for the module."""
    return record_game(tmp_path_factory.mktemp("chain") / "game.wgr.jsonl")


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ten-week game (for the property test, which replays it once per example)."""
    return record_game(tmp_path_factory.mktemp("short") / "game.wgr.jsonl", 2, SHORT)


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(t) for t in path.read_text().splitlines()]


def edited(path: Path, tmp_path: Path, edit: Callable[[list[dict[str, Any]]], None]) -> Path:
    lines = lines_of(path)
    edit(lines)
    out = tmp_path / "edited.wgr.jsonl"
    out.write_text("".join(json.dumps(x, sort_keys=True) + "\n" for x in lines))
    return out


def move_a_patrol(line: dict[str, Any]) -> None:
    """Send the monitor's first patrol of a week line to a sector it did not patrol."""
    patrols = line["actions"]["monitor"]
    free = sorted({f"s{n:02d}" for n in range(1, 25)} - {a["sector"] for a in patrols})
    patrols[0]["sector"] = free[0]


def troops(unit: Any) -> list[list[Any]]:
    return [[code, round(t, 6)] for code, t in unit.troops_by_nation.items()]


def by_hand(model: CeasefireModel, incidents: list[Any], previous: str) -> str:
    """A week's digest from its definition in docs/records.md, without the engine's splicing."""
    state = model._state_v2()
    state["units"] = [
        [u.id, u.home, u.location, u.mobile, u.quality, troops(u)] for u in model.force.units
    ]
    state["incidents"] = [json.loads(i.state_fragment()) for i in incidents]
    text = json.dumps(state, sort_keys=True)
    return hashlib.sha256((previous + text).encode()).hexdigest()


# -- the definition --------------------------------------------------------------------------
def test_the_week_digests_are_the_chain_computed_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "g.wgr.jsonl"
    game = new_game("default", seed=3, overrides=SHORT, record=path)
    game.step()
    model = game.model
    assert model.log.incidents  # week 1 opens incidents: all of them are week 1's changes
    week1 = lines_of(path)[1]
    assert week1["digest"] == by_hand(model, model.log.incidents, "")
    assert week1["digest"] == model.week_state_hasher("").hexdigest()
    partial = 0
    for week in range(2, 11):  # then only the incidents that changed, found apart from the log
        before = {i[0]: i for i in json.loads(model.state_text(fresh=True))["incidents"]}
        game.step()
        after = json.loads(model.state_text(fresh=True))["incidents"]
        changed = [model.log.incidents[i[0] - 1] for i in after if before.get(i[0]) != i]
        assert changed == model.log.changed_this_week()
        partial += len(changed) < len(after)
        line, previous = lines_of(path)[week], lines_of(path)[week - 1]
        assert line["digest"] == by_hand(model, changed, previous["digest"]), week
        assert line["digest"] != model.state_digest()  # not the whole state's (format 3)
    assert partial  # some weeks leave some incidents as they were
    game.close()


def test_each_week_text_holds_the_whole_state_but_only_the_weeks_incidents() -> None:
    """The chain covers the state: the incidents of the week texts so far, each in its last
    version, are the state's incidents, every week (and nothing else differs)."""
    game = new_game("default", seed=4, overrides=["years=2"])
    seen: dict[int, Any] = {}
    most = 0
    while not game.over:
        game.step()
        model = game.model
        week = json.loads(model.week_state_text())
        whole = json.loads(model.state_text())
        seen.update({incident[0]: incident for incident in week.pop("incidents")})
        assert [seen[i] for i in sorted(seen)] == whole.pop("incidents"), model.week
        assert week == whole
        most = max(most, len(model.week_state_text()))
    assert most < len(model.state_text()) / 2  # the week's text does not grow with the game


# -- edits -----------------------------------------------------------------------------------
def test_an_edited_action_is_found_at_its_week(recorded: Path, tmp_path: Path) -> None:
    def edit(lines: list[dict[str, Any]]) -> None:
        move_a_patrol(lines[WEEK])

    replay = Replay(edited(recorded, tmp_path, edit))
    assert not replay.verify()
    assert replay.problems[0].startswith(
        f"week {WEEK}: the line was edited after recording: its actions no longer give the "
        "recorded state"
    )
    assert replay.last_week == WEEK - 1


def caught_at(replay: Replay, week: int, problem: str) -> None:
    """The replay fails at `week` with `problem` first, every week before it verified."""
    assert not replay.verify()
    assert replay.problems[0].startswith(f"week {week}: {problem}")
    assert replay.last_week == week - 1


def recheck_from(lines: list[dict[str, Any]], week: int) -> None:
    """Recompute the checks of the lines from `week` on, as a careful forger would."""
    for i in range(week, len(lines)):
        lines[i]["check"] = line_check(lines[i - 1]["check"], lines[i])


def test_an_edited_action_with_its_check_recomputed_is_found_at_its_week(
    recorded: Path, tmp_path: Path
) -> None:
    def edit(lines: list[dict[str, Any]]) -> None:
        move_a_patrol(lines[WEEK])
        recheck_from(lines, WEEK)

    caught_at(
        Replay(edited(recorded, tmp_path, edit)),
        WEEK,
        "the replayed state differs from the record although its checks hold",
    )


def test_an_edited_incident_is_found_at_its_week(recorded: Path, tmp_path: Path) -> None:
    lines = lines_of(recorded)
    week = next(w for w in range(WEEK, len(lines) - 1) if lines[w]["incidents"])

    def edit(lines: list[dict[str, Any]]) -> None:
        lines[week]["incidents"][0]["sector"] = "s99"
        recheck_from(lines, week)

    caught_at(
        Replay(edited(recorded, tmp_path, edit)),
        week,
        "the recorded incidents differ from the replayed game's (item 1",
    )


@pytest.mark.parametrize("recheck", [False, True])
def test_an_edited_digest_is_found_at_its_week(
    recorded: Path, tmp_path: Path, recheck: bool
) -> None:
    """Also with the line's check recomputed: the next week chains on the replayed digest."""
    digest = lines_of(recorded)[WEEK]["digest"]

    def edit(lines: list[dict[str, Any]]) -> None:
        lines[WEEK]["digest"] = "0" * 64
        if recheck:
            lines[WEEK]["check"] = line_check(lines[WEEK - 1]["check"], lines[WEEK])

    replay = Replay(edited(recorded, tmp_path, edit))
    assert not replay.verify()
    if recheck:
        assert replay.problems[0].startswith(f"week {WEEK}: the replayed state differs")
    else:
        assert replay.problems == [
            f"week {WEEK}: the recorded state digest was edited (000000000000... recorded, "
            f"{digest[:12]}... replayed)"
        ]
    assert replay.last_week == WEEK - 1


def test_an_edited_seal_is_found_at_its_week(recorded: Path, tmp_path: Path) -> None:
    def edit(lines: list[dict[str, Any]]) -> None:
        lines[WEEK]["seal"]["actions"] = "0" * 16
        lines[WEEK]["check"] = line_check(lines[WEEK - 1]["check"], lines[WEEK])

    replay = Replay(edited(recorded, tmp_path, edit))
    assert not replay.verify()
    assert replay.problems[0] == (
        f"week {WEEK}: the actions edited after recording (the line's seal does not match the "
        "replayed state)"
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_single_byte_edit_of_a_week_line_is_caught_at_that_week(
    short: Path, tmp_path: Path, data: st.DataObject
) -> None:
    raw = short.read_bytes().split(b"\n")
    week = data.draw(st.integers(1, len(raw) - 3), label="week")  # not the header nor footer
    line = raw[week]
    at = data.draw(st.integers(0, len(line) - 1), label="at")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != line[at]), label="byte")
    new = line[:at] + bytes([byte]) + line[at + 1 :]
    try:
        if json.loads(new) == json.loads(line):
            return  # the same line (e.g. 1e-05 written 1E-05): nothing was edited
    except ValueError:
        pass  # not JSON any more: the reader stops there
    path = tmp_path / "byte.wgr.jsonl"
    path.write_bytes(b"\n".join([*raw[:week], new, *raw[week + 1 :]]))
    try:
        replay = Replay(path)
    except RecordError:
        return  # refused as a whole, naming the line
    assert not replay.verify()
    assert replay.last_week < week


# -- divergence ------------------------------------------------------------------------------
def diverging(recorded: Path, change: Callable[[CeasefireModel], None]) -> Replay:
    """A replay whose engine changes something just before week WEEK: a different game."""
    replay = Replay(recorded)
    play_week = replay.play_week

    def play(model: CeasefireModel, line: Any, watch: Any = None) -> str | None:
        if line["week"] == WEEK:
            change(model)
        return play_week(model, line, watch)

    replay.play_week = play  # type: ignore[method-assign]
    assert not replay.verify()
    return replay


def test_a_replay_that_diverges_in_an_old_incident_is_caught_at_that_week(
    recorded: Path,
) -> None:
    def change(model: CeasefireModel) -> None:
        oldest = model.log.incidents[0]
        assert not oldest.active and oldest.ended_week is not None
        oldest.civilians += 1.0  # an incident the week would not have touched

    replay = diverging(recorded, change)
    assert replay.problems[0].startswith(
        f"week {WEEK}: the replayed state differs from the record although its checks hold"
    )
    assert replay.last_week == WEEK - 1


def test_a_replay_that_diverges_in_the_rest_of_the_state_is_caught_at_that_week(
    recorded: Path,
) -> None:
    def change(model: CeasefireModel) -> None:
        model.nations[0].will = max(0.0, model.nations[0].will - 0.01)

    replay = diverging(recorded, change)
    assert replay.problems[0].startswith(f"week {WEEK}: the replayed state differs")
    assert replay.last_week == WEEK - 1


# -- the same bytes, old formats -------------------------------------------------------------
def test_the_same_game_gives_the_same_record_in_another_process(
    short: Path, tmp_path: Path
) -> None:
    code = (
        "import sys; from wargame.play.session import new_game; "
        "g = new_game('default', seed=2, overrides=['years=0.2'], record=sys.argv[1]); "
        "g.run(); g.close()"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT / "src")}
    out = tmp_path / "again.wgr.jsonl"
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env)
    assert out.read_bytes() == short.read_bytes()
    assert load_record(out).header["format_version"] == FORMAT_VERSION == 4


def test_a_format_3_record_is_refused_naming_the_rules_and_the_wargame_that_made_it(
    tmp_path: Path,
) -> None:
    """Format 3 was played before the nations' burden and elections: no replay can match it."""
    message = (
        r"record format 3 was played under the rules before the nations' fatigue from the "
        r"mission's burden and their elections \(record format 4\); wargame 0\.3\.0 cannot "
        r"replay it\. .*pip install 'wargame==0\.2\.0'"
    )
    with pytest.raises(RecordError, match=message):
        Replay(FORMAT3)
    path = tmp_path / "old.wgr.jsonl"
    shutil.copy(FORMAT3, path)
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))  # no footer
    with pytest.raises(RecordError, match="record format 3 was played under the rules before"):
        resume_game(path)
    with pytest.raises(RecordError, match="record format 3 was played under the rules before"):
        load_record(path)
