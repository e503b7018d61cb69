"""The Replay page's list: what each record is, read from its first and last lines; searchable."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from wargame.cli import main
from wargame.ui.records import listing, mark_owner, record_info, uploads_of
from wargame.ui.upload import prune_uploads


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """no_guarantee, seed 4: the war resumes in week 21."""
    path = tmp_path_factory.mktemp("list") / "ABCDEF.wgr.jsonl"
    # An opportunist Russia: seed 4 collapses within the year (the prober's seldom does).
    argv = ["run", "--scenario", "no_guarantee", "--seed", "4", "--years", "1"]
    argv += ["--policy", "russia=opportunist"]
    assert main([*argv, "--record", str(path)]) == 0
    return path


def test_a_finished_record_says_what_it_is(finished: Path) -> None:
    os.utime(finished, (0, 1_700_000_000))
    info = record_info(finished)
    assert info is not None
    assert (info.label, info.scenario, info.humans, info.weeks, info.outcome) == (
        "ABCDEF",
        "no_guarantee",
        (),
        21,
        "ceasefire_collapsed",
    )
    assert info.when == "2023-11-14 22:13"
    assert info.line() == (
        "ABCDEF | 2023-11-14 22:13 | no_guarantee | no person (policies only) | 21 weeks | "
        "ceasefire_collapsed"
    )


def test_an_unfinished_record_and_garbage(finished: Path, tmp_path: Path) -> None:
    lines = finished.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "GHJKLM.wgr.jsonl"
    cut.write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")  # header + 10 weeks
    info = record_info(cut)
    assert info is not None and (info.weeks, info.outcome) == (10, "unfinished")
    junk = tmp_path / "junk.wgr.jsonl"
    junk.write_bytes(b"\xff\xfe not json\n{}\n")
    assert record_info(junk) is None and record_info(tmp_path / "none.wgr.jsonl") is None
    assert [i.label for i in listing([junk, cut, finished])] == ["GHJKLM", "ABCDEF"]


def test_search_every_word_and_the_outcome_filter(finished: Path) -> None:
    shown = listing([finished], "no_guarantee COLLAPSED")
    assert [i.label for i in shown] == ["ABCDEF"]
    assert listing([finished], "no_guarantee held") == []
    assert listing([finished], "", outcome="held") == []
    assert len(listing([finished], "", outcome="ceasefire_collapsed")) == 1


def test_uploads_are_listed_for_their_uploader_and_pruned_with_them(
    finished: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "uploads"
    folder.mkdir()
    mine = folder / "upload-20261206-010203-0123abcd.wgr.jsonl"
    theirs = folder / "upload-20261206-010204-4567abcd.wgr.jsonl"
    for path in (mine, theirs):
        path.write_bytes(finished.read_bytes())
    mark_owner(mine, "a" * 32)
    mark_owner(theirs, "b" * 32)
    assert uploads_of(folder, "a" * 32) == [mine]
    assert uploads_of(folder, "c" * 32) == [] and uploads_of(tmp_path / "no", "a" * 32) == []
    old = time.time() - 30 * 86400
    os.utime(mine, (old, old))
    assert prune_uploads(folder, days=7) == [mine]
    assert not mine.with_name(mine.name + ".owner").exists() and uploads_of(folder, "a" * 32) == []
