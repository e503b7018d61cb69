"""Subcommands of `wargame` added by this module (see cli.COMMAND_MODULES): `wargame serve`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_GAMES_DIR = "games"
APP_MODULE = "wargame.ui.app"


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their functions by name."""
    serve = sub.add_parser("serve", help="start the browser game (Solara) on http://HOST:PORT")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to bind (default {DEFAULT_HOST}: this machine only)",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--games-dir",
        default=DEFAULT_GAMES_DIR,
        metavar="DIR",
        help=f"where games are recorded and resumed from (default ./{DEFAULT_GAMES_DIR})",
    )
    return {"serve": cmd_serve}


def server_environment(games_dir: Path) -> dict[str, str]:
    """Environment for the Solara server: our app, no telemetry, no version check, production."""
    return {
        "SOLARA_APP": APP_MODULE,
        "WARGAME_GAMES_DIR": str(games_dir),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_THEME_SHOW_BANNER": "False",
        "SOLARA_THEME_TITLE": "Ceasefire wargame",
        "SOLARA_MAIN_MODE": "production",
    }


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the browser game; runs until interrupted."""
    try:
        import uvicorn
    except ImportError:  # the `ui` extra is not installed
        print(
            "wargame: error: the browser game needs the 'ui' extra: pip install 'wargame[ui]'",
            file=sys.stderr,
        )
        return 2
    games_dir = Path(args.games_dir).resolve()
    games_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(server_environment(games_dir))  # before Solara reads its settings
    from .assets import ensure_frontend_assets

    for problem in ensure_frontend_assets():
        print(f"wargame: warning: {problem}", file=sys.stderr)
    os.environ["SERVER_NAME"] = args.host
    os.environ["SERVER_PORT"] = str(args.port)
    print(f"wargame: the browser game is at http://{args.host}:{args.port}  (games in {games_dir})")
    sys.stdout.flush()
    config = uvicorn.Config(
        "solara.server.starlette:app",
        host=args.host,
        port=args.port,
        log_level="warning",
        reload=False,
        workers=1,
    )
    uvicorn.Server(config).run()
    return 0
