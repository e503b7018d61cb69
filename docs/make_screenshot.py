"""Re-take docs/play.png: the Play page of a game some weeks in, at a decision point (or its
debrief, once the game is over).

Starts `wargame serve` on a free port with a scratch games folder, starts a game in which the
student commands one actor (default the Force Commander), answers every decision with "no
action" until the target week, runs on to the next decision there, and screenshots the page at
a laptop's 1366x900 window, down to the charts below the fold (1366x1180 by default). With
`--card` it screenshots the decision card alone; with `--debrief` it plays the game to its end
(`--years` long) and screenshots the debrief card: the end cause, each side's goals scored,
and the student's side against its policy on the same seed.
Needs Debian's Chromium (`bash dev.sh test` installs it) and Playwright (the `test` extra).

    .venv/bin/python docs/make_screenshot.py [--week 30] [--scenario option2_light_area]
        [--seed 3] [--actor force_commander] [--height 1180] [--out docs/play.png]
    .venv/bin/python docs/make_screenshot.py --debrief --years 1 --out docs/play_debrief.png
    .venv/bin/python docs/make_screenshot.py --card --week 8 --height 2000 --out docs/play_card.png
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1366, "height": 900}


def serve(games: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`wargame serve` on a free port; returns the process and its URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, str(ROOT / "run.py"), "serve", "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--games-dir", str(games)], stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"wargame serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("wargame serve did not answer in 90 s")


def shoot(url: str, args: argparse.Namespace) -> int:
    """Play to the target week in the browser and save the screenshot; returns the week shown."""
    from playwright.sync_api import sync_playwright

    from wargame.engine.roster import display_name
    from wargame.ui.i18n import translate

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # As wide as a laptop's screen, taller to take in the charts below the fold (Solara's
        # layout scrolls inside its own box, so a full-page screenshot would stop at the fold).
        page = browser.new_page(viewport={**VIEWPORT, "height": args.height}, locale=args.locale)
        lang = args.locale.split("-")[0]
        page.set_default_timeout(60_000)
        page.goto(url + "/")
        page.locator(".wg-scenario .v-field").click()
        page.get_by_role("option", name=args.scenario, exact=True).click()
        toggles = page.locator(".wg-humans")
        for actor in ("force_commander", "russia", "ukraine", "monitor", "us"):
            name = translate(display_name(actor), lang)
            button = toggles.get_by_role("button", name=name, exact=True)
            pressed = "v-btn--active" in (button.get_attribute("class") or "")
            if pressed != (actor == args.actor):
                button.click()
        page.get_by_label(translate("Seed", lang)).fill(str(args.seed))
        if args.years:
            page.get_by_label(translate("Years (empty: the scenario's)", lang)).fill(args.years)
        page.locator(".wg-start").click()
        status = page.locator(".wg-status")
        status.wait_for()
        week = 0
        while True:
            if page.locator(".wg-debrief").count():  # the last decision ended the game
                break
            page.locator(".wg-run-decision").click()
            page.locator(".wg-decision, .wg-debrief").first.wait_for()
            if page.locator(".wg-debrief").count():
                break
            week = int(re.search(r"week (\d+) (?:of|van)", status.inner_text()).group(1))
            if week >= args.week and not args.debrief:
                break
            page.locator(".wg-submit").click()  # no action this time
            page.locator(".wg-status", has_text=re.compile(f"week {week} (of|van)")).wait_for()
            page.locator(".wg-decision").wait_for(state="detached")
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.wait_for_timeout(600)  # let the last button's ripple fade
        badge = page.get_by_text("This website runs on Solara")  # it would cover a card's corner
        if badge.count():
            badge.first.evaluate("e => { e.style.display = 'none'; }")
        if args.debrief:
            debrief = page.locator(".wg-debrief")
            debrief.locator(".wg-versus-block").wait_for()  # the same-seed comparison is in
            debrief.screenshot(path=str(args.out))
        elif args.card:
            page.locator(".wg-decision").screenshot(path=str(args.out))
        else:
            page.screenshot(path=str(args.out))
        browser.close()
    return week


def main() -> int:
    """Take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", type=int, default=30, help="stop at the first decision from here")
    parser.add_argument("--scenario", default="option2_light_area")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--actor", default="force_commander")
    parser.add_argument("--height", type=int, default=1180, help="pixels of the page to keep")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "play.png")
    parser.add_argument("--locale", default="en-US", help="the browser's (nl-NL: the Dutch page)")
    parser.add_argument("--years", default="", help="the game's length (empty: the scenario's)")
    parser.add_argument(
        "--debrief", action="store_true", help="play to the end and screenshot the debrief"
    )
    parser.add_argument("--card", action="store_true", help="screenshot the decision card only")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is not installed (bash dev.sh test installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = serve(Path(tmp) / "games")
        try:
            week = shoot(url, args)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    what = (
        "the debrief" if args.debrief else f"the {'card' if args.card else 'page'} at week {week}"
    )
    print(f"{args.out}: {what} ({args.scenario}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
