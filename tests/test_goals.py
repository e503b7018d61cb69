"""Goals per side: the scenario's objectives, their scores, the counterfactual policy game."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.config.goals import MEASURES, SIDES, side_of
from wargame.config.scenario import from_settings, load_scenario
from wargame.errors import ConfigError
from wargame.play import goals
from wargame.play.session import Game, new_game


def _summary(**over: Any) -> dict[str, Any]:
    s: dict[str, Any] = {
        "weeks": 104,
        "end_cause": "held",
        "nations_left": ["de", "it"],
        "troop_years": 200000.0,
        "casualties": {"russia": 10, "ukraine": 300, "coalition": 40},
        "incidents": {"total": 20, "harassment": 13},
        "attribution": {"attributed": 10, "wrong": 1, "mean_weeks": 4.0},
    }
    s.update(over)
    return s


def _toy(summary: dict[str, Any], troops: list[int], overrides: list[str] = ()) -> Any:
    """A stand-in model: the scenario's settings, a summary and the one series goals read."""
    scenario = load_scenario("default", list(overrides))
    return SimpleNamespace(
        settings=scenario.settings,
        summary=lambda: summary,
        datacollector=SimpleNamespace(model_vars={"coalition_troops": troops}),
    )


def test_scores_by_hand_on_a_toy_game() -> None:
    model = _toy(_summary(), troops=[1000, 900, 400])
    scores = goals.score(model)
    assert list(scores) == list(SIDES)
    # Russia: gains 0 (at least 1): credit 0; 2 nations left (at least 4): 2/4; no war: met.
    russia = scores["russia"]
    assert [o.met for o in russia.objectives] == [False, False, True]
    assert [o.credit for o in russia.objectives] == [0.0, 0.5, 1.0]
    assert russia.score == round(100 * 1.5 / 3) == 50
    # Ukraine: no breakthrough, 300 <= 2000, 2 nations left <= 3: all met.
    assert scores["ukraine"].score == 100 and scores["ukraine"].met == 3
    # Coalition: held, 200,000 troop-years, 40 casualties: all met.
    assert scores["coalition"].score == 100
    # US: no war (met); force kept 400/1000 = 0.4 < 0.5: credit 0.4/0.5 = 0.8 -> 90.
    us = scores["us"]
    assert us.objectives[1].value == pytest.approx(0.4)
    assert us.objectives[1].credit == pytest.approx(0.8)
    assert us.score == 90
    # Monitor: 4 weeks > 3: credit 3/4; 1/10 wrong > 0.05: credit 0.5; 13 harassments in
    # 104 weeks = 6.5 a year <= 26: met. (0.75 + 0.5 + 1) / 3 = 0.75 -> 75.
    monitor = scores["monitor"]
    assert [o.value for o in monitor.objectives] == [4.0, 0.1, 6.5]
    assert [o.credit for o in monitor.objectives] == [0.75, 0.5, 1.0]
    assert monitor.score == 75
    assert monitor.sentence() == "Monitoring body: 1 of 3 objectives met, score 75/100."


def test_no_attribution_and_no_force_by_hand() -> None:
    nothing = {"attributed": 0, "wrong": 0, "mean_weeks": None}
    quiet = _toy(_summary(attribution=nothing, incidents={"total": 0, "harassment": 0}), [0, 0])
    monitor = goals.score(quiet)["monitor"]
    assert monitor.score == 100  # nothing to attribute: on time, none wrong
    busy = _toy(_summary(attribution=nothing), [0, 0])
    timely = goals.score(busy)["monitor"].objectives[0]
    assert not timely.met and timely.credit == 0.0
    assert "none attributed" in timely.line()
    assert goals.score(busy)["us"].objectives[1].value == 0.0  # no force: no burden shared


def test_a_scenario_overrides_a_threshold() -> None:
    toy = _toy(_summary(), [1000, 400], ["goals.us.burden_shared.threshold=0.4"])
    assert goals.score(toy)["us"].score == 100
    strict = _toy(_summary(), [1000, 400], ["goals.coalition.casualties.threshold=20"])
    casualties = goals.score(strict)["coalition"].objectives[2]
    assert not casualties.met and casualties.credit == pytest.approx(20 / 40)


def test_a_collapse_fails_the_coalition_and_a_held_game_meets_it() -> None:
    collapsed = new_game("no_guarantee", seed=0).run()
    assert collapsed.summary()["end_cause"] == "ceasefire_collapsed"
    held_goal = goals.score(collapsed.model)["coalition"].objectives[0]
    assert held_goal.id == "ceasefire_held" and not held_goal.met and held_goal.value == 0
    assert goals.score(collapsed.model)["russia"].objectives[0].met  # gains: the line broke
    assert not goals.score(collapsed.model)["ukraine"].objectives[0].met  # territory lost
    held = new_game("default", seed=0, overrides=["years=0.5"]).run()
    assert held.summary()["end_cause"] == "held"
    assert goals.score(held.model)["coalition"].objectives[0].met


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=st.sampled_from(["default", "no_guarantee", "reassurance", "option1_monitoring"]),
    seed=st.integers(0, 2**32 - 1),
    years=st.floats(0.05, 0.6),
)
def test_scores_stay_between_0_and_100(scenario: str, seed: int, years: float) -> None:
    game = new_game(scenario, seed=seed, overrides=[f"years={years}"]).run()
    for side in goals.score(game.model).values():
        assert 0 <= side.score <= 100
        assert all(0.0 <= o.credit <= 1.0 for o in side.objectives)
        assert all(o.credit == 1.0 for o in side.objectives if o.met)


def _play_as(actor: str, seed: int, weeks: int) -> Game:
    """A game where a person plays `actor` and submits nothing whenever asked."""
    game = new_game("default", seed=seed, overrides=[f"years={weeks / 52}"], humans={actor})
    while not game.over:
        if game.advance() is not None:
            game.submit([])
    return game


def test_the_counterfactual_is_deterministic_and_a_plain_policy_game() -> None:
    game = _play_as("russia", seed=3, weeks=30)
    first, second = goals.counterfactual(game), goals.counterfactual(game)
    assert first.summary() == second.summary()
    plain = new_game("default", seed=3, overrides=["years=0.5769230769230769"]).run()
    assert first.summary() == plain.summary()
    assert first.humans == frozenset()
    # A Russia that does nothing differs from the prober on the same seed.
    assert game.summary()["incidents"] != first.summary()["incidents"]
    (comparison,) = goals.compare(game, first)
    assert comparison.actor_id == "russia" and comparison.side == "russia"
    assert comparison.policy.score == goals.score(first.model)["russia"].score
    assert "(you)" in comparison.sentence() and "same seed" in comparison.sentence()


def test_a_person_never_asked_scores_as_the_policy() -> None:
    game = new_game(
        "default", seed=5, overrides=["years=0.3"], humans={"monitor"}, ask=lambda d: False
    ).run()
    (comparison,) = goals.compare(game)
    assert comparison.student == comparison.policy
    assert goals.compare(new_game("default", seed=5, overrides=["years=0.1"]).run()) == []


def test_sides_and_lines() -> None:
    assert side_of("gb") == side_of("force_commander") == "coalition"
    assert side_of("russia") == "russia"
    lines = goals.objective_lines(load_scenario("default").settings, "nl")
    assert len(lines) == 3 and "(001;" in lines[0]


@pytest.mark.parametrize(
    ("override", "field", "words"),
    [
        ("goals.russia.gains.measure=territory", "goals.russia.gains.measure", "must be one of"),
        ("goals.russia.gains.test=more", "goals.russia.gains.test", "at_least, at_most"),
        ("goals.ukraine.losses.threshold=-5", "goals.ukraine.losses.threshold", "between 0"),
        ("goals.us.burden_shared.threshold=1.5", "goals.us.burden_shared.threshold", "between"),
        ("goals.monitor.teams_safe.statement=", "goals.monitor.teams_safe.statement", "empty"),
        ("goals.martians.win.threshold=1", "goals.martians.win.threshold", "unknown setting"),
    ],
)
def test_a_bad_goals_setting_gives_one_clear_message(override: str, field: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_scenario("default", [override])
    assert err.value.field == field
    assert words in err.value.problem


def test_a_bad_goals_section_in_a_file_or_header(tmp_path: Any) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("goals:\n  russia:\n    gains:\n      measure: land_grabbed\n")
    with pytest.raises(ConfigError) as err:
        load_scenario(str(path))
    assert err.value.source == str(path) and err.value.field == "goals.russia.gains.measure"
    assert "ceasefire_broken" in err.value.problem
    with pytest.raises(ConfigError, match="must be a section"):
        from_settings({"goals": {"russia": "win"}})
    with pytest.raises(ConfigError, match="must be a section"):
        from_settings({"goals": {"russia": {"gains": 3}}})
    assert set(MEASURES) >= {"ceasefire_held", "troop_years"}


def test_the_page_escapes_what_a_scenario_says() -> None:
    from wargame.ui.objectives import comparison_html, objectives_html, scores_html

    bad = "goals.russia.gains.statement=<script>alert(1)</script>"
    scenario = load_scenario("default", [bad])
    html = objectives_html(scenario.settings, "russia")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Your objectives (Russia)" in html
    game = new_game(
        scenario, seed=1, overrides=["years=0.1"], humans={"russia"}, ask=lambda d: False
    )
    game.run()
    assert "<script>" not in scores_html(game.model)
    versus = comparison_html(goals.compare(game))
    assert "Russia (you)" in versus and "<script>" not in versus


def test_a_running_game_is_compared_at_the_same_week() -> None:
    game = new_game("default", seed=2, humans={"ukraine"}, ask=lambda d: False)
    game.run(12)
    assert not game.over and game.week == 12
    policy = goals.counterfactual(game)
    assert policy.week == 12 and not policy.over
    assert policy.summary()["end_cause"] == "running"
    assert goals.score(game.model)["coalition"].objectives[0].met  # held so far
    (comparison,) = goals.compare(game, policy)
    assert comparison.student == comparison.policy  # never asked: the same game


def test_the_debrief_pack_scores_and_compares(tmp_path: Any) -> None:
    from wargame.play.debrief import gather, render

    path = tmp_path / "g.wgr.jsonl"
    game = new_game("default", seed=3, overrides=["years=0.2"], humans={"russia"}, record=path)
    while not game.over:
        if game.advance() is not None:
            game.submit([])
    game.close()
    html = render(gather(path), charts=False)
    section = html[html.index("<section id='goals'>") :]
    section = section[: section.index("</section>")]
    mine = goals.compare(game)[0]
    assert f"Russia (you): {mine.student.score}/100" in section
    assert f"the policy on the same seed: {mine.policy.score}/100" in section
    assert section.count("objectives met, score") == 5


def test_a_record_keeps_goals_only_where_they_differ_from_the_defaults(tmp_path: Path) -> None:
    """Default goals stay out of the record's header (records stay as they were); custom ones go
    in, and the replay scores with them."""
    from wargame.play.record.reader import load_record
    from wargame.play.record.replay import Replay
    from wargame.play.session import new_game

    plain, custom = tmp_path / "plain.jsonl", tmp_path / "custom.jsonl"
    new_game("default", seed=1, overrides=["years=0.2"], record=plain).run()
    new_game(
        "default",
        seed=1,
        overrides=["years=0.2", "goals.us.burden_shared.threshold=0.4"],
        record=custom,
    ).run()
    assert "goals" not in load_record(plain).header["scenario"]["settings"]
    kept = load_record(custom).header["scenario"]["settings"]["goals"]
    assert kept["us"]["burden_shared"]["threshold"] == 0.4
    replay = Replay(custom)
    assert replay.scenario.settings["goals"]["us"]["burden_shared"]["threshold"] == 0.4
    assert Replay(plain).scenario.settings["goals"]["us"]["burden_shared"]["threshold"] != 0.4
