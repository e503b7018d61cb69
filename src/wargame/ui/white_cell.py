"""The umpire console (the white cell): inject events, override an adjudication, pause a room.

Shown only to a browser holding the game's umpire view (`access.View` role "umpire": the creator
of a game nobody plays, or a browser that opened the umpire link); `PlaySession.white_cell`
checks the browser's token again before anything is done. Every value a browser picks goes
through `choices.guarded` against the server's own lists; numbers and texts are checked by the
engine (`wargame.engine.white_cell.check_act`), which names the field and what is allowed. Texts
are shown escaped (the event feed) and never name a file or run anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import solara

from wargame.engine.actors.us import COMMITMENTS
from wargame.engine.roster import SIDES
from wargame.engine.white_cell import INJECT_KINDS, OVERRIDE_OUTCOMES
from wargame.ui.card import Names, actor_name, commitment_text, names_of
from wargame.ui.choices import guarded
from wargame.ui.i18n import N_, tr
from wargame.ui.safe import text as esc

KIND_LABELS = {
    "incident": N_("an incident"),
    "hybrid": N_("a hybrid attack on a nation"),
    "us_commitment": N_("a change of US commitment"),
    "support_shock": N_("a shock to a nation's public support"),
    "news": N_("a news item for chosen actors"),
    "override": N_("override an adjudication"),
}
KINDS = [*INJECT_KINDS, "override"]
ROOM_ACT_WORDS = {"pause": N_("paused the game"), "resume": N_("resumed the game")}
WHEN = [N_("now (next week)"), N_("at week")]
UNCHANGED = N_("(unchanged)")
WORDED = frozenset({*WHEN, UNCHANGED})  # items a Select shows in the page's language
NO_REASON = N_(
    "Not overridden: an override needs a reason. Write why in 'reason (required)'; it is "
    "recorded with the override."
)


def act_text(act: Mapping[str, Any], names: Names) -> str:
    """An act in a line of the page's words, places, nations and actors by name (the engine's
    `describe` is the English of records and the command line). Any mapping, as an edited
    record may hold, is worded without an error."""
    kind = act.get("kind")
    if kind == "incident":
        what = tr(
            "a level-{level} incident by {side} in {sector}",
            level=act.get("level"),
            side=names.actor(str(act.get("side"))),
            sector=names.sector(str(act.get("sector"))),
        )
    elif kind == "hybrid":
        what = tr("a hybrid attack on {nation}", nation=names.nation(str(act.get("nation"))))
    elif kind == "us_commitment":
        what = tr("US commitment {level}", level=commitment_text(str(act.get("level"))))
    elif kind == "support_shock":
        what = tr(
            "a support shock of {delta} in {nation}",
            delta=act.get("delta"),
            nation=names.nation(str(act.get("nation"))),
        )
    elif kind == "news":
        to = act.get("to") or []
        readers = [names.actor(str(a)) for a in to] if isinstance(to, list | tuple) else [str(to)]
        what = tr("news to {readers}: {text}", readers=", ".join(readers), text=act.get("text"))
    elif kind == "override":
        parts = [tr("outcome {outcome}", outcome=act["outcome"])] if act.get("outcome") else []
        casualties = act.get("casualties") or {}
        if isinstance(casualties, Mapping):
            parts += [
                tr("{side} casualties {n}", side=names.actor(str(s)), n=n)
                for s, n in casualties.items()
            ]
        what = tr(
            "override of incident #{incident} ({changes}) because: {reason}",
            incident=act.get("incident"),
            changes=", ".join(parts),
            reason=act.get("reason"),
        )
    elif kind in ROOM_ACT_WORDS:
        what = tr(ROOM_ACT_WORDS[str(kind)])
    else:
        what = str(kind)
    at = act.get("at")
    return tr("due in week {week}: {act}", week=at, act=what) if at is not None else what


def acts_html(acts: list[dict[str, Any]], names: Names | None = None) -> str:
    """The acts given so far, newest first, as list items (escaped)."""
    named = names or Names()
    items = [
        "<li>"
        + esc(
            tr(
                "given before week {week}: {act}",
                week=a.get("given", "?"),
                act=act_text({k: v for k, v in a.items() if k != "given"}, named),
            )
        )
        + "</li>"
        for a in reversed(acts[-30:])
    ]
    return "".join(items) or f"<li>{esc(tr('No act given yet.'))}</li>"


def build_act(kind: str, form: dict[str, Any], next_week: int) -> dict[str, Any]:
    """The act a form describes (checked later by the engine, field by field)."""
    act: dict[str, Any] = {"kind": kind}
    if form.get("when") == WHEN[1]:
        act["at"] = form.get("at", next_week)
    if kind == "incident":
        act.update(side=form.get("side"), sector=form.get("sector"), level=form.get("level"))
    elif kind == "hybrid":
        act["nation"] = form.get("nation")
    elif kind == "us_commitment":
        act["level"] = form.get("commitment")
    elif kind == "support_shock":
        act.update(nation=form.get("nation"), delta=form.get("delta"))
    elif kind == "news":
        act.update(text=form.get("text", ""), to=list(form.get("to", [])))
    elif kind == "override":
        act.update(incident=form.get("incident"), reason=form.get("reason", ""))
        if form.get("outcome", UNCHANGED) != UNCHANGED:
            act["outcome"] = form.get("outcome")
        if form.get("casualty_side", UNCHANGED) != UNCHANGED:
            act["casualties"] = {form.get("casualty_side"): form.get("casualties")}
    return act


@solara.component
def WhiteCellConsole(session: Any, token: str, bump: Callable[[], None]) -> None:
    """The umpire's console: a form per kind of act, pause and resume, the acts given."""
    model = session.game.model
    sectors = list(model.map.sector_ids)
    nations = [n.code for n in model.nations]
    actors = list(model.actors)
    next_week = model.week + 1
    kind, set_kind = solara.use_state("incident")
    form, set_form = solara.use_state({"when": WHEN[0], "at": next_week, "side": "russia",
                                        "sector": sectors[0], "level": 1, "nation": nations[0],
                                        "commitment": COMMITMENTS[0], "delta": -0.1,
                                        "text": "", "to": [], "incident": 1,
                                        "outcome": UNCHANGED, "casualty_side": UNCHANGED,
                                        "casualties": 0.0, "reason": ""})  # fmt: skip
    message, set_message = solara.use_state("")
    done, set_done = solara.use_state("")

    def refused(why: str) -> None:
        set_done("")
        set_message(why)

    def field(name: str) -> Callable[[Any], None]:
        def put(value: Any) -> None:
            set_form({**form, name: value})

        return put

    def pick(name: str, allowed: Callable[[], list[Any]]) -> Callable[[Any], None]:
        return guarded(name, allowed, field(name), refused)

    def select(label: str, name: str, values: list[Any], css: str) -> None:
        """A form field chosen from the server's own list (a forged value is refused); the
        fixed words among its items are shown in the page's language."""
        shown = {(tr(v) if v in WORDED else v): v for v in values}
        labels = list(shown)
        current = form[name]
        solara.Select(
            tr(label), value=tr(current) if current in WORDED else current, values=labels,
            on_value=guarded(name, lambda: labels, lambda v: field(name)(shown[v]), refused),
            classes=[css],
        )  # fmt: skip

    def give(act: dict[str, Any]) -> None:
        if act.get("kind") == "override" and not str(act.get("reason") or "").strip():
            refused(tr(NO_REASON))  # the engine refuses it too; this says it in the console's words
            return
        why = session.white_cell(act, token)
        if why:
            refused(why)
        else:
            set_message("")
            given = session.last_act or act
            later = (
                " " + tr("(made once the week in progress ends)")
                if session.game.acts_waiting
                else ""
            )
            set_done(tr("Given: {act}", act=act_text(given, names_of(model))) + later)
        bump()

    with solara.Card(tr("White cell (umpire console)"), classes=["wg-white-cell"]):
        paused = session.paused
        with solara.Row(style="align-items:center"):
            if paused:
                solara.Text(tr("The game is paused: nobody can move it on."), classes=["wg-paused"])
                solara.Button(
                    tr("Resume the game"),
                    on_click=lambda: give({"kind": "resume"}),
                    classes=["wg-wc-resume"],
                )
            else:
                solara.Button(
                    tr("Pause the game"),
                    on_click=lambda: give({"kind": "pause"}),
                    classes=["wg-wc-pause"],
                )
        solara.Select(
            tr("act"),
            value=kind,
            values=KINDS,
            on_value=guarded("act", lambda: KINDS, set_kind, refused),
            classes=["wg-wc-kind"],
        )
        solara.Text(tr(KIND_LABELS[kind]) if kind in KIND_LABELS else "")
        with solara.Row(style="align-items:center"):
            select(N_("when"), "when", WHEN, "wg-wc-when")
            if form["when"] == WHEN[1]:
                solara.InputInt(
                    tr("week"), value=form["at"], on_value=field("at"), classes=["wg-wc-at"]
                )
        if kind == "incident":
            select(N_("side"), "side", list(SIDES), "wg-wc-side")
            select(N_("sector"), "sector", sectors, "wg-wc-sector")
            select(N_("level"), "level", [1, 2, 3], "wg-wc-level")
        elif kind in ("hybrid", "support_shock"):
            select(N_("nation"), "nation", nations, "wg-wc-nation")
            if kind == "support_shock":
                solara.InputFloat(
                    tr("change of will (-1 to 1)"),
                    value=form["delta"],
                    on_value=field("delta"),
                    classes=["wg-wc-delta"],
                )
        elif kind == "us_commitment":
            select(N_("commitment"), "commitment", list(COMMITMENTS), "wg-wc-commitment")
        elif kind == "news":
            solara.InputText(
                tr("news text"), value=form["text"], on_value=field("text"), classes=["wg-wc-text"]
            )
            solara.SelectMultiple(
                tr("shown to"),
                values=form["to"],
                all_values=actors,
                on_value=guarded("to", lambda: actors, field("to"), refused, many=True),
                classes=["wg-wc-to"],
            )
        else:
            solara.InputInt(
                tr("incident #"), value=form["incident"], on_value=field("incident"),
                classes=["wg-wc-incident"],
            )  # fmt: skip
            outcomes = [UNCHANGED, *OVERRIDE_OUTCOMES]
            select(N_("outcome"), "outcome", outcomes, "wg-wc-outcome")
            sides = [UNCHANGED, *SIDES, *nations]
            with solara.Row():
                select(N_("casualties of"), "casualty_side", sides, "wg-wc-cas-side")
                solara.InputFloat(
                    tr("casualties"),
                    value=form["casualties"],
                    on_value=field("casualties"),
                    classes=["wg-wc-casualties"],
                )
            solara.InputText(
                tr("reason (required)"),
                value=form["reason"],
                on_value=field("reason"),
                classes=["wg-wc-reason"],
            )
        solara.Button(
            tr("Give") if kind != "override" else tr("Override"),
            on_click=lambda: give(build_act(kind, form, next_week)),
            color="primary",
            classes=["wg-wc-give"],
        )
        if message:
            solara.Error(message, classes=["wg-wc-error"])
        if done:
            solara.Success(done, classes=["wg-wc-done"])
        with solara.Details(tr("Acts given")):
            solara.HTML(
                tag="ul",
                unsafe_innerHTML=acts_html(list(session.game.white_cell_acts), names_of(model)),
                classes=["wg-wc-acts"],
            )
        solara.Text(
            tr(
                "Students see an inject only as their actor would: an incident through the "
                "monitor and their own picture, news only if it is addressed to them. "
                "Actors: {actors}.",
                actors=", ".join(actor_name(a) for a in actors),
            ),
            style="font-size:12px",
        )
