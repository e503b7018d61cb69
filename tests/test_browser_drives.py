"""The Lab's "What drives this?" in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import choose_option

expect = pytest.importorskip("playwright.sync_api").expect


def pick(page: Any, select: Any, option: str) -> None:
    """Choose an item of a Vuetify select."""
    choose_option(page, select, option)
    expect(select).to_contain_text(option)


def test_the_smallest_screening_shows_its_chart_and_table(page: Any, server: Any) -> None:
    """Open the Lab, open "What drives this?", screen the force commander's two parameters
    (2 trajectories x 3 points x 1 seed of 0.1 years: 6 games); the chart and table appear."""
    page.goto(server.url + "/lab")
    expect(page.get_by_text("Lab: many games")).to_be_visible(timeout=30_000)
    page.locator(".wg-drives-open").click()
    view = page.locator(".wg-drives")
    expect(view.locator(".wg-drives-size")).to_contain_text("games", timeout=30_000)
    pick(page, view.locator(".wg-drives-outcome"), "casualties")
    pick(page, view.locator(".wg-drives-group"), "force commander")
    trajectories, seeds, years = view.get_by_role("slider").all()
    for slider in (trajectories, seeds, years):
        slider.focus()
        slider.press("Home")  # the smallest: 2 trajectories, 1 seed, 0.1 years
    expect(years).to_have_attribute("aria-valuenow", "0.1")
    size = view.locator(".wg-drives-size")
    expect(size).to_contain_text("2 parameters, 2 trajectories x 3 points x 1 seeds = 6 games")
    expect(size).to_contain_text("0.1 years each")
    view.locator(".wg-drives-run").click()
    expect(view.get_by_text(re.compile(r"6 games in [\d.]+ s"))).to_be_visible(timeout=30_000)
    expect(view.locator(".wg-drives-chart img")).to_be_visible()
    table = view.locator(".wg-drives-table")
    expect(table).to_contain_text("posture.consultation_delay_weeks")
    expect(table).to_contain_text("policies.force_commander.escalation_cap")
    expect(table).to_contain_text("weeks")  # the declared unit
    expect(view.get_by_text("Download the ranking (CSV)")).to_be_visible()
    expect(view.locator(".wg-drives-problem")).to_have_count(0)
