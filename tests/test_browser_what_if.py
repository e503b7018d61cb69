"""A trainer forks a replay at a week with Russia compliant and fans it out, in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import choose_option

from wargame.cli import main

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=60_000)


def test_fork_and_fan_out_from_a_replayed_week(browser: Any, tmp_path: Path) -> None:
    from conftest import Server

    record = tmp_path / "student.wgr.jsonl"
    argv = ["run", "--scenario", "no_guarantee", "--seed", "3", "--years", "1"]
    assert main([*argv, "--record", str(record)]) == 0
    server = Server(tmp_path / "games").start()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.url + "/replay")
        page.locator(".wg-upload-input").set_input_files(str(record))
        expect(page.locator(".wg-verified")).to_contain_text("Verified")
        page.locator(".wg-start-week").click()
        for _ in range(3):
            page.locator(".wg-fwd").click()
        expect(page.locator(".wg-what-if")).to_contain_text("Branch from week 4 on")
        choose_option(page, ".wg-fork-policy", "compliant")
        page.locator(".wg-fork").click()
        expect(page.locator(".wg-fork-parted")).to_contain_text(
            "first differs from the original in week"
        )
        expect(page.locator(".wg-what-if svg.wg-chart")).to_have_count(4)
        page.locator(".wg-fan-out").click()
        expect(page.locator(".wg-fan-standing")).to_contain_text(
            "of 10 branches ended the same way"
        )
        expect(page.locator(".wg-what-if-error")).to_have_count(0)
    finally:
        context.close()
        server.stop()
