"""The tutorial in a real browser (Chromium + Playwright): from its button to its end."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)

MOVED = "(before) => document.querySelector('.wg-version').textContent !== before"


def step_of(page: Any) -> str:
    """The key of the tutorial step shown (from the card's class)."""
    classes = page.locator(".wg-tutorial").get_attribute("class") or ""
    return re.search(r"wg-tutorial-(\w+)", classes.replace("wg-tutorial ", "")).group(1)


def act(page: Any, selector: str) -> None:
    """Click and wait until the game view has redrawn."""
    before = page.locator(".wg-version").text_content()
    page.locator(selector).first.click()
    page.wait_for_function(MOVED, arg=before)


def answer(page: Any, mode: str) -> None:
    """Answer the incident the tutorial names with `mode`, after opening its glossary link."""
    text = page.locator(".wg-tutorial-text").inner_text()
    ident = re.search(rf"incident (\d+) \(level \d\) in .*? with {mode}", text).group(1)
    card = page.locator(f".wg-incident-{ident}")
    link = card.locator(f".wg-mode-lines .wg-term-link[data-term='{mode}']")
    if link.count():  # the mode's name in the card opens its definition in the glossary
        link.click()
        expect(page.locator(f"details[data-term='{mode}']")).to_have_attribute("open", "")
        expect(page.locator(f"#wg-term-{mode}")).to_be_visible()
    card.locator(".wg-incident-modes").get_by_role("button", name=mode, exact=True).click()
    card.locator(".wg-add-respond").click()
    page.locator(".wg-orders").wait_for()
    act(page, ".wg-submit")


def submit_or_run(page: Any) -> None:
    """Submit the decision shown as it is, or run to the next decision."""
    act(page, ".wg-submit" if page.locator(".wg-submit").count() else ".wg-run-decision")


def test_the_tutorial_runs_to_its_end(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    page.locator(".wg-tutorial-btn").click()
    page.locator(".wg-tutorial").wait_for()
    expect(page.locator(".wg-status")).to_contain_text("you command Force Commander")
    assert step_of(page) == "start"
    act(page, ".wg-run-decision")
    assert step_of(page) == "signal"
    expect(page.locator(".wg-tutorial")).to_contain_text("This is a decision point")
    answer(page, "signal")
    assert step_of(page) == "feed"
    act(page, ".wg-step")
    expect(page.locator(".wg-feed")).to_contain_text("with signal")
    deadline = time.monotonic() + 60
    while step_of(page) == "denial" and time.monotonic() < deadline:
        if "with denial" in page.locator(".wg-tutorial-text").inner_text():
            answer(page, "denial")
        else:
            submit_or_run(page)
    assert step_of(page) == "move"
    if not page.locator(".wg-decision").count():
        act(page, ".wg-run-decision")
    page.locator(".wg-add-move_unit").click()
    page.locator(".wg-orders").wait_for()
    act(page, ".wg-submit")
    assert step_of(page) == "map"
    page.locator(".wg-tutorial-next").click()
    expect(page.locator(".wg-tutorial-standing")).to_be_visible()
    if not page.locator(".wg-decision").count():
        act(page, ".wg-run-decision")
    page.locator(".wg-keep-order input").check()
    expect(page.locator(".wg-keep-order input")).to_be_checked()
    act(page, ".wg-submit")
    assert step_of(page) == "finish"
    while step_of(page) == "finish" and time.monotonic() < deadline + 60:
        submit_or_run(page)
    assert step_of(page) == "debrief"
    page.locator(".wg-debrief").wait_for()
    page.locator(".wg-tutorial-next").click()
    expect(page.locator(".wg-tutorial-done")).to_contain_text("Tutorial complete")
    page.locator(".wg-tutorial-skip").click()
    expect(page.locator(".wg-tutorial")).to_have_count(0)
