"""A teacher creates a class of three rooms in Chromium and sees them on the dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect


def test_class_of_three_rooms_on_the_dashboard(browser: Any, server: Any) -> None:
    """Create 3 rooms; the dashboard lists them with join codes; a student's seat shows on it;
    the umpire link opens the all-knowing view; another browser without the key sees nothing."""
    teacher, student, stranger = (browser.new_context() for _ in range(3))
    try:
        for ctx in (teacher, student, stranger):
            ctx.set_default_timeout(60_000)
        page = teacher.new_page()
        page.goto(f"{server.url}/class")
        page.get_by_label(re.compile("Rooms")).fill("3")
        page.get_by_label("Years").fill("0.3")
        page.locator(".wg-class-go").click()
        rows = page.locator(".wg-class-table .wg-class-room")
        expect(rows).to_have_count(3)
        class_id = re.search(r"class=([A-Z0-9]{8})", page.url).group(1)
        assert "key=" not in page.url  # the key is shown once, never left in the address
        first = rows.first
        join = re.search(r"([A-Z0-9]{6})-([A-Z0-9]{6})", first.inner_text())
        assert join, first.inner_text()
        code, invite = join.groups()
        expect(first).to_contain_text("waiting for students to join (0/2)")

        pupil = student.new_page()
        pupil.goto(f"{server.url}/?game={code}&invite={invite}")
        pupil.locator(".wg-seat-russia").click()
        expect(pupil.locator(".wg-status")).to_contain_text("you command Russia")
        # the dashboard redraws by itself (every 5 s)
        expect(page.locator(f'.wg-class-room[data-code="{code}"]')).to_contain_text(
            "(1/2)", timeout=20_000
        )

        link = first.locator("a").get_attribute("href")
        umpire = stranger.new_page()
        umpire.goto(f"{server.url}/class?class={class_id}")
        expect(umpire.locator(".wg-problem")).to_contain_text(f"There is no class {class_id}")
        expect(umpire.locator(".wg-class-table")).to_have_count(0)
        umpire.goto(server.url + link)
        expect(umpire.locator(".wg-status")).to_contain_text("you are the umpire")
    finally:
        for ctx in (teacher, student, stranger):
            ctx.close()
