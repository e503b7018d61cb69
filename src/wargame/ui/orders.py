"""The decision card's standing order: keep the orders given as a standing order, and show it."""

from __future__ import annotations

from collections.abc import Callable

import solara

from wargame.ui.i18n import tr


@solara.component
def KeepOrder(value: bool, on_value: Callable[[bool], None], current: str | None) -> None:
    """The 'keep as a standing order' checkbox, and the standing order in force."""
    if current:
        solara.Text(
            tr("Standing order: {order}.", order=current),
            classes=["wg-standing"],
            style="display:block",
        )
    with solara.Div(classes=["wg-keep-order"]):
        solara.Checkbox(
            label=tr("Keep as a standing order (it answers the weeks you are not asked)"),
            value=value,
            on_value=lambda v: on_value(bool(v)),
        )
