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

# ASSUMED (UI only): the scenarios carry no calendar date, so week 1 starts on this Monday, the
# first Monday of 2027, a hypothetical ceasefire after the AIV's advice of July 2026 (000). It
# changes only how weeks are labelled, never a game.
CEASEFIRE_START = date(2027, 1, 4)

LEVEL_WORDS = {1: "level 1", 2: "level 2", 3: "level 3"}
LEVEL_TEXT = {level: f"{LEVEL_WORDS[level]} ({name})" for level, name in LEVELS.items()}

# What each response mode risks and costs, in one line (from the engine's rules: combat.py's
# punishment strike and escalation, views.answered_rate's scores, force_commander.act_respond).
MODE_LINES = {
    "none": "No answer: costs nothing now, but the violator sees the incident go unanswered.",
    "signal": (
        "A public warning: no troops at risk; the violator counts it as a weak answer "
        "(less deterrence than force)."
    ),
    "denial": (
        "Send forces to defend the sector: a full answer that deters, but coalition troops "
        "fight there and may take casualties."
    ),
    "punishment": (
        "Strike back at the violator: a full answer that costs Russia troops, but it raises "
        "escalation toward a wider war."
    ),
}
MINISTERS_LINE = " Without pre-delegated authority it waits for the ministers first."
REPORTS_SHOWN = 6  # the latest attributions listed; older ones are counted
SLOW_MODES = frozenset({"denial", "punishment"})

NO_PATROL_LINE = (
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
            return f"{self.hubs[key]} (hub)"
        return f"hub {key}"

    def sector(self, sector: str | None) -> str:
        """'sector 3 Name (Oblast)' for a sector id; 'the rear' for none."""
        if sector is None:
            return "the rear"
        return self.sectors.get(sector, str(sector))

    def nation(self, code: str) -> str:
        """A nation's name for its code."""
        return self.nations.get(code, str(code).upper())

    def actor(self, actor_id: str) -> str:
        """An actor's name: a fixed actor's display name, a nation's name."""
        return self.nations.get(actor_id) or display_name(actor_id)


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


def day_text(day: date) -> str:
    """'4 Jan 2027'."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


def week_dates(week: int, start: date = CEASEFIRE_START) -> str:
    """'4–10 Jan 2027': the days of a week (Monday to Sunday)."""
    first = week_start(week, start)
    last = first + timedelta(days=6)
    if first.month == last.month:
        return f"{first.day}–{day_text(last)}"
    if first.year == last.year:
        return f"{first.day} {first.strftime('%b')} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"


def week_label(week: int, start: date = CEASEFIRE_START) -> str:
    """'week 5 (1–7 Feb 2027)'."""
    return f"week {week} ({week_dates(week, start)})"


# -- incidents ---------------------------------------------------------------------------------
def belief(incident: Mapping[str, Any], observation: Mapping[str, Any], names: Names) -> str:
    """Who the actor believes did it and how sure, from its own observation only."""
    who = incident.get("assessed_perpetrator", incident.get("attributed_to"))
    if who is None:
        return "nobody has been attributed yet"
    if "attributed_to" in incident:  # the monitor's own detections: attributed by itself
        return f"you attributed it to {names.actor(who)}"
    reports = {r.get("id"): r for r in observation.get("monitor_reports", [])}
    report = reports.get(incident.get("id"))
    if report is not None and report.get("attributed_to") == who:
        return f"the monitors attributed it to {names.actor(who)} (validated)"
    return f"US intelligence assesses {names.actor(who)} (not validated by the monitors)"


def incident_sentence(
    incident: Mapping[str, Any],
    observation: Mapping[str, Any],
    names: Names,
    known: str | None = None,
) -> str:
    """An incident in one sentence: number, level, where, when, who is believed responsible
    (`known`: what the actor knows for certain instead, e.g. that it is its own offensive)."""
    level = LEVEL_TEXT.get(incident.get("level", 0), f"level {incident.get('level')}")
    when = f", {week_label(incident['week'], names.start)}" if "week" in incident else ""
    text = (
        f"Incident {incident.get('id')}: a {level} in {names.sector(incident.get('sector'))}"
        f"{when}; {known or belief(incident, observation, names)}."
    )
    responded = incident.get("responded")
    if responded:
        text += f" You answered it with {responded}."
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
    line = MODE_LINES.get(mode, f"{mode.replace('_', ' ')}.")
    if delegated is False and mode in SLOW_MODES:
        line += MINISTERS_LINE
    return line


# -- orders ------------------------------------------------------------------------------------
def order_sentence(action: Mapping[str, Any], names: Names) -> str:
    """An order in one sentence."""
    kind = action.get("type")
    if kind == "respond":
        return f"Answer incident {action.get('incident')} with {action.get('mode')}."
    if kind == "move_unit":
        return f"Move unit {action.get('unit')} to {names.place(action.get('to'))}."
    if kind == "violate":
        level = LEVEL_TEXT.get(action.get("level", 0), f"level {action.get('level')}")
        return f"Start a {level} in {names.sector(action.get('sector'))}."
    if kind == "hybrid":
        return f"Mount a hybrid attack on {names.nation(action.get('target', ''))}."
    if kind == "harass_monitor":
        return f"Harass the monitors in {names.sector(action.get('sector'))}."
    if kind == "halt":
        return f"Call off offensive {action.get('incident')}."
    if kind == "reinforce":
        return f"Reinforce {names.sector(action.get('sector'))} from the reserves."
    if kind == "irregular_op":
        return (
            f"An irregular operation, level {action.get('level')}, in "
            f"{names.sector(action.get('sector'))}."
        )
    if kind == "patrol":
        return f"Send a monitoring team to {names.sector(action.get('sector'))}."
    if kind == "set_commitment":
        level = str(action.get("level"))
        return f"Set the US commitment to {COMMITMENT_TEXT.get(level, level)}."
    if kind == "leave":
        return "Leave the coalition."
    rest = ", ".join(f"{k} {v}" for k, v in action.items() if k != "type")
    return f"{str(kind).replace('_', ' ').capitalize()}{': ' + rest if rest else ''}."


COMMITMENT_TEXT = {
    "none": "nothing",
    "c4isr": "C4ISR (intelligence and command links)",
    "backstop": "the backstop (escalation dominance behind the force)",
}


def value_label(param: str, value: Any, names: Names) -> str:
    """How a parameter's value is shown in a form: a sector or nation by name."""
    if param == "sector" and str(value) in names.sectors:
        return names.sector(str(value))
    if param == "to":
        return names.place(value)
    if param == "target":
        return names.nation(str(value))
    if param == "level" and isinstance(value, int):
        return LEVEL_TEXT.get(value, str(value))
    if param == "level" and value in COMMITMENT_TEXT:
        return COMMITMENT_TEXT[value]
    return str(value)


# -- the intelligence picture ------------------------------------------------------------------
def _count(n: float) -> str:
    return f"{round(n):,}"


def _troops_by_sector(values: Mapping[str, float], names: Names) -> str:
    if not values:
        return "none seen"
    total = sum(values.values())
    top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    strongest = "; ".join(f"{names.sector(s)}: {_count(v)}" for s, v in top)
    return f"{_count(total)} in {len(values)} sectors (strongest: {strongest})"


def _nation_list(codes: list[str], names: Names) -> str:
    return f"{len(codes)}: " + ", ".join(names.nation(c) for c in codes) if codes else "none"


def _incident_list(
    items: list[Mapping[str, Any]],
    obs: Mapping[str, Any],
    names: Names,
    known: str | None = None,
) -> list[str]:
    if not items:
        return ["none"]
    return [incident_sentence(i, obs, names, known) for i in items]


def _reports(items: list[Mapping[str, Any]], names: Names) -> list[str]:
    if not items:
        return ["none in the last 26 weeks"]
    shown = items[-REPORTS_SHOWN:]
    older = len(items) - len(shown)
    lines = [f"({older} older ones not shown)"] if older else []
    lines += [
        f"Incident {r.get('id')} ({LEVEL_WORDS.get(r.get('level', 0), 'level ?')}, "
        f"{names.sector(r.get('sector'))}, week {r.get('week')}): "
        f"{names.actor(r.get('attributed_to', ''))}."
        for r in shown
    ]
    return lines


def _units(units: list[Mapping[str, Any]], names: Names) -> str:
    if not units:
        return "none"
    mobile = sum(1 for u in units if u.get("mobile"))
    troops = sum(u.get("troops", 0) for u in units)
    kind = f"{mobile} mobile" if mobile else "none mobile"
    return f"{len(units)} units ({kind}), {_count(troops)} troops"


def _posture(p: Mapping[str, Any]) -> str:
    words = [str(p.get(k, "?")).replace("_", " ") for k in ("option", "spacing")]
    return (
        f"{words[0]} ({words[1]} spacing); responds by {p.get('response', '?')}; "
        f"{str(p.get('employment', '?')).replace('_', ' ')} employment"
    )


Row = Callable[[Any, Mapping[str, Any], "Names"], "str | list[str]"]


def _replaced(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return str(value).replace("_", " ")


def _commitment(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return COMMITMENT_TEXT.get(value, str(value))


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
        return _incident_list(value, o, names, belief)

    return row


def _authority(value: Any, o: Mapping[str, Any], names: Names) -> str:
    if value:
        return "yes: denial and punishment act at once"
    return "no: denial and punishment wait for the ministers"


def _wills(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return ", ".join(f"{names.nation(c)} {w:.2f}" for c, w in value.items()) or "none"


# Each observation key the card knows: its label and how its value reads in words. A key not
# here is summarised by `_plain`; the week, horizon and sector list are shown elsewhere.
INTEL_ROWS: dict[str, tuple[str, Row]] = {
    "posture": ("Coalition posture", lambda v, o, n: _posture(v)),
    "us_commitment": ("US commitment", _commitment),
    "own_commitment": ("Your commitment", _commitment),
    "monitor_access": ("Monitors' access", _replaced),
    "access": ("Your teams' access", _replaced),
    "coalition_presence": ("Coalition troops on the line", _troops),
    "coalition_nearby": ("Coalition mobile troops within reach", _troops),
    "coalition_troops_deployed": ("Coalition troops deployed", lambda v, o, n: _count(v)),
    "nations_in_coalition": ("Nations in the coalition", lambda v, o, n: _nation_list(v, n)),
    "coalition_cohesion": ("Coalition cohesion (0–1)", _share),
    "ukraine_quality_visible": ("Ukraine's visible quality", _share),
    "escalation_level": ("Escalation (0–1)", _share),
    "monitor_reports": ("Monitors' published attributions", lambda v, o, n: _reports(v, n)),
    "units": ("Your units", lambda v, o, n: _units(v, n)),
    "known_incidents": ("Incidents you know of", _incidents()),
    "detected": ("Incidents your teams detected", _incidents()),
    "own_active_incidents": ("Your offensives under way", _incidents("your own, fighting on")),
    "attacks_on_us": ("Russian attacks on you", _incidents("Russia attacked you")),
    "delegated_authority": ("Pre-delegated authority", _authority),
    "nations_will": ("Nations' will to stay (0–1)", _wills),
    "own_troops": ("Your troops on the line", _troops),
    "ukraine_troops_visible": ("Ukrainian troops seen", _troops),
    "russian_troops_visible": ("Russian troops seen", _troops),
    "own_reserves": ("Your reserves", lambda v, o, n: _count(v)),
    "hybrid_targets": ("Nations open to hybrid attack", lambda v, o, n: _nation_list(v, n)),
    "harassed_this_week": (
        "Sectors where your teams were harassed",
        lambda v, o, n: _sector_list(v, n),
    ),
    "teams": ("Monitoring teams", lambda v, o, n: str(v)),
    "answered_rate": (
        "Share of your recent violations the force answered",
        lambda v, o, n: f"{v:.0%}",
    ),
    "force_shared": ("What the Force Commander shared", lambda v, o, n: _shared(v)),
}
SHOWN_ELSEWHERE = ("week", "horizon_weeks", "sectors")


def intel_rows(observation: Mapping[str, Any], names: Names) -> list[tuple[str, list[str]]]:
    """An observation as (what, the lines the actor knows of it) rows in words; unknown keys
    summarised in one line."""
    rows: list[tuple[str, list[str]]] = []
    for key, value in observation.items():
        if key in SHOWN_ELSEWHERE:
            continue
        label, reads = INTEL_ROWS.get(key, (key.replace("_", " ").capitalize(), _unknown))
        text = reads(value, observation, names)
        rows.append((label, [text] if isinstance(text, str) else text))
    return rows


def _unknown(value: Any, o: Mapping[str, Any], names: Names) -> str:
    return _plain(value, names)


def _sector_list(sectors: list[str], names: Names) -> str:
    return "; ".join(names.sector(s) for s in sectors) or "none"


def _shared(value: Mapping[str, Any]) -> str:
    return (
        f"{_count(value.get('deployed', 0))} troops deployed, "
        f"{value.get('known_incidents', 0)} known incidents, "
        f"{_count(value.get('coalition_casualties', 0))} coalition casualties, "
        f"{value.get('tripwires', 0)} tripwires, {value.get('strikes', 0)} strikes"
    )


def _plain(value: Any, names: Names) -> str:
    """A value not known to the card, in words (ids named where they are sectors or nations)."""
    if isinstance(value, Mapping):
        parts = [f"{_name_of(k, names)}: {_plain(v, names)}" for k, v in list(value.items())[:8]]
        more = f" … ({len(value)} in all)" if len(value) > 8 else ""
        return ("; ".join(parts) + more) or "none"
    if isinstance(value, list):
        return ", ".join(_plain(v, names) for v in value[:8]) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
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
SETTING_WORDS = {"years": "Years"}


def _setting(name: str) -> str:
    return SETTING_WORDS.get(name, name.replace(".", " ").replace("_", " "))


def browser_wording(message: str) -> str:
    """An error in the words of the page, not the command line's: '--set years=-1.0: years:
    must be ...' becomes 'Years: must be ...', any other '--set x=1' becomes 'x = 1'."""
    message = _SET_REPEATED.sub(lambda m: f"{_setting(m.group(1))}: ", message)
    return _SET_OPTION.sub(lambda m: f"{_setting(m.group(1))} = {m.group(2)}", message)
