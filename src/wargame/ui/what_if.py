"""The Replay page's "What if" panel: fork the game from the week shown with another policy, or
fan out many continuations from it, and see the branch beside the original.

A fork and a fan-out each run in the background of the page (`background.py`, as the Lab's
runs): the page stays responsive, shows their progress (the weeks the branch has played, the
branches played) and may stop them; the same record, week, n and seed give the same branches
(`wargame.play.fan_out`).
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import solara

from wargame.engine.roster import kind_of
from wargame.errors import WargameError
from wargame.ui.background import JobButtons, JobProgress, progress_hook, use_job
from wargame.ui.card import actor_name, browser_wording
from wargame.ui.charts import line_chart_svg
from wargame.ui.choices import guarded
from wargame.ui.games import games_dir
from wargame.ui.i18n import N_, by_label, tr

AS_RECORDED = N_("as recorded")
CHOICE_ACTORS = ("russia", "ukraine", "force_commander", "monitor")
FAN_SIZES = (10, 20, 50)
# The series laid over each other: (title, weekly column).
OVERLAID = (
    (N_("Ukraine's casualties"), "casualties_ukraine"),
    (N_("Russia's casualties"), "casualties_russia"),
    (N_("Escalation"), "escalation"),
    (N_("Coalition will"), "coalition_will"),
)


def policy_choices(actors: list[str]) -> dict[str, list[str]]:
    """Per actor a person may switch in a what-if, its registered policies (first: as recorded)."""
    from wargame.policies.registry import list_policies

    infos = list_policies()
    return {
        actor: [AS_RECORDED, *(i.name for i in infos if kind_of(actor) in i.actors)]
        for actor in CHOICE_ACTORS
        if actor in actors
    }


def play_branch(
    path: Path,
    week: int,
    policies: Mapping[str, str],
    on_week: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Fork the record at `week`, play it on as the original was played, and compare the two
    (the branch is kept only as this comparison: its record is written to a temporary folder).
    `on_week(done, total)` after each week the branch plays (it may raise to stop the fork)."""
    from wargame.play.branch_compare import comparison
    from wargame.play.fork import as_record, follow_parent, fork

    record = as_record(path)
    with tempfile.TemporaryDirectory(prefix="wargame-fork-") as folder:
        out = Path(folder) / "branch.wgr.jsonl"
        game = fork(record, week, policies=policies, out=out, files_root=games_dir())
        first, total = game.week, max(1, game.model.horizon - game.week)
        told = None if on_week is None else (lambda now: on_week(now - first, total))
        try:
            follow_parent(game, record, keep=set(policies), on_week=told)
        finally:
            game.close()
        return comparison(record, out, files_root=games_dir())


@dataclass(frozen=True)
class ForkRequest:
    """A fork asked for on the page: the record, the week the branch starts, the policies
    switched in it (actor, policy)."""

    path: Path
    week: int
    policies: tuple[tuple[str, str], ...] = ()


def run_fork(
    request: ForkRequest,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> pd.DataFrame:
    """Play a fork's branch (for `background`): its comparison with the original. Progress after
    each week the branch plays; stops between weeks once cancelled."""

    told = progress_hook(on_progress, cancel)
    path = request.path
    try:
        return play_branch(path, request.week, dict(request.policies), told)
    except WargameError as exc:
        raise WargameError(browser_wording(str(exc).replace(str(path), path.name))) from None


@dataclass(frozen=True)
class FanRequest:
    """A fan-out asked for on the page: the record, the week it starts, n branches, the seed."""

    path: Path
    week: int
    n: int
    seed: int = 1


def run_fan(
    request: FanRequest,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[dict[str, Any], int]:
    """Play a fan-out's branches (for `background`): where the recorded game falls among them,
    and n. Progress after each branch; stops between branches once cancelled."""
    from wargame.play.fan_out import fan_out, standing
    from wargame.play.fork import as_record

    told = progress_hook(on_progress, cancel)
    path = request.path
    try:
        record = as_record(path)
        branches = fan_out(
            record, request.week, request.n, request.seed, files_root=games_dir(), progress=told
        )
        return standing(record, branches), request.n
    except WargameError as exc:
        raise WargameError(browser_wording(str(exc).replace(str(path), path.name))) from None


def overlay_svgs(frame: pd.DataFrame, marker: int | None) -> list[str]:
    """The original and the branch drawn over each other, a dashed line where they part."""
    weeks = [int(w) for w in frame["week"]]

    def values(column: str) -> list[Any]:  # None where that game had ended (not drawn)
        return [None if pd.isna(v) else float(v) for v in frame[column]]

    return [
        line_chart_svg(
            tr(title),
            weeks,
            {tr("original"): values(f"{col}_parent"), tr("branch"): values(f"{col}_fork")},
            marker_week=marker,
        )
        for title, col in OVERLAID
        if f"{col}_parent" in frame
    ]


def distribution_html(where: Mapping[str, Any], n: int) -> str:
    """The end causes of a fan-out's branches as bars, and where the recorded game falls."""
    rows = "".join(
        f'<tr><td>{escape(cause)}</td><td><div style="background:#555;height:10px;'
        f'width:{share * 200:.0f}px"></div></td><td>{share:.0%}</td></tr>'
        for cause, share in where["end_causes"].items()
    )
    original = where["original_end_cause"]
    said = (
        escape(tr("The recorded game is still being played."))
        if original is None
        else escape(
            tr(
                "The recorded game ended '{cause}': {share} of {n} branches ended the same way.",
                cause=original,
                share=f"{where['share_like_original']:.0%}",
                n=n,
            )
        )
    )
    return f'<table class="wg-fan-table">{rows}</table><p class="wg-fan-standing">{said}</p>'


@solara.component
def WhatIfPanel(replay: Any, path: Path, week: int) -> None:
    """Fork from the week shown (another policy) or fan out from it; the branch beside the game."""
    record = replay.record
    start = week + 1  # the branch plays on from the state shown
    allowed = start <= record.last_week + (1 if record.footer is None else 0)
    choices = solara.use_memo(lambda: policy_choices(list(record.header["policies"])), [path])
    actor, set_actor = solara.use_state(next(iter(choices), ""))
    policy, set_policy = solara.use_state(AS_RECORDED)
    size, set_size = solara.use_state(FAN_SIZES[0])
    frame, set_frame = solara.use_state(None)
    fan: tuple[dict[str, Any], int] | None
    set_fan: Callable[[tuple[dict[str, Any], int] | None], None]
    fan, set_fan = solara.use_state(None)
    seed, set_seed = solara.use_state(1)
    fan_job = use_job(run_fan, set_fan)
    fork_job = use_job(run_fork, set_frame)

    def pick_actor(chosen: str) -> None:
        set_actor(chosen)
        set_policy(AS_RECORDED)

    def branch() -> None:
        """Start the fork in the background (the page stays responsive)."""
        picked = ((actor, policy),) if actor and policy != AS_RECORDED else ()
        set_frame(None)
        fork_job.start(ForkRequest(path, start, picked))

    def fan_out_now() -> None:
        """Start the fan-out in the background (the page stays responsive)."""
        set_fan(None)
        fan_job.start(FanRequest(path, start, size, seed), size)

    actors = {actor_name(a): a for a in choices}  # shown by name, kept by id
    policies = by_label(choices.get(actor, [AS_RECORDED]))  # "as recorded" translated
    with solara.Card(tr("What if ..."), classes=["wg-what-if"]):
        if not allowed:
            solara.Text(tr("The game ended here: scrub back to branch from an earlier week."))
            return
        solara.Text(
            tr("Branch from week {week} on (the state shown is where it starts).", week=start)
        )
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            if choices:
                solara.Select(
                    tr("actor"),
                    values=list(actors),
                    value=actor_name(actor),
                    on_value=guarded(
                        "actor",
                        lambda: list(actors),
                        lambda name: pick_actor(actors[name]),
                        fork_job.set_problem,
                    ),
                    classes=["wg-fork-actor"],
                )
                solara.Select(
                    tr("{actor} plays", actor=actor_name(actor)),
                    values=list(policies),
                    value=tr(policy),
                    on_value=guarded(
                        "policy",
                        lambda: list(policies),
                        lambda label: set_policy(policies[label]),
                        fork_job.set_problem,
                    ),
                    classes=["wg-fork-policy"],
                )
            JobButtons(
                fork_job,
                tr("Fork from this week"),
                branch,
                ["wg-fork"],
                stop_classes=["wg-fork-stop"],
            )
        JobProgress(fork_job, "weeks", ["wg-fork-progress"])
        if fork_job.problem:
            solara.Error(fork_job.problem, classes=["wg-what-if-error", "wg-fork-error"])
        with solara.Row(style="align-items:center;flex-wrap:wrap"):
            solara.Select(
                tr("branches"),
                values=list(FAN_SIZES),
                value=size,
                on_value=guarded(
                    "branches", lambda: list(FAN_SIZES), set_size, fan_job.set_problem
                ),
            )
            solara.InputInt(tr("seed"), value=seed, on_value=set_seed, classes=["wg-fan-seed"])
            JobButtons(
                fan_job, tr("Fan out"), fan_out_now, ["wg-fan-out"], stop_classes=["wg-fan-stop"]
            )
        JobProgress(fan_job, "branches", ["wg-fan-progress"])
        if fan_job.problem:
            solara.Error(fan_job.problem, classes=["wg-what-if-error"])
        if frame is not None:
            from wargame.play.branch_compare import first_difference

            parted = first_difference(frame)
            solara.Text(
                tr("The branch is the same game as the original.")
                if parted is None
                else tr("The branch first differs from the original in week {week}.", week=parted),
                classes=["wg-fork-parted"],
            )
            solara.HTML(
                tag="div",
                unsafe_innerHTML="".join(overlay_svgs(frame, parted)),
                style="display:flex;flex-wrap:wrap;gap:6px",
            )
        if fan is not None:
            solara.HTML(tag="div", unsafe_innerHTML=distribution_html(*fan))
