"""Deciders asked within the week (`CeasefireModel.turn(asks=...)`): the same games, failures
reported where the policies play, `submit` still stopping at the next decision."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine.decisions import ActionError, PolicyError
from wargame.play.session import new_game


def _paused_everywhere(scenario: str, seed: int, weeks: int) -> list[str]:
    """The per-week digests of a game whose week pauses at every decision (no `asks`)."""
    model = new_game(scenario, seed=seed).model
    digests = []
    for _ in range(weeks):
        turn = model.turn(full=frozenset())
        decision = next(turn, None)
        while decision is not None:
            actions = model.decide(decision)
            decision = model.answer(turn, decision, actions, model.decider_name(decision.actor_id))
        digests.append(model.state_digest())
    return digests


@settings(max_examples=6, deadline=None)
@given(
    scenario=st.sampled_from(["default", "no_guarantee", "option2_light_area"]),
    seed=st.integers(1, 10_000),
)
def test_asking_within_the_week_plays_the_same_game(scenario: str, seed: int) -> None:
    weeks = 40
    model = new_game(scenario, seed=seed).model
    asked = []
    for _ in range(weeks):
        model.step()
        asked.append(model.state_digest())
    assert asked == _paused_everywhere(scenario, seed, weeks)


class _Failing:
    """Fails once, in week `week`; does nothing otherwise."""

    name = "failing"

    def __init__(self, week: int) -> None:
        self.week, self.calls = week, 0

    def decide(self, observation: Any) -> Any:
        self.calls += 1
        if observation["week"] == self.week and self.calls < 100:
            self.calls = 100
            raise RuntimeError("boom")
        return []


def test_a_failure_in_step_names_the_policy_actor_and_week() -> None:
    game = new_game("default", seed=3)
    game.deciders["monitor"] = _Failing(2)
    with pytest.raises(PolicyError, match=r"week 2: policy 'failing' playing monitor failed"):
        game.model.run(5)


def test_a_failure_waits_on_its_decision_and_is_raised_once() -> None:
    game = new_game("default", seed=3)
    policy = _Failing(2)
    game.deciders["us"] = policy
    with pytest.raises(PolicyError, match="week 2: policy 'failing' playing us"):
        game.run(4)
    assert game.waiting is not None and game.waiting.actor_id == "us"
    assert game.waiting.week == 2
    game.run(3)  # asked again (it answers now): the week goes on where it stopped
    assert game.week == 4 and game.waiting is None


def test_an_illegal_answer_is_refused_and_the_week_waits() -> None:
    game = new_game("default", seed=3)

    class Bad:
        name = "bad"

        def decide(self, observation: Any) -> Any:
            return [{"type": "no_such_action"}]

    game.deciders["ukraine"] = Bad()
    with pytest.raises(ActionError, match="policy 'bad' playing ukraine"):
        game.advance()
    assert game.waiting is not None and game.waiting.actor_id == "ukraine"
    game.set_policy("ukraine", "hold_the_line")
    assert game.advance() is None and game.week == 1


def test_submit_stops_at_the_next_decision_and_a_failure_shows_in_advance() -> None:
    game = new_game("default", seed=5, humans=["russia"])
    policy = _Failing(1)
    game.deciders["ukraine"] = policy  # decides after Russia
    decision = game.advance()
    assert decision is not None and decision.actor_id == "russia"
    game.submit([])
    assert policy.calls == 0  # submit plays on only to the next decision
    assert game.waiting is not None and game.waiting.actor_id == "ukraine"
    with pytest.raises(PolicyError, match="week 1: policy 'failing' playing ukraine"):
        game.advance()
    assert game.advance() is None and game.week == 1


def test_a_policy_sees_its_own_decision_as_the_one_waited_on() -> None:
    game = new_game("default", seed=2)
    seen = []

    class Looks:
        name = "looks"

        def decide(self, observation: Any) -> Any:
            waiting = game.waiting
            seen.append((waiting.actor_id, waiting.week) if waiting else None)
            return []

    game.deciders["monitor"] = Looks()
    game.run(3)
    assert seen == [("monitor", 1), ("monitor", 2), ("monitor", 3)]
