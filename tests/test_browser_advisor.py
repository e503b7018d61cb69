"""The advisor and the hand-back in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def test_advisor_prefills_then_hand_back_for_three_weeks_and_take_back(
    page: Any, server: Any
) -> None:
    """Week 1 (seed 3): the advisor pre-fills the Force Commander's answers to its open incidents
    with a reason line; handed back for 3 weeks the game goes on unasked, the feed marks the
    policy's answers; taken back, the next week's decision is the student's again."""
    from test_browser import start_game

    start_game(page, server.url, ["force_commander"], years="1", seed=3)
    page.locator(".wg-step").click()
    decision = page.locator(".wg-decision")
    decision.wait_for()
    assert "week 1" in decision.inner_text()
    expect(page.locator(".wg-orders")).to_have_count(0)
    page.locator(".wg-advise").click()
    expect(page.locator(".wg-advice")).to_contain_text(
        "The policy (denial) would: Answer every incident awaiting a response"
    )
    orders = page.locator(".wg-orders li")
    expect(orders.first).to_be_visible()
    assert orders.count() >= 2  # week 1 of seed 3 has two incidents to answer (#1 and #3)

    page.locator(".wg-hand-weeks").click()  # 3 weeks, the default
    expect(page.locator(".wg-handed")).to_contain_text("through week 3")
    expect(page.locator(".wg-decision")).to_have_count(0)
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 1 of \d+ played"))
    for week in (2, 3):
        page.locator(".wg-step").click()
        expect(page.locator(".wg-status")).to_contain_text(
            re.compile(rf"week {week} of \d+ played")
        )
        expect(page.locator(".wg-decision")).to_have_count(0)
    feed = page.locator(".wg-feed")
    expect(feed).to_contain_text(
        re.compile(r"Week 1\b[^:]*: The force answered .*\(by the policy\)")
    )
    expect(feed).to_contain_text(
        re.compile(r"Week 3\b[^:]*: The force answered .*\(by the policy\)")
    )

    page.locator(".wg-take-back").click()
    expect(page.locator(".wg-handed")).to_have_count(0)
    page.locator(".wg-step").click()
    expect(page.locator(".wg-decision")).to_contain_text("week 4")
