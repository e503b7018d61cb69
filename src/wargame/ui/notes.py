"""A trainer's notes in the Replay page: on the week shown, on the timeline, as a download."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import solara

from wargame.play.annotations import MARKS, Notes, NotesError, notes_file_in, record_check
from wargame.ui.choices import guarded
from wargame.ui.games import RECORD_SUFFIX, games_dir, games_of
from wargame.ui.i18n import N_, by_label, tr
from wargame.ui.upload import UPLOAD_SUFFIX, UPLOADS_FOLDER

NOTES_FOLDER = "notes"
WHOLE_WEEK = N_("the whole week")
# The marks' labels (play/annotations.MARKS), marked for the catalogue.
MARK_LABELS = (N_("note"), N_("turning point"), N_("good call"), N_("question for the class"))
_UPLOAD_NAME = re.compile(r"^upload-\d{8}-\d{6}-[0-9a-f]{8}" + re.escape(UPLOAD_SUFFIX) + "$")


def notes_of(replay: Any) -> tuple[Notes | None, str]:
    """The notes kept in the games folder on a replay's record, or None and why there are none."""
    try:
        check = record_check(replay.record.header)
        path = notes_file_in(games_dir() / NOTES_FOLDER, check)
        return Notes.for_record(replay.record.header, path, replay.record.last_week), ""
    except NotesError as exc:
        return None, tr("No notes: {reason}.", reason=exc)


def record_by_name(name: str, token: str | None) -> Path | None:
    """The record a link names, if this browser may open it: one of its games, or an upload.

    An upload's server-made name is unguessable, so whoever was given the link may open it.
    """
    if not name or len(name) > 120:
        return None
    for path in games_of(token, limit=10_000):
        if path.name == name:
            return path
    if _UPLOAD_NAME.match(name):
        path = games_dir() / UPLOADS_FOLDER / name
        if path.is_file():
            return path
    return None


def week_link(path: Path, week: int) -> str:
    """The address that opens this record's replay at a week."""
    return "/replay?" + urlencode({"record": path.name, "week": int(week)})


def label_of(name: str) -> str:
    """A record's name as shown (its code, or the upload's name)."""
    return name.removesuffix(RECORD_SUFFIX)


@solara.component
def NotedWeeks(notes: Notes, set_week: Callable[[int], None], version: int = 0) -> None:
    """The weeks that carry notes, as buttons on the timeline (`version` counts changes)."""
    weeks = notes.weeks()
    if not weeks:
        return
    with solara.Row(style="flex-wrap:wrap;gap:4px", classes=["wg-noted-weeks"]):
        solara.Text(tr("Noted weeks:"))
        for week, marks in sorted(weeks.items()):
            labels = ", ".join(dict.fromkeys(tr(MARKS[m]) for m in marks))
            solara.Button(
                tr("week {week}: {marks}", week=week, marks=labels),
                on_click=lambda w=week: set_week(w),
                small=True,
                outlined=True,
                classes=["wg-noted-week"],
            )


@solara.component
def NotesPanel(notes: Notes, week: int, path: Path, on_changed: Callable[[], None]) -> None:
    """The notes on the week shown: read, add, edit, delete; download all; link to the week."""
    mark, set_mark = solara.use_state(MARKS["note"])
    actor, set_actor = solara.use_state(WHOLE_WEEK)
    text, set_text = solara.use_state("")
    editing, set_editing = solara.use_state("")
    problem, set_problem = solara.use_state("")
    marks = by_label(MARKS.values())  # label in the page's language -> the English label
    actors = {tr(WHOLE_WEEK): WHOLE_WEEK, **{a: a for a in notes.actors or []}}

    def save() -> None:
        try:
            if editing:
                notes.edit(editing, text=text, mark=mark)
            else:
                notes.add(week, mark, text, "" if actor == WHOLE_WEEK else actor)
        except (NotesError, OSError) as exc:
            set_problem(str(exc))
            return
        set_problem("")
        set_text("")
        set_editing("")
        on_changed()

    def start_edit(note_id: str) -> None:
        note = notes.get(note_id)
        set_editing(note_id)
        set_text(note.text)
        set_mark(note.mark_label)
        set_problem("")

    def delete(note_id: str) -> None:
        try:
            notes.delete(note_id)
        except (NotesError, OSError) as exc:
            set_problem(str(exc))
            return
        set_editing("")
        on_changed()

    with solara.Card(tr("Notes on week {week}", week=week), classes=["wg-notes"]):
        shown = notes.on_week(week)
        if not shown:
            solara.Text(tr("No notes on this week yet."), classes=["wg-no-notes"])
        for note in shown:
            on = " " + tr("on {actor}'s decision", actor=note.actor) if note.actor else ""
            with solara.Row(style="align-items:center;flex-wrap:wrap", classes=["wg-note"]):
                # solara.Text renders text, never markup: a note cannot script the page.
                solara.Text(f"[{tr(note.mark_label)}{on}]", style="font-weight:bold")
                solara.Text(note.text, classes=["wg-note-text"])
                solara.Button(
                    tr("Edit"), on_click=lambda i=note.id: start_edit(i), text=True, small=True
                )
                solara.Button(
                    tr("Delete"),
                    on_click=lambda i=note.id: delete(i),
                    text=True,
                    small=True,
                    classes=["wg-note-delete"],
                )
        solara.Select(
            tr("mark"),
            values=list(marks),
            value=tr(mark),
            on_value=guarded(
                "mark", lambda: list(marks), lambda label: set_mark(marks[label]), set_problem
            ),
            classes=["wg-note-mark"],
        )
        if not editing:
            solara.Select(
                tr("on"),
                values=list(actors),
                value=tr(actor) if actor == WHOLE_WEEK else actor,
                on_value=guarded(
                    "on", lambda: list(actors), lambda label: set_actor(actors[label]), set_problem
                ),
                classes=["wg-note-actor"],
            )
        with solara.Column(classes=["wg-note-input"]):
            solara.InputTextArea(tr("note"), value=text, on_value=set_text, continuous_update=True)
        with solara.Row():
            solara.Button(
                tr("Save note") if editing else tr("Add note"),
                on_click=save,
                color="primary",
                classes=["wg-note-add"],
            )
            if editing:
                solara.Button(tr("Cancel"), on_click=lambda: set_editing(""), text=True)
        if problem:
            solara.Error(problem, classes=["wg-note-error"])
        if len(notes):
            with solara.Row(style="flex-wrap:wrap"):
                solara.FileDownload(
                    notes.to_csv(),
                    filename=f"notes-{label_of(path.name)}.csv",
                    label=tr("Download notes (CSV)"),
                )
                solara.FileDownload(
                    notes.to_markdown(f"Notes on {label_of(path.name)}"),
                    filename=f"notes-{label_of(path.name)}.md",
                    label=tr("Download notes (Markdown)"),
                )
        solara.Text(
            tr("Link to this week: {link}", link=week_link(path, week)), classes=["wg-week-link"]
        )
