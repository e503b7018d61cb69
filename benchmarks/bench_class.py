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

    python benchmarks/bench_class.py [--rooms 15] [--decisions 8] [--think 1.0] [--years 1]
"""

from __future__ import annotations

import argparse
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


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
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
    args = ap.parse_args(argv)

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


if __name__ == "__main__":
    raise SystemExit(main())
