"""Deciders asked within the week (`CeasefireModel.turn(asks=...)`): the same games, failures
reported where the policies play, `submit` still stopping at the next decision."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine.decisions import ActionError, PolicyError
from wargame.play.session import new_game
from wargame.policies.policy import BasePolicy
from wargame.policies.registry import list_policies


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


@pytest.mark.parametrize("family", ["public_opinion", "steadfast", "casualty_averse"])
def test_a_nation_policy_answers_nothing_exactly_when_it_would_decide_nothing(family: str) -> None:
    # A high threshold: nations leave within the game (the coalition breaks by about week 65).
    overrides = ["coalition.leave_threshold=0.45"]
    game = new_game("default", seed=7, policies={"nations": family}, overrides=overrides)
    model, checked = game.model, []
    for _ in range(150):
        turn = model.turn(full=frozenset())  # paused at every decision: each one asked
        decision = next(turn, None)
        while decision is not None:
            actions = model.decide(decision)
            if decision.actor_id in {n.code for n in model.nations}:
                policy = game.deciders[decision.actor_id]
                fields = {k: decision.observation[k] for k in policy.reads}
                checked.append((policy.answers_nothing(fields), actions == []))
            decision = model.answer(turn, decision, actions, model.decider_name(decision.actor_id))
        if not model.running:
            break
    assert checked and all(nothing == empty for nothing, empty in checked)
    assert any(not empty for _, empty in checked) or family == "steadfast"


def test_a_policy_answering_nothing_is_not_asked_and_a_failing_check_asks_it() -> None:
    class Counting(BasePolicy):
        name = "counting"
        reads = frozenset({"own_will"})

        def __init__(self, nothing: Any) -> None:
            self.calls, self.nothing = 0, nothing

        def decide(self, observation: Any) -> Any:
            self.calls += 1
            return []

        def answers_nothing(self, fields: Any) -> Any:
            assert list(fields) == ["own_will"]
            return self.nothing(fields)

    game = new_game("default", seed=3)
    quiet, failing, vague = Counting(lambda f: True), Counting(lambda f: 1 / 0), Counting(len)
    game.deciders.update({"gb": quiet, "fr": failing, "de": vague})
    game.run(5)
    assert (quiet.calls, failing.calls, vague.calls) == (0, 5, 5)  # only True is believed
    game.decision_timeout = 10.0  # under a time limit the policy is always asked
    game.run(2)
    assert quiet.calls == 2


def test_answers_nothing_is_not_inherited() -> None:
    public_opinion = next(i.cls for i in list_policies() if i.name == "public_opinion")

    class Child(public_opinion):  # type: ignore[misc,valid-type]
        name = "child"

        def decide(self, observation: Any) -> Any:
            return [{"type": "leave"}]

    assert public_opinion.answers_nothing is not None and BasePolicy.answers_nothing is None
    assert Child.answers_nothing is None
