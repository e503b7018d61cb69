"""The rules: a deterministic Mesa model of a guaranteed ceasefire on the sector graph."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np

from wargame.engine.actors import (
    Actor,
    ForceCommander,
    Monitor,
    Nation,
    Russia,
    Ukraine,
    UnitedStates,
)
from wargame.engine.actors.nation import election_interval
from wargame.engine.beliefs import prior
from wargame.engine.decisions import Decider, Decision, ask, check_actions
from wargame.engine.events import Event, EventLog
from wargame.engine.geography import _km_marks
from wargame.engine.learning import learn_week
from wargame.engine.measures import Measures, WeeklyCollector
from wargame.engine.observed import PartialObservation
from wargame.engine.roster import TURN_ORDER
from wargame.engine.state import SetupLike
from wargame.engine.warning import look_for_buildups
from wargame.engine.white_cell import apply_due, check_acts, context_of
from wargame.errors import WargameError

_UNASKED: Any = object()  # a decision the week did not (or could not) ask its decider about


def _name_of(decider: Decider, _actor: Actor) -> str:
    """A decider's name: its `name`, or its class's."""
    return str(getattr(decider, "name", type(decider).__name__))


class CeasefireModel(Measures):
    """One game: a scenario, a seed and a decider per actor; one step is one week."""

    def __init__(self, setup: SetupLike, seed: int, deciders: Mapping[str, Decider]) -> None:
        super().__init__(rng=seed)
        self.seed = seed
        self.setup = setup
        self.scenario = setup.scenario
        self.settings = setup.scenario.settings
        self.rules = self.settings["rules"]
        self.map = setup.sector_map
        self.decision_timeout = None
        self.week = 0
        self.horizon = setup.scenario.weeks
        self.escalation = 0.0
        self.escalation_max = 0.0
        self.end_cause = None
        self.end_detail = ""
        self.tripwires = 0
        self.coalition_casualties = 0.0
        self.civilian_casualties = 0.0
        # Civilian harm draws from its own stream, seeded from the model's: a dial that changes
        # only what is seen (the monitor's rolls) does not change who is hurt by chance.
        self.civilian_rng = np.random.default_rng(int(self.rng.integers(2**63)))
        # Elections likewise: when each contributor votes, and the swing its vote brings.
        self.election_rng = np.random.default_rng(int(self.rng.integers(2**63)))
        self.civilians_this_week = 0.0
        self.ukraine_attributed_this_week = 0  # raids and obstruction attributed to Ukraine
        self.last_coalition_combat = -999
        self.ground_lost_km = {}
        self.judged_upto = 0
        self.log = EventLog()
        self.week_actions = {}
        self.white_cell = []
        self._events_mark = 0
        self._public = None
        self._cache = {}
        self._reports = None
        self._raids = None
        self._unit_texts = {}
        self._decider_names: dict[str, tuple[Decider, str]] = {}  # kept while the decider is
        self._decider_reads: dict[str, tuple[Decider, frozenset[str] | None]] = {}  # likewise
        self._decider_checks: dict[str, tuple[Decider, Any]] = {}  # likewise
        self._failure: BaseException | None = None  # a decider's, asked within the week
        self.asking: Decision | None = None  # the decision the week is asking a decider now
        self._km_marks = _km_marks(self.map)

        posture = setup.scenario.posture
        self.troops_deployed_planned = setup.troops_deployed_planned
        self.troops_committed = setup.troops_committed
        self.troop_budget = setup.troop_budget

        self.russia = Russia(self, self.settings["russia"])
        self.ukraine = Ukraine(self, self.settings["ukraine"])
        self.nations = [
            Nation(self, code, nation, self.settings["coalition"])
            for code, nation in self.settings["nations"].items()
        ]
        self._budget_shares = self.budget_shares()
        term = election_interval(self.settings["coalition"])
        for n in self.nations:  # the first vote somewhere in the first term (ASSUMED)
            n.next_election = int(self.election_rng.integers(1, term + 1))
        self.us = UnitedStates(self, self.settings["us"])
        self.monitor = Monitor(self, self.settings["monitor"])
        weights = {n.code: float(n.brigades) for n in self.nations}
        self.force = ForceCommander(self, posture, weights)
        if posture.option == "none":  # no force, no coalition (002: 'Minsk III')
            for n in self.nations:
                n.in_coalition = False
        self.russia.beliefs = prior(
            self.settings["russia"], self.us.declared, bool(self.force.units), self.cohesion()
        )
        self.russia.seen_commitment = self.us.declared
        self.actors = {a.actor_id: a for a in self.agents}
        self.deciders = dict(deciders)
        missing = [a for a in self.actors if a not in self.deciders]
        if missing:
            raise WargameError(f"no decider for actor(s): {', '.join(missing)}")
        injects = self.settings.get("injects")
        if injects:  # a scenario's scheduled white-cell acts
            ctx = context_of(self)
            self.white_cell = check_acts(injects, ctx, "injects")
        self.datacollector = WeeklyCollector()
        self.datacollector.collect(self)

    # -- the turn -----------------------------------------------------------------------------
    def step(self) -> None:
        """Play one week: every actor's decider is asked in turn (see `turn`)."""
        turn = self.turn(full=frozenset(), asks=self.actors.keys())
        if next(turn, None) is not None:  # the week asks every decider: only a failure stops it
            failure = self.take_failure()
            assert failure is not None
            raise failure

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

    def turn(
        self, full: AbstractSet[str] | None = None, asks: AbstractSet[str] = frozenset()
    ) -> Generator[Decision, Any, None]:
        """One week that pauses at each decision: yields a Decision, takes back its actions.

        Drive it with `answer`, which checks the actions first. The deciders of the actors in
        `asks` are asked by the week itself, without a pause (`step` asks them all; a session
        those no person plays); if one fails (PolicyError, ActionError), the week pauses on its
        decision as on any other and `take_failure` gives the failure to the driver. With `full`
        given, an actor not in it whose decider declares `reads` gets an observation built for
        what it reads (engine/observed.py), closed once answered; every other observation is
        built whole. An asked decider that declares it would answer nothing now
        (`BasePolicy.answers_nothing`) is not asked: its actions are [] as its answer would be.
        """
        if not self.running:
            return
        self.week += 1
        self.log.start_week()
        self.week_actions = {}
        self._events_mark = len(self.log.events)
        self._changed()
        self.russia.regenerate()
        self.russia.mass()
        self.ukraine.regenerate()
        self.civilians_this_week = 0.0
        self.ukraine_attributed_this_week = 0
        self.monitor.start_week()
        for n in self.nations:
            n.reset_week()
        if self.white_cell:  # the umpire's acts due this week, before anyone decides
            apply_due(self)
        # `asks` is the driver's live set (a session fills it only while it advances), so each
        # actor is looked up in it again, not only in what it held when the week began.
        checked = self._pre_checked(asks)
        for actor_id in TURN_ORDER:
            if actor_id == "us":
                self.force.share_picture()
            actor = self.actors[actor_id]
            decision = self._unanswered(actor, full, asks, checked)
            if decision is not None:
                self._act(actor, decision, (yield decision))  # checked by `answer`
            if actor_id == "monitor":
                self.monitor.work()
                look_for_buildups(self)
                self._changed()
        self.force.release_pending()
        self._resolve_incidents()
        burdens = self.mission_burdens()
        for n in self.nations:
            if n.in_coalition:
                n.wear(burdens.get(n.code, 0.0))
                n.update_will(self.week)
        self._changed()
        self.force.share_picture()  # nations decide on this week's fighting
        for n in self.nations:
            if n.in_coalition:
                decision = self._unanswered(n, full, asks, checked)
                if decision is not None:
                    self._act(n, decision, (yield decision))
        learn_week(self)
        self._check_end()
        self.force.return_home()
        self._changed()
        self.datacollector.collect(self)

    def run(self, weeks: int | None = None) -> None:
        """Play until the game ends or `weeks` more weeks have passed."""
        stop = self.horizon if weeks is None else min(self.horizon, self.week + weeks)
        while self.running and self.week < stop:
            self.step()

    def _unanswered(
        self,
        actor: Actor,
        full: AbstractSet[str] | None,
        asks: AbstractSet[str],
        checked: AbstractSet[str],
    ) -> Decision | None:
        """The actor's part of the week: nothing when it has no decision; acted on at once when
        its decider, asked by the week, answers (or says it would answer nothing); else the
        decision the week must pause on (a person's, or one whose decider failed)."""
        actor_id = actor.actor_id
        if actor_id in checked and actor_id in asks and self._answers_nothing(actor):
            self.week_actions[actor_id] = []  # what asking it would have given
            return None
        decision = self._decision(actor, full)
        if decision is None or actor_id not in asks:
            return decision
        actions = self._asked(decision)
        if actions is _UNASKED:
            return decision
        self._act(actor, decision, actions)
        return None

    def _asked(self, decision: Decision) -> Any:
        """The decider's checked actions, asked within the week; `_UNASKED` if it failed."""
        actor_id = decision.actor_id

        def name() -> str:  # only a failure needs it
            return self.decider_name(actor_id)

        self.asking = decision
        try:
            actions = ask(self.deciders[actor_id], decision, name, self.decision_timeout)
            self.validate_actions(self.actors[actor_id], actions, name, decision.legal)
        except (WargameError, KeyboardInterrupt) as exc:
            self._failure = exc
            return _UNASKED
        finally:
            self.asking = None
        return actions

    def take_failure(self) -> BaseException | None:
        """The failure of the decider the week in progress waits on since it was asked within
        the week (see `turn`), once; None if there is none."""
        failure, self._failure = self._failure, None
        return failure

    def decide(self, decision: Decision) -> Any:
        """Ask the actor's decider for its actions (see `decisions.ask`)."""
        return ask(
            self.deciders[decision.actor_id],
            decision,
            self.decider_name(decision.actor_id),
            self.decision_timeout,
        )

    def decider_name(self, actor_id: str) -> str:
        """The name of the policy (or decider) playing an actor."""
        return self._of_decider(self._decider_names, actor_id, _name_of)  # type: ignore[no-any-return]

    def _of_decider(
        self,
        kept: dict[str, tuple[Decider, Any]],
        actor_id: str,
        make: Callable[[Decider, Actor], Any],
    ) -> Any:
        """`make(decider, actor)` for the actor's decider, kept while the decider is the same."""
        decider = self.deciders[actor_id]
        entry = kept.get(actor_id)
        if entry is not None and entry[0] is decider:
            return entry[1]
        value = make(decider, self.actors[actor_id])
        kept[actor_id] = (decider, value)
        return value

    # A decision is asked and acted on inline in `turn` (no sub-generator per actor and week).
    def _decision(self, actor: Actor, full: AbstractSet[str] | None = None) -> Decision | None:
        """The actor's decision this week, or None if it has nothing it may do."""
        spec = actor.legal_actions()
        if not spec:
            return None
        reads = None
        # A decider under a time limit may go on reading after it is stopped: it gets it whole.
        if full is not None and actor.actor_id not in full and self.decision_timeout is None:
            reads = self._reads(actor)
        # Decision(...) without its frozen __init__'s object.__setattr__ per field: the same
        # attributes in the same order (the observation is a TypedDict of views.py).
        decision = object.__new__(Decision)
        decision.__dict__.update(
            week=self.week,
            actor_id=actor.actor_id,
            observation=actor.observe(reads),
            legal=spec,
            limits=actor.action_limits(),
        )
        return decision

    def _reads(self, actor: Actor) -> frozenset[str] | None:
        """The observation fields the actor's decider declares it reads (None: all of them)."""
        return self._of_decider(self._decider_reads, actor.actor_id, self._checked_reads)  # type: ignore[no-any-return]

    def _pre_checked(self, asks: AbstractSet[str]) -> set[str]:
        """The asked actors whose deciders declare `answers_nothing` (none under a time limit,
        which the pre-check would run without)."""
        if self.decision_timeout is not None:
            return set()
        deciders = self.deciders
        return {a for a in asks if getattr(deciders[a], "answers_nothing", None) is not None}

    def _answers_nothing(self, actor: Actor) -> bool:
        """Whether the actor's policy declares from the fields it reads that it would answer
        nothing now (`BasePolicy.answers_nothing`)."""
        check = self._of_decider(self._decider_checks, actor.actor_id, self._nothing_check)
        if check is None or self.decision_timeout is not None or not actor.legal_actions():
            return False  # (its policy or the time limit may have changed since the week began)
        answers_nothing, reads = check
        try:
            return answers_nothing(actor.observed.plain(actor, reads)) is True
        except Exception:  # a pre-check that fails is none: the policy is asked as usual
            return False

    def _nothing_check(
        self, decider: Decider, actor: Actor
    ) -> tuple[Callable[[dict[str, Any]], Any], frozenset[str]] | None:
        check = getattr(decider, "answers_nothing", None)
        reads = None if check is None else self._reads(actor)
        return None if check is None or reads is None else (check, reads)

    def _checked_reads(self, decider: Decider, actor: Actor) -> frozenset[str] | None:
        reads = getattr(decider, "reads", None)
        if reads is not None:
            unknown = actor.observed.unknown(reads)
            if unknown is None or unknown:
                raise WargameError(
                    f"policy '{self.decider_name(actor.actor_id)}' playing {actor.actor_id}: "
                    f"`reads` must be a frozenset of observation fields; "
                    + (f"unknown: {', '.join(unknown)}; " if unknown else "")
                    + f"{actor.actor_id}'s fields: {', '.join(actor.observed.fields)}"
                )
        return reads

    def _act(self, actor: Actor, decision: Decision, actions: Any) -> None:
        """Carry out an actor's checked actions; forget the views if it acted."""
        observation = decision.observation
        if type(observation) is PartialObservation:
            observation.close()  # the state moves on: what was not read can no longer be
        self.week_actions[actor.actor_id] = [dict(a) for a in actions]
        for action in actions:
            actor.apply(action)
        if actions:
            self._changed()

    def events_this_week(self) -> list[Event]:
        """The events noted during the week being (or last) played."""
        return self.log.events[self._events_mark :]

    def validate_actions(
        self,
        actor: Actor,
        actions: Any,
        policy: str | Callable[[], str],
        spec: dict[str, Any] | None = None,
    ) -> None:
        """Refuse any action outside the actor's legal set, naming policy (or a function giving
        its name, called only then), actor, week and choices."""
        if type(actions) is list and not actions:
            return  # doing nothing is always legal (and the most common answer by far)
        check_actions(actor, actions, policy() if callable(policy) else policy, self.week, spec)
