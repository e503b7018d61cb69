"""A trainer replays a student's game in a real browser: switches to the student's own view of a
week, then takes the game away as a debrief pack, CSV tables and PNG charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import choose_option

from wargame.play.session import new_game

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def student_record(path: Path) -> Path:
    """A one-year game in which a person plays Russia in week 2 (a probe in sector s05)."""
    game = new_game("default", seed=11, humans=["russia"], overrides=["years=1"], record=path)
    game.ask = lambda d: d.week == 2
    while not game.over:
        if game.advance() is not None:
            game.submit([{"type": "violate", "sector": "s05", "level": 1}])
    game.close()
    return path


def test_actor_view_and_downloads_on_the_replay_page(
    page: Any, server: Any, tmp_path: Path
) -> None:
    record = student_record(tmp_path / "student.wgr.jsonl")
    page.goto(server.url + "/replay")
    page.locator(".wg-upload-input").set_input_files(str(record))
    expect(page.locator(".wg-verified")).to_contain_text("Verified")
    page.locator(".wg-start-week").click()
    for _ in range(2):
        page.locator(".wg-fwd").click()
    expect(page.locator(".wg-replay-week")).to_contain_text("week 2 of")
    expect(page.locator(".wg-map")).to_have_attribute("data-viewer", "umpire")
    choose_option(page, ".wg-replay-view", "Russia's view")
    expect(page.locator(".wg-actor-view-caption")).to_contain_text(
        "What Russia saw when deciding in week 2"
    )
    expect(page.locator(".wg-map")).to_have_attribute("data-viewer", "russia")
    decision = page.locator(".wg-actor-decision")
    # In words, as the card speaks: names, not ids (sector s05 is sector 5 Svatove axis).
    expect(decision).to_contain_text("Chose (a person decided): Start a level 1")
    expect(decision).to_contain_text("in sector 5 Svatove axis")
    expect(decision).to_contain_text("Could have done: violate: sector 1 Vovchansk")
    expect(decision).to_contain_text("hybrid (at most 2): target: United Kingdom")
    expect(decision).to_contain_text("Your reserves")
    expect(decision).not_to_contain_text("s05")
    expect(page.locator(".wg-week-decisions")).to_have_count(0)  # the umpire's list is hidden

    with page.expect_download() as info:
        page.get_by_role("button", name="Debrief pack (HTML)", exact=True).click()
    pack = Path(info.value.path()).read_text()
    assert info.value.suggested_filename.endswith("-debrief.html")
    assert "Week 2: Russia decided" in pack and "<script" not in pack
    with page.expect_download() as info:
        page.get_by_role("button", name="Russia's debrief pack (HTML)").click()
    assert info.value.suggested_filename.endswith("-russia-debrief.html")
    assert "Debrief: default, seed 11, Russia" in Path(info.value.path()).read_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="weekly.csv").click()
    assert Path(info.value.path()).read_text().startswith("week,")
    with page.expect_download() as info:
        page.get_by_role("button", name="escalation.png").click()
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    choose_option(page, ".wg-replay-view", "umpire (everything)")
    expect(page.locator(".wg-map")).to_have_attribute("data-viewer", "umpire")
