"""Each side's objectives on the Play page, and their scores in the debrief (play/goals.py)."""

from __future__ import annotations

from typing import Any

import solara

from wargame.config.goals import SIDE_NAMES, side_of
from wargame.play import goals
from wargame.ui.safe import text as esc


def objectives_html(settings: dict[str, Any], actor_id: str) -> str:
    """The objectives of the side an actor plays, as a titled list (texts escaped)."""
    lines = goals.objective_lines(settings, actor_id)
    if not lines:
        return ""
    side = SIDE_NAMES[side_of(actor_id)]
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return (
        f"<div class='wg-objectives'><b>Your objectives ({esc(side)})</b>: scored in the "
        f"debrief<ul style='font-size:13px;margin:4px 0'>{items}</ul></div>"
    )


@solara.component
def ObjectivesPanel(model: Any, seat: str | None) -> None:
    """What the commanded actor's side wants, shown from the start until the debrief."""
    if seat is None or seat not in model.actors:
        return
    html = objectives_html(model.settings, seat)
    if html:
        solara.HTML(tag="div", unsafe_innerHTML=html)


def scores_html(model: Any) -> str:
    """Every side's score and objectives as a list (texts escaped)."""
    out = []
    for side in goals.score(model).values():
        items = "".join(f"<li>{esc(o.line())}</li>" for o in side.objectives)
        out.append(
            f"<li class='wg-score'><b>{esc(side.sentence())}</b>"
            f"<ul style='font-size:12px'>{items}</ul></li>"
        )
    return f"<ul class='wg-scores' style='font-size:13px'>{''.join(out)}</ul>"


def comparison_html(comparisons: list[goals.Comparison]) -> str:
    """Each person's side against the policy on the same seed (texts escaped)."""
    if not comparisons:
        return ""
    items = "".join(f"<li>{esc(c.sentence())}</li>" for c in comparisons)
    return (
        "<b>You vs the policy on the same seed</b>"
        f"<ul class='wg-versus' style='font-size:13px'>{items}</ul>"
    )
