"""Each side's objectives on the Play page, and their scores in the debrief (play/goals.py).

Shown in the page's language: the frame sentences, the sides' and measures' names, and the
shipped scenarios' objective statements go through the catalogue (a scenario's own statement
with no Dutch reads as written); numbers take the language's separators.
"""

from __future__ import annotations

import math
from typing import Any

import solara

from wargame.config.goals import MEASURES, SIDE_NAMES, side_of
from wargame.engine.roster import DISPLAY_NAMES
from wargame.play import goals
from wargame.ui import i18n
from wargame.ui.i18n import N_, tr
from wargame.ui.safe import text as esc

# config.goals.MEASURES and SIDE_NAMES' own words, marked for the catalogue
# (tests/test_i18n.py checks they match).
MEASURE_TEXTS = (
    N_("the ceasefire collapsed or the coalition withdrew (1 yes, 0 no)"),
    N_("the ceasefire held (1 yes, 0 no; a running game: so far)"),
    N_("the ceasefire collapsed in a breakthrough (1 yes, 0 no)"),
    N_("uncontrollable escalation with coalition troops (1 yes, 0 no)"),
    N_("nations that left the coalition"),
    N_("Ukraine's casualties"),
    N_("the coalition's casualties"),
    N_("troop-years committed, rotation included"),
    N_("share of the coalition force still deployed at the end"),
    N_("mean weeks from an incident to its attribution"),
    N_("share of attributions that named the wrong side"),
    N_("harassments of monitor patrols a year"),
)
SIDE_TEXTS = (N_("The coalition"),)
TESTS = {"at_least": N_("at least"), "at_most": N_("at most")}


def number(value: float) -> str:
    """A measured value or threshold as play/goals.py writes it, in the page's separators."""
    if math.isinf(value):
        return tr("none attributed")
    if value == int(value) and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"
    if i18n.language() == "nl":  # 2,000.5 -> 2.000,5
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def side_name(side: str) -> str:
    """A side's display name in the page's language."""
    return tr(SIDE_NAMES[side])


def objective_lines(settings: dict[str, Any], actor_id: str) -> list[str]:
    """What the side an actor plays wants, one line each (play/goals.objective_lines, translated)."""
    return [
        tr(
            "{statement} ({source}; {measure}: {test} {threshold})",
            statement=tr(goal["statement"]),
            source=goal["source"],
            measure=tr(MEASURES[goal["measure"]]),
            test=tr(TESTS[goal["test"]]),
            threshold=number(float(goal["threshold"])),
        )
        for goal in goals.objectives(settings, side_of(actor_id))
    ]


def objectives_html(settings: dict[str, Any], actor_id: str) -> str:
    """The objectives of the side an actor plays, as a titled list (texts escaped)."""
    lines = objective_lines(settings, actor_id)
    if not lines:
        return ""
    title = tr("Your objectives ({side})", side=side_name(side_of(actor_id)))
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return (
        f"<div class='wg-objectives'><b>{esc(title)}</b>: {esc(tr('scored in the debrief'))}"
        f"<ul style='font-size:13px;margin:4px 0'>{items}</ul></div>"
    )


@solara.component
def ObjectivesPanel(model: Any, seat: str | None) -> None:
    """What the commanded actor's side wants, shown from the start until the debrief."""
    if seat is None or seat not in model.actors:
        return
    html = objectives_html(model.settings, seat)
    if html:
        solara.HTML(tag="div", unsafe_innerHTML=html)


def objective_line(o: goals.Objective) -> str:
    """`met: Hold the territory (000): 0 (at most 0)` in the page's language."""
    return tr(
        "{mark}: {statement} ({source}): {value} ({test} {threshold})",
        mark=tr("met") if o.met else tr("not met"),
        statement=tr(o.statement),
        source=o.source,
        value=number(o.value),
        test=tr(TESTS[o.test]),
        threshold=number(o.threshold),
    )


def side_sentence(side: goals.SideScore) -> str:
    """Who achieved what, in one sentence (play/goals.SideScore.sentence, translated)."""
    return tr(
        "{side}: {met} of {n} objectives met, score {score}/100.",
        side=side_name(side.side),
        met=side.met,
        n=len(side.objectives),
        score=side.score,
    )


def scores_html(model: Any) -> str:
    """Every side's score and objectives as a list (texts escaped)."""
    out = []
    for side in goals.score(model).values():
        items = "".join(f"<li>{esc(objective_line(o))}</li>" for o in side.objectives)
        out.append(
            f"<li class='wg-score'><b>{esc(side_sentence(side))}</b>"
            f"<ul style='font-size:12px'>{items}</ul></li>"
        )
    return f"<ul class='wg-scores' style='font-size:13px'>{''.join(out)}</ul>"


def comparison_sentence(c: goals.Comparison) -> str:
    """A person's side against the policy on the same seed (goals.Comparison.sentence)."""
    return tr(
        "{who} (you): {score}/100, {met} of {n} met; the policy on the same seed: "
        "{policy}/100, {policy_met} met ({delta}).",
        who=tr(DISPLAY_NAMES.get(c.actor_id, c.actor_id.upper())),
        score=c.student.score,
        met=c.student.met,
        n=len(c.student.objectives),
        policy=c.policy.score,
        policy_met=c.policy.met,
        delta=f"{c.student.score - c.policy.score:+d}",
    )


def comparison_html(comparisons: list[goals.Comparison]) -> str:
    """Each person's side against the policy on the same seed (texts escaped)."""
    if not comparisons:
        return ""
    items = "".join(f"<li>{esc(comparison_sentence(c))}</li>" for c in comparisons)
    return (
        f"<b>{esc(tr('You vs the policy on the same seed'))}</b>"
        f"<ul class='wg-versus' style='font-size:13px'>{items}</ul>"
    )
