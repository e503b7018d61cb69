"""The debrief pack: one self-contained HTML page per recorded game, for trainers and students.

It holds the outcome and its cause, the turning points, every decision a person took (what the
decider knew at that moment, what it could have done, what it chose, what followed), the
white cell's acts with their reasons, the trainer's notes and the charts (PNG images inside the page). It needs no other file, no script
and no network, and prints on A4. Everything a record (or its replay) supplies is escaped: a
record can come from anyone (docs/security.md).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wargame.engine.decisions import ACTION_TYPES, Decision
from wargame.engine.events import LEVELS
from wargame.engine.model import CeasefireModel
from wargame.engine.roster import display_name, kind_of
from wargame.engine.white_cell import describe as describe_act
from wargame.errors import WargameError
from wargame.play import goals
from wargame.play.annotations import Notes
from wargame.play.record.reader import Record
from wargame.play.record.replay import Replay

# Event kinds of the record that turn a game (with every large-scale incident that starts).
TURNING_POINT_KINDS = frozenset({"tripwire", "nation_left", "us_commitment", "end", "halt"})
END_CAUSE_TEXT = {
    "held": "The ceasefire held for the whole game.",
    "ceasefire_collapsed": "The ceasefire collapsed: large-scale war resumed.",
    "uncontrollable_escalation": "Uncontrollable escalation with coalition troops in combat.",
    "coalition_withdrawn": "The coalition withdrew.",
}
FOLLOW_WEEKS = 2  # "what followed" a decision: its week and this many weeks after
MAX_LIST = 12  # items of a long list shown before "and N more"
CHART_DPI = 80


@dataclass
class PersonDecision:
    """One decision a person took: the moment as the decider met it, and the answer."""

    week: int
    actor: str
    observation: dict[str, Any]
    legal: dict[str, dict[str, list[Any] | None]]
    limits: dict[str, int]
    chosen: list[dict[str, Any]]


@dataclass
class Debrief:
    """What a debrief pack shows, gathered by replaying a record once."""

    record: Record
    problems: list[str]
    model: CeasefireModel  # after the last week that replays
    decisions: list[PersonDecision] = field(default_factory=list)


def gather(source: Replay | Record | str | Path, files_root: str | Path | None = None) -> Debrief:
    """Replay a record (or use a Replay of it), verifying it, and keep every decision a person
    took as it was met; `files_root` bounds the files an untrusted record may name."""
    replay = source if isinstance(source, Replay) else Replay(source, files_root=files_root)
    replay.verify()
    model = replay.new_model()
    decisions: list[PersonDecision] = []
    for week in range(1, replay.last_week + 1):
        line = replay.week_line(week)

        def watch(decision: Decision, line: Mapping[str, Any] = line) -> None:
            if decision.actor_id in line.get("humans", []):
                decisions.append(
                    PersonDecision(
                        week=decision.week,
                        actor=decision.actor_id,
                        observation=decision.observation,
                        legal=decision.legal,
                        limits=decision.limits,
                        chosen=list(line.get("actions", {}).get(decision.actor_id, [])),
                    )
                )

        if replay.play_week(model, line, watch=watch) is not None:  # pragma: no cover
            break  # verify() stopped the replay before this week already
    return Debrief(replay.record, list(replay.problems), model, decisions)


def debrief_html(
    record: Replay | Record | str | Path,
    notes: Notes | None = None,
    files_root: str | Path | None = None,
    charts: bool = True,
    actor: str | None = None,
) -> str:
    """The debrief pack of a record (and the trainer's notes on it) as one HTML page; with
    `actor`, one student's pack: only that actor's decisions and the notes on them."""
    pack = gather(record, files_root)
    return render(pack, notes, charts, actor)


# -- rendering ---------------------------------------------------------------------------------
def e(value: Any) -> str:
    """Any value as escaped text (every string from a record goes through here)."""
    return html.escape(str(value), quote=True)


def render(
    pack: Debrief, notes: Notes | None = None, charts: bool = True, actor: str | None = None
) -> str:
    """The HTML page of a gathered debrief (with `actor`: that actor's decisions only)."""
    header = pack.record.header
    if actor is not None:
        actors = [a for a in header.get("policies", {}) if isinstance(a, str)]
        if actor not in actors:
            raise WargameError(
                f"actor {actor[:40]!r} is not an actor of this game; one of {', '.join(actors)}"
            )
        pack = replace(pack, decisions=[d for d in pack.decisions if d.actor == actor])
        if notes is not None:
            notes = Notes(notes.check, [n for n in notes if n.actor in ("", actor)])
    scenario = header.get("scenario", {}).get("name", "?")
    title = f"Debrief: {scenario}, seed {header.get('seed')}"
    if actor is not None:
        title += f", {display_name(actor)}"
    body = [
        f"<h1>{e(title)}</h1>",
        _about(pack),
        _outcome(pack),
        _goals(pack),
        _turning_points(pack, notes),
        _decisions(pack, notes),
        _white_cell(pack),
        _notes(notes),
    ]
    if charts:
        body.append(_charts(pack.model))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        # No script, no outside file: the page works offline and cannot run anything.
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


STYLE = """
body{font-family:Georgia,serif;max-width:60em;margin:1em auto;padding:0 1em;color:#111;
line-height:1.35}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #444;margin-top:1.4em}
h3{margin:.2em 0 .4em}
table{border-collapse:collapse;margin:.3em 0;font-size:.9em}
td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top;text-align:left}
th{background:#eee}.num{text-align:right}
.decision{border:1px solid #888;border-radius:4px;padding:.5em .8em;margin:.8em 0}
.chosen{background:#fff59d;padding:2px 4px}.warn{color:#b71c1c;font-weight:bold}
.mark{font-weight:bold}.small{font-size:.85em;color:#333}
.chart{max-width:100%;height:auto;display:block;margin:.4em 0}
@media print{body{max-width:none;margin:0;font-size:10.5pt}
.decision,.chart,table{page-break-inside:avoid;break-inside:avoid}
h2{page-break-after:avoid;break-after:avoid}@page{size:A4;margin:1.5cm}}
"""


def _about(pack: Debrief) -> str:
    header = pack.record.header
    people = [display_name(a) for a in header.get("humans", []) if isinstance(a, str)]
    policies = header.get("policies", {})
    rows = [
        ("Record", pack.record.path.name),
        ("Scenario", header.get("scenario", {}).get("name", "?")),
        ("Seed", header.get("seed")),
        ("Map", header.get("map", {}).get("id", "?")),
        ("Recorded with", f"wargame {header.get('wargame_version', '?')}"),
        ("Played by people", ", ".join(people) or "nobody (policies only)"),
        (
            "Policies",
            "; ".join(
                f"{display_name(a)}: {p.get('name', '?')}"
                for a, p in policies.items()
                if isinstance(p, Mapping) and kind_of(a) != "nation"
            ),
        ),
        ("Weeks recorded", pack.record.last_week),
    ]
    out = [_table(rows)]
    if pack.problems:
        out.append(
            "<p class='warn'>Not verified: "
            + e(" | ".join(pack.problems))
            + f" This pack shows the game up to week {pack.model.week}.</p>"
        )
    else:
        out.append("<p>Verified: every week replays exactly as recorded.</p>")
    if pack.record.truncated:
        out.append(f"<p class='warn'>Incomplete record: {e(pack.record.truncated)}.</p>")
    return "<section id='about'>" + "".join(out) + "</section>"


def _outcome(pack: Debrief) -> str:
    model = pack.model
    s = model.summary()
    out = ["<section id='outcome'><h2>Outcome</h2>"]
    if model.running:
        out.append(
            f"<p class='outcome'>No outcome: the record stops after week {e(model.week)}, "
            "before the game ended.</p>"
        )
    else:
        cause = END_CAUSE_TEXT.get(s["end_cause"], s["end_cause"])
        out.append(
            f"<p class='outcome'><b>After {e(s['weeks'])} weeks ({e(s['years'])} years): {e(cause)}</b></p>"
        )
        if s.get("end_detail"):
            out.append(f"<p>Why: {e(s['end_detail'])}.</p>")
    inc, cas = s["incidents"], s["casualties"]
    rows = [
        (
            "Incidents on the line",
            f"{inc['total']} (level 1: {inc['level1']}, level 2: {inc['level2']}, "
            f"level 3: {inc['level3']}); {inc['hybrid']} hybrid attacks at home",
        ),
        (
            "Casualties",
            f"Russia {cas['russia']:,}, Ukraine {cas['ukraine']:,}, coalition {cas['coalition']:,}",
        ),
        ("Civilian casualties near the line", f"{cas.get('civilian', 0):,}"),
        (
            "Monitors obstructed",
            "Russia {russia}, Ukraine {ukraine}".format(
                **s.get("obstructions", {"russia": 0, "ukraine": 0})
            ),
        ),
        ("Tripwires pulled", s["tripwires"]),
        ("Escalation peak", s["escalation_max"]),
        ("Nations that left", ", ".join(display_name(n) for n in s["nations_left"]) or "none"),
        ("US commitment at the end", model.us.commitment),
    ]
    out.append(_table(rows))
    out.append("</section>")
    return "".join(out)


def _goals(pack: Debrief) -> str:
    """Each side's score and objectives; each person's side against the policy game."""
    model = pack.model
    out = ["<section id='goals'><h2>Goals: who achieved what</h2>"]
    humans = [a for a in pack.record.header.get("humans", []) if a in model.actors]
    if humans:
        out.append("<h3>You vs the policy on the same seed</h3>")
        try:
            policy = goals.policy_game(model, model.seed, model.week if model.running else None)
        except WargameError as err:
            out.append(f"<p class='warn'>The policy's game could not be played: {e(err)}</p>")
        else:
            items = "".join(
                f"<li>{e(c.sentence())}</li>"
                for c in goals.compare_models(model, humans, policy.model)
            )
            out.append(f"<ul class='versus'>{items}</ul>")
    for side in goals.score(model).values():
        lines = "".join(f"<li>{e(o.line())}</li>" for o in side.objectives)
        out.append(f"<p><b>{e(side.sentence())}</b></p><ul class='small'>{lines}</ul>")
    out.append("</section>")
    return "".join(out)


def turning_points(pack: Debrief) -> list[tuple[int, str]]:
    """(week, what happened) for every turning point the record tells, in order: the white
    cell's injects and overrides, large-scale incidents, and the events that turn a game."""
    points: list[tuple[int, str]] = []
    acts = [a for a in white_cell_acts(pack) if a.changes_the_game and a.carried_out]
    for line in pack.record.weeks[: pack.model.week]:
        week = int(line["week"])
        for act in (a for a in acts if a.week == week):  # made as the week began
            why = f" (reason: {act.reason})" if act.reason else ""
            points.append((week, f"White cell: {act.what}{why}"))
        for inc in line.get("incidents", []):
            if inc.get("level") == 3 and inc.get("week") == week:
                where = f" in sector {inc.get('sector')}" if inc.get("sector") else ""
                points.append((week, f"a {LEVELS[3]} by {inc.get('perpetrator')}{where}"))
        for event in line.get("events", []):
            if event.get("kind") in TURNING_POINT_KINDS:
                points.append((week, str(event.get("text", ""))))
    return points


# -- the white cell's acts -----------------------------------------------------------------------
ROOM_ACT_WORDS = {"pause": "paused the game", "resume": "resumed the game"}


@dataclass(frozen=True)
class WhiteCellAct:
    """One act of the white cell (the umpire) as the record keeps it, in words."""

    given: int  # the week it was given before
    week: int  # the week it was due in (a pause or resume: the week it was given before)
    kind: str
    what: str  # in plain words, with names, without its week or reason
    reason: str  # "" when none was written
    carried_out: bool  # False: due after the last week the record replays

    @property
    def changes_the_game(self) -> bool:
        """An inject or an override (a pause or resume changes nothing in the game)."""
        return self.kind not in ROOM_ACT_WORDS


def white_cell_acts(pack: Debrief) -> list[WhiteCellAct]:
    """Every act the white cell gave in the game, in the order given."""
    out = []
    for given in sorted(pack.record.acts):
        for line in pack.record.acts_before(given):
            act = line.get("act")
            if not isinstance(act, Mapping):
                continue  # an unreadable act: the verification (in 'about') says so
            kind = str(act.get("kind", "?"))
            at = act.get("at", given)
            week = at if isinstance(at, int) and not isinstance(at, bool) else given
            reason = act.get("reason")
            out.append(
                WhiteCellAct(
                    given=given,
                    week=week,
                    kind=kind,
                    what=act_words(act, pack.model),
                    reason=reason.strip() if isinstance(reason, str) else "",
                    carried_out=kind in ROOM_ACT_WORDS or week <= pack.model.week,
                )
            )
    return out


def act_words(act: Mapping[str, Any], model: CeasefireModel) -> str:
    """A white-cell act in plain words with names, not ids (its week and reason left out)."""
    kind = act.get("kind")
    if isinstance(kind, str) and kind in ROOM_ACT_WORDS:
        return ROOM_ACT_WORDS[kind]
    named = {k: v for k, v in act.items() if k not in ("at", "reason")}
    if "side" in named:
        named["side"] = _actor_name(model, named["side"])
    if "nation" in named:
        named["nation"] = _actor_name(model, named["nation"])
    if "sector" in named:
        named["sector"] = _sector_name(model, named["sector"])
    if isinstance(named.get("to"), list):
        named["to"] = [_actor_name(model, a) for a in named["to"]]
    if isinstance(named.get("casualties"), Mapping):
        named["casualties"] = {_actor_name(model, k): v for k, v in named["casualties"].items()}
    words = describe_act(named).removesuffix(" because: None")
    incident = act.get("incident")
    if (
        kind == "override"
        and isinstance(incident, int)
        and 0 < incident <= len(model.log.incidents)
    ):
        words += f", the {model.incident_label(model.log.incidents[incident - 1])}"
    return words


def _actor_name(model: CeasefireModel, actor_id: Any) -> str:
    actor = model.actors.get(actor_id) if isinstance(actor_id, str) else None
    name = getattr(actor, "name", None)
    if kind_of(str(actor_id)) == "nation" and isinstance(name, str):
        return name
    return display_name(actor_id) if isinstance(actor_id, str) else str(actor_id)


def _sector_name(model: CeasefireModel, sector: Any) -> str:
    try:
        return model.sector_label(sector)
    except (KeyError, TypeError):  # a sector this map does not have (an unverified record)
        return f"sector {sector}"


def _white_cell(pack: Debrief) -> str:
    acts = white_cell_acts(pack)
    out = ["<section id='white-cell'><h2>White-cell acts</h2>"]
    if not acts:
        out.append("<p>None: the white cell (the umpire) did not act in this game.</p>")
    else:
        rows = []
        for a in acts:
            when = f" (given before week {a.given})" if a.week != a.given else ""
            if not a.carried_out:
                when += f" (not carried out: the game replays only to week {pack.model.week})"
            rows.append(
                f"<tr class='act'><td class='num'>{e(a.week)}</td><td>{e(a.what + when)}</td>"
                f"<td>{e(a.reason or 'none given')}</td></tr>"
            )
        out.append(
            "<table><tr><th>Week</th><th>What the white cell did</th><th>Reason</th></tr>"
            + "".join(rows)
            + "</table>"
        )
    out.append("</section>")
    return "".join(out)


def _turning_points(pack: Debrief, notes: Notes | None) -> str:
    points = turning_points(pack)
    marked = [n for n in (notes or []) if n.mark == "turning_point"]
    out = ["<section id='turning-points'><h2>Turning points</h2>"]
    if not points and not marked:
        out.append("<p>No turning point: a quiet game.</p>")
    else:
        items = [(w, e(text)) for w, text in points]
        items += [(n.week, f"<span class='mark'>Trainer:</span> {e(n.text)}") for n in marked]
        items.sort(key=lambda item: item[0])
        out.append(
            "<ul>" + "".join(f"<li><b>Week {e(w)}</b>: {text}</li>" for w, text in items) + "</ul>"
        )
    out.append("</section>")
    return "".join(out)


def _decisions(pack: Debrief, notes: Notes | None) -> str:
    out = ["<section id='decisions'><h2>Decisions taken by people</h2>"]
    if not pack.decisions:
        out.append("<p>No decision taken by a person here: policies decided.</p>")
    lines = {int(line["week"]): line for line in pack.record.weeks}
    for d in pack.decisions:
        who = display_name(d.actor)
        out.append(f"<div class='decision' id='decision-{e(d.week)}-{e(d.actor)}'>")
        out.append(f"<h3>Week {e(d.week)}: {e(who)} decided</h3>")
        chosen = describe_actions(d.chosen, pack.model)
        out.append(f"<p>Chose: <span class='chosen'>{e(chosen)}</span></p>")
        out.append("<p><b>Could have done</b></p>" + _legal(d, pack.model))
        out.append("<p><b>What it knew (its intelligence picture)</b></p>")
        out.append(observation_html(d.observation))
        out.append("<p><b>What followed</b></p>" + _followed(d, lines))
        on = [n for n in (notes or []) if n.week == d.week and n.actor in ("", d.actor)]
        if on:
            out.append("<p><b>Trainer's notes</b></p>" + _note_list(on))
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def describe_actions(actions: Sequence[Mapping[str, Any]], model: CeasefireModel) -> str:
    """Actions in words, places and nations by name: 'violate (level 1, sector 5 Svatove axis
    (Makiivka) (Luhansk)); hybrid (United Kingdom)', or 'no action'."""
    parts = []
    for action in actions:
        params = ", ".join(
            str(_named(model, k, v)) if k in _NAMED else f"{k} {v}"
            for k, v in action.items()
            if k != "type"
        )
        kind = str(action.get("type")).replace("_", " ")
        parts.append(f"{kind} ({params})" if params else kind)
    return "; ".join(parts) or "no action"


_NAMED = ("sector", "to", "target")  # parameters whose values the game names


def _named(model: CeasefireModel, param: str, value: Any) -> Any:
    """A parameter's value by name where the game names it (a sector, a place, a nation)."""
    if param == "sector":
        return _sector_name(model, value)
    if param == "to" and isinstance(value, str):
        return _sector_name(model, value) if value in model.map.sector_ids else value
    if param == "target":
        return _actor_name(model, value)
    return value


def _legal(d: PersonDecision, model: CeasefireModel) -> str:
    helps = ACTION_TYPES.get(kind_of(d.actor), {})
    rows = [("no action", "Doing nothing is always allowed.")]
    for kind, params in d.legal.items():
        allowed = "; ".join(
            f"{p}: "
            + ("any whole number" if v is None else short_list([_named(model, p, x) for x in v]))
            for p, v in params.items()
        )
        limit = f" At most {d.limits[kind]} a week." if kind in d.limits else ""
        found = helps.get(kind)
        what = (found.help if found is not None else "") + limit
        rows.append((kind, f"{what} {'(' + allowed + ')' if allowed else ''}".strip()))
    return _table(rows)


def short_list(values: Sequence[Any]) -> str:
    """A list in words, cut after MAX_LIST items."""
    shown = ", ".join(_plain(v) for v in values[:MAX_LIST])
    more = len(values) - MAX_LIST
    return f"{shown} and {more} more" if more > 0 else shown or "none"


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def observation_html(observation: Mapping[str, Any]) -> str:
    """An observation as tables people read: facts, values by sector, reports."""
    facts: list[tuple[str, Any]] = []
    lists: list[str] = []
    for key, value in observation.items():
        label = str(key).replace("_", " ")
        if isinstance(value, Mapping):
            facts.append((label, _mapping_text(value)))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            lists.append(f"<p class='small'>{e(label)} ({len(value)})</p>" + _records_table(value))
        elif isinstance(value, list):
            facts.append((label, short_list(value) if value else "none"))
        else:
            facts.append((label, _plain(value)))
    return _table(facts) + "".join(lists)


def _mapping_text(value: Mapping[str, Any]) -> str:
    if not value:
        return "none"
    items = list(value.items())
    distinct = {repr(v) for _, v in items}
    if len(items) > 3 and len(distinct) == 1 and not isinstance(items[0][1], Mapping):
        return f"{_plain(items[0][1])} in each of {len(items)} ({items[0][0]} to {items[-1][0]})"
    return "; ".join(
        f"{k}: {_mapping_text(v) if isinstance(v, Mapping) else _plain(v)}" for k, v in items
    )


def _records_table(rows: Sequence[Mapping[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [str(k) for k in row if str(k) not in columns]
    head = "".join(f"<th>{e(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows[: MAX_LIST * 2]
    )
    more = len(rows) - MAX_LIST * 2
    tail = f"<p class='small'>and {more} more</p>" if more > 0 else ""
    return f"<table><tr>{head}</tr>{body}</table>{tail}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return _mapping_text(value)
    if isinstance(value, list):
        return short_list(value)
    return _plain(value)


def _followed(d: PersonDecision, lines: Mapping[int, Mapping[str, Any]]) -> str:
    items = []
    for week in range(d.week, d.week + FOLLOW_WEEKS + 1):
        line = lines.get(week)
        if line is None:
            break
        for event in line.get("events", []):
            items.append(f"<li>Week {e(week)}: {e(event.get('text', ''))}</li>")
    if not items:
        return f"<p>Nothing of note in weeks {d.week}-{d.week + FOLLOW_WEEKS}.</p>"
    return "<ul>" + "".join(items[: MAX_LIST * 2]) + "</ul>"


def _notes(notes: Notes | None) -> str:
    out = ["<section id='notes'><h2>Trainer's notes</h2>"]
    if notes is None or not len(notes):
        out.append("<p>No notes on this game.</p>")
    else:
        out.append(_note_list(list(notes)))
    out.append("</section>")
    return "".join(out)


def _note_list(notes: Sequence[Any]) -> str:
    items = []
    for n in notes:
        on = f", {display_name(n.actor)}'s decision" if n.actor else ""
        items.append(
            f"<li class='note'><b>Week {e(n.week)}{e(on)}</b> "
            f"<span class='mark'>[{e(n.mark_label)}]</span>: {e(n.text)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def _charts(model: CeasefireModel) -> str:
    from wargame.play.export import plot_pngs, weekly_frame

    out = ["<section id='charts'><h2>Charts</h2>"]
    for name, png in plot_pngs(weekly_frame(model), dpi=CHART_DPI).items():
        data = base64.b64encode(png).decode("ascii")
        alt = name.removesuffix(".png")
        out.append(f"<img class='chart' alt='{e(alt)} chart' src='data:image/png;base64,{data}'>")
    out.append("</section>")
    return "".join(out)


def _table(rows: Sequence[tuple[Any, Any]]) -> str:
    body = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"
