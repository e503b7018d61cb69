"""The trainers' tools in a real browser (Debian's Chromium): an umpire's news item reaching one
student of a room and not the other, an override without a reason refused in the console, a
student forking the live game from the Play page into a new game naming its parent, and a
student handing their actor to its policy in a fork."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import choose_option

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=60_000)

NEWS = "Convoy of trucks seen near the line"


def pick(page: Any, select: str, option: str) -> None:
    """Choose an option of a Select (its class) the way a person does."""
    choose_option(page, select, option)


def test_an_umpires_news_item_reaches_the_chosen_student_only(browser: Any, server: Any) -> None:
    from test_browser import game_code, start_game

    contexts = [browser.new_context(viewport={"width": 1400, "height": 1100}) for _ in range(3)]
    try:
        for ctx in contexts:
            ctx.set_default_timeout(60_000)
        creator, joiner, umpire = (ctx.new_page() for ctx in contexts)
        start_game(creator, server.url, ["force_commander", "russia"], years="1", seed=11)
        code = game_code(creator)
        hint = creator.locator(".wg-hint").inner_text()
        invite = re.search(rf"{code}-([A-Z0-9]{{6}})", hint)
        assert invite, hint
        creator.get_by_text("Umpire link").click()
        link = creator.locator(".wg-umpire-link").inner_text().strip()

        umpire.goto(server.url + link)
        expect(umpire.locator(".wg-status")).to_contain_text("you are the umpire")
        pick(umpire, ".wg-wc-kind", "news")
        text = umpire.locator(".wg-wc-text input")
        text.fill(NEWS)
        text.press("Enter")
        pick(umpire, ".wg-wc-to", "force_commander")
        umpire.keyboard.press("Escape")
        umpire.locator(".wg-wc-give").click()
        expect(umpire.locator(".wg-wc-done")).to_contain_text("news to Force Commander")

        joiner.goto(f"{server.url}/?game={code}&invite={invite.group(1)}")
        joiner.locator(".wg-seat-russia").click()
        expect(joiner.locator(".wg-status")).to_contain_text("you command Russia")
        # The full room plays on by itself into week 1, where the news is made.
        expect(creator.locator(".wg-event", has_text=NEWS)).to_have_count(1)
        expect(joiner.locator(".wg-status")).to_contain_text("week 1 of 52")
        joiner.reload()
        expect(joiner.locator(".wg-feed")).to_be_visible()
        expect(joiner.locator(".wg-status")).to_contain_text("you command Russia")
        expect(joiner.locator(".wg-feed")).not_to_contain_text(NEWS)
        expect(umpire.locator(".wg-event", has_text=NEWS).first).to_be_visible()
    finally:
        for ctx in contexts:
            ctx.close()


def test_an_override_without_a_reason_is_refused_in_the_console(page: Any, server: Any) -> None:
    from test_browser import start_game

    page.set_default_timeout(60_000)  # a loaded machine: actions may wait long
    start_game(page, server.url, [], years="1", seed=12)
    expect(page.locator(".wg-status")).to_contain_text("you are the umpire")
    page.locator(".wg-wc-give").click()  # the default form: an incident next week
    expect(page.locator(".wg-wc-done")).to_contain_text("a level-1 incident")
    page.locator(".wg-step").click()
    expect(page.locator(".wg-status")).to_contain_text("week 1 of 52 played")

    pick(page, ".wg-wc-kind", "override")
    pick(page, ".wg-wc-outcome", "halted")
    page.locator(".wg-wc-give").click()
    error = page.locator(".wg-wc-error")
    expect(error).to_contain_text("Not overridden: an override needs a reason")
    expect(page.locator(".wg-wc-done")).to_have_count(0)

    reason = page.locator(".wg-wc-reason input")
    reason.fill("the umpire judged the patrol arrived in time")
    reason.press("Enter")
    page.locator(".wg-wc-give").click()
    expect(page.locator(".wg-wc-done")).to_contain_text("override")
    expect(page.locator(".wg-wc-error")).to_have_count(0)


def test_a_student_forks_the_live_game_from_the_play_page(
    page: Any, server: Any, games_dir: Path
) -> None:
    from test_browser import game_code, start_game

    page.set_default_timeout(60_000)  # a loaded machine: actions may wait long
    start_game(page, server.url, ["force_commander"], years="1", seed=13)
    parent = game_code(page)
    page.locator(".wg-step").click()
    status = page.locator(".wg-status")
    expect(status).to_contain_text(re.compile("week 1 of 52 (played|.*decision is due)"))
    if "decision is due" in status.inner_text():  # the student's week-1 decision: no orders
        page.locator(".wg-decision .wg-submit").click()
    expect(page.locator(".wg-status")).to_contain_text("week 1 of 52 played")
    page.get_by_text("Fork this game (what if ...)").click()
    pick(page, ".wg-live-fork-actor", "Russia")
    pick(page, ".wg-live-fork-policy", "compliant")
    page.locator(".wg-live-fork-go").click()
    expect(page).not_to_have_url(re.compile(f"game={parent}"))
    child = game_code(page)
    expect(page.locator(".wg-status")).to_contain_text(f"Game {child}")
    expect(page.locator(".wg-status")).to_contain_text("you command Force Commander")
    header = json.loads((games_dir / f"{child}.wgr.jsonl").read_text().splitlines()[0])
    assert header["parent"]["file"] == f"{parent}.wgr.jsonl"
    assert header["fork_week"] >= 2
    page.locator(".wg-run-decision").click()  # the fork plays on
    expect(page.locator(".wg-status")).not_to_contain_text(
        f"week {header['fork_week'] - 1} of 52 played (", timeout=60_000
    )
    expect(page.locator(".wg-live-fork-error")).to_have_count(0)


def test_a_student_hands_their_actor_to_its_policy_in_a_fork(
    page: Any, server: Any, games_dir: Path
) -> None:
    from test_browser import game_code, start_game

    page.set_default_timeout(60_000)
    start_game(page, server.url, ["force_commander"], years="1", seed=13)
    parent = game_code(page)
    page.locator(".wg-step").click()
    status = page.locator(".wg-status")
    expect(status).to_contain_text(re.compile("week 1 of 52 (played|.*decision is due)"))
    if "decision is due" in status.inner_text():
        page.locator(".wg-decision .wg-submit").click()
    expect(page.locator(".wg-status")).to_contain_text("week 1 of 52 played")
    page.get_by_text("Fork this game (what if ...)").click()
    pick(page, ".wg-live-fork-hand", "Force Commander")
    expect(page.locator(".wg-live-fork-handed")).to_contain_text(
        "In the fork Force Commander is played by its policy"
    )
    page.locator(".wg-live-fork-go").click()
    expect(page).not_to_have_url(re.compile(f"game={parent}"))
    child = game_code(page)
    expect(page.locator(".wg-status")).to_contain_text(f"Game {child}")
    expect(page.locator(".wg-status")).to_contain_text("you are the umpire")  # watching its policy
    header = json.loads((games_dir / f"{child}.wgr.jsonl").read_text().splitlines()[0])
    assert header["humans"] == [] and header["parent"]["file"] == f"{parent}.wgr.jsonl"
    parent_header = json.loads((games_dir / f"{parent}.wgr.jsonl").read_text().splitlines()[0])
    assert parent_header["humans"] == ["force_commander"]
    expect(page.locator(".wg-live-fork-error")).to_have_count(0)
