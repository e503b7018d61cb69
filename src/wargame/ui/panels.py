"""Panels: actors' states, the event feed, live charts and the end-of-game debrief.

Every function reads a `CeasefireModel` (a live game's, or a replay's at some week) and holds
no game logic: it only formats what the engine already knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import solara

from wargame.engine.events import Event
from wargame.engine.roster import DISPLAY_NAMES
from wargame.play import goals
from wargame.play.debrief import END_CAUSE_TEXT, TURNING_POINT_KINDS
from wargame.ui.card import week_dates
from wargame.ui.charts import DASHED, line_chart_svg
from wargame.ui.event_text import end_detail, event_text
from wargame.ui.i18n import N_, tr
from wargame.ui.objectives import comparison_html, scores_html
from wargame.ui.palette import MEANINGS
from wargame.ui.safe import text as esc

# Event kinds anyone may read (published, public or announced); other kinds only their actor.
PUBLIC_EVENT_KINDS = frozenset(
    {
        "attribution",
        "response",
        "tripwire",
        "nation_left",
        "election",
        "us_commitment",
        "end",
        "harassment",
        "warning",
        "us_signal",
        "front_moved",
    }
)
# The debrief pack's words for how a game ends, and one more for a game not over yet.
ENDINGS = {**END_CAUSE_TEXT, "running": "The game is still running."}


# -- actor states -----------------------------------------------------------------------------
def actor_states(model: Any) -> list[tuple[str, str]]:
    """Each actor's state in one line: (actor, state)."""
    force, p = model.force, model.force.posture
    rotation = p.rotation_factor
    nations_in = model.nation_ids_in_coalition()
    return [
        (
            "Coalition",
            f"{force.deployed:,} troops deployed, {force.deployed * rotation:,} committed with "
            f"rotation x{rotation}; posture {p.option} ({p.response}, {p.effective_employment}); "
            f"{len(nations_in)} nations; cohesion {model.cohesion():.2f}",
        ),
        (
            DISPLAY_NAMES["russia"],
            f"{model.russia.troops:,} troops ({int(model.russia.reserves):,} in reserve); "
            f"{round(model.russia.casualties):,} casualties",
        ),
        (
            DISPLAY_NAMES["ukraine"],
            f"{model.ukraine.troops:,} troops, quality {model.ukraine.quality(model.week):.2f}; "
            f"{round(model.ukraine.casualties):,} casualties",
        ),
        (DISPLAY_NAMES["us"], f"commitment: {model.us.commitment}"),
        (
            "Monitors",
            f"access: {model.monitor.access.replace('_', ' ')}; {model.monitor.teams} teams; "
            f"patrolling {len(model.monitor.patrols)} sectors; {model.monitor.harassments} harassments",
        ),
        ("Escalation", f"{model.escalation:.2f} (peak {model.escalation_max:.2f})"),
    ]


def nation_rows(model: Any) -> list[dict[str, Any]]:
    """One row per coalition nation (every one the header counts): troops, will, public
    support, casualties, status."""
    return [
        {
            "nation": n.name,
            "troops": n.troops,
            "will": round(n.will, 2),
            "support": n.settings["public_support"],
            "casualties": round(n.casualties),
            "status": _nation_status(n),
        }
        for n in model.nations
    ]


def _nation_status(nation: Any) -> str:
    if not nation.in_coalition:
        return f"left week {nation.left_week}"
    # A member with no brigade in Ukraine (the Baltic states, 001) still counts in the coalition.
    return "in" if nation.brigades > 0 else "in (no troops in Ukraine)"


def actor_states_html(model: Any) -> str:
    """The actors' states as table rows (every value escaped)."""
    return "".join(
        f"<tr><th style='text-align:left;padding-right:8px;vertical-align:top'>{esc(a)}</th>"
        f"<td>{esc(s)}</td></tr>"
        for a, s in actor_states(model)
    )


def nations_html(model: Any) -> str:
    """The nations' table: a header row and a row per nation (names escaped)."""
    head = "<tr><th>nation</th><th>troops</th><th>will</th><th>support</th><th>casualties</th><th></th></tr>"
    return head + "".join(
        f"<tr><td>{esc(r['nation'])}</td><td>{r['troops']:,}</td><td>{r['will']:.2f}</td>"
        f"<td>{r['support']:.0%}</td><td>{r['casualties']:,}</td><td>{esc(r['status'])}</td></tr>"
        for r in nation_rows(model)
    )


@solara.component
def ActorStates(model: Any, version: int = 0) -> None:
    """Every actor's state (the umpire's view).

    The model is the same object as the game goes on, so the caller passes a `version` that
    changes whenever it moved (without it Solara would not redraw the panel).
    """
    with solara.Card(tr("Actors"), classes=["wg-actors"]):
        solara.HTML(tag="table", unsafe_innerHTML=actor_states_html(model), style="font-size:13px")
        with solara.Details(tr("Nations: will and public support")):
            solara.HTML(tag="table", unsafe_innerHTML=nations_html(model), style="font-size:12px")


# -- the event feed ---------------------------------------------------------------------------
def visible_to(event: Event, viewer: str | None) -> bool:
    """Whether a viewer (an actor id, or None for the umpire) may read this event."""
    return viewer is None or event.kind in PUBLIC_EVENT_KINDS or event.actor == viewer


# Events that are an actor's own orders carried out (the rest follow from the rules).
ORDER_KINDS = frozenset(
    {"response", "incident", "harassment", "halt", "us_commitment", "nation_left"}
)


def feed_lines(
    model: Any,
    viewer: str | None = None,
    limit: int = 40,
    marks: Mapping[tuple[int, str], str] | None = None,
) -> list[tuple[int, str]]:
    """The latest events in plain language, newest first: (week, 'Week 37: ...').

    `marks` (week, actor) -> who gave that actor's orders that week when it was not the person
    (e.g. 'by the policy'): the lines of those orders say so.
    """
    out = []
    for event in reversed(model.log.events):
        if visible_to(event, viewer):
            text = _sentence(event_text(event.kind, event.text))
            mark = (marks or {}).get((event.week, event.actor))
            if mark and event.kind in ORDER_KINDS:
                text = f"{text[:-1]} ({mark})."
            out.append((event.week, f"{week_heading(event.week)}: {text}"))
            if len(out) >= limit:
                break
    return out


def week_heading(week: int) -> str:
    """'Week 5 (1–7 Feb 2027)'; week 0 (before the first) without dates."""
    if week > 0:
        return tr("Week {week} ({dates})", week=week, dates=week_dates(week))
    return tr("Before week 1")


_week = week_heading


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def feed_html(
    model: Any,
    viewer: str | None = None,
    highlight_week: int | None = None,
    marks: Mapping[tuple[int, str], str] | None = None,
) -> str:
    """The event feed as list items, newest first (texts escaped; see feed_lines' `marks`)."""
    return (
        "".join(
            f"<li class='wg-event{' wg-hl' if week == highlight_week else ''}' "
            f"style='{'background:#fff59d;' if week == highlight_week else ''}'>{esc(text)}</li>"
            for week, text in feed_lines(model, viewer, marks=marks)
        )
        or f"<li>{esc(tr('Nothing has happened yet.'))}</li>"
    )


@solara.component
def EventFeed(
    model: Any,
    viewer: str | None = None,
    highlight_week: int | None = None,
    marks: Mapping[tuple[int, str], str] | None = None,
    version: int = 0,
) -> None:
    """The event feed, newest first; a week's lines can be highlighted, orders marked by whom
    (`version`: changes whenever the model moved, to redraw, as for `ActorStates`)."""
    items = feed_html(model, viewer, highlight_week, marks)
    with solara.Card(tr("What happened"), classes=["wg-feed"]):
        solara.HTML(
            tag="ul",
            unsafe_innerHTML=items,
            style="max-height:260px;overflow-y:auto;font-size:13px;padding-left:16px;margin:0",
        )


# -- live charts ------------------------------------------------------------------------------
# One colour per meaning across every chart: an actor's colour for its casualties and for the
# incidents attributed to it (dashed), the coalition's for its troops and its will (dashed), one
# colour per incident level, black for escalation.
# Keyed by the series' English names (marked for the catalogue; drawn translated).
SERIES_STYLES: dict[str, tuple[str, str | None]] = {
    DISPLAY_NAMES["russia"]: (MEANINGS["russia"], None),
    DISPLAY_NAMES["ukraine"]: (MEANINGS["ukraine"], None),
    N_("coalition"): (MEANINGS["coalition"], None),
    N_("troops k"): (MEANINGS["coalition"], None),
    N_("will x100"): (MEANINGS["coalition"], DASHED),
    N_("level 1"): (MEANINGS["level 1"], None),
    N_("level 2"): (MEANINGS["level 2"], None),
    N_("level 3"): (MEANINGS["level 3"], None),
    N_("to Russia"): (MEANINGS["russia"], DASHED),
    N_("to Ukraine"): (MEANINGS["ukraine"], DASHED),
    N_("escalation"): (MEANINGS["escalation"], None),
}


def translated_chart(
    title: str,
    weeks: Any,
    series: dict[str, list[float]],
    marker_week: int | None,
    styles: Mapping[str, tuple[str, str | None]] = SERIES_STYLES,
) -> str:
    """`line_chart_svg` with its title and series' names (English keys) in the page's language,
    each series keeping its style."""
    return line_chart_svg(
        tr(title),
        weeks,
        {tr(name): ys for name, ys in series.items()},
        marker_week=marker_week,
        styles={tr(name): style for name, style in styles.items()},
    )


def chart_svgs(model: Any, marker_week: int | None = None) -> list[str]:
    """The four live charts of a game so far, as SVG strings."""
    rows = model.datacollector.model_vars
    weeks = rows["week"]

    def col(name: str) -> list[float]:
        return list(rows[name])

    return [
        translated_chart(
            N_("Casualties"),
            weeks,
            {
                DISPLAY_NAMES["russia"]: col("casualties_russia"),
                DISPLAY_NAMES["ukraine"]: col("casualties_ukraine"),
                "coalition": col("casualties_coalition"),
            },
            marker_week,
        ),
        translated_chart(
            N_("Coalition troops (k) and will (x100)"),
            weeks,
            {
                "troops k": [t / 1000 for t in col("coalition_troops")],
                "will x100": [w * 100 for w in col("coalition_will")],
            },
            marker_week,
        ),
        translated_chart(
            N_("Incidents by level and attribution"),
            weeks,
            {
                "level 1": col("incidents_level1"),
                "level 2": col("incidents_level2"),
                "level 3": col("incidents_level3"),
                "to Russia": col("attributed_to_russia"),
                "to Ukraine": col("attributed_to_ukraine"),
            },
            marker_week,
        ),
        translated_chart(
            N_("Escalation level"), weeks, {"escalation": col("escalation")}, marker_week
        ),
    ]


@solara.component
def Charts(model: Any, marker_week: int | None = None, version: int = 0) -> None:
    """The live time series (`version`: changes whenever the model moved, to redraw)."""
    with solara.Card(tr("Over time"), classes=["wg-charts"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML="".join(chart_svgs(model, marker_week)),
            style="display:flex;flex-wrap:wrap;gap:6px",
        )


# -- debrief ----------------------------------------------------------------------------------
def turning_points(model: Any, limit: int = 12) -> list[str]:
    """The game's turning points in plain language, in order."""
    points = []
    for event in model.log.events:
        large = event.kind == "incident" and "large-scale" in event.text
        if event.kind in TURNING_POINT_KINDS or large:
            points.append(f"{_week(event.week)}: {_sentence(event_text(event.kind, event.text))}")
    if len(points) > limit:  # keep the first and the last ones
        points = [*points[: limit // 2], "…", *points[-(limit - limit // 2) :]]
    return points


def debrief_lines(model: Any) -> list[str]:
    """The outcome in a few sentences."""
    s = model.summary()
    inc, cas = s["incidents"], s["casualties"]
    left = ", ".join(tr(n) for n in s["nations_left"]) or tr("none")
    return [
        tr("After {weeks} weeks ({years} years):", weeks=s["weeks"], years=s["years"])
        + " "
        + ending_text(s["end_cause"]),
        tr("Why: {detail}.", detail=end_detail(s["end_detail"])) if s["end_detail"] else "",
        tr(
            "Incidents on the line: {total} (level 1: {l1}, level 2: {l2}, level 3: {l3}); "
            "{hybrid} hybrid attacks at home.",
            total=inc["total"],
            l1=inc["level1"],
            l2=inc["level2"],
            l3=inc["level3"],
            hybrid=inc["hybrid"],
        ),
        tr(
            "Casualties: Russia {russia}, Ukraine {ukraine}, coalition {coalition}.",
            russia=f"{cas['russia']:,}",
            ukraine=f"{cas['ukraine']:,}",
            coalition=f"{cas['coalition']:,}",
        ),
        tr(
            "Tripwires pulled: {tripwires}; escalation peak {peak}; nations that left: {left}.",
            tripwires=s["tripwires"],
            peak=s["escalation_max"],
            left=left,
        ),
    ]


# play.debrief.END_CAUSE_TEXT and the end causes' names, marked for the catalogue
# (tests/test_i18n.py checks they match).
ENDING_TEXTS = (
    N_("The ceasefire held for the whole game."),
    N_("The ceasefire collapsed: large-scale war resumed."),
    N_("Uncontrollable escalation with coalition troops in combat."),
    N_("The coalition withdrew."),
    N_("The game is still running."),
)
END_CAUSE_NAMES = {
    "held": N_("held"),
    "ceasefire_collapsed": N_("ceasefire collapsed"),
    "uncontrollable_escalation": N_("uncontrollable escalation"),
    "coalition_withdrawn": N_("coalition withdrawn"),
    "running": N_("running"),
}


def ending_text(cause: str) -> str:
    """How a game ended, in a sentence in the page's language."""
    return tr(ENDINGS.get(cause, cause))


def end_cause_name(cause: str) -> str:
    """An end cause's short name ('ceasefire collapsed') in the page's language."""
    return tr(END_CAUSE_NAMES.get(cause, cause.replace("_", " ")))


def turning_points_html(model: Any) -> str:
    """The turning points as list items (texts escaped)."""
    points = turning_points(model) or [tr("No turning point: a quiet game.")]
    return "".join(f"<li>{esc(p)}</li>" for p in points)


@solara.component
def Debrief(model: Any, game: Any = None) -> None:
    """The end-of-game debrief: outcome, end cause, each side's goals scored, turning points;
    with the `game` people played, each person's side against the policy on the same seed."""
    s = model.summary()
    # The counterfactual is a whole game (0.3-1.5 s for ten years): played in the background,
    # once per game end, while the rest of the debrief shows.
    policy_game = solara.use_thread(
        lambda: goals.compare(game) if game is not None and game.humans else [],
        dependencies=[id(game), model.week, s["end_cause"]],
        intrusive_cancel=False,
    )
    with solara.Card(
        tr("Debrief: {cause}", cause=end_cause_name(s["end_cause"])), classes=["wg-debrief"]
    ):
        for line in debrief_lines(model):
            if line:
                solara.Text(line, style="display:block")
        if policy_game.state == solara.ResultState.FINISHED:
            versus = comparison_html(policy_game.value or [])
            if versus:
                solara.HTML(tag="div", unsafe_innerHTML=versus, classes=["wg-versus-block"])
        elif policy_game.state == solara.ResultState.ERROR:
            solara.Text(
                tr(
                    "The policy's game on the same seed could not be played: {error}",
                    error=policy_game.error,
                ),
                style="display:block",
            )
        elif game is not None and game.humans:
            solara.Text(
                tr("Playing the same seed with the policies, to compare…"),
                style="display:block",
                classes=["wg-versus-wait"],
            )
        solara.HTML(tag="b", unsafe_innerHTML=esc(tr("Goals: who achieved what")))
        solara.HTML(tag="div", unsafe_innerHTML=scores_html(model))
        solara.HTML(tag="b", unsafe_innerHTML=esc(tr("Turning points")))
        solara.HTML(tag="ul", unsafe_innerHTML=turning_points_html(model), style="font-size:13px")
