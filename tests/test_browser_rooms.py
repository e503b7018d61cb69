"""Twenty browsers in ten rooms of two at once, and an intruder: no cross-talk between rooms."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

ROOMS = 10
ACTORS = ("force_commander", "russia")
NAMES = {"force_commander": "Force Commander", "russia": "Russia"}


def _wait_status(page: Any, pattern: str, timeout: float = 60_000) -> None:
    expect(page.locator(".wg-status")).to_contain_text(re.compile(pattern), timeout=timeout)


def submit(page: Any, card: Any, attempts: int = 3) -> None:
    """Click the open decision's Submit. On a loaded machine a redraw can detach the button and
    the page may not draw it again in time: then the page is loaded again (its seat and decision
    are the server's) and clicked again, unless the decision went through meanwhile."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        try:
            page.locator(".wg-submit").click(timeout=20_000)
            return
        except PlaywrightTimeout:
            if card.count() == 0:
                return
            page.reload()
            _wait_status(page, "you command")
    raise AssertionError(f"could not submit the decision after {attempts} tries")


def test_twenty_browsers_in_ten_rooms(browser: Any, server: Any) -> None:
    """10 rooms of Force Commander + Russia, each student in its own context: each sees only its
    own room and actor's view, plays a few decisions; a 21st browser opens no room."""
    from test_browser import game_code, start_game

    began = time.monotonic()
    contexts = [
        browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(2 * ROOMS + 1)
    ]
    latencies: list[float] = []
    try:
        for ctx in contexts:
            ctx.set_default_timeout(60_000)
        pages = [ctx.new_page() for ctx in contexts]
        creators, joiners, intruder = pages[:ROOMS], pages[ROOMS : 2 * ROOMS], pages[-1]
        rooms: list[tuple[str, str]] = []
        for i, a in enumerate(creators):
            start_game(a, server.url, list(ACTORS), years="1", seed=100 + i)
            code = game_code(a)
            hint = a.locator(".wg-hint").inner_text()
            invite = re.search(rf"{code}-([A-Z0-9]{{6}})", hint)
            assert invite, hint
            rooms.append((code, invite.group(1)))
        assert len({code for code, _ in rooms}) == ROOMS
        setup_s = time.monotonic() - began

        for b, (code, invite) in zip(joiners, rooms, strict=True):
            b.goto(f"{server.url}/?game={code}&invite={invite}")
            b.locator(".wg-seat-russia").click()
            _wait_status(b, "you command Russia")

        def decide(page: Any) -> None:
            """Submit the open decision (no orders) and time it until the page moved on."""
            card = page.locator(".wg-decision")
            week = int(re.search(r"week (\d+)", card.inner_text()).group(1))
            t0 = time.monotonic()
            submit(page, card.filter(has_text=f"week {week},"))
            expect(card.filter(has_text=f"week {week},")).to_have_count(0, timeout=60_000)
            latencies.append(time.monotonic() - t0)

        # Every full room plays on by itself to week 1, where Russia decides first.
        for b in joiners:
            expect(b.locator(".wg-decision")).to_contain_text("Russia")
            decide(b)
        # Two more rounds: whoever's decision is due takes it, else the creator runs on to one.
        for _ in range(2):
            for a, b in zip(creators, joiners, strict=True):
                for pg in (a, b):
                    if pg.locator(".wg-decision").count():
                        decide(pg)
                        break
                else:
                    run = a.locator(".wg-run-decision")
                    if run.is_enabled():
                        t0 = time.monotonic()
                        run.click()
                        a.wait_for_function(
                            "() => document.querySelector('.wg-decision') !== null || "
                            "/waiting for|game over/.test("
                            "document.querySelector('.wg-status').textContent)"
                        )
                        latencies.append(time.monotonic() - t0)

        for (code, _), a, b in zip(rooms, creators, joiners, strict=True):
            for pg, actor in ((a, "force_commander"), (b, "russia")):
                status = pg.locator(".wg-status").inner_text()
                assert f"Game {code}" in status and f"you command {NAMES[actor]}" in status
                assert pg.locator(".wg-map").get_attribute("data-viewer") == actor
                for other, _ in rooms:
                    if other != code:
                        assert other not in pg.locator("body").inner_text()
            weeks = {int(pg.locator(".wg-map").get_attribute("data-week")) for pg in (a, b)}
            assert len(weeks) == 1 and weeks.pop() >= 1  # both see the same week of their room

        for code, _ in rooms[:3]:  # the intruder has every code but no seat, invite or link
            for asked in ("", "&as=russia", "&as=force_commander", "&as=umpire", "&as=watch"):
                intruder.goto(f"{server.url}/?game={code}{asked}")
                expect(intruder.locator(".wg-problem")).to_be_visible()
                assert intruder.locator(".wg-map").count() == 0
                assert intruder.locator(".wg-step").count() == 0
        intruder.goto(server.url + "/replay")
        expect(intruder.locator(".wg-records")).to_contain_text("No record of yours yet")
        for code, _ in rooms:
            assert code not in intruder.locator("body").inner_text()
    finally:
        for ctx in contexts:
            ctx.close()
    total = time.monotonic() - began
    latencies.sort()
    print(
        f"\n{2 * ROOMS + 1} browsers, {ROOMS} rooms: set-up {setup_s:.1f} s, total {total:.1f} s; "
        f"{len(latencies)} decisions/runs, latency median {latencies[len(latencies) // 2]:.2f} s, "
        f"max {latencies[-1]:.2f} s"
    )
    assert total < 300, f"20 browsers took {total:.0f} s"


def test_watchers_see_the_public_view_and_the_umpire_link_works(browser: Any, server: Any) -> None:
    """A game open to watchers: a watcher gets the public map and no controls; the umpire link
    (shown once to the creator) gives another browser the all-knowing view and the controls."""
    from test_browser import game_code, start_game

    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(3)]
    try:
        creator, watcher, umpire = (ctx.new_page() for ctx in contexts)
        creator.goto(server.url + "/")
        creator.get_by_label("Anyone with the code may watch").check()
        start_game(creator, server.url, [], years="1", reload=False)
        code = game_code(creator)
        _wait_status(creator, "you are the umpire")
        creator.get_by_text("Umpire link").click()
        link = creator.locator(".wg-umpire-link").inner_text().strip()
        assert re.fullmatch(rf"/\?game={code}&umpire=[\w-]+", link), link

        watcher.goto(f"{server.url}/?game={code}")
        _wait_status(watcher, "you are watching")
        expect(watcher.locator(".wg-map")).to_have_attribute("data-viewer", "public")
        assert (
            watcher.locator(".wg-step").count() == 0 and watcher.locator(".wg-reset").count() == 0
        )

        umpire.goto(server.url + link.replace("umpire=", "umpire=x"))  # a wrong key
        expect(umpire.locator(".wg-problem")).to_be_visible()
        umpire.goto(server.url + link)
        _wait_status(umpire, "you are the umpire")
        expect(umpire).not_to_have_url(re.compile("umpire=[\\w-]"))  # the key left the address
        expect(umpire.locator(".wg-map")).to_have_attribute("data-viewer", "umpire")
        umpire.locator(".wg-step").click()
        _wait_status(umpire, "week 1 of 52 played")
    finally:
        for ctx in contexts:
            ctx.close()
