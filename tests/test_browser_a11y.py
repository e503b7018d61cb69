"""Accessibility in a real browser at 1280×800: one decision played with the keyboard only
(with a visible focus ring), and the Play page never scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import start_game

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)

VIEWPORT = {"width": 1280, "height": 800}
MAX_TABS = 200
FOCUSED = """([selector, text]) => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const hit = el.closest(selector);
  return !!hit && (!text || el.innerText.trim().toLowerCase() === text.toLowerCase());
}"""

FIELD = """(label) => {
  const el = document.activeElement;
  if (!el || el.tagName !== "INPUT") return false;
  const names = [...(el.labels || [])].map((l) => l.textContent).join(" ");
  return names.includes(label);
}"""


@pytest.fixture
def small_page(browser: Any, server: Any) -> Iterator[Any]:
    """A page in a 1280×800 window."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def tab_to(page: Any, selector: str, text: str = "") -> None:
    """Press Tab until the focus is on (or inside) `selector` (with this text, if given)."""
    for _ in range(MAX_TABS):
        if page.evaluate(FOCUSED, [selector, text]):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector} {text!r}")


def tab_to_field(page: Any, label: str) -> None:
    """Press Tab until the focus is in the text field with this label."""
    for _ in range(MAX_TABS):
        if page.evaluate(FIELD, label):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the field {label!r}")


def focus_ring(page: Any) -> str:
    """The outline drawn around the focused element."""
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineWidth; }"
    )


def test_one_decision_with_the_keyboard_only(small_page: Any, server: Any) -> None:
    """Force Commander: seat, seed, start, run to the decision, answer an incident, submit —
    Tab, Space, Enter and typing only; the focused control shows a ring."""
    page = small_page
    page.goto(server.url + "/")
    page.locator(".wg-start").wait_for()
    tab_to(page, ".wg-humans", "Force Commander")
    assert focus_ring(page) == "solid 3px", focus_ring(page)
    page.keyboard.press("Space")
    fc = page.locator(".wg-humans").get_by_role("button", name="Force Commander", exact=True)
    expect(fc).to_have_class(re.compile("v-btn--active"))
    for label in ("Seed", "Years"):
        tab_to_field(page, label)
        page.keyboard.press("Control+a")
        page.keyboard.type("1")
    tab_to(page, ".wg-start")
    page.keyboard.press("Enter")
    page.locator(".wg-map").wait_for()
    tab_to(page, ".wg-run-decision")
    page.keyboard.press("Enter")
    decision = page.locator(".wg-decision")
    expect(decision).to_contain_text("Your decision: week 1")
    expect(page.locator(".wg-incident-text").first).to_contain_text("Incident")
    tab_to(page, ".wg-incident-modes", "signal")
    page.keyboard.press("Space")
    tab_to(page, ".wg-add-respond")
    page.keyboard.press("Enter")
    expect(page.locator(".wg-orders")).to_contain_text("with signal (in sector ")
    tab_to(page, ".wg-submit")
    assert focus_ring(page) == "solid 3px", focus_ring(page)
    page.keyboard.press("Enter")
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 1 of \d+ played"))


def test_the_play_page_fits_1280_by_800(small_page: Any, server: Any) -> None:
    """At a decision the card, map and feed show and nothing scrolls sideways; Submit is
    reachable inside the window's width."""
    page = small_page
    start_game(page, server.url, ["force_commander"], years="1", seed=1)
    page.locator(".wg-run-decision").click()
    page.locator(".wg-decision").wait_for()
    for part in (".wg-decision", ".wg-map", ".wg-feed"):
        expect(page.locator(part).first).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= VIEWPORT["width"], width
    submit = page.locator(".wg-submit")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"], box
