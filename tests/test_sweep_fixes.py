"""Small sweep and experiment fixes: `experiment --list`, fitted cells, output file modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from wargame import cli
from wargame.batch.experiments import QUESTION_ORDER
from wargame.batch.runner import run_sweep, write_parquet
from wargame.batch.sweep import SweepSpec, expand


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


def test_paired_cells_share_seeds_and_are_reproducible(tmp_path: Path) -> None:
    spec = SweepSpec(
        vary=(("us.commitment", ("none", "backstop")),),
        policies=(("russia", ("prober", "opportunist")),),
        seeds=3,
        base_seed=4,
        years=0.1,
        paired=True,
    )
    grid = expand(spec)
    by_cell = [[t.seed for t in grid.tasks if t.cell == c.index] for c in grid.cells]
    assert len(by_cell) == 4 and all(seeds == by_cell[0] for seeds in by_cell)
    assert len(set(by_cell[0])) == 3
    unpaired = expand(SweepSpec(**{**spec.__dict__, "paired": False}))
    assert len({t.seed for t in unpaired.tasks}) == 12
    first = run_sweep(spec, tmp_path / "a.parquet", workers=1, progress=False).rows
    again = run_sweep(spec, tmp_path / "b.parquet", workers=2, progress=False).rows
    pd.testing.assert_frame_equal(first, again, check_dtype=False)
    # the same seed, other settings: a row's rerun command plays that game alone
    assert first.groupby("replicate")["seed"].nunique().eq(1).all()
    assert first["rerun"].str.contains(f"--seed {by_cell[0][0]} ").sum() == 4


def test_paired_fitted_cells_that_play_one_game_keep_their_own_rows(tmp_path: Path) -> None:
    spec = SweepSpec(
        vary=(("posture.rotation_factor", (3, 4)),),
        seeds=2,
        years=0.05,
        over_budget="fit",
        paired=True,
    )
    rows = run_sweep(spec, tmp_path / "rows.parquet", workers=1, progress=False).rows
    assert rows["cell"].tolist() == [0, 0, 1, 1]
    assert rows["posture.rotation_factor"].tolist() == [3, 3, 4, 4]
    assert rows["game"].tolist() == [0, 1, 2, 3]


def test_experiments_are_paired_unless_the_file_says_not(tmp_path: Path) -> None:
    from wargame.batch.experiments import list_experiments, load_experiment
    from wargame.errors import ConfigError

    assert all(e.spec.paired and e.sweep_spec(quick=True).paired for e in list_experiments())
    text = (Path(load_experiment("monitor_access").source)).read_text()
    mine = tmp_path / "mine.yaml"
    mine.write_text(text.replace("  seeds: 20\n", "  seeds: 20\n  paired: false\n"))
    assert load_experiment(str(mine)).spec.paired is False
    mine.write_text(text.replace("  seeds: 20\n", "  seeds: 20\n  paired: maybe\n"))
    with pytest.raises(ConfigError, match=r"sweep\.paired: must be true or false"):
        load_experiment(str(mine))


def test_sweep_cli_takes_paired(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.parquet"
    argv = ["sweep", "--vary", "us.commitment=none,backstop", "--seeds", "2", "--years", "0.05"]
    assert cli.main([*argv, "--paired", "--workers", "1", "--quiet", "--out", str(out)]) == 0
    rows = pd.read_parquet(out)
    assert rows[rows.cell == 0].seed.tolist() == rows[rows.cell == 1].seed.tolist()


def test_experiment_plots_follow_the_umask(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from wargame.batch.analyses.common import save_figure

    old = os.umask(0o022)
    try:
        figure = plt.figure()
        save_figure(figure, tmp_path / "plot.png")
        plt.close(figure)
        assert stat.S_IMODE((tmp_path / "plot.png").stat().st_mode) == 0o644
    finally:
        os.umask(old)
