"""The decision card in a real browser: several incidents in one Submit, a standing order kept."""

from __future__ import annotations

import re
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def test_two_incidents_in_one_submit_and_a_standing_order_carried_over(
    page: Any, server: Any
) -> None:
    """Week 1 (seed 3): the Force Commander answers probe #1 with none and limited violation #3
    with signal in one Submit and keeps them as a standing order; weeks 2-3 are not asked, and
    the order (not the policy, which answers with denial) signals week 3's limited violations."""
    from test_browser import start_game

    start_game(page, server.url, ["force_commander"], years="1", seed=3)
    page.locator(".wg-step").click()
    decision = page.locator(".wg-decision")
    decision.wait_for()
    assert "week 1" in decision.inner_text()
    for ident, mode in ((1, "none"), (3, "signal")):  # two incidents, one Submit
        card = decision.locator(f".wg-incident-{ident}")
        card.get_by_role("button", name=mode, exact=True).click()
        card.locator(".wg-add-respond").click()
    page.locator(".wg-keep-order input").check()
    page.locator(".wg-submit").click()
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 1 of \d+ played"))
    feed = page.locator(".wg-feed")
    expect(feed).to_contain_text(
        re.compile(r"Week 1\b[^:]*: The force answered limited .*#3 .* with signal")
    )
    page.locator(".wg-run-decision").click()
    expect(page.locator(".wg-decision")).to_contain_text("week 4")
    expect(page.locator(".wg-standing")).to_contain_text(
        "respond to every level-1 incident with none, every level-2 incident with signal"
    )
    expect(page.locator(".wg-keep-order input")).to_be_checked()
    expect(feed).to_contain_text(
        re.compile(r"Week 3\b[^:]*: The force answered limited .*#7 .* with signal")
    )
    text = feed.inner_text()
    assert "with denial" not in text
