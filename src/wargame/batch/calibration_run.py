"""Play a calibration: every prior draw on every target's arms, resumable, then accept and write.

Every draw plays the same seeds (common random numbers), through the sweep runner (one process,
a local pool or Dask), with finished games saved beside the output so an interrupted run
resumes. OUT/ then holds `plan.json` (what was asked), `games.parquet` (one row per game),
`draws.csv` (every draw, its measured values and implausibilities, accepted or not),
`accepted.csv` (the accepted parameter sets: an ensemble file), `provenance.json` and
`posterior.png` (prior against posterior range per parameter).
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wargame import __version__
from wargame.batch.calibration import (
    DEFAULT_CUTOFF,
    FITTED,
    TARGETS,
    Prior,
    Target,
    accept,
    prior_from,
    score,
    summary,
    unique_arms,
)
from wargame.batch.provenance import git_commit, json_safe
from wargame.batch.runner import Result
from wargame.batch.sweep import GameTask, ceasefire_broken, derive_seed, game_key, play
from wargame.errors import WargameError
from wargame.files import write_atomic

SEED_LABEL = "calibration"  # every draw plays the seeds derived from this label


@dataclass(frozen=True)
class CalibrationPlan:
    """What a calibration is asked to do (saved as plan.json, checked on --resume)."""

    draws: int
    seeds: int
    base_seed: int = 0
    params: tuple[str, ...] = FITTED
    cutoff: float = DEFAULT_CUTOFF
    targets: tuple[str, ...] = ()  # names of TARGETS to judge by; empty = all
    # A later wave: judge the sets of this ensemble (an earlier wave's accepted.csv) on fresh
    # games instead of drawing from the prior.
    refine: str | None = None

    def __post_init__(self) -> None:
        if self.draws < 1:
            raise WargameError(f"--draws: must be at least 1; got {self.draws}")
        if self.seeds < 1:
            raise WargameError(f"--seeds: must be at least 1; got {self.seeds}")
        if self.base_seed < 0:
            raise WargameError(f"--base-seed: must be at least 0; got {self.base_seed}")
        if not (self.cutoff > 0 and math.isfinite(self.cutoff)):
            raise WargameError(f"--cutoff: must be a positive number; got {self.cutoff}")
        known = [t.name for t in TARGETS]
        for name in self.targets:
            if name not in known:
                raise WargameError(f"--targets: {name} is not a target; known: {', '.join(known)}")

    @property
    def chosen(self) -> tuple[Target, ...]:
        """The targets this calibration judges by."""
        return tuple(t for t in TARGETS if not self.targets or t.name in self.targets)

    def identity(self) -> dict[str, Any]:
        """What decides the games (the cutoff may change on resume without replaying anything)."""
        return {
            "draws": self.draws,
            "seeds": self.seeds,
            "base_seed": self.base_seed,
            "params": list(self.params),
            "targets": [t.name for t in self.chosen],
        } | ({"refine": self.refine} if self.refine else {})


def seeds_of(plan: CalibrationPlan, n: int) -> list[int]:
    """The first n seeds every draw plays (an arm plays seed_factor x K of them)."""
    return [derive_seed(plan.base_seed, SEED_LABEL, r) for r in range(n)]


def draw_overrides(draw: dict[str, Any], keys: Sequence[str]) -> list[str]:
    """A draw's parameter values as --set items."""
    from wargame.config.parameters import as_override

    return [as_override(k, draw[k]) for k in keys]


def tasks_of(
    plan: CalibrationPlan, draws: pd.DataFrame, targets: Sequence[Target] = TARGETS
) -> list[GameTask]:
    """One game per draw, arm and seed, in that order; the arm's overrides come after the draw's."""
    arms = unique_arms(targets)
    seeds = seeds_of(plan, max(f for _, f in arms) * plan.seeds)
    tasks: list[GameTask] = []
    for draw in draws.to_dict("records"):
        fixed = draw_overrides(draw, plan.params)
        for arm, factor in arms:
            overrides = (*fixed, *arm.overrides)
            for r in range(factor * plan.seeds):
                tasks.append(
                    GameTask(
                        index=len(tasks),
                        cell=int(draw["draw"]),
                        replicate=r,
                        scenario=arm.scenario,
                        seed=seeds[r],
                        overrides=overrides,
                        settings=(("arm", arm.label),),
                        policies=(),
                        key=game_key(arm.scenario, seeds[r], overrides),
                    )
                )
    return tasks


DEFAULTS_DRAW = -1  # the draw id of the declared defaults, scored beside the prior's draws


def defaults_draw(keys: Sequence[str]) -> pd.DataFrame:
    """One 'draw' holding every fitted parameter's declared default (scored, never accepted)."""
    from wargame.config.parameters import declaration

    values = {k: declaration(k).default for k in keys}  # type: ignore[union-attr]
    return pd.DataFrame([{"draw": DEFAULTS_DRAW, **values}])


def play_draws(tasks: Sequence[GameTask]) -> list[Result]:
    """Play a batch of calibration games; a value the game refuses names its draw."""
    out: list[Result] = []
    for task in tasks:
        try:
            row, _ = play(task)
        except WargameError as exc:
            raise WargameError(f"calibration draw {task.cell}: {exc}") from None
        out.append((row, None))
    return out


def statistic(rows: pd.DataFrame, name: str) -> pd.Series:
    """An arm's statistic for each game row (see calibration.STATISTICS)."""
    if name == "failed":
        return ceasefire_broken(rows).astype(float)
    if name == "held":
        return rows["held"].astype(float)
    return rows[name].astype(float)


def score_rows(
    rows: pd.DataFrame, draws: pd.DataFrame, plan: CalibrationPlan, targets: Sequence[Target]
) -> pd.DataFrame:
    """Every draw with its measured values, implausibilities and `accepted`."""
    arms = {arm.label: arm for arm, _ in unique_arms(targets)}
    values: dict[tuple[int, str], list[float]] = {}
    for (draw, label), group in rows.groupby(["cell", "arm"], sort=False):
        group = group.sort_values("replicate")
        values[(int(draw), str(label))] = statistic(group, arms[str(label)].statistic).tolist()
    scored = []
    for draw in draws["draw"]:
        outcomes = {label: values[(int(draw), label)] for label in arms}
        scored.append(score(targets, outcomes, plan.seeds))
    out = pd.concat([draws.reset_index(drop=True), pd.DataFrame(scored)], axis=1)
    out["accepted"] = accept(out, targets, plan.cutoff)
    return out


@dataclass
class CalibrationResult:
    """What a calibration produced: every draw scored, its summary, and the files written."""

    draws: pd.DataFrame
    summary: dict[str, Any]
    played: int
    reused: int
    seconds: float
    files: list[Path]


def run_calibration(
    plan: CalibrationPlan,
    out: str | Path,
    *,
    resume: bool = False,
    workers: int | None = None,
    dask: Any = None,
    progress: bool = True,
    command: str | None = None,
    targets: Sequence[Target] | None = None,
    announce: Callable[[str], None] = print,
) -> CalibrationResult:
    """Draw the prior (or read the earlier wave), play every draw's games (resuming), accept,
    and write the files into OUT."""
    from wargame.batch.ensemble import load_ensemble
    from wargame.batch.runner import claim_folder, run_tasks

    start = time.perf_counter()
    commit = git_commit()  # the code that plays the games, before anyone edits the checkout
    targets = plan.chosen if targets is None else targets
    prior = prior_from(plan.params)
    if plan.refine:
        draws = load_ensemble(plan.refine)
        if list(draws.columns[1:]) != list(plan.params) or len(draws) != plan.draws:
            raise WargameError(f"--refine {plan.refine}: its sets are not the plan's")
    else:
        draws = prior.sample(plan.draws, plan.base_seed)
    defaults = defaults_draw(plan.params)
    tasks = tasks_of(plan, pd.concat([defaults, draws], ignore_index=True), targets)
    _check_draws(plan, draws, targets)
    out = Path(out)
    claim_folder(
        out,
        "plan.json",
        plan.identity(),
        None
        if resume
        else f"--out {out}: already holds a calibration; pass --resume to continue it "
        "or give another --out",
        lambda keys: (
            f"--resume: {out} holds a calibration with other {keys}; "
            "give the same options or another --out"
        ),
    )
    announce(
        f"calibration: {plan.draws:,} draws of {len(plan.params)} parameters x "
        f"{len(tasks) // (plan.draws + 1)} games ({plan.seeds} seeds per arm, more for cheap "
        f"targets), and the defaults = {len(tasks):,} games"
    )
    rows, _, played, reused = run_tasks(
        tasks,
        out / "games.parquet",
        workers=workers,
        dask=dask,
        progress=progress,
        play=play_draws,
        label="calibration",
    )
    scored = score_rows(rows, draws, plan, targets)
    at_defaults = score_rows(rows, defaults, plan, targets)
    seconds = time.perf_counter() - start
    info = summary(scored, scored["accepted"], prior, targets, plan.cutoff)
    info["defaults"] = {
        t.name: {
            "value": float(at_defaults[f"{t.name}.value"].iloc[0]),
            "implausibility": float(at_defaults[f"{t.name}.implausibility"].iloc[0]),
            "met": bool(at_defaults[f"{t.name}.implausibility"].iloc[0] <= plan.cutoff),
        }
        for t in targets
    }
    info.update(git_commit=commit, games_played=played, games_reused=reused)
    if plan.refine:
        info["previous_wave"] = previous_provenance(plan.refine)
    files = write_outputs(out, plan, prior, scored, info, targets, seconds, command)
    return CalibrationResult(scored, info, played, reused, seconds, files)


def _check_draws(plan: CalibrationPlan, draws: pd.DataFrame, targets: Sequence[Target]) -> None:
    """Check (not build) each arm's game with the first draw, so a bad key is refused up front."""
    from wargame.play.session import check_game

    fixed = draw_overrides(draws.iloc[0].to_dict(), plan.params)
    for arm, _ in unique_arms(targets):
        try:
            check_game(arm.scenario, [*fixed, *arm.overrides])
        except WargameError as exc:
            raise WargameError(f"calibration arm {arm.label}: {exc}") from None


def previous_provenance(ref: str) -> dict[str, Any] | None:
    """The provenance of the ensemble a wave refines: NAME.json beside it or provenance.json."""
    from wargame.batch.ensemble import resolve

    path = resolve(ref)
    for meta in (path.with_suffix(".json"), path.parent / "provenance.json"):
        if meta.is_file():
            try:
                return json.loads(meta.read_text(encoding="utf-8"))
            except ValueError:
                raise WargameError(f"{meta}: not readable JSON") from None
    return None


def left_free(fitted: Sequence[str]) -> list[str]:
    """The ASSUMED parameters with a plausible range that the calibration did not fit."""
    from wargame.config.parameters import assumed

    return [p.key for p in assumed() if p.key not in fitted]


def provenance(
    plan: CalibrationPlan,
    prior: Prior,
    info: dict[str, Any],
    targets: Sequence[Target],
    seconds: float,
    command: str | None,
) -> dict[str, Any]:
    """Where an ensemble comes from: command, plan, targets, acceptance, ranges, commit."""
    return json_safe(
        {
            "command": command,
            "wargame_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "method": (
                f"a later wave: the sets of {plan.refine} judged again on fresh games"
                if plan.refine
                else "rejection ABC on a seeded Latin hypercube over the plausible ranges"
            )
            + "; a set is accepted when every target's implausibility is at most the cutoff",
            **plan.identity(),
            "cutoff": plan.cutoff,
            "seconds": round(seconds, 1),
            "targets": [
                {
                    "name": t.name,
                    "source": t.source,
                    "claim": t.claim,
                    "test": t.describe(),
                    "seeds_per_arm": t.seed_factor * plan.seeds,
                    "arms": [
                        {"label": a.label, "scenario": a.scenario, "overrides": list(a.overrides)}
                        for a in t.arms
                    ],
                }
                for t in targets
            ],
            **info,
            "left_free": left_free(prior.keys),
        }
    )


def write_outputs(
    out: Path,
    plan: CalibrationPlan,
    prior: Prior,
    scored: pd.DataFrame,
    info: dict[str, Any],
    targets: Sequence[Target],
    seconds: float,
    command: str | None,
) -> list[Path]:
    """draws.csv, accepted.csv, provenance.json and posterior.png into OUT."""
    write_atomic(out / "draws.csv", scored.to_csv(index=False))
    kept = scored.loc[scored["accepted"], ["draw", *prior.keys]]
    write_atomic(out / "accepted.csv", kept.to_csv(index=False))
    write_atomic(
        out / "provenance.json",
        json.dumps(provenance(plan, prior, info, targets, seconds, command), indent=2),
    )
    judged = "the earlier wave's sets" if plan.refine else "prior draws"
    plot_posterior(scored, prior, out / "posterior.png", judged)
    names = ("games.parquet", "draws.csv", "accepted.csv", "provenance.json", "posterior.png")
    return [out / n for n in names]


def plot_posterior(
    scored: pd.DataFrame, prior: Prior, path: Path, judged: str = "prior draws"
) -> None:
    """Per parameter: the prior range (grey), every set judged (light) and the accepted (dark)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from wargame.batch.analyses.common import save_figure

    k = len(prior.keys)
    figure, ax = plt.subplots(figsize=(8, 0.45 * k + 1.4))
    kept = scored[scored["accepted"]]
    rng = np.random.default_rng(0)  # vertical jitter only, so points do not hide each other
    for i, (key, lo, hi) in enumerate(zip(prior.keys, prior.low, prior.high, strict=True)):
        y = k - 1 - i
        ax.plot([0, 1], [y, y], color="0.85", linewidth=8, solid_capstyle="butt")
        every = (scored[key].to_numpy(dtype=float) - lo) / (hi - lo)
        ax.scatter(every, y + rng.uniform(-0.15, 0.15, len(every)), s=4, color="0.7")
        if len(kept):
            post = (kept[key].to_numpy(dtype=float) - lo) / (hi - lo)
            ax.scatter(post, y + rng.uniform(-0.15, 0.15, len(post)), s=6, color="tab:blue")
            q05, q95 = np.quantile(post, [0.05, 0.95])
            ax.plot([q05, q95], [y + 0.3, y + 0.3], color="tab:red", linewidth=2)
        ax.text(1.02, y, f"{lo:g} - {hi:g}", va="center", fontsize=7)
    ax.set_yticks(range(k), [key.removeprefix("policies.") for key in reversed(prior.keys)])
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xlim(-0.02, 1.25)
    ax.set_xlabel("position in the plausible (prior) range")
    ax.set_title(
        f"Calibration: {len(kept)} of {len(scored)} sets accepted\n"
        f"(grey: {judged}; blue: accepted; red: their central 90%)",
        fontsize=9,
    )
    figure.tight_layout()
    try:
        save_figure(figure, path)
    finally:
        plt.close(figure)


def command_line(argv: Sequence[str] | None = None) -> str:
    """The command that was run, as text for the provenance."""
    import shlex

    args = list(sys.argv[1:] if argv is None else argv)
    return shlex.join(["wargame", *args])
