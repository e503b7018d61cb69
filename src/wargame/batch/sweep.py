"""Sweeps: a grid of scenarios x settings x policies x seeds, each game seeded from its cell.

A sweep expands into games in a fixed *grid order*; every game gets a seed derived from a base
seed, its grid cell (not in a paired sweep: there every cell plays the same seeds) and its
replicate number, so one game can be re-run alone with the `wargame run` command stored in its
row. Rows are the same whatever runs them (one process, a local pool or Dask): they depend only
on the game, and the output is sorted by grid order.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from wargame.config.scenario import Scenario, load_scenario
from wargame.engine.measures import outcome_columns
from wargame.errors import BudgetError, ConfigError, WargameError
from wargame.play.session import Game, check_game, new_game

if TYPE_CHECKING:
    import pandas as pd

OVER_BUDGET = ("error", "skip", "fit")
# 001: the usual rotation is x4, "x3 if needed": `fit` lowers the rotation factor down to this.
MIN_FIT_ROTATION = 3


@dataclass(frozen=True)
class SweepSpec:
    """What to sweep: scenarios x varied settings x policies x seeds (and fixed overrides)."""

    scenarios: tuple[str, ...] = ("default",)
    vary: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    policies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    seeds: int = 10
    base_seed: int = 0
    fixed: tuple[str, ...] = ()
    years: float | None = None
    over_budget: str = "error"
    # Common random numbers: every cell plays the same seeds, so a difference between cells is
    # not blurred by the games' own luck (see cell_seed).
    paired: bool = False

    def __post_init__(self) -> None:
        if self.seeds < 1:
            raise WargameError(f"--seeds: must be at least 1; got {self.seeds}")
        if self.over_budget not in OVER_BUDGET:
            raise WargameError(
                f"--over-budget: must be one of {', '.join(OVER_BUDGET)}; got {self.over_budget!r}"
            )
        if not self.scenarios:
            raise WargameError("--scenario: give at least one scenario")


@dataclass(frozen=True)
class Cell:
    """One grid cell: a scenario with its varied settings and policies (all replicates share it)."""

    index: int
    scenario: str
    settings: tuple[tuple[str, Any], ...]
    policies: tuple[tuple[str, str], ...]
    overrides: tuple[str, ...]
    label: str
    description: str
    note: str = ""


@dataclass(frozen=True)
class GameTask:
    """One game of the sweep: everything a worker needs to play it and to name its row."""

    index: int
    cell: int
    replicate: int
    scenario: str
    seed: int
    overrides: tuple[str, ...]
    settings: tuple[tuple[str, Any], ...]
    policies: tuple[tuple[str, str], ...]
    key: str
    series: bool = False
    record: str | None = None  # a record file to save the game in (see docs/records.md)

    @property
    def record_name(self) -> str:
        """The file name of this game's record in a sweep's records folder."""
        return f"game{self.index:05d}-{Path(self.scenario).stem}-seed{self.seed}.wgr.jsonl"

    @property
    def rerun(self) -> str:
        """The `wargame run` command that plays this game alone."""
        return rerun_command(self.scenario, self.seed, self.overrides)


@dataclass
class Grid:
    """The expanded grid: its playable cells, the games in grid order, and skipped cells."""

    spec: SweepSpec
    cells: list[Cell]
    tasks: list[GameTask]
    skipped: list[str] = field(default_factory=list)


# -- parsing what the command line gives -------------------------------------------------------
def split_values(text: str) -> list[str]:
    """Split `v1,v2,[a, b]` at top-level commas (a list value keeps its commas)."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def parse_vary(item: str) -> tuple[str, tuple[Any, ...]]:
    """`key=v1,v2,...` -> (key, values); values are read as YAML like `--set`."""
    key, sep, text = item.partition("=")
    key = key.strip()
    if not sep or not key or not text.strip():
        raise WargameError(
            f"--vary {item}: expected KEY=V1,V2,..., e.g. --vary us.commitment=none,c4isr,backstop"
        )
    values = []
    for token in split_values(text):
        if not token:
            raise WargameError(f"--vary {item}: an empty value; separate values with single commas")
        try:
            values.append(yaml.safe_load(token))
        except yaml.YAMLError:
            values.append(token)
    return key, tuple(values)


def parse_policy_axis(item: str) -> tuple[str, tuple[str, ...]]:
    """`ACTOR=a,b` -> (actor, names)."""
    actor, sep, text = item.partition("=")
    names = tuple(n.strip() for n in text.split(",")) if text.strip() else ()
    if not sep or not actor.strip() or not names or not all(names):
        raise WargameError(
            f"--policy {item}: expected ACTOR=NAME[,NAME...], e.g. --policy russia=prober,opportunist"
        )
    return actor.strip(), names


def format_value(value: Any) -> str:
    """A setting value as `--set` text that reads back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return value if yaml.safe_load(value) == value else json.dumps(value)
    return json.dumps(value)


def rerun_command(scenario: str, seed: int, overrides: Sequence[str]) -> str:
    """`wargame run --scenario S --seed X --set ... --policy ...` for one game."""
    parts = ["wargame", "run", "--scenario", scenario, "--seed", str(seed)]
    for item in overrides:
        key, _, value = item.partition("=")
        if key.startswith("policies.") and key.count(".") == 1:
            parts += ["--policy", f"{key.removeprefix('policies.')}={value}"]
        elif key == "years":
            parts += ["--years", value]
        else:
            parts += ["--set", item]
    return shlex.join(parts)


# -- seeds and keys ----------------------------------------------------------------------------
# The label paired sweeps derive every cell's seeds from (no real cell label is this string).
PAIRED_LABEL = "paired"


def derive_seed(base_seed: int, cell_label: str, replicate: int) -> int:
    """A game's seed: a hash of the base seed, its cell and its replicate, below 2**31."""
    text = f"{base_seed}\x1f{cell_label}\x1f{replicate}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % (2**31)


def game_key(scenario: str, seed: int, overrides: Sequence[str]) -> str:
    """A short id that names one game by everything that decides it."""
    text = json.dumps([scenario, seed, sorted(overrides)], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# -- expanding the grid ------------------------------------------------------------------------
def expand(spec: SweepSpec) -> Grid:
    """Expand a spec into cells and games in grid order, refusing bad keys, values and policies."""
    cells: list[Cell] = []
    skipped: list[str] = []
    for scenario, settings, policies in _combinations(spec):
        cell = _make_cell(spec, len(cells), scenario, settings, policies)
        if cell is None:
            skipped.append(_describe(scenario, settings, policies))
            continue
        cells.append(cell)
    tasks: list[GameTask] = []
    for cell in cells:
        for replicate in range(spec.seeds):
            tasks.append(_task(cell, replicate, spec, len(tasks)))
    return Grid(spec, cells, tasks, skipped)


def _combinations(
    spec: SweepSpec,
) -> Iterable[tuple[str, tuple[tuple[str, Any], ...], tuple[tuple[str, str], ...]]]:
    setting_axes = [[(key, v) for v in values] for key, values in spec.vary]
    policy_axes = [[(actor, n) for n in names] for actor, names in spec.policies]
    for scenario in spec.scenarios:
        for settings in itertools.product(*setting_axes):
            for policies in itertools.product(*policy_axes):
                yield scenario, tuple(settings), tuple(policies)


def _describe(scenario: str, settings: Sequence[tuple[str, Any]], policies: Sequence) -> str:
    items = [f"{k}={format_value(v)}" for k, v in settings] + [f"{a}={n}" for a, n in policies]
    return f"{scenario} {' '.join(items)}".strip()


def _overrides(spec: SweepSpec, settings: Sequence[tuple[str, Any]], policies: Sequence) -> list:
    """Overrides in the order `wargame run` applies them: policies, then --set, then years."""
    out = [f"policies.{actor}={name}" for actor, name in policies]
    out += list(spec.fixed)
    out += [f"{key}={format_value(value)}" for key, value in settings]
    if spec.years is not None:
        out.append(f"years={format_value(spec.years)}")
    return out


def _make_cell(
    spec: SweepSpec,
    index: int,
    scenario: str,
    settings: tuple[tuple[str, Any], ...],
    policies: tuple[tuple[str, str], ...],
) -> Cell | None:
    overrides = _overrides(spec, settings, policies)
    description = _describe(scenario, settings, policies)
    label = json.dumps(
        [scenario, [[k, format_value(v)] for k, v in settings], [list(p) for p in policies]],
        separators=(",", ":"),
    )
    try:
        checked = _check_game(scenario, overrides, settings, policies)
        note = ""
    except BudgetError as exc:
        if spec.over_budget == "error":
            where = _describe(scenario, settings, policies)
            raise WargameError(f"{where}: {exc} (or pass --over-budget skip or fit)") from None
        if spec.over_budget == "skip":
            return None
        fitted = _fit_rotation(scenario, overrides, settings, policies)
        if fitted is None:
            return None
        asked = load_scenario(scenario, overrides)
        overrides, checked = fitted
        note = f"rotation lowered to x{checked.posture.rotation_factor} to fit the budget"
        # The cell's columns keep what was asked (so a fitted cell differs from the cell it now
        # plays like); the row's `rotation_factor` column says what was played.
        resolved = tuple((k, _resolved_value(asked, k, v)) for k, v in settings)
        return Cell(index, scenario, resolved, policies, tuple(overrides), label, description, note)
    resolved = tuple((k, _resolved_value(checked, k, v)) for k, v in settings)
    return Cell(index, scenario, resolved, policies, tuple(overrides), label, description, note)


def _resolved_value(scenario: Any, key: str, given: Any) -> Any:
    """The setting as the scenario holds it (e.g. `4` for a rotation factor given as 4.0)."""
    if key.startswith("policies."):
        return given
    value = scenario.get(key)
    return json.dumps(value) if isinstance(value, list | dict) else value


def _check_game(
    scenario: str, overrides: list[str], settings: Sequence, policies: Sequence
) -> Scenario:
    """Check the cell's game (no model is built), so a bad key, value or policy is refused up front."""
    try:
        return check_game(scenario, overrides)
    except ConfigError as exc:
        if not exc.source.startswith("--set"):
            raise WargameError(f"--scenario {scenario}: {exc}") from None
        where = _which_option(exc.field, settings, policies)
        raise WargameError(f"{where}: {exc.field}: {exc.problem}") from None
    except BudgetError:
        raise
    except WargameError as exc:
        where = " ".join(f"--policy {a}={n}" for a, n in policies) or "--set policies"
        raise WargameError(f"{where}: {exc}") from None


def _which_option(field_name: str, settings: Sequence, policies: Sequence) -> str:
    for key, value in settings:
        if field_name == key or field_name.startswith(f"{key}["):
            return f"--vary {key}={format_value(value)}"
    for actor, name in policies:
        if field_name.startswith(f"policies.{actor}"):
            return f"--policy {actor}={name}"
    return "--set"


def _fit_rotation(
    scenario: str, overrides: list[str], settings: Sequence, policies: Sequence
) -> tuple[list[str], Scenario] | None:
    """Lower the rotation factor, no further than x3 (001), until the posture fits the budget."""
    current = _rotation_of(scenario, overrides)
    for rotation in range(current - 1, MIN_FIT_ROTATION - 1, -1):
        trial = [o for o in overrides if not o.startswith("posture.rotation_factor=")]
        trial.append(f"posture.rotation_factor={rotation}")
        try:
            return trial, _check_game(scenario, trial, settings, policies)
        except BudgetError:
            continue
    return None


def _rotation_of(scenario: str, overrides: list[str]) -> int:
    """The rotation factor a scenario with these overrides asks for (without building a game)."""
    return int(load_scenario(scenario, overrides).posture.rotation_factor)


def cell_seed(spec: SweepSpec, cell: Cell, replicate: int) -> int:
    """A replicate's seed: the same in every cell when the sweep is paired, else the cell's own."""
    label = PAIRED_LABEL if spec.paired else cell.label
    return derive_seed(spec.base_seed, label, replicate)


def _task(cell: Cell, replicate: int, spec: SweepSpec, index: int) -> GameTask:
    seed = cell_seed(spec, cell, replicate)
    return GameTask(
        index=index,
        cell=cell.index,
        replicate=replicate,
        scenario=cell.scenario,
        seed=seed,
        overrides=cell.overrides,
        settings=cell.settings,
        policies=cell.policies,
        key=game_key(cell.scenario, seed, cell.overrides),
    )


# -- playing one game and reading it out -------------------------------------------------------
def play(task: GameTask) -> tuple[dict[str, Any], dict[str, list[Any]] | None]:
    """Play one game; return its row and, if asked, its weekly series (columns of lists)."""
    game = new_game(
        task.scenario, seed=task.seed, overrides=list(task.overrides), record=task.record
    )
    try:
        game.run()
    finally:
        game.close()
    row = game_row(task, game)
    series = weekly_series(task, game) if task.series else None
    return row, series


def play_batch(tasks: Sequence[GameTask]) -> list[tuple[dict[str, Any], dict[str, list] | None]]:
    """Play several games (one unit of work for a pool or a Dask worker)."""
    return [play(t) for t in tasks]


def ceasefire_broken(rows: pd.DataFrame) -> pd.Series:
    """Per result row: the ceasefire broke within the game, by a collapse or end of any kind, or
    by a large-scale offensive even when it ended in a new frozen line (ICG's sense)."""
    return ~rows["held"].astype(bool) | (rows["offensives"].astype(int) > 0)


def game_row(task: GameTask, game: Game) -> dict[str, Any]:
    """One result row: the game's identity, its settings and policies, and its outcome."""
    s = game.summary()
    row: dict[str, Any] = {
        "game": task.index,
        "cell": task.cell,
        "replicate": task.replicate,
        "key": task.key,
        "scenario": task.scenario,
        "seed": task.seed,
    }
    row.update({k: v for k, v in task.settings})
    row.update({f"policy.{a}": n for a, n in task.policies})
    row.update(outcome_columns(s, game.model))
    row["overrides"] = " ".join(task.overrides)
    row["rerun"] = task.rerun
    return row


def weekly_series(task: GameTask, game: Game) -> dict[str, list[Any]]:
    """The game's model-level weekly series as columns, keyed by the game."""
    data = {k: list(v) for k, v in game.model.datacollector.model_vars.items()}
    n = len(next(iter(data.values())))
    return {"game": [task.index] * n, "key": [task.key] * n, **data}
