"""Shipped experiments (experiments/*.yaml): a sweep, an analysis, a table (CSV) and a plot (PNG).

Six experiments answer the six questions of DOMAIN.md section 7; a seventh checks how far one
answer rests on a hand-set (ASSUMED) weight. `run_experiment`
plays its sweep (resuming an interrupted one), then its analysis writes into OUT/NAME/:
`rows.parquet` (one row per game), `series.parquet` (weekly series, if the experiment asks
for them), `NAME.csv`, `NAME.png` and `summary.json` (the reading, computed from the results,
which `wargame report` gathers).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from wargame import paths
from wargame.batch.provenance import json_safe
from wargame.batch.runner import run_sweep
from wargame.batch.sweep import SweepSpec, expand
from wargame.batch.uncertainty import Uncertainty
from wargame.errors import ConfigError
from wargame.play.session import write_atomic

SWEEP_FIELDS = {"scenario", "set", "vary", "policies", "seeds", "base_seed", "years", "series"}
SWEEP_FIELDS |= {"over_budget", "paired"}
TOP_FIELDS = {"name", "title", "question", "design", "sweep", "quick", "analysis", "params"}
TOP_FIELDS |= {"uncertainty"}
QUICK_FIELDS = {"seeds", "years"}


@dataclass(frozen=True)
class Experiment:
    """A shipped experiment: what it asks, the sweep that answers it and how to read it."""

    name: str
    title: str
    question: str
    design: str
    spec: SweepSpec
    quick: dict[str, Any]
    analysis: str
    series: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    uncertainty: Uncertainty | None = None  # the file's `uncertainty:` block, if any

    def sweep_spec(self, quick: bool = False) -> SweepSpec:
        """The sweep to run: the shipped one, or the tiny `--quick` one."""
        if not quick:
            return self.spec
        spec = self.spec
        return SweepSpec(
            scenarios=spec.scenarios,
            vary=spec.vary,
            policies=spec.policies,
            seeds=int(self.quick.get("seeds", 2)),
            base_seed=spec.base_seed,
            fixed=spec.fixed,
            years=float(self.quick.get("years", 0.5)),
            over_budget=spec.over_budget,
            paired=spec.paired,
        )


@dataclass
class ExperimentOutcome:
    """What running an experiment produced."""

    name: str
    folder: Path
    games: int
    seconds: float
    reading: list[str]
    files: list[Path]


def list_experiments() -> list[Experiment]:
    """Every shipped experiment, in the order of the six questions, then the sensitivity check."""
    found = [load_experiment(n) for n in paths.list_names("experiments")]
    order = {name: i for i, name in enumerate(QUESTION_ORDER)}
    return sorted(found, key=lambda e: (order.get(e.name, len(order)), e.name))


QUESTION_ORDER = (
    "posture_budget",
    "us_commitment",
    "tripwire",
    "hybrid_home",
    "monitor_access",
    "ukraine_capacity",
    "backstop_weight",  # not a seventh question: how far question 2's answer rests on a weight
)


def load_experiment(name_or_path: str) -> Experiment:
    """Load an experiment by shipped name or path, refusing unknown fields by name."""
    path = paths.resolve("experiments", name_or_path)
    source = str(path)
    if not path.is_file():
        shipped = ", ".join(paths.list_names("experiments"))
        raise ConfigError(source, "(file)", f"no such experiment; shipped experiments: {shipped}")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    _check_fields(raw, TOP_FIELDS, source, "")
    sweep = raw.get("sweep") or {}
    _check_fields(sweep, SWEEP_FIELDS, source, "sweep.")
    quick = raw.get("quick") or {}
    _check_fields(quick, QUICK_FIELDS, source, "quick.")
    from wargame.batch.analyses import ANALYSES

    analysis = raw.get("analysis", raw.get("name", path.stem))
    if analysis not in ANALYSES:
        raise ConfigError(
            source, "analysis", f"must be one of {', '.join(sorted(ANALYSES))}; got {analysis!r}"
        )
    spec = _sweep_spec(sweep, source)
    params = dict(raw.get("params") or {})
    if analysis == "sensitivity":
        varied = [key for key, _ in spec.vary]
        if params.get("dial") not in varied:
            raise ConfigError(
                source,
                "params.dial",
                f"must name a key the sweep varies ({', '.join(varied) or 'none'}); "
                f"got {params.get('dial')!r}",
            )
    uncertainty = None
    if raw.get("uncertainty") is not None:
        from wargame.batch.uncertainty import parse_block

        uncertainty = parse_block(raw["uncertainty"], source, dict(spec.vary))
    return Experiment(
        name=str(raw.get("name", path.stem)),
        title=str(raw.get("title", path.stem)),
        question=str(raw.get("question", "")),
        design=str(raw.get("design", "")),
        spec=spec,
        quick=dict(quick),
        analysis=analysis,
        series=bool(sweep.get("series", False)),
        params=params,
        source=source,
        uncertainty=uncertainty,
    )


def _check_fields(raw: Any, allowed: set[str], source: str, prefix: str) -> None:
    if not isinstance(raw, dict):
        raise ConfigError(source, prefix.rstrip(".") or "(top level)", "must be a mapping")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(
            source,
            f"{prefix}{unknown[0]}",
            f"unknown field; allowed here: {', '.join(sorted(allowed))}",
        )


def _sweep_spec(sweep: dict[str, Any], source: str) -> SweepSpec:
    scenarios = sweep.get("scenario", "default")
    scenarios = [scenarios] if isinstance(scenarios, str) else list(scenarios)
    vary = sweep.get("vary") or {}
    policies = sweep.get("policies") or {}
    for field_name, value in (("sweep.vary", vary), ("sweep.policies", policies)):
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            raise ConfigError(source, field_name, "must map each key to a list of values")
    return SweepSpec(
        scenarios=tuple(str(s) for s in scenarios),
        vary=tuple((str(k), tuple(v)) for k, v in vary.items()),
        policies=tuple((str(k), tuple(str(n) for n in v)) for k, v in policies.items()),
        seeds=int(sweep.get("seeds", 10)),
        base_seed=int(sweep.get("base_seed", 0)),
        fixed=tuple(str(s) for s in sweep.get("set") or []),
        years=None if sweep.get("years") is None else float(sweep["years"]),
        over_budget=str(sweep.get("over_budget", "error")),
        paired=_paired(sweep, source),
    )


def _paired(sweep: dict[str, Any], source: str) -> bool:
    """`paired:` (default true for experiments): every cell plays the same seeds."""
    value = sweep.get("paired", True)
    if not isinstance(value, bool):
        raise ConfigError(source, "sweep.paired", f"must be true or false; got {value!r}")
    return value


def run_experiment(
    exp: Experiment,
    out: str | Path = "results",
    *,
    quick: bool = False,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
    uncertainty: Uncertainty | None = None,
) -> ExperimentOutcome:
    """Play the experiment's sweep (resuming), analyse it, write its table, plot and reading.

    With `uncertainty`, every cell is played on each Latin-hypercube draw of the chosen ASSUMED
    parameters (see wargame.batch.uncertainty) and the spreads and headlines are written too.
    """
    start = time.perf_counter()
    folder = Path(out) / exp.name
    folder.mkdir(parents=True, exist_ok=True)
    spec = exp.sweep_spec(quick)
    if uncertainty is None:
        result = run_sweep(
            spec,
            folder / "rows.parquet",
            series_out=folder / "series.parquet" if exp.series else None,
            workers=workers,
            dask=dask,
            progress=progress,
        )
        rows, series, played, notes, skipped = (
            result.rows,
            result.series,
            result.played,
            result.notes,
            result.skipped,
        )
        for stale in (f"{exp.name}_uncertainty.csv", f"{exp.name}_uncertainty.png", "draws.csv"):
            (folder / stale).unlink(missing_ok=True)
    else:
        rows, series, played, notes, skipped = _run_uncertain(
            exp, spec, folder, uncertainty, quick, workers, dask, progress
        )
    files = analyse(exp, rows, series, folder)
    if uncertainty is not None:
        files += _analyse_uncertain(exp, spec, rows, folder, uncertainty)
    reading = json.loads((folder / "summary.json").read_text())["reading"]
    seconds = time.perf_counter() - start
    _stamp(folder, quick, seconds, played, notes, skipped)
    return ExperimentOutcome(exp.name, folder, len(rows), seconds, reading, files)


def _run_uncertain(
    exp: Experiment,
    spec: SweepSpec,
    folder: Path,
    unc: Uncertainty,
    quick: bool,
    workers: int | None,
    dask: Any,
    progress: bool,
) -> tuple[pd.DataFrame, pd.DataFrame | None, int, list[str], list[str]]:
    """Play every cell on every draw x seed (resuming); return rows, series, played, notes."""
    from dataclasses import replace

    from wargame.batch.runner import run_tasks
    from wargame.batch.uncertainty import choose_factors, draw_frame, draw_tasks, play_draws

    grid = expand(spec)
    excluded = [k for k, _ in spec.vary] + [s.partition("=")[0] for s in spec.fixed]
    factors = choose_factors(unc, excluded, exp.source)
    draws = draw_frame(factors, unc.draws, unc.draw_seed)
    seeds = spec.seeds if quick or unc.seeds is None else unc.seeds
    tasks = draw_tasks(grid, factors, draws, seeds)
    if exp.series:
        tasks = [replace(t, series=True) for t in tasks]
    write_atomic(folder / "draws.csv", draws.to_csv(index=False))
    rows, series, played, _ = run_tasks(
        tasks,
        folder / "rows.parquet",
        series_out=folder / "series.parquet" if exp.series else None,
        series=exp.series,
        workers=workers,
        dask=dask,
        progress=progress,
        play=play_draws,
        label="uncertain",
    )
    notes = [f"{c.description}: {c.note}" for c in grid.cells if c.note]
    notes.append(
        f"{unc.draws} Latin-hypercube draws (draw seed {unc.draw_seed}) of {len(factors)} "
        f"ASSUMED parameters x {seeds} seeds per cell"
    )
    return rows, series, played, notes, grid.skipped


def _analyse_uncertain(
    exp: Experiment, spec: SweepSpec, rows: pd.DataFrame, folder: Path, unc: Uncertainty
) -> list[Path]:
    """Write the spread table and the survival bands; add the headlines to summary.json."""
    from wargame.batch.analyses.common import save_figure
    from wargame.batch.uncertainty import check_headlines, spread_table, survival_bands

    varied = [k for k, _ in spec.vary]
    table = folder / f"{exp.name}_uncertainty.csv"
    plot = folder / f"{exp.name}_uncertainty.png"
    spread = spread_table(rows, varied)
    write_atomic(table, spread.to_csv(index=False))
    save_figure(survival_bands(rows, varied), plot)
    headlines = check_headlines(rows, unc, varied)
    path = folder / "summary.json"
    summary = json.loads(path.read_text())
    summary["uncertainty"] = {
        "draws": unc.draws,
        "draw_seed": unc.draw_seed,
        "params": _drawn(folder),
        "holds": unc.holds,
        "table": table.name,
        "plot": plot.name,
        "headlines": [json_safe(h) for h in headlines],
    }
    write_atomic(path, json.dumps(summary, indent=2))
    return [table, plot, folder / "draws.csv"]


def _drawn(folder: Path) -> list[str]:
    """The parameters drawn (the columns of draws.csv but `draw`)."""
    return [c for c in pd.read_csv(folder / "draws.csv", nrows=0).columns if c != "draw"]


def analyse(
    exp: Experiment, rows: pd.DataFrame, series: pd.DataFrame | None, folder: Path
) -> list[Path]:
    """Run the experiment's analysis on its rows; write the table, the plot and summary.json."""
    from wargame.batch.analyses import ANALYSES
    from wargame.batch.analyses.common import save_figure

    result = ANALYSES[exp.analysis](rows, series, exp.params)
    table = folder / f"{exp.name}.csv"
    plot = folder / f"{exp.name}.png"
    write_atomic(table, result.table.to_csv(index=False))
    save_figure(result.figure, plot)
    summary = {
        "name": exp.name,
        "title": exp.title,
        "question": exp.question,
        "design": exp.design,
        "reading": result.reading,
        "games": len(rows),
        "cells": int(rows["cell"].nunique()) if len(rows) else 0,
        "horizon_weeks": int(rows["horizon_weeks"].max()) if len(rows) else 0,
        "table": table.name,
        "plot": plot.name,
    }
    write_atomic(folder / "summary.json", json.dumps(summary, indent=2))
    return [table, plot, folder / "summary.json"]


def _stamp(
    folder: Path, quick: bool, seconds: float, played: int, notes: list[str], skipped: list[str]
) -> None:
    """Add how the results were made (quick or not, time, notes) to summary.json."""
    path = folder / "summary.json"
    summary = json.loads(path.read_text())
    summary.update(
        quick=quick, seconds=round(seconds, 1), played=played, notes=notes, skipped=skipped
    )
    write_atomic(path, json.dumps(summary, indent=2))
