"""The decision card's standing order: keep the orders given as a standing order, and show it
(in the page's language: the engine's own `describe` stays English for records and the CLI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from wargame.play.standing_orders import Repeat, RespondRule
from wargame.ui.card import Names, mode_name, order_sentence
from wargame.ui.i18n import tr


def standing_text(order: Any, names: Names) -> str:
    """A standing order in the page's words (a kind this page does not know: its own words)."""
    if isinstance(order, RespondRule):
        parts = [
            tr("every level-{level} incident with {mode}", level=level, mode=mode_name(mode))
            for level, mode in sorted(order.modes.items())
        ]
        return (
            tr("respond to {rules}", rules=", ".join(parts)) if parts else tr("respond to nothing")
        )
    if isinstance(order, Repeat):
        if order.follows_last and not order.orders:
            return tr("repeat your last orders")
        said = "; ".join(order_sentence(a, names).rstrip(".") for a in order.orders)
        return tr("repeat: {orders}", orders=said or tr("no orders"))
    return str(order.describe())


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
