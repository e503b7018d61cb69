"""What drives the answers: the shipped screening of every ASSUMED parameter, and dead dials.

`data/drives/screening.yaml` is the recipe: per scenario, a Morris design over every ASSUMED
parameter (`wargame sensitivity` without --params), its outcomes, budget and seeds.
`run_screening` plays it into OUT/screening/<scenario>/ (resumable) and, asked to, ships the
indices into the package as `data/drives/<scenario>.csv` with `<scenario>.json` (the command,
budget, seeds, date, git commit and games a second). `load_screenings` reads a fresh screening
from a results folder, else the shipped one; `dead_dials` lists the dials declared inert
(`inert` in parameters.yaml) and why. `wargame report` shows both.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from wargame import __version__, paths
from wargame.batch.provenance import git_commit
from wargame.batch.sensitivity_run import (
    Plan,
    load_parameters,
    parse_outcomes,
    unread_policy_parameters,
)
from wargame.errors import ConfigError, WargameError
from wargame.files import write_atomic

DATA = paths.PACKAGE / "data" / "drives"
RECIPE = DATA / "screening.yaml"
FOLDER = "screening"  # OUT/screening/<scenario>/ holds a fresh run
RECIPE_FIELDS = {"method", "base_seed", "scenarios"}
SCENARIO_FIELDS = {"outcomes", "budget", "seeds", "years", "params"}
# The columns a shipped indices file keeps (from sensitivity_run's indices.parquet).
COLUMNS = (
    "outcome",
    "budget",
    "games",
    "parameter",
    "group",
    "low",
    "high",
    "mu",
    "mu_star",
    "mu_star_conf",
    "sigma",
    "within_noise",
)
NOISE_COLUMNS = ("outcome", "noise_sd", "noise_se", "noise_share", "noise_mu_star")


def load_recipe(path: str | Path = RECIPE) -> list[Plan]:
    """The screening's plans, one per scenario, refusing unknown fields and bad values by name."""
    path = Path(path)
    source = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(source, "(file)", f"cannot read it: {exc}") from None
    _fields(raw, RECIPE_FIELDS, source, "")
    method = raw.get("method", "morris")
    if method != "morris":
        raise ConfigError(source, "method", f"must be morris (a screening); got {method!r}")
    base_seed = _whole(raw.get("base_seed", 0), source, "base_seed", 0)
    scenarios = raw.get("scenarios")
    if not isinstance(scenarios, dict) or not scenarios:
        raise ConfigError(source, "scenarios", "must map scenario names to their budgets")
    plans = []
    for name, spec in scenarios.items():
        where = f"scenarios.{name}"
        _fields(spec, SCENARIO_FIELDS, source, f"{where}.")
        outcomes = spec.get("outcomes") or []
        if not isinstance(outcomes, list):
            raise ConfigError(source, f"{where}.outcomes", "must be a list of outcome names")
        try:
            names = parse_outcomes(",".join(str(o) for o in outcomes))
        except WargameError as exc:
            raise ConfigError(source, f"{where}.outcomes", str(exc)) from None
        years = spec.get("years")
        if years is not None and (isinstance(years, bool) or not isinstance(years, int | float)):
            raise ConfigError(source, f"{where}.years", f"must be a number; got {years!r}")
        params = spec.get("params") or []
        if not isinstance(params, list) or not all(isinstance(k, str) for k in params):
            raise ConfigError(source, f"{where}.params", "must be a list of parameter keys")
        plans.append(
            Plan(
                scenario=str(name),
                method=method,
                outcomes=tuple(names),
                budget=_whole(spec.get("budget"), source, f"{where}.budget", 1),
                seeds=_whole(spec.get("seeds"), source, f"{where}.seeds", 1),
                base_seed=base_seed,
                years=None if years is None else float(years),
                params=tuple(params),
            )
        )
    return plans


def _fields(node: Any, allowed: set[str], source: str, prefix: str) -> None:
    if not isinstance(node, dict):
        raise ConfigError(source, prefix.rstrip(".") or "(file)", "must be a mapping")
    unknown = sorted(set(map(str, node)) - allowed)
    if unknown:
        raise ConfigError(
            source, prefix + unknown[0], f"unknown field; allowed: {', '.join(sorted(allowed))}"
        )


def _whole(value: Any, source: str, field: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(
            source, field, f"must be a whole number of at least {least}; got {value!r}"
        )
    return value


def command_of(plan: Plan, out: str | Path) -> str:
    """The `wargame sensitivity` command line that plays this plan into `out`."""
    parts = [
        "wargame sensitivity",
        f"--scenario {plan.scenario}",
        f"--method {plan.method}",
        f"--outcome {','.join(plan.outcomes)}",
        f"--budget {plan.budget}",
        f"--seeds {plan.seeds}",
        f"--base-seed {plan.base_seed}",
    ]
    if plan.years is not None:
        parts.append(f"--years {plan.years:g}")
    if plan.params:
        parts.append(f"--params {','.join(plan.params)}")
    parts.append(f"--out {out}")
    return " ".join(parts)


def run_screening(
    out: str | Path = "results",
    *,
    recipe: str | Path = RECIPE,
    scenarios: Sequence[str] = (),
    workers: int | None = None,
    resume: bool = False,
    ship_to: str | Path | None = None,
    progress: bool = True,
    announce: Callable[[str], None] = print,
) -> list[Path]:
    """Play the recipe's screenings into OUT/screening/<scenario>; ship them if asked."""
    from wargame.batch.sensitivity_run import run_sensitivity

    plans = load_recipe(recipe)
    known = [p.scenario for p in plans]
    unknown = [s for s in scenarios if s not in known]
    if unknown:
        raise WargameError(
            f"--scenario {unknown[0]}: not in the screening recipe; it has {', '.join(known)}"
        )
    written: list[Path] = []
    for plan in plans:
        if scenarios and plan.scenario not in scenarios:
            continue
        folder = Path(out) / FOLDER / plan.scenario
        announce(f"{plan.scenario}: {command_of(plan, folder)}")
        result = run_sensitivity(
            plan,
            folder,
            resume=resume,
            workers=workers,
            progress=progress,
            announce=announce,
        )
        written.extend(result.files)
        if ship_to is not None:
            written.extend(ship(folder, ship_to, plan))
    return written


def ship(folder: str | Path, dest: str | Path, plan: Plan) -> list[Path]:
    """Copy a finished screening's indices to DEST/<scenario>.csv with a provenance JSON."""
    from wargame.batch.sensitivity_run import choose_factors

    folder, dest = Path(folder), Path(dest)
    summary = _read_json(folder / "summary.json")
    indices = pd.read_parquet(folder / "indices.parquet")
    missing = [c for c in COLUMNS if c not in indices.columns]
    if missing:
        raise WargameError(f"{folder}: not a Morris screening (no {', '.join(missing)} column)")
    dest.mkdir(parents=True, exist_ok=True)
    csv = dest / f"{plan.scenario}.csv"
    write_atomic(csv, indices[list(COLUMNS)].to_csv(index=False, float_format="%.6g"))
    seconds = float(summary.get("seconds") or 0.0)
    played = int(summary.get("played") or 0)
    provenance = {
        "scenario": plan.scenario,
        "command": command_of(plan, folder.as_posix()),
        "method": plan.method,
        "outcomes": list(plan.outcomes),
        "budget": plan.budget,
        "seeds": plan.seeds,
        "base_seed": plan.base_seed,
        "years": plan.years,
        "design": summary.get("design", ""),
        "points": summary.get("points"),
        "games": summary.get("games"),
        "played": played,
        "seconds": seconds,
        "games_per_second": round(played / seconds, 2) if seconds > 0 and played else None,
        "left_out": []
        if plan.params
        else unread_policy_parameters(plan, load_parameters(assumed_only=True)),
        "parameters": len(choose_factors(plan)),
        "noise": summary.get("noise", []),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "git_commit": git_commit(),
        "wargame_version": __version__,
    }
    meta = dest / f"{plan.scenario}.json"
    write_atomic(meta, json.dumps(provenance, indent=2))
    return [csv, meta]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WargameError(f"{path}: cannot read it ({exc}); is the screening finished?") from None


# -- reading --------------------------------------------------------------------------------------
@dataclass
class Screening:
    """One scenario's screening: its indices, seed noise and where it came from."""

    scenario: str
    source: str  # "shipped" or "fresh" (a run in the results folder)
    indices: pd.DataFrame  # COLUMNS, both budgets
    noise: pd.DataFrame  # outcome, noise_sd, noise_se, noise_share, noise_mu_star
    provenance: dict[str, Any]

    @property
    def outcomes(self) -> list[str]:
        """The outcomes screened, in order."""
        return list(dict.fromkeys(self.indices["outcome"]))

    def noise_of(self, outcome: str) -> dict[str, float]:
        """The seed noise of an outcome (NaN when unknown)."""
        rows = self.noise[self.noise["outcome"] == outcome]
        if rows.empty:
            return {"noise_sd": math.nan, "noise_mu_star": math.nan}
        return {k: float(v) for k, v in rows.iloc[0].items() if k != "outcome"}

    def top(self, outcome: str, n: int = 10) -> pd.DataFrame:
        """The n parameters with the largest mu* at full budget, with mu* at half budget."""
        full = self.indices[
            (self.indices["outcome"] == outcome) & (self.indices["budget"] == "full")
        ]
        half = self.indices[
            (self.indices["outcome"] == outcome) & (self.indices["budget"] == "half")
        ]
        at_half = half.set_index("parameter")["mu_star"]
        top = full.sort_values(["mu_star", "parameter"], ascending=[False, True]).head(n).copy()
        top["mu_star_half"] = top["parameter"].map(at_half)
        return top.reset_index(drop=True)

    def above_noise(self, outcome: str) -> list[str]:
        """Parameters whose mu* is clear of the seed noise at full budget, largest first."""
        full = self.indices[
            (self.indices["outcome"] == outcome) & (self.indices["budget"] == "full")
        ]
        clear = full[~full["within_noise"].astype(bool)]
        return clear.sort_values("mu_star", ascending=False)["parameter"].tolist()


def shipped_scenarios(data: str | Path = DATA) -> list[str]:
    """Scenarios with a shipped screening (a CSV and its JSON), sorted."""
    data = Path(data)
    return sorted(p.stem for p in data.glob("*.csv") if (data / f"{p.stem}.json").is_file())


def load_shipped(scenario: str, data: str | Path = DATA) -> Screening:
    """A shipped screening from DATA/<scenario>.csv and .json."""
    data = Path(data)
    provenance = _read_json(data / f"{scenario}.json")
    indices = _indices(pd.read_csv(data / f"{scenario}.csv"), data / f"{scenario}.csv")
    records = provenance.get("noise") or []
    noise = pd.DataFrame(records) if records else pd.DataFrame(columns=list(NOISE_COLUMNS))
    return Screening(scenario, "shipped", indices, _numeric(noise), provenance)


def load_fresh(folder: str | Path) -> Screening:
    """A finished screening in a folder written by `wargame sensitivity` / `wargame screening`."""
    folder = Path(folder)
    summary = _read_json(folder / "summary.json")
    indices = _indices(pd.read_parquet(folder / "indices.parquet"), folder / "indices.parquet")
    noise = pd.read_parquet(folder / "noise.parquet")
    seconds = float(summary.get("seconds") or 0.0)
    played = int(summary.get("played") or 0)
    provenance = {
        **summary,
        "command": "wargame sensitivity ... --out " + folder.as_posix(),
        "games_per_second": round(played / seconds, 2) if seconds > 0 and played else None,
    }
    return Screening(str(summary.get("scenario", folder.name)), "fresh", indices, noise, provenance)


def _indices(frame: pd.DataFrame, where: Path) -> pd.DataFrame:
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise WargameError(f"{where}: not a Morris screening (no {', '.join(missing)} column)")
    frame = frame[list(COLUMNS)].copy()
    frame["within_noise"] = frame["within_noise"].astype(str).str.lower().isin(["true", "1"])
    frame["parameter"] = frame["parameter"].astype(str)
    frame["group"] = frame["group"].fillna("").astype(str)
    return frame


def _numeric(noise: pd.DataFrame) -> pd.DataFrame:
    for c in noise.columns:
        if c != "outcome":
            noise[c] = pd.to_numeric(noise[c], errors="coerce")
    return noise


def load_screenings(results: str | Path | None = None, data: str | Path = DATA) -> list[Screening]:
    """Every scenario's screening: a fresh one in RESULTS/screening/ if finished, else shipped."""
    found: dict[str, Screening] = {}
    for scenario in shipped_scenarios(data):
        found[scenario] = load_shipped(scenario, data)
    if results is not None:
        root = Path(results) / FOLDER
        if root.is_dir():
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                if (folder / "summary.json").is_file() and (folder / "indices.parquet").is_file():
                    fresh = load_fresh(folder)
                    if fresh.indices["mu_star"].notna().any():
                        found[fresh.scenario] = fresh
    return [found[k] for k in sorted(found)]


# -- dead dials -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeadDial:
    """A dial declared to move nothing in a scenario (or every scenario, '*'), and why."""

    parameter: str
    scenario: str
    reason: str


def dead_dials(parameters: Iterable[Any] | None = None) -> list[DeadDial]:
    """Every declared `inert` reason, by parameter then scenario."""
    if parameters is None:
        from wargame.config.parameters import declared

        parameters = declared().values()
    return [
        DeadDial(p.key, scenario, reason)
        for p in parameters
        for scenario, reason in sorted((getattr(p, "inert", None) or {}).items())
    ]
