"""The white cell (issue 17, item 1): injects, overrides, pause/resume, their record lines,
replays, fog of war, scheduled injects in a scenario file, and the umpire-only console."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.config.scenario import load_scenario
from wargame.engine import white_cell as wc
from wargame.errors import ConfigError, WargameError
from wargame.play.record.reader import load_record
from wargame.play.record.replay import Replay
from wargame.play.resume import resume_game
from wargame.play.session import new_game

SHORT = ["years=0.3"]  # 16 weeks


def game(seed: int = 3, record: Path | None = None, **kw: Any) -> Any:
    return new_game("default", seed=seed, overrides=SHORT, record=record, **kw)


def start_week(model: Any) -> None:
    """Begin the next week by hand and make the acts due in it (the turn's first steps)."""
    model.week += 1
    model.log.start_week()
    model._events_mark = len(model.log.events)
    wc.apply_due(model)


# -- each kind of act, effects checked by hand --------------------------------------------------
def test_an_injected_incident_is_opened_in_its_week_by_its_side() -> None:
    g = game(policies={"russia": "compliant"})
    g.run(2)
    before = len(g.model.log.incidents)
    g.white_cell({"kind": "incident", "side": "russia", "sector": "s05", "level": 2})
    g.step()
    new = g.model.log.incidents[before]
    assert (new.week, new.perpetrator, new.sector, new.level, new.kind) == (
        3,
        "russia",
        "s05",
        2,
        "violation",
    )
    kinds = [(e.kind, e.actor) for e in g.model.log.events_in(3)]
    assert ("white_cell", "white_cell") in kinds and ("incident", "russia") in kinds


def test_a_hybrid_attack_us_commitment_and_support_shock_change_what_they_say() -> None:
    g = game(policies={"russia": "compliant"})
    m = g.model
    nl = m.actors["nl"]
    will = nl.will
    for act in (
        {"kind": "hybrid", "nation": "de"},
        {"kind": "us_commitment", "level": "none"},
        {"kind": "support_shock", "nation": "nl", "delta": -0.25},
    ):
        wc.schedule(m, act)
    start_week(m)
    assert m.actors["de"].hybrid_hits == 1 and m.actors["de"].hybrid_this_week == 1
    assert m.log.incidents[-1].kind == "hybrid" and m.log.incidents[-1].target == "de"
    assert m.us.commitment == "none" and m.us.declared == "none"
    assert nl.will == pytest.approx(will - 0.25)
    assert m.white_cell == []
    wc.schedule(m, {"kind": "support_shock", "nation": "nl", "delta": -1})
    start_week(m)
    assert nl.will == 0.0  # kept within 0-1


def test_a_news_item_is_read_only_by_the_chosen_actors() -> None:
    pytest.importorskip("solara")
    from wargame.ui.panels import feed_lines

    g = game()
    g.run(1)
    g.white_cell({"kind": "news", "text": "Riots in Tallinn", "to": ["ee", "us"]})
    g.step()
    news = [e for e in g.model.log.events_in(2) if e.kind == "news"]
    assert sorted(e.actor for e in news) == ["ee", "us"]
    for viewer, sees in (("ee", True), ("us", True), ("russia", False), ("nl", False)):
        lines = [t for _, t in feed_lines(g.model, viewer, limit=500)]
        assert any("Riots in Tallinn" in t for t in lines) == sees, viewer
    assert any("Riots in Tallinn" in t for _, t in feed_lines(g.model, None, limit=500))


def test_an_override_changes_an_incidents_outcome_and_casualties_and_the_totals() -> None:
    g = game(seed=5)
    g.run(8)
    m = g.model
    inc = next(i for i in m.log.incidents if i.perpetrator == "russia")
    russia_before = m.russia.casualties
    old = inc.casualties.get("russia", 0.0)
    with pytest.raises(wc.InjectError, match="reason"):
        g.white_cell({"kind": "override", "incident": inc.id, "outcome": "contained"})
    g.white_cell(
        {
            "kind": "override",
            "incident": inc.id,
            "outcome": "contained",
            "casualties": {"russia": old + 40},
            "reason": "the umpire judged the strike effective",
        }
    )
    start_week(m)
    assert inc.outcome == "contained" and not inc.active
    assert inc.casualties["russia"] == old + 40
    assert m.russia.casualties == pytest.approx(russia_before + 40)
    assert "the umpire judged the strike effective" in m.log.events[-1].text


@pytest.mark.parametrize(
    ("act", "field", "words"),
    [
        ({"kind": "incident", "side": "russia", "sector": "zz", "level": 2}, "sector", "unknown"),
        ({"kind": "incident", "side": "russia", "sector": "s01", "level": 4}, "level", "1 to 3"),
        ({"kind": "incident", "side": "ukraine", "sector": "s01", "level": 3}, "level", "1 to 2"),
        ({"kind": "incident", "side": "us", "sector": "s01", "level": 1}, "side", "russia"),
        ({"kind": "hybrid", "nation": "xx"}, "nation", "unknown"),
        ({"kind": "us_commitment", "level": "all"}, "level", "backstop"),
        ({"kind": "support_shock", "nation": "nl", "delta": math.nan}, "delta", "-1 to 1"),
        ({"kind": "support_shock", "nation": "nl", "delta": 2}, "delta", "-1 to 1"),
        ({"kind": "news", "text": "x", "to": ["bob"]}, "to", "unknown"),
        ({"kind": "news", "text": "", "to": ["us"]}, "text", "non-empty"),
        ({"kind": "news", "text": "a\x00b", "to": ["us"]}, "text", "control"),
        ({"kind": "hybrid", "nation": "nl", "at": 1}, "at", "in the past"),
        ({"kind": "hybrid", "nation": "nl", "at": 99}, "at", "to 16"),
        (
            {"kind": "override", "incident": 1, "casualties": {"russia": -1}, "reason": "r"},
            "casualties.russia",
            "from 0",
        ),
        ({"kind": "override", "incident": 999, "outcome": "ended", "reason": "r"}, "incident", ""),
        ({"kind": "override", "incident": 1, "outcome": "war", "reason": "r"}, "outcome", "ended"),
        ({"kind": "launch_nukes"}, "kind", "allowed"),
        ({"kind": "hybrid", "nation": "nl", "path": "/etc/passwd"}, "", "unknown field"),
    ],
)
def test_every_bad_field_is_refused_with_its_name(act: dict, field: str, words: str) -> None:
    g = game(seed=5)
    g.run(4)
    with pytest.raises(wc.InjectError) as err:
        g.white_cell(act)
    assert f"white cell{'.' + field if field else ''}:" in str(err.value)
    assert words in str(err.value)
    assert g.model.white_cell == []


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["russia", "ukraine", "s01", "s24", "nl", "us", "ended", "none"]),
    st.lists(st.sampled_from(["us", "nl", "x", 3]), max_size=3),
    st.dictionaries(st.sampled_from(["russia", "nl", "zz"]), st.floats(), max_size=2),
)
_acts = st.fixed_dictionaries(
    {"kind": st.sampled_from([*wc.ACT_KINDS, "x", 1])},
    optional={
        k: _values
        for k in (
            "at",
            "side",
            "sector",
            "level",
            "nation",
            "delta",
            "text",
            "to",
            "incident",
            "reason",
            "outcome",
            "casualties",
            "extra",
        )
    },
)
CTX = wc.Context(
    sectors=[f"s{i:02d}" for i in range(1, 25)],
    nations=["nl", "de"],
    actors=["russia", "ukraine", "us", "monitor", "force_commander", "nl", "de"],
    incidents=3,
    earliest=4,
    horizon=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_acts)
def test_fuzz_an_act_is_either_refused_clearly_or_normal_and_stable(act: dict) -> None:
    try:
        out = wc.check_act(act, CTX)
    except wc.InjectError as exc:
        assert str(exc).startswith("white cell")
        return
    assert wc.check_act(out, CTX) == out  # the normal form checks again as itself
    assert json.loads(json.dumps(out, allow_nan=False)) == out  # plain JSON, no NaN
    assert CTX.earliest <= out["at"] <= 20


# -- the record ---------------------------------------------------------------------------------
def played_with_acts(path: Path) -> Any:
    g = game(record=path, humans=["force_commander"])
    g.run(2) if g.advance() is None else None
    while g.week < 3:
        if g.advance() is not None:
            g.submit([])
    g.white_cell({"kind": "incident", "side": "russia", "sector": "s03", "level": 2})
    g.white_cell({"kind": "news", "text": "Ceasefire talks stall", "to": ["russia"], "at": 6})
    g.white_cell({"kind": "pause", "reason": "discussion"})
    with pytest.raises(WargameError, match="paused"):
        g.advance()
    g.white_cell({"kind": "resume"})
    while g.week < 7:
        if g.advance() is not None:
            g.submit([])
    g.white_cell(
        {"kind": "override", "incident": 1, "outcome": "halted", "reason": "talks", "at": 9}
    )
    return g


def test_a_record_with_white_cell_lines_replays_and_verifies_exactly(tmp_path: Path) -> None:
    path = tmp_path / "g.wgr.jsonl"
    g = played_with_acts(path)
    g.close()
    record = load_record(path)
    kinds = [line["type"] for line in record.lines()]
    assert kinds.count("white_cell") == 5
    assert [a["act"]["kind"] for a in record.acts_before(4)] == [
        "incident",
        "news",
        "pause",
        "resume",
    ]
    replay = Replay(record)
    assert replay.verify(), replay.problems
    assert Replay(path, policies=True).verify()
    # resumed (as the browser does after a restart), played to the end: byte for byte one game
    resumed = resume_game(path)
    assert resumed.model.white_cell and resumed.model.white_cell[0]["kind"] == "override"
    resumed.humans = frozenset()
    resumed.run()
    resumed.close()
    final = Replay(path)
    assert final.verify(), final.problems and final.record.footer is not None
    assert any(e.kind == "white_cell" for e in final.model_at(9).log.events_in(9))


def test_a_forged_or_edited_white_cell_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.wgr.jsonl"
    played_with_acts(path).close()
    text = path.read_text().splitlines()

    def edited(change: Any) -> Path:
        out = []
        for raw in text:
            line = json.loads(raw)
            if line.get("type") == "white_cell" and line["act"]["kind"] == "incident":
                change(line)
            out.append(json.dumps(line, sort_keys=True, separators=(",", ":")))
        bad = tmp_path / "bad.wgr.jsonl"
        bad.write_text("\n".join(out) + "\n")
        return bad

    replay = Replay(edited(lambda line: line["act"].update(level=3)))
    assert not replay.verify()
    assert "week 4: white-cell line 1" in replay.problems[0]
    assert "forged" in replay.problems[0]
    replay = Replay(edited(lambda line: line.update(note="x")))
    assert not replay.verify() and "unknown field" in replay.problems[0]
    # a white-cell line dropped: the week after no longer chains, the replay differs
    dropped = [raw for raw in text if '"kind":"news"' not in raw]
    (tmp_path / "dropped.wgr.jsonl").write_text("\n".join(dropped) + "\n")
    assert not Replay(tmp_path / "dropped.wgr.jsonl").verify()


def test_a_game_without_acts_has_no_white_cell_state() -> None:
    g = game()
    g.run(3)
    assert '"white_cell"' not in g.model.state_text()


# -- fog of war -------------------------------------------------------------------------------
def test_an_injected_incident_is_seen_only_as_each_actor_would_see_it() -> None:
    pytest.importorskip("solara")
    from wargame.ui.panels import feed_lines

    g = game(seed=4, policies={"russia": "compliant"})
    g.run(2)
    g.white_cell({"kind": "incident", "side": "russia", "sector": "s07", "level": 2})
    seen: dict[str, Any] = {}
    m = g.model
    turn = m.turn()  # the week, played by the policies, watching what each actor observes
    decision = next(turn, None)
    while decision is not None:
        seen.setdefault(decision.actor_id, decision.observation)
        decision = m.answer(turn, decision, m.decide(decision), "policy")
    inc = next(i for i in g.model.log.incidents if i.week == 3 and i.sector == "s07")
    # Ukraine is attacked and knows it; the US and the nations see only the public picture
    assert any(a["id"] == inc.id for a in seen["ukraine"]["attacks_on_us"])
    for actor in ("us", "nl"):
        assert "attacks_on_us" not in seen.get(actor, {})
    lines = {v: " ".join(t for _, t in feed_lines(g.model, v, limit=500)) for v in ("russia", "us")}
    assert "limited tactical violation" in lines["russia"]  # its own (injected) incident
    assert "white cell" not in lines["russia"] and "white cell" not in lines["us"]
    # the incident's own line is Russia's; others learn of it only through public events
    # (an attribution, the force's response), as of any incident
    assert "Russia: limited tactical violation in sector 7" in lines["russia"]
    assert "Russia: limited tactical violation in sector 7" not in lines["us"]


# -- scheduled injects in a scenario file -------------------------------------------------------
def test_a_scenario_file_schedules_injects_and_refuses_bad_ones(tmp_path: Path) -> None:
    good = tmp_path / "drill.yaml"
    good.write_text(
        "name: drill\nyears: 0.3\ninjects:\n"
        "  - {kind: incident, at: 2, side: ukraine, sector: s04, level: 1}\n"
        "  - {kind: news, at: 3, text: 'Storm warning', to: [monitor]}\n"
    )
    scenario = load_scenario(str(good))
    assert scenario.settings["injects"][0]["side"] == "ukraine"
    g = new_game(str(good), seed=1)
    g.run(3)
    assert any(i.week == 2 and i.perpetrator == "ukraine" for i in g.model.log.incidents)
    assert [e.actor for e in g.model.log.events_in(3) if e.kind == "news"] == ["monitor"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\ninjects:\n  - {kind: incident, side: russia, sector: s01, level: 7}\n"
    )
    with pytest.raises(ConfigError, match=r"injects\[0\]\.level"):
        load_scenario(str(bad))
    bad.write_text(
        "name: bad\ninjects:\n  - {kind: incident, side: russia, sector: s99, level: 1}\n"
    )
    with pytest.raises(ConfigError, match=r"injects\[0\]\.sector"):
        new_game(str(bad), seed=1)
    bad.write_text("name: bad\ninjects: {kind: hybrid}\n")
    with pytest.raises(ConfigError, match="injects"):
        load_scenario(str(bad))


def test_a_scenario_with_injects_records_and_replays(tmp_path: Path) -> None:
    drill = tmp_path / "drill.yaml"
    drill.write_text("name: drill\nyears: 0.2\ninjects:\n  - {kind: hybrid, at: 2, nation: fr}\n")
    path = tmp_path / "d.wgr.jsonl"
    new_game(str(drill), seed=2, record=path).run().close()
    assert Replay(path).verify()


# -- the browser's side: only the umpire --------------------------------------------------------
def test_only_the_umpire_gives_acts_and_a_paused_room_takes_no_moves(tmp_path: Path) -> None:
    pytest.importorskip("solara")
    from wargame.ui.games import PlaySession, Setup

    a, b, u = ("a" * 43, "b" * 43, "u" * 43)
    session = PlaySession.start(Setup(humans=("force_commander", "russia"), years=0.3), tmp_path)
    assert session.take_seat("force_commander", a, session.invite) is None
    assert session.take_seat("russia", b, session.invite) is None
    key = session.new_umpire_key()
    assert not session.make_umpire(u, "wrong-key")
    for who in (a, b, None, u):
        refusal = session.white_cell({"kind": "pause"}, who)
        assert refusal is not None and "umpire" in refusal
    assert not session.paused
    assert session.make_umpire(u, key)
    assert session.white_cell({"kind": "pause"}, u) is None
    assert session.paused
    week = session.game.model.week
    session.step()
    session.run_weeks(3)
    assert session.game.model.week == week
    assert "paused" in (session.submit([]) or "")
    assert session.white_cell({"kind": "hybrid", "nation": "pl"}, u) is None
    assert session.white_cell({"kind": "resume"}, u) is None
    assert "week" in (session.white_cell({"kind": "hybrid", "nation": "pl", "at": 0}, u) or "")
    session.step()
    assert session.game.model.week > week or session.pending is not None


def test_the_replay_command_shows_the_white_cells_acts(tmp_path: Path, capsys: Any) -> None:
    from wargame.cli import main

    path = tmp_path / "g.wgr.jsonl"
    played_with_acts(path).close()
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "white cell, before week 4: due in week 4: a level-2 incident by russia in s03" in out
    assert "white cell, before week 4: pause (discussion)" in out
    assert "white cell, before week 8: due in week 9: override of incident #1" in out
    assert "verified" in out


def test_an_act_given_while_a_person_decides_is_made_before_the_next_week(tmp_path: Path) -> None:
    path = tmp_path / "g.wgr.jsonl"
    g = game(record=path, humans=["russia"], ask=lambda d: True)
    decision = g.advance()
    assert decision is not None and decision.week == 1
    g.white_cell({"kind": "hybrid", "nation": "pl"})
    assert g.acts_waiting and g.model.white_cell == []  # week 1 is still being played
    g.submit([])
    while g.week < 2:
        if g.advance() is not None:
            g.submit([])
    g.close()
    kinds = [(line["type"], line.get("week")) for line in load_record(path).lines()]
    assert kinds[1:4] == [("week", 1), ("white_cell", 2), ("week", 2)]
    assert load_record(path).acts_before(2)[0]["act"] == {"kind": "hybrid", "at": 2, "nation": "pl"}
    assert Replay(path).verify()
    assert any(
        i.kind == "hybrid" and i.target == "pl" and i.week == 2 for i in g.model.log.incidents
    )
