"""The browser game in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import choose_option

from wargame.engine.roster import display_name

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)


def start_game(
    page: Any, url: str, humans: list[str], years: str = "1", seed: int = 3, reload: bool = True
) -> None:
    """Open the Play page (unless `reload` is false) and start a game with these human actors."""
    if reload:
        page.goto(url + "/")
    page.locator(".wg-start").wait_for()
    toggles = page.locator(".wg-humans")
    for actor in ("force_commander", "russia", "ukraine", "monitor", "us"):
        button = toggles.get_by_role("button", name=display_name(actor), exact=True)
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
    """Russia decides at week 1 (a decision point): a limited violation in sector 1 (a
    large-scale one needs a build-up first, since issue 15)."""
    start_game(page, server.url, ["russia"])
    page.locator(".wg-step").click()
    decision = page.locator(".wg-decision")
    decision.wait_for()
    assert "week 1" in decision.inner_text()
    assert sector_state(page, "s01") == "quiet"
    violate = page.locator(".wg-action-violate")
    violate.locator(".wg-param-level").get_by_role(
        "button", name="level 2 (limited tactical violation)", exact=True
    ).click()
    violate.locator(".wg-add-violate").click()
    page.locator(".wg-orders").wait_for()
    page.locator(".wg-submit").click()
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 1 of \d+ played"))
    # a limited violation is over within its week, so Russia's own map may show it quiet again;
    # the map has moved on to the week played
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "1")
    page.locator(".wg-step").click()
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 2 of"))
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "2")


def game_code(page: Any) -> str:
    """The code of the game open in a page (from its URL)."""
    match = re.search(r"game=([A-Z0-9]{6})", page.url)
    assert match, page.url
    return match.group(1)


def record_game(games_dir: Path, code: str, weeks: int = 30, humans: tuple[str, ...] = ()) -> Path:
    """Record a short game straight into the server's games folder."""
    from wargame.play.session import new_game

    games_dir.mkdir(parents=True, exist_ok=True)
    path = games_dir / f"{code}.wgr.jsonl"
    new_game("default", seed=5, overrides=[f"years={weeks / 52}"], record=path).run()
    return path


def browser_token(page: Any) -> str:
    """The page's `wargame-browser` cookie (HttpOnly: only the test harness can read it)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies["wargame-browser"]


def grant_umpire(games_dir: Path, code: str, page: Any) -> None:
    """Make the page's browser the umpire of a game recorded straight into the games folder."""
    import json

    from wargame.ui.games import SETUP_SUFFIX, seat_token

    setup = {"scenario": "default", "seed": 5, "umpires": [seat_token(browser_token(page))]}
    (games_dir / f"{code}{SETUP_SUFFIX}").write_text(json.dumps(setup), encoding="utf-8")


def test_run_to_the_end_shows_the_debrief(page: Any, server: Any) -> None:
    """Watching a one-year game to its end: the debrief gives outcome, cause, turning points."""
    start_game(page, server.url, [], years="1")
    page.locator(".wg-run-decision").click()
    debrief = page.locator(".wg-debrief")
    expect(debrief).to_contain_text("Debrief")
    expect(debrief).to_contain_text("Turning points")
    expect(page.locator(".wg-status")).to_contain_text("game over")
    expect(page.locator(".wg-charts")).to_contain_text("week 52")  # the charts followed the game


def test_replay_a_saved_record_and_scrub_back(page: Any, server: Any, games_dir: Path) -> None:
    """Pick a record from the games folder: verified, scrub back and forth, see the week's decisions."""
    record_game(games_dir, "RPLAY2", weeks=30)
    page.goto(server.url + "/replay")
    grant_umpire(games_dir, "RPLAY2", page)  # only a browser's own games are listed
    page.reload()
    page.get_by_role("button", name="RPLAY2").click()
    expect(page.locator(".wg-verified")).to_contain_text("Verified")
    week = page.locator(".wg-replay-week")
    expect(week).to_contain_text("week 30 of 30")
    page.locator(".wg-back").click()
    expect(week).to_contain_text("week 29 of 30")
    page.locator(".wg-back").click()
    expect(week).to_contain_text("week 28 of 30")
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "28")
    expect(page.locator(".wg-week-decisions")).to_contain_text("Decisions of week 28")
    page.locator(".wg-start-week").click()
    expect(week).to_contain_text("week 0 of 30")
    page.locator(".wg-fwd").click()
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "1")


def test_bad_uploaded_records_show_their_message(
    page: Any, server: Any, games_dir: Path, tmp_path: Path
) -> None:
    """Garbage and a tampered record: each gives a clear message in the page."""
    page.goto(server.url + "/replay")
    garbage = tmp_path / "garbage.wgr.jsonl"
    garbage.write_text("this is not a game record\n", encoding="utf-8")
    page.locator(".wg-upload-input").set_input_files(str(garbage))
    expect(page.locator(".wg-replay-error")).to_contain_text("garbage.wgr.jsonl")

    good = record_game(games_dir, "TAMPR2", weeks=8)
    lines = good.read_text(encoding="utf-8").splitlines()
    lines[3] = re.sub(r'"digest": ?"', '"digest":"0', lines[3], count=1)
    tampered = tmp_path / "tampered.wgr.jsonl"
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.locator(".wg-upload-input").set_input_files(str(tampered))
    problem = page.locator(".wg-unverified, .wg-replay-error").first
    expect(problem).to_contain_text(re.compile("week 3|edited|tamper", re.IGNORECASE))


def test_refresh_and_server_restart_resume_the_game(
    page: Any, server: Any, games_dir: Path
) -> None:
    """A refresh finds the same game; a new server on the same games folder resumes it."""
    from conftest import Server

    start_game(page, server.url, [], years="2")
    page.locator(".wg-run-n").click()  # 10 weeks
    status = page.locator(".wg-status")
    expect(status).to_contain_text("week 10 of 104 played")
    page.reload()
    expect(page.locator(".wg-status")).to_contain_text("week 10 of 104 played")
    other = Server(games_dir).start()
    try:
        page.goto(page.url.replace(server.url, other.url))
        expect(page.locator(".wg-status")).to_contain_text("week 10 of 104 played")
        page.locator(".wg-step").click()
        expect(page.locator(".wg-status")).to_contain_text("week 11 of 104 played")
    finally:
        other.stop()


def test_two_students_play_one_room(browser: Any, server: Any, games_dir: Path) -> None:
    """Force Commander and Russia in two browsers: each sees its own view; the room starts once
    both seats are taken; the week waits for both; after a server restart each keeps its seat."""
    from conftest import Server

    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    other = None
    try:
        a, b, c = (ctx.new_page() for ctx in contexts)
        start_game(a, server.url, ["force_commander", "russia"], years="1")
        code = game_code(a)
        expect(a.locator(".wg-status")).to_contain_text("you command Force Commander")
        expect(a.locator(".wg-hint")).to_contain_text("starts by itself")
        invite = re.search(rf"{code}-([A-Z0-9]{{6}})", a.locator(".wg-hint").inner_text())
        assert invite, a.locator(".wg-hint").inner_text()
        b.goto(server.url + "/")
        b.get_by_label("Game code").fill(f"{code}-{invite.group(1)}")
        b.locator(".wg-join-btn").click()
        b.locator(".wg-seat-russia").click()
        expect(b.locator(".wg-status")).to_contain_text("you command Russia")
        expect(a.locator(".wg-map")).to_have_attribute("data-viewer", "force_commander")
        expect(b.locator(".wg-map")).to_have_attribute("data-viewer", "russia")

        # Nobody pressed a button: the full room played on to week 1, where Russia decides first.
        expect(a.locator(".wg-status")).to_contain_text("waiting for Russia to decide")
        expect(b.locator(".wg-decision")).to_contain_text("Russia")
        assert a.locator(".wg-decision").count() == 0
        b.locator(".wg-submit").click()  # Russia holds its fire this week
        for pg in (a, b):
            expect(pg.locator(".wg-status")).to_contain_text(
                re.compile(r"week 1 of 52 (played|, a decision is due)")
            )

        other = Server(games_dir).start()  # a server restart: the seats are kept
        b.goto(b.url.replace(server.url, other.url))
        expect(b.locator(".wg-status")).to_contain_text("you command Russia")
        c.goto(f"{other.url}/?game={code}&as=russia")  # a third browser cannot open it
        expect(c.locator(".wg-problem")).to_contain_text(f"no game {code} this browser may open")
        assert c.locator(".wg-map").count() == 0
        c.goto(f"{other.url}/?game={code}&invite={invite.group(1)}")  # with the invite: too late
        expect(c.locator(".wg-seats")).to_contain_text("Every actor of this game is taken")
    finally:
        for ctx in contexts:
            ctx.close()
        if other is not None:
            other.stop()


BOOM_POLICY = '''
from wargame.policies.policy import BasePolicy


class Boom(BasePolicy):
    """Plays Russia quietly, then raises from week 3 on."""

    name = "boom"
    actors = ("russia",)

    def decide(self, observation):
        if observation["week"] >= 3:
            raise RuntimeError("boom on purpose in week 3")
        return []
'''


def map_week(page: Any) -> int:
    """The week the map shows."""
    return int(page.locator(".wg-map").get_attribute("data-week"))


def choose(page: Any, select: str, option: str) -> None:
    """Pick an option of a Vuetify select (by the select's class)."""
    choose_option(page, select, option)
    expect(page.locator(f"{select} input")).to_have_value(option)


def test_a_failing_policy_is_shown_and_switched_then_pause_and_reset(
    page: Any, server: Any, games_dir: Path, tmp_path: Path
) -> None:
    """A scenario file in the games folder's scenarios/ names a policy file that raises in week
    3: the page says so and stops; switching Russia's policy plays on; Pause stands the game
    still; Reset starts the same set-up afresh."""
    policy = server.policy_dir / "boom.py"  # a file in the server's --policy-dir
    policy.write_text(BOOM_POLICY, encoding="utf-8")
    scenarios = games_dir / "scenarios"
    scenarios.mkdir(parents=True, exist_ok=True)
    (scenarios / "boom_week3.yaml").write_text(
        f"name: boom_week3\npolicies:\n  russia: {policy}:Boom\n", encoding="utf-8"
    )
    page.goto(server.url + "/")
    choose(page, ".wg-scenario", "boom_week3 (scenarios folder)")
    start_game(page, server.url, [], years="1", reload=False)
    code = game_code(page)

    page.locator(".wg-play").click()
    error = page.locator(".wg-policy-error")
    expect(error).to_contain_text("boom on purpose in week 3")
    expect(error).to_contain_text("russia")
    status = page.locator(".wg-status")
    expect(status).to_contain_text("week 2 of 52 played; week 3 stopped: a policy failed")
    expect(page.locator(".wg-play")).to_be_visible()  # autoplay stopped at the error
    page.locator(".wg-step").click()  # stepping again fails the same way, the game stays put
    expect(error).to_contain_text("boom on purpose")
    expect(status).to_contain_text("week 2 of 52 played; week 3 stopped")

    choose(page, ".wg-new-policy", "opportunist")
    page.locator(".wg-switch-policy").click()
    expect(error).to_have_count(0)
    page.locator(".wg-play").click()
    page.wait_for_function(
        "() => Number(document.querySelector('.wg-map').getAttribute('data-week')) >= 5"
    )
    page.locator(".wg-pause").click()
    expect(page.locator(".wg-play")).to_be_visible()
    paused = map_week(page)
    page.locator(".wg-step").click()
    expect(page.locator(".wg-map")).to_have_attribute("data-week", str(paused + 1))
    expect(page.locator(".wg-status")).to_contain_text(f"week {paused + 1} of 52 played")

    page.locator(".wg-reset").click()
    expect(page).not_to_have_url(re.compile(f"game={code}"))
    expect(page.locator(".wg-status")).to_contain_text("week 0 of 52 played")
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "0")


def test_tabs_and_the_lab_runs_a_tiny_sweep(page: Any, server: Any) -> None:
    """The tabs read Play, Replay, Lab, Class; the Lab page runs 3 one-game cells of half a year."""
    page.goto(server.url + "/")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_text(["Play", "Replay", "Lab", "Class"], ignore_case=True)
    lab = page.get_by_role("tab", name="Lab")
    for attempt in range(3):  # a click while the page still wires up its widgets can be lost
        lab.click()
        try:
            expect(page).to_have_url(re.compile(r"/lab$"), timeout=5_000)
            break
        except AssertionError:
            print(f"the Lab tab did not open on click {attempt + 1}")
    expect(page).to_have_url(re.compile(r"/lab$"))
    expect(page.get_by_text("Lab: many games")).to_be_visible()
    games, years = page.get_by_role("slider").all()
    games.focus()
    games.press("Home")  # 1 game per cell
    years.focus()
    years.press("Home")  # half a year
    expect(games).to_have_attribute("aria-valuenow", "1")
    expect(years).to_have_attribute("aria-valuenow", "0.5")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text(re.compile(r"3 games in [\d.]+ s"))).to_be_visible(timeout=90_000)
    expect(page.get_by_text("Download results (CSV)")).to_be_visible()


EVIL_POLICY = """
from pathlib import Path
Path({marker!r}).write_text("imported")
from wargame.policies.policy import BasePolicy

class Evil(BasePolicy):
    name = "evil"
    actors = ("russia",)

    def decide(self, observation):
        return []
"""
# Sets a widget's value from the page's own widget manager, as a hostile browser can.
FORGE_VALUE = """async ([cls, value]) => {
  const manager = window.solara.debug.widgetManager();
  const models = await Promise.all(Object.values(manager._models));
  const hits = models.filter(m => String(m.get('class_') || '').split(' ').includes(cls));
  for (const m of hits) { m.set('v_model', value); m.save_changes(); }
  return hits.length;
}"""


def test_an_uploaded_py_and_a_forged_select_never_load_code(
    page: Any, server: Any, games_dir: Path, tmp_path: Path
) -> None:
    """evil.py uploaded on the Replay page is refused; a forged Russia policy Select naming it
    (where an older server kept uploads) is refused in the page; the game starts with the
    scenario's own policy and evil.py is never imported."""
    marker = tmp_path / "IMPORTED"
    evil = tmp_path / "evil.py"
    evil.write_text(EVIL_POLICY.format(marker=str(marker)), encoding="utf-8")
    page.goto(server.url + "/replay")
    page.locator(".wg-upload-input").set_input_files(str(evil))
    expect(page.locator(".wg-replay-error")).to_contain_text("evil.py: not a game record")
    uploads = games_dir / "uploads"
    assert not [p for p in uploads.glob("*") if p.suffix == ".py"]
    uploads.mkdir(parents=True, exist_ok=True)
    planted = uploads / "evil.py"  # where the old server saved it
    planted.write_text(evil.read_text(), encoding="utf-8")

    page.goto(server.url + "/")
    page.get_by_text("Policies of the other actors").click()
    page.locator(".wg-policy-russia").wait_for()
    forged = f"{planted}:Evil"
    assert page.evaluate(FORGE_VALUE, ["wg-policy-russia", forged]) == 1
    expect(page.locator(".wg-setup-problem")).to_contain_text(
        "refused: policy of russia: '" + forged
    )
    start_game(page, server.url, [], years="1", reload=False)
    page.locator(".wg-step").click()
    expect(page.locator(".wg-map")).to_have_attribute("data-week", "1")
    assert not marker.exists()


def test_a_too_big_upload_is_refused_in_the_browser(page: Any, server: Any, tmp_path: Path) -> None:
    """A file over the limit is never sent (the websocket would drop it silently): a message."""
    big = tmp_path / "big.wgr.jsonl"
    big.write_bytes(b"x" * (9 * 1024 * 1024))
    page.goto(server.url + "/replay")
    page.locator(".wg-upload-input").set_input_files(str(big))
    expect(page.locator(".wg-replay-error")).to_contain_text(
        "big.wgr.jsonl: 9.0 MiB is over the upload limit of 8 MiB"
    )
