"""Format-2 records: an edit whose line checks were recomputed is still found and named."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from wargame.play.record.format import (
    FORMAT_VERSION,
    HEADER_FIELDS,
    MAX_GENERATED_SECTORS,
    RecordError,
    fingerprint,
    line_check,
)
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.resume import resume_game
from wargame.play.session import new_game

ROOT = Path(__file__).resolve().parents[1]
FORMAT1 = ROOT / "tests" / "fixtures" / "record_format1_wargame0.1.0.wgr.jsonl"
SWITCH_WEEK = 10  # the week the US policy is switched, so the record has a policy change


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-year game where a person plays Russia in weeks 1-3 and the US policy is switched."""
    path = tmp_path_factory.mktemp("sealed") / "game.wgr.jsonl"
    game = new_game(
        "default",
        seed=5,
        overrides=["years=2"],
        humans=["russia"],
        ask=lambda d: d.week <= 3,
        record=path,
    )
    while game.week < SWITCH_WEEK - 1:
        if game.advance() is not None:
            game.submit([])
    game.set_policy("us", "backstop")
    game.run()
    game.close()
    return path


def lines_of(path: Path) -> list[dict]:
    return [json.loads(t) for t in path.read_text().splitlines()]


def rechain(lines: list[dict]) -> None:
    """What an editor who knows the format does: fingerprints and every line check anew."""
    header = lines[0]
    header["fingerprints"] = {name: fingerprint(header[name]) for name in HEADER_FIELDS}
    header["check"] = line_check("", header)
    previous = header["check"]
    for line in lines[1:]:
        line["check"] = line_check(previous, line)
        previous = line["check"]


def forged(sealed: Path, tmp_path: Path, edit: Callable[[list[dict]], None]) -> Path:
    lines = lines_of(sealed)
    edit(lines)
    rechain(lines)
    path = tmp_path / "forged.wgr.jsonl"
    path.write_text("".join(json.dumps(x, sort_keys=True) + "\n" for x in lines))
    assert load_record(path).line_intact(0)  # the checks hold: only the replay can tell
    return path


def problems_after(sealed: Path, tmp_path: Path, edit: Callable[[list[dict]], None]) -> Replay:
    replay = Replay(forged(sealed, tmp_path, edit))
    assert not replay.verify()
    return replay


def test_the_unedited_record_verifies_and_has_what_the_edits_need(sealed: Path) -> None:
    lines = lines_of(sealed)
    assert lines[0]["format_version"] == FORMAT_VERSION == 4
    weeks = lines[1:-1]
    assert [w["humans"] for w in weeks[:4]] == [["russia"]] * 3 + [[]]
    assert weeks[SWITCH_WEEK - 1]["policy_changes"] == {"us": "backstop"}
    assert "header.scenario.settings.posture.response" in weeks[0]["seal"]
    assert set(lines[-1]["seal"]) == {"weeks", "outcome"}
    replay = Replay(sealed)
    assert replay.verify(), replay.problems
    assert replay.notes == []


def settings_of(lines: list[dict]) -> dict:
    return lines[0]["scenario"]["settings"]


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (
            lambda ls: settings_of(ls)["posture"].update(response="punishment"),
            "scenario.settings.posture.response",
        ),
        (
            lambda ls: settings_of(ls)["rules"].update(escalation_limit=11.0),
            "scenario.settings.rules.escalation_limit",
        ),
        (lambda ls: ls[0].update(humans=[]), "humans"),
        (
            lambda ls: ls[0]["policies"]["russia"]["params"].update(probe_rate=2.5),
            "policies.russia.params.probe_rate",
        ),
        (lambda ls: ls[0]["map"].update(file="/elsewhere/line.yaml"), "map.file"),
    ],
    ids=["posture.response", "escalation_limit", "header humans", "policy params", "map file"],
)
def test_an_edited_header_field_is_named(
    sealed: Path, tmp_path: Path, edit: Callable, named: str
) -> None:
    replay = problems_after(sealed, tmp_path, edit)
    assert replay.problems[0].startswith("header: ")
    assert named in replay.problems[0] and "edited after recording" in replay.problems[0]
    assert replay.last_week == 0  # nothing replays of a game its header no longer describes


def test_an_edited_seed_is_found_at_the_start(sealed: Path, tmp_path: Path) -> None:
    replay = problems_after(sealed, tmp_path, lambda ls: ls[0].update(seed=6))
    assert replay.problems == [
        "header: edited after recording: the game its settings, seed and map set up is not the "
        "recorded one (week 1's seal of the start does not match); the replay stops before week 1"
    ]
    assert replay.last_week == 0


def test_an_edited_map_hash_is_refused(sealed: Path, tmp_path: Path) -> None:
    path = forged(sealed, tmp_path, lambda ls: ls[0]["map"].update(sha256="0" * 64))
    with pytest.raises(RecordError, match="map 'demarcation_line' has changed"):
        Replay(path)


def test_who_decided_in_a_week_is_sealed(sealed: Path, tmp_path: Path) -> None:
    replay = problems_after(sealed, tmp_path, lambda ls: ls[2].update(humans=[]))
    assert replay.problems == [
        "week 2: who decided as a person (humans) edited after recording (the line's seal does "
        "not match the replayed state)"
    ]
    assert replay.last_week == 1


@pytest.mark.parametrize(
    "edit",
    [
        lambda line: line.update(policy_changes={"us": "none_such"}),
        lambda line: line.pop("policy_changes"),
    ],
    ids=["changed", "removed"],
)
def test_a_policy_switch_is_sealed(sealed: Path, tmp_path: Path, edit: Callable) -> None:
    replay = problems_after(sealed, tmp_path, lambda ls: edit(ls[SWITCH_WEEK]))
    assert replay.problems[0].startswith(
        f"week {SWITCH_WEEK}: the policy switches (policy_changes) edited after recording"
    )


def test_a_moved_monitor_patrol_is_found(sealed: Path, tmp_path: Path) -> None:
    lines = lines_of(sealed)
    week = 5
    patrols = lines[week]["actions"]["monitor"]
    free = sorted({f"s{i:02d}" for i in range(1, 25)} - {p["sector"] for p in patrols})

    def edit(lines: list[dict]) -> None:
        lines[week]["actions"]["monitor"][0]["sector"] = free[0]

    replay = problems_after(sealed, tmp_path, edit)
    assert replay.problems[0].startswith(f"week {week}: the replayed state differs")
    assert replay.last_week == week - 1


def test_an_edited_action_is_found(sealed: Path, tmp_path: Path) -> None:
    lines = lines_of(sealed)
    week = next(
        i
        for i, w in enumerate(lines[1:-1], 1)
        if any(a["type"] == "violate" for a in w["actions"].get("russia", []))
    )

    def edit(lines: list[dict]) -> None:
        action = next(a for a in lines[week]["actions"]["russia"] if a["type"] == "violate")
        action["sector"] = "s01" if action["sector"] != "s01" else "s02"

    replay = problems_after(sealed, tmp_path, edit)
    assert replay.problems[0].startswith(f"week {week}: ")
    assert replay.last_week == week - 1


def test_an_edited_event_is_named(sealed: Path, tmp_path: Path) -> None:
    lines = lines_of(sealed)
    week = next(i for i, w in enumerate(lines[1:-1], 1) if w["events"])

    def edit(lines: list[dict]) -> None:
        lines[week]["events"][0]["text"] = "nothing happened here"

    replay = problems_after(sealed, tmp_path, edit)
    assert replay.problems[0].startswith(f"week {week}: the recorded events differ")
    assert "nothing happened here" in replay.problems[0]


def test_an_edited_incident_is_named(sealed: Path, tmp_path: Path) -> None:
    lines = lines_of(sealed)
    week = next(i for i, w in enumerate(lines[1:-1], 1) if w["incidents"])

    def edit(lines: list[dict]) -> None:
        lines[week]["incidents"][0]["perpetrator"] = "ukraine"

    replay = problems_after(sealed, tmp_path, edit)
    assert replay.problems[0].startswith(f"week {week}: the recorded incidents differ")


@pytest.mark.parametrize(
    "edit",
    [
        lambda footer: footer["outcome"]["policies"].update(russia="compliant"),
        lambda footer: footer["outcome"]["casualties"].update(russia=0),
    ],
    ids=["policies", "casualties"],
)
def test_an_edited_outcome_is_found(sealed: Path, tmp_path: Path, edit: Callable) -> None:
    replay = problems_after(sealed, tmp_path, lambda ls: edit(ls[-1]))
    assert all(p.startswith("outcome: ") for p in replay.problems)
    assert replay.last_week == 104


def test_an_extra_field_or_a_stripped_seal_is_found(sealed: Path, tmp_path: Path) -> None:
    replay = problems_after(sealed, tmp_path, lambda ls: ls[3].update(note="hello"))
    assert replay.problems[0] == "week 3: unknown field(s) 'note'"
    replay = problems_after(sealed, tmp_path, lambda ls: ls[3].pop("seal"))
    assert replay.problems[0].startswith("week 3: the line has no seal")


def test_a_record_of_the_old_rules_is_refused_naming_the_version_that_made_it(
    tmp_path: Path,
) -> None:
    # Format 1 and 2 records were played before build-ups, beliefs and fighting for ground
    # (issue 15): they cannot replay under today's rules, and say which wargame can.
    with pytest.raises(RecordError, match=r"record format 1 .*wargame==0\.1\.0"):
        Replay(FORMAT1)
    lines = FORMAT1.read_text().splitlines()
    partial = tmp_path / "old.wgr.jsonl"
    partial.write_text("\n".join(lines[:11]) + "\n")  # weeks 1-10, no footer
    with pytest.raises(RecordError, match="cannot replay it"):
        resume_game(partial)


def test_a_game_resumed_at_week_0_keeps_its_header_sealed(tmp_path: Path) -> None:
    path = tmp_path / "zero.wgr.jsonl"
    new_game("default", seed=4, overrides=["years=0.5"], record=path).close()
    game = resume_game(path)
    game.run()
    game.close()
    assert "header.seed" in lines_of(path)[1]["seal"]
    assert Replay(path).verify()


@pytest.mark.parametrize(
    ("recipe", "message"),
    [
        ({"n_sectors": 200_000, "length_km": 1200.0}, "n_sectors must be a whole number"),
        ({"n_sectors": True, "length_km": 1200.0}, "n_sectors must be a whole number"),
        ({"n_sectors": 24, "length_km": float("nan")}, "length_km must be a number"),
        ({"n_sectors": 24, "length_km": -3}, "length_km must be a number"),
        ("big", "map.generated must be a mapping"),
    ],
)
def test_a_huge_generated_map_is_refused_before_it_is_built(
    sealed: Path, tmp_path: Path, recipe: object, message: str
) -> None:
    lines = lines_of(sealed)
    lines[0]["map"]["generated"] = recipe
    path = tmp_path / "huge.wgr.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    with pytest.raises(RecordError, match=message):
        load_record(path)
    assert MAX_GENERATED_SECTORS >= 240  # the largest line the benchmarks play


def test_a_format_version_below_1_is_refused(sealed: Path, tmp_path: Path) -> None:
    lines = lines_of(sealed)
    lines[0]["format_version"] = 0
    path = tmp_path / "zero.wgr.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    with pytest.raises(RecordError, match="format_version must be 1 or more, got 0"):
        load_record(path)
