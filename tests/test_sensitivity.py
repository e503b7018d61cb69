"""Sensitivity analysis: designs sized to a budget, indices on toy models, seed noise, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sens_params import REAL, ToyParameter, toy

from wargame import cli
from wargame.batch import sensitivity_run
from wargame.batch.sensitivity import (
    Factor,
    convergence,
    evaluate_local,
    factors_from,
    indices_table,
    make_design,
    per_unit,
    seed_noise,
)
from wargame.errors import WargameError

X123 = [Factor("x1", 0, 1), Factor("x2", 0, 1), Factor("x3", 0, 1)]


def _linear(noise: float = 0.0, seed: int = 0):
    """y = 4 x1 + x2 (x3 unused), plus Gaussian seed noise."""
    rng = np.random.default_rng(seed)
    return lambda x, s: 4 * x[0] + x[1] + noise * rng.standard_normal()


def _full(indices: pd.DataFrame, outcome: str = "y") -> pd.DataFrame:
    t = indices[(indices.outcome == outcome) & (indices.budget == "full")]
    return t.set_index("parameter")


def test_morris_on_a_toy_model_ranks_and_zeroes() -> None:
    design = make_design("morris", X123, budget=200, seeds=2, seed=3)
    assert design.base == 200 // (4 * 2) and design.games <= 200
    indices, _ = indices_table(design, {"y": evaluate_local(design, _linear(0.01))})
    t = _full(indices)
    assert t.loc["x1", "mu_star"] == pytest.approx(4, abs=0.05)
    assert t.loc["x2", "mu_star"] == pytest.approx(1, abs=0.05)
    assert t.loc["x3", "mu_star"] < 0.05
    assert t["within_noise"].tolist() == [False, False, True]
    assert set(indices.budget) == {"half", "full"}
    conv = convergence(indices, "morris")
    assert (conv["change"].abs() < 0.05).all()


def test_sobol_on_a_toy_model_gives_the_known_shares() -> None:
    design = make_design("sobol", X123, budget=5119, seeds=1, seed=1)
    assert design.base == 512 and design.points == 512 * 5  # a power of two, not 1023
    indices, _ = indices_table(design, {"y": evaluate_local(design, _linear())})
    t = _full(indices)
    assert t.loc["x1", "S1"] == pytest.approx(16 / 17, abs=0.03)
    assert t.loc["x2", "S1"] == pytest.approx(1 / 17, abs=0.02)
    assert t.loc["x3", "S1"] == pytest.approx(0, abs=0.01)
    assert t.loc["x3", "ST"] == pytest.approx(0, abs=0.01)
    assert t.loc["x1", "ST"] == pytest.approx(16 / 17, abs=0.03)
    assert (t["S1_conf"] > 0).loc[["x1", "x2"]].all()
    assert t["within_noise"].tolist() == [False, False, True]


def test_pure_noise_is_reported_as_noise_not_sensitivity() -> None:
    design = make_design("morris", X123, budget=30 * 4 * 4, seeds=4, seed=2)
    Yk = evaluate_local(design, lambda x, s: 0.0)
    rng = np.random.default_rng(7)
    Yk = Yk + rng.standard_normal(Yk.shape)  # the seeds' luck only
    noise = seed_noise(design, Yk)
    assert noise["noise_sd"] == pytest.approx(1, abs=0.1)
    assert noise["noise_se"] == pytest.approx(0.5, abs=0.06)
    assert noise["noise_share"] > 0.8
    indices, _ = indices_table(design, {"y": Yk})
    assert _full(indices)["within_noise"].all()
    # the same noise on top of a real effect: x1 still clears it, x3 does not
    real = evaluate_local(design, _linear()) + rng.standard_normal(Yk.shape)
    t = _full(indices_table(design, {"y": real})[0])
    assert not t.loc["x1", "within_noise"] and t.loc["x3", "within_noise"]


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_budget_too_small_names_the_games_needed(method: str) -> None:
    need = 2 * per_unit(method, 3) * 5
    with pytest.raises(WargameError, match=f"= {need} games"):
        make_design(method, X123, budget=need - 1, seeds=5)
    assert make_design(method, X123, budget=need, seeds=5).games == need


def test_factors_come_from_declared_ranges() -> None:
    params = [
        toy("a.x", 0, 1),
        toy("a.n", 1, 5, kind="int", group="other"),
        ToyParameter("a.c", "x", "choice", None, None, None, None, choices=("x", "y")),
    ]
    assert [f.key for f in factors_from(params)] == ["a.x", "a.n"]  # the choice has no range
    assert [f.key for f in factors_from(params, group="other")] == ["a.n"]
    assert factors_from(params, keys=["a.n"])[0].value(2.6) == 3
    with pytest.raises(WargameError, match=r"--params: a\.zz is not a declared parameter"):
        factors_from(params, keys=["a.zz"])
    with pytest.raises(WargameError, match=r"a\.c has no numeric plausible range"):
        factors_from(params, keys=["a.c"])
    with pytest.raises(WargameError, match="--group nope: no such group; groups: other, test"):
        factors_from(params, group="nope")


ARGV = [
    "sensitivity",
    "--scenario",
    "option3_heavy_area",
    "--budget",
    "24",
    "--seeds",
    "2",
    "--years",
    "0.3",
    "--outcome",
    "held,casualties,incidents",
    "--workers",
    "2",
    "--quiet",
]


@pytest.fixture
def real_params(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sensitivity_run, "load_parameters", lambda assumed_only: list(REAL))


def test_cli_end_to_end_on_two_real_parameters(
    tmp_path: Path, real_params: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sens"
    assert cli.main([*ARGV, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "morris: 2 parameters, 4 trajectories x 3 points x 2 seeds = 24 games" in text
    assert "incidents (seed noise sd" in text
    rows = pd.read_parquet(out / "rows.parquet")
    assert len(rows) == 24 and rows.groupby("cell")["seed"].apply(tuple).nunique() == 1
    assert set(rows["russia.hybrid_per_week"]) <= {0, 1, 3, 4}
    indices = pd.read_parquet(out / "indices.parquet")
    assert len(indices) == 3 * 2 * 2  # outcomes x budgets x parameters
    assert {"mu_star", "mu_star_conf", "sigma", "within_noise"} <= set(indices.columns)
    assert (out / "sensitivity.png").read_bytes().startswith(b"\x89PNG")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["games"] == 24 and summary["played"] == 24
    assert {n["outcome"] for n in summary["noise"]} == {"held", "casualties", "incidents"}
    # the same command again is refused; --resume plays nothing and gives the same indices
    assert cli.main([*ARGV, "--out", str(out)]) == 2
    assert "pass --resume" in capsys.readouterr().err
    assert cli.main([*ARGV, "--out", str(out), "--resume", "--workers", "1"]) == 0
    assert "(0 played, 24 already done)" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pd.read_parquet(out / "indices.parquet"), indices)
    other = [*ARGV, "--out", str(out), "--resume"]
    other[other.index("--seeds") + 1] = "3"
    assert cli.main(other) == 2
    assert "holds a run with other seeds" in capsys.readouterr().err


def test_cli_refuses_bad_input_in_one_line(
    tmp_path: Path, real_params: None, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra, message in (
        (["--outcome", "bogus"], "--outcome bogus: unknown outcome"),
        (["--params", "nope.key"], "--params: nope.key is not a declared parameter"),
        (["--budget", "3"], "--budget 3: too small for morris"),
        (["--outcome", "survival_1y"], "--outcome survival_1y: the games last"),
    ):
        argv = [*ARGV, "--out", str(tmp_path / extra[0].strip("-")), *extra]
        if extra[0] == "--outcome" and extra[1] == "survival_1y":
            argv[argv.index("--budget") + 1] = "12"
            argv[argv.index("--years") + 1] = "0.05"
            argv[argv.index("--seeds") + 1] = "1"
        assert cli.main(argv) == 2, extra
        err = capsys.readouterr().err
        assert err.startswith("wargame: error: ") and message in err, err
        assert "Traceback" not in err and err.count("\n") == 1
        assert not (tmp_path / extra[0].strip("-") / "design.json").exists()  # no claim left
