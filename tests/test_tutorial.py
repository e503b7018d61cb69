"""The tutorial: its scenario, and its steps followed on a real session to the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wargame.config.scenario import load_scenario
from wargame.ui import tutorial as T
from wargame.ui.games import PlaySession


def offered(session: Any, mode: str) -> list[dict]:
    """The pending decision's incidents that allow `mode`."""
    d = session.pending
    ids = (d.legal.get("respond") or {}).get("incident") or []
    return [i for i in d.observation["known_incidents"] if i["id"] in ids and mode in i["modes"]]


def test_the_tutorial_scenario_has_mobile_units_and_one_year() -> None:
    s = load_scenario(T.TUTORIAL_SCENARIO)
    assert s.settings["years"] == 1.0
    assert s.posture.option == "counter_concentration"  # mobile units to move (001 option 4)
    assert s.settings["posture"]["response"] == "denial"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[PlaySession]:
    s = PlaySession.start(T.tutorial_setup(), folder=tmp_path)
    yield s
    s.game.close()


def test_steps_advance_as_the_student_does_them(session: PlaySession) -> None:
    assert T.is_tutorial(session, "force_commander") and not T.is_tutorial(session, "russia")
    assert T.current(session).key == "start"
    assert "Run to next decision" in T.instruction(T.current(session), session)
    session.run_to_decision()
    step = T.current(session)
    assert step.key == "signal" and session.pending.week == 1
    text = T.instruction(step, session)
    calm = offered(session, "signal")
    assert calm and "with signal" in text
    target = min(calm, key=lambda i: (len(i["modes"]), i["id"]))
    assert f"incident {target['id']}" in text
    assert session.submit([{"type": "respond", "incident": target["id"], "mode": "signal"}]) is None
    assert T.current(session).key == "feed"
    session.step()
    assert T.current(session).key == "denial"
    # the denial step tells the student to run on until an incident allows denial
    seen_denial = False
    while T.current(session).key == "denial":
        if session.pending is None:
            assert "Run to next decision" in T.instruction(T.current(session), session)
            session.run_to_decision()
            continue
        strong = offered(session, "denial")
        if not strong:
            assert "None is offered now" in T.instruction(T.current(session), session)
            assert session.submit([]) is None
            continue
        seen_denial = True
        assert f"incident {strong[0]['id']}" in T.instruction(T.current(session), session)
        order = {"type": "respond", "incident": strong[0]["id"], "mode": "denial"}
        assert session.submit([order]) is None
    assert seen_denial and session.game.model.week == 3  # TUTORIAL_SEED's promise
    assert T.current(session).key == "move"
    session.run_to_decision()
    unit = session.pending.legal["move_unit"]["unit"][0]
    to = session.game.model.map.sector_ids[5]
    assert session.submit([{"type": "move_unit", "unit": unit, "to": to}]) is None
    assert T.current(session).key == "map"
    assert T.current(session, frozenset({"map"})).key == "standing"
    session.run_to_decision()
    assert session.submit([], keep=True) is None
    read = frozenset({"map"})
    assert T.current(session, read).key == "finish"
    while not session.over:
        session.run_to_decision()
        if session.pending is not None:
            assert session.submit([]) is None
    assert T.current(session, read).key == "debrief"
    assert T.current(session, read | {"debrief"}) is None


def test_orders_of_the_policy_do_not_count_as_the_students(session: PlaySession) -> None:
    session.game.humans = frozenset()  # the policy plays every week, answering incidents itself
    session.run_weeks(8)
    assert session.game.model.log.incidents and T.student_orders(session) == []
    assert T.current(session).key == "signal"


def test_once_the_game_is_over_no_order_step_holds_the_student(session: PlaySession) -> None:
    session.game.humans = frozenset()
    session.run_weeks(60)
    assert session.over
    assert T.current(session).key == "map"  # a reading step: still shown, with its Next
    assert T.current(session, frozenset({"map"})).key == "debrief"


def test_every_step_points_to_glossary_terms_that_exist() -> None:
    from wargame.config.glossary import glossary

    for step in T.STEPS:
        assert step.terms and set(step.terms) <= set(glossary()), step.key
        assert "wg-term-link" in T.terms_html(step)
