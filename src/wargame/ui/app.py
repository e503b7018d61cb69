"""The Solara app of `wargame serve`: routes for Play, Replay, (if present) Lab, and Class.

Solara's default layout names its tabs after the route paths (the root one "Home"); `Layout`
is that layout with the tabs named after the routes' labels instead (Play, Replay, Lab, Class),
in the page's language, and the EN/NL switch (`i18n.LanguageSwitch`) at the bar's end.
"""

from __future__ import annotations

import importlib
import importlib.util

import solara

from wargame.ui.classroom import ClassPage
from wargame.ui.i18n import N_, LanguageSwitch, tr
from wargame.ui.palette import NEUTRALS
from wargame.ui.play import PlayPage
from wargame.ui.replay import ReplayPage


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

    return [solara.Route(path="lab", component=LabRoute, label=N_("Lab"))]


# A visible ring on whatever has the keyboard's focus (Vuetify's own cue is a faint overlay).
FOCUS_CSS = f"""
:focus-visible, .v-btn:focus-visible, .v-tab:focus-visible, .v-field--focused {{
  outline: 3px solid {NEUTRALS["ink"]} !important;
  outline-offset: 2px;
}}
"""


@solara.component
def Layout(children: list | None = None) -> None:
    """Solara's AppLayout with one tab per route, labelled by the route's label."""
    route, routes = solara.use_route()
    router = solara.use_router()
    paths = [solara.resolve_path(r, level=0) for r in routes]
    index = routes.index(route) if route in routes else None
    solara.Style(FOCUS_CSS)
    with solara.AppLayout(children=[]):
        with solara.AppBar():
            with solara.lab.Tabs(
                value=index, on_value=lambda i: router.push(paths[i]), align="center"
            ):
                for r in routes:
                    solara.lab.Tab(
                        tr(r.label) if r.label else r.path,
                        classes=[f"wg-tab-{r.path.strip('/') or 'play'}"],
                    )
            LanguageSwitch()
        solara.Column(children=list(children or []), style="padding:0")


routes = [
    solara.Route(path="/", component=PlayPage, label=N_("Play"), layout=Layout),
    solara.Route(path="replay", component=ReplayPage, label=N_("Replay")),
    *_lab_route(),
    solara.Route(path="class", component=ClassPage, label=N_("Class")),
]
