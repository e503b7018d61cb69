"""A trainer's notes on a record: a sidecar tied to the record, checked, never touching it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.cli import main
from wargame.play.annotations import (
    MARKS,
    Notes,
    NotesError,
    notes_file_in,
    record_check,
    sidecar_for,
)
from wargame.play.record.reader import load_record

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A short recorded game (no_guarantee, seed 3: it ends within the year)."""
    path = tmp_path_factory.mktemp("notes") / "game.wgr.jsonl"
    argv = ["run", "--scenario", "no_guarantee", "--seed", "3", "--years", "1"]
    assert main([*argv, "--record", str(path)]) == 0
    return path


def fresh(record: Path, tmp_path: Path) -> Notes:
    rec = load_record(record)
    return Notes.for_record(rec.header, tmp_path / "n.notes.json", rec.last_week)


def test_add_edit_delete_survive_a_reload(record: Path, tmp_path: Path) -> None:
    notes = fresh(record, tmp_path)
    a = notes.add(3, "turning point", "  Russia tests the line  ", now=NOW)
    b = notes.add(1, "good_call", "Ukraine holds fire", actor="ukraine", now=NOW)
    assert (a.mark, a.text, a.created) == (
        "turning_point",
        "Russia tests the line",
        "2026-12-06T09:30:00Z",
    )
    assert [n.week for n in notes] == [1, 3] and notes.weeks() == {
        1: ["good_call"],
        3: ["turning_point"],
    }
    notes.edit(a.id, text="Russia probes sector 4", mark="question", now=NOW)
    again = fresh(record, tmp_path)
    assert [(n.week, n.mark, n.text, n.actor) for n in again] == [
        (1, "good_call", "Ukraine holds fire", "ukraine"),
        (3, "question", "Russia probes sector 4", ""),
    ]
    assert again.get(a.id).edited == "2026-12-06T09:30:00Z"
    again.delete(b.id)
    assert [n.id for n in fresh(record, tmp_path)] == [a.id]


@pytest.mark.parametrize(
    ("week", "mark", "text", "actor", "fragment"),
    [
        (-1, "note", "x", "", "not in the game"),
        (10_000, "note", "x", "", r"not in the game \(0 to"),
        (2.5, "note", "x", "", "whole number"),
        (True, "note", "x", "", "whole number"),
        (float("nan"), "note", "x", "", "whole number"),
        (1, "brilliant", "x", "", "is not one of note, turning_point, good_call, question"),
        (1, "note", "   ", "", "the text is empty"),
        (1, "note", "x" * 2001, "", "at most 2,000"),
        (1, "note", "bell\x07", "", "control characters"),
        (1, "note", 7, "", "must be a string"),
        (1, "note", "x", "nato", "is not an actor of the game; one of"),
        (1, "note", "x", "../etc", "is not an actor of the game"),
    ],
)
def test_bad_notes_are_refused_with_one_message(
    record: Path, tmp_path: Path, week: Any, mark: Any, text: Any, actor: Any, fragment: str
) -> None:
    notes = fresh(record, tmp_path)
    with pytest.raises(NotesError, match=fragment):
        notes.add(week, mark, text, actor)
    assert not (tmp_path / "n.notes.json").exists()  # nothing half-written


def test_notes_belong_to_their_record_and_leave_it_untouched(record: Path, tmp_path: Path) -> None:
    before = record.read_bytes()
    notes = Notes.for_record(load_record(record).header, sidecar_for(record))
    notes.add(2, "note", "kept beside the record", now=NOW)
    assert sidecar_for(record).name == "game.notes.json"
    assert record.read_bytes() == before
    assert main(["replay", str(record), "--verify"]) == 0
    other = tmp_path / "other.wgr.jsonl"
    assert (
        main(
            [
                "run",
                "--scenario",
                "no_guarantee",
                "--seed",
                "4",
                "--years",
                "0.2",
                "--record",
                str(other),
            ]
        )
        == 0
    )
    with pytest.raises(NotesError, match="belong to another record"):
        Notes.for_record(load_record(other).header, sidecar_for(record))
    sidecar_for(record).unlink()


def test_an_edited_header_gets_no_notes(record: Path) -> None:
    header = dict(load_record(record).header)
    assert record_check(header) == header["check"]
    header["seed"] = 4
    with pytest.raises(NotesError, match="header was edited"):
        record_check(header)
    with pytest.raises(NotesError, match="no check"):
        record_check({**header, "check": "../../etc/passwd"})
    with pytest.raises(NotesError, match="not a record check"):
        notes_file_in(Path("/g"), "../../x")


def test_export_csv_markdown_json(record: Path, tmp_path: Path) -> None:
    notes = fresh(record, tmp_path)
    notes.add(2, "question", '=HYPERLINK("http://x")', actor="russia", now=NOW)
    notes.add(0, "note", "Line one\nline two", now=NOW)
    csv_text = notes.export(tmp_path / "n.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == "week,actor,mark,text,id,created,edited"
    assert "'=HYPERLINK" in csv_text  # a formula stays text in a spreadsheet
    md = notes.export(tmp_path / "n.md").read_text(encoding="utf-8")
    assert "- **Week 2, russia's decision** (question for the class): =HYPERLINK" in md
    assert "- **Week 0** (note): Line one line two" in md
    kept = json.loads(notes.export(tmp_path / "n.json").read_text(encoding="utf-8"))
    assert kept["record_check"] == notes.check and len(kept["notes"]) == 2
    with pytest.raises(NotesError, match=r"export to \.csv, \.md or \.json"):
        notes.export(tmp_path / "n.html")


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
        ),
        max_leaves=20,
    ),
    st.sampled_from(["top", "note", "notes"]),
)
def test_fuzzed_notes_files_get_one_clear_message(
    tmp_path_factory: Any, value: Any, where: str
) -> None:
    folder = tmp_path_factory.mktemp("fz")
    good = {"id": "0123abcd", "week": 1, "mark": "note", "text": "x", "actor": ""}
    body: Any = {
        "format": "wargame-notes",
        "format_version": 1,
        "record_check": "0" * 16,
        "notes": [good],
    }
    if where == "top":
        body = value
    elif where == "notes":
        body["notes"] = value
    else:
        body["notes"] = [{**good, **value} if isinstance(value, dict) else value]
    path = folder / "x.notes.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    try:
        notes = Notes.load(path, last_week=52, actors=["russia", "ukraine"])
    except NotesError as exc:
        assert str(exc).startswith("x.notes.json") and "\n" not in str(exc)
        return
    for n in notes:  # what loads is sane
        assert (
            0 <= n.week <= 52
            and n.mark in MARKS
            and n.text.strip()
            and n.actor in ("", "russia", "ukraine")
        )


def test_cli_notes_end_to_end(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    side = tmp_path / "mine.notes.json"
    base = ["notes", "add", str(record), "--notes", str(side)]
    assert main([*base, "--week", "2", "--mark", "turning_point", "--text", "The probe"]) == 0
    assert main(["notes", "list", str(record), "--notes", str(side)]) == 0
    out = capsys.readouterr().out
    note_id = out.split("added note ")[1].split()[0]
    assert f"{note_id}  week    2  [turning point]  The probe" in out
    assert (
        main(
            [
                "notes",
                "edit",
                str(record),
                "--notes",
                str(side),
                "--id",
                note_id,
                "--text",
                "The big probe",
            ]
        )
        == 0
    )
    assert (
        main(
            ["notes", "export", str(record), "--notes", str(side), "--out", str(tmp_path / "o.md")]
        )
        == 0
    )
    assert "The big probe" in (tmp_path / "o.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "--week", "999", "--text", "x"]) == 2
    assert main(["notes", "delete", str(record), "--notes", str(side)]) == 2
    assert main([*base, "--week", "1"]) == 2
    err = capsys.readouterr().err
    assert (
        "week 999 is not in the game" in err
        and "needs --id" in err
        and "needs --week and --text" in err
    )
    assert "Traceback" not in err
    side.write_text("{not json", encoding="utf-8")
    assert main(["notes", "list", str(record), "--notes", str(side)]) == 2
    assert "mine.notes.json: not a notes file" in capsys.readouterr().err
