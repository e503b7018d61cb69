"""Hostile names in a real browser: a game on a map and scenario named by payloads, then its record
replayed on the Replay page. No payload runs, injects an element or opens a dialog."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import choose_option
from hostile import write_hostile

from wargame.engine.roster import display_name

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)

# Elements or handlers a payload would have added, and the flag a payload would have set.
INJECTED = "[id^=pwn-], img[src=x], image, script#pwn-script, style#pwn-style, a[href^=javascript]"
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].filter(a => /^on/i.test(a.name)).map(a => el.tagName + ' ' + a.name))"""

# The page waits for a click: a decision to submit, a week to step, or the game is over.
SETTLED = """() => !!document.querySelector('.wg-submit')
    || !document.querySelector('.wg-step').disabled
    || /game over/.test(document.querySelector('.wg-status').textContent)"""
MOVED = "(before) => document.querySelector('.wg-version').textContent !== before"


def assert_nothing_ran(page: Any, dialogs: list[str], where: str) -> None:
    """No payload ran, injected an element or an inline handler, or opened a dialog."""
    assert page.evaluate("() => window.__pwned") is None, where
    assert page.locator(INJECTED).count() == 0, where
    assert page.evaluate(HANDLERS) == [], where
    assert dialogs == [], where


def hover_every_sector(page: Any) -> None:
    """Move the mouse over each sector (an injected onmouseover would fire)."""
    sectors = page.locator(".wg-map .wg-sector")
    for i in range(sectors.count()):
        sectors.nth(i).hover(force=True)


def open_details(page: Any, summary: str, card: str, shows: str) -> None:
    """Expand a collapsed section until its card shows `shows` (a click while the page still
    wires up its widgets can be lost)."""
    for attempt in range(4):
        page.get_by_role("button", name=summary).click()
        try:
            expect(page.locator(card)).to_contain_text(shows, timeout=5_000)
            return
        except AssertionError:
            print(f"'{summary}' did not open on click {attempt + 1}")
    expect(page.locator(card)).to_contain_text(shows)


def choose(page: Any, select: str, option: str) -> None:
    """Pick an option of a Vuetify select (by the select's class)."""
    choose_option(page, select, option)
    expect(page.locator(f"{select} input")).to_have_value(option)


def start(page: Any, url: str, humans: list[str], years: str = "1") -> None:
    """Start a game (one year unless said) of the hostile scenario with these human actors."""
    page.goto(url + "/")
    page.locator(".wg-start").wait_for()
    choose(page, ".wg-scenario", "hostile (scenarios folder)")
    toggles = page.locator(".wg-humans")
    for actor in ("force_commander", "russia", "ukraine", "monitor", "us"):
        button = toggles.get_by_role("button", name=display_name(actor), exact=True)
        pressed = "v-btn--active" in (button.get_attribute("class") or "")
        if pressed != (actor in humans):
            button.click()
    page.get_by_label("Seed").fill("3")
    page.get_by_label("Years (empty: the scenario's)").fill(years)
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()


def test_hostile_names_stay_text_in_play_and_replay(
    page: Any, server: Any, games_dir: Path, tmp_path: Path
) -> None:
    """Russia's student plays a few weeks (intelligence picture, orders on a hostile sector, feed,
    map); a watcher runs another game (actors, nations); the first record is replayed."""
    write_hostile(games_dir / "scenarios")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # a short game: since issue 15 a limited violation seldom ends a ceasefire, so the game is
    # over at its horizon (its debrief names the payload sector too)
    start(page, server.url, ["russia"], years="0.1")
    record = games_dir / f"{page.url.split('game=')[1][:6]}.wgr.jsonl"
    page.locator(".wg-step").click()
    decision = page.locator(".wg-decision")
    expect(decision).to_contain_text("week 1")
    assert_nothing_ran(page, dialogs, "the first decision")
    open_details(page, "Your intelligence picture", ".wg-decision", "Your troops on the line")
    expect(decision).to_contain_text(
        "sector 1 3' onmouseover="
    )  # payloads are on the page, as text
    violate = page.locator(".wg-action-violate")
    violate.locator(".v-field").click()
    option = page.get_by_role("option").nth(2)  # a sector named by a payload
    sector_label = option.inner_text()
    option.click()
    violate.locator(".wg-param-level").get_by_role(
        "button", name="level 2 (limited tactical violation)", exact=True
    ).click()
    violate.locator(".wg-add-violate").click()
    expect(page.locator(".wg-orders")).to_contain_text(sector_label)
    page.locator(".wg-submit").click()
    status = page.locator(".wg-status")
    expect(status).to_contain_text(re.compile(r"week 1 of \d+ played"))
    for _ in range(8):  # play on, holding fire at each decision, till the war resumes
        page.wait_for_function(SETTLED)
        if "game over" in status.inner_text():
            break
        before = page.locator(".wg-version").text_content()
        if page.locator(".wg-submit").count():
            page.locator(".wg-submit").click()
        else:
            page.locator(".wg-step").click()
        page.wait_for_function(MOVED, arg=before)
    expect(status).to_contain_text("game over")
    expect(page.locator(".wg-feed")).to_contain_text("<img src=x id=pwn-svg")
    expect(page.locator(".wg-debrief")).to_contain_text("Turning points")
    hover_every_sector(page)
    assert_nothing_ran(page, dialogs, "playing Russia")

    start(page, server.url, [])  # watching: the umpire's panels, every nation's name
    page.locator(".wg-run-n").click()
    expect(page.locator(".wg-status")).to_contain_text("week 10 of 52 played")
    open_details(page, "Nations: will and public support", ".wg-actors", "id=pwn-img")
    hover_every_sector(page)
    assert_nothing_ran(page, dialogs, "watching")

    # The trainer opens the student's record by upload (its map is in the games folder).
    page.goto(server.url + "/replay")
    upload = tmp_path / "student.wgr.jsonl"
    upload.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    page.locator(".wg-upload-input").set_input_files(str(upload))
    expect(page.locator(".wg-verified")).to_contain_text("Verified")
    page.locator(".wg-start-week").click()
    page.locator(".wg-fwd").click()
    expect(page.locator(".wg-week-decisions")).to_contain_text("a person decided")
    expect(page.locator(".wg-week-decisions")).to_contain_text("<img src=x id=pwn-sq")
    open_details(page, "Nations: will and public support", ".wg-actors", "id=pwn-img")
    expect(page.locator(".wg-feed")).to_contain_text("<img src=x id=pwn-svg")
    hover_every_sector(page)
    page.locator(".wg-end-week").click()
    # Hover only once the last week is drawn: a map being redrawn has sectors that vanish.
    expect(page.locator(".wg-replay-week")).to_have_text(re.compile(r"week (\d+) of \1$"))
    hover_every_sector(page)
    assert_nothing_ran(page, dialogs, "replaying the record")
