"""`wargame class create|export`: a class of rooms from the command line, and its debrief packs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from wargame.cli.serve import DEFAULT_GAMES_DIR


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `class` to the parser; return its function by name."""
    p = sub.add_parser(
        "class",
        help="create a class (N rooms from one scenario) or export its debrief packs",
        description="A class is N rooms started at once from one scenario, for a teacher's "
        "dashboard (/class in `wargame serve`). `create` prints the join codes to hand out and "
        "the class link (shown once); `export` writes every room's debrief pack into one zip.",
    )
    what = p.add_subparsers(dest="class_command", required=True)
    create = what.add_parser("create", help="start N rooms and print their join codes")
    create.add_argument("--scenario", default="default", help="a shipped scenario or a file")
    create.add_argument("--rooms", type=int, required=True, help="how many rooms")
    create.add_argument(
        "--seats",
        default="force_commander,russia",
        help="the actors students play in each room, comma-separated (default: %(default)s)",
    )
    create.add_argument("--years", type=float, default=None, help="game length (scenario's)")
    create.add_argument("--seed", type=int, default=1, help="every room's seed (default 1)")
    export = what.add_parser("export", help="write every room's debrief pack into one zip")
    export.add_argument("class_id", metavar="CLASS")
    export.add_argument(
        "--key",
        required=True,
        help="the class key (from the class link); an older key may start with '-': write --key=KEY",
    )
    export.add_argument("--out", help="the zip to write (default: class-CLASS-debriefs.zip)")
    for q in (create, export):
        q.add_argument("--games-dir", default=DEFAULT_GAMES_DIR, metavar="DIR")
    return {"class": cmd_class}


def cmd_class(args: argparse.Namespace) -> int:
    """Create a class or export its debrief packs; 0 on success."""
    from wargame.ui.classes import create_class, debrief_zip, load_class, room_rows

    folder = Path(args.games_dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if args.class_command == "create":
        made, key = create_class(
            folder, args.scenario, args.rooms, args.seats, years=args.years, seed=args.seed
        )
        print(f"class {made.id}: {len(made.rooms)} rooms of {', '.join(made.seats)}")
        print(f"dashboard (keep this link; it is shown once): /class?class={made.id}&key={key}")
        for row in room_rows(made, folder):
            print(f"  room {row.code}: join code {row.join}")
        return 0
    made = load_class(folder, args.class_id, key=args.key)
    out = Path(args.out or f"class-{made.id}-debriefs.zip")
    data = debrief_zip(made, folder)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    print(f"wrote {out}: the debrief packs of {len(made.rooms)} rooms")
    return 0
