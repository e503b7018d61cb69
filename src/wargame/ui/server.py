"""The ASGI app `wargame serve` runs: Solara's app behind the guard (Origin, cookies, password)."""

from __future__ import annotations

from solara.server.starlette import app as solara_app

from wargame.ui.guard import Guard, GuardSettings

app = Guard(solara_app, GuardSettings.from_environment())
