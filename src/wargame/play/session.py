"""The session API: create a game from scenario + seed + policies, advance it, read it out."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from wargame.config.parameters import check_seed
from wargame.config.scenario import (
    Scenario,
    apply_override,
    from_settings,
    game_setup,
    load_scenario,
)
from wargame.engine.decisions import Decider, Decision
from wargame.engine.model import CeasefireModel
from wargame.engine.roster import all_actor_ids
from wargame.engine.sector_map import SectorMap
from wargame.engine.white_cell import MAX_REASON, check_act, context_of, schedule
from wargame.errors import WargameError
from wargame.files import write_atomic  # noqa: F401 - kept importable from here
from wargame.play import export
from wargame.play.advisor import Advice, advise
from wargame.play.record.format import ROOM_ACTS, white_cell_line
from wargame.play.record.writer import RecordWriter, record_header, week_line_and_texts
from wargame.play.standing_orders import StandingOrder
from wargame.policies.policy import PolicyError
from wargame.policies.registry import make_deciders, make_policy


@dataclass(frozen=True)
class HandBack:
    """A person's actor handed to its policy: through a week, or until its next decision point."""

    since: int  # the week in progress (or next) when it was handed back
    through: int | None  # the last week the policy plays it; None: until the next decision point

    def describe(self) -> str:
        """E.g. 'the policy plays it through week 12'."""
        if self.through is None:
            return "the policy plays it until something happens to it (its next decision point)"
        return f"the policy plays it through week {self.through}"


class Game:
    """One game being played: the model, the policies, the people deciding, and its record."""

    recorder: RecordWriter | None  # set by _setup (None), then by __init__ or from_model

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        sector_map: SectorMap | None = None,
        *,
        humans: Iterable[str] = (),
        ask: Callable[[Decision], bool] | None = None,
        deciders: Mapping[str, Decider] | None = None,
        record: str | Path | None = None,
    ) -> None:
        check_seed(seed)
        deciders = dict(deciders or make_deciders(scenario.settings, actor_ids_for(scenario), seed))
        model = game_setup(scenario, sector_map).new_model(seed, deciders)
        self._setup(model, seed, humans, ask)
        if record is not None:
            self.recorder = RecordWriter.create(record, record_header(self), model)

    @classmethod
    def from_model(
        cls,
        model: CeasefireModel,
        seed: int,
        *,
        humans: Iterable[str] = (),
        ask: Callable[[Decision], bool] | None = None,
        recorder: RecordWriter | None = None,
    ) -> Game:
        """A game around a model already played to some week (e.g. a resumed record)."""
        game = cls.__new__(cls)
        game._setup(model, seed, humans, ask)
        game.recorder = recorder
        return game

    def _setup(
        self,
        model: CeasefireModel,
        seed: int,
        humans: Iterable[str],
        ask: Callable[[Decision], bool] | None,
    ) -> None:
        self.model = model
        if not isinstance(model.scenario, Scenario):  # the engine needs less than a session
            raise WargameError("a session needs a game set up from a checked Scenario")
        self.scenario: Scenario = model.scenario
        self.seed = seed
        self.deciders = model.deciders  # one dict: a policy switched here is the model's too
        self.humans = frozenset(humans)
        actor_ids = list(model.actors)
        # The seats whose policies the week asks itself, only while `advance` plays on (so
        # `submit` still stops at the next decision, a policy's too).
        self._policy_seats = frozenset(actor_ids) - self.humans
        self._asks: set[str] = set()
        unknown = sorted(self.humans - set(actor_ids))
        if unknown:
            raise WargameError(
                f"humans: unknown actor(s) {', '.join(unknown)}; actors: {', '.join(actor_ids)}"
            )
        self.ask = ask
        self.overrides: list[str] = []
        self.pending: Decision | None = None  # the decision a person must take now
        self._turn: Generator[Decision, Any, None] | None = None  # the week in progress
        self._waiting: Decision | None = None  # asked but not yet answered (e.g. policy raised)
        self._decided_by_people: list[str] = []
        self._policy_changes: dict[str, str] = {}
        self.standing_orders: dict[str, StandingOrder] = {}  # a person's orders carried over
        self.handed_back: dict[str, HandBack] = {}  # a person's actors the policy plays for now
        self._ask_next: set[str] = set()  # taken back: the next decision goes to the person
        # week -> person's actor -> who gave its orders: "person", "standing order" or "policy"
        self.decided_by: dict[int, dict[str, str]] = {}
        self.recorder = None
        self.paused = False  # by the white cell: no moves until it resumes the game
        self._acts_waiting: list[dict[str, Any]] = []  # given mid-week: made at the week's end
        self.white_cell_acts: list[dict[str, Any]] = []  # every act given (as recorded), in order

    @property
    def decision_timeout(self) -> float | None:
        """Seconds a policy may take for one decision (None: no limit, the engine's default)."""
        return self.model.decision_timeout

    @decision_timeout.setter
    def decision_timeout(self, seconds: float | None) -> None:
        self.model.decision_timeout = seconds

    @property
    def week(self) -> int:
        """Weeks completed so far."""
        return self.model.week - (1 if self._turn is not None else 0)

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return not self.model.running and self._turn is None

    def advance(self) -> Decision | None:
        """Play on until a person must decide (returns that decision) or the week is complete."""
        if self.pending is not None:
            return self.pending
        self._check_not_paused()
        self._asks |= self._policy_seats
        try:
            return self._play_on()
        finally:
            self._asks.clear()

    def _play_on(self) -> Decision | None:
        if self._waiting is not None:
            decision: Decision | None = self._waiting
        elif self._turn is None:
            if self.over:
                return None
            # People see everything; the week asks the policies itself while advancing.
            self._turn = self.model.turn(full=self.humans, asks=self._asks)
            decision = self._after(next(self._turn, None))
        else:  # pragma: no cover - a week in progress always waits on a decision
            raise WargameError("internal: a week is in progress without a decision")
        humans = self.humans
        while decision is not None:
            if decision.actor_id not in humans:  # a policy plays it: no person, no order
                self._waiting = decision
                failure = self.model.take_failure()
                if failure is not None:  # the policy failed when the week asked it
                    raise failure
                actions = self._policy_actions(decision)
                decision = self._answer(
                    decision, actions, self.model.decider_name(decision.actor_id)
                )
                continue
            if self._person_decides(decision):
                self.pending = decision
                return decision
            self._waiting = decision
            order = self._standing_order(decision)
            if order is not None:
                decision = self._by_standing_order(decision, order)
                continue
            actions = self._policy_actions(decision)
            self._note_decider(decision, "policy")
            decision = self._answer(decision, actions, self.model.decider_name(decision.actor_id))
        return None

    def white_cell(self, act: Mapping[str, Any]) -> dict[str, Any]:
        """The umpire's act: an inject or override (due at `at`, default the next week), or a
        pause or resume of the game. Checked at once (InjectError naming the field); recorded
        as its own line and made before the next week begins (at the end of a week in progress).
        Returns the act as recorded."""
        if self.over:
            raise WargameError("white cell: the game is over; nothing more can be given")
        kind = act.get("kind") if isinstance(act, Mapping) else None
        if kind in ROOM_ACTS:
            reason = act.get("reason", "")
            if set(act) - {"kind", "reason"} or not isinstance(reason, str):
                raise WargameError(f"white cell: a {kind} has only a kind and a reason (text)")
            if len(reason) > MAX_REASON:
                raise WargameError(f"white cell.reason: at most {MAX_REASON} characters")
            if (kind == "pause") == self.paused:
                raise WargameError(
                    f"white cell: the game is {'already' if self.paused else 'not'} paused"
                )
            checked: dict[str, Any] = {"kind": kind, **({"reason": reason} if reason else {})}
            self.paused = kind == "pause"
        else:
            checked = check_act(act, context_of(self.model))
        if self._turn is not None:
            self._acts_waiting.append(checked)
        else:
            self._give(checked)
        return checked

    @property
    def acts_waiting(self) -> list[dict[str, Any]]:
        """White-cell acts given during the week in progress (made once it ends)."""
        return list(self._acts_waiting)

    def _give(self, act: dict[str, Any]) -> None:
        """Record an act (sealed to the state before it), then let the engine keep it."""
        if self.recorder is not None:
            self.recorder.write_act(white_cell_line(self.model, act))
        if act["kind"] not in ROOM_ACTS:
            schedule(self.model, act)
        self.white_cell_acts.append({**act, "given": self.model.week + 1})

    def _check_not_paused(self) -> None:
        if self.paused:
            raise WargameError("the umpire has paused the game: no moves until it is resumed")

    def advice(self, decision: Decision | None = None) -> Advice:
        """What the actor's policy would choose on this decision (default: the pending one), and
        why in a line; asked of a copy, so the game, its policies and its record do not change."""
        decision = decision or self.waiting
        if decision is None:
            raise WargameError(f"week {self.model.week}: no decision to advise on")
        name = self.model.decider_name(decision.actor_id)
        return advise(self.deciders[decision.actor_id], decision, name, self.decision_timeout)

    def hand_back(self, actor_id: str, weeks: int | None = None) -> HandBack:
        """Let the actor's policy play a person's actor for `weeks` weeks (from the week in
        progress, or the next), or with None until its next decision point after this week.

        A decision of that actor waiting for the person is given to the policy at once; the
        weeks are recorded as the policy's (not in the week lines' `humans`).
        """
        if actor_id not in self.humans:
            raise WargameError(f"hand back: {actor_id} is not played by a person in this game")
        if weeks is not None and (isinstance(weeks, bool) or int(weeks) != weeks or weeks < 1):
            raise WargameError(
                f"hand back: weeks must be a whole number of at least 1, not {weeks}"
            )
        since = self.model.week if self._turn is not None else self.model.week + 1
        hand = HandBack(since, None if weeks is None else since + int(weeks) - 1)
        self.handed_back[actor_id] = hand
        self._ask_next.discard(actor_id)
        if self.pending is not None and self.pending.actor_id == actor_id:
            self.pending = None  # still `_waiting`: `advance` gives it to the policy
        return hand

    def take_back(self, actor_id: str) -> None:
        """The person takes the actor back at once: its next decision is put to the person."""
        if actor_id not in self.humans:
            raise WargameError(f"take back: {actor_id} is not played by a person in this game")
        self.handed_back.pop(actor_id, None)
        self._ask_next.add(actor_id)
        waiting = self._waiting
        if self.pending is None and waiting is not None and waiting.actor_id == actor_id:
            self.pending = waiting  # a decision held up (e.g. its policy failed) is the person's

    def _handed(self, decision: Decision) -> bool:
        """Whether the policy plays this decision of a handed-back actor (ends a hand-back that
        is over: its weeks done, or its actor's next decision point reached)."""
        hand = self.handed_back.get(decision.actor_id)
        if hand is None:
            return False
        if hand.through is not None:
            if decision.week <= hand.through:
                return True
        elif decision.week <= hand.since or (self.ask is not None and not self.ask(decision)):
            return True
        del self.handed_back[decision.actor_id]
        return False

    def _note_decider(self, decision: Decision, who: str) -> None:
        """Note who gave the orders of a person's actor this week (the feed marks the policy's)."""
        if decision.actor_id in self.humans:
            self.decided_by.setdefault(decision.week, {})[decision.actor_id] = who

    @property
    def waiting(self) -> Decision | None:
        """The decision the game waits on: a person's, the one a policy is deciding now, or one
        whose policy failed (else None)."""
        return self.pending or self.model.asking or self._waiting

    def submit(self, actions: list[dict[str, Any]]) -> None:
        """Give the pending decision's actions (ActionError, game unchanged, if any is illegal).

        It plays on only to the next decision; call `advance()` to let the policies finish the
        week (it stops again at the next person's decision).
        """
        self._check_not_paused()
        decision = self.pending
        if decision is None:
            raise WargameError(f"week {self.model.week}: no decision is waiting for a person")
        self._decided_by_people.append(decision.actor_id)  # the week's record needs it at its end
        try:
            nxt = self._answer(decision, actions, "human")
        except WargameError:
            self._decided_by_people.pop()
            raise
        self._note_decider(decision, "person")
        self._ask_next.discard(decision.actor_id)
        self.pending = None
        remember = getattr(self.standing_orders.get(decision.actor_id), "remember", None)
        if remember is not None:
            remember(actions)
        if nxt is not None:
            self.pending = nxt if self._person_decides(nxt) else None

    def step(self) -> None:
        """Play one week (or the rest of the week in progress); a person's turn must come first."""
        decision = self.advance()
        if decision is not None:
            raise WargameError(
                f"week {decision.week}: {decision.actor_id} is played by a person and must "
                "decide first (Game.submit)"
            )

    def run(self, weeks: int | None = None) -> Game:
        """Play to the end, or `weeks` more weeks."""
        stop = self.model.horizon if weeks is None else self.week + weeks
        while not self.over and self.week < stop:
            self.step()
        return self

    def set_policy(self, actor_id: str, ref: str, params: Mapping[str, Any] | None = None) -> None:
        """Let another policy play an actor from now on (e.g. after its policy failed)."""
        policy = make_policy(ref, actor_id, self.seed, dict(params or {}))
        self.deciders[actor_id] = policy
        self._policy_changes[actor_id] = ref

    def start_recording(self, path: str | Path) -> None:
        """Record this game (from week 0) into a JSON Lines file, a line per week as it is played."""
        if self.model.week > 0:
            raise WargameError(f"{path}: a game can only be recorded from its start (week 0)")
        self.recorder = RecordWriter.create(path, record_header(self), self.model)

    def close(self) -> None:
        """Close the record file, if any (the weeks played so far stay in it)."""
        if self.recorder is not None:
            self.recorder.close()

    def set_standing_order(self, actor_id: str, order: StandingOrder | None) -> None:
        """Give a person's actor a standing order (None: clear it); it lasts until changed."""
        if actor_id not in self.humans:
            raise WargameError(f"standing order: {actor_id} is not played by a person in this game")
        if order is None:
            self.standing_orders.pop(actor_id, None)
        else:
            self.standing_orders[actor_id] = order

    def _person_decides(self, decision: Decision) -> bool:
        if decision.actor_id not in self.humans or self._handed(decision):
            return False
        if decision.actor_id in self._ask_next:
            return True
        if self.ask is not None and not self.ask(decision):
            return False
        order = self.standing_orders.get(decision.actor_id)
        return order is None or self.ask is None or not order.covers(decision)

    def _standing_order(self, decision: Decision) -> StandingOrder | None:
        """The standing order that answers this decision of a person's actor not asked now."""
        if decision.actor_id not in self.humans or decision.actor_id in self.handed_back:
            return None
        return self.standing_orders.get(decision.actor_id)

    def _by_standing_order(self, decision: Decision, order: StandingOrder) -> Decision | None:
        """The standing order answers, recorded as the person's decision (a replay repeats it)."""
        self._decided_by_people.append(decision.actor_id)
        try:
            nxt = self._answer(decision, order.actions(decision), "standing order")
        except WargameError:
            self._decided_by_people.pop()
            raise
        self._note_decider(decision, "standing order")
        return nxt

    def _policy_actions(self, decision: Decision) -> list[dict[str, Any]]:
        """The actor's policy decides; a policy that raises or answers badly leaves the game as it was."""
        try:
            actions = self.model.decide(decision)
        except WargameError:
            raise
        except Exception as exc:
            name = self.model.decider_name(decision.actor_id)
            error = PolicyError(
                f"week {decision.week}: policy '{name}' playing {decision.actor_id} failed: "
                f"{type(exc).__name__}: {exc}"
            )
            error.actor_id = decision.actor_id
            raise error from exc
        return actions

    def _answer(self, decision: Decision, actions: Any, policy: str) -> Decision | None:
        """Hand checked actions to the week in progress (ActionError leaves it as it was)."""
        assert self._turn is not None
        return self._after(self.model.answer(self._turn, decision, actions, policy))

    def _after(self, decision: Decision | None) -> Decision | None:
        """Note the decision the week now waits on; at the week's end, record the week."""
        if decision is None:
            self._turn = None
            self._waiting = None
            self._week_done()
        else:
            self._waiting = decision  # a failure of its policy, if any, is raised by `advance`
        return decision

    def _week_done(self) -> None:
        if self.recorder is not None and self.model.week > self.recorder.last_week:
            self.recorder.write_week(
                *week_line_and_texts(
                    self.model,
                    self._decided_by_people,
                    self._policy_changes,
                    previous=self.recorder.last_digest,
                )
            )
            if not self.model.running:
                self.recorder.finish(self.summary(), self.model)
        self._decided_by_people = []
        self._policy_changes = {}
        acts, self._acts_waiting = self._acts_waiting, []
        if self.model.running:  # acts given during the week: made now, before the next
            for act in acts:
                if act["kind"] in ROOM_ACTS:
                    self._give(act)
                else:  # checked again: the week just played may have changed what is allowed
                    try:
                        act = check_act(act, context_of(self.model))
                    except WargameError:
                        continue  # e.g. due after the horizon the game has now reached
                    self._give(act)

    def summary(self) -> dict[str, Any]:
        """The outcome as a JSON-able dict."""
        return self.model.summary()

    def weekly(self) -> pd.DataFrame:
        """Model-level series, one row per week (week 0 = the start)."""
        return export.weekly_frame(self.model)

    def actors_weekly(self) -> pd.DataFrame:
        """Actor-level series: one row per actor per week."""
        return export.actors_frame(self.model)

    def incidents(self) -> pd.DataFrame:
        """The incident log, one row per incident."""
        return self.model.log.incidents_frame()

    def events(self) -> pd.DataFrame:
        """The story of the game, one row per event."""
        return self.model.log.events_frame()

    def write_tables(self, folder: str | Path) -> list[Path]:
        """Write the weekly, actor, incident and event tables as CSV files into a folder."""
        return export.write_tables(self.model, folder)


def actor_ids_for(scenario: Scenario) -> list[str]:
    """Every actor id of a game of this scenario, in a fixed order."""
    return all_actor_ids(scenario.settings["nations"])


def check_game(scenario: str, overrides: Sequence[str] = ()) -> Scenario:
    """The resolved scenario, checked without building a game: settings, map, budget, policies.

    Raises what `new_game` would (ConfigError, BudgetError, PolicyError); a batch checks each
    cell with it before playing any.
    """
    resolved = load_scenario(scenario, list(overrides))
    game_setup(resolved)  # refuses a posture over the budget
    make_deciders(resolved.settings, actor_ids_for(resolved), 0)  # refuses a bad policy
    return resolved


def new_game(
    scenario: str | Scenario | Mapping[str, Any] = "default",
    seed: int = 0,
    overrides: list[str] | None = None,
    policies: Mapping[str, str] | None = None,
    sector_map: SectorMap | None = None,
    humans: Iterable[str] = (),
    ask: Callable[[Decision], bool] | None = None,
    record: str | Path | None = None,
    maps_root: Path | None = None,
) -> Game:
    """Create a game: scenario (name, path, Scenario or settings), seed, overrides, policies,
    the actors people play (asked when `ask` says so), and a record file to write; with
    `maps_root` a scenario file may name only shipped maps or map files inside that folder."""
    extra = [
        *(overrides or []),
        *(f"policies.{actor}={name}" for actor, name in (policies or {}).items()),
    ]
    if isinstance(scenario, str):
        resolved = load_scenario(scenario, extra, maps_root=maps_root)
    else:
        base = scenario if isinstance(scenario, Scenario) else from_settings(dict(scenario))
        resolved = with_overrides(base, extra)
    game = Game(resolved, seed, sector_map=sector_map, humans=humans, ask=ask)
    game.overrides = extra
    if record is not None:
        game.start_recording(record)
    return game


def with_overrides(scenario: Scenario, items: list[str]) -> Scenario:
    """The scenario with `key=value` overrides applied, validated again."""
    if not items:
        return scenario
    settings = scenario.to_dict()
    for item in items:
        apply_override(settings, item)
    return from_settings(settings, scenario.source)
