"""The debrief pack: a record in, one self-contained HTML page out, every record string escaped."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from wargame.cli import main
from wargame.play.annotations import Notes, sidecar_for
from wargame.play.debrief import debrief_html, gather, observation_html
from wargame.play.record.format import canonical
from wargame.play.record.replay import Replay
from wargame.play.session import new_game

HOSTILE = "<script>alert('x')</script>"
PERSON_WEEKS = (2, 4)  # the weeks Russia's person decides; policies play the rest
CHOICES = {2: [{"type": "violate", "sector": "s05", "level": 1}], 4: []}


@dataclass
class Played:
    path: Path
    seen: dict[int, Any]  # week -> the Decision the person met in the live game


def play_with_a_person(path: Path, name: str = "debrief test") -> Played:
    """A one-year game in which a person plays Russia in weeks 2 and 4."""
    game = new_game(
        "default", seed=11, humans=["russia"], overrides=["years=1", f"name={name}"], record=path
    )
    game.ask = lambda d: d.week in PERSON_WEEKS
    seen = {}
    while not game.over:
        decision = game.advance()
        if decision is not None:
            seen[decision.week] = decision
            game.submit(CHOICES[decision.week])
    game.close()
    return Played(path, seen)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    return play_with_a_person(tmp_path_factory.mktemp("debrief") / "g.wgr.jsonl", HOSTILE)


def section(page: str, anchor: str) -> str:
    """The text of one decision's box."""
    start = page.index(f"id='{anchor}'")
    return page[start : page.index("</div>", start)]


def test_the_pack_shows_each_decision_as_the_person_met_it(played: Played) -> None:
    pack = gather(played.path)
    assert not pack.problems
    assert [(d.week, d.actor) for d in pack.decisions] == [(2, "russia"), (4, "russia")]
    for d in pack.decisions:  # replayed, the moment is the one the live game showed the person
        live = played.seen[d.week]
        assert canonical(d.observation) == canonical(live.observation)
        assert canonical(d.legal) == canonical(live.legal)
        assert d.chosen == CHOICES[d.week]
    page = debrief_html(played.path, charts=False)
    two = section(page, "decision-2-russia")
    assert "Week 2: Russia decided" in two
    # Places and nations by name, as the game calls them (s05 is sector 5 Svatove axis).
    assert "violate (level 1, sector 5 Svatove axis (Makiivka) (Luhansk))" in two
    assert "target: United Kingdom, France" in two and "s05" not in two.split("Could have")[0]
    assert "harass_monitor" in two and "hybrid" in two  # the alternatives it had
    reserves = f"{played.seen[2].observation['own_reserves']:,}"
    assert f"<th>own reserves</th><td>{reserves}</td>" in two
    assert "no action" in section(page, "decision-4-russia")
    assert "decision-3-russia" not in page  # week 3 was the policy's


def test_the_pack_holds_the_outcome_turning_points_notes_and_charts(
    played: Played, tmp_path: Path
) -> None:
    replay = Replay(played.path)
    replay.verify()
    model = replay.model_at(replay.last_week)
    summary = model.summary()
    notes = Notes.for_record(replay.record.header, tmp_path / "n.notes.json", replay.last_week)
    notes.add(2, "turning_point", f"{HOSTILE} the probe that started it", "russia")
    notes.add(0, "question", "Why <b>this</b> posture?")
    page = debrief_html(replay, notes)
    outcome = page[page.index("id='outcome'") : page.index("id='turning-points'")]
    assert f"After {summary['weeks']} weeks" in outcome
    assert summary["end_detail"] and summary["end_detail"] in outcome
    points = page[page.index("id='turning-points'") : page.index("id='decisions'")]
    assert f"<b>Week {summary['weeks']}</b>: game over" in points
    assert "<b>Week 2</b>: <span class='mark'>Trainer:</span>" in points
    assert "&lt;b&gt;this&lt;/b&gt; posture?" in page
    assert "[turning point]" in section(page, "decision-2-russia")  # the note by its decision
    assert page.count("src='data:image/png;base64,") == 4


def test_no_markup_from_a_record_or_a_note_reaches_the_page(played: Played, tmp_path: Path) -> None:
    pack = gather(played.path)
    assert pack.record.header["scenario"]["name"] == HOSTILE
    notes = Notes.for_record(pack.record.header, tmp_path / "n.notes.json", pack.model.week)
    notes.add(1, "note", f"{HOSTILE}<img src=x onerror=alert(1)>")
    page = debrief_html(played.path, notes, charts=False)
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert page.count("&lt;script&gt;") >= 3  # title, heading, scenario row, the note
    # An observation is escaped too, whatever the engine (or an edited setting) puts in it.
    shown = observation_html(
        {"who": HOSTILE, "by_sector": {"s1": "<i>"}, "reports": [{"a": "<u>"}]}
    )
    assert "<" not in re.sub(r"</?(table|tr|th|td|p)( class='small')?>", "", shown)


def test_the_page_needs_nothing_outside_it(played: Played) -> None:
    page = debrief_html(played.path)
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "@media print" in page


def test_replay_decisions_in_a_week_leave_the_replay_where_it_was(played: Played) -> None:
    replay = Replay(played.path)
    at_five = replay.model_at(5)
    before = at_five.state_text()
    decisions, after = replay.decisions_in(2)
    russia = next(d for d in decisions if d.actor_id == "russia")
    assert canonical(russia.observation) == canonical(played.seen[2].observation)
    assert after.week == 2 and replay.model_at(5).state_text() == before
    assert replay.decisions_in(0) == ([], replay.model_at(0))


def test_cli_writes_the_pack_with_the_sidecar_notes(tmp_path: Path, capsys) -> None:
    played = play_with_a_person(tmp_path / "class.wgr.jsonl")
    header = Replay(played.path).record.header
    Notes.for_record(header, sidecar_for(played.path)).add(2, "good_call", "bold move", "russia")
    out = tmp_path / "out" / "pack.html"
    assert main(["debrief", str(played.path), "--out", str(out)]) == 0
    assert "2 decisions by people, record verified, 0 white-cell acts" in capsys.readouterr().out
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "bold move" in page
    assert main(["debrief", str(played.path)]) == 0  # default: beside the record
    assert (tmp_path / "class.debrief.html").is_file()
    # One student's pack: that actor's decisions only (the US had no person deciding).
    us = tmp_path / "us.html"
    assert main(["debrief", str(played.path), "--actor", "us", "--out", str(us)]) == 0
    assert "0 decisions by people" in capsys.readouterr().out
    page = us.read_text()
    assert "United States" in page and "decision-2-russia" not in page
    assert "No decision taken by a person here" in page and "bold move" not in page
    assert main(["debrief", str(played.path), "--actor", "nobody", "--out", str(us)]) == 2
    assert "'nobody' is not an actor of this game" in capsys.readouterr().err


def play_with_the_white_cell(path: Path) -> Any:
    """A short game the white cell acts in: every kind of inject, a pause and an override."""
    game = new_game("default", seed=3, humans=["russia"], overrides=["years=0.3"], record=path)
    game.ask = lambda d: False

    def play_to(week: int) -> None:
        while game.week < week and not game.over:
            if game.advance() is not None:
                game.submit([])

    play_to(3)
    game.white_cell({"kind": "incident", "side": "russia", "sector": "s03", "level": 2})
    game.white_cell({"kind": "hybrid", "nation": "pl", "at": 5})
    game.white_cell({"kind": "support_shock", "nation": "fr", "delta": -0.25, "at": 5})
    game.white_cell({"kind": "us_commitment", "level": "none", "at": 6})
    game.white_cell({"kind": "news", "text": f"Talks stall {HOSTILE}", "to": ["ukraine"], "at": 6})
    game.white_cell({"kind": "pause", "reason": f"class discussion {HOSTILE}"})
    game.white_cell({"kind": "resume"})
    play_to(7)
    game.white_cell(
        {"kind": "override", "incident": 1, "outcome": "halted", "reason": f"too bloody {HOSTILE}"}
    )
    game.white_cell({"kind": "hybrid", "nation": "de", "at": 15})  # due after the record stops
    play_to(9)
    game.close()
    return game


def test_the_pack_lists_the_white_cells_acts_with_their_reasons_escaped(tmp_path: Path) -> None:
    path = tmp_path / "umpired.wgr.jsonl"
    game = play_with_the_white_cell(path)
    names = {n.code: n.name for n in game.model.nations}
    pack = gather(path)
    assert not pack.problems
    page = debrief_html(path, charts=False)
    assert "<script" not in page.lower()
    acts = page[page.index("id='white-cell'") : page.index("id='notes'")]
    rows = re.findall(r"<tr class='act'>(.*?)</tr>", acts)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    script = html.escape(HOSTILE)
    sector = html.escape(game.model.sector_label("s03"))
    assert [c[0] for c in cells] == ["4", "5", "5", "6", "6", "4", "4", "8", "15"]
    assert cells[0][1:] == [f"a level-2 incident by Russia in {sector}", "none given"]
    assert cells[1][1] == f"a hybrid attack on {html.escape(names['pl'])} (given before week 4)"
    assert cells[2][1].startswith(f"a support shock of -0.25 in {html.escape(names['fr'])}")
    assert cells[3][1].startswith("US commitment none")
    assert cells[4][1].startswith(f"news to Ukraine: Talks stall {script}")
    assert cells[5][1:] == ["paused the game", f"class discussion {script}"]
    assert cells[6][1:] == ["resumed the game", "none given"]
    override = cells[7][1]
    assert override.startswith("override of incident #1 (outcome halted), the ")
    assert "because" not in override and cells[7][2] == f"too bloody {script}"
    assert cells[8][1].endswith("(not carried out: the game replays only to week 9)")
    # Injects and overrides the game carried out are turning points, with their reasons.
    points = page[page.index("id='turning-points'") : page.index("id='decisions'")]
    assert f"<b>Week 4</b>: White cell: a level-2 incident by Russia in {sector}" in points
    assert "<b>Week 8</b>: White cell: override of incident #1" in points
    assert f"(reason: too bloody {script})" in points
    assert "paused the game" not in points and f"attack on {names['de']}" not in points


def test_cli_debrief_of_an_umpired_game_holds_its_acts(tmp_path: Path, capsys) -> None:
    path = tmp_path / "umpired.wgr.jsonl"
    play_with_the_white_cell(path)
    out = tmp_path / "pack.html"
    assert main(["debrief", str(path), "--out", str(out), "--actor", "ukraine"]) == 0
    assert "record verified, 9 white-cell acts" in capsys.readouterr().out
    page = out.read_text()
    assert "<h2>White-cell acts</h2>" in page and "<script" not in page.lower()
    assert f"too bloody {html.escape(HOSTILE)}" in page


def test_an_edited_white_cell_line_gives_an_unverified_pack_not_a_traceback(
    tmp_path: Path,
) -> None:
    path = tmp_path / "umpired.wgr.jsonl"
    play_with_the_white_cell(path)
    lines = path.read_text().splitlines()
    at = next(i for i, t in enumerate(lines) if '"override"' in t)
    line = json.loads(lines[at])
    line["act"].update(casualties=[HOSTILE], to=7, reason={"x": HOSTILE})
    lines[at] = json.dumps(line)
    path.write_text("\n".join(lines) + "\n")
    pack = gather(path)
    assert pack.problems and "week 8: white-cell line 1" in pack.problems[0]
    page = debrief_html(path, charts=False)
    assert "Not verified" in page and "<script" not in page.lower()
    acts = page[page.index("id='white-cell'") : page.index("id='notes'")]
    assert (
        f"override of incident #1 (outcome halted, casualties [&quot;{html.escape(HOSTILE)}" in acts
    )
    assert "news to Ukraine" in acts  # the acts before the edited one, as given


def test_a_pack_says_plainly_when_the_white_cell_did_not_act(played: Played) -> None:
    page = debrief_html(played.path, charts=False)
    acts = page[page.index("id='white-cell'") : page.index("id='notes'")]
    assert "None: the white cell (the umpire) did not act in this game." in acts
    assert "<tr class='act'>" not in acts


@pytest.mark.parametrize("content", [None, "not a record\n", ""])
def test_cli_refuses_a_missing_or_bad_record_in_one_line(
    tmp_path: Path, capsys, content: str | None
) -> None:
    record = tmp_path / "r.wgr.jsonl"
    if content is not None:
        record.write_text(content)
    assert main(["debrief", str(record), "--out", str(tmp_path / "p.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wargame: error: ") and err.count("\n") == 1
    assert "r.wgr.jsonl" in err
    assert not (tmp_path / "p.html").exists()


class _Seen(HTMLParser):
    """The elements and attributes a browser's parser finds in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs |= {k for k, _ in attrs}


def test_a_game_whose_every_name_is_a_payload_gives_an_inert_pack(tmp_path: Path) -> None:
    from hostile import PAYLOADS, write_hostile

    path = tmp_path / "hostile.wgr.jsonl"
    game = new_game(
        str(write_hostile(tmp_path)), seed=3, humans=["russia"], overrides=["years=1"], record=path
    )
    game.ask = lambda d: d.week <= 2
    while game.week < 6:
        if game.advance() is not None:
            game.submit([])
    game.close()
    page = debrief_html(path, charts=False)
    assert "Week 2: Russia decided" in page
    seen = _Seen()
    seen.feed(page)
    allowed_tags = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "section"}
    allowed_tags |= {"p", "b", "span", "ul", "li", "table", "tr", "th", "td", "div"}
    assert seen.tags <= allowed_tags, seen.tags - allowed_tags
    assert seen.attrs <= {"lang", "charset", "name", "content", "http-equiv", "id", "class"}
    assert "pwn" not in " ".join(seen.attrs) and "<img" not in page
    assert any(html.escape(p) in page for p in PAYLOADS)  # the names are there, as text
