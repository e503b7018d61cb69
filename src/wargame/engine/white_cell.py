"""The white cell (the umpire): injects and overrides, checked and applied at the start of a week.

An act is a small dict of plain values (JSON-able, so a record keeps it as it is):

- `{"kind": "incident", "at": W, "side": "russia"|"ukraine", "sector": S, "level": 1|2|3}`
  (Ukraine's irregular operations are of level 1 or 2, as its own actions are);
- `{"kind": "hybrid", "at": W, "nation": CODE}`: a hybrid attack at home on a nation;
- `{"kind": "us_commitment", "at": W, "level": "none"|"c4isr"|"backstop"}`;
- `{"kind": "support_shock", "at": W, "nation": CODE, "delta": D}`: the nation's will moves by
  D (from -1 to 1; the result kept within 0-1);
- `{"kind": "news", "at": W, "text": T, "to": [ACTOR, ...]}`: a news item only those read;
- `{"kind": "override", "at": W, "incident": ID, "reason": R, "outcome": O,
  "casualties": {SIDE: N}}`: an adjudication changed (outcome and/or casualties), with a reason.

`check_act` refuses anything else with one message naming the field and what is allowed;
`apply_due` carries out the acts due in the week that has just begun. Injected incidents go
through the same rules as an actor's (`start_incident`, `hybrid_attack`), so each actor sees them
only as it would see any incident. Nothing here reads files or knows about sessions or records.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from wargame.engine.actors.nation import Nation
from wargame.engine.actors.us import COMMITMENTS
from wargame.engine.events import LEVELS, IncidentKind
from wargame.engine.roster import DISPLAY_NAMES, SIDES, display_name
from wargame.errors import WargameError

if TYPE_CHECKING:
    # the layer below model.py (which imports this module): no import circle, same attributes
    from wargame.engine.measures import Measures as CeasefireModel

ACTOR: Final = "white_cell"  # the `actor` of the events the white cell's acts leave in the log
INJECT_KINDS: Final[tuple[str, ...]] = (
    "incident",
    "hybrid",
    "us_commitment",
    "support_shock",
    "news",
)
ACT_KINDS: Final[tuple[str, ...]] = (*INJECT_KINDS, "override")
OVERRIDE_OUTCOMES: Final[tuple[str, ...]] = ("ended", "halted", "contained", "local_gains")
MAX_TEXT: Final = 500  # characters of a news item
MAX_REASON: Final = 1000  # characters of an override's reason
MAX_CASUALTIES: Final = 1_000_000.0
MAX_ACTS: Final = 1000  # acts a game may hold (a scenario file's list included)
_FIELDS: Final[dict[str, frozenset[str]]] = {
    "incident": frozenset({"kind", "at", "side", "sector", "level"}),
    "hybrid": frozenset({"kind", "at", "nation"}),
    "us_commitment": frozenset({"kind", "at", "level"}),
    "support_shock": frozenset({"kind", "at", "nation", "delta"}),
    "news": frozenset({"kind", "at", "text", "to"}),
    "override": frozenset({"kind", "at", "incident", "reason", "outcome", "casualties"}),
}


class InjectError(WargameError):
    """A white-cell act is invalid; the message names the field and what is allowed."""


@dataclass(frozen=True)
class Context:
    """What an act is checked against: the game's sectors (None: not known yet, e.g. a scenario
    file before its map is loaded), nations, actors, incidents so far, and the first week an act
    may be due in (the next week to be played) and the last (the horizon)."""

    sectors: Collection[str] | None
    nations: Collection[str]
    actors: Collection[str]
    incidents: int = 0
    earliest: int = 1
    horizon: int | None = None


def context_of(model: CeasefireModel) -> Context:
    """The context of a live game: acts are due from the next week on."""
    return Context(
        sectors=model.map.sector_ids,
        nations=[n.code for n in model.nations],
        actors=list(model.actors),
        incidents=len(model.log.incidents),
        earliest=model.week + 1,
        horizon=model.horizon,
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value: Any, field: str, low: int, high: int | None, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InjectError(f"{field}: must be a whole number {what}, got {_short(value)}")
    if value < low or (high is not None and value > high):
        raise InjectError(f"{field}: must be a whole number {what}, got {value}")
    return int(value)


def _number(value: Any, field: str, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InjectError(f"{field}: must be a number {what}, got {_short(value)}")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:  # refuses NaN and infinities
        raise InjectError(f"{field}: must be a number {what}, got {_short(number)}")
    return number


def _one_of(value: Any, field: str, allowed: Collection[Any]) -> Any:
    if isinstance(value, bool) or value not in allowed or not isinstance(value, str | int):
        shown = ", ".join(map(str, allowed)) if len(allowed) <= 40 else f"{len(allowed)} ids"
        raise InjectError(f"{field}: unknown value {_short(value)}; allowed: {shown}")
    return value


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InjectError(f"{field}: must be a non-empty text, got {_short(value)}")
    text = value.strip()
    if len(text) > limit:
        raise InjectError(f"{field}: {len(text):,} characters; at most {limit:,}")
    if any(not (c.isprintable() or c == "\n") for c in text):
        raise InjectError(f"{field}: holds control characters; only printable text")
    return text


def check_act(act: Any, ctx: Context, where: str = "white cell") -> dict[str, Any]:
    """The act in its one normal form, or an InjectError naming the field and what is allowed."""
    if not isinstance(act, Mapping):
        raise InjectError(f"{where}: an act must be a mapping with a 'kind', got {_short(act)}")
    kind = act.get("kind")
    if kind not in ACT_KINDS or not isinstance(kind, str):
        raise InjectError(
            f"{where}.kind: unknown kind {_short(kind)}; allowed: {', '.join(ACT_KINDS)}"
        )
    extra = sorted(set(map(str, act)) - _FIELDS[kind])
    if extra:
        raise InjectError(
            f"{where}: unknown field(s) {', '.join(extra)} for a {kind}; allowed: "
            f"{', '.join(sorted(_FIELDS[kind]))}"
        )
    last = ctx.horizon
    span = f"from {ctx.earliest}" + (f" to {last}" if last is not None else " on")
    at = act.get("at", ctx.earliest)
    if isinstance(at, int | float) and not isinstance(at, bool) and at < ctx.earliest:
        raise InjectError(
            f"{where}.at: week {_short(at)} is in the past; an act is due in a week {span}"
        )
    out: dict[str, Any] = {
        "kind": kind,
        "at": _whole(at, f"{where}.at", ctx.earliest, last, f"(a week {span})"),
    }
    if kind == "incident":
        out["side"] = _one_of(act.get("side"), f"{where}.side", SIDES)
        if ctx.sectors is not None:
            out["sector"] = _one_of(act.get("sector"), f"{where}.sector", list(ctx.sectors))
        else:
            out["sector"] = _text(act.get("sector"), f"{where}.sector", 100)
        top = 3 if out["side"] == "russia" else 2
        out["level"] = _whole(
            act.get("level"),
            f"{where}.level",
            1,
            top,
            f"from 1 to {top} ({'Russia' if top == 3 else 'Ukraine'}'s incidents)",
        )
    elif kind in ("hybrid", "support_shock"):
        out["nation"] = _one_of(act.get("nation"), f"{where}.nation", list(ctx.nations))
        if kind == "support_shock":
            out["delta"] = _number(act.get("delta"), f"{where}.delta", -1.0, 1.0, "from -1 to 1")
    elif kind == "us_commitment":
        out["level"] = _one_of(act.get("level"), f"{where}.level", COMMITMENTS)
    elif kind == "news":
        out["text"] = _text(act.get("text"), f"{where}.text", MAX_TEXT)
        to = act.get("to")
        if not isinstance(to, list | tuple) or not to:
            raise InjectError(f"{where}.to: must be a non-empty list of actors, got {_short(to)}")
        out["to"] = sorted({_one_of(a, f"{where}.to", list(ctx.actors)) for a in to})
    else:
        out.update(_check_override(act, ctx, where))
    return out


def _check_override(act: Mapping[str, Any], ctx: Context, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "incident": _whole(
            act.get("incident"),
            f"{where}.incident",
            1,
            max(ctx.incidents, 1),
            f"from 1 to {ctx.incidents} (an incident of this game)"
            if ctx.incidents
            else "(no incident has happened yet)",
        ),
        "reason": _text(act.get("reason"), f"{where}.reason", MAX_REASON),
    }
    if ctx.incidents < 1:
        raise InjectError(f"{where}.incident: no incident has happened yet to override")
    if act.get("outcome") is not None:
        out["outcome"] = _one_of(act.get("outcome"), f"{where}.outcome", OVERRIDE_OUTCOMES)
    casualties = act.get("casualties")
    if casualties is not None:
        if not isinstance(casualties, Mapping) or not casualties:
            raise InjectError(
                f"{where}.casualties: must be a mapping SIDE: NUMBER, got {_short(casualties)}"
            )
        sides = [*SIDES, *ctx.nations]
        out["casualties"] = {
            _one_of(side, f"{where}.casualties", sides): _number(
                n,
                f"{where}.casualties.{side}",
                0.0,
                MAX_CASUALTIES,
                f"from 0 to {MAX_CASUALTIES:,.0f}",
            )
            for side, n in casualties.items()
        }
    if "outcome" not in out and "casualties" not in out:
        raise InjectError(f"{where}: an override changes an outcome, casualties or both; give one")
    return out


def check_acts(acts: Any, ctx: Context, where: str = "injects") -> list[dict[str, Any]]:
    """A list of acts (e.g. a scenario file's), each checked."""
    if not isinstance(acts, list | tuple):
        raise InjectError(f"{where}: must be a list of acts, got {_short(acts)}")
    if len(acts) > MAX_ACTS:
        raise InjectError(f"{where}: {len(acts):,} acts; at most {MAX_ACTS:,}")
    return [check_act(act, ctx, f"{where}[{i}]") for i, act in enumerate(acts)]


def schedule(model: CeasefireModel, act: Any) -> dict[str, Any]:
    """Check an act against the game now and keep it for its week (the state digest holds it)."""
    checked = check_act(act, context_of(model))
    if len(model.white_cell) >= MAX_ACTS:
        raise InjectError(f"white cell: {MAX_ACTS:,} acts are waiting already; no more")
    model.white_cell.append(checked)
    model._changed()
    return checked


def apply_due(model: CeasefireModel) -> None:
    """Carry out the acts due this week, in the order they were given."""
    due = [a for a in model.white_cell if a["at"] == model.week]
    if not due:
        return
    model.white_cell = [a for a in model.white_cell if a["at"] != model.week]
    for act in due:
        _APPLY[act["kind"]](model, act)
    model._changed()


def _note(model: CeasefireModel, text: str, **kwargs: Any) -> None:
    model.log.note(model.week, "white_cell", ACTOR, f"white cell: {text}", **kwargs)


def _incident(model: CeasefireModel, act: Mapping[str, Any]) -> None:
    kind: IncidentKind = "violation" if act["side"] == "russia" else "irregular"
    inc = model.start_incident(act["side"], act["sector"], act["level"], kind)
    _note(
        model,
        f"injects {LEVELS[inc.level]} #{inc.id} by {DISPLAY_NAMES[act['side']]} in "
        f"{model.sector_label(act['sector'])}",
        incident=inc.id,
        sector=act["sector"],
    )


def _hybrid(model: CeasefireModel, act: Mapping[str, Any]) -> None:
    model.hybrid_attack(act["nation"])
    _note(model, f"injects a hybrid attack at home on {display_name(act['nation'])}")


def _us_commitment(model: CeasefireModel, act: Mapping[str, Any]) -> None:
    model.us.act_set_commitment({"level": act["level"]})  # public, as the US's own change
    _note(model, f"sets the US commitment to {act['level']}")


def _support_shock(model: CeasefireModel, act: Mapping[str, Any]) -> None:
    nation = model.actors[act["nation"]]
    assert isinstance(nation, Nation)
    before = nation.will
    nation.will = min(1.0, max(0.0, nation.will + act["delta"]))
    _note(
        model,
        f"shocks public support in {display_name(nation.code)}: will "
        f"{before:.2f} -> {nation.will:.2f}",
    )


def _news(model: CeasefireModel, act: Mapping[str, Any]) -> None:
    # One event per reader: an actor's feed shows the events it is the actor of (and public
    # kinds, which "news" is not), so nobody else reads it.
    for actor_id in act["to"]:
        model.log.note(model.week, "news", actor_id, f"news: {act['text']}")
    _note(model, f"news to {', '.join(act['to'])}: {act['text']}")


def _override(model: CeasefireModel, act: Mapping[str, Any]) -> None:
    inc = model.log.incidents[act["incident"] - 1]
    changes = []
    if "outcome" in act:
        if inc.active:
            model.log.close_incident(inc, model.week, act["outcome"])
        else:
            inc.outcome = act["outcome"]
        changes.append(f"outcome {act['outcome']}")
    for side, n in act.get("casualties", {}).items():
        delta = n - inc.casualties.get(side, 0.0)
        inc.casualties = {**inc.casualties, side: n}
        if side in SIDES:
            army = model.russia if side == "russia" else model.ukraine
            army.casualties = max(0.0, army.casualties + delta)
        else:
            nation = model.actors[side]
            assert isinstance(nation, Nation)
            nation.casualties = max(0.0, nation.casualties + delta)
            model.coalition_casualties = max(0.0, model.coalition_casualties + delta)
        changes.append(f"{side} casualties {n:g}")
    _note(
        model,
        f"overrides incident #{inc.id} ({', '.join(changes)}): {act['reason']}",
        incident=inc.id,
        sector=inc.sector,
    )


_APPLY = {
    "incident": _incident,
    "hybrid": _hybrid,
    "us_commitment": _us_commitment,
    "support_shock": _support_shock,
    "news": _news,
    "override": _override,
}


def describe(act: Mapping[str, Any]) -> str:
    """An act in a line of plain words (for the CLI, the umpire console and the debrief); any
    mapping, as an edited record may hold, is described without an error."""
    kind, at = act.get("kind"), act.get("at")
    if kind == "incident":
        what = f"a level-{act.get('level')} incident by {act.get('side')} in {act.get('sector')}"
    elif kind == "hybrid":
        what = f"a hybrid attack on {act.get('nation')}"
    elif kind == "us_commitment":
        what = f"US commitment {act.get('level')}"
    elif kind == "support_shock":
        what = f"a support shock of {act.get('delta')} in {act.get('nation')}"
    elif kind == "news":
        to = act.get("to") or []
        readers = ", ".join(map(str, to)) if isinstance(to, list | tuple) else str(to)
        what = f"news to {readers}: {act.get('text')}"
    elif kind == "override":
        parts = [f"outcome {act['outcome']}"] if act.get("outcome") else []
        casualties = act.get("casualties") or {}
        if isinstance(casualties, Mapping):
            parts += [f"{s} casualties {n}" for s, n in casualties.items()]
        else:  # an edited record's act (refused when replayed, described all the same)
            parts.append(f"casualties {casualties}")
        what = f"override of incident #{act.get('incident')} ({', '.join(parts)}) because: {act.get('reason')}"
    else:
        what = str(kind)
    return f"due in week {at}: {what}" if at is not None else what
