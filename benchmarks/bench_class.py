"""A class of thirty against one server process: 15 rooms of two students playing decisions.

Headless clients: one thread per student drives the same session API the server's pages call
(`ui/classes.create_class`, `ui/games.PlaySession`: take a seat, submit the open decision, run
to the next one), in one process, as Solara's page threads do. After every move the pages of
both students in the room are redrawn as the server draws them (the map SVG of each student's
picture, the charts, the event feed): Solara renders on the server, so that is server work too.
The browsers' own cost (JavaScript, layout) is not in it: `bench_ui.py` measures a click to the
redrawn map in Chromium.

Prints the step latency (a submit or a run-to-decision, then the redraws; median/p95/max), how
much of it is the game and how much the redraw, and the process's resident memory.

`--browsers` measures the real server instead: `wargame serve` with the class's 30 students as
30 Chromium contexts (Playwright, taking turns, one click at a time), the click-to-redrawn-page
latency (browser included) and, read from /proc, the server process's memory and CPU time per
move: what 30 Solara pages cost the server.

    python benchmarks/bench_class.py [--rooms 15] [--decisions 8] [--think 1.0] [--years 1]
    python benchmarks/bench_class.py --browsers [--rooms 15] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SEATS = ("force_commander", "russia")


def rss_mb(pid: int | str = "self") -> float:
    """A process's resident memory now (Linux /proc), MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def redraw(session: object, seat: str) -> None:
    """What one student's page builds on the server after a move: map, charts, feed."""
    from wargame.ui.map_svg import map_svg
    from wargame.ui.panels import chart_svgs, feed_html
    from wargame.ui.play import map_picture

    model = session.game.model  # type: ignore[attr-defined]
    map_svg(map_picture(session, seat))  # type: ignore[arg-type]
    chart_svgs(model)
    feed_html(model, seat, model.week)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of a list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    """Run the class; print latency and memory."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rooms", type=int, default=15)
    ap.add_argument("--decisions", type=int, default=8, help="decisions each student takes")
    ap.add_argument("--think", type=float, default=1.0, help="a student's longest think, s")
    ap.add_argument("--years", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7, help="seeds the students' think times")
    ap.add_argument("--no-redraw", action="store_true", help="time the game alone")
    ap.add_argument("--browsers", action="store_true", help="a real server and 30 Chromiums")
    ap.add_argument("--rounds", type=int, default=3, help="with --browsers: moves per room")
    args = ap.parse_args(argv)
    if args.browsers:
        return browsers(args)

    from wargame.ui.classes import create_class
    from wargame.ui.games import open_session

    folder = Path(tempfile.mkdtemp(prefix="bench-class-")) / "games"
    folder.mkdir(parents=True)
    rss_start = rss_mb()
    t0 = time.perf_counter()
    made, _ = create_class(folder, "default", args.rooms, list(SEATS), years=args.years)
    create_s = time.perf_counter() - t0
    sessions = [open_session(code, folder) for code in made.rooms]
    rss_created = rss_mb()

    steps: list[tuple[float, float]] = []  # (game s, redraw s) per move
    lock = threading.Lock()
    peak = [rss_created]
    counts = [dict.fromkeys(SEATS, 0) for _ in sessions]  # decisions taken, per room and seat

    def student(room: int, seat: str) -> None:
        session = sessions[room]
        token = f"student-{room:02d}-{seat}".ljust(40, "x")
        rng = random.Random(args.seed * 1000 + room * 2 + SEATS.index(seat))
        assert session.take_seat(seat, token, session.invite) is None

        def done() -> bool:
            return session.over or min(counts[room].values()) >= args.decisions

        while not done():
            pending = session.pending
            mine = pending is not None and pending.actor_id == seat
            starter = seat == SEATS[0] and pending is None and not session.free_seats()
            if not (mine or starter):
                time.sleep(0.05)  # the page's poll of the game's version
                continue
            time.sleep(rng.uniform(0, args.think))
            a = time.perf_counter()
            if mine:
                if session.submit([]) is not None:
                    continue
                with lock:
                    counts[room][seat] += 1
            else:
                session.run_to_decision()
            b = time.perf_counter()
            if not args.no_redraw:
                for s in SEATS:
                    redraw(session, s)
            c = time.perf_counter()
            with lock:
                steps.append((b - a, c - b))
                peak[0] = max(peak[0], rss_mb())

    threads = [
        threading.Thread(target=student, args=(r, s), daemon=True)
        for r in range(args.rooms)
        for s in SEATS
    ]
    t1 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t1
    total = [g + r for g, r in steps]
    game = [g for g, _ in steps]
    draw = [r for _, r in steps]
    weeks = sum(s.game.model.week for s in sessions)
    ms = 1000.0
    print(f"class: {args.rooms} rooms x {len(SEATS)} students, {args.decisions} decisions each")
    print(
        f"  created in {create_s:.1f} s; played {len(steps)} moves, {weeks} weeks in {wall:.1f} s"
    )
    print(
        f"  step latency (move + both pages redrawn): median {statistics.median(total) * ms:.0f} ms,"
        f" p95 {percentile(total, 0.95) * ms:.0f} ms, max {max(total) * ms:.0f} ms"
    )
    print(
        f"    the game: median {statistics.median(game) * ms:.0f} ms, "
        f"p95 {percentile(game, 0.95) * ms:.0f} ms; the redraws: median "
        f"{statistics.median(draw) * ms:.0f} ms, p95 {percentile(draw, 0.95) * ms:.0f} ms"
    )
    print(
        f"  memory (RSS): {rss_start:.0f} MB at start, {rss_created:.0f} MB with the rooms, "
        f"peak {peak[0]:.0f} MB, end {rss_mb():.0f} MB"
    )
    return 0


def cpu_s(pid: int) -> float:
    """A process's CPU time so far (user + system), seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browsers(args: argparse.Namespace) -> int:
    """The class against a real `wargame serve`, each student a Chromium context."""
    import re

    from playwright.sync_api import expect, sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS, Server

    from wargame.ui.classes import create_class, room_rows

    folder = Path(tempfile.mkdtemp(prefix="bench-class-")) / "games"
    folder.mkdir(parents=True)
    server = Server(folder).start()
    pid = server.proc.pid  # type: ignore[union-attr]
    try:
        made, _ = create_class(folder, "default", args.rooms, list(SEATS), years=args.years)
        rows = room_rows(made, folder)
        rss0, cpu0 = rss_mb(pid), cpu_s(pid)
        clicks: list[float] = []
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = []
            for row in rows:
                code, invite = row.join.split("-")
                pair = []
                for seat in SEATS:
                    page = chromium.new_context(viewport={"width": 1200, "height": 900}).new_page()
                    page.set_default_timeout(120_000)
                    page.goto(f"{server.url}/?game={code}&invite={invite}")
                    page.locator(f".wg-seat-{seat}").click()
                    expect(page.locator(".wg-status")).to_contain_text("you command")
                    pair.append(page)
                pages.append(pair)
            rss_seated, cpu1 = rss_mb(pid), cpu_s(pid)
            moves = 0
            for _ in range(args.rounds):
                for a, b in pages:
                    for page in (b, a):
                        card = page.locator(".wg-decision")
                        if card.count():
                            week = re.search(r"week (\d+)", card.inner_text()).group(1)
                            t0 = time.perf_counter()
                            page.locator(".wg-submit").click()
                            expect(card.filter(has_text=f"week {week},")).to_have_count(0)
                            break
                    else:
                        t0 = time.perf_counter()
                        a.locator(".wg-run-decision").click()
                        a.wait_for_function(
                            "() => document.querySelector('.wg-decision') !== null || "
                            "/waiting for|game over/.test("
                            "document.querySelector('.wg-status').textContent)"
                        )
                    clicks.append(time.perf_counter() - t0)
                    moves += 1
            rss_played, cpu2 = rss_mb(pid), cpu_s(pid)
            chromium.close()
    finally:
        server.stop()
    ms = 1000.0
    print(f"class: {args.rooms} rooms x {len(SEATS)} students in Chromium, a real server")
    print(
        f"  click to redrawn page (browser included): median {statistics.median(clicks) * ms:.0f}"
        f" ms, p95 {percentile(clicks, 0.95) * ms:.0f} ms, max {max(clicks) * ms:.0f} ms"
    )
    print(
        f"  server CPU: {cpu1 - cpu0:.1f} s to seat {2 * args.rooms} pages, "
        f"{(cpu2 - cpu1) / max(moves, 1) * ms:.0f} ms a move ({moves} moves)"
    )
    print(
        f"  server memory (RSS): {rss0:.0f} MB before the pages, {rss_seated:.0f} MB with "
        f"{2 * args.rooms} pages, {rss_played:.0f} MB after playing"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
