"""The decision card's order helpers: one mode per incident awaiting a response, standing orders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from wargame.ui.choices import guarded


def awaiting_incidents(decision: Any) -> list[dict[str, Any]]:
    """The known incidents the Force Commander may respond to this week, from its observation."""
    legal = decision.legal.get("respond") or {}
    ids = set(legal.get("incident") or [])
    return [
        i
        for i in decision.observation.get("known_incidents", [])
        if i.get("responded") is None and i.get("id") in ids
    ]


def picked_responses(picks: dict[int, str]) -> list[dict[str, Any]]:
    """The respond orders of the picks (incident id -> mode), in incident order."""
    return [{"type": "respond", "incident": i, "mode": m} for i, m in sorted(picks.items())]


@solara.component
def IncidentResponses(
    decision: Any, picks: dict[int, str], set_picks: Callable[[dict[int, str]], None]
) -> None:
    """One mode picker per incident awaiting a response; all are given with one Submit."""
    refusal, set_refusal = solara.use_state("")
    incidents = awaiting_incidents(decision)
    if not incidents:
        return
    with solara.Card(
        "Respond to each incident (one Submit answers them all)", classes=["wg-responses"]
    ):
        for inc in incidents:
            modes: list[str] = list(inc.get("modes") or [])

            def offered(m: list[str] = modes) -> list[str]:
                return m

            def pick(mode: str, inc_id: int = inc["id"]) -> None:
                set_picks({**picks, inc_id: mode})

            who = inc.get("assessed_perpetrator") or "unknown"
            with solara.Row(style="align-items:center", classes=[f"wg-incident-{inc['id']}"]):
                solara.Text(
                    f"#{inc['id']} level {inc.get('level')} in {inc.get('sector')} "
                    f"(believed: {who}):"
                )
                solara.ToggleButtonsSingle(
                    value=picks.get(inc["id"]),
                    values=modes,
                    on_value=guarded("mode", offered, pick, set_refusal),
                    classes=["wg-pick-mode"],
                )
        if refusal:
            solara.Error(refusal)


@solara.component
def KeepOrder(value: bool, on_value: Callable[[bool], None], current: str | None) -> None:
    """The 'keep as a standing order' checkbox, and the standing order in force."""
    if current:
        solara.Text(f"Standing order: {current}.", classes=["wg-standing"], style="display:block")
    with solara.Div(classes=["wg-keep-order"]):
        solara.Checkbox(
            label="Keep as a standing order (it answers the weeks you are not asked)",
            value=value,
            on_value=lambda v: on_value(bool(v)),
        )
