"""The Class page (`/class`): create a class of rooms, and its dashboard.

A teacher creates a class (a scenario, N rooms, the seats of each room); every room's join code
(`CODE-INVITE`) is handed to its students. The dashboard lists every room: week, whose decision
waits and for how long, the outcome so far, an umpire link; it downloads all debrief packs as one
zip. Only the class link (its key, shown once) or a browser that used it opens a dashboard.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from threading import Event
from typing import Any
from urllib.parse import urlencode

import solara

from wargame.errors import WargameError
from wargame.ui import access, safe
from wargame.ui.card import actor_name
from wargame.ui.choices import ForgedChoice, checked, checked_many
from wargame.ui.classes import (
    MAX_ROOMS,
    ROOM_ACTORS,
    Class,
    ClassError,
    classes_of,
    create_class,
    debrief_zip,
    load_class,
    room_rows,
)
from wargame.ui.games import games_dir
from wargame.ui.i18n import N_, tr

REFRESH_S = 5.0  # the dashboard redraws this often
DEFAULT_SEATS = ("force_commander", "russia")


def class_url(class_id: str, key: str | None = None) -> str:
    """The dashboard's address (with the key: the class link, which opens it in any browser)."""
    return "/class?" + urlencode({"class": class_id, **({"key": key} if key else {})})


def dashboard_html(made: Class, rows: list[Any]) -> str:
    """The dashboard's table; every value escaped (codes, names, outcomes, links)."""
    t = safe.text
    columns = (
        N_("Room"),
        N_("Join code"),
        N_("Seats"),
        N_("Week"),
        N_("Waiting"),
        N_("Outcome so far"),
        N_("Umpire"),
    )
    head = "<tr>" + "".join(f"<th>{t(tr(c))}</th>" for c in columns) + "</tr>"
    free = " " + tr("(free)")
    body = []
    for r in rows:
        seats = ", ".join(f"{t(actor_name(a))}{'' if taken else t(free)}" for a, taken in r.seats)
        body.append(
            f'<tr class="wg-class-room" data-code="{t(r.code)}"><td>{t(r.code)}</td>'
            f'<td style="font-family:monospace">{t(r.join)}</td><td>{seats}</td>'
            f"<td>{r.week}</td><td>{t(r.status)}</td><td>{t(r.outcome)}</td>"
            f'<td><a href="{t(r.umpire_link)}" target="_blank" rel="noopener">'
            f"{t(tr('umpire view'))}</a></td></tr>"
        )
    return (
        '<table class="wg-class-table" style="border-collapse:collapse" border="1" '
        f'cellpadding="4">{head}{"".join(body)}</table>'
    )


@solara.component
def ClassPage() -> None:
    """Create a class, or show its dashboard (only with the class key or a browser that used it)."""
    router = solara.use_router()
    params = access_query(router.search)
    class_id, key = params.get("class", ""), params.get("key")
    token = solara.use_memo(access.browser_token, [])
    shown, set_shown = solara.use_state("")  # "ID:KEY" of a class just created, shown once
    tick, set_tick = solara.use_state(0)

    made, problem = solara.use_memo(lambda: _open(class_id, key, token), [class_id, key, tick])

    def refresh(cancel: Event) -> None:
        if made is None:
            return
        while not cancel.wait(REFRESH_S):
            set_tick(lambda n: n + 1)

    solara.use_thread(refresh, dependencies=[class_id, made is None])
    solara.Title(tr("Ceasefire wargame - class"))
    if not class_id:

        def made_one(c: Class, k: str) -> None:
            set_shown(f"{c.id}:{k}")
            router.push(class_url(c.id))

        _CreateForm(token, made_one)
        _YourClasses(token, router.push)
        return
    if made is None:
        solara.Error(problem, classes=["wg-problem"])
        solara.Button(tr("Create a class"), on_click=lambda: router.push("/class"))
        return
    if key:  # the class link was used: this browser keeps the right, the key leaves the address
        router.push(class_url(made.id))
    _Dashboard(made, shown.split(":", 1)[1] if shown.startswith(f"{made.id}:") else "", tick)


def access_query(search: str | None) -> dict[str, str]:
    """The URL's query parameters, one value each."""
    from urllib.parse import parse_qs

    return {k: v[0] for k, v in parse_qs(search or "").items() if v}


def _open(class_id: str, key: str | None, token: str | None) -> tuple[Class | None, str]:
    if not class_id:
        return None, ""
    if token is None and not key:
        return None, tr(access.NO_COOKIE)
    try:
        return load_class(games_dir(), class_id, key=key, token=token), ""
    except ClassError as exc:
        return None, str(exc)


@solara.component
def _CreateForm(token: str | None, on_made: Callable[[Class, str], None]) -> None:
    """Scenario, rooms, seats, years, seed; then Create."""
    from wargame.ui.play import scenario_names, scenario_ref, years_problem

    scenarios = solara.use_memo(scenario_names, [])
    scenario, set_scenario = solara.use_state("default")
    rooms, set_rooms = solara.use_state(15)
    seats, set_seats = solara.use_state(list[str](DEFAULT_SEATS))
    years, set_years = solara.use_state("1")
    seed, set_seed = solara.use_state(1)
    problem, set_problem = solara.use_state("")
    busy, set_busy = solara.use_state(False)

    def create() -> None:
        if token is None:
            set_problem(tr(access.NO_COOKIE))
            return
        try:
            chosen = checked("scenario", scenario, scenarios)
            people = checked_many("seats", seats, ROOM_ACTORS)
        except ForgedChoice as exc:
            set_problem(tr("refused: {reason}", reason=exc))
            return
        wrong = years_problem(years)
        if wrong:
            set_problem(wrong)
            return
        set_busy(True)
        try:
            made, key = create_class(
                games_dir(),
                scenario_ref(chosen),
                rooms,
                people,
                years=float(years) if years.strip() else None,
                seed=seed,
                token=token,
            )
        except WargameError as exc:
            set_problem(access.hide_paths(str(exc), games_dir()))
            return
        finally:
            set_busy(False)
        set_problem("")
        on_made(made, key)

    with solara.Card(tr("Create a class"), classes=["wg-class-create"]):
        solara.Text(
            tr(
                "One room per group of students, all from one scenario and the same seed, so the "
                "class can compare. Each room gets a join code to hand out."
            )
        )
        solara.Select(tr("Scenario"), values=scenarios, value=scenario, on_value=set_scenario)
        solara.InputInt(
            tr("Rooms (1-{most})", most=MAX_ROOMS),
            value=rooms,
            on_value=set_rooms,
            classes=["wg-class-rooms"],
        )
        solara.SelectMultiple(
            tr("Seats of each room (actors students play)"),
            values=seats,
            all_values=list[str](ROOM_ACTORS),
            on_value=set_seats,
        )
        solara.InputText(tr("Years"), value=years, on_value=set_years, continuous_update=True)
        solara.InputInt(tr("Seed"), value=seed, on_value=set_seed)
        solara.Button(
            tr("Create class"),
            on_click=create,
            disabled=busy,
            color="primary",
            classes=["wg-class-go"],
        )
        if problem:
            solara.Error(problem, classes=["wg-problem"])


@solara.component
def _YourClasses(token: str | None, go: Callable[[str], None]) -> None:
    mine = solara.use_memo(lambda: classes_of(games_dir(), token), [token])
    if not mine:
        return
    with solara.Card(tr("Your classes")):
        for c in mine[:20]:
            solara.Button(
                tr(
                    "{id}: {scenario}, {n} rooms ({created})",
                    id=c.id,
                    scenario=c.scenario,
                    n=len(c.rooms),
                    created=c.created,
                ),
                on_click=lambda cid=c.id: go(class_url(cid)),
                text=True,
            )


@solara.component
def _Dashboard(made: Class, key: str, tick: int = 0) -> None:
    """Every room of the class, the class link once, and the zip of all debrief packs; `tick`
    changes every few seconds, so it is drawn again (the class itself rarely changes)."""
    folder = games_dir()
    rows = room_rows(made, folder)
    seats = ", ".join(actor_name(a) for a in made.seats)
    years = ", " + tr("{n} years", n=f"{made.years:g}") if made.years else ""
    solara.HTML(tag="h3", unsafe_innerHTML=safe.text(tr("Class {id}", id=made.id)))
    solara.Text(
        tr(
            "{scenario}{years}, seed {seed}; {n} rooms of {seats}. Created {created}. "
            "Refreshed {now}.",
            scenario=made.scenario.rsplit("/", 1)[-1],
            years=years,
            seed=made.seed,
            n=len(rows),
            seats=seats,
            created=made.created,
            now=time.strftime("%H:%M:%S"),
        ),
        classes=["wg-class-about"],
    )
    if key:
        with solara.Details(
            tr("Class link (shown once: keep it to open this dashboard elsewhere)")
        ):
            solara.Text(class_url(made.id, key), classes=["wg-class-link"])
    solara.Text(
        tr(
            "Students open the server's address, and type their room's join code under 'Join a "
            "game or room', then pick their actor."
        )
    )
    solara.HTML(unsafe_innerHTML=dashboard_html(made, rows), classes=["wg-class-dashboard"])
    solara.FileDownload(
        lambda: debrief_zip(made, folder),
        filename=f"class-{made.id}-debriefs.zip",
        label=tr("All debrief packs (zip)"),
        mime_type="application/zip",
    )
