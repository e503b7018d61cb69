"""Run a sweep's games on one process, a local process pool or a Dask cluster; save and resume.

Finished games are appended in chunks to `OUT.parts/` beside the output (Parquet files written
atomically), so an interrupted sweep resumes where it stopped: a game whose key is in a part
or in an existing output is not played again. When every game is done the rows are sorted by
grid order, written to OUT atomically, and the parts folder is removed.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from wargame.batch.sweep import GameTask, SweepSpec, expand, play_batch
from wargame.errors import WargameError
from wargame.files import file_mode, write_atomic

Result = tuple[dict[str, Any], dict[str, list[Any]] | None]
# Called after every finished game with (games done, games in all); may raise to stop the sweep.
ProgressHook = Callable[[int, int], None]
# Plays a batch of games in a worker and returns their results.
PlayBatch = Callable[[Sequence[GameTask]], list[Result]]


@dataclass
class SweepResult:
    """What a sweep produced: rows in grid order, the weekly series if asked, and counts."""

    rows: pd.DataFrame
    series: pd.DataFrame | None
    played: int
    reused: int
    seconds: float
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def games_per_second(self) -> float:
        """Games played per second of wall time (reused games not counted)."""
        return self.played / self.seconds if self.seconds > 0 else 0.0


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_sweep(
    spec: SweepSpec,
    out: str | Path | None = None,
    *,
    series_out: str | Path | None = None,
    series: bool = False,
    record_dir: str | Path | None = None,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
    on_game: ProgressHook | None = None,
    chunk_size: int = 20,
) -> SweepResult:
    """Play every game of the grid not already done, then write the rows (and series) files.

    With `series` but no `series_out`, the series go to OUT with the suffix `.series.parquet`.
    With `record_dir`, every game played is also saved there as a record (docs/records.md).
    """
    start = time.perf_counter()
    want_series = series or series_out is not None
    if want_series and series_out is None and out is not None:
        series_out = Path(out).with_suffix(".series.parquet")
    grid = expand(spec)
    if want_series:
        grid.tasks = [replace(t, series=True) for t in grid.tasks]
    if record_dir is not None:
        Path(record_dir).mkdir(parents=True, exist_ok=True)
        grid.tasks = [replace(t, record=str(Path(record_dir) / t.record_name)) for t in grid.tasks]
    rows, weekly_frame, played, reused = run_tasks(
        grid.tasks,
        out,
        series_out=series_out,
        series=want_series,
        workers=workers,
        dask=dask,
        progress=progress,
        on_game=on_game,
        chunk_size=chunk_size,
    )
    notes = [f"{c.description}: {c.note}" for c in grid.cells if c.note]
    return SweepResult(
        rows, weekly_frame, played, reused, time.perf_counter() - start, grid.skipped, notes
    )


def run_tasks(
    tasks: Sequence[GameTask],
    out: str | Path | None,
    *,
    series_out: str | Path | None = None,
    series: bool = False,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
    on_game: ProgressHook | None = None,
    chunk_size: int = 20,
    play: PlayBatch | None = None,
    label: str = "sweep",
) -> tuple[pd.DataFrame, pd.DataFrame | None, int, int]:
    """Play the games not already saved beside OUT; return (rows, series, played, reused).

    Any list of games can be run so (a sweep's grid, a sensitivity design); `play` plays a
    batch of them in a worker (a module-level function, so a pool or Dask can ship it).
    """
    store = Store(out, series_out, series)
    done_rows, done_series = store.load(tasks)
    todo = [t for t in tasks if t.key not in done_rows]
    reused = len(tasks) - len(todo)
    bar = Progress(len(tasks), reused, enabled=progress, label=label)
    try:
        for row, weekly in execute(todo, workers=workers, dask=dask, play=play):
            done_rows[row["key"]] = row
            if weekly is not None:
                done_series[row["key"]] = weekly
            store.add(row, weekly, chunk_size)
            bar.update()
            if on_game is not None:
                on_game(bar.done, bar.total)
    finally:
        store.flush()
        bar.close()
    rows, weekly_frame = assemble(tasks, done_rows, done_series if series else None)
    store.finish(rows, weekly_frame)
    return rows, weekly_frame, len(todo), reused


def assemble(
    tasks: Sequence[GameTask],
    rows: dict[str, dict[str, Any]],
    series: dict[str, dict[str, list]] | None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Rows (and series) in grid order, with `game` renumbered to the grid position."""
    ordered = []
    for task in tasks:
        row = dict(rows[task.key])
        # Two cells may play the very same game (a cell fitted to the budget, in a paired sweep):
        # one key, so the row's own identity comes from the task.
        row.update(game=task.index, cell=task.cell, replicate=task.replicate)
        row.update(dict(task.settings))
        ordered.append(row)
    frame = pd.DataFrame(ordered)
    if series is None:
        return frame, None
    parts = []
    for task in tasks:
        part = pd.DataFrame(series[task.key])
        part["game"] = task.index
        parts.append(part)
    return frame, pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


# -- backends ----------------------------------------------------------------------------------
def execute(
    tasks: Sequence[GameTask],
    workers: int | None = None,
    dask: Any = None,
    play: PlayBatch | None = None,
) -> Iterator[Result]:
    """Play the games and yield each (row, series) as it finishes, in any order."""
    if not tasks:
        return
    play = play or play_batch  # looked up now, so a test may stand in for it
    if dask is not None:
        yield from _execute_dask(tasks, dask, workers, play)
        return
    workers = workers or default_workers()
    if workers < 1:
        raise WargameError(f"--workers: must be at least 1; got {workers}")
    if workers == 1:
        for task in tasks:
            yield from play([task])
        return
    yield from _execute_pool(tasks, workers, play)


def batches(tasks: Sequence[GameTask], workers: int) -> list[list[GameTask]]:
    """Cut the games into batches small enough to balance the load, big enough to save overhead."""
    size = max(1, min(8, len(tasks) // (workers * 6)))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe and cheap (Linux, no other threads), else forkserver or spawn."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def settle_worker() -> None:
    """Start a worker process (the pool's, or a local Dask cluster's) with what it inherited or
    imported out of the garbage collector's sight: a finished game is freed only by a full
    collection (its model and agents refer to one another), and each one would otherwise walk
    every module object again (about 8% of a sweep's time, benchmarks/README.md)."""
    gc.collect()
    gc.freeze()


def _execute_pool(tasks: Sequence[GameTask], workers: int, play: PlayBatch) -> Iterator[Result]:
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_pool_context(), initializer=settle_worker
    )
    try:
        futures = [pool.submit(play, b) for b in batches(tasks, workers)]
        for future in as_completed(futures):
            yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _execute_dask(
    tasks: Sequence[GameTask], dask: Any, workers: int | None, play: PlayBatch
) -> Iterator[Result]:
    """Submit batches to a Dask scheduler: an address, 'local' (a LocalCluster) or a Client."""
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = None
    if isinstance(dask, Client):
        client, own = dask, False
    elif dask == "local":
        cluster = LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client, own = Client(cluster), True
    else:
        client, own = _connect(str(dask)), True
    try:
        if cluster is not None:  # workers of our own, gone with this sweep (a shared cluster's
            client.run(settle_worker)  # live on, and whatever they freeze stays for good)
        n = max(1, len(client.scheduler_info().get("workers", {})))
        futures = client.map(play, batches(tasks, n), pure=False)
        for future in dask_completed(futures):
            yield from future.result()
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()


def _connect(address: str) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise WargameError(
            f"--dask {address}: cannot reach a Dask scheduler there ({type(exc).__name__}); "
            f"start one with `dask scheduler` and workers with `dask worker {address}`, "
            f"or use --dask local"
        ) from None


# -- saving, resuming --------------------------------------------------------------------------
class Store:
    """Finished games in chunks beside the output, and the final files once the sweep is done."""

    def __init__(self, out: str | Path | None, series_out: str | Path | None, series: bool):
        self.out = Path(out) if out is not None else None
        self.series_out = Path(series_out) if series_out is not None else None
        self.series = series
        self.parts = self.out.with_name(self.out.name + ".parts") if self.out else None
        self._rows: list[dict[str, Any]] = []
        self._series: list[pd.DataFrame] = []
        self._next = 0

    def load(
        self, tasks: Sequence[GameTask]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, list]]]:
        """Rows (and series) of games already done: in the output and in saved parts."""
        rows: dict[str, dict[str, Any]] = {}
        series: dict[str, dict[str, list]] = {}
        if self.out is None:
            return rows, series
        frames = []
        if self.out.is_file():
            frames.append(_read(self.out))
        part_files = sorted(self.parts.glob("part-*-rows.parquet")) if self.parts else []
        frames += [_read(p) for p in part_files]
        self._next = len(part_files)
        weekly = self._load_series(part_files)
        wanted = {t.key for t in tasks}
        for frame in frames:
            for record in frame.to_dict("records"):
                key = record["key"]
                if key in wanted and (not self.series or key in weekly):
                    rows[key] = record
                    if self.series:
                        series[key] = weekly[key]
        return rows, series

    def _load_series(self, part_files: list[Path]) -> dict[str, dict[str, list]]:
        if not self.series:
            return {}
        frames = []
        if self.series_out is not None and self.series_out.is_file():
            frames.append(_read(self.series_out))
        for p in part_files:
            s = p.with_name(p.name.replace("-rows.", "-series."))
            if s.is_file():
                frames.append(_read(s))
        out: dict[str, dict[str, list]] = {}
        for frame in frames:
            for key, group in frame.groupby("key", sort=False):
                out[str(key)] = {c: group[c].tolist() for c in group.columns}
        return out

    def add(self, row: dict[str, Any], weekly: dict[str, list] | None, chunk: int) -> None:
        """Keep a finished game; write a part once `chunk` games are waiting."""
        self._rows.append(row)
        if weekly is not None:
            self._series.append(pd.DataFrame(weekly))
        if len(self._rows) >= chunk:
            self.flush()

    def flush(self) -> None:
        """Write the waiting games as one part (series first, so a rows part means complete)."""
        if self.parts is None or not self._rows:
            self._rows, self._series = [], []
            return
        self.parts.mkdir(parents=True, exist_ok=True)
        stem = f"part-{self._next:05d}"
        if self._series:
            write_parquet(pd.concat(self._series), self.parts / f"{stem}-series.parquet")
        write_parquet(pd.DataFrame(self._rows), self.parts / f"{stem}-rows.parquet")
        self._next += 1
        self._rows, self._series = [], []

    def finish(self, rows: pd.DataFrame, series: pd.DataFrame | None) -> None:
        """Write the complete output files, then drop the parts."""
        if self.out is None:
            return
        write_parquet(rows, self.out)
        if series is not None and self.series_out is not None:
            write_parquet(series, self.series_out)
        if self.parts is not None and self.parts.is_dir():
            shutil.rmtree(self.parts)


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as exc:
        raise WargameError(
            f"{path}: cannot read it as Parquet ({exc}); delete it to start over"
        ) from None


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a DataFrame as Parquet atomically: a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.chmod(tmp, file_mode())  # mkstemp makes it 0600; follow the umask like other files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- progress ----------------------------------------------------------------------------------
class Progress:
    """A progress bar with games/s and ETA: tqdm on a terminal, a plain line now and then otherwise."""

    def __init__(
        self, total: int, done: int, enabled: bool = True, every: float = 15.0, label: str = "sweep"
    ):
        self.total, self.done, self.start_done = total, done, done
        self.label = label
        self.enabled = enabled and total > done
        self.every = every
        self.start = self.last = time.perf_counter()
        self.bar = None
        if self.enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, unit="game", dynamic_ncols=True)

    def update(self) -> None:
        """One more game finished."""
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.enabled and time.perf_counter() - self.last >= self.every:
            self.last = time.perf_counter()
            print(self.line(), file=sys.stderr, flush=True)

    def line(self) -> str:
        """`sweep: 120/300 games, 2.9 games/s, ETA 62 s`."""
        elapsed = time.perf_counter() - self.start
        rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else float("nan")
        return f"{self.label}: {self.done}/{self.total} games, {rate:.2f} games/s, ETA {eta:.0f} s"

    def close(self) -> None:
        """Finish the bar (or print the last line)."""
        if self.bar is not None:
            self.bar.close()
        elif self.enabled:
            print(self.line(), file=sys.stderr, flush=True)


def claim_folder(
    out: Path,
    name: str,
    identity: dict[str, Any],
    taken: str | None,
    differs: Callable[[str], str],
) -> None:
    """Write OUT/NAME, what decides a batch's games, so that a later run can resume it.

    A folder that already holds one is refused with `taken` (None: it may be resumed), or with
    `differs(keys)` when the kept one has other values for those keys; a file is not a folder.
    """
    path = out / name
    if out.exists() and not out.is_dir():
        raise WargameError(f"--out {out}: is a file; give a folder")
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise WargameError(f"{path}: unreadable; delete the folder to start over") from None
        if taken is not None:
            raise WargameError(taken)
        if old != identity:
            differ = sorted(
                k for k in identity if not isinstance(old, dict) or old.get(k) != identity[k]
            )
            raise WargameError(differs(", ".join(differ)))
    write_atomic(path, json.dumps(identity, indent=2))
