"""How often a person seated at each actor is asked to decide in a ten-year game, and why.

    python benchmarks/asked_weeks.py                      # 3 scenarios x 3 seeds, a table
    python benchmarks/asked_weeks.py --seeds 5 --json     # one JSON object, for scripts
    python benchmarks/asked_weeks.py --standing           # with each actor's example standing order

For each scenario, seed and seat (the five fixed actors and one nation), a game is played
through the session with a person at that seat, asked when `play.decision_points` says so. The
person answers with the seat's own policy's choice, so the game is the policy game (with
`--standing` the example standing order answers the weeks the person is not asked, so games
differ). Printed per seat: the share of the weeks played in which the person was asked, and how
often each reason was given (numbers in a reason are replaced by N).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from typing import Any

from wargame.play import decision_points
from wargame.play.session import new_game

SCENARIOS = ("default", "option2_light_area", "no_guarantee")
SEATS = ("force_commander", "ukraine", "monitor", "russia", "us", "gb")


def _reason_key(text: str) -> str:
    """A reason without its numbers and names of sides, to count reasons of one kind together."""
    text = re.sub(r"\d+", "N", text)
    return re.sub(r" to [A-Z][a-z]+(, [A-Z][a-z]+)*$", " to X", text)


def standing_order_for(game: Any, seat: str) -> None:
    """Give the seat the example standing order of issue 16 (where the session has them)."""
    from wargame.play.standing_orders import Repeat, RespondRule

    if seat == "force_commander":
        game.set_standing_order(seat, RespondRule({1: "signal", 2: "signal"}))
    elif seat in ("monitor", "ukraine"):
        game.set_standing_order(seat, Repeat())


def play(scenario: str, seed: int, seat: str, standing: bool) -> dict[str, Any]:
    """One game with a person at `seat` answering with the seat's policy: weeks asked, reasons."""
    game = new_game(scenario, seed=seed, humans=[seat], ask=decision_points.is_decision_point)
    if standing:
        standing_order_for(game, seat)
    asked_weeks: set[int] = set()
    reasons: Counter[str] = Counter()
    while not game.over:
        decision = game.advance()
        if decision is None:
            continue
        asked_weeks.add(decision.week)
        for text in decision_points.decision_reasons(decision):
            reasons[_reason_key(text)] += 1
        game.submit(game.model.decide(decision))  # the seat's policy's own choice
    return {"weeks": game.week, "asked": len(asked_weeks), "reasons": reasons}


def main(argv: list[str] | None = None) -> int:
    """Play the games and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 1..N per scenario")
    parser.add_argument("--scenarios", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--seats", nargs="*", default=list(SEATS))
    parser.add_argument("--standing", action="store_true", help="example standing orders")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: dict[str, dict[str, Any]] = {}
    for seat in args.seats:
        weeks = asked = 0
        reasons: Counter[str] = Counter()
        for scenario in args.scenarios:
            for seed in range(1, args.seeds + 1):
                result = play(scenario, seed, seat, args.standing)
                weeks += result["weeks"]
                asked += result["asked"]
                reasons.update(result["reasons"])
        rows[seat] = {
            "weeks": weeks,
            "asked": asked,
            "share": round(asked / weeks, 3) if weeks else 0.0,
            "reasons": dict(reasons.most_common()),
        }
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    games = len(args.scenarios) * args.seeds
    print(f"{games} games per seat ({', '.join(args.scenarios)}; seeds 1-{args.seeds})")
    print(f"{'seat':<16} {'weeks':>6} {'asked':>6} {'share':>6}")
    for seat, row in rows.items():
        print(f"{seat:<16} {row['weeks']:>6} {row['asked']:>6} {row['share']:>6.1%}")
    for seat, row in rows.items():
        print(f"\n{seat}: reasons (times given)")
        for text, n in row["reasons"].items():
            print(f"  {n:>6}  {text}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
