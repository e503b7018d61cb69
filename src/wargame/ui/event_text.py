"""The engine's event lines and end details in the page's language, translated at the UI's edge.

The engine writes its events in English (engine/: no interface, no catalogue). Each event kind
has its English sentence templates here, exactly as the engine writes them: a template read as
a pattern takes an event's text apart into its fields, and the same template, as a catalogue
key, puts the Dutch sentence together, each field translated on its own (sides, levels, modes,
outcomes; sector names are data and stay as written). A text no template matches (an umpire's
inject, a kind added later) reads as the engine wrote it. `tests/test_i18n.py` checks that
every kind the engine writes has a template and that real games' lines all match one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import cache

from wargame.ui.i18n import N_, tr

# Event kind -> its sentences, as the engine writes them (a more specific one first).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "incident": (N_("{who}: {level} in {sector}"), N_("{who}: {level}")),
    "response": (N_("the force answered {incident} with {mode}"),),
    "attribution": (N_("{incident} attributed to {side} after {weeks} week(s)"),),
    "harassment": (
        N_("monitors harassed and denied access in {sector}"),
        N_("monitors restricted in {sector}"),
    ),
    "buildup": (N_("Russia starts massing forces behind {sector}"),),
    "stand_down": (
        N_("Russia gives up its build-up behind {sector} after it was seen"),
        N_("Russia gives up its build-up behind {sector}"),
    ),
    "us_commitment": (N_("the United States changes its commitment from {old} to {new}"),),
    "consultation": (N_("{mode} response to {incident} waits {weeks} week(s) for the ministers"),),
    "warning": (
        N_("warning: Russian forces massing behind {sector} ({troops} troops, {weeks} week(s))"),
    ),
    "us_signal": (N_("the United States warns Russia publicly over the build-up behind {sector}"),),
    "halt": (N_("Russia halts the offensive in {sector} ({outcome})"),),
    "front_moved": (N_("the line in {sector} freezes {km} km further west"),),
    "tripwire": (N_("tripwire pulled: coalition troops hit in {sector}"),),
    "nation_left": (N_("{nation} leaves the coalition (will {will})"),),
    "election": (N_("{nation} holds elections (will {before} to {after})"),),
    "end": (N_("game over: {cause}: {detail}"),),
}
# How a game ended, in detail (engine/combat.py's end details; the debrief's "Why").
END_DETAILS: tuple[str, ...] = (
    N_("the reassurance force withdrew when large-scale violations began (001)"),
    N_("breakthrough in {sector} ({km} km deep, week {weeks} of the offensive)"),
    N_("large-scale fighting in {sector} for {weeks} weeks"),
    N_("escalation {level} with coalition troops in combat"),
    N_("escalation {level}: large-scale war resumes"),
    N_("only {left} of {initial} troops remain"),
    N_("the ceasefire held for {weeks} weeks"),
)
# Words the engine puts into its sentences, marked for the catalogue.
OUTCOMES = (N_("local gains"), N_("contained"), N_("halted"))
COMMITMENTS = (N_("none"), N_("c4isr"), N_("backstop"))
_INCIDENT = N_("{level} #{id} in {sector}")


@cache
def pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern: its text literally, each `{field}` a named group."""
    out = []
    for literal, field, _, _ in string.Formatter().parse(template):
        out.append(re.escape(literal))
        if field is not None:
            out.append(f"(?P<{field}>.+?)")
    return re.compile("".join(out), re.DOTALL)


def _fill(templates: tuple[str, ...], text: str) -> str | None:
    """The first template matching `text`, translated with its fields translated (or None)."""
    for template in templates:
        match = pattern(template).fullmatch(text)
        if match:
            fields = {k: FIELDS.get(k, _same)(v) for k, v in match.groupdict().items()}
            return tr(template, **fields)
    return None


def _same(value: str) -> str:
    return value


def sector_text(label: str) -> str:
    """An engine's sector label ('sector 3 Name (Oblast)' is data; 'the rear' is a word)."""
    return tr(label) if label == "the rear" else label


def incident_text(label: str) -> str:
    """An engine's incident label ('limited tactical violation #4 in sector 3 ...')."""
    return _fill((_INCIDENT,), label) or label


def end_detail(detail: str) -> str:
    """How a game ended, in detail, in the page's language (as written if no template fits)."""
    return _fill(END_DETAILS, detail) or detail


def _cause(value: str) -> str:
    return tr(value)


FIELDS: dict[str, Callable[[str], str]] = {
    "sector": sector_text,
    "incident": incident_text,
    "level": lambda v: tr(v),
    "who": lambda v: tr(v),
    "side": lambda v: tr(v),
    "mode": lambda v: tr(v),
    "outcome": lambda v: tr(v),
    "old": lambda v: tr(v),
    "new": lambda v: tr(v),
    "nation": lambda v: tr(v),
    "cause": _cause,
    "detail": end_detail,
}


def event_text(kind: str, text: str) -> str:
    """One event's line in the page's language (the engine's English if no template fits)."""
    return _fill(TEMPLATES.get(kind, ()), text) or text
