"""Global sensitivity analysis (SALib): Morris screening and Sobol indices, engine-free.

Factors come from declared parameters (`wargame.config.parameters`: each with a plausible range). A
design is drawn from those ranges and sized to a budget of games; every design point is played
on the same K seeds (seeds are a noise factor, averaged out, and common to every point so a
difference between points is not the games' luck). The analysis gives Morris mu*/sigma (with
mu*'s bootstrap interval) or Sobol first-order and total indices (with bootstrap intervals), at
half and at full budget (convergence), and the seed-noise level, so that noise is not read as
sensitivity. Nothing here plays a game: `evaluate` is any function of the design's points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from wargame.errors import WargameError

METHODS = ("morris", "sobol")
MORRIS_LEVELS = 4  # SALib's default grid; the step is levels / (2 (levels - 1)) = 2/3 of a range
RESAMPLES = 1000  # bootstrap resamples for the intervals
CONF_LEVEL = 0.95


@dataclass(frozen=True)
class Factor:
    """One varied parameter: its settings key, plausible range, kind and group."""

    key: str
    low: float
    high: float
    kind: str = "float"
    group: str = ""

    def value(self, x: float) -> float | int:
        """The setting a design coordinate stands for (ints rounded, floats clipped to range)."""
        x = min(max(float(x), self.low), self.high)
        return round(x) if self.kind == "int" else x


def factors_from(
    parameters: Iterable[Any], keys: Sequence[str] | None = None, group: str | None = None
) -> list[Factor]:
    """Factors for the parameters named (or those of a group, or all given) with a numeric range.

    `parameters` are Parameter-like objects (key, kind, low, high, group). A key asked for but
    not declared, or declared without a plausible range, is refused by name.
    """
    params = list(parameters)
    by_key = {p.key: p for p in params}
    if keys:
        unknown = [k for k in keys if k not in by_key]
        if unknown:
            raise WargameError(
                f"--params: {unknown[0]} is not a declared parameter (`wargame params` lists them)"
            )
        chosen = [by_key[k] for k in keys]
    else:
        chosen = params
    if group:
        groups = sorted({p.group for p in params})
        chosen = [p for p in chosen if p.group == group]
        if not chosen:
            raise WargameError(f"--group {group}: no such group; groups: {', '.join(groups)}")
    factors = []
    for p in chosen:
        numeric = p.kind in ("float", "int") and p.low is not None and p.high is not None
        if not numeric or not p.low < p.high:
            if keys:
                raise WargameError(
                    f"--params: {p.key} has no numeric plausible range (kind {p.kind}, "
                    f"low {p.low}, high {p.high}); only numeric parameters can be screened"
                )
            continue
        factors.append(Factor(p.key, float(p.low), float(p.high), p.kind, p.group))
    if not factors:
        raise WargameError("no parameter with a numeric plausible range to vary")
    return factors


@dataclass(frozen=True)
class Design:
    """A SALib sample: points (rows) x factors, each point to be played on `seeds` seeds."""

    method: str
    factors: tuple[Factor, ...]
    X: np.ndarray
    seeds: int
    base: int  # Morris: trajectories; Sobol: base samples N (points = N (k + 2))

    @property
    def points(self) -> int:
        """Design points."""
        return len(self.X)

    @property
    def games(self) -> int:
        """Games to play: points x seeds."""
        return self.points * self.seeds

    @property
    def problem(self) -> dict[str, Any]:
        """The SALib problem dictionary."""
        return problem_of(self.factors)

    def describe(self) -> str:
        """`morris: 12 parameters, 20 trajectories x 13 points x 8 seeds = 2,080 games`."""
        k = len(self.factors)
        if self.method == "morris":
            shape = f"{self.base} trajectories x {k + 1} points"
        else:
            shape = f"{self.base} base samples x {k + 2} points"
        return f"{self.method}: {k} parameters, {shape} x {self.seeds} seeds = {self.games:,} games"

    def half(self) -> Design:
        """The first half of the design (half the trajectories or base samples)."""
        per = len(self.factors) + (1 if self.method == "morris" else 2)
        base = self.base // 2
        return Design(self.method, self.factors, self.X[: base * per], self.seeds, base)

    def settings(self, row: int) -> list[tuple[str, float | int]]:
        """The settings of one design point."""
        return [(f.key, f.value(x)) for f, x in zip(self.factors, self.X[row], strict=True)]


def problem_of(factors: Sequence[Factor]) -> dict[str, Any]:
    """SALib's problem: names and bounds."""
    return {
        "num_vars": len(factors),
        "names": [f.key for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def per_unit(method: str, k: int) -> int:
    """Design points per trajectory (Morris) or per base sample (Sobol, first and total order)."""
    return k + 1 if method == "morris" else k + 2


def make_design(
    method: str, factors: Sequence[Factor], budget: int, seeds: int, seed: int = 0
) -> Design:
    """The largest design of `method` whose games (points x seeds) fit the budget."""
    if method not in METHODS:
        raise WargameError(f"--method: must be one of {', '.join(METHODS)}; got {method!r}")
    if seeds < 1:
        raise WargameError(f"--seeds: must be at least 1; got {seeds}")
    k = len(factors)
    per = per_unit(method, k) * seeds
    units = budget // per if budget > 0 else 0
    need = 2  # trajectories or base samples: fewer gives no spread, no interval
    if units < need:
        what = "trajectories" if method == "morris" else "base samples"
        raise WargameError(
            f"--budget {budget}: too small for {method} on {k} parameters with {seeds} seeds: "
            f"it needs at least {need} {what} x {per_unit(method, k)} points x {seeds} seeds "
            f"= {need * per:,} games"
        )
    problem = problem_of(factors)
    if method == "morris":
        from SALib.sample import morris

        X = morris.sample(problem, N=units, num_levels=MORRIS_LEVELS, seed=seed)
        return Design(method, tuple(factors), X, seeds, units)
    from SALib.sample import sobol

    base = 2 ** int(math.log2(units))  # Sobol' sequences are balanced at powers of two
    X = sobol.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    return Design(method, tuple(factors), X, seeds, base)


def evaluate_local(design: Design, fn: Callable[[np.ndarray, int], float]) -> np.ndarray:
    """Outcomes of every point on every seed, `fn(point, seed_index)`: shape (points, seeds)."""
    return np.array([[fn(x, s) for s in range(design.seeds)] for x in design.X], dtype=float)


def analyse(design: Design, Y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Indices of each factor from the seed-averaged outcomes Y (one per design point)."""
    Y = np.asarray(Y, dtype=float)
    if Y.shape != (design.points,):
        raise WargameError(f"{design.points} outcomes needed, one per design point; got {Y.shape}")
    if not np.isfinite(Y).all():
        raise WargameError("an outcome is missing (NaN) at some design point")
    if np.ptp(Y) == 0:
        zeros = np.zeros(len(design.factors))
        return _frame(design, _constant_indices(design.method, zeros))
    problem = design.problem
    if design.method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(
            problem,
            design.X,
            Y,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            num_levels=MORRIS_LEVELS,
            seed=seed,
        )
        cols = {
            "mu": res["mu"],
            "mu_star": res["mu_star"],
            "mu_star_conf": res["mu_star_conf"],
            "sigma": res["sigma"],
        }
    else:
        from SALib.analyze import sobol

        res = sobol.analyze(
            problem,
            Y,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            seed=seed,
        )
        cols = {
            "S1": res["S1"],
            "S1_conf": res["S1_conf"],
            "ST": res["ST"],
            "ST_conf": res["ST_conf"],
        }
    return _frame(design, {k: np.asarray(v, dtype=float) for k, v in cols.items()})


def _constant_indices(method: str, zeros: np.ndarray) -> dict[str, np.ndarray]:
    """An outcome that never moves: every index is 0 (SALib would divide by a zero variance)."""
    names = (
        ("mu", "mu_star", "mu_star_conf", "sigma")
        if method == "morris"
        else (
            "S1",
            "S1_conf",
            "ST",
            "ST_conf",
        )
    )
    return dict.fromkeys(names, zeros)


def _frame(design: Design, cols: dict[str, np.ndarray]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "parameter": [f.key for f in design.factors],
            "group": [f.group for f in design.factors],
            "low": [f.low for f in design.factors],
            "high": [f.high for f in design.factors],
        }
    )
    for name, values in cols.items():
        frame[name] = values
    return frame


def seed_noise(design: Design, Yk: np.ndarray) -> dict[str, float]:
    """How much of the averaged outcomes is the seeds' luck.

    `noise_sd`: the pooled spread of one game's outcome across seeds at a fixed point;
    `noise_se`: that of a point's K-seed mean; `noise_share`: its share of the variance of the
    averaged outcomes over the design; for Morris, `noise_mu_star`: the mu* that noise alone
    would give (mean |difference of two independent means| over the step), a factor whose mu*
    is below it is within noise (an upper bound: common seeds make differences less noisy).
    """
    Yk = np.asarray(Yk, dtype=float)
    k_seeds = Yk.shape[1]
    if k_seeds < 2:
        nan = math.nan
        return {"noise_sd": nan, "noise_se": nan, "noise_share": nan, "noise_mu_star": nan}
    pooled = float(np.mean(np.var(Yk, axis=1, ddof=1)))
    se2 = pooled / k_seeds
    total = float(np.var(Yk.mean(axis=1), ddof=1)) if len(Yk) > 1 else 0.0
    out = {
        "noise_sd": math.sqrt(pooled),
        "noise_se": math.sqrt(se2),
        "noise_share": min(1.0, se2 / total) if total > 0 else (0.0 if se2 == 0 else 1.0),
        "noise_mu_star": math.nan,
    }
    if design.method == "morris":
        step = MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1))
        # |N(0, 2 se^2)| has mean 2 se / sqrt(pi); an elementary effect divides by the step.
        out["noise_mu_star"] = 2 * math.sqrt(se2) / (step * math.sqrt(math.pi))
    return out


def indices_table(
    design: Design, outcomes: dict[str, np.ndarray], seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indices at half and full budget for every outcome, and each outcome's seed noise.

    `outcomes` maps an outcome name to its (points, seeds) matrix. Returns (indices, noise):
    indices has a row per outcome x budget ("half", "full") x parameter, with `within_noise`.
    """
    frames, noise_rows = [], []
    half = design.half() if design.base >= 4 else None  # a half of 1 has no spread
    for name, Yk in outcomes.items():
        Yk = np.asarray(Yk, dtype=float)
        noise = seed_noise(design, Yk)
        noise_rows.append({"outcome": name, **noise})
        for budget, d in (("half", half), ("full", design)):
            if d is None:
                continue
            table = analyse(d, Yk[: d.points].mean(axis=1), seed=seed)
            table.insert(0, "budget", budget)
            table.insert(0, "outcome", name)
            table.insert(2, "games", d.games)
            table["within_noise"] = _within_noise(design.method, table, noise)
            frames.append(table)
    return pd.concat(frames, ignore_index=True), pd.DataFrame(noise_rows)


def _within_noise(method: str, table: pd.DataFrame, noise: dict[str, float]) -> pd.Series:
    if method == "morris":
        threshold = noise["noise_mu_star"]
        if math.isnan(threshold):
            return table["mu_star"] - table["mu_star_conf"] <= 0
        # within noise: mu*'s interval reaches down to what the seeds' luck alone gives
        return table["mu_star"] - table["mu_star_conf"] <= threshold
    return table["ST"] - table["ST_conf"] <= 0


def convergence(indices: pd.DataFrame, method: str) -> pd.DataFrame:
    """Per outcome and parameter: the main index at half and at full budget, and the change."""
    main = "mu_star" if method == "morris" else "ST"
    wide = indices.pivot_table(index=["outcome", "parameter"], columns="budget", values=main)
    wide = wide.reindex(columns=["half", "full"]).reset_index()
    wide.columns.name = None
    wide["change"] = wide["full"] - wide["half"]
    return wide


def plot(indices: pd.DataFrame, noise: pd.DataFrame, method: str, top: int = 15) -> Any:
    """Morris: mu*-sigma chart per outcome; Sobol: S1 and ST bars with intervals per outcome."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    full = indices[indices["budget"] == "full"]
    names = list(dict.fromkeys(full["outcome"]))
    ncols = min(3, len(names))
    nrows = math.ceil(len(names) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 4.8 * nrows), squeeze=False)
    for ax in axes.flat[len(names) :]:
        ax.set_visible(False)
    for ax, name in zip(axes.flat, names, strict=False):
        t = full[full["outcome"] == name]
        n = noise[noise["outcome"] == name].iloc[0]
        if method == "morris":
            _morris_panel(ax, t, float(n["noise_mu_star"]), top)
        else:
            _sobol_panel(ax, t, float(n["noise_share"]), top)
        ax.set_title(name)
    fig.tight_layout()
    return fig


def _morris_panel(ax: Any, t: pd.DataFrame, noise_mu_star: float, top: int) -> None:
    ax.errorbar(
        t["mu_star"], t["sigma"], xerr=t["mu_star_conf"], fmt="o", ms=4, alpha=0.8, capsize=2
    )
    for _, r in t.nlargest(top, "mu_star").iterrows():
        ax.annotate(r["parameter"], (r["mu_star"], r["sigma"]), fontsize=6, alpha=0.9)
    if not math.isnan(noise_mu_star):
        ax.axvline(noise_mu_star, ls="--", color="grey", label="seed noise")
        ax.legend(fontsize=7, loc="upper left")
    ax.set_xlabel("mu* (mean |elementary effect|, per range)")
    ax.set_ylabel("sigma (interaction / non-linearity)")


def _sobol_panel(ax: Any, t: pd.DataFrame, noise_share: float, top: int) -> None:
    t = t.nlargest(top, "ST").iloc[::-1]
    y = np.arange(len(t))
    ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], label="S1 (first order)", capsize=2)
    ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], label="ST (total)", capsize=2)
    ax.set_yticks(y, t["parameter"], fontsize=6)
    ax.set_xlabel(f"share of variance (seed noise: {noise_share:.0%} of it)")
    ax.legend(fontsize=7, loc="lower right")
