"""The Replay page's actor views and take-aways: what one actor saw when deciding in a week, and
the game as files (the debrief pack, the tables as CSV, the charts as PNG)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import solara

from wargame.play.annotations import Notes
from wargame.play.debrief import debrief_html
from wargame.ui.card import actor_name, intel_html, legal_text, names_of, order_sentence
from wargame.ui.i18n import N_, tr
from wargame.ui.map_picture import actor_picture
from wargame.ui.map_svg import MapView
from wargame.ui.safe import text as esc

UMPIRE_VIEW = N_("umpire (everything)")


def view_choices(replay: Any) -> dict[str, str]:
    """The views a replay offers, by label: the umpire's (""), then each actor's own."""
    actors = [a for a in replay.record.header.get("policies", {}) if isinstance(a, str)]
    views = {tr("{actor}'s view", actor=actor_name(a)): a for a in actors}
    return {tr(UMPIRE_VIEW): "", **views}


def actor_moment(replay: Any, week: int, actor: str) -> tuple[Any | None, Any]:
    """The decision `actor` met in `week` (None if it had none) and the model after that week."""
    decisions, after = replay.decisions_in(week)
    found = next((d for d in decisions if d.actor_id == actor), None)
    return found, after


@solara.component
def ActorView(replay: Any, week: int, actor: str) -> None:
    """One actor's own picture of a week: its map, what it knew and could do, what it chose."""
    moment = solara.use_memo(lambda: actor_moment(replay, week, actor), [replay, week, actor])
    decision, model = moment
    who = actor_name(actor)
    if decision is not None:
        picture = actor_picture(model, actor, decision.observation)
        caption = tr(
            "What {actor} saw when deciding in week {week} (fog of war)", actor=who, week=week
        )
    else:
        picture = actor_picture(model, actor)
        caption = (
            tr(
                "{actor} had nothing to decide in week {week}: its picture at the week's end",
                actor=who,
                week=week,
            )
            if week > 0
            else tr("{actor}'s picture at the start", actor=who)
        )
    solara.Text(caption, classes=["wg-actor-view-caption"], style="font-weight:bold")
    MapView(picture)
    if decision is None:
        return
    line = replay.week_line(week)
    names = names_of(model)
    acts = line.get("actions", {}).get(actor, [])
    chosen = "; ".join(order_sentence(a, names) for a in acts) or tr("no action")
    knew = intel_html(decision.observation, names)
    by_person = " " + tr("(a person decided)") if actor in line.get("humans", []) else ""
    with solara.Card(
        tr("{actor}'s decision in week {week}", actor=who, week=week),
        classes=["wg-actor-decision"],
    ):
        solara.HTML(
            tag="div",
            # Every string from the record or the replay is escaped (ui/safe, play/debrief).
            unsafe_innerHTML=(
                f"<p><b>{esc(tr('Chose'))}{esc(by_person)}:</b> {esc(chosen)}</p>"
                f"<p><b>{esc(tr('Could have done:'))}</b> "
                f"{esc(legal_text(decision.legal, decision.limits, names))}</p>"
                f"<p><b>{esc(tr('What it knew:'))}</b></p><table class='wg-actor-knew'>{knew}</table>"
            ),
            style="font-size:13px;max-height:420px;overflow:auto",
        )


def final_model(replay: Any) -> Any:
    """A copy of the model after the replay's last week (the replay itself is not moved)."""
    return replay.decisions_in(replay.last_week)[1] if replay.last_week else replay.model_at(0)


@solara.component
def Takeaways(replay: Any, notes: Notes | None, path: Path, actor: str = "") -> None:
    """Downloads: the debrief pack (HTML; with `actor`, that student's pack too), the game's
    tables (CSV) and charts (PNG).

    Each file is made when its button is pressed, not at every redraw.
    """
    from wargame.play.export import plot_pngs, table_csvs, weekly_frame

    kept: dict[str, Any] = solara.use_memo(dict, [replay])
    label = path.name.removesuffix(".jsonl").removesuffix(".wgr")

    def model() -> Any:
        if "model" not in kept:
            kept["model"] = final_model(replay)
        return kept["model"]

    def table(name: str) -> Callable[[], str]:
        return lambda: table_csvs(model())[name]

    def plot(name: str) -> Callable[[], bytes]:
        def make() -> bytes:
            if "plots" not in kept:
                kept["plots"] = plot_pngs(weekly_frame(model()), label)
            return bytes(kept["plots"][name])

        return make

    with solara.Card(tr("Take away"), classes=["wg-takeaway"]):
        solara.FileDownload(
            lambda: debrief_html(replay, notes),
            filename=f"{label}-debrief.html",
            label=tr("Debrief pack (HTML)"),
            mime_type="text/html",
        )
        if actor:
            solara.FileDownload(
                lambda: debrief_html(replay, notes, actor=actor),
                filename=f"{label}-{actor}-debrief.html",
                label=tr("{actor}'s debrief pack (HTML)", actor=actor_name(actor)),
                mime_type="text/html",
            )
        with solara.Row(style="flex-wrap:wrap"):
            for name in ("weekly.csv", "actors.csv", "incidents.csv", "events.csv"):
                solara.FileDownload(
                    table(name), filename=f"{label}-{name}", label=name, mime_type="text/csv"
                )
        with solara.Row(style="flex-wrap:wrap"):
            for name in ("casualties.png", "coalition.png", "incidents.png", "escalation.png"):
                solara.FileDownload(
                    plot(name), filename=f"{label}-{name}", label=name, mime_type="image/png"
                )
