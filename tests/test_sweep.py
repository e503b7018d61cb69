"""Sweeps: grid expansion, seeds, re-running a row, workers and Dask, resume, clear errors."""

from __future__ import annotations

import gc
import io
import json
import shlex
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from wargame import cli
from wargame.batch import runner
from wargame.batch.runner import run_sweep
from wargame.batch.sweep import (
    SweepSpec,
    derive_seed,
    expand,
    parse_policy_axis,
    parse_vary,
    rerun_command,
    split_values,
)
from wargame.errors import WargameError

YEARS = 0.25  # 13 weeks: enough for incidents, cheap to play
SPEC = SweepSpec(
    scenarios=("default",),
    vary=(("us.commitment", ("none", "backstop")),),
    policies=(("russia", ("prober", "opportunist")),),
    seeds=2,
    base_seed=5,
    years=YEARS,
)


def _frame_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False
    )


def test_grid_expands_in_order_with_derived_seeds() -> None:
    grid = expand(SPEC)
    assert len(grid.cells) == 4 and len(grid.tasks) == 8
    cells = [(dict(c.settings)["us.commitment"], dict(c.policies)["russia"]) for c in grid.cells]
    assert cells == [
        ("none", "prober"),
        ("none", "opportunist"),
        ("backstop", "prober"),
        ("backstop", "opportunist"),
    ]
    assert [t.index for t in grid.tasks] == list(range(8))
    seeds = [t.seed for t in grid.tasks]
    assert len(set(seeds)) == 8 and all(0 <= s < 2**31 for s in seeds)
    assert seeds == [t.seed for t in expand(SPEC).tasks]  # deterministic
    cell = grid.cells[0]
    assert grid.tasks[1].seed == derive_seed(5, cell.label, 1)
    other = expand(SweepSpec(**{**SPEC.__dict__, "base_seed": 6}))
    assert seeds != [t.seed for t in other.tasks]


def test_parsing_vary_and_policy_axes() -> None:
    assert parse_vary("posture.rotation_factor=3,4") == ("posture.rotation_factor", (3, 4))
    assert parse_vary("monitor.detect=[0.5, 0.8, 1.0],[0.4, 0.7, 1.0]")[1][1] == [0.4, 0.7, 1.0]
    assert split_values("a,[1,2],b") == ["a", "[1,2]", "b"]
    assert parse_policy_axis("russia=prober, opportunist") == ("russia", ("prober", "opportunist"))
    cmd = rerun_command("default", 7, ["policies.russia=prober", "us.commitment=none", "years=1"])
    assert cmd == (
        "wargame run --scenario default --seed 7 --policy russia=prober "
        "--set us.commitment=none --years 1"
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (SweepSpec(vary=(("posture.option", ("foo",)),)), "--vary posture.option=foo: posture"),
        (SweepSpec(vary=(("foo.bar", (1,)),)), "unknown setting 'foo'"),
        (SweepSpec(policies=(("russia", ("nope",)),)), "unknown policy 'nope' for russia"),
        (SweepSpec(policies=(("rusia", ("prober",)),)), "unknown actor(s) rusia"),
        (SweepSpec(vary=(("posture.rotation_factor", (4,)),)), "over budget"),
        (SweepSpec(scenarios=("nope",)), "no such scenario file"),
    ],
)
def test_bad_input_is_refused_with_one_line(spec: SweepSpec, message: str) -> None:
    with pytest.raises(WargameError, match=None) as info:
        expand(spec)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_bad_cli_input_exits_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["sweep", "--vary", "posture.option"],
        ["sweep", "--policy", "russia"],
        ["sweep", "--seeds", "0"],
        ["sweep", "--workers", "0"],
        ["sweep", "--out", "x.csv"],
    ):
        assert cli.main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("wargame: error: ") and "Traceback" not in err


def test_over_budget_skip_and_fit() -> None:
    spec = SweepSpec(vary=(("posture.rotation_factor", (3, 4)),), seeds=1, years=YEARS)
    skipped = expand(SweepSpec(**{**spec.__dict__, "over_budget": "skip"}))
    assert len(skipped.cells) == 1 and "posture.rotation_factor=4" in skipped.skipped[0]
    fitted = expand(SweepSpec(**{**spec.__dict__, "over_budget": "fit"}))
    assert len(fitted.cells) == 2
    assert "posture.rotation_factor=3" in fitted.tasks[1].overrides
    assert "rotation lowered to x3" in fitted.cells[1].note


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("serial") / "rows.parquet"
    return run_sweep(SPEC, out, series=True, workers=1, progress=False)


def test_rows_hold_the_outcome(serial) -> None:
    rows = serial.rows
    assert list(rows["game"]) == list(range(8))
    for column in (
        "us.commitment",
        "policy.russia",
        "seed",
        "held",
        "weeks",
        "end_cause",
        "troops_deployed",
        "troops_committed",
        "troop_years",
        "casualties_coalition",
        "incidents_level2",
        "attribution_mean_weeks",
        "attributed_wrong",
        "nations_left_count",
        "nations_left",
        "rerun",
    ):
        assert column in rows.columns, column
    assert set(serial.series["game"]) == set(range(8))
    assert (serial.series.groupby("game")["week"].max() == rows["weeks"]).all()


def test_a_row_reruns_with_wargame_run(serial) -> None:
    row = serial.rows.iloc[5]
    argv = [*shlex.split(row["rerun"])[1:], "--json"]
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        assert cli.main(argv) == 0
    summary = json.loads(buffer.getvalue())
    assert summary["seed"] == row["seed"]
    assert summary["weeks"] == row["weeks"]
    assert summary["end_cause"] == row["end_cause"]
    assert summary["casualties"]["coalition"] == row["casualties_coalition"]
    assert summary["incidents"]["level2"] == row["incidents_level2"]
    assert summary["policies"]["russia"] == row["policy.russia"]


def test_two_workers_give_the_same_rows(serial, tmp_path: Path) -> None:
    pooled = run_sweep(SPEC, tmp_path / "rows.parquet", series=True, workers=2, progress=False)
    _frame_equal(serial.rows, pooled.rows)
    _frame_equal(serial.series, pooled.series)
    _frame_equal(serial.rows, pd.read_parquet(tmp_path / "rows.parquet"))


def _frozen_in_worker(tasks: list) -> list:
    return [({"frozen": gc.get_freeze_count()}, None) for _ in tasks]


def test_pool_workers_start_with_their_inherited_objects_frozen() -> None:
    # Workers (not this process) keep module objects out of each full collection.
    before = gc.get_freeze_count()
    tasks = expand(SPEC).tasks[:2]
    rows = [row for row, _ in runner.execute(tasks, workers=2, play=_frozen_in_worker)]
    assert rows and all(row["frozen"] > 0 for row in rows)
    assert gc.get_freeze_count() == before


def test_a_local_dask_cluster_of_ours_starts_its_workers_frozen() -> None:
    pytest.importorskip("distributed")
    before = gc.get_freeze_count()
    tasks = expand(SPEC).tasks[:1]
    rows = [
        row for row, _ in runner.execute(tasks, workers=1, dask="local", play=_frozen_in_worker)
    ]
    assert rows and rows[0]["frozen"] > 0
    assert gc.get_freeze_count() == before


def test_dask_local_cluster_gives_the_same_rows(serial, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        frozen = gc.get_freeze_count()
        result = run_sweep(SPEC, tmp_path / "d.parquet", series=True, dask=client, progress=False)
    assert gc.get_freeze_count() == frozen  # a caller's client (here in this process): untouched
    _frame_equal(serial.rows, result.rows)
    _frame_equal(serial.series, result.series)


def test_resume_after_an_interruption(serial, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "rows.parquet"
    played: list[str] = []
    real = runner.play_batch

    def counting(tasks):
        played.extend(t.key for t in tasks)
        return real(tasks)

    monkeypatch.setattr(runner, "play_batch", counting)

    def stop_after_five(done: int, total: int) -> None:
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(
            SPEC,
            out,
            series=True,
            workers=1,
            progress=False,
            on_game=stop_after_five,
            chunk_size=2,
        )
    assert not out.exists()
    parts = out.with_name(out.name + ".parts")
    assert len(list(parts.glob("part-*-rows.parquet"))) == 3  # 2 + 2 + 1 flushed on the way out
    first = list(played)
    played.clear()
    resumed = run_sweep(SPEC, out, series=True, workers=1, progress=False)
    assert resumed.reused == 5 and resumed.played == 3
    assert set(played).isdisjoint(first) and len(played) == 3
    assert not parts.exists()
    _frame_equal(serial.rows, resumed.rows)
    _frame_equal(serial.series, resumed.series)
    # A finished sweep run again plays nothing; a bigger one plays only the new games.
    played.clear()
    again = run_sweep(SPEC, out, series=True, workers=1, progress=False)
    assert again.played == 0 and not played
    bigger = SweepSpec(**{**SPEC.__dict__, "seeds": 3})
    grown = run_sweep(bigger, out, series=True, workers=1, progress=False)
    assert grown.played == 4 and grown.reused == 8


def test_cli_sweep_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, series = tmp_path / "s.parquet", tmp_path / "w.parquet"
    argv = ["sweep", "--vary", "us.commitment=none,c4isr", "--policy", "russia=prober"]
    argv += ["--seeds", "2", "--years", str(YEARS), "--workers", "1"]
    argv += ["--out", str(out), "--series", str(series)]
    assert cli.main(argv) == 0
    printed = capsys.readouterr()
    assert "4 games (4 played, 0 already done)" in printed.out
    assert "sweep: 4/4 games" in printed.err  # no TTY: a plain progress line
    rows = pd.read_parquet(out)
    assert len(rows) == 4 and list(rows["us.commitment"]) == ["none", "none", "c4isr", "c4isr"]
    assert pd.read_parquet(series)["game"].nunique() == 4
