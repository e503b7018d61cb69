"""The decision card in words: names for ids, incidents as sentences, modes with their costs,
the intelligence picture as rows, weeks as dates, orders as sentences, errors in browser wording.

Pure functions of an observation (what the commanded actor knows) and `Names` (the map's and
the scenario's public names): nothing here reads the umpire's truth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from wargame.engine.events import LEVELS
from wargame.engine.roster import display_name
from wargame.ui.i18n import N_, tr
from wargame.ui.safe import text as esc

# ASSUMED (UI only): the scenarios carry no calendar date, so week 1 starts on this Monday, the
# first Monday of 2027, a hypothetical ceasefire after the AIV's advice of July 2026 (000). It
# changes only how weeks are labelled, never a game.
CEASEFIRE_START = date(2027, 1, 4)

# engine.events.LEVELS, marked for the catalogue (tests/test_i18n.py checks they match).
LEVEL_NAMES = {
    1: N_("below-threshold/hybrid"),
    2: N_("limited tactical violation"),
    3: N_("large-scale violation"),
}


def level_words(level: Any) -> str:
    """'level 2' in the page's language."""
    return tr("level {level}", level=level)


def level_text(level: Any) -> str:
    """'level 2 (armed incursion)' in the page's language; an unknown level by its number."""
    if level not in LEVELS:
        return level_words(level)
    return f"{level_words(level)} ({tr(LEVELS[level])})"


def mode_name(mode: Any) -> str:
    """A response mode's name in the page's language ('denial' -> 'ontzegging')."""
    return tr(MODE_NAMES.get(str(mode), str(mode).replace("_", " ")))


MODE_NAMES = {
    "none": N_("none"),
    "signal": N_("signal"),
    "denial": N_("denial"),
    "punishment": N_("punishment"),
}

# What each response mode risks and costs, in one line (from the engine's rules: combat.py's
# punishment strike and escalation, views.answered_rate's scores, force_commander.act_respond).
MODE_LINES = {
    "none": N_("No answer: costs nothing now, but the violator sees the incident go unanswered."),
    "signal": N_(
        "A public warning: no troops at risk; the violator counts it as a weak answer "
        "(less deterrence than force)."
    ),
    "denial": N_(
        "Send forces to defend the sector: a full answer that deters, but coalition troops "
        "fight there and may take casualties."
    ),
    "punishment": N_(
        "Strike back at the violator: a full answer that costs Russia troops, but it raises "
        "escalation toward a wider war."
    ),
}
MINISTERS_LINE = N_("Without pre-delegated authority it waits for the ministers first.")
REPORTS_SHOWN = 6  # the latest attributions listed; older ones are counted
SLOW_MODES = frozenset({"denial", "punishment"})

NO_PATROL_LINE = N_(
    "Submitting no patrol means no patrols this week: every team stays in, and incidents are "
    "detected only where the force or others see them."
)


@dataclass(frozen=True)
class Names:
    """The public names of a game: sectors (with place and oblast) and nations."""

    sectors: Mapping[str, str] = field(default_factory=dict)
    nations: Mapping[str, str] = field(default_factory=dict)
    hubs: Mapping[str, str] = field(default_factory=dict)
    start: date = CEASEFIRE_START

    def place(self, place: Any) -> str:
        """A sector's label, or a hub's 'Name (hub)'; an unknown id as it is."""
        key = str(place)
        if key in self.sectors:
            return self.sectors[key]
        if key in self.hubs:
            return tr("{name} (hub)", name=self.hubs[key])
        return tr("hub {id}", id=key)

    # Each lookup keys by the value's text: an edited record may hold any JSON value there.
    def sector(self, sector: Any) -> str:
        """'sector 3 Name (Oblast)' for a sector id; 'the rear' for none."""
        if sector is None:
            return tr("the rear")
        return self.sectors.get(str(sector), str(sector))

    def nation(self, code: Any) -> str:
        """A nation's name for its code (in the page's language where the catalogue has it)."""
        key = str(code)
        return tr(self.nations[key]) if key in self.nations else key.upper()

    def actor(self, actor_id: Any) -> str:
        """An actor's name: a fixed actor's display name, a nation's name."""
        key = str(actor_id)
        return tr(self.nations.get(key) or display_name(key))


# engine.roster.DISPLAY_NAMES, marked for the catalogue (tests/test_i18n.py checks they match).
ACTOR_NAMES = (
    N_("Russia"),
    N_("Ukraine"),
    N_("Monitoring body"),
    N_("United States"),
    N_("Force Commander"),
)


def actor_name(actor_id: str) -> str:
    """A fixed actor's display name in the page's language (a nation's code as it is)."""
    return tr(display_name(actor_id))


def names_of(model: Any) -> Names:
    """The names of a game's map and nations (public: every actor knows the map and members)."""
    sectors = {s: model.sector_label(s) for s in model.map.sector_ids}
    nations = {n.code: n.name for n in model.nations}
    hubs = {h.id: h.name for h in model.map.hubs.values()}
    return Names(sectors, nations, hubs)


# -- weeks and dates ---------------------------------------------------------------------------
def week_start(week: int, start: date = CEASEFIRE_START) -> date:
    """The Monday a week begins on: week 1 begins on the start date."""
    return start + timedelta(weeks=max(week, 1) - 1)


MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


def month(day: date) -> str:
    """A month's short name in the page's language ('Jan'; Dutch 'jan', 'mrt')."""
    return tr(MONTHS[day.month - 1])


def day_text(day: date) -> str:
    """'4 Jan 2027'."""
    return f"{day.day} {month(day)} {day.year}"


def week_dates(week: int, start: date = CEASEFIRE_START) -> str:
    """'4–10 Jan 2027': the days of a week (Monday to Sunday)."""
    first = week_start(week, start)
    last = first + timedelta(days=6)
    if first.month == last.month:
        return f"{first.day}–{day_text(last)}"
    if first.year == last.year:
        return f"{first.day} {month(first)} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"


def week_label(week: int, start: date = CEASEFIRE_START) -> str:
    """'week 5 (1–7 Feb 2027)'."""
    return tr("week {week} ({dates})", week=week, dates=week_dates(week, start))


# -- incidents ---------------------------------------------------------------------------------
def belief(incident: Mapping[str, Any], observation: Mapping[str, Any], names: Names) -> str:
    """Who the actor believes did it and how sure, from its own observation only."""
    who = incident.get("assessed_perpetrator", incident.get("attributed_to"))
    if who is None:
        return tr("nobody has been attributed yet")
    if "attributed_to" in incident:  # the monitor's own detections: attributed by itself
        return tr("you attributed it to {actor}", actor=names.actor(who))
    reports = {r.get("id"): r for r in observation.get("monitor_reports", [])}
    report = reports.get(incident.get("id"))
    if report is not None and report.get("attributed_to") == who:
        return tr("the monitors attributed it to {actor} (validated)", actor=names.actor(who))
    return tr(
        "US intelligence assesses {actor} (not validated by the monitors)",
        actor=names.actor(who),
    )


def incident_sentence(
    incident: Mapping[str, Any],
    observation: Mapping[str, Any],
    names: Names,
    known: str | None = None,
) -> str:
    """An incident in one sentence: number, level, where, when, who is believed responsible
    (`known`: what the actor knows for certain instead, e.g. that it is its own offensive)."""
    level = level_text(incident.get("level"))
    when = f", {week_label(incident['week'], names.start)}" if "week" in incident else ""
    text = tr(
        "Incident {id}: a {level} in {sector}{when}; {belief}.",
        id=incident.get("id"),
        level=level,
        sector=names.sector(incident.get("sector")),
        when=when,
        belief=known or belief(incident, observation, names),
    )
    responded = incident.get("responded")
    if responded:
        text += " " + tr("You answered it with {mode}.", mode=mode_name(responded))
    return text


def open_incidents(observation: Mapping[str, Any], legal: Mapping[str, Any]) -> list[dict]:
    """The Force Commander's incidents it may answer now, in the observation's order."""
    offered = (legal.get("respond") or {}).get("incident") or []
    return [i for i in observation.get("known_incidents", []) if i.get("id") in offered]


def incident_modes(incident: Mapping[str, Any], legal: Mapping[str, Any]) -> list[str]:
    """The modes this incident allows (its own list, within the week's legal modes)."""
    legal_modes = (legal.get("respond") or {}).get("mode") or []
    own = incident.get("modes")
    if own is None:  # an observation without per-incident modes: what the week allows
        return list(legal_modes)
    return [m for m in own if m in legal_modes]


def mode_line(mode: str, delegated: bool | None = None) -> str:
    """What a mode risks and costs, in one line (and the wait for ministers, if any)."""
    line = tr(MODE_LINES[mode]) if mode in MODE_LINES else f"{mode.replace('_', ' ')}."
    if delegated is False and mode in SLOW_MODES:
        line += " " + tr(MINISTERS_LINE)
    return line


# -- orders ------------------------------------------------------------------------------------
def order_sentence(action: Mapping[str, Any], names: Names) -> str:
    """An order in one sentence."""
    kind = action.get("type")
    sector = names.sector(action.get("sector")) if "sector" in action else ""
    if kind == "respond":
        return tr(
            "Answer incident {incident} with {mode}.",
            incident=action.get("incident"),
            mode=mode_name(action.get("mode")),
        )
    if kind == "move_unit":
        return tr(
            "Move unit {unit} to {place}.",
            unit=action.get("unit"),
            place=names.place(action.get("to")),
        )
    if kind == "violate":
        return tr(
            "Start a {level} in {sector}.", level=level_text(action.get("level")), sector=sector
        )
    if kind == "hybrid":
        return tr(
            "Mount a hybrid attack on {nation}.", nation=names.nation(action.get("target", ""))
        )
    if kind == "harass_monitor":
        return tr("Harass the monitors in {sector}.", sector=sector)
    if kind == "prepare":
        return tr("Mass forces behind {sector}.", sector=sector)
    if kind == "stand_down":
        return tr("Give up the build-up behind {sector}.", sector=sector)
    if kind == "restrict_monitor":
        return tr("Restrict the monitors' access in {sector}.", sector=sector)
    if kind == "halt":
        return tr("Call off offensive {incident}.", incident=action.get("incident"))
    if kind == "reinforce":
        return tr("Reinforce {sector} from the reserves.", sector=sector)
    if kind == "irregular_op":
        return tr(
            "An irregular operation, level {level}, in {sector}.",
            level=action.get("level"),
            sector=sector,
        )
    if kind == "patrol":
        return tr("Send a monitoring team to {sector}.", sector=sector)
    if kind == "set_commitment":
        level = str(action.get("level"))
        return tr("Set the US commitment to {level}.", level=commitment_text(level))
    if kind == "leave":
        return tr("Leave the coalition.")
    rest = ", ".join(f"{k} {v}" for k, v in action.items() if k != "type")
    return f"{str(kind).replace('_', ' ').capitalize()}{': ' + rest if rest else ''}."


COMMITMENT_TEXT = {
    "none": N_("nothing"),
    "c4isr": N_("C4ISR (intelligence and command links)"),
    "backstop": N_("the backstop (escalation dominance behind the force)"),
}


def commitment_text(level: str) -> str:
    """A US commitment level in words, in the page's language."""
    return tr(COMMITMENT_TEXT[level]) if level in COMMITMENT_TEXT else level


PARAM_NAMES = {
    "sector": N_("sector"),
    "level": N_("level"),
    "mode": N_("mode"),
    "to": N_("to"),
    "unit": N_("unit"),
    "target": N_("target"),
    "incident": N_("incident"),
}
ACTION_NAMES = {
    "respond": N_("respond"),
    "move_unit": N_("move unit"),
    "violate": N_("violate"),
    "hybrid": N_("hybrid"),
    "harass_monitor": N_("harass monitor"),
    "prepare": N_("prepare"),
    "stand_down": N_("stand down"),
    "halt": N_("halt"),
    "reinforce": N_("reinforce"),
    "irregular_op": N_("irregular op"),
    "restrict_monitor": N_("restrict monitor"),
    "patrol": N_("patrol"),
    "set_commitment": N_("set commitment"),
    "leave": N_("leave"),
}


def param_name(name: str) -> str:
    """An action parameter's name as the form shows it, in the page's language."""
    return tr(PARAM_NAMES[name]) if name in PARAM_NAMES else name


def action_name(kind: str) -> str:
    """An action type's name as the card shows it ('move unit'), in the page's language."""
    return tr(ACTION_NAMES[kind]) if kind in ACTION_NAMES else kind.replace("_", " ")


def value_label(param: str, value: Any, names: Names) -> str:
    """How a parameter's value is shown in a form: a sector or nation by name."""
    if param == "sector" and str(value) in names.sectors:
        return names.sector(str(value))
    if param == "to":
        return names.place(value)
    if param == "target":
        return names.nation(str(value))
    if param == "level" and isinstance(value, int):
        return level_text(value) if value in LEVELS else str(value)
    if param == "level" and value in COMMITMENT_TEXT:
        return commitment_text(value)
    if param == "mode":
        return mode_name(value)
    return str(value)


def legal_text(legal: Mapping[str, Any], limits: Mapping[str, int], names: Names) -> str:
    """What an actor could have done, in words: each action type with its values by name
    ('patrol (at most 4): sector 1 Kupiansk (Kharkiv), ... (24 in all)'), in the page's language."""
    if not legal:
        return tr("nothing (no action was legal)")
    parts = []
    for kind, params in legal.items():
        head = action_name(kind)
        if kind in limits:
            head += " " + tr("(at most {n})", n=limits[kind])
        shown = []
        for param, allowed in (params or {}).items():
            if allowed is None:
                shown.append(f"{param_name(param)}: " + tr("a number"))
                continue
            values = [value_label(param, v, names) for v in allowed]
            more = " … " + tr("({n} in all)", n=len(values)) if len(values) > 4 else ""
            label = param_name(param)
            # 'sector 1 Vovchansk (Kharkiv)' names itself: no 'sector: ' before it.
            said = all(v.startswith(label + " ") for v in values)
            shown.append(("" if said else f"{label}: ") + ", ".join(values[:4]) + more)
        parts.append(head + (": " + "; ".join(shown) if shown else ""))
    return " · ".join(parts)


# -- the intelligence picture ------------------------------------------------------------------
def _count(n: float) -> str:
    return f"{round(n):,}"


def _troops_by_sector(values: Mapping[str, float], names: Names) -> str:
    if not values:
        return tr("none seen")
    total = sum(values.values())
    top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    strongest = "; ".join(f"{names.sector(s)}: {_count(v)}" for s, v in top)
    return tr(
        "{total} in {n} sectors (strongest: {strongest})",
        total=_count(total),
        n=len(values),
        strongest=strongest,
    )


def _nation_list(codes: list[str], names: Names) -> str:
    return f"{len(codes)}: " + ", ".join(names.nation(c) for c in codes) if codes else tr("none")


def _incident_list(
    items: list[Mapping[str, Any]],
    obs: Mapping[str, Any],
    names: Names,
    known: str | None = None,
) -> list[str]:
    if not items:
        return [tr("none")]
    return [incident_sentence(i, obs, names, known) for i in items]


def _reports(items: list[Mapping[str, Any]], names: Names) -> list[str]:
    if not items:
        return [tr("none in the last 26 weeks")]
    shown = items[-REPORTS_SHOWN:]
    older = len(items) - len(shown)
    lines = [tr("({n} older ones not shown)", n=older)] if older else []
    lines += [
        tr(
            "Incident {id} ({level}, {sector}, week {week}): {actor}.",
            id=r.get("id"),
            level=level_words(r.get("level", "?")),
            sector=names.sector(r.get("sector")),
            week=r.get("week"),
            actor=names.actor(r.get("attributed_to", "")),
        )
        for r in shown
    ]
    return lines


def _units(units: list[Mapping[str, Any]], names: Names) -> str:
    if not units:
        return tr("none")
    mobile = sum(1 for u in units if u.get("mobile"))
    troops = sum(u.get("troops", 0) for u in units)
    kind = tr("{n} mobile", n=mobile) if mobile else tr("none mobile")
    return tr("{n} units ({kind}), {troops} troops", n=len(units), kind=kind, troops=_count(troops))


def _posture(p: Mapping[str, Any]) -> str:
    words = [str(p.get(k, "?")).replace("_", " ") for k in ("option", "spacing")]
    return tr(
        "{option} ({spacing} spacing); responds by {response}; {employment} employment",
        option=words[0],
        spacing=words[1],
        response=mode_name(p.get("response", "?")),
        employment=str(p.get("employment", "?")).replace("_", " "),
    )


Row = Callable[[Any, Mapping[str, Any], "Names"], "str | list[str]"]


def _replaced(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return str(value).replace("_", " ")


def _commitment(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return commitment_text(str(value))


def _share(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return f"{value:.2f}"


def _troops(value: Any, o: Mapping[str, Any], names: Names) -> str | list[str]:
    if isinstance(value, Mapping):  # an army's troops by sector
        return _troops_by_sector(value, names)
    return _count(value)  # a nation's troops deployed, in all


def _incidents(belief: str | None = None) -> Row:
    def row(value: Any, o: Mapping[str, Any], names: Names) -> str | list[str]:
        if belief is None:
            return _incident_list(value, o, names)
        return _incident_list(value, o, names, tr(belief))

    return row


def _authority(value: Any, o: Mapping[str, Any], names: Names) -> str:
    if value:
        return tr("yes: denial and punishment act at once")
    return tr("no: denial and punishment wait for the ministers")


def _wills(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return ", ".join(f"{names.nation(c)} {w:.2f}" for c, w in value.items()) or tr("none")


# Each observation key the card knows: its label and how its value reads in words. A key not
# here is summarised by `_plain`; the week, horizon and sector list are shown elsewhere.
INTEL_ROWS: dict[str, tuple[str, Row]] = {
    "posture": (N_("Coalition posture"), lambda v, o, n: _posture(v)),
    "us_commitment": (N_("US commitment"), _commitment),
    "own_commitment": (N_("Your commitment"), _commitment),
    "monitor_access": (N_("Monitors' access"), _replaced),
    "access": (N_("Your teams' access"), _replaced),
    "coalition_presence": (N_("Coalition troops on the line"), _troops),
    "coalition_nearby": (N_("Coalition mobile troops within reach"), _troops),
    "coalition_troops_deployed": (N_("Coalition troops deployed"), lambda v, o, n: _count(v)),
    "nations_in_coalition": (N_("Nations in the coalition"), lambda v, o, n: _nation_list(v, n)),
    "coalition_cohesion": (N_("Coalition cohesion (0–1)"), _share),
    "ukraine_quality_visible": (N_("Ukraine's visible quality"), _share),
    "escalation_level": (N_("Escalation (0–1)"), _share),
    "monitor_reports": (N_("Monitors' published attributions"), lambda v, o, n: _reports(v, n)),
    "units": (N_("Your units"), lambda v, o, n: _units(v, n)),
    "known_incidents": (N_("Incidents you know of"), _incidents()),
    "detected": (N_("Incidents your teams detected"), _incidents()),
    "own_active_incidents": (
        N_("Your offensives under way"),
        _incidents(N_("your own, fighting on")),
    ),
    "attacks_on_us": (N_("Russian attacks on you"), _incidents(N_("Russia attacked you"))),
    "delegated_authority": (N_("Pre-delegated authority"), _authority),
    "nations_will": (N_("Nations' will to stay (0–1)"), _wills),
    "own_troops": (N_("Your troops on the line"), _troops),
    "ukraine_troops_visible": (N_("Ukrainian troops seen"), _troops),
    "russian_troops_visible": (N_("Russian troops seen"), _troops),
    "own_reserves": (N_("Your reserves"), lambda v, o, n: _count(v)),
    "hybrid_targets": (N_("Nations open to hybrid attack"), lambda v, o, n: _nation_list(v, n)),
    "harassed_this_week": (
        N_("Sectors where your teams were harassed"),
        lambda v, o, n: _sector_list(v, n),
    ),
    "teams": (N_("Monitoring teams"), lambda v, o, n: str(v)),
    "answered_rate": (
        N_("Share of your recent violations the force answered"),
        lambda v, o, n: f"{v:.0%}",
    ),
    "force_shared": (N_("What the Force Commander shared"), lambda v, o, n: _shared(v)),
}
SHOWN_ELSEWHERE = ("week", "horizon_weeks", "sectors")


def intel_html(observation: Mapping[str, Any], names: Names) -> str:
    """The intelligence picture as table rows (escaped; one line per incident or report)."""
    return "".join(
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:8px'>{esc(k)}</th>"
        f"<td>{'<br>'.join(esc(line) for line in v)}</td></tr>"
        for k, v in intel_rows(observation, names)
    )


def intel_rows(observation: Mapping[str, Any], names: Names) -> list[tuple[str, list[str]]]:
    """An observation as (what, the lines the actor knows of it) rows in words; unknown keys
    summarised in one line."""
    rows: list[tuple[str, list[str]]] = []
    for key, value in observation.items():
        if key in SHOWN_ELSEWHERE:
            continue
        if key in INTEL_ROWS:
            label, reads = INTEL_ROWS[key]
            label = tr(label)
        else:
            label, reads = key.replace("_", " ").capitalize(), _unknown
        text = reads(value, observation, names)
        rows.append((label, [text] if isinstance(text, str) else text))
    return rows


def _unknown(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return _plain(value, names)


def _sector_list(sectors: list[str], names: Names) -> str:
    return "; ".join(names.sector(s) for s in sectors) or tr("none")


def _shared(value: Mapping[str, Any]) -> str:
    return tr(
        "{deployed} troops deployed, {known} known incidents, {casualties} coalition "
        "casualties, {tripwires} tripwires, {strikes} strikes",
        deployed=_count(value.get("deployed", 0)),
        known=value.get("known_incidents", 0),
        casualties=_count(value.get("coalition_casualties", 0)),
        tripwires=value.get("tripwires", 0),
        strikes=value.get("strikes", 0),
    )


def _plain(value: Any, names: Names) -> str:
    """A value not known to the card, in words (ids named where they are sectors or nations)."""
    if isinstance(value, Mapping):
        parts = [f"{_name_of(k, names)}: {_plain(v, names)}" for k, v in list(value.items())[:8]]
        more = " … " + tr("({n} in all)", n=len(value)) if len(value) > 8 else ""
        return ("; ".join(parts) + more) or tr("none")
    if isinstance(value, list):
        return ", ".join(_plain(v, names) for v in value[:8]) or tr("none")
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return _count(value)
    return _name_of(str(value), names).replace("_", " ")


def _name_of(key: Any, names: Names) -> str:
    k = str(key)
    if k in names.sectors:
        return names.sector(k)
    if k in names.nations:
        return names.nation(k)
    return k.replace("_", " ")


# -- errors ------------------------------------------------------------------------------------
_SET_REPEATED = re.compile(r"--set\s+([\w.]+)=\S+:\s+\1:\s*")
_SET_OPTION = re.compile(r"--set\s+([\w.]+)=(\S+)")
_FLAG = re.compile(r" \(--[a-z][a-z-]*\)")  # "week (--week): ..." names a command-line option
SETTING_WORDS = {"years": N_("Years")}


def _setting(name: str) -> str:
    return (
        tr(SETTING_WORDS[name])
        if name in SETTING_WORDS
        else name.replace(".", " ").replace("_", " ")
    )


def browser_wording(message: str) -> str:
    """An error in the words of the page, not the command line's: '--set years=-1.0: years:
    must be ...' becomes 'Years: must be ...', any other '--set x=1' becomes 'x = 1', and
    'week (--week): ...' becomes 'week: ...'."""
    message = _FLAG.sub("", message)
    message = _SET_REPEATED.sub(lambda m: f"{_setting(m.group(1))}: ", message)
    return _SET_OPTION.sub(lambda m: f"{_setting(m.group(1))} = {m.group(2)}", message)
