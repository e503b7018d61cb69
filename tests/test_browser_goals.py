"""Goals in a real browser: the objectives at the start, the scores and the comparison at the end."""

from __future__ import annotations

import re
from typing import Any

import pytest

from wargame.engine.roster import display_name

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def _start(page: Any, url: str, human: str, years: str, seed: int) -> None:
    page.goto(url + "/")
    page.locator(".wg-start").wait_for()
    toggles = page.locator(".wg-humans")
    for actor in ("force_commander", "russia", "ukraine", "monitor", "us"):
        button = toggles.get_by_role("button", name=display_name(actor), exact=True)
        pressed = "v-btn--active" in (button.get_attribute("class") or "")
        if pressed != (actor == human):
            button.click()
    page.get_by_label("Seed").fill(str(seed))
    page.get_by_label("Years (empty: the scenario's)").fill(years)
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()


def test_objectives_at_the_start_and_scores_with_the_policy_at_the_end(
    page: Any, server: Any
) -> None:
    """Russia, played by submitting nothing, over ten weeks: its goals, then the debrief's."""
    _start(page, server.url, "russia", years="0.2", seed=3)
    objectives = page.locator(".wg-objectives")
    expect(objectives).to_contain_text("Your objectives (Russia)")
    expect(objectives).to_contain_text("No war with NATO")
    status = page.locator(".wg-status")
    for _ in range(30):  # each round: run to Russia's decision, then submit no orders
        if "game over" in status.inner_text():
            break
        submit = page.locator(".wg-submit")
        if submit.count():
            submit.click()
            expect(submit).to_have_count(0)
        else:
            page.locator(".wg-run-decision").click()
            expect(page.locator(".wg-submit").or_(page.locator(".wg-debrief"))).to_be_visible()
    debrief = page.locator(".wg-debrief")
    expect(debrief).to_contain_text("Goals: who achieved what")
    expect(page.locator(".wg-score")).to_have_count(5)
    expect(debrief).to_contain_text(re.compile(r"Russia: \d of 3 objectives met, score \d+/100"))
    versus = page.locator(".wg-versus")
    expect(versus).to_contain_text(re.compile(r"Russia \(you\): \d+/100"))
    expect(versus).to_contain_text("the policy on the same seed")
    expect(page.locator(".wg-objectives")).to_have_count(0)  # the debrief replaces them
