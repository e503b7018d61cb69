"""The umpire injects an incident and pauses and resumes the game, in a real browser; a watcher
sees the pause and no console."""

from __future__ import annotations

import re
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=60_000)


def test_the_umpire_injects_an_incident_and_pauses_and_resumes(browser: Any, server: Any) -> None:
    from test_browser import game_code, start_game

    contexts = [browser.new_context(viewport={"width": 1400, "height": 1100}) for _ in range(2)]
    try:
        umpire, watcher = (ctx.new_page() for ctx in contexts)
        umpire.goto(server.url + "/")
        umpire.get_by_label("Anyone with the code may watch").check()
        start_game(umpire, server.url, [], years="1", reload=False)
        code = game_code(umpire)
        expect(umpire.locator(".wg-status")).to_contain_text("you are the umpire")
        console = umpire.locator(".wg-white-cell")
        expect(console).to_be_visible()

        watcher.goto(f"{server.url}/?game={code}")
        expect(watcher.locator(".wg-status")).to_contain_text("you are watching")
        expect(watcher.locator(".wg-white-cell")).to_have_count(0)

        # the default form: a level-1 incident by Russia in the first sector, next week
        umpire.locator(".wg-wc-give").click()
        expect(umpire.locator(".wg-wc-done")).to_contain_text(
            "Given: due in week 1: a level-1 incident"
        )
        umpire.locator(".wg-step").click()
        expect(umpire.locator(".wg-status")).to_contain_text("week 1 of 52 played")
        expect(umpire.locator(".wg-event").first).to_be_visible()
        expect(umpire.locator(".wg-event", has_text="White cell: injects")).to_have_count(1)
        expect(watcher.locator(".wg-event", has_text="White cell")).to_have_count(0)

        umpire.locator(".wg-wc-pause").click()
        expect(umpire.locator(".wg-status")).to_contain_text("paused by the umpire")
        expect(umpire.locator(".wg-step")).to_be_disabled()
        watcher.reload()
        expect(watcher.locator(".wg-status")).to_contain_text("paused by the umpire")
        expect(watcher.locator(".wg-paused-banner")).to_be_visible()

        umpire.locator(".wg-wc-resume").click()
        expect(umpire.locator(".wg-status")).not_to_contain_text("paused")
        expect(umpire.locator(".wg-step")).to_be_enabled()
        umpire.locator(".wg-step").click()
        expect(umpire.locator(".wg-status")).to_contain_text(re.compile("week 2 of 52 played"))
        watcher.reload()
        expect(watcher.locator(".wg-status")).not_to_contain_text("paused")
    finally:
        for ctx in contexts:
            ctx.close()
