"""The rules: a deterministic Mesa model of a guaranteed ceasefire on the sector graph."""

from __future__ import annotations

import hashlib
import json
import reprlib
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import networkx as nx

from wargame.config.maps import SectorMap, load_map
from wargame.config.scenario import Scenario
from wargame.engine import posture as P
from wargame.engine.actors import (
    Actor,
    ForceCommander,
    Monitor,
    Nation,
    Russia,
    Ukraine,
    UnitedStates,
)
from wargame.engine.events import LEVELS, Event, EventLog, Incident
from wargame.engine.roster import DISPLAY_NAMES, SIDES, TURN_ORDER
from wargame.errors import ActionError, WargameError
from wargame.policies.policy import DecisionTimeout, PolicyError, call_with_time_limit

# A decider is a Policy (with `decide`) or a plain callable observation -> actions.
Decider = Any
END_CAUSES = ("held", "ceasefire_collapsed", "uncontrollable_escalation", "coalition_withdrawn")


@dataclass(frozen=True)
class Decision:
    """One actor asked to decide, mid-week: what it may know and what it may do."""

    week: int
    actor_id: str
    observation: dict[str, Any]  # exactly what this actor may know (its fog of war)
    legal: dict[str, dict[str, list[Any] | None]]  # action type -> {param: allowed, None = free}
    limits: dict[str, int]  # at most this many actions of a type this week

    def describe(self) -> str:
        """The legal actions in words."""
        return describe_spec(self.legal, self.limits)


class CeasefireModel(mesa.Model):
    """One game: a scenario, a seed and a decider per actor; one step is one week."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        deciders: Mapping[str, Decider],
        sector_map: SectorMap | None = None,
    ) -> None:
        super().__init__(rng=seed)
        self.seed = seed
        self.scenario = scenario
        self.settings = scenario.settings
        self.rules = self.settings["rules"]
        self.map = sector_map or load_map(_map_reference(scenario))
        self.decision_timeout: float | None = None  # seconds per decision; None = no limit
        self.week = 0
        self.horizon = scenario.weeks
        self.escalation = 0.0
        self.escalation_max = 0.0
        self.end_cause: str | None = None
        self.end_detail = ""
        self.tripwires = 0
        self.coalition_casualties = 0.0
        self.last_coalition_combat = -999
        self.log = EventLog()
        self.week_actions: dict[str, list[dict[str, Any]]] = {}  # this week's, by actor
        self._events_mark = 0
        self._public: dict[str, Any] | None = None  # this phase's public view (see _changed)
        # Other derived values of this phase (political view, troops by nation), and the
        # monitor's published reports by (week, attributions so far).
        self._cache: dict[str, Any] = {}
        self._reports: tuple[tuple[int, int, int], list[dict[str, Any]]] | None = None
        self._km_marks = _km_marks(self.map)

        posture = scenario.posture
        self.troops_deployed_planned = P.deployed_troops(posture, self.map.line_length_km)
        self.troops_committed = P.committed_troops(
            self.troops_deployed_planned, posture.rotation_factor
        )
        P.check_budget(
            posture, self.troops_committed, self.troop_budget, f"scenario '{scenario.name}'"
        )

        self.russia = Russia(self, self.settings["russia"])
        self.ukraine = Ukraine(self, self.settings["ukraine"])
        self.nations = [
            Nation(self, code, nation, self.settings["coalition"])
            for code, nation in self.settings["nations"].items()
        ]
        self.us = UnitedStates(self, self.settings["us"])
        self.monitor = Monitor(self, self.settings["monitor"])
        weights = {n.code: float(n.brigades) for n in self.nations}
        self.force = ForceCommander(self, posture, weights)
        if posture.option == "none":  # no force, no coalition (002: 'Minsk III')
            for n in self.nations:
                n.in_coalition = False
        self.actors: dict[str, Actor] = {a.actor_id: a for a in self.agents}
        self.deciders = dict(deciders)
        missing = [a for a in self.actors if a not in self.deciders]
        if missing:
            raise WargameError(f"no decider for actor(s): {', '.join(missing)}")
        self.datacollector = _Collector(
            model_reporters=MODEL_REPORTERS, agent_reporters=AGENT_REPORTERS
        )
        self.datacollector.collect(self)

    # -- budget -------------------------------------------------------------------------------
    @property
    def troop_budget(self) -> int:
        """Committed troops the coalition can give, rotation included (001)."""
        c = self.settings["coalition"]
        budget = c["troop_budget"] or P.default_troop_budget(
            c["european_brigades"], c["brigade_size"], c["efp_troops"]
        )
        if self.settings["us"]["leaves_baltics"]:
            budget -= c["baltic_backfill"]
        if self.settings["us"]["reduces_europe"]:
            budget -= self.settings["us"]["europe_reduction"]
        return budget

    # -- the turn -----------------------------------------------------------------------------
    def step(self) -> None:
        """Play one week: every actor's decider is asked in turn (see `turn`)."""
        turn = self.turn()
        decision = next(turn, None)
        while decision is not None:
            actions = self.decide(decision)
            decision = self.answer(turn, decision, actions, self.decider_name(decision.actor_id))

    def answer(
        self,
        turn: Generator[Decision, Any, None],
        decision: Decision,
        actions: Any,
        policy: str,
    ) -> Decision | None:
        """Check an actor's actions against its decision, then hand them to the week in progress.

        Returns the next decision, or None once the week is complete. Illegal actions raise
        ActionError before anything is applied, so the week still waits on the same decision.
        Every driver of `turn` (step, a session, a replay) answers through here.
        """
        self.validate_actions(self.actors[decision.actor_id], actions, policy, decision.legal)
        try:
            return turn.send(actions)
        except StopIteration:
            return None

    def turn(self) -> Generator[Decision, Any, None]:
        """One week that pauses at each decision: yields a Decision, takes back its actions.

        Drive it with `answer`, which checks the actions first; `step` does so with the deciders.
        A session uses it to stop mid-week where a person decides.
        """
        if not self.running:
            return
        self.week += 1
        # Mesa counts steps only through step(); a session drives turn() directly, and the
        # DataCollector files each week's actor rows under model.steps.
        self.steps = self.week
        self.week_actions = {}
        self._events_mark = len(self.log.events)
        self._changed()
        self.russia.regenerate()
        self.monitor.start_week()
        for n in self.nations:
            n.reset_week()
        for actor_id in TURN_ORDER:
            if actor_id == "us":
                self.force.share_picture()
            yield from self._decision(self.actors[actor_id])  # forgets the views if it acted
            if actor_id == "monitor":
                self.monitor.work()
                self._changed()
        self.force.release_pending()
        self._resolve_incidents()
        for n in self.nations:
            if n.in_coalition:
                n.update_will(self.week)
        self._changed()
        self.force.share_picture()  # nations decide on this week's fighting
        for n in self.nations:
            if n.in_coalition:
                yield from self._decision(n)
        self._check_end()
        self.force.return_home()
        self._changed()
        self.datacollector.collect(self)

    def run(self, weeks: int | None = None) -> None:
        """Play until the game ends or `weeks` more weeks have passed."""
        stop = self.horizon if weeks is None else min(self.horizon, self.week + weeks)
        while self.running and self.week < stop:
            self.step()

    def decide(self, decision: Decision) -> Any:
        """Ask the actor's decider (a Policy or a plain callable) for its actions.

        Whatever the decider raises (SystemExit and other BaseExceptions too, but not Ctrl-C)
        becomes one PolicyError naming the policy, actor and week; with `decision_timeout` set
        (the server, check-policy) a decision taking longer is stopped and reported.
        """
        decider = self.deciders[decision.actor_id]
        decide = getattr(decider, "decide", decider)
        try:
            if self.decision_timeout is None:
                return decide(decision.observation)
            return call_with_time_limit(decide, decision.observation, self.decision_timeout)
        except (WargameError, KeyboardInterrupt):
            raise
        except DecisionTimeout:
            problem = f"took longer than {self.decision_timeout:g} s and was stopped"
        except BaseException as exc:
            problem = f"failed: {type(exc).__name__}: {_brief_text(exc)}"
        error = PolicyError(
            f"week {decision.week}: policy '{self.decider_name(decision.actor_id)}' playing "
            f"{decision.actor_id} {problem}"
        )
        error.actor_id = decision.actor_id
        raise error

    def decider_name(self, actor_id: str) -> str:
        """The name of the policy (or decider) playing an actor."""
        decider = self.deciders[actor_id]
        return str(getattr(decider, "name", type(decider).__name__))

    def _decision(self, actor: Actor) -> Generator[Decision, Any, None]:
        spec = actor.legal_actions()
        if not spec:
            return
        decision = Decision(self.week, actor.actor_id, actor.observe(), spec, actor.action_limits())
        actions = yield decision  # checked by `answer`
        self.week_actions[actor.actor_id] = [dict(a) for a in actions]
        for action in actions:
            actor.apply(action)
        if actions:
            self._changed()

    def _changed(self) -> None:
        """Forget the views derived from the state: it may have changed since they were built.

        Called wherever the turn changes the state (at the start of a week, after every actor's
        actions, after the monitor's work, the fighting and the will updates), so a view is
        built at most once per stretch of unchanged state and handed out as a fresh copy.
        """
        self._public = None
        self._cache.clear()

    def events_this_week(self) -> list[Event]:
        """The events noted during the week being (or last) played."""
        return self.log.events[self._events_mark :]

    def validate_actions(
        self, actor: Actor, actions: Any, policy: str, spec: dict[str, Any] | None = None
    ) -> None:
        """Refuse any action outside the actor's legal set, naming policy, actor, week and choices."""
        spec = actor.legal_actions() if spec is None else spec
        limits = actor.action_limits()

        def fail(problem: str) -> None:
            raise ActionError(
                f"week {self.week}: policy '{policy}' playing {actor.actor_id} returned {problem}. "
                f"Legal this week: {describe_spec(spec, limits)}"
            )

        if not isinstance(actions, list | tuple):
            fail(f"{type(actions).__name__} instead of a list of actions")
        if len(actions) > MAX_ACTIONS:
            fail(f"{len(actions)} actions; at most {MAX_ACTIONS} a week")
        counts: dict[str, int] = {}
        seen: set[tuple[Any, ...]] = set()
        for action in actions:
            if not isinstance(action, dict) or "type" not in action:
                fail(f"{_brief(action)}, which is not an action (a dict with a 'type')")
            kind = action["type"]
            if type(kind) is not str or kind not in spec:
                fail(f"an action of type {_brief(kind)}, which {actor.actor_id} may not take now")
            params = spec[kind]
            given = set(action) - {"type"}
            if given != set(params):
                names = sorted(_brief(k) if type(k) is not str else k for k in given)
                fail(f"{_brief(action)} with parameters {names}; {kind} takes {sorted(params)}")
            for name, allowed in params.items():
                value = action[name]
                # Exact types: True == 1 and 1.0 == 1 would pass `in`; ids are str or int.
                if allowed is not None and (type(value) not in (str, int) or value not in allowed):
                    fail(f"{_brief(action)}: {name}={_brief(value)} is not allowed")
            key = actor.duplicate_key(action)  # checked values by now: hashable
            if key is not None:
                if key in seen:
                    fail(f"{_brief(action)} twice in one week; one {kind} per {key[1]}")
                seen.add(key)
            counts[kind] = counts.get(kind, 0) + 1
            if kind in limits and counts[kind] > limits[kind]:
                fail(f"{counts[kind]} actions of type {kind}; at most {limits[kind]} a week")
            check = getattr(actor, "check", None)
            problem = check(action) if check else None
            if problem:
                fail(f"{_brief(action)}: {problem}")

    # -- incidents ----------------------------------------------------------------------------
    def start_incident(
        self, perpetrator: str, sector: str | None, level: int, kind: str, target: str | None = None
    ) -> Incident:
        """Open an incident; a large-scale violation makes a reassurance force withdraw (001)."""
        inc = self.log.open_incident(
            week=self.week,
            level=level,
            perpetrator=perpetrator,
            kind=kind,
            sector=sector,
            target=target,
        )
        if kind in ("violation", "irregular"):
            who = DISPLAY_NAMES[perpetrator]
            self.log.note(
                self.week,
                "incident",
                perpetrator,
                f"{who}: {LEVELS[level]} in {self.sector_label(sector)}"
                if sector
                else f"{who}: {LEVELS[level]}",
                incident=inc.id,
                sector=sector,
            )
        if (
            level == 3
            and perpetrator == "russia"
            and self.force.posture.is_symbolic
            and self.force.units
        ):
            self.force.withdraw_all()
            self._end(
                "coalition_withdrawn",
                "the reassurance force withdrew when large-scale violations began (001)",
            )
        return inc

    def hybrid_attack(self, code: str) -> None:
        """A hybrid attack at home on a troop-contributing nation (001)."""
        nation = self.actors[code]
        assert isinstance(nation, Nation)
        nation.hybrid_this_week += 1
        nation.hybrid_hits += 1
        inc = self.start_incident("russia", None, 1, "hybrid", target=code)
        self._end_incident(inc, "ended")

    def halt_offensive(self, incident_id: int) -> None:
        """Russia calls off a large-scale violation: contained if the force stood in its way."""
        inc = self.log.incidents[incident_id - 1]
        outcome = "contained" if inc.visible_response in ("denial", "punishment") else "halted"
        self._end_incident(inc, outcome)
        self.log.note_incident(
            self.week,
            "halt",
            "russia",
            f"Russia halts the offensive in {self.sector_label(inc.sector)} ({outcome})",
            inc,
        )

    def punishment_strike(self, inc: Incident) -> None:
        """A punishment strike on Russian forces: costs Russia, raises escalation (001)."""
        dead = self.rules["punishment_casualties"] * (3 if inc.level == 3 else 1)
        inc.add_casualties(
            "russia", self.russia.lose(None if inc.sector is None else inc.sector, dead)
        )
        self.last_coalition_combat = self.week
        self._add_escalation(self.rules["escalation_punishment"])

    def _end_incident(self, inc: Incident, outcome: str) -> None:
        self.log.close_incident(inc, self.week, outcome)

    def _resolve_incidents(self) -> None:
        for inc in self.log.active():
            if inc.level == 1 or inc.kind in ("hybrid", "harassment"):
                self._add_escalation(self.rules["escalation_per_level"][0])
                self._end_incident(inc, "ended")
            elif inc.perpetrator == "russia":
                self._fight(inc)
            else:
                self._raid(inc)

    def _fight(self, inc: Incident) -> None:
        rules, s, level = self.rules, inc.sector, inc.level
        assert s is not None
        share = rules["limited_share"] if level == 2 else 1.0
        attack = (
            share * self.russia.line_troops[s] if level == 2 else self.russia.offensive_strength(s)
        )
        d_ua = share * self.ukraine.line_troops[s] * self.ukraine.quality(self.week)
        units = self.force.units_in(s)
        d_co = share * sum(self._combat_value(u) for u in units)
        rate = rules["combat_rate"][level - 1]
        inc.ukraine_response = "defend"
        inc.add_casualties("russia", self.russia.lose(s, rate * (d_ua + d_co)))
        defender_loss = rate * attack
        defence = d_ua + d_co
        if defence > 0:
            inc.add_casualties("ukraine", self.ukraine.lose(s, defender_loss * d_ua / defence))
            self._coalition_losses(inc, units, defender_loss * d_co / defence)
        inc.weeks_fought += 1
        self._add_escalation(rules["escalation_per_level"][level - 1])
        if level == 2:
            self._end_incident(inc, "ended")
            return
        if attack >= rules["breakthrough_ratio"] * max(defence, 1.0):
            self._end_incident(inc, "breakthrough")
            self._end("ceasefire_collapsed", f"breakthrough in {self.sector_label(s)}")
        elif inc.weeks_fought >= rules["containment_weeks"]:
            self._end_incident(inc, "war")
            self._end(
                "ceasefire_collapsed",
                f"large-scale fighting in {self.sector_label(s)} for {inc.weeks_fought} weeks",
            )

    def _combat_value(self, unit: Any) -> float:
        """A unit's combat value: troops x quality, less for troops under national ROE caveats (000)."""
        caveat = self.settings["coalition"]["caveat_factor"]
        nations = self.settings["nations"]
        return unit.quality * sum(
            troops * (caveat if nations[code]["caveats"] else 1.0)
            for code, troops in unit.troops_by_nation.items()
        )

    def _raid(self, inc: Incident) -> None:
        """Ukrainian irregular operation in occupied territory (001, Resistance Operating Concept)."""
        s = inc.sector
        assert s is not None
        rate = self.rules["combat_rate"][1]
        raiders = self.rules["raid_size"] * self.ukraine.quality(self.week)
        defenders = self.rules["limited_share"] * self.russia.line_troops[s]
        inc.add_casualties("russia", self.russia.lose(s, rate * raiders))
        inc.add_casualties("ukraine", self.ukraine.lose(s, rate * defenders))
        self._add_escalation(self.rules["escalation_per_level"][1])
        self._end_incident(inc, "ended")

    def _coalition_losses(self, inc: Incident, units: list[Any], losses: float) -> None:
        total = sum(u.troops for u in units)
        if losses <= 0 or total <= 0:
            return
        for unit in units:
            for code, troops in list(unit.troops_by_nation.items()):
                lost = min(troops, losses * troops / total)
                unit.troops_by_nation[code] = troops - lost
                nation = self.actors[code]
                assert isinstance(nation, Nation)
                nation.casualties += lost
                nation.casualties_this_week += lost
                self.coalition_casualties += lost
                inc.add_casualties(code, lost)
        self.last_coalition_combat = self.week
        pulled = (
            inc.level == 3
            or sum(v for k, v in inc.casualties.items() if k not in SIDES)
            >= self.rules["tripwire_casualties"]
        )
        if pulled and not inc.tripwire:
            inc.tripwire = True
            self.tripwires += 1
            for unit in units:
                for code in unit.troops_by_nation:
                    nation = self.actors[code]
                    assert isinstance(nation, Nation)
                    nation.tripwire_this_week = True
            self._add_escalation(self.rules["escalation_tripwire"])
            self.log.note_incident(
                self.week,
                "tripwire",
                "force_commander",
                f"tripwire pulled: coalition troops hit in {self.sector_label(inc.sector)}",
                inc,
            )

    def _add_escalation(self, amount: float) -> None:
        if self.us.is_backstop:
            amount *= self.rules["backstop_damping"]  # escalation dominance (001, 002)
        self.escalation += amount

    # -- nations ------------------------------------------------------------------------------
    def nation_leaves(self, nation: Nation) -> None:
        """A nation leaves the coalition and takes its troops home."""
        nation.in_coalition = False
        nation.left_week = self.week
        self.force.withdraw_nation(nation.code)
        self.log.note(
            self.week,
            "nation_left",
            nation.code,
            f"{nation.name} leaves the coalition (will {nation.will:.2f})",
        )

    def nation_ids_in_coalition(self) -> list[str]:
        """Codes of the nations still in the coalition."""
        return [n.code for n in self.nations if n.in_coalition]

    def contributor_ids(self) -> list[str]:
        """Codes of the troop-contributing nations still in the coalition (the Baltics stay home, 001)."""
        return [n.code for n in self.nations if n.in_coalition and n.brigades > 0]

    # -- the end ------------------------------------------------------------------------------
    def _end(self, cause: str, detail: str) -> None:
        if self.end_cause is None:
            self.end_cause = cause
            self.end_detail = detail
            self.log.note(
                self.week, "end", "engine", f"game over: {cause.replace('_', ' ')}: {detail}"
            )
        self.running = False

    def _check_end(self) -> None:
        self.escalation *= self.rules["escalation_decay"]
        self.escalation_max = max(self.escalation_max, self.escalation)
        if self.escalation >= self.rules["escalation_limit"]:
            coalition_fighting = self.force.units and self.week - self.last_coalition_combat <= 8
            if coalition_fighting:
                self._end(
                    "uncontrollable_escalation",
                    f"escalation {self.escalation:.1f} with coalition troops in combat",
                )
            else:
                self._end(
                    "ceasefire_collapsed",
                    f"escalation {self.escalation:.1f}: large-scale war resumes",
                )
        initial = self.force.initial_troops
        if (
            initial > 0
            and self.force.deployed < self.settings["coalition"]["mission_floor"] * initial
        ):
            self._end(
                "coalition_withdrawn", f"only {self.force.deployed:,} of {initial:,} troops remain"
            )
        if self.week >= self.horizon:
            self._end("held", f"the ceasefire held for {self.week} weeks")

    # -- views --------------------------------------------------------------------------------
    def public_view(self) -> dict[str, Any]:
        """What every actor can see: the declared posture, visible presence, published reports."""
        if self._public is None:
            self._public = self._build_public_view()
        return _copy_public(self._public)

    def _build_public_view(self) -> dict[str, Any]:
        p = self.force.posture
        sectors = self.map.sector_ids
        presence = self.force.presence_by_sector(sectors)
        nearby = self.force.nearby_by_sector(sectors)
        return {
            "week": self.week,
            "horizon_weeks": self.horizon,
            "sectors": sectors,
            "posture": {
                "option": p.option,
                "spacing": p.spacing,
                "response": p.response,
                "employment": p.effective_employment,
            },
            "us_commitment": self.us.declared,
            "monitor_access": self.monitor.access,
            "coalition_presence": {s: v for s, v in presence.items() if v},
            "coalition_nearby": {s: v for s, v in nearby.items() if v},
            "coalition_troops_deployed": self.force.deployed,
            "nations_in_coalition": self.nation_ids_in_coalition(),
            "coalition_cohesion": round(self.cohesion() * 20) / 20,
            "ukraine_quality_visible": round(self.ukraine.quality(self.week), 2),
            "escalation_level": round(self.escalation, 2),
            "monitor_reports": self._recent_reports(26),
        }

    def _recent_reports(self, weeks: int) -> list[dict[str, Any]]:
        """The monitor's published attributions of the last `weeks` weeks, oldest first.

        Kept until the week or the number of attributions changes (an attribution is final),
        so callers must copy the dicts before handing them out.
        """
        key = (self.week, weeks, self.log.counts["attributed"])
        if self._reports is not None and self._reports[0] == key:
            return self._reports[1]
        reports = []
        for i in reversed(self.log.incidents):
            if self.week - i.week > weeks:
                break
            if i.attributed_to is not None:
                reports.append(
                    {
                        "id": i.id,
                        "week": i.week,
                        "sector": i.sector,
                        "level": i.level,
                        "attributed_to": i.attributed_to,
                        "attributed_week": i.attributed_week,
                    }
                )
        reports.reverse()
        self._reports = (key, reports)
        return reports

    def political_view(self) -> dict[str, Any]:
        """The compact public picture politicians act on: no sector detail."""
        view = self._cache.get("political")
        if view is None:
            view = self._cache["political"] = {
                "week": self.week,
                "horizon_weeks": self.horizon,
                "us_commitment": self.us.declared,
                "coalition_troops_deployed": self.force.deployed,
                "nations_in_coalition": self.nation_ids_in_coalition(),
                "coalition_cohesion": round(self.cohesion() * 20) / 20,
                "escalation_level": round(self.escalation, 2),
            }
        return {**view, "nations_in_coalition": list(view["nations_in_coalition"])}

    def nation_troops(self, code: str) -> int:
        """Troops one nation has deployed with the force now (rounded)."""
        troops = self._cache.get("troops")
        if troops is None:
            troops = self._cache["troops"] = self.force.troops_by_nation()
        return round(troops.get(code, 0))

    def cohesion(self) -> float:
        """Troop-weighted mean will of the nations in the coalition (0 when none is left)."""
        members = [n for n in self.nations if n.in_coalition and n.brigades > 0]
        weight = sum(n.brigades for n in members)
        return sum(n.will * n.brigades for n in members) / weight if weight else 0.0

    def answered_rate(self, perpetrator: str, window: int = 52) -> float:
        """Share of a side's own recent violations (level >= 2) the force has visibly answered.

        Only what the perpetrator knows counts: its own violations and responses carried out,
        not the monitor's unpublished detections nor responses still waiting for the ministers.
        """
        own: list[Incident] = []
        for i in reversed(self.log.incidents):
            if self.week - i.week > window:
                break
            if i.perpetrator == perpetrator and i.kind == "violation" and i.level >= 2:
                own.append(i)
        if not own:
            return 0.0
        score = {"denial": 1.0, "punishment": 1.0, "signal": 0.3}
        return sum(score.get(i.visible_response or "none", 0.0) for i in own) / len(own)

    def observe(self, actor_id: str) -> dict[str, Any]:
        """The observation an actor's decider gets this week."""
        return self.actors[actor_id].observe()

    def legal_actions(self, actor_id: str) -> dict[str, Any]:
        """The legal action set of an actor this week."""
        return self.actors[actor_id].legal_actions()

    # -- geography ----------------------------------------------------------------------------
    def sector_at_km(self, km: float) -> str:
        """The sector containing a kilometre mark along the line."""
        for sector_id, end in self._km_marks:
            if km < end:
                return sector_id
        return self._km_marks[-1][0]

    @property
    def _distances(self) -> dict[str, dict[str, float]]:
        """Shortest km between the map's nodes on the coalition's side (computed on first use)."""
        return _own_side_distances(self.map)

    def distance_km(self, a: str, b: str) -> float:
        """Shortest distance over the map graph (line, rear and logistics edges)."""
        return self._distances.get(a, {}).get(b, float("inf"))

    def sector_label(self, sector: str | None) -> str:
        """'sector 14 (Donetsk)'-style label."""
        if sector is None:
            return "the rear"
        s = self.map.sector(sector)
        return f"sector {s.index + 1} {s.name} ({s.oblast})"

    def incident_label(self, inc: Incident) -> str:
        """A short description of an incident."""
        return f"{LEVELS[inc.level]} #{inc.id} in {self.sector_label(inc.sector)}"

    # -- outputs ------------------------------------------------------------------------------
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
        state = self._state_v1() if version == 1 else self._state_v2()
        text = json.dumps(state, sort_keys=True)
        fragment = Incident.digest_fragment if version == 1 else Incident.state_fragment
        incidents = ", ".join(map(fragment, self.log.incidents))
        return text.replace(json.dumps(_INCIDENTS_HERE), f"[{incidents}]", 1)

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
        return {
            "week": self.week,
            "running": self.running,
            "escalation": round(self.escalation, 9),
            "escalation_max": round(self.escalation_max, 9),
            "tripwires": self.tripwires,
            "coalition_casualties": round(self.coalition_casualties, 6),
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
                )
                for n in self.nations
            ],
            "units": [
                (
                    u.id,
                    u.home,
                    u.location,
                    u.mobile,
                    u.quality,
                    [(code, round(t, 6)) for code, t in u.troops_by_nation.items()],
                )
                for u in force.units
            ],
            "force": {"pending": force.pending, "strikes": force.strikes},
            "us": [self.us.commitment, self.us.declared],
            "monitor": {
                "patrols": sorted(monitor.patrols),
                "harassed": sorted(monitor.harassed),
                "harassments": monitor.harassments,
            },
            "unattributed": [i.id for i in self.log.unattributed],
            "events": len(self.log.events),
            "incidents": _INCIDENTS_HERE,
            "rng": str(self.rng.bit_generator.state),
            "end": [self.end_cause, self.end_detail],
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
            "casualties": {
                "russia": round(self.russia.casualties),
                "ukraine": round(self.ukraine.casualties),
                "coalition": round(self.coalition_casualties),
                "by_nation": {
                    n.code: round(n.casualties) for n in self.nations if round(n.casualties)
                },
            },
            "tripwires": self.tripwires,
            "nations_left": [n.code for n in self.nations if n.left_week is not None],
            "escalation_max": round(self.escalation_max, 2),
            "attribution": {
                "attributed": len(attributed),
                "wrong": sum(1 for i in attributed if not i.attribution_correct),
                "mean_weeks": round(sum(delays) / len(attributed), 2) if attributed else None,
            },
            "policies": {a: getattr(d, "name", type(d).__name__) for a, d in self.deciders.items()},
        }


def _ground_state(side: Any) -> list[float]:
    """An army's part of the state: troops per sector, reserves, casualties."""
    return [round(v, 6) for v in side.line_troops.values()] + [
        round(side.reserves, 6),
        round(side.casualties, 6),
    ]


def _copy_view(node: Any) -> Any:
    """A deep copy of a view made of dicts, lists and plain values (policies may change theirs)."""
    if isinstance(node, dict):
        return {k: _copy_view(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy_view(v) for v in node]
    return node


# The containers of the public view (`_build_public_view`); everything else in it is a plain value.
_PUBLIC_LISTS = ("sectors", "nations_in_coalition")
# Where state_digest splices the incidents' cached JSON into the state's (no other text has NUL).
_INCIDENTS_HERE = "\x00incidents\x00"
_PUBLIC_DICTS = ("posture", "coalition_presence", "coalition_nearby")


def _copy_public(view: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the public view, like `_copy_view` but knowing its shape (much faster)."""
    out = view.copy()
    for key in _PUBLIC_LISTS:
        out[key] = list(view[key])
    for key in _PUBLIC_DICTS:
        out[key] = view[key].copy()
    out["monitor_reports"] = [r.copy() for r in view["monitor_reports"]]
    return out


def describe_spec(spec: dict[str, Any], limits: dict[str, int]) -> str:
    """A readable one-line rendering of a legal action set."""
    if not spec:
        return "nothing (no action is legal)"
    parts = []
    for kind, params in spec.items():
        args = ", ".join(
            f"{k} in {_short(v)}" if v is not None else f"{k}=<int>" for k, v in params.items()
        )
        limit = f" (at most {limits[kind]})" if kind in limits else ""
        parts.append(f"{kind}({args}){limit}")
    return "; ".join(parts)


def _short(values: list[Any]) -> str:
    if len(values) <= 8:
        return "[" + ", ".join(map(str, values)) + "]"
    return f"[{values[0]}, {values[1]}, ..., {values[-1]}] ({len(values)} values)"


def _km_marks(sector_map: SectorMap) -> list[tuple[str, float]]:
    marks, total = [], 0.0
    for s in sector_map.sectors:
        total += s.length_km
        marks.append((s.id, total))
    return marks


# Shortest distances on the coalition's side of a map, by the map's hash: only mobile units need
# them, and all-pairs shortest paths cost more than the rest of a game's setup on a large map.
_DISTANCES: dict[str, dict[str, dict[str, float]]] = {}
_DISTANCES_MAX = 8


def _own_side_distances(sector_map: SectorMap) -> dict[str, dict[str, float]]:
    """All-pairs shortest km over the map without Russian hubs (shared; do not change it)."""
    key = f"{sector_map.id}:{sector_map.sha256}"
    found = _DISTANCES.get(key)
    if found is None:
        # The coalition moves on the Ukrainian-held side only: no routes through Russian hubs.
        own_side = sector_map.graph.subgraph(
            n
            for n, d in sector_map.graph.nodes(data=True)
            if d.get("kind") != "hub" or d.get("side") == "ua"
        )
        found = dict(nx.all_pairs_dijkstra_path_length(own_side, weight="km"))
        if len(_DISTANCES) >= _DISTANCES_MAX:
            del _DISTANCES[next(iter(_DISTANCES))]
        _DISTANCES[key] = found
    return found


MAX_ACTIONS = 1000
"""Most actions one actor may return in a week (the limits per type are far lower)."""


def _brief(value: Any) -> str:
    """A policy's answer for a message: its repr, cut short (it may be huge or deeply nested)."""
    try:
        text = reprlib.repr(value)
    except Exception:
        text = f"a {type(value).__name__}"
    return text


def _brief_text(exc: BaseException) -> str:
    try:
        text = " ".join(str(exc).split())
    except Exception:
        text = ""
    return text if len(text) <= 300 else text[:297] + "..."


def _map_reference(scenario: Scenario) -> str:
    ref = scenario.settings["map"]
    if ref.endswith((".yaml", ".yml")) and not Path(ref).is_absolute():
        return str(Path(scenario.source).parent / ref)
    return ref


def _coalition_mean_will(m: CeasefireModel) -> float:
    return round(m.cohesion(), 4)


MODEL_REPORTERS: dict[str, Callable[[CeasefireModel], Any]] = {
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


class _Collector(mesa.DataCollector):
    """Mesa's DataCollector (mesa 3.3), with two shortcuts that give the very same tables.

    Mesa deep-copies each model reporter's value; ours are numbers or strings, for which the
    copy is the value itself, so it is stored as it is. An actor of a known kind gets its row
    from one call (`_AGENT_ROWS`) instead of one generic reporter per column.
    """

    def collect(self, model: Any) -> None:
        """Record the model's and every actor's values for the current step."""
        for var, reporter in self.model_reporters.items():
            self.model_vars[var].append(reporter(model))
        steps = model.steps
        reporters = tuple(self.agent_reporters.values())
        rows = []
        for a in model.agents:
            row = _AGENT_ROWS.get(type(a))
            values = row(a) if row is not None else tuple(r(a) for r in reporters)
            rows.append((steps, a.unique_id, *values))
        # What Mesa's own collect stores: (step, unique_id, *reporter values) per agent.
        self._agent_records[steps] = rows
