"""Game records: round trips, replay in another process, tampering, truncation, versions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.cli import main
from wargame.config.scenario import list_scenarios
from wargame.engine.model import CeasefireModel
from wargame.errors import ActionError, WargameError
from wargame.play.record.format import FORMAT_VERSION, RecordError, line_check, week_state
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.resume import resume_game
from wargame.play.session import new_game
from wargame.policies.registry import trust

ROOT = Path(__file__).resolve().parents[1]
WARGAME = [sys.executable, "-m", "wargame.cli"]
SHORT = ["years=3"]  # long enough for incidents, attributions and responses; quick to replay


def record_game(path: Path, scenario: str = "default", seed: int = 3, **kwargs) -> Path:
    """Play a game to its end, recording it."""
    game = new_game(scenario, seed=seed, record=path, **kwargs)
    game.run()
    game.close()
    return path


def lines_of(path: Path) -> list[dict]:
    return [json.loads(t) for t in path.read_text().splitlines()]


def write_lines(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(x, sort_keys=True) + "\n" for x in lines))


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ten-year default game, recorded once for the module."""
    return record_game(tmp_path_factory.mktemp("rec") / "game.wgr.jsonl", seed=3)


# -- round trips ---------------------------------------------------------------------------
# Variants that reach every place an incident changes: fighting, detection, attribution with
# either access, answers now or after the ministers consult, punishment strikes, withdrawal.
DIGEST_VARIANTS: tuple[dict[str, list[str]], ...] = (
    {"overrides": []},
    {"overrides": ["policies.monitor=patrol_hotspots", "monitor.access=ukrainian_side"]},
    {"overrides": ["policies.russia=regime_change", "policies.ukraine=resistance"]},
    {
        "overrides": [
            "posture.response=punishment",
            "posture.delegated_authority=false",
            "us.commitment=backstop",
        ]
    },
)


def _kept_digest_is_fresh(model: CeasefireModel, where: str) -> None:
    kept = model.state_digest()
    assert kept == model.state_digest(fresh=True), f"stale incident digest {where}"


@pytest.mark.parametrize("variant", range(len(DIGEST_VARIANTS)))
@pytest.mark.parametrize("scenario", [s.name for s in list_scenarios()])
def test_kept_incident_digests_equal_fresh_ones_every_week(scenario: str, variant: int) -> None:
    """state_digest keeps each incident's part until it is touched; it must never go stale."""
    spec = DIGEST_VARIANTS[variant]
    game = new_game(scenario, seed=variant + 11, overrides=[*spec.get("overrides", []), "years=3"])
    while not game.over:
        game.step()
        _kept_digest_is_fresh(game.model, f"in week {game.model.week}")
    assert game.model.log.incidents, "the game had no incidents to check"


@pytest.mark.parametrize("variant", range(len(DIGEST_VARIANTS)))
def test_kept_incident_digests_equal_fresh_ones_between_decisions(variant: int) -> None:
    """The same between any two decisions of a week, so a forgotten touch shows even where the
    week's end would hide it (the incident changed again, or first, in the same week)."""
    spec = DIGEST_VARIANTS[variant]
    game = new_game("default", seed=variant + 21, overrides=[*spec["overrides"], "years=1.5"])
    model = game.model
    while model.running and model.week < model.horizon:
        turn = model.turn()
        decision = next(turn, None)
        while decision is not None:
            _kept_digest_is_fresh(model, f"in week {model.week} before {decision.actor_id}")
            actions = model.decide(decision)
            decision = model.answer(turn, decision, actions, model.decider_name(decision.actor_id))
        _kept_digest_is_fresh(model, f"at the end of week {model.week}")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("active", "flipped"),
        ("outcome", "a new outcome"),
        ("detected_week", 9999),
        ("attributed_to", "a new side"),
        ("ukraine_response", "a new response"),
        ("force_response", "a new response"),
        ("casualties", 7.0),
        # Format 2: fields the format-1 digest left out, though the rest of the game uses them
        ("ended_week", 9999),
        ("validated_week", 9999),
        ("attributed_week", 9999),
        ("force_response_week", 9999),
        ("tripwire", "flipped"),
        ("weeks_fought", 9999),
        ("week", 9999),
    ],
)
def test_any_change_to_an_old_incident_reaches_the_digest(field: str, value: object) -> None:
    game = new_game("default", seed=3, overrides=["years=1"]).run()
    model = game.model
    before = model.state_digest()
    incident = model.log.incidents[0]
    if field == "casualties":
        incident.add_casualties("russia", 7.0)
    elif value == "flipped":
        setattr(incident, field, not getattr(incident, field))
    else:
        assert getattr(incident, field) != value
        setattr(incident, field, value)
    after = model.state_digest()
    assert after != before
    assert after == model.state_digest(fresh=True)


def _move_troops(by_nation: dict[str, float]) -> None:
    """Move 100 troops from one nation to another in a unit: its size stays the same."""
    a, b = list(by_nation)[:2]
    by_nation[a] -= 100.0
    by_nation[b] += 100.0


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.monitor.patrols.add("s01" if "s01" not in m.monitor.patrols else "s02"),
        lambda m: m.force.pending.append((m.week + 2, 1, "punishment")),
        lambda m: setattr(m.force, "strikes", m.force.strikes + 1),
        lambda m: setattr(m, "last_coalition_combat", m.last_coalition_combat - 7),
        lambda m: setattr(m.us, "declared", "none" if m.us.declared != "none" else "c4isr"),
        lambda m: setattr(m.nations[0], "left_week", 9999),
        lambda m: _move_troops(m.force.units[0].troops_by_nation),
        lambda m: setattr(m.russia, "casualties", m.russia.casualties + 1),
        lambda m: m.log.unattributed.pop(),
    ],
    ids=[
        "patrol",
        "pending",
        "strikes",
        "last_combat",
        "declared",
        "left_week",
        "unit_nations",
        "russia_casualties",
        "monitor_queue",
    ],
)
def test_state_the_game_depends_on_reaches_the_format2_digest(change) -> None:
    """Each of these was outside the format-1 digest, so an edit giving it went unnoticed;
    format 4's week digest sees it in the week it happens, as format 2's does."""
    game = new_game("default", seed=3, overrides=["years=1"]).run(20)
    model = game.model
    before, before_v1 = model.state_digest(), model.state_digest(version=1)
    before_week = model.week_state_text()
    change(model)
    assert model.state_digest() != before
    assert model.state_digest(version=1) == before_v1  # what format 1 could not see
    assert model.week_state_text() != before_week


@pytest.mark.parametrize("scenario", [s.name for s in list_scenarios()])
def test_every_shipped_scenario_replays_with_every_digest_matching(
    tmp_path: Path, scenario: str
) -> None:
    path = record_game(tmp_path / "g.wgr.jsonl", scenario, seed=7, overrides=SHORT)
    record = load_record(path)
    assert record.footer is not None and record.truncated is None
    replay = Replay(record)
    assert replay.verify(), replay.problems
    assert replay.last_week == record.last_week == record.footer["weeks"]
    for week in (record.last_week, 1, record.last_week // 2):  # scrub forward, back, forward
        previous = record.week_line(week - 1)["digest"] if week > 1 else ""
        digest = week_state(replay.model_at(week), previous).hexdigest()
        assert digest == record.week_line(week)["digest"]


def test_record_has_header_weeks_and_footer(recorded: Path) -> None:
    lines = lines_of(recorded)
    header, footer = lines[0], lines[-1]
    assert header["format_version"] == FORMAT_VERSION
    assert header["seed"] == 3 and header["map"]["id"] == "demarcation_line"
    assert len(header["map"]["sha256"]) == 64
    assert header["scenario"]["settings"]["posture"]["option"]  # the resolved settings
    assert set(header["policies"]) >= {"russia", "ukraine", "force_commander", "us", "monitor"}
    assert header["policies"]["russia"]["name"] == "prober"
    assert "large_scale_base" in header["policies"]["russia"]["params"]
    weeks = lines[1:-1]
    assert [w["week"] for w in weeks] == list(range(1, len(weeks) + 1))
    assert all(len(w["digest"]) == 64 and "actions" in w for w in weeks)
    assert footer["type"] == "end" and footer["outcome"]["weeks"] == len(weeks)


def test_same_game_gives_the_same_record_byte_for_byte(tmp_path: Path) -> None:
    a = record_game(tmp_path / "a.wgr.jsonl", seed=11, overrides=SHORT)
    b = record_game(tmp_path / "b.wgr.jsonl", seed=11, overrides=SHORT)
    assert a.read_bytes() == b.read_bytes()


def test_record_made_in_another_process_replays_here_and_back(tmp_path: Path) -> None:
    path = tmp_path / "other.wgr.jsonl"
    game_args = ["--scenario", "option4_counter_concentration", "--seed", "5", "--years", "3"]
    made = subprocess.run(
        [*WARGAME, "run", *game_args, "--record", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    assert Replay(path).verify()
    here = record_game(
        tmp_path / "here.wgr.jsonl", "option4_counter_concentration", seed=5, overrides=SHORT
    )
    assert here.read_bytes() == path.read_bytes()
    checked = subprocess.run(
        [*WARGAME, "replay", str(here), "--verify", "--policies"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "verified: weeks 1-" in checked.stdout


def test_recorded_policies_decide_again_as_recorded(recorded: Path) -> None:
    replay = Replay(recorded, policies=True)
    assert replay.verify(), replay.problems


# -- people's decisions --------------------------------------------------------------------
def play_people(game, weeks: int) -> int:
    """People answer every decision with nothing; returns how many they took."""
    taken = 0
    while game.week < weeks:
        if game.advance() is not None:
            game.submit([])
            taken += 1
    return taken


def test_human_decisions_are_recorded_and_replay_without_the_human(tmp_path: Path) -> None:
    path = tmp_path / "h.wgr.jsonl"
    game = new_game("default", seed=5, humans=["russia"], record=path)
    assert play_people(game, 8) == 8  # Russia may act every week
    game.close()
    record = load_record(path)
    assert record.header["humans"] == ["russia"]
    assert all(w["humans"] == ["russia"] and w["actions"]["russia"] == [] for w in record.weeks)
    assert "interrupted or is still being played" in record.truncated
    assert Replay(record).verify() and Replay(record, policies=True).verify()


def test_illegal_human_action_is_refused_and_the_game_goes_on(tmp_path: Path) -> None:
    game = new_game("default", seed=5, humans=["russia"])
    decision = game.advance()
    assert decision is not None and decision.actor_id == "russia" and decision.week == 1
    with pytest.raises(ActionError, match=r"week 1: .*russia.*'fly'"):
        game.submit([{"type": "fly"}])
    assert game.pending is decision  # still waiting, nothing changed
    with pytest.raises(WargameError, match="must decide first"):
        game.step()
    game.submit([{"type": "violate", "sector": "s05", "level": 1}])
    game.ask = lambda d: False
    game.run(3)  # the week in progress counts as the first of the three
    assert game.week == 3


def test_resumed_game_continues_exactly_like_an_uninterrupted_one(tmp_path: Path) -> None:
    first = tmp_path / "resumed.wgr.jsonl"
    game = new_game("default", seed=9, humans=["force_commander"], record=first)
    play_people(game, 12)
    game.close()  # the browser closed, the server restarted ...
    again = resume_game(first, ask=lambda d: False)
    assert again.week == 12
    again.run(20)
    again.close()
    whole = tmp_path / "whole.wgr.jsonl"
    game = new_game("default", seed=9, humans=["force_commander"], record=whole)
    play_people(game, 12)
    game.ask = lambda d: False
    game.run(20)
    game.close()
    assert first.read_bytes() == whole.read_bytes()


def test_a_finished_game_cannot_be_resumed(recorded: Path) -> None:
    with pytest.raises(RecordError, match="the game is over"):
        resume_game(recorded)


# -- tampering -----------------------------------------------------------------------------
def tampered(recorded: Path, tmp_path: Path, edit) -> Path:
    lines = lines_of(recorded)
    edit(lines)
    path = tmp_path / "tampered.wgr.jsonl"
    write_lines(path, lines)
    return path


def week_with_russian_violation(lines: list[dict]) -> int:
    return next(
        i
        for i, w in enumerate(lines[1:-1], 1)
        if any(a["type"] == "violate" for a in w["actions"]["russia"])
    )


def test_an_edited_action_is_found_and_named_by_its_week(recorded: Path, tmp_path: Path) -> None:
    lines = lines_of(recorded)
    week = week_with_russian_violation(lines)

    def edit(lines: list[dict]) -> None:
        action = next(a for a in lines[week]["actions"]["russia"] if a["type"] == "violate")
        action["sector"] = "s01" if action["sector"] != "s01" else "s02"

    replay = Replay(tampered(recorded, tmp_path, edit))
    assert not replay.verify()
    assert replay.problems[0].startswith(f"week {week}: the line was edited after recording")
    assert "actions no longer give the recorded state" in replay.problems[0]
    assert replay.last_week == week - 1


def test_an_edited_digest_is_found_and_named(recorded: Path, tmp_path: Path) -> None:
    def edit(lines: list[dict]) -> None:
        lines[40]["digest"] = "0" * 64

    replay = Replay(tampered(recorded, tmp_path, edit))
    assert not replay.verify()
    assert replay.problems == [
        "week 40: the recorded state digest was edited (000000000000... "
        f"recorded, {lines_of(recorded)[40]['digest'][:12]}... replayed)"
    ]


def test_a_forged_line_with_a_new_check_is_still_caught_by_the_replay(
    recorded: Path, tmp_path: Path
) -> None:
    lines = lines_of(recorded)
    week = week_with_russian_violation(lines)

    def edit(lines: list[dict]) -> None:
        action = next(a for a in lines[week]["actions"]["russia"] if a["type"] == "violate")
        action["sector"] = "s01" if action["sector"] != "s01" else "s02"
        lines[week]["check"] = line_check(lines[week - 1]["check"], lines[week])

    replay = Replay(tampered(recorded, tmp_path, edit))
    assert not replay.verify()
    assert replay.problems[0].startswith(f"week {week}: the replayed state differs")


def test_an_edited_seed_is_named(recorded: Path, tmp_path: Path) -> None:
    def edit(lines: list[dict]) -> None:
        lines[0]["seed"] = 4

    replay = Replay(tampered(recorded, tmp_path, edit))
    assert not replay.verify()
    assert replay.problems[0].startswith("header: seed changed after recording")
    # format 2: week 1's seal of the start state finds it too, and nothing replays
    assert replay.problems[1].startswith("header: edited after recording: the game its settings")
    assert replay.last_week == 0


def test_a_changed_map_file_is_refused_with_both_hashes(tmp_path: Path) -> None:
    map_file = tmp_path / "line.yaml"
    shutil.copy(ROOT / "maps" / "demarcation_line.yaml", map_file)
    path = record_game(tmp_path / "m.wgr.jsonl", overrides=[f"map={map_file}", *SHORT], seed=2)
    assert Replay(path).verify()
    text = map_file.read_text()
    map_file.write_text(text.replace("Vuhledar", "Vuhledar-Pivdenne", 1))
    with pytest.raises(
        RecordError, match="map 'demarcation_line' has changed since the game was recorded"
    ):
        Replay(path)
    original = tmp_path / "original.yaml"
    original.write_text(text)
    assert Replay(path, map_path=original).verify()  # --map FILE gives the old map back


def test_a_changed_scenario_file_is_noted_and_the_recorded_settings_are_used(
    tmp_path: Path,
) -> None:
    scenario = tmp_path / "mine.yaml"
    scenario.write_text("name: mine\nposture:\n  rotation_factor: 3\n")
    path = record_game(tmp_path / "s.wgr.jsonl", str(scenario), seed=2, overrides=SHORT)
    scenario.write_text("name: mine\nposture:\n  rotation_factor: 2\n")
    replay = Replay(path)
    assert replay.verify(), replay.problems
    assert any("posture.rotation_factor" in n and "has changed" in n for n in replay.notes)


def test_a_missing_policy_is_named_and_recorded_actions_still_replay(tmp_path: Path) -> None:
    policy = tmp_path / "mine.py"
    shutil.copy(ROOT / "examples" / "my_russia_policy.py", policy)
    trust(policy)  # as --policy FILE does (a subprocess inherits the trust)
    path = record_game(
        tmp_path / "p.wgr.jsonl", policies={"russia": f"{policy}:SalamiSlicer"}, overrides=SHORT
    )
    assert Replay(path, policies=True).verify()
    policy.unlink()  # as on a machine without the researcher's file (a fresh process)
    again = subprocess.run(
        [*WARGAME, "replay", str(path), "--verify", "--policies"], capture_output=True, text=True
    )
    assert again.returncode == 2
    assert "policy 'salami' for russia is not available here" in again.stderr
    assert "replay without --policies plays the recorded actions" in again.stderr
    assert Replay(path).verify()


def test_a_newer_format_version_is_refused(recorded: Path, tmp_path: Path) -> None:
    def edit(lines: list[dict]) -> None:
        lines[0]["format_version"] = FORMAT_VERSION + 1

    with pytest.raises(RecordError, match=f"format version {FORMAT_VERSION + 1} is newer"):
        load_record(tampered(recorded, tmp_path, edit))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("hello\n", "not a wargame record header"),
        (
            '{"format": "wargame-record", "format_version": 1}\n',
            r"record format 1 .*wargame==0\.1\.0",
        ),
        (
            '{"format": "wargame-record", "format_version": 3}\n',
            r"record format 3 .*wargame==0\.2\.0",
        ),
        ('{"format": "wargame-record", "format_version": 4}\n', "field 'scenario' is missing"),
        (b"\xff\xfe".decode("latin-1"), "not a wargame record"),
    ],
)
def test_files_that_are_not_records_get_one_clear_message(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.wgr.jsonl"
    path.write_text(content, encoding="latin-1")
    with pytest.raises(RecordError, match=message):
        load_record(path)


# -- truncation ----------------------------------------------------------------------------
def test_a_record_cut_mid_line_replays_up_to_its_last_complete_week(
    recorded: Path, tmp_path: Path
) -> None:
    text = recorded.read_text()
    lines = text.splitlines(keepends=True)
    path = tmp_path / "cut.wgr.jsonl"
    path.write_text("".join(lines[:31]) + lines[31][:100])  # header + weeks 1-30 + a partial
    record = load_record(path)
    assert record.last_week == 30 and record.footer is None
    assert "the line after week 30 is incomplete" in record.truncated
    replay = Replay(record)
    assert replay.verify() and replay.last_week == 30


def test_a_damaged_middle_line_stops_the_replay_there(recorded: Path, tmp_path: Path) -> None:
    lines = recorded.read_text().splitlines(keepends=True)
    lines[20] = lines[20][:50] + "\n"
    path = tmp_path / "damaged.wgr.jsonl"
    path.write_text("".join(lines))
    replay = Replay(path)
    assert not replay.verify()
    assert "line 21 (week 20) is not valid JSON" in replay.problems[0]
    assert replay.last_week == 19


def test_a_killed_game_leaves_a_record_valid_up_to_its_last_complete_week(tmp_path: Path) -> None:
    slow = tmp_path / "slow.py"
    slow.write_text(
        "import time\n"
        "from wargame.policies.policy import BasePolicy\n\n\n"
        "class Slow(BasePolicy):\n"
        "    name = 'slow'\n"
        "    actors = ('ukraine',)\n\n"
        "    def decide(self, observation):\n"
        "        time.sleep(0.02)\n"
        "        return []\n"
    )
    path = tmp_path / "killed.wgr.jsonl"
    proc = subprocess.Popen(
        [*WARGAME, "run", "--record", str(path), "--policy", f"ukraine={slow}:Slow"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if path.exists() and path.read_text().count("\n") > 20:
                break
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    record = load_record(path)
    assert record.footer is None and record.last_week >= 20
    replay = Replay(record)
    assert replay.verify(), replay.problems
    assert replay.last_week == record.last_week


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_edited_byte_is_caught_or_refused_never_a_crash(recorded: Path, data) -> None:
    raw = bytearray(recorded.read_bytes())
    lines = raw.split(b"\n")
    row = data.draw(st.integers(1, 60), label="line")
    offset = sum(len(x) + 1 for x in lines[:row])
    col = data.draw(st.integers(0, len(lines[row]) - 1), label="column")
    new = data.draw(st.sampled_from(b'0123456789abcdefxyz,:{}[]" '), label="byte")
    if raw[offset + col] == new:
        return
    raw[offset + col] = new
    path = recorded.parent / "fuzz.wgr.jsonl"
    path.write_bytes(bytes(raw))
    try:
        replay = Replay(path)
        ok = replay.verify()
    except RecordError:
        return
    assert not ok and replay.problems


# -- the command line ----------------------------------------------------------------------
def test_cli_replay_tells_the_story_and_exports(recorded: Path, tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "export"
    assert main(["replay", str(recorded), "--to-week", "12", "--export", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert "scenario 'default', seed 3" in out
    assert "week 12" in out and "week 13" not in out
    assert "russia" in out and "the force answered" in out
    assert "verified: weeks 1-12 replay exactly as recorded" in out
    names = {p.name for p in out_dir.iterdir()}
    assert names == {
        "events.csv",
        "incidents.csv",
        "weekly.csv",
        "actors.csv",
        "casualties.png",
        "coalition.png",
        "incidents.png",
        "escalation.png",
    }
    import pandas as pd

    assert len(pd.read_csv(out_dir / "weekly.csv")) == 13  # weeks 0-12
    assert (out_dir / "casualties.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_verify_exit_codes(recorded: Path, tmp_path: Path, capsys) -> None:
    assert main(["replay", str(recorded), "--verify"]) == 0
    out = capsys.readouterr().out
    assert "verified: weeks 1-520" in out and "week 5\n" not in out

    def edit(lines: list[dict]) -> None:
        lines[7]["digest"] = "f" * 64

    assert main(["replay", str(tampered(recorded, tmp_path, edit)), "--verify"]) == 1
    out = capsys.readouterr().out
    assert "NOT VERIFIED: replays as recorded up to week 6" in out
    assert "week 7: the recorded state digest was edited" in out

    assert main(["replay", str(tmp_path / "nope.wgr.jsonl")]) == 2
    assert "no such record file" in capsys.readouterr().err


def test_cli_run_record_then_replay(tmp_path: Path, capsys) -> None:
    path = tmp_path / "r.wgr.jsonl"
    assert (
        main(
            [
                "run",
                "--scenario",
                "reassurance",
                "--seed",
                "2",
                "--years",
                "1",
                "--record",
                str(path),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["replay", str(path), "--verify"]) == 0
    assert "outcome:" in capsys.readouterr().out


def test_a_sweep_saves_its_games_as_records_on_request(tmp_path: Path, capsys) -> None:
    out, records = tmp_path / "r.parquet", tmp_path / "records"
    argv = ["sweep", "--scenario", "reassurance", "--vary", "us.commitment=none,backstop"]
    argv += ["--seeds", "2", "--years", "1", "--workers", "1", "--quiet"]
    assert main([*argv, "--out", str(out), "--record-dir", str(records)]) == 0
    capsys.readouterr()
    files = sorted(records.glob("*.wgr.jsonl"))
    assert len(files) == 4
    import pandas as pd

    rows = pd.read_parquet(out)
    for path, row in zip(files, rows.itertuples(), strict=True):
        record = load_record(path)
        assert record.seed == row.seed and record.footer["outcome"]["weeks"] == row.weeks
        assert Replay(record).verify()


def test_actor_series_has_a_row_per_actor_per_week_however_the_game_is_driven() -> None:
    by_session = new_game("default", seed=2, overrides=["years=1"]).run()
    by_model = new_game("default", seed=2, overrides=["years=1"])
    by_model.model.run()
    people = new_game("default", seed=2, overrides=["years=1"], humans=["russia"])
    play_people(people, 52)
    for game in (by_session, by_model, people):
        frame = game.actors_weekly()
        assert sorted(frame["week"].unique()) == list(range(53))
        assert len(frame) == 53 * len(game.model.actors)
    assert by_session.actors_weekly().equals(by_model.actors_weekly())


def test_a_record_from_an_earlier_version_is_refused_with_one_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Written by wargame 0.1.0 (format 1) on another machine, under the rules before issue 15:
    the CLI refuses it in one line naming the format and the version that can replay it."""
    path = ROOT / "tests" / "fixtures" / "record_format1_wargame0.1.0.wgr.jsonl"
    assert main(["replay", str(path), "--verify"]) != 0
    err = capsys.readouterr().err
    assert "record format 1" in err and "wargame==0.1.0" in err
    assert "Traceback" not in err
