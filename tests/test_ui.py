"""The browser game's logic without a browser: decision points, map, panels, sessions, serve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.play.decision_points import decision_reasons
from wargame.play.session import new_game
from wargame.policies.registry import trust

pytest.importorskip("solara")

from wargame.ui.games import PlaySession, Setup
from wargame.ui.map_picture import actor_picture, umpire_picture
from wargame.ui.map_svg import map_svg
from wargame.ui.panels import debrief_lines, feed_lines, turning_points

RAISING_POLICY = '''
from wargame.policies.policy import BasePolicy

class Boom(BasePolicy):
    """Raises on its first decision."""
    name = "boom"
    actors = ("russia",)
    def decide(self, observation):
        raise RuntimeError("boom on purpose")
'''


def test_week_one_and_the_monthly_review_are_decision_points() -> None:
    """Every human actor is asked in week 1 (and every fourth week), told why."""
    game = new_game("default", seed=1, humans=["russia"], ask=lambda d: True)
    decision = game.advance()
    assert decision is not None and decision.actor_id == "russia"
    assert "your monthly review" in decision_reasons(decision)


def test_map_shows_sector_states_and_each_actors_picture() -> None:
    """The SVG names every sector with its state; an actor's picture is its own view."""
    game = new_game("option3_heavy_area", seed=2).run(20)
    svg = map_svg(umpire_picture(game.model))
    assert svg.count('class="wg-sector"') == len(game.model.map.sectors)
    assert 'data-week="20"' in svg
    russia = actor_picture(game.model, "russia")
    assert russia.viewer == "russia"
    assert all(s.ru_troops is not None for s in russia.sectors)
    monitor = actor_picture(game.model, "monitor")
    assert all(s.ru_troops is None for s in monitor.sectors)  # the monitors count no troops


def test_russia_s_map_shows_its_own_recent_limited_violations() -> None:
    """Russia knows what it did: its unattributed, ended limited violations of this week and
    last light up its own map (not Ukraine's, which never saw them), older ones have faded."""
    game = new_game("default", seed=3).run(12)
    mine = {
        i.id: i
        for i in game.model.log.incidents
        if i.perpetrator == "russia" and i.kind == "violation" and i.level < 3
    }
    recent = [i for i in mine.values() if i.week >= 11 and i.attributed_to is None]
    assert recent and all(not i.active for i in recent)  # ended, unattributed: the hard case
    russia = {s.id: s for s in actor_picture(game.model, "russia").sectors}
    ukraine = {s.id: s for s in actor_picture(game.model, "ukraine").sectors}
    for inc in recent:
        assert russia[inc.sector].state == "incident", inc.id
        known = {k["id"]: k for k in russia[inc.sector].known}
        assert known[inc.id]["by"] == "russia" and known[inc.id]["level"] == inc.level
        assert all(k["id"] != inc.id for k in ukraine[inc.sector].known)
    old = {i.id for i in mine.values() if i.week <= 9 and i.attributed_to is None}
    assert old and not any(k["id"] in old for s in russia.values() for k in s.known)


def test_feed_and_debrief_in_plain_language() -> None:
    """The feed starts "Week N (dates):", the debrief names the end cause and turning points."""
    game = new_game("no_guarantee", seed=1).run()
    lines = feed_lines(game.model)
    assert lines and all(text.startswith(f"Week {week} (") for week, text in lines)
    oldest = feed_lines(game.model, limit=10**6)[-1][1]
    assert oldest.startswith("Week 1 (4–10 Jan 2027): "), oldest
    assert any("After" in line for line in debrief_lines(game.model))
    assert turning_points(game.model)


def test_a_policy_that_raises_is_reported_and_can_be_switched(tmp_path: Path) -> None:
    """A failing policy gives a message; after switching policy the game plays on."""
    policy = tmp_path / "boom.py"
    policy.write_text(RAISING_POLICY, encoding="utf-8")
    trust(policy)  # as `wargame serve --policy-dir` does for its folder
    setup = Setup(scenario="default", seed=1, policies={"russia": f"{policy}:Boom"}, years=0.2)
    session = PlaySession.start(setup, tmp_path)
    session.step()
    assert session.error and "boom on purpose" in session.error
    assert session.failed_actor == "russia"
    session.switch_policy("russia", "prober")
    session.run_weeks(3)
    assert session.error is None
    assert session.game.week == 3


def test_a_recorded_game_resumes_at_its_last_week(tmp_path: Path) -> None:
    """A session resumed from the games folder continues at its last complete week."""
    session = PlaySession.start(Setup(scenario="default", seed=4, years=0.5), tmp_path)
    session.run_weeks(6)
    again = PlaySession.resume(session.code, tmp_path)
    assert again.game.week == 6
    again.step()
    assert again.game.week == 7


def test_a_restart_asks_the_open_decision_again(tmp_path: Path) -> None:
    """A person's decision open when the server stopped is asked again, the same, after it."""
    setup = Setup(scenario="default", seed=4, years=1, humans=("force_commander",))
    session = PlaySession.start(setup, tmp_path)
    session.run_to_decision()
    asked = session.pending
    assert asked is not None and asked.actor_id == "force_commander"
    again = PlaySession.resume(session.code, tmp_path)  # a new server process, the same folder
    assert again.pending is not None
    assert (again.pending.week, again.pending.actor_id) == (asked.week, asked.actor_id)
    assert again.pending.observation == asked.observation
    assert again.pending.legal == asked.legal
    again.submit([])
    assert again.pending is None or again.pending.week > asked.week


def test_serve_is_a_command() -> None:
    """`wargame serve` is listed with its options."""
    from wargame.cli.main import _parser

    args = _parser().parse_args(["serve", "--port", "9999", "--games-dir", "x"])
    assert (args.host, args.port, args.games_dir) == ("127.0.0.1", 9999, "x")


def test_chart_axes_are_round_even_without_data() -> None:
    """Week 0 (no data), flat and small series get round ticks, never '1e-09'."""
    from wargame.ui.charts import line_chart_svg, tick_label, y_axis

    assert y_axis([]) == (0.0, 1.0, [0.0, 1.0])
    assert y_axis([0, 0, 0]) == (0.0, 1.0, [0.0, 1.0])
    lo, hi, ticks = y_axis([3, 3, 3])
    assert (lo, hi) == (0, 3) and all(float(t).is_integer() for t in ticks)
    lo, hi, ticks = y_axis([0.0, 0.37, 0.41])
    assert lo == 0 and hi == 0.6 and ticks == [0, 0.2, 0.4, 0.6]
    assert [tick_label(t) for t in y_axis([0, 12_345, 29_000])[2]] == ["0", "10k", "20k", "30k"]
    svg = line_chart_svg("Casualties", [0], {"Russia": [0.0], "Ukraine": [0.0]})
    labels = re.findall(r'class="wg-tick">([^<]*)<', svg)
    assert labels == ["0", "1"]


def test_hub_labels_keep_off_the_line_and_each_other() -> None:
    """Each hub label sits where it covers no sector, no stretch of the line and no other label."""
    from wargame.ui import map_layout as ml

    game = new_game("option3_heavy_area", seed=2).run(10)
    for picture in (umpire_picture(game.model), actor_picture(game.model, "russia")):
        proj = ml.projection(picture)
        pts = ml.layout([proj(s.lon, s.lat) for s in picture.sectors])
        dirs = ml.ru_directions(proj, picture.sectors, pts)
        spots = ml.place_hub_labels(picture, proj, pts, dirs)
        shown = {h["name"] for h, spot in zip(picture.hubs, spots, strict=True) if spot}
        assert {"Kharkiv", "Zaporizhzhia", "Odesa", "Kramatorsk / Sloviansk"} <= shown
        boxes = [
            ml.text_box(spot[0], spot[1], hub["name"], spot[2])
            for hub, spot in zip(picture.hubs, spots, strict=True)
            if spot
        ]
        for i, box in enumerate(boxes):
            assert not any(ml.overlaps(box, other) for other in boxes[i + 1 :])
            assert not any(ml.overlaps(box, ml.square(x, y, 10)) for x, y in pts)


def test_room_seats_survive_a_restart_and_a_full_room_starts(tmp_path: Path) -> None:
    """Seats are saved beside the record (hashed); the last seat taken plays to the first decision."""
    import json

    from wargame.ui.games import SETUP_SUFFIX

    session = PlaySession.start(Setup(humans=("force_commander", "russia"), years=0.5), tmp_path)
    invite = session.invite
    assert session.take_seat("force_commander", "browser-a", invite) is None
    assert session.pending is None and session.free_seats() == ["russia"]
    assert session.take_seat("russia", "browser-b", invite) is None
    assert session.pending is not None and session.pending.week == 1  # started by itself
    assert session.take_seat("russia", "browser-c", invite) is not None  # taken
    saved = json.loads((tmp_path / f"{session.code}{SETUP_SUFFIX}").read_text())
    assert set(saved["seats"]) == {"force_commander", "russia"}
    assert "browser-b" not in json.dumps(saved) and "humans" not in saved

    again = PlaySession.resume(session.code, tmp_path)  # a server restart
    assert set(again.setup.humans) == {"force_commander", "russia"}  # from the record's header
    assert again.holds_seat("russia", "browser-b") and not again.holds_seat("russia", "browser-c")
    assert again.take_seat("russia", "browser-c", invite) is not None
    assert again.pending is not None and again.pending.week == 1  # the full room starts again


def test_the_nations_table_lists_every_nation_the_header_counts() -> None:
    """The header says 18 nations; the table once listed 15 (the Baltic states, no brigade)."""
    from wargame.play.session import new_game
    from wargame.ui.panels import actor_states, nation_rows

    model = new_game("default", seed=1).model
    rows = nation_rows(model)
    coalition = dict(actor_states(model))["Coalition"]
    assert f"{len(rows)} nations" in coalition and len(rows) == 18
    baltic = {r["nation"]: r["status"] for r in rows if r["troops"] == 0}
    assert len(baltic) == 3 and set(baltic.values()) == {"in (no troops in Ukraine)"}


def test_policy_menus_name_the_scenarios_policy() -> None:
    """A blank policy menu means the scenario's policy: its label says which one."""
    from wargame.ui.play import policy_label, scenario_policies

    named = scenario_policies("default")
    assert named["russia"] == "prober" and named["us"] == "backstop"
    assert named["nations"] == "public_opinion"
    assert policy_label("russia", named["russia"]) == "Russia (default: the scenario's prober)"
    assert policy_label("nations", named["nations"]).startswith("Every nation (default: the sc")
    assert scenario_policies("no/such/scenario.yaml") == {}
    assert policy_label("us", None) == "United States"


def test_a_banner_shown_above_the_decision_does_not_draw_it_anew(tmp_path: Path) -> None:
    """The umpire's pause banner (or a hint, a policy's error) appears above a student's open
    decision: the decision's card and its Submit stay the same widgets (nothing the student did
    there is lost, no open menu closes)."""
    import ipyvuetify as v
    import solara

    from wargame.ui.play import GameView

    session = PlaySession.start(Setup("default", 3, ("russia",), {}, 1.0), tmp_path)
    session.take_seat("russia", "token")
    session.step()
    assert session.pending is not None and session.pending.actor_id == "russia"
    version = solara.reactive(1)

    @solara.component
    def Page() -> None:
        GameView(session, "russia", version.value, lambda: None)

    _box, rc = solara.render(Page(), handle_error=False)
    try:
        submit = rc.find(v.Btn, children=["Submit decision"]).widget
        session.make_umpire("umpire")
        assert session.white_cell({"kind": "pause"}, "umpire") is None
        version.value = 2
        assert rc.find(v.Alert, class_="wg-paused-banner").widgets
        assert rc.find(v.Btn, children=["Submit decision"]).widget is submit
    finally:
        rc.close()
