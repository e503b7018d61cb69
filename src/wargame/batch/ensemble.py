"""Ensembles: the parameter sets a calibration accepted, and a scenario played over all of them.

An ensemble file is a CSV with an optional `draw` column (the set's id) and one column per
declared parameter; every value must be allowed by its declaration. `src/wargame/ensembles/`
ships the calibrated ones (NAME.csv with NAME.json, its provenance). `run_ensemble` plays a
scenario once per set and seed (every set on the same seeds, and the same seeds at the
defaults) and reports survival with its spread over the ensemble.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wargame import paths
from wargame.errors import ConfigError, WargameError

ENSEMBLE_DIR = paths.PACKAGE / "ensembles"
ID_COLUMN = "draw"
SEED_LABEL = "ensemble"
DEFAULTS_MEMBER = "defaults"
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def list_ensembles() -> list[tuple[str, str]]:
    """The shipped ensembles: name and a one-line account of where each comes from."""
    out = []
    for path in sorted(ENSEMBLE_DIR.glob("*.csv")):
        info = "no provenance file"
        meta = path.with_suffix(".json")
        if meta.is_file():
            p = json.loads(meta.read_text(encoding="utf-8"))
            info = (
                f"{p.get('accepted')} of {p.get('draws')} draws accepted "
                f"({p.get('seeds')} seeds per arm), targets {', '.join(t['name'] for t in p.get('targets', []))}"
            )
        out.append((path.stem, info))
    return out


def resolve(ref: str) -> Path:
    """A shipped ensemble's file by name, or a .csv path; else a message listing the shipped ones."""
    if _NAME.match(ref) and (ENSEMBLE_DIR / f"{ref}.csv").is_file():
        return ENSEMBLE_DIR / f"{ref}.csv"
    path = Path(ref)
    if path.suffix == ".csv" and path.is_file():
        return path
    shipped = ", ".join(name for name, _ in list_ensembles()) or "none"
    raise WargameError(
        f"--ensemble {ref}: neither a shipped ensemble (shipped: {shipped}) nor a .csv file"
    )


def load_ensemble(ref: str | Path) -> pd.DataFrame:
    """An ensemble's sets, each column a declared parameter and each value within its bounds."""
    from wargame.config.parameters import check, declaration

    path = resolve(str(ref))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise WargameError(f"{path}: not a readable CSV file ({type(exc).__name__})") from None
    params = [c for c in frame.columns if c != ID_COLUMN]
    for column in params:
        p = declaration(column)
        if p is None:
            raise WargameError(
                f"{path}: column {column!r}: not a declared parameter (`wargame params` lists them)"
            )
        if p.kind not in ("float", "int"):
            raise WargameError(
                f"{path}: column {column}: a {p.kind} parameter; an ensemble holds numbers only"
            )
    if not params:
        raise WargameError(f"{path}: no parameter columns")
    if frame.empty:
        raise WargameError(f"{path}: no parameter sets (rows)")
    out: dict[str, list[Any]] = {c: [] for c in frame.columns}
    for i, record in enumerate(frame.to_dict("records"), start=1):
        where = f"{path}: row {i}"
        for column, text in record.items():
            value = _number(text, where, column)
            if column == ID_COLUMN:
                if value != int(value) or value < 0:
                    raise WargameError(
                        f"{where}: column draw: must be a whole number; got {text!r}"
                    )
                out[column].append(int(value))
                continue
            kind = declaration(column).kind  # type: ignore[union-attr]
            if kind == "int" and value == int(value):
                value = int(value)
            try:
                check(column, value, where, column)
            except ConfigError as exc:
                raise WargameError(f"{where}: column {column}: {exc.problem}") from None
            out[column].append(value)
    result = pd.DataFrame(out)
    if ID_COLUMN not in result:
        result.insert(0, ID_COLUMN, range(len(result)))
    if result[ID_COLUMN].duplicated().any():
        dup = int(result[ID_COLUMN][result[ID_COLUMN].duplicated()].iloc[0])
        raise WargameError(f"{path}: column draw: the id {dup} appears twice")
    return result


def _number(text: str, where: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise WargameError(f"{where}: column {column}: not a number: {text!r}") from None
    if not math.isfinite(value):
        raise WargameError(f"{where}: column {column}: must be a finite number; got {text!r}")
    return value


def member_overrides(frame: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Each set's id and its values as --set items."""
    from wargame.config.parameters import as_override

    params = [c for c in frame.columns if c != ID_COLUMN]
    return [
        (str(record[ID_COLUMN]), [as_override(k, record[k]) for k in params])
        for record in frame.to_dict("records")
    ]


@dataclass
class EnsembleResult:
    """A scenario over an ensemble: one row per game and the survival summary."""

    rows: pd.DataFrame
    summary: dict[str, Any]


def ensemble_tasks(
    scenario: str,
    members: Sequence[tuple[str, list[str]]],
    seeds: int,
    base_seed: int = 0,
    years: float | None = None,
    fixed: Sequence[str] = (),
) -> list[Any]:
    """One game per member and seed; every member plays the same seeds."""
    from wargame.batch.sweep import GameTask, derive_seed, format_value, game_key

    if seeds < 1:
        raise WargameError(f"--seeds: must be at least 1; got {seeds}")
    horizon = [f"years={format_value(years)}"] if years is not None else []
    seed_list = [derive_seed(base_seed, SEED_LABEL, r) for r in range(seeds)]
    tasks: list[GameTask] = []
    for cell, (member, items) in enumerate(members):
        # The member's values first: a --set the researcher gives fixes that key for everyone.
        overrides = (*items, *fixed, *horizon)
        for r, seed in enumerate(seed_list):
            tasks.append(
                GameTask(
                    index=len(tasks),
                    cell=cell,
                    replicate=r,
                    scenario=scenario,
                    seed=seed,
                    overrides=overrides,
                    settings=(("member", member),),
                    policies=(),
                    key=game_key(scenario, seed, overrides),
                )
            )
    return tasks


def run_ensemble(
    scenario: str,
    ensemble: str | Path,
    *,
    seeds: int = 4,
    base_seed: int = 0,
    years: float | None = None,
    fixed: Sequence[str] = (),
    defaults: bool = True,
    out: str | Path | None = None,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
) -> EnsembleResult:
    """Play the scenario once per set (x seeds), and at the defaults on the same seeds."""
    from wargame.batch.runner import run_tasks

    start = time.perf_counter()
    frame = load_ensemble(ensemble)
    members = member_overrides(frame)
    if defaults:
        members = [(DEFAULTS_MEMBER, []), *members]
    tasks = ensemble_tasks(scenario, members, seeds, base_seed, years, fixed)
    _check_first(tasks, ensemble)
    rows, _, played, reused = run_tasks(
        tasks, out, workers=workers, dask=dask, progress=progress, label="ensemble"
    )
    info = survival_summary(rows)
    info.update(
        scenario=scenario,
        ensemble_file=str(ensemble),
        sets=len(frame),
        seeds=seeds,
        years=years,
        fixed=list(fixed),
        games=len(rows),
        played=played,
        reused=reused,
        seconds=round(time.perf_counter() - start, 1),
    )
    return EnsembleResult(rows, info)


def _check_first(tasks: Sequence[Any], ensemble: str | Path) -> None:
    """Check (not build) the first member's game, so a bad --set or scenario is refused up front."""
    from wargame.play.session import check_game

    if not tasks:
        return
    task = tasks[-1]  # an ensemble member (the defaults come first)
    try:
        check_game(task.scenario, list(task.overrides))
    except WargameError as exc:
        raise WargameError(f"--ensemble {ensemble}: {exc}") from None


def survival_summary(rows: pd.DataFrame) -> dict[str, Any]:
    """Survival (held) per member, its spread over the ensemble, and the defaults beside it."""
    from wargame.batch.stats import wilson_interval

    per = rows.groupby("member", sort=False)["held"].agg(["sum", "size"])
    per["rate"] = per["sum"] / per["size"]
    # survival counts only collapses; "unbroken" also counts a large-scale offensive that ended in a
    # new frozen line as broken, as the calibration's ICG target does
    if "offensives" in rows:
        from wargame.batch.sweep import ceasefire_broken

        clean = ~ceasefire_broken(rows)
        per["unbroken"] = clean.groupby(rows["member"], sort=False).mean()
    out: dict[str, Any] = {}
    if DEFAULTS_MEMBER in per.index:
        d = per.loc[DEFAULTS_MEMBER]
        out["defaults"] = {
            "held": int(d["sum"]),
            "games": int(d["size"]),
            "survival": float(d["rate"]),
            "ci95": list(wilson_interval(int(d["sum"]), int(d["size"]))),
        }
        if "unbroken" in per:
            out["defaults"]["unbroken"] = float(d["unbroken"])
        per = per.drop(index=DEFAULTS_MEMBER)
    if len(per):
        held, games = int(per["sum"].sum()), int(per["size"].sum())
        rates = per["rate"].to_numpy(dtype=float)
        q = np.quantile(rates, [0.1, 0.5, 0.9])
        out["ensemble"] = {
            "held": held,
            "games": games,
            "survival": held / games,
            "ci95": list(wilson_interval(held, games)),
            "sets": len(per),
            "per_set": {
                "min": float(rates.min()),
                "q10": float(q[0]),
                "median": float(q[1]),
                "q90": float(q[2]),
                "max": float(rates.max()),
                "sd": float(rates.std(ddof=1)) if len(rates) > 1 else 0.0,
                # the sd the sets' rates would have from seed noise alone, were they all alike
                "seed_noise_sd": math.sqrt(held / games * (1 - held / games) / per["size"].mean()),
            },
        }
        if "unbroken" in per:
            weights = per["size"] / games
            out["ensemble"]["unbroken"] = float((per["unbroken"] * weights).sum())
            out["ensemble"]["unbroken_per_set"] = {
                "min": float(per["unbroken"].min()),
                "max": float(per["unbroken"].max()),
            }
    return out


def _unbroken(part: dict[str, Any]) -> str:
    if "unbroken" not in part:
        return ""
    return f"; unbroken (no large-scale offensive either) {part['unbroken']:.1%}"


def format_summary(s: dict[str, Any]) -> str:
    """The summary as a few readable lines."""
    where = f"{s['scenario']}" + (f" ({s['years']:g}-year games)" if s.get("years") else "")
    extra = f" with {' '.join(s['fixed'])}" if s.get("fixed") else ""
    lines = [
        f"{where}{extra}: {s['games']} games ({s['played']} played, {s['reused']} already done) "
        f"in {s['seconds']:.1f} s over ensemble {s['ensemble_file']} ({s['sets']} sets x {s['seeds']} seeds)"
    ]
    if "defaults" in s:
        d = s["defaults"]
        lines.append(
            f"  defaults:  survival {d['survival']:6.1%} ({d['held']}/{d['games']}, "
            f"95% {d['ci95'][0]:.1%}-{d['ci95'][1]:.1%})" + _unbroken(d)
        )
    if "ensemble" in s:
        e, p = s["ensemble"], s["ensemble"]["per_set"]
        lines.append(
            f"  ensemble:  survival {e['survival']:6.1%} ({e['held']}/{e['games']}, "
            f"95% {e['ci95'][0]:.1%}-{e['ci95'][1]:.1%})" + _unbroken(e)
        )
        lines.append(
            f"  per set:   min {p['min']:.0%}, 10% {p['q10']:.0%}, median {p['median']:.0%}, "
            f"90% {p['q90']:.0%}, max {p['max']:.0%} (sd {p['sd']:.2f}, of which seed noise "
            f"alone would give about {p['seed_noise_sd']:.2f}: each rate is over {s['seeds']} seeds)"
        )
    return "\n".join(lines)
