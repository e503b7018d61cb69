"""A Lab job run in the background of the page (a sweep, a screening): its worker processes, its
progress in words, Cancel, and its result or problem shown without a traceback.

Both Lab panels (`lab.py`'s sweep and `drives.py`'s "What drives this?") run their work this way.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

from wargame.batch.runner import default_workers
from wargame.ui.i18n import tr

# The Lab shares the server with every player: a run gets at most this many worker processes.
MAX_LAB_WORKERS = 2


class Cancelled(Exception):
    """The researcher stopped the run."""


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
    then show its result or its problem (never a traceback) and take the request back."""

    def work(cancel: threading.Event) -> None:
        if request is None:
            return
        start = time.perf_counter()
        set_problem("")
        try:
            res = run(
                request,
                on_progress=lambda d, t: progress.set((d, t, time.perf_counter() - start)),
                cancel=cancel,
            )
            set_result(res)
        except Cancelled:
            return
        except Exception as exc:  # shown on the page, not a traceback in the server log
            set_problem(f"{type(exc).__name__}: {exc}")
        set_request(None)

    return work


def progress_text(done: int, total: int, seconds: float) -> str:
    """`12/40 games, 3.1 games/s, ETA 9 s`."""
    rate = done / seconds if seconds > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else math.nan
    eta_text = "-" if math.isnan(eta) else f"{eta:.0f} s"
    return tr(
        "{done}/{total} games, {rate} games/s, ETA {eta}",
        done=done,
        total=total,
        rate=f"{rate:.1f}",
        eta=eta_text,
    )
