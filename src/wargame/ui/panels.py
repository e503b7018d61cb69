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
    with solara.Card("Actors", classes=["wg-actors"]):
        solara.HTML(tag="table", unsafe_innerHTML=actor_states_html(model), style="font-size:13px")
        with solara.Details("Nations: will and public support"):
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
            text = _sentence(event.text)
            mark = (marks or {}).get((event.week, event.actor))
            if mark and event.kind in ORDER_KINDS:
                text = f"{text[:-1]} ({mark})."
            out.append((event.week, f"{_week(event.week)}: {text}"))
            if len(out) >= limit:
                break
    return out


def _week(week: int) -> str:
    """'Week 5 (1–7 Feb 2027)'; week 0 (before the first) without dates."""
    return f"Week {week} ({week_dates(week)})" if week > 0 else "Before week 1"


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
        or "<li>Nothing has happened yet.</li>"
    )


@solara.component
def EventFeed(
    model: Any,
    viewer: str | None = None,
    highlight_week: int | None = None,
    marks: Mapping[tuple[int, str], str] | None = None,
) -> None:
    """The event feed, newest first; a week's lines can be highlighted, orders marked by whom."""
    items = feed_html(model, viewer, highlight_week, marks)
    with solara.Card("What happened", classes=["wg-feed"]):
        solara.HTML(
            tag="ul",
            unsafe_innerHTML=items,
            style="max-height:260px;overflow-y:auto;font-size:13px;padding-left:16px;margin:0",
        )


# -- live charts ------------------------------------------------------------------------------
# One colour per meaning across every chart: an actor's colour for its casualties and for the
# incidents attributed to it (dashed), the coalition's for its troops and its will (dashed), one
# colour per incident level, black for escalation.
SERIES_STYLES: dict[str, tuple[str, str | None]] = {
    DISPLAY_NAMES["russia"]: (MEANINGS["russia"], None),
    DISPLAY_NAMES["ukraine"]: (MEANINGS["ukraine"], None),
    "coalition": (MEANINGS["coalition"], None),
    "troops k": (MEANINGS["coalition"], None),
    "will x100": (MEANINGS["coalition"], DASHED),
    "level 1": (MEANINGS["level 1"], None),
    "level 2": (MEANINGS["level 2"], None),
    "level 3": (MEANINGS["level 3"], None),
    "to Russia": (MEANINGS["russia"], DASHED),
    "to Ukraine": (MEANINGS["ukraine"], DASHED),
    "escalation": (MEANINGS["escalation"], None),
}


def chart_svgs(model: Any, marker_week: int | None = None) -> list[str]:
    """The four live charts of a game so far, as SVG strings."""
    rows = model.datacollector.model_vars
    weeks = rows["week"]

    def col(name: str) -> list[float]:
        return list(rows[name])

    return [
        line_chart_svg(
            "Casualties",
            weeks,
            {
                DISPLAY_NAMES["russia"]: col("casualties_russia"),
                DISPLAY_NAMES["ukraine"]: col("casualties_ukraine"),
                "coalition": col("casualties_coalition"),
            },
            marker_week=marker_week,
            styles=SERIES_STYLES,
        ),
        line_chart_svg(
            "Coalition troops (k) and will (x100)",
            weeks,
            {
                "troops k": [t / 1000 for t in col("coalition_troops")],
                "will x100": [w * 100 for w in col("coalition_will")],
            },
            marker_week=marker_week,
            styles=SERIES_STYLES,
        ),
        line_chart_svg(
            "Incidents by level and attribution",
            weeks,
            {
                "level 1": col("incidents_level1"),
                "level 2": col("incidents_level2"),
                "level 3": col("incidents_level3"),
                "to Russia": col("attributed_to_russia"),
                "to Ukraine": col("attributed_to_ukraine"),
            },
            marker_week=marker_week,
            styles=SERIES_STYLES,
        ),
        line_chart_svg(
            "Escalation level",
            weeks,
            {"escalation": col("escalation")},
            marker_week=marker_week,
            styles=SERIES_STYLES,
        ),
    ]


@solara.component
def Charts(model: Any, marker_week: int | None = None, version: int = 0) -> None:
    """The live time series (`version`: changes whenever the model moved, to redraw)."""
    with solara.Card("Over time", classes=["wg-charts"]):
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
            points.append(f"{_week(event.week)}: {_sentence(event.text)}")
    if len(points) > limit:  # keep the first and the last ones
        points = [*points[: limit // 2], "…", *points[-(limit - limit // 2) :]]
    return points


def debrief_lines(model: Any) -> list[str]:
    """The outcome in a few sentences."""
    s = model.summary()
    inc, cas = s["incidents"], s["casualties"]
    left = ", ".join(s["nations_left"]) or "none"
    return [
        f"After {s['weeks']} weeks ({s['years']} years): "
        + ENDINGS.get(s["end_cause"], s["end_cause"]),
        f"Why: {s['end_detail']}." if s["end_detail"] else "",
        f"Incidents on the line: {inc['total']} (level 1: {inc['level1']}, level 2: {inc['level2']}, "
        f"level 3: {inc['level3']}); {inc['hybrid']} hybrid attacks at home.",
        f"Casualties: Russia {cas['russia']:,}, Ukraine {cas['ukraine']:,}, coalition {cas['coalition']:,}.",
        f"Tripwires pulled: {s['tripwires']}; escalation peak {s['escalation_max']}; "
        f"nations that left: {left}.",
    ]


def turning_points_html(model: Any) -> str:
    """The turning points as list items (texts escaped)."""
    points = turning_points(model) or ["No turning point: a quiet game."]
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
    with solara.Card(f"Debrief: {s['end_cause'].replace('_', ' ')}", classes=["wg-debrief"]):
        for line in debrief_lines(model):
            if line:
                solara.Text(line, style="display:block")
        if policy_game.state == solara.ResultState.FINISHED:
            versus = comparison_html(policy_game.value or [])
            if versus:
                solara.HTML(tag="div", unsafe_innerHTML=versus, classes=["wg-versus-block"])
        elif policy_game.state == solara.ResultState.ERROR:
            solara.Text(
                f"The policy's game on the same seed could not be played: {policy_game.error}",
                style="display:block",
            )
        elif game is not None and game.humans:
            solara.Text(
                "Playing the same seed with the policies, to compare…",
                style="display:block",
                classes=["wg-versus-wait"],
            )
        solara.HTML(tag="b", unsafe_innerHTML="Goals: who achieved what")
        solara.HTML(tag="div", unsafe_innerHTML=scores_html(model))
        solara.HTML(tag="b", unsafe_innerHTML="Turning points")
        solara.HTML(tag="ul", unsafe_innerHTML=turning_points_html(model), style="font-size:13px")
