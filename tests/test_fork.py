"""What-if branches: a fork restores a game exactly, fan-out is deterministic, comparison finds
the first different week, and the commands refuse bad input with one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from wargame.cli import main
from wargame.errors import WargameError
from wargame.play.branch_compare import comparison, first_difference, series_names
from wargame.play.fan_out import fan_out, standing
from wargame.play.fork import follow_parent, fork, fork_weeks
from wargame.play.record.format import RecordError
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.session import new_game

SHORT = ["years=2"]
SWITCH_WEEK = 30  # the parent switches Russia's policy here


def lines_of(path: Path) -> list[dict]:
    return [json.loads(t) for t in path.read_text().splitlines()]


def without_checks(line: dict) -> dict:
    """A line without its chained check and week 1's seal of the header (both bind the header,
    which in a fork names its parent)."""
    seal = {k: v for k, v in line.get("seal", {}).items() if k not in ("start", "header")}
    return {
        **{k: v for k, v in line.items() if k != "check"},
        "seal": {k: v for k, v in seal.items() if "." not in k},
    }


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished game where a person plays the force commander every third week (the policy
    the other weeks) and Russia's policy is switched part way: every thing a fork must repeat."""
    path = tmp_path_factory.mktemp("fork") / "parent.wgr.jsonl"
    game = new_game("default", seed=4, overrides=SHORT, humans=["force_commander"], record=path)
    game.ask = lambda d: d.week % 3 == 0
    while not game.over:
        if game.week + 1 == SWITCH_WEEK and game.waiting is None:
            game.set_policy("russia", "prober")
        if game.advance() is not None:
            game.submit([])
    game.close()
    assert any(w["humans"] for w in load_record(path).weeks)  # the person decided sometimes
    return path


@pytest.mark.parametrize("at", ["first", "switch", "after_switch", "last"])
def test_a_fork_played_as_its_parent_repeats_it_byte_for_byte(
    parent: Path, tmp_path: Path, at: str
) -> None:
    record = load_record(parent)
    week = {"first": 1, "switch": SWITCH_WEEK, "after_switch": SWITCH_WEEK + 1}.get(
        at, record.last_week
    )
    out = tmp_path / "fork.wgr.jsonl"
    game = fork(record, week, out=out)
    assert game.week == week - 1
    follow_parent(game, record)
    game.close()
    mine, theirs = lines_of(out), lines_of(parent)
    assert len(mine) == len(theirs)
    assert [without_checks(x) for x in mine[1:]] == [without_checks(x) for x in theirs[1:]]
    header = mine[0]
    assert header["fork_week"] == week
    assert header["parent"]["header_check"] == theirs[0]["check"]
    assert header["parent"]["file"] == parent.name
    assert {k: v for k, v in header.items() if k not in ("parent", "fork_week", "check")} == {
        k: v for k, v in theirs[0].items() if k != "check"
    }
    for policies in (False, True):
        replay = Replay(out, policies=policies)
        assert replay.verify(), replay.problems
    frame = comparison(parent, out)
    assert first_difference(frame) is None and frame["same_state"].all()


def test_another_policy_at_the_fork_week_makes_another_branch(parent: Path, tmp_path: Path) -> None:
    record = load_record(parent)
    week = 10
    out = tmp_path / "compliant.wgr.jsonl"
    game = fork(record, week, policies={"russia": "compliant"}, out=out)
    follow_parent(game, record, keep={"russia"})
    game.close()
    assert Replay(out, policies=True).verify()
    line = load_record(out).week_line(week)
    assert line["policy_changes"] == {"russia": "compliant"}
    frame = comparison(parent, out)
    first = first_difference(frame)
    assert first is not None and first >= week
    assert frame.loc[frame["week"] < first, "same_state"].all()
    names = series_names(frame)
    assert names and all({f"{n}_parent", f"{n}_fork"} <= set(frame) for n in names)
    assert (frame["week"] == range(len(frame))).all()


def test_a_persons_other_order_at_the_fork_week_makes_another_branch(tmp_path: Path) -> None:
    path = tmp_path / "people.wgr.jsonl"
    game = new_game("default", seed=5, overrides=SHORT, humans=["russia"], record=path)
    game.ask = lambda d: d.week <= 8  # a person keeps Russia quiet, then its policy plays
    while not game.over:
        if game.advance() is not None:
            game.submit([])
    game.close()
    record = load_record(path)
    week = 4
    assert record.week_line(week)["humans"] == ["russia"]
    out = tmp_path / "other.wgr.jsonl"
    branch = fork(record, week, out=out)
    branch.ask = lambda d: True
    decision = branch.advance()
    assert decision is not None and (decision.actor_id, decision.week) == ("russia", week)
    branch.submit([{"type": "violate", "sector": "s05", "level": 1}])
    follow_parent(branch, record)
    branch.close()
    assert Replay(out, policies=True).verify()
    assert first_difference(comparison(path, out)) == week
    same = tmp_path / "same.wgr.jsonl"
    follow_parent(fork(record, week, out=same), record).close()
    assert first_difference(comparison(path, same)) is None


def test_a_live_game_forks_at_its_next_week_but_not_beyond(tmp_path: Path) -> None:
    path = tmp_path / "live.wgr.jsonl"
    game = new_game("default", seed=2, overrides=SHORT, record=path)
    game.run(12)  # still being played: the record has no footer
    record = load_record(path)
    assert list(fork_weeks(record)) == list(range(1, 14))
    branch = fork(record, 13)
    assert branch.week == 12
    branch.run(5)
    game.run(5)
    assert branch.model.state_text() == game.model.state_text()
    game.close()
    with pytest.raises(RecordError, match=r"week \(--week\).*1-13.*got 14"):
        fork(record, 14)


@pytest.mark.parametrize("week", [0, -1, 10_000, True, "3", 2.0])
def test_a_week_outside_the_record_is_refused_naming_the_allowed_weeks(
    parent: Path, week: object
) -> None:
    with pytest.raises(RecordError, match=r"week \(--week\): a fork starts at a week from 1-"):
        fork(parent, week)  # type: ignore[arg-type]


def test_a_fork_needs_its_own_file_and_known_actors(parent: Path, tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="its own file"):
        fork(parent, 2, out=parent)
    with pytest.raises(WargameError, match=r"unknown actor\(s\) mars; actors: russia"):
        fork(parent, 2, policies={"mars": "compliant"}, out=tmp_path / "x.wgr.jsonl")
    with pytest.raises(WargameError, match="unknown policy 'bogus' for russia; policies for"):
        fork(parent, 2, policies={"russia": "bogus"}, out=tmp_path / "y.wgr.jsonl")
    assert not (tmp_path / "y.wgr.jsonl").exists()


def test_an_edited_parent_in_a_forks_header_is_named(parent: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.wgr.jsonl"
    game = fork(parent, 5, out=out)
    follow_parent(game, load_record(parent), weeks=3)
    game.close()
    lines = lines_of(out)
    lines[0]["fork_week"] = 6
    from wargame.play.record.format import line_check

    lines[0]["check"] = line_check("", lines[0])
    out.write_text("".join(json.dumps(x) + "\n" for x in lines))
    replay = Replay(out)
    assert not replay.verify()
    assert "fork_week" in replay.problems[0]


def test_fan_out_is_deterministic_and_a_branch_does_not_depend_on_n(parent: Path) -> None:
    week = 5
    four = fan_out(parent, week, 4, seed=7)
    pd.testing.assert_frame_equal(four, fan_out(parent, week, 4, seed=7))
    pd.testing.assert_frame_equal(four.head(2), fan_out(parent, week, 2, seed=7))
    assert list(four["branch"]) == [0, 1, 2, 3]
    assert (four["end_week"] >= week).all()
    other = fan_out(parent, week, 4, seed=8)
    assert not four.drop(columns="branch").equals(other.drop(columns="branch"))
    ended = load_record(parent).footer["outcome"]["end_cause"]
    assert list(four["like_original"]) == [c == ended for c in four["end_cause"]]
    where = standing(parent, four)
    assert where["original_end_cause"] == ended
    assert where["share_like_original"] == pytest.approx(four["like_original"].mean())
    assert sum(where["end_causes"].values()) == pytest.approx(1.0)


def test_fan_out_refuses_bad_counts_and_seeds(parent: Path) -> None:
    for n in (0, -3, True, 10**6):
        with pytest.raises(WargameError, match=r"n \(--n\): the number of branches"):
            fan_out(parent, 2, n, seed=1)
    with pytest.raises(WargameError, match="seed"):
        fan_out(parent, 2, 2, seed=-1)


def test_cli_fork_and_fan_out_end_to_end(parent: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli.wgr.jsonl"
    rc = main(
        ["fork", str(parent), "--week", "6", "--policy", "russia=compliant", "--out", str(out)]
    )
    text = capsys.readouterr()
    assert rc == 0, text.err
    assert "first differs from its parent in week" in text.out and "week" in text.err
    assert load_record(out).header["fork_week"] == 6 and Replay(out).verify()
    same = tmp_path / "same.wgr.jsonl"
    assert main(["fork", str(parent), "--week", "6", "--out", str(same)]) == 0
    assert "the same game as its parent throughout" in capsys.readouterr().out
    csv = tmp_path / "fan.csv"
    rc = main(["fan-out", str(parent), "--week", "6", "--n", "3", "--seed", "1", "--csv", str(csv)])
    text = capsys.readouterr()
    assert rc == 0, text.err
    assert "branch 3/3" in text.err and "of the branches ended the same way" in text.out
    assert len(pd.read_csv(csv)) == 3


def test_the_branchs_policy_wins_over_the_parents_switch_in_the_fork_week(
    parent: Path, tmp_path: Path
) -> None:
    out = tmp_path / "switch.wgr.jsonl"
    week = str(SWITCH_WEEK)
    assert (
        main(
            ["fork", str(parent), "--week", week, "--policy", "russia=compliant", "--out", str(out)]
        )
        == 0
    )
    assert load_record(parent).week_line(SWITCH_WEEK)["policy_changes"] == {"russia": "prober"}
    assert load_record(out).week_line(SWITCH_WEEK)["policy_changes"] == {"russia": "compliant"}
    assert Replay(out, policies=True).verify()


def test_an_open_fork_resumes_and_goes_on_as_its_parent(parent: Path, tmp_path: Path) -> None:
    from wargame.play.resume import resume_game

    out = tmp_path / "open.wgr.jsonl"
    assert main(["fork", str(parent), "--week", "9", "--out", str(out), "--open"]) == 0
    assert load_record(out).last_week == 8 and load_record(out).footer is None
    game = resume_game(out)
    follow_parent(game, load_record(parent))
    game.close()
    assert first_difference(comparison(parent, out)) is None
    assert Replay(out, policies=True).verify()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fork", "{p}", "--week", "0", "--out", "{o}"], "week (--week): a fork starts at a week"),
        (["fork", "{p}", "--week", "2", "--policy", "russia", "--out", "{o}"], "ACTOR=NAME"),
        (["fork", "{p}", "--week", "2", "--policy", "mars=x", "--out", "{o}"], "unknown actor"),
        (["fork", "{t}/none.wgr.jsonl", "--week", "2", "--out", "{o}"], "no such record file"),
        (
            [
                "fork",
                "{p}",
                "--week",
                "2",
                "--policy",
                "russia=compliant",
                "--open",
                "--out",
                "{o}",
            ],
            "--open with --policy",
        ),
        (["fan-out", "{p}", "--week", "2", "--n", "0"], "n (--n): the number of branches"),
        (["fan-out", "{p}", "--week", "99999"], "week (--week)"),
        (["fan-out", "{p}", "--week", "2", "--policy", "russia=bogus"], "unknown policy 'bogus'"),
    ],
)
def test_cli_bad_input_gets_one_clear_message(
    parent: Path, tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    argv = [a.format(p=parent, o=tmp_path / "o.wgr.jsonl", t=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_person_hands_their_actor_to_its_policy_in_a_fork(parent: Path, tmp_path: Path) -> None:
    """The fork's force commander is its policy's: the header lists no person, the weeks the
    person decided in the parent are the policy's in the fork, and it verifies and resumes so."""
    from wargame.play.resume import resume_game

    record = load_record(parent)
    with pytest.raises(WargameError, match="russia is not played by a person here"):
        fork(record, 9, hand_over=["russia"])
    out = tmp_path / "handed.wgr.jsonl"
    game = fork(record, 9, out=out, hand_over=["force_commander"])
    assert game.humans == frozenset()
    follow_parent(game, record, weeks=6)
    game.close()
    header = load_record(out).header
    assert header["humans"] == [] and "human" not in header["policies"]["force_commander"]
    assert load_record(parent).header["policies"]["force_commander"]["human"] is True
    weeks = load_record(out).weeks
    assert [w["humans"] for w in weeks if w["week"] == 12] == [[]]  # the parent's person's week
    assert record.week_line(12)["humans"] == ["force_commander"]
    replay = Replay(out, policies=True)
    assert replay.verify(), replay.problems
    resumed = resume_game(out)  # after a restart the actor stays with its policy
    assert resumed.humans == frozenset() and resumed.week == 14
    resumed.close()
    # Not handed over, the fork's header is the parent's (a same-decision fork stays identical).
    same = fork(record, 9)
    assert same.humans == frozenset({"force_commander"})


def test_cli_fork_hands_an_actor_over_and_the_open_branch_keeps_it(
    parent: Path, tmp_path: Path, capsys
) -> None:
    from wargame.play.resume import resume_game

    out = tmp_path / "handed.wgr.jsonl"
    argv = ["fork", str(parent), "--week", "9", "--out", str(out), "--open"]
    assert main([*argv, "--hand-over", "force_commander"]) == 0
    assert load_record(out).header["humans"] == []
    assert resume_game(out).humans == frozenset()
    bad = tmp_path / "bad.wgr.jsonl"
    assert main(["fork", str(parent), "--week", "9", "--out", str(bad), "--hand-over", "us"]) == 2
    err = capsys.readouterr().err
    assert "hand over (--hand-over): us is not played by a person here" in err
    assert err.count("\n") == 1 and not bad.exists()
