"""The Replay page: pick or upload a record, see it verified, scrub its timeline week by week."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import solara

from wargame.errors import WargameError
from wargame.play.annotations import Notes
from wargame.ui.access import browser_token
from wargame.ui.choices import guarded
from wargame.ui.games import games_dir, games_of, seat_token
from wargame.ui.i18n import N_, tr
from wargame.ui.map_picture import umpire_picture
from wargame.ui.map_svg import MapView
from wargame.ui.notes import NotedWeeks, NotesPanel, notes_of, record_by_name
from wargame.ui.panels import ActorStates, Charts, Debrief, EventFeed
from wargame.ui.records import listing, mark_owner, uploads_of
from wargame.ui.replay_views import UMPIRE_VIEW, ActorView, Takeaways, view_choices
from wargame.ui.upload import UPLOADS_FOLDER, Upload, UploadError, store_upload
from wargame.ui.what_if import WhatIfPanel

ANY_OUTCOME = N_("any outcome")


def open_replay(path: Path) -> tuple[Any | None, str]:
    """A verified Replay of a record file, or None and the reason in words."""
    from wargame.play.record.replay import Replay

    try:
        # A record names no file to read but shipped maps and files in the games folder.
        replay = Replay(path, files_root=games_dir())
        replay.verify()
    except WargameError as exc:
        return None, _without_folders(str(exc), path)
    except Exception as exc:  # a file we cannot read must give a message, not a traceback
        text = tr(
            "{record} is not a readable game record ({error})",
            record=path.name,
            error=f"{type(exc).__name__}: {exc}",
        )
        return None, _without_folders(text, path)
    return replay, ""


def _without_folders(text: str, path: Path) -> str:
    """A message for the browser: the record by its name, no server folder in it."""
    text = text.replace(str(path), path.name).replace(f"{path.name}: {path.name}:", f"{path.name}:")
    for folder in (path.parent, games_dir()):
        text = text.replace(f"{folder}/", "").replace(str(folder), "the games folder")
    return text


def save_upload(name: str, text: str) -> Path:
    """Keep an uploaded record in the games folder's uploads/ under a server-made name."""
    return store_upload(games_dir() / UPLOADS_FOLDER, name, text)


def verification_text(replay: Any) -> tuple[bool, str]:
    """(verified, the record's verification status in words)."""
    last = replay.last_week
    if replay.problems:
        return False, tr(
            "Not verified: {problems} The replay stops at week {week}.",
            problems=" | ".join(replay.problems),
            week=last,
        )
    note = (
        " "
        + tr(
            "The record is truncated: it replays up to week {week}, its last complete week.",
            week=last,
        )
        if replay.truncated
        else ""
    )
    return True, tr("Verified: all {weeks} weeks replay exactly as recorded.", weeks=last) + note


def decisions_html(line: dict[str, Any], seated: Any = ()) -> str:
    """A week's recorded actions, with the ones a person took highlighted; a person's actor
    (`seated`: the header's `humans`) whose orders its policy gave that week is marked so."""
    people = set(line.get("humans", []))
    by_policy = {str(a) for a in seated} - people
    rows = []
    for actor, actions in sorted(line.get("actions", {}).items()):
        text = _orders_text(actions)
        if actor in by_policy:
            rows.append(
                f"<li class='wg-policy-decision'>{escape(actor)} {escape(tr('(by the policy)'))}"
                f": {escape(text)}</li>"
            )
            continue
        if not actions and actor not in people:
            continue
        if actor in people:
            rows.append(
                f"<li class='wg-human-decision' style='background:#fff59d'><b>{escape(actor)} "
                f"{escape(tr('(a person decided)'))}</b>: {escape(text)}</li>"
            )
        else:
            rows.append(f"<li>{escape(actor)}: {escape(text)}</li>")
    return "".join(rows) or f"<li>{escape(tr('No actions this week.'))}</li>"


def _orders_text(actions: list[dict[str, Any]]) -> str:
    """Recorded actions in one line ('no action' for none)."""
    return "; ".join(
        " ".join([str(a.get("type")), *(f"{k}={v}" for k, v in a.items() if k != "type")])
        for a in actions
    ) or tr("no action")


@solara.component
def RecordPicker(on_pick: Callable[[Path], None], on_refused: Callable[[str], None]) -> None:
    """This browser's records (games it umpires, finished games it played, its uploads), newest
    first, searchable by code, date, scenario, people and outcome; and an upload. Nobody sees a
    list of other people's games."""
    token = solara.use_memo(browser_token, [])
    search, set_search = solara.use_state("")
    outcome, set_outcome = solara.use_state(ANY_OUTCOME)
    uploads_made, set_uploaded = solara.use_state(0)
    mine = seat_token(token) if token else ""
    paths = [*games_of(token, limit=200), *uploads_of(games_dir() / UPLOADS_FOLDER, mine)]
    everything = listing(paths)
    found = sorted({i.outcome for i in everything})  # data: shown as recorded
    outcomes_by_label = {tr(ANY_OUTCOME): ANY_OUTCOME, **{o: o for o in found}}
    outcomes = list(outcomes_by_label)
    outcome_label = {key: label for label, key in outcomes_by_label.items()}
    shown = [i for i in everything if i.matches(search, "" if outcome == ANY_OUTCOME else outcome)]
    with solara.Card(tr("Pick a record"), classes=["wg-records"]):
        if not everything:
            solara.Text(
                tr(
                    "No record of yours yet: games you watched as umpire, games you played once "
                    "they are over, and records you upload appear here."
                )
            )
        else:
            solara.InputText(
                tr("search (code, date, scenario, actor, outcome)"),
                value=search,
                on_value=set_search,
                continuous_update=True,
            )
            solara.Select(
                tr("outcome"),
                values=outcomes,
                value=outcome_label.get(outcome, tr(ANY_OUTCOME)),
                on_value=guarded(
                    "outcome",
                    lambda: outcomes,
                    lambda label: set_outcome(outcomes_by_label[label]),
                    on_refused,
                ),
                classes=["wg-record-outcome"],
            )
            solara.Text(
                tr("{shown} of {total} records", shown=len(shown), total=len(everything)),
                classes=["wg-record-count"],
            )
        for info in shown[:40]:
            solara.Button(
                info.line(),
                on_click=lambda p=info.path: on_pick(p),
                text=True,
                classes=["wg-record"],
                style="text-transform:none;justify-content:flex-start;white-space:normal;"
                "height:auto;text-align:left",
            )

        def uploaded(name: str, text: str) -> None:
            try:
                path = save_upload(name, text)
            except UploadError as exc:
                on_refused(str(exc))
                return
            if mine:
                mark_owner(path, mine)
            set_uploaded(uploads_made + 1)  # the new upload joins the list
            on_pick(path)

        Upload(tr("Or upload a record file: "), uploaded, on_refused)


@solara.component
def Timeline(week: int, last: int, set_week: Callable[[int], None]) -> None:
    """Scrub the record: slider, back, step, start and end."""
    with solara.Row(style="align-items:center;flex-wrap:wrap", classes=["wg-timeline"]):
        solara.Button(tr("Start"), on_click=lambda: set_week(0), classes=["wg-start-week"])
        solara.Button(tr("Back"), on_click=lambda: set_week(max(0, week - 1)), classes=["wg-back"])
        solara.Button(
            tr("Step"), on_click=lambda: set_week(min(last, week + 1)), classes=["wg-fwd"]
        )
        solara.Button(tr("End"), on_click=lambda: set_week(last), classes=["wg-end-week"])
        solara.SliderInt(tr("week"), value=week, min=0, max=max(1, last), on_value=set_week)


@solara.component
def ReplayPage() -> None:
    """Replay a recorded game."""
    replay, set_replay = solara.use_state(None)
    name, set_name = solara.use_state("")
    problem, set_problem = solara.use_state("")
    week, set_week = solara.use_state(0)
    path: Path | None
    set_path: Callable[[Path | None], None]
    path, set_path = solara.use_state(None)
    notes: Notes | None
    set_notes: Callable[[Notes | None], None]
    notes, set_notes = solara.use_state(None)
    notes_problem, set_notes_problem = solara.use_state("")
    notes_version, set_notes_version = solara.use_state(0)
    view, set_view = solara.use_state(UMPIRE_VIEW)
    view_problem, set_view_problem = solara.use_state("")
    router = solara.use_router()
    token = solara.use_memo(browser_token, [])

    def pick(picked: Path, at_week: int | None = None) -> None:
        loaded, why = open_replay(picked)
        set_replay(loaded)
        set_problem(why)
        set_name(picked.name)
        set_path(picked)
        last = loaded.last_week if loaded is not None else 0
        set_week(last if at_week is None else max(0, min(at_week, last)))
        found, no_notes = notes_of(loaded) if loaded is not None else (None, "")
        set_notes(found)
        set_notes_problem(no_notes)

    def from_link() -> None:
        """`/replay?record=NAME&week=N` opens that record at that week, if this browser may."""
        params = {k: v[0] for k, v in parse_qs(router.search or "").items() if v}
        if "record" not in params:
            return
        linked = record_by_name(params["record"], token)
        if linked is None:
            set_problem(tr("the link names a record you cannot open here"))
            set_name(tr("link"))
            return
        week_text = params.get("week", "")
        pick(linked, int(week_text) if week_text.isdigit() and len(week_text) < 7 else None)

    solara.use_effect(from_link, [])

    def refused(why: str) -> None:
        set_replay(None)
        set_name(tr("upload refused"))
        set_problem(why)

    solara.Title(tr("Ceasefire wargame - replay"))
    with solara.Columns([1, 3]):
        with solara.Column():
            RecordPicker(pick, refused)
        with solara.Column():
            if problem:
                solara.Error(f"{name}: {problem}", classes=["wg-replay-error"])
            if replay is None:
                solara.Text(tr("Pick a recorded game on the left, or upload one."))
                return
            ok, status = verification_text(replay)
            if ok:
                solara.Success(status, classes=["wg-verified"])
            else:
                solara.Warning(status, classes=["wg-unverified"])
            views = view_choices(replay)
            actor = views.get(view, "")
            umpire = tr(UMPIRE_VIEW)
            model = replay.model_at(week)
            solara.HTML(
                tag="h3",
                unsafe_innerHTML=escape(
                    tr(
                        "{record}: week {week} of {last}",
                        record=name,
                        week=model.week,
                        last=replay.last_week,
                    )
                ),
                classes=["wg-replay-week"],
            )
            Timeline(model.week, replay.last_week, set_week)
            with solara.Row(style="align-items:center;flex-wrap:wrap"):
                solara.Select(
                    tr("view"),
                    values=list(views),
                    value=view if view in views else umpire,
                    on_value=guarded("view", lambda: list(views), set_view, set_view_problem),
                    classes=["wg-replay-view"],
                    style="max-width:360px",
                )
                if view_problem:
                    solara.Error(view_problem, classes=["wg-view-error"])
            if notes is not None:
                NotedWeeks(notes, set_week, notes_version)
            with solara.Columns([3, 2]):
                with solara.Column():
                    if actor:
                        ActorView(replay, model.week, actor)
                    else:
                        MapView(umpire_picture(model))
                        Charts(model, model.week)
                with solara.Column():
                    # Keys: a part shown or hidden above (this week's decisions, the debrief)
                    # must not draw the notes, takeaways or a running what-if anew.
                    if notes is not None and path is not None:
                        NotesPanel(
                            notes, model.week, path, lambda: set_notes_version(notes_version + 1)
                        ).key("notes")
                    elif notes_problem:
                        solara.Text(notes_problem, classes=["wg-no-notes"])
                    if model.week > 0 and not actor:
                        with solara.Card(
                            tr("Decisions of week {week}", week=model.week),
                            classes=["wg-week-decisions"],
                        ):
                            solara.HTML(
                                tag="ul",
                                unsafe_innerHTML=decisions_html(
                                    replay.week_line(model.week),
                                    replay.record.header.get("humans", []),
                                ),
                                style="font-size:13px",
                            )
                    if not model.running:
                        Debrief(model)
                    if not actor:
                        ActorStates(model, version=model.week).key("actor-states")
                    EventFeed(model, actor or None, model.week).key("feed")
                    if path is not None:
                        Takeaways(replay, notes, path, actor).key("takeaways")
                    if path is not None and ok:
                        WhatIfPanel(replay, path, model.week).key("what-if")
