"""Small sweep and experiment fixes: `experiment --list`, fitted cells, output file modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from wargame import cli
from wargame.experiments import QUESTION_ORDER
from wargame.runner import run_sweep, write_parquet
from wargame.sweep import SweepSpec, expand


def test_experiment_list_needs_no_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["experiment", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in QUESTION_ORDER)


def test_experiment_without_a_name_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["experiment"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wargame: error: experiment:") and "--list" in err
    assert "Traceback" not in err


def test_fitted_cell_keeps_the_asked_value_and_says_what_was_played(tmp_path: Path) -> None:
    spec = SweepSpec(
        vary=(("posture.rotation_factor", (3, 4)),), seeds=1, years=0.05, over_budget="fit"
    )
    grid = expand(spec)
    asked = [dict(c.settings)["posture.rotation_factor"] for c in grid.cells]
    assert asked == [3, 4]
    assert "posture.rotation_factor=3" in grid.cells[1].overrides  # played at x3
    rows = run_sweep(spec, tmp_path / "rows.parquet", workers=1, progress=False).rows
    assert rows["posture.rotation_factor"].tolist() == [3, 4]  # the cells can be told apart
    assert rows["rotation_factor"].tolist() == [3, 3]  # what was played
    assert rows.loc[0, "seed"] != rows.loc[1, "seed"]


def test_parquet_outputs_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "out.parquet"
        write_parquet(pd.DataFrame({"a": [1, 2]}), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        os.umask(0o077)
        write_parquet(pd.DataFrame({"a": [3]}), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)
