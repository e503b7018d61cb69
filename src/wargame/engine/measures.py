"""What a game measures: its weekly collection, its state digest and its summary."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from typing import Any

import mesa
import pandas as pd

from wargame.engine import posture as P
from wargame.engine.actors import ForceCommander, Monitor, Nation, Russia, Ukraine, UnitedStates
from wargame.engine.beliefs import BELIEFS
from wargame.engine.combat import Combat
from wargame.engine.events import Incident


def _russian_plans(russia: Any) -> list[Any]:
    """Russia's build-ups, beliefs and what it has judged (state since format 3)."""
    beliefs = russia.beliefs
    return [
        [
            (s, b.started_week, b.weeks, round(b.troops, 6), b.detected_week)
            for s, b in sorted(russia.buildups.items())
        ],
        [round(getattr(beliefs, name), 9) for name in BELIEFS],
        russia.seen_commitment,
        russia.model.judged_upto,
    ]


def _ground_state(side: Any) -> list[float]:
    """An army's part of the state: troops per sector, reserves, casualties."""
    return [round(v, 6) for v in side.line_troops.values()] + [
        round(side.reserves, 6),
        round(side.casualties, 6),
    ]


def _coalition_mean_will(m: Any) -> float:
    will: float = round(m.cohesion(), 4)
    return will


MODEL_REPORTERS: dict[str, Callable[[Any], Any]] = {
    "week": lambda m: m.week,
    "escalation": lambda m: round(m.escalation, 4),
    "incidents_level1": lambda m: m.log.count(("violation", "irregular"), 1),
    "incidents_level2": lambda m: m.log.count(("violation", "irregular"), 2),
    "incidents_level3": lambda m: m.log.count(("violation", "irregular"), 3),
    "hybrid_attacks": lambda m: m.log.counts["hybrid:1"],
    "attributed": lambda m: m.log.counts["attributed"],
    "attributed_to_russia": lambda m: m.log.counts["attributed_to:russia"],
    "attributed_to_ukraine": lambda m: m.log.counts["attributed_to:ukraine"],
    "wrong_attributions": lambda m: m.log.counts["wrong_attributions"],
    "casualties_russia": lambda m: round(m.russia.casualties),
    "casualties_ukraine": lambda m: round(m.ukraine.casualties),
    "casualties_coalition": lambda m: round(m.coalition_casualties),
    "casualties_civilian": lambda m: round(m.civilian_casualties),
    "obstructions_russia": lambda m: m.monitor.obstructions["russia"],
    "obstructions_ukraine": lambda m: m.monitor.obstructions["ukraine"],
    "coalition_troops": lambda m: m.force.deployed,
    "coalition_committed": lambda m: m.force.deployed * m.force.posture.rotation_factor,
    "coalition_will": _coalition_mean_will,
    "nations_in_coalition": lambda m: len(m.nation_ids_in_coalition()),
    "us_commitment": lambda m: m.us.commitment,
    "russia_troops": lambda m: m.russia.troops,
    "ukraine_troops": lambda m: m.ukraine.troops,
    "ukraine_quality": lambda m: round(m.ukraine.quality(m.week), 4),
    "tripwires": lambda m: m.tripwires,
}


def _model_row(m: Any) -> tuple[Any, ...]:
    """MODEL_REPORTERS's values in one call, each shared value computed once."""
    counts = m.log.counts
    deployed = m.force.deployed
    return (
        m.week,
        round(m.escalation, 4),
        counts["violation:1"] + counts["irregular:1"],
        counts["violation:2"] + counts["irregular:2"],
        counts["violation:3"] + counts["irregular:3"],
        counts["hybrid:1"],
        counts["attributed"],
        counts["attributed_to:russia"],
        counts["attributed_to:ukraine"],
        counts["wrong_attributions"],
        round(m.russia.casualties),
        round(m.ukraine.casualties),
        round(m.coalition_casualties),
        round(m.civilian_casualties),
        m.monitor.obstructions["russia"],
        m.monitor.obstructions["ukraine"],
        deployed,
        deployed * m.force.posture.rotation_factor,
        round(m.cohesion(), 4),
        sum(1 for n in m.nations if n.in_coalition),
        m.us.commitment,
        m.russia.troops,
        m.ukraine.troops,
        round(m.ukraine.quality(m.week), 4),
        m.tripwires,
    )


AGENT_REPORTERS: dict[str, Callable[[Any], Any]] = {
    "actor": lambda a: a.actor_id,
    "troops": lambda a: (
        getattr(a, "troops", None) if not isinstance(a, ForceCommander) else a.deployed
    ),
    "will": lambda a: round(a.will, 4) if isinstance(a, Nation) else None,
    "in_coalition": lambda a: a.in_coalition if isinstance(a, Nation) else None,
    "casualties": lambda a: round(a.casualties) if hasattr(a, "casualties") else None,
    "commitment": lambda a: a.commitment if isinstance(a, UnitedStates) else None,
    "patrols": lambda a: len(a.patrols) if isinstance(a, Monitor) else None,
    "russia_reserves": lambda a: int(a.reserves) if isinstance(a, Russia) else None,
    "ukraine_quality": lambda a: (
        round(a.quality(a.model.week), 4) if isinstance(a, Ukraine) else None
    ),
}
# AGENT_REPORTERS's values for each kind of actor, as one tuple (what the DataCollector stores).
_AGENT_ROWS: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    Russia: lambda a: (
        a.actor_id,
        a.troops,
        None,
        None,
        round(a.casualties),
        None,
        None,
        int(a.reserves),
        None,
    ),
    Ukraine: lambda a: (
        a.actor_id,
        a.troops,
        None,
        None,
        round(a.casualties),
        None,
        None,
        None,
        round(a.quality(a.model.week), 4),
    ),
    Nation: lambda a: (
        a.actor_id,
        a.troops,
        round(a.will, 4),
        a.in_coalition,
        round(a.casualties),
        None,
        None,
        None,
        None,
    ),
    UnitedStates: lambda a: (a.actor_id, None, None, None, None, a.commitment, None, None, None),
    Monitor: lambda a: (a.actor_id, None, None, None, None, None, len(a.patrols), None, None),
    ForceCommander: lambda a: (a.actor_id, a.deployed, None, None, None, None, None, None, None),
}


class WeeklyCollector(mesa.DataCollector):
    """Mesa's DataCollector through its public face, filed by week and cheaper per week.

    Model reporters go to `model_vars` as in Mesa, without its per-value deep copy: ours return
    numbers or strings, whose copy is the value itself. Actors' values are kept by week in
    columns: the nations' raw will, membership and casualties in one tuple each, the troops
    by nation in one dict, the other actors' rows (`_AGENT_ROWS`) as they are; rows are made
    only when the table is asked for (`agent_rows`), rounded as the reporters round. Rows are
    filed under the model's week, not Mesa's step counter: a session drives `turn()` without
    `step()`.
    """

    def __init__(self) -> None:
        super().__init__(model_reporters=MODEL_REPORTERS, agent_reporters=AGENT_REPORTERS)
        self._columns = [self.model_vars[var] for var in self.model_reporters]
        # The actors in the model's order, and which of them are nations (or other reporters').
        self._cast: tuple[Any, ...] = ()
        self._nations: list[Any] = []
        self._others: list[tuple[Any, Callable[[Any], tuple[Any, ...]]]] = []
        # Per collection: (week, cast, troops by nation, nations' columns, other actors' rows).
        self._weeks: list[tuple[Any, ...]] = []

    def collect(self, model: Any) -> None:
        """Record the model's and every actor's values for the model's current week."""
        if self.model_reporters == MODEL_REPORTERS:  # the same reporters: one call for all
            for column, value in zip(self._columns, _model_row(model), strict=True):
                column.append(value)
        else:
            for var, reporter in self.model_reporters.items():
                self.model_vars[var].append(reporter(model))
        actors = getattr(model, "actors", None)  # the same actors as model.agents, in order
        cast = tuple(model.agents if actors is None else actors.values())
        if cast != self._cast:
            self._recast(cast)
        nations = self._nations
        self._weeks.append(
            (
                model.week,
                cast,
                nations,
                model.force.troops_by_nation() if nations else {},
                tuple([n.will for n in nations]),
                tuple([n.in_coalition for n in nations]),
                tuple([n.casualties for n in nations]),
                [row(a) for a, row in self._others],
            )
        )

    def _recast(self, cast: tuple[Any, ...]) -> None:
        """Sort the actors into nations (kept as columns) and the rest (kept as rows)."""
        reporters = tuple(self.agent_reporters.values())
        by_kind = self.agent_reporters == AGENT_REPORTERS
        self._cast = cast
        self._nations = [a for a in cast if by_kind and type(a) is Nation]
        self._others = [
            (a, _AGENT_ROWS[type(a)] if by_kind and type(a) in _AGENT_ROWS else _row_of(reporters))
            for a in cast
            if not (by_kind and type(a) is Nation)
        ]

    @property
    def agent_rows(self) -> list[tuple[Any, ...]]:
        """(week, unique_id, *AGENT_REPORTERS values) per actor per collection, in its order."""
        rows: list[tuple[Any, ...]] = []
        for week, cast, nations, troops, wills, members, casualties, others in self._weeks:
            made = {
                id(n): (
                    week,
                    n.unique_id,
                    n.actor_id,
                    round(troops.get(n.code, 0)),  # Nation.troops
                    round(will, 4),
                    member,
                    round(lost),
                    None,
                    None,
                    None,
                    None,
                )
                for n, will, member, lost in zip(nations, wills, members, casualties, strict=True)
            }
            other_rows = iter(others)
            for a in cast:
                row = made.get(id(a))
                rows.append(row if row is not None else (week, a.unique_id, *next(other_rows)))
        return rows

    def get_agent_vars_dataframe(self) -> pd.DataFrame:
        """One row per actor per week, indexed by (Step, AgentID) as Mesa's own table is."""
        return pd.DataFrame.from_records(
            data=self.agent_rows,
            columns=["Step", "AgentID", *self.agent_reporters],
            index=["Step", "AgentID"],
        )


def _row_of(reporters: tuple[Callable[[Any], Any], ...]) -> Callable[[Any], tuple[Any, ...]]:
    """One actor's row from reporters called one by one (an actor of no known kind)."""
    return lambda a: tuple(r(a) for r in reporters)


# Weeks after the first tripwire in which what follows is counted (reinforcement, exits, end).
TRIPWIRE_WINDOW = 26
# Weeks at which the coalition's mean will is reported in every row (1, 5 and 10 years).
WILL_CHECKPOINTS = (52, 260, 520)
# How a large-scale offensive can end (combat.py); "ongoing" when the game ended first.
OFFENSIVE_OUTCOMES = ("contained", "halted", "local_gains", "breakthrough", "war", "ongoing")


def outcome_columns(s: dict[str, Any], model: Any) -> dict[str, Any]:
    """The outcome of a game as flat columns (from its `summary()` `s`, its log and series):
    the result row of every batch (sweeps, experiments, sensitivity, calibration)."""
    inc, cas, att = s["incidents"], s["casualties"], s["attribution"]
    left = sorted((n.left_week, n.code) for n in model.nations if n.left_week is not None)
    cols: dict[str, Any] = {
        "held": bool(s["ceasefire_held"]),
        "end_cause": s["end_cause"],
        "end_detail": s["end_detail"],
        "weeks": int(s["weeks"]),
        "horizon_weeks": int(model.horizon),
        "option": model.scenario.posture.option,
        "us": model.settings["us"]["commitment"],
        "rotation_factor": int(model.scenario.posture.rotation_factor),
        "troops_deployed": int(s["troops_deployed"]),
        "troops_committed": int(s["troops_committed"]),
        "troop_budget": int(model.troop_budget),
        "troop_years": float(s["troop_years"]),
        "casualties_russia": int(cas["russia"]),
        "casualties_ukraine": int(cas["ukraine"]),
        "casualties_coalition": int(cas["coalition"]),
        "casualties_civilian": int(cas["civilian"]),
        "incidents_level1": int(inc["level1"]),
        "incidents_level2": int(inc["level2"]),
        "incidents_level3": int(inc["level3"]),
        "incidents_total": int(inc["total"]),
        "hybrid_attacks": int(inc["hybrid"]),
        "harassments": int(inc["harassment"]),
        "obstructions_russia": int(s["obstructions"]["russia"]),
        "obstructions_ukraine": int(s["obstructions"]["ukraine"]),
        "tripwires": int(s["tripwires"]),
        "offensives": int(s["offensives"]["count"]),
        "offensive_first_week": -1
        if s["offensives"]["first_week"] is None
        else int(s["offensives"]["first_week"]),
        **{f"offensives_{o}": int(s["offensives"][o]) for o in OFFENSIVE_OUTCOMES},
        "ground_lost_km": float(s["ground_lost_km"]),
        "escalation_max": float(s["escalation_max"]),
        "attributed": int(att["attributed"]),
        "attributed_wrong": int(att["wrong"]),
        "attribution_mean_weeks": math.nan
        if att["mean_weeks"] is None
        else float(att["mean_weeks"]),
        "nations_left_count": len(left),
        "nations_left": ",".join(code for _, code in left),
        "nations_left_weeks": ",".join(f"{code}:{week}" for week, code in left),
        "first_nation_left_week": left[0][0] if left else -1,
        "nations_in_coalition_end": len(model.nation_ids_in_coalition()),
    }
    cols.update(will_columns(model))
    cols.update(tripwire_columns(model))
    return cols


def will_columns(model: Any) -> dict[str, Any]:
    """The coalition's mean will: lowest, at the end, and at 1, 5 and 10 years (NaN if over)."""
    will = model.datacollector.model_vars["coalition_will"]
    cols = {"will_min": float(min(will)), "will_end": float(will[-1])}
    for week in WILL_CHECKPOINTS:
        cols[f"will_week{week}"] = float(will[week]) if week < len(will) else math.nan
    return cols


def tripwire_columns(model: Any) -> dict[str, Any]:
    """The first tripwire: when, how the force answered, and what followed within 26 weeks."""
    first = next((e for e in model.log.events if e.kind == "tripwire"), None)
    if first is None:
        return {
            "tripwire_week": -1,
            "tripwire_response": "",
            "tripwire_nations_left": 0,
            "tripwire_escalation_max": math.nan,
            "tripwire_end": "",
        }
    week = first.week
    inc = model.log.incidents[first.incident - 1] if first.incident else None
    escalation = model.datacollector.model_vars["escalation"][week : week + TRIPWIRE_WINDOW + 1]
    left = sum(
        1
        for n in model.nations
        if n.left_week is not None and week <= n.left_week <= week + TRIPWIRE_WINDOW
    )
    ended = model.end_cause not in (None, "held") and model.week <= week + TRIPWIRE_WINDOW
    return {
        "tripwire_week": week,
        "tripwire_response": (inc.force_response or "none") if inc else "none",
        "tripwire_nations_left": left,
        "tripwire_escalation_max": float(max(escalation)),
        "tripwire_end": model.end_cause if ended else "",
    }


# Where state_digest splices the incidents' cached JSON into the state's (no other text has NUL).
_INCIDENTS_HERE = "\x00incidents\x00"
_UNITS_HERE = "\x00units\x00"  # and the units' (version 2)
_INCIDENTS_JSON = json.dumps(_INCIDENTS_HERE)  # the placeholders as state_text finds them
_UNITS_JSON = json.dumps(_UNITS_HERE)


def _unit_state(u: Any) -> list[Any]:
    """A unit's part of the version-2 state."""
    return [
        u.id,
        u.home,
        u.location,
        u.mobile,
        u.quality,
        [(code, round(t, 6)) for code, t in u.troops_by_nation.items()],
    ]


class Measures(Combat):
    """The model's outputs: the state digest (records) and the summary (a mixin)."""

    def state_digest(self, fresh: bool = False, version: int = 2) -> str:
        """A hash of the model state, for checking that a replay matches (see `state_text`)."""
        return hashlib.sha256(self.state_text(fresh, version).encode()).hexdigest()

    def state_text(self, fresh: bool = False, version: int = 2) -> str:
        """The model state as one JSON text: what a replay must reproduce week by week.

        Version 2 (records of format 2) holds every field the rest of the game depends on;
        version 1 (format 1) leaves out some (the monitor's patrols, responses waiting for the
        ministers, most incident weeks, ...). Each incident's part is kept while the fields it
        covers are unchanged; `fresh` recomputes them all (tests compare the two).
        """
        if fresh:
            for incident in self.log.incidents:
                incident.forget_digest()
        if version == 1:
            text = json.dumps(self._state_v1(), sort_keys=True)
        else:
            text = self._state_v2_text(fresh)
        if version == 1 or fresh:
            fragment = Incident.digest_fragment if version == 1 else Incident.state_fragment
            incidents = ", ".join(map(fragment, self.log.incidents))
        else:
            incidents = self.log.state_fragments()
        return text.replace(_INCIDENTS_JSON, f"[{incidents}]", 1)

    def state_hasher(self, version: int = 2) -> Any:
        """`hashlib.sha256(self.state_text(version=version).encode())`, fed in pieces.

        The same hash (and the same kept fragments) without joining the whole text, which
        grows with the game: the incidents' part goes to the hasher as it is kept.
        """
        if version == 1:
            return hashlib.sha256(self.state_text(version=1).encode())
        text = self._state_v2_text()
        head, found, tail = text.partition(_INCIDENTS_JSON)
        if not found:  # pragma: no cover - the state always has its incidents
            return hashlib.sha256(text.encode())
        hasher = hashlib.sha256(head.encode())
        hasher.update(b"[")
        hasher.update(self.log.state_fragments().encode())
        hasher.update(b"]")
        hasher.update(tail.encode())
        return hasher

    def week_state_text(self) -> str:
        """This week's part of the chained state (records of format 4): the version-2 state text
        whose `incidents` lists only the incidents opened or changed this week, in log order.

        The incidents are the only part of the state that grows with the game; each changes
        only in some week, so a chain of these texts covers the whole state, week by week.
        """
        changed = ", ".join([i.state_fragment() for i in self.log.changed_this_week()])
        return self._state_v2_text().replace(_INCIDENTS_JSON, f"[{changed}]", 1)

    def week_state_hasher(self, previous: str) -> Any:
        """`hashlib.sha256((previous + self.week_state_text()).encode())`: a week's chained
        state digest, `previous` being the last week's ("" before week 1)."""
        return hashlib.sha256((previous + self.week_state_text()).encode())

    def _state_v2_text(self, fresh: bool = False) -> str:
        """The version-2 state's JSON with its units in, its incidents still a placeholder."""
        text = json.dumps(self._state_v2(), sort_keys=True)
        return text.replace(_UNITS_JSON, self._units_text(fresh), 1)

    def _state_v1(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "escalation": round(self.escalation, 9),
            "russia": [round(v, 6) for v in self.russia.line_troops.values()]
            + [round(self.russia.reserves, 6)],
            "ukraine": [round(v, 6) for v in self.ukraine.line_troops.values()]
            + [round(self.ukraine.reserves, 6)],
            "nations": [
                (n.code, round(n.will, 9), n.in_coalition, round(n.casualties, 6))
                for n in self.nations
            ],
            "units": [(u.id, u.location, round(u.troops, 6)) for u in self.force.units],
            "us": self.us.commitment,
            "incidents": _INCIDENTS_HERE,
            "rng": str(self.rng.bit_generator.state["state"]),
            "end": self.end_cause,
        }

    def _state_v2(self) -> dict[str, Any]:
        force, monitor = self.force, self.monitor
        state: dict[str, Any] = {
            "week": self.week,
            "running": self.running,
            "escalation": round(self.escalation, 9),
            "escalation_max": round(self.escalation_max, 9),
            "tripwires": self.tripwires,
            "coalition_casualties": round(self.coalition_casualties, 6),
            "civilian_casualties": [
                self.civilian_casualties,
                self.civilians_this_week,
                self.ukraine_attributed_this_week,
            ],
            "last_coalition_combat": self.last_coalition_combat,
            "russia": _ground_state(self.russia),
            "ukraine": _ground_state(self.ukraine),
            "nations": [
                (
                    n.code,
                    round(n.will, 9),
                    n.in_coalition,
                    n.left_week,
                    round(n.casualties, 6),
                    round(n.casualties_this_week, 6),
                    n.hybrid_hits,
                    n.hybrid_this_week,
                    n.tripwire_this_week,
                    round(n.fatigue, 9),
                    n.next_election,
                )
                for n in self.nations
            ],
            "units": _UNITS_HERE,
            "force": {
                "pending": force.pending,
                "strikes": force.strikes,
                "preauthorised": sorted(force.preauthorised),
            },
            "plans": _russian_plans(self.russia),
            "ground_lost": sorted((s, round(km, 6)) for s, km in self.ground_lost_km.items()),
            "us": [self.us.commitment, self.us.declared],
            "monitor": {
                "patrols": sorted(monitor.patrols),
                "harassed": sorted(monitor.harassed),
                "harassments": monitor.harassments,
                "obstructions": dict(monitor.obstructions),
            },
            "unattributed": [i.id for i in self.log.unattributed],
            "events": len(self.log.events),
            "incidents": _INCIDENTS_HERE,
            "rng": str(self.rng.bit_generator.state),
            "civilian_rng": str(self.civilian_rng.bit_generator.state),
            "election_rng": str(self.election_rng.bit_generator.state),
            "end": [self.end_cause, self.end_detail],
        }
        if self.white_cell:  # only in games with white-cell acts waiting (others unchanged)
            state["white_cell"] = [dict(a) for a in self.white_cell]
        return state

    def _units_text(self, fresh: bool) -> str:
        """The JSON of the units' part of the version-2 state; each unit's kept while its place
        and troops are unchanged (id, home, mobility and quality never change)."""
        force = self.force
        if fresh:
            return json.dumps([_unit_state(u) for u in force.units])
        kept = self._unit_texts
        parts = []
        for u in force.units:
            key = (u.location, tuple(u.troops_by_nation.items()))
            entry = kept.get(u.id)
            if entry is None or entry[0] != key:
                entry = kept[u.id] = (key, json.dumps(_unit_state(u)))
            parts.append(entry[1])
        return f"[{', '.join(parts)}]"

    def offensives(self) -> dict[str, Any]:
        """Russia's large-scale offensives: when the first came, how many, and how each ended."""
        large = [i for i in self.log.incidents if i.level == 3 and i.perpetrator == "russia"]
        outcomes = dict.fromkeys(OFFENSIVE_OUTCOMES, 0)
        for i in large:
            outcomes[i.outcome] = outcomes.get(i.outcome, 0) + 1
        return {
            "first_week": min((i.week for i in large), default=None),
            "count": len(large),
            **outcomes,
        }

    def summary(self) -> dict[str, Any]:
        """The outcome of the game as one JSON-able dict."""
        incs = [i for i in self.log.incidents if i.kind in ("violation", "irregular")]
        by_level = {f"level{lv}": sum(1 for i in incs if i.level == lv) for lv in (1, 2, 3)}
        attributed = [i for i in self.log.incidents if i.attributed_week is not None]
        delays = [i.attributed_week - i.week for i in attributed if i.attributed_week is not None]
        return {
            "scenario": self.scenario.name,
            "seed": self.seed,
            "weeks": self.week,
            "years": round(self.week / 52, 2),
            "ceasefire_held": self.end_cause == "held",
            "end_cause": self.end_cause or "running",
            "end_detail": self.end_detail,
            "troops_deployed": self.troops_deployed_planned,
            "troops_committed": self.troops_committed,
            "troop_years": round(P.troop_years(self.troops_committed, self.week), 1),
            "incidents": {
                **by_level,
                "total": len(incs),
                "hybrid": sum(1 for i in self.log.incidents if i.kind == "hybrid"),
                "harassment": sum(1 for i in self.log.incidents if i.kind == "harassment"),
            },
            "obstructions": dict(self.monitor.obstructions),
            "casualties": {
                "russia": round(self.russia.casualties),
                "ukraine": round(self.ukraine.casualties),
                "coalition": round(self.coalition_casualties),
                "civilian": round(self.civilian_casualties),
                "by_nation": {
                    n.code: round(n.casualties) for n in self.nations if round(n.casualties)
                },
            },
            "tripwires": self.tripwires,
            "offensives": self.offensives(),
            "ground_lost_km": round(sum(self.ground_lost_km.values()), 1),
            "nations_left": [n.code for n in self.nations if n.left_week is not None],
            "escalation_max": round(self.escalation_max, 2),
            "attribution": {
                "attributed": len(attributed),
                "wrong": sum(1 for i in attributed if not i.attribution_correct),
                "mean_weeks": round(sum(delays) / len(attributed), 2) if attributed else None,
            },
            "policies": {a: getattr(d, "name", type(d).__name__) for a, d in self.deciders.items()},
        }
