"""A record's format: its version, header fields, line checks, seals, and a week line's story.

A record is a header line (format version, package version, the fully resolved scenario, the
map's id and hash, the seed, every actor's policy), one line per completed week (every actor's
actions, who decided as a person, the week's events and incidents, a digest of the model state
chained on the last week's, a seal) and, once the game is over, a footer with the outcome.
Every line carries a short check that chains it to the line before, so an edit is found and
named by its week. The seal binds each part of a line (and, in week 1, each header field) to
the replayed state, so an edit is found even when its editor recomputed the checks. See
docs/records.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
from collections.abc import Mapping
from typing import Any

from wargame.config.maps import MAX_LINE_KM as MAP_MAX_LINE_KM
from wargame.config.maps import MAX_SECTORS
from wargame.engine.model import CeasefireModel
from wargame.errors import WargameError

FORMAT = "wargame-record"
FORMAT_VERSION = 4
# Each format came with rules of its own: 3 with those of issue 15 (build-ups, Russia's beliefs,
# fighting for ground), 4 with the nations' fatigue from the mission's burden and their elections
# (and week digests chained, `week_state`). A record of an older format was played under other
# rules and cannot replay under these: `RULES_BEFORE` says what it lacks.
OLDEST_REPLAYABLE = 4
RULES_BEFORE = {
    1: "build-ups, Russia's beliefs and fighting for ground",
    2: "build-ups, Russia's beliefs and fighting for ground",
    3: "the nations' fatigue from the mission's burden and their elections",
}
MADE_BY = {1: "0.1.0", 2: "0.1.0", 3: "0.2.0"}  # the wargame that wrote each older format
SUFFIX = ".wgr.jsonl"
# The parts of a week line its seal binds to the state (format 2), and what they are in words.
SEALED_PARTS = {
    "actions": "the actions",
    "humans": "who decided as a person (humans)",
    "policy_changes": "the policy switches (policy_changes)",
    "events": "the events",
    "incidents": "the incidents",
}
WEEK_KEYS = frozenset({"type", "week", *SEALED_PARTS, "digest", "seal", "check"})
SEAL_SIZE = 16  # hex digits of a seal entry
LEAF_SEAL_SIZE = 8  # of a header field's entry: there are a few hundred, only to name an edit
# Bounds on a generated map a header may ask for (a record must not make the replay build a
# huge map: 200,000 sectors took 1.4 GB). 240 sectors is the largest the benchmarks play.
MAX_GENERATED_SECTORS = MAX_SECTORS
MAX_LINE_KM = MAP_MAX_LINE_KM
# Header fields whose fingerprints are kept, so an edit to one of them is named.
HEADER_FIELDS = ("wargame_version", "scenario", "map", "seed", "policies", "humans")
# Incident fields copied into a week's line when the incident changed that week.
INCIDENT_FIELDS = (
    "id",
    "week",
    "level",
    "kind",
    "perpetrator",
    "sector",
    "target",
    "outcome",
    "detected_week",
    "attributed_week",
    "attributed_to",
    "ukraine_response",
    "force_response",
    "force_response_week",
    "tripwire",
)
_WEEK_FIELDS = ("week", "detected_week", "attributed_week", "force_response_week", "ended_week")
_week_fields_of = operator.attrgetter(*_WEEK_FIELDS)


# The white cell's line: an act of the umpire, given before the week `week` began (see
# docs/records.md). Pause and resume change nothing in the game; the other acts are the engine's.
WHITE_CELL = "white_cell"
WHITE_CELL_KEYS = frozenset({"type", "week", "act", "seal", "check"})
ROOM_ACTS = ("pause", "resume")


def act_seal(model: CeasefireModel, act: Mapping[str, Any]) -> dict[str, str]:
    """A white-cell line's seal: its act bound to the state before it was given."""
    return seal(state_hash(model), {"act": act})


def white_cell_line(model: CeasefireModel, act: Mapping[str, Any]) -> dict[str, Any]:
    """The record line of a white-cell act given now, before the next week (without its check)."""
    return {
        "type": WHITE_CELL,
        "week": model.week + 1,
        "act": dict(act),
        "seal": act_seal(model, act),
    }


class RecordError(WargameError):
    """A record file cannot be read, or does not replay as it was recorded."""


# -- hashing ---------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)  # numpy scalars a policy may return
    if callable(item):
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON-able: {value!r}")


# One encoder for every `canonical` text: json.dumps with these options builds a new one a call.
_ENCODE = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
).encode


def canonical(value: Any) -> str:
    """The one JSON text of a value (sorted keys, no spaces) that hashes and diffs stably."""
    return _ENCODE(value)


def fingerprint(value: Any) -> str:
    """A short hash of one value."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:16]


def line_check(previous: str, line: Mapping[str, Any]) -> str:
    """The check of a line: a hash of the previous line's check and this line without its own."""
    body = {k: v for k, v in line.items() if k != "check"}
    return hashlib.sha256((previous + canonical(body)).encode()).hexdigest()[:16]


def canonical_of_texts(texts: Mapping[str, str]) -> str:
    """`canonical(d)` of a dict with str keys, given each value's own `canonical` text.

    The same text: sorted keys, each as JSON with ensure_ascii off, ":" and "," between.
    """
    return "{" + ",".join(f"{_key_text(k)}:{texts[k]}" for k in sorted(texts)) + "}"


@functools.lru_cache(maxsize=256)
def _key_text(key: str) -> str:
    """A dict key as `canonical` writes it (the keys of a line are a few, met every week)."""
    return _ENCODE(key)


def checked_line_text(
    previous: str, line: Mapping[str, Any], known: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """`canonical({**line, "check": check})` and `check = line_check(previous, line)`, with
    each value of the line encoded once (`known`: some values' texts, already encoded)."""
    known = known or {}
    texts = {k: known[k] if k in known else canonical(v) for k, v in line.items() if k != "check"}
    check = hashlib.sha256((previous + canonical_of_texts(texts)).encode()).hexdigest()[:16]
    texts["check"] = canonical(check)
    return canonical_of_texts(texts), check


def state_hash(model: CeasefireModel, version: int = FORMAT_VERSION) -> Any:
    """The SHA-256 hasher fed with the model's whole state text (version 1 for records of
    format 1, else 2); `.copy()` to extend. Seals the start, the white cell's acts, the footer."""
    return model.state_hasher(version)  # = sha256(model.state_text(version).encode())


def week_state(model: CeasefireModel, previous: str) -> Any:
    """The SHA-256 hasher whose hex digest is a week line's `digest`; its seal extends a copy.

    Chained (format 4): `sha256(previous + model.week_state_text())` with `previous` the last
    week's digest ("" before week 1), so its cost follows the week's changes, not the game's
    length. (Formats 1-3, which hashed the whole state, are refused on reading.)
    """
    return model.week_state_hasher(previous)


def seal(state: Any, parts: Mapping[str, Any], size: int = SEAL_SIZE) -> dict[str, str]:
    """Per part, a hash of the state text followed by the part's name and value.

    Nobody can make a matching entry for an edited part without the state, that is without
    re-simulating the game; a replay recomputes each entry and names the parts that differ.
    """
    return seal_texts(state, {name: canonical(value) for name, value in parts.items()}, size)


def seal_texts(state: Any, texts: Mapping[str, str], size: int = SEAL_SIZE) -> dict[str, str]:
    """`seal` of parts given as their `canonical` texts."""
    out = {}
    for name, text in texts.items():
        hasher = state.copy()
        hasher.update(f"\x00{name}\x00{text}".encode())
        out[name] = hasher.hexdigest()[:size]
    return out


def line_parts(line: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a week line its seal covers (an absent policy_changes is empty)."""
    return {name: line.get(name, {} if name == "policy_changes" else None) for name in SEALED_PARTS}


def start_seal(model: CeasefireModel, header: Mapping[str, Any]) -> dict[str, str]:
    """Week 1's seal entries for the header: the start state, the header, each header field."""
    state = state_hash(model)
    core = {k: v for k, v in header.items() if k not in ("fingerprints", "check")}
    out = seal(state, {"start": None, "header": core})
    leaves = {f"header.{path}": value for path, value in _leaves(core)}
    out.update(seal(state, leaves, LEAF_SEAL_SIZE))
    return out


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) of every leaf of a tree of dicts (lists and scalars are leaves)."""
    if isinstance(value, dict) and value:
        out: list[tuple[str, Any]] = []
        for key in sorted(value, key=str):
            out += _leaves(value[key], f"{path}{key}.")
        return out
    return [(path.rstrip("."), value)]


def week_story(model: CeasefireModel) -> dict[str, list[dict[str, Any]]]:
    """The week's events, and every incident that started, changed or ended that week."""
    week = model.week
    return {
        "events": [
            {k: v for k, v in vars(e).items() if v is not None} for e in model.events_this_week()
        ],
        "incidents": [
            {k: getattr(i, k) for k in INCIDENT_FIELDS}
            for i in model.log.changed_this_week()  # a week field is set in its week
            if week in _week_fields_of(i)
        ],
    }


def footer_seal(state: Any, footer: Mapping[str, Any]) -> dict[str, str]:
    """The footer's seal: its week count and outcome bound to the final state."""
    return seal(state, {"weeks": footer.get("weeks"), "outcome": footer.get("outcome")})
