"""Each side's objectives scored on a game, and the student against the policy on the same seed.

Every measure reads what the game records: `summary()`, the weekly series (Mesa's
DataCollector) and the event log. An objective is met when its measure passes its test
(`at_least` or `at_most` the threshold). Its credit is 1 when met; when not met, how close it
came: value / threshold for `at_least`, threshold / value for `at_most` (0 when the threshold
is 0, as for a yes/no measure). A side's score is 100 x the mean credit of its objectives,
rounded to a whole number: 100 when every objective is met, 0 when none came near.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wargame.config.goals import MEASURES, SIDE_NAMES, SIDES, side_of
from wargame.engine.roster import DISPLAY_NAMES
from wargame.play.session import Game, new_game


def _yes(flag: bool) -> float:
    return 1.0 if flag else 0.0


def _force_kept(model: Any, s: Mapping[str, Any]) -> float:
    troops = model.datacollector.model_vars["coalition_troops"]
    return troops[-1] / troops[0] if troops and troops[0] > 0 else 0.0


def _attribution_weeks(model: Any, s: Mapping[str, Any]) -> float:
    att = s["attribution"]
    if att["mean_weeks"] is not None:
        return float(att["mean_weeks"])
    # Nothing attributed: on time if there was nothing to attribute, never otherwise.
    return 0.0 if s["incidents"]["total"] == 0 else math.inf


def _wrong_share(model: Any, s: Mapping[str, Any]) -> float:
    att = s["attribution"]
    return att["wrong"] / att["attributed"] if att["attributed"] else 0.0


def _per_year(model: Any, s: Mapping[str, Any]) -> float:
    weeks = max(1, s["weeks"])
    return s["incidents"]["harassment"] * 52 / weeks


_MEASURE: dict[str, Callable[[Any, Mapping[str, Any]], float]] = {
    "ceasefire_broken": lambda m, s: _yes(
        s["end_cause"] in ("ceasefire_collapsed", "coalition_withdrawn")
    ),
    "ceasefire_held": lambda m, s: _yes(s["end_cause"] in ("held", "running")),
    "breakthrough": lambda m, s: _yes(s["end_cause"] == "ceasefire_collapsed"),
    "war_with_nato": lambda m, s: _yes(s["end_cause"] == "uncontrollable_escalation"),
    "nations_left": lambda m, s: float(len(s["nations_left"])),
    "casualties_ukraine": lambda m, s: float(s["casualties"]["ukraine"]),
    "casualties_coalition": lambda m, s: float(s["casualties"]["coalition"]),
    "troop_years": lambda m, s: float(s["troop_years"]),
    "force_kept": _force_kept,
    "attribution_weeks": _attribution_weeks,
    "wrong_share": _wrong_share,
    "harassments_per_year": _per_year,
}
assert set(_MEASURE) == set(MEASURES), "config.goals.MEASURES and play.goals disagree"


@dataclass(frozen=True)
class Objective:
    """One objective scored: what it asks, what the game measured, met or not, its credit."""

    id: str
    statement: str
    source: str
    measure: str
    test: str
    threshold: float
    value: float
    met: bool
    credit: float

    def line(self) -> str:
        """The objective in one line, e.g. `met: Hold the territory (000): 0 (at most 0)`."""
        words = "at least" if self.test == "at_least" else "at most"
        mark = "met" if self.met else "not met"
        return (
            f"{mark}: {self.statement} ({self.source}): {_num(self.value)} "
            f"({words} {_num(self.threshold)})"
        )


@dataclass(frozen=True)
class SideScore:
    """A side's objectives and its score 0-100 (100 x the mean credit)."""

    side: str
    objectives: tuple[Objective, ...]
    score: int

    @property
    def name(self) -> str:
        """The side's display name."""
        return SIDE_NAMES[self.side]

    @property
    def met(self) -> int:
        """How many objectives were met."""
        return sum(o.met for o in self.objectives)

    def sentence(self) -> str:
        """Who achieved what, in one sentence."""
        n = len(self.objectives)
        return f"{self.name}: {self.met} of {n} objectives met, score {self.score}/100."


def _num(value: float) -> str:
    if math.isinf(value):
        return "none attributed"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def objectives(settings: Mapping[str, Any], side: str) -> list[dict[str, Any]]:
    """A side's objectives as stated in the scenario (id first), in the scenario's order."""
    goals = settings.get("goals", {}).get(side, {})
    return [{"id": goal_id, **goal} for goal_id, goal in goals.items()]


def objective_lines(settings: Mapping[str, Any], actor_id: str) -> list[str]:
    """What the side an actor plays wants, one line each (shown at the start of a game)."""
    out = []
    for goal in objectives(settings, side_of(actor_id)):
        words = "at least" if goal["test"] == "at_least" else "at most"
        out.append(
            f"{goal['statement']} ({goal['source']}; {MEASURES[goal['measure']]}: "
            f"{words} {_num(float(goal['threshold']))})"
        )
    return out


def _credit(test: str, value: float, threshold: float, met: bool) -> float:
    if met:
        return 1.0
    if test == "at_least":
        return max(0.0, value / threshold) if threshold > 0 else 0.0
    if math.isinf(value) or value <= 0:
        return 0.0
    return threshold / value


def score_side(model: Any, side: str, summary: Mapping[str, Any] | None = None) -> SideScore:
    """One side's objectives scored on a model (finished or running)."""
    s = summary if summary is not None else model.summary()
    scored = []
    for goal in objectives(model.settings, side):
        value = _MEASURE[goal["measure"]](model, s)
        threshold = float(goal["threshold"])
        test = goal["test"]
        met = value >= threshold if test == "at_least" else value <= threshold
        scored.append(
            Objective(
                id=goal["id"],
                statement=goal["statement"],
                source=goal["source"],
                measure=goal["measure"],
                test=test,
                threshold=threshold,
                value=value,
                met=met,
                credit=_credit(test, value, threshold, met),
            )
        )
    credit = sum(o.credit for o in scored) / len(scored) if scored else 0.0
    return SideScore(side=side, objectives=tuple(scored), score=round(100 * credit))


def score(model: Any) -> dict[str, SideScore]:
    """Every side's objectives scored, in SIDES order (a side with no objectives is left out)."""
    s = model.summary()
    return {
        side: score_side(model, side, s)
        for side in SIDES
        if model.settings.get("goals", {}).get(side)
    }


@dataclass(frozen=True)
class Comparison:
    """A person's side against the policy that side would have had, on the same seed."""

    actor_id: str
    side: str
    student: SideScore
    policy: SideScore

    def sentence(self) -> str:
        """`Russia (you): 67/100; the policy on the same seed: 33/100 (+34).`"""
        delta = self.student.score - self.policy.score
        who = DISPLAY_NAMES.get(self.actor_id, self.actor_id.upper())
        return (
            f"{who} (you): {self.student.score}/100, {self.student.met} of "
            f"{len(self.student.objectives)} met; the policy on the same seed: "
            f"{self.policy.score}/100, {self.policy.met} met ({delta:+d})."
        )


def counterfactual(game: Game) -> Game:
    """The same scenario, seed, overrides and map with every seat played by its scenario
    policy, played as far as `game` (to its end when it is over): deterministic."""
    other = policy_game(game.model, game.seed, None if game.over else game.week)
    other.overrides = list(game.overrides)
    return other


def policy_game(model: Any, seed: int, weeks: int | None) -> Game:
    """A model's scenario (overrides applied) on its map and seed, every seat its scenario
    policy, played `weeks` weeks (None: to its end)."""
    other = new_game(model.scenario, seed=seed, sector_map=model.map)
    other.run(weeks)
    return other


def compare(game: Game, policy: Game | None = None) -> list[Comparison]:
    """Each person's side scored against the counterfactual policy game (played if not given)."""
    if not game.humans:
        return []
    other = policy if policy is not None else counterfactual(game)
    return compare_models(game.model, game.humans, other.model)


def compare_models(model: Any, humans: Any, policy_model: Any) -> list[Comparison]:
    """Each person's side in `model` against the same side in the policy game's model."""
    mine, theirs = score(model), score(policy_model)
    out = []
    for actor_id in sorted(humans, key=list(model.actors).index):
        side = side_of(actor_id)
        if side in mine and side in theirs:
            out.append(Comparison(actor_id, side, mine[side], theirs[side]))
    return out
