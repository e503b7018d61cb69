"""The Solara app of `wargame serve`: routes for Play, Replay and (if present) Lab."""

from __future__ import annotations

import importlib
import importlib.util

import solara

from .play import PlayPage
from .replay import ReplayPage


def _lab_route() -> list[solara.Route]:
    """The Lab page, if another module provides it (`wargame.ui.lab.LabPage`)."""
    if importlib.util.find_spec("wargame.ui.lab") is None:
        return []

    @solara.component
    def LabRoute() -> None:
        """The Lab page, imported when first shown."""
        try:
            module = importlib.import_module("wargame.ui.lab")
            module.LabPage()
        except Exception as exc:  # the lab must not break play
            solara.Error(f"The lab page could not be loaded: {type(exc).__name__}: {exc}")

    return [solara.Route(path="lab", component=LabRoute, label="Lab")]


routes = [
    solara.Route(path="/", component=PlayPage, label="Play"),
    solara.Route(path="replay", component=ReplayPage, label="Replay"),
    *_lab_route(),
]
