"""A trainer annotates a replay in a real browser; the notes survive a server restart, a link opens
the replay at a noted week, and the record still verifies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import choose_option

from wargame.cli import main

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def test_notes_on_a_replay_survive_a_restart(browser: Any, tmp_path: Path) -> None:
    from conftest import Server

    record = tmp_path / "student.wgr.jsonl"
    argv = ["run", "--scenario", "reassurance", "--seed", "1", "--years", "1"]
    assert main([*argv, "--record", str(record)]) == 0
    before = record.read_bytes()
    games = tmp_path / "games"
    server = Server(games).start()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.url + "/replay")
        page.locator(".wg-upload-input").set_input_files(str(record))
        expect(page.locator(".wg-verified")).to_contain_text("Verified")
        # The upload joins this browser's list, with what it is; the search narrows the list.
        entry = page.locator(".wg-record")
        expect(entry).to_contain_text("reassurance")
        expect(entry).to_contain_text("33 weeks | coalition_withdrawn")
        search = page.get_by_role("textbox", name="search (code, date, scenario, actor, outcome)")
        search.fill("option4")
        expect(page.locator(".wg-record-count")).to_contain_text("0 of 1 records")
        search.fill("reassurance withdrawn")
        expect(page.locator(".wg-record-count")).to_contain_text("1 of 1 records")
        page.locator(".wg-start-week").click()
        for _ in range(3):
            page.locator(".wg-fwd").click()
        expect(page.locator(".wg-notes")).to_contain_text("Notes on week 3")
        expect(page.locator(".wg-no-notes")).to_be_visible()
        page.locator(".wg-note-add").click()  # nothing written yet
        expect(page.locator(".wg-note-error")).to_contain_text("the text is empty")
        choose_option(page, ".wg-note-mark", "turning point")
        page.get_by_role("textbox", name="note").fill("<b id=pwn>Russia probes</b> the line")
        page.locator(".wg-note-add").click()
        note = page.locator(".wg-note")
        expect(note).to_contain_text("[turning point]")
        expect(note).to_contain_text("<b id=pwn>Russia probes</b> the line")  # as text
        assert page.locator("#pwn").count() == 0
        expect(page.locator(".wg-noted-week")).to_contain_text("week 3: turning point")
        link = page.locator(".wg-week-link").inner_text().split(": ", 1)[1]
        assert link.startswith("/replay?record=upload-") and link.endswith("&week=3")
        page.locator(".wg-end-week").click()
        page.locator(".wg-noted-week").click()  # the timeline's mark jumps back to week 3
        expect(page.locator(".wg-replay-week")).to_contain_text("week 3 of")
    finally:
        context.close()
        server.stop()

    server = Server(games).start()  # a restart: the notes are in the games folder
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.url + link)
        expect(page.locator(".wg-replay-week")).to_contain_text("week 3 of")
        expect(page.locator(".wg-verified")).to_contain_text("Verified")
        expect(page.locator(".wg-note")).to_contain_text("Russia probes")
        expect(page.locator(".wg-record")).to_have_count(0)  # another browser: not in its list
        page.goto(server.url + "/replay?record=../../etc/passwd&week=2")
        expect(page.locator(".wg-replay-error")).to_contain_text("cannot open here")
    finally:
        context.close()
        server.stop()
    assert record.read_bytes() == before
    uploaded = next((games / "uploads").glob("upload-*.wgr.jsonl"))
    assert main(["replay", str(uploaded), "--verify"]) == 0
    assert len(list((games / "notes").glob("*.notes.json"))) == 1
