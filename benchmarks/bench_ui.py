"""Time from clicking "Step one week" to the updated map, in headless Chromium.

Starts `wargame serve` on a free port with a scratch games folder, starts a game the policies
play (no human actor), clicks "Step one week" N times and, for each click, measures until the
map's `data-week` attribute shows the next week. Prints the median and p90 in milliseconds.

    python benchmarks/bench_ui.py [--clicks 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from conftest import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402


def measure(url: str, clicks: int) -> list[float]:
    """Milliseconds from each click on "Step one week" to the map showing the next week."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser import start_game

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        start_game(page, url, [], years="10")
        the_map = page.locator(".wg-map")
        for _ in range(clicks):
            week = int(the_map.get_attribute("data-week") or 0)
            started = time.perf_counter()
            page.locator(".wg-step").click()
            page.wait_for_function(
                "w => { const m = document.querySelector('.wg-map'); "
                "return m && Number(m.getAttribute('data-week')) > w; }",
                arg=week,
                polling="raf",
            )
            times.append((time.perf_counter() - started) * 1000)
        browser.close()
    return times


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "games").start()
        try:
            times = measure(server.url, args.clicks)
        finally:
            server.stop()
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    print(
        f"click 'Step one week' -> map updated: median {statistics.median(times):.0f} ms, "
        f"p90 {p90:.0f} ms, min {ordered[0]:.0f} ms, max {ordered[-1]:.0f} ms ({len(times)} clicks)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
