"""A job run in the background of the page (a sweep, a screening, a fork, a fan-out): its worker
processes, its progress in words, Cancel, and its result or problem shown without a traceback.

The Lab's panels (`lab.py`'s sweep, `drives.py`'s "What drives this?") and the Replay page's
what-if (`what_if.py`'s fork and fan-out) run their work this way, through `use_job`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import solara

from wargame.batch.runner import default_workers
from wargame.errors import WargameError
from wargame.ui.i18n import N_, tr

# The Lab shares the server with every player: a run gets at most this many worker processes.
MAX_LAB_WORKERS = 2


class Cancelled(Exception):
    """The researcher stopped the run."""


def progress_hook(
    on_progress: Callable[[int, int], None] | None, cancel: threading.Event | None
) -> Callable[..., None]:
    """A run's progress callback `(done, total, *more)`: passes (done, total) on, and stops the
    run (raises Cancelled) once it is cancelled."""

    def hook(done: int, total: int, *_more: Any) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if on_progress is not None:
            on_progress(done, total)

    return hook


def lab_workers() -> int:
    """Worker processes for a Lab run: at most MAX_LAB_WORKERS, whatever the machine."""
    return max(1, min(MAX_LAB_WORKERS, default_workers()))


def background(
    request: Any,
    run: Callable[..., Any],
    progress: Any,
    set_result: Callable[[Any], None],
    set_problem: Callable[[str], None],
    set_request: Callable[[Any], None],
) -> Callable[[threading.Event], None]:
    """The work of a Lab run for `solara.use_thread`: run the request with progress and Cancel,
    then show its result or its problem (never a traceback; a WargameError by its message, any
    other error by its type and message) and take the request back."""

    def work(cancel: threading.Event) -> None:
        if request is None:
            return
        start = time.perf_counter()
        set_problem("")
        problem: str | None = None
        try:
            res = run(
                request,
                on_progress=lambda d, t: progress.set((d, t, time.perf_counter() - start)),
                cancel=cancel,
            )
        except Cancelled:
            return
        except WargameError as exc:  # written for people: its message alone
            problem = str(exc)
        except Exception as exc:  # shown on the page, not a traceback in the server log
            problem = f"{type(exc).__name__}: {exc}"
        # The page is free again before the outcome shows, so whoever sees the outcome can start
        # the next run at once (each setter redraws the page by itself).
        set_request(None)
        if problem is None:
            set_result(res)
        else:
            set_problem(problem)

    return work


# The progress line of a run, by what it counts (the Lab's runs count games, a fan-out branches,
# a fork the weeks its branch has played).
PROGRESS = {
    "games": N_("{done}/{total} games, {rate} games/s, ETA {eta}"),
    "branches": N_("{done}/{total} branches, {rate} branches/s, ETA {eta}"),
    "weeks": N_("{done}/{total} weeks, {rate} weeks/s, ETA {eta}"),
}


def progress_text(done: int, total: int, seconds: float, unit: str = "games") -> str:
    """`12/40 games, 3.1 games/s, ETA 9 s` (or branches, or weeks) in the page's language."""
    rate = done / seconds if seconds > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else math.nan
    eta_text = "-" if math.isnan(eta) else f"{eta:.0f} s"
    return tr(PROGRESS[unit], done=done, total=total, rate=f"{rate:.1f}", eta=eta_text)


@dataclass(frozen=True)
class Job:
    """One background run of a page: what runs (None: nothing), its progress and its problem."""

    request: Any
    progress: Any  # a solara reactive: (done, total, seconds)
    problem: str
    set_problem: Callable[[str], None]
    set_request: Callable[[Any], None]

    @property
    def running(self) -> bool:
        """Whether a run is going on."""
        return self.request is not None

    def start(self, request: Any, total: int = 1) -> None:
        """Run `request`: progress from 0 of `total`, the last problem cleared."""
        self.set_problem("")
        self.progress.set((0, total, 0.0))
        self.set_request(request)

    def stop(self) -> None:
        """Stop the run (its thread is told to cancel; no result is shown)."""
        self.set_request(None)


def use_job(run: Callable[..., Any], set_result: Callable[[Any], None]) -> Job:
    """The hooks of one background run in a component (call it on every render, like any hook):
    `run(request, on_progress=, cancel=)` in a thread whenever a request is started."""
    request, set_request = solara.use_state(None)
    progress = solara.use_reactive((0, 1, 0.0))
    problem, set_problem = solara.use_state("")
    solara.use_thread(
        background(request, run, progress, set_result, set_problem, set_request),
        dependencies=[request],
        intrusive_cancel=False,
    )
    return Job(request, progress, problem, set_problem, set_request)


@solara.component
def JobButtons(
    job: Job,
    label: str,
    on_start: Callable[[], None],
    classes: list[str] | None = None,
    stop: str = N_("Stop"),
    stop_classes: list[str] | None = None,
    blocked: bool = False,
) -> None:
    """The button that starts a job (off while it runs, or while `blocked`) and its Stop."""
    solara.Button(
        label,
        on_click=on_start,
        disabled=job.running or blocked,
        color="primary",
        classes=classes or [],
    )
    if job.running:
        solara.Button(tr(stop), on_click=job.stop, classes=stop_classes or [])


@solara.component
def JobProgress(
    job: Job, unit: str = "games", classes: list[str] | None = None, style: str | None = None
) -> None:
    """The bar and the line of a running job (nothing when none runs)."""
    if job.running:
        done, total, seconds = job.progress.value
        solara.ProgressLinear(value=100 * done / max(1, total))
        line = progress_text(done, total, seconds, unit)
        solara.Text(line, classes=classes or [], style=style)
