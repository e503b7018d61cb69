"""Subcommands of `wargame` added by this module (see cli.COMMAND_MODULES): `wargame serve`."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_GAMES_DIR = "games"
APP_MODULE = "wargame.ui.app"
ASGI_APP = "wargame.ui.server:app"  # Solara's app behind the guard (Origin, cookies, password)
KERNEL_CULL = "10m"  # a closed page's game view is freed after this (Solara's default: 24 h)


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
    serve.add_argument(
        "--password",
        default=None,
        help="a room password every browser must give before it can start or join games "
        "(or set WARGAME_PASSWORD); advised with --host 0.0.0.0",
    )
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="URL",
        help="another origin allowed to open the game (e.g. a reverse proxy's https://host); "
        "repeatable. Pages of any other site are refused.",
    )
    return {"serve": cmd_serve}


def lan_address() -> str:
    """This machine's address on the local network (the one students type), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the route
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def exposure_warning(host: str, port: int, password: str | None) -> str | None:
    """What to tell the operator when the game is reachable from other machines, else None."""
    from wargame.ui.guard import is_loopback

    if is_loopback(host):
        return None
    address = lan_address() if host in ("0.0.0.0", "::", "") else host
    lines = [
        f"wargame: WARNING: --host {host} opens the game to every machine that can reach this one.",
        f"wargame: students open http://{address}:{port}",
    ]
    if not password:
        lines.append(
            "wargame: WARNING: no --password (or WARGAME_PASSWORD): anyone on the network can "
            "start games here. Games themselves open only with their code and a seat or link."
        )
    lines.append("wargame: the traffic is not encrypted (http); use a trusted network.")
    return "\n".join(lines)


def server_environment(games_dir: Path) -> dict[str, str]:
    """Environment for the Solara server: our app, no telemetry, no version check, production."""
    return {
        "SOLARA_SESSION_HTTP_ONLY": "True",
        "SOLARA_KERNEL_CULL_TIMEOUT": KERNEL_CULL,
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
    from wargame.ui.assets import ensure_frontend_assets

    for problem in ensure_frontend_assets():
        print(f"wargame: warning: {problem}", file=sys.stderr)
    os.environ["SERVER_NAME"] = args.host
    os.environ["SERVER_PORT"] = str(args.port)
    os.environ["WARGAME_BIND_HOST"] = args.host
    password = args.password or os.environ.get("WARGAME_PASSWORD") or None
    if password:
        os.environ["WARGAME_PASSWORD"] = password
    else:
        os.environ.pop("WARGAME_PASSWORD", None)
    os.environ["WARGAME_ALLOWED_ORIGINS"] = ",".join(args.allow_origin)
    print(f"wargame: the browser game is at http://{args.host}:{args.port}  (games in {games_dir})")
    warning = exposure_warning(args.host, args.port, password)
    if warning:
        print(warning, file=sys.stderr)
    sys.stdout.flush()
    config = uvicorn.Config(
        ASGI_APP,
        host=args.host,
        port=args.port,
        log_level="warning",
        reload=False,
        workers=1,
    )
    uvicorn.Server(config).run()
    return 0
