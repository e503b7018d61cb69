"""The browser game in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import re
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def start_game(page: Any, url: str, humans: list[str], years: str = "1", seed: int = 3) -> None:
    """Open the Play page and start a game with these human actors."""
    page.goto(url + "/")
    page.locator(".wg-start").wait_for()
    toggles = page.locator(".wg-humans")
    for actor in ("force_commander", "russia", "ukraine", "monitor", "us"):
        button = toggles.get_by_role("button", name=actor, exact=True)
        pressed = "v-btn--active" in (button.get_attribute("class") or "")
        if pressed != (actor in humans):
            button.click()
    page.get_by_label("Seed").fill(str(seed))
    page.get_by_label("Years (empty: the scenario's)").fill(years)
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()


def sector_state(page: Any, sector: str) -> str:
    """A sector's state on the map (quiet, incident, under_attack, lost)."""
    return page.locator(f'.wg-map [data-sector="{sector}"]').get_attribute("data-state")


def test_student_turn_changes_week_and_map(page: Any, server: Any) -> None:
    """Russia decides at week 1 (a decision point): a large-scale violation in sector 1."""
    start_game(page, server.url, ["russia"])
    page.locator(".wg-step").click()
    decision = page.locator(".wg-decision")
    decision.wait_for()
    assert "week 1" in decision.inner_text()
    assert sector_state(page, "s01") == "quiet"
    violate = page.locator(".wg-action-violate")
    violate.locator(".wg-param-level").get_by_role("button", name="3", exact=True).click()
    violate.locator(".wg-add-violate").click()
    page.locator(".wg-orders").wait_for()
    page.locator(".wg-submit").click()
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 1 of \d+ played"))
    expect(page.locator('.wg-map [data-sector="s01"]')).to_have_attribute(
        "data-state", re.compile("under_attack|lost")
    )
    page.locator(".wg-step").click()
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 2 of"))
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "2")
