"""Calibration: ABC on a toy model, the implausibility arithmetic, ensemble files, the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wargame import cli
from wargame.batch import ensemble
from wargame.batch.calibration import (
    FITTED,
    TARGETS,
    Arm,
    Prior,
    Target,
    abc,
    accept,
    implausibility,
    prior_from,
    summary,
)
from wargame.errors import WargameError

# -- a toy model whose true parameters are known ---------------------------------------------------
TRUE_THETA = 0.3
TOY_A = Arm("toy_a", "toy", (), "failed")
TOY_UP = Arm("toy_up", "toy", (), "held")
TOY_HALF = Arm("toy_half", "toy", (), "held")
TOY_TARGETS = (
    # what a 'source' measured of the true model: a failure share around 0.3
    Target("band", "toy", "fails 25-35%", "band", TOY_A, low=0.25, high=0.35, seed_factor=4),
    # and a direction: arm up holds at least as often as a coin
    Target("direction", "toy", "up >= half", "greater", TOY_UP, TOY_HALF),
)


UNIFORM = np.random.default_rng(7).random(1000)  # game s's luck is UNIFORM[s]


def _toy(params: dict[str, float], arm: Arm, seeds: list[int]) -> list[float]:
    """Game s fails when its uniform draw is below theta; `unused` is read by nothing."""
    u = UNIFORM[np.asarray(seeds)]
    if arm is TOY_A:
        return (u < params["theta"]).astype(float).tolist()
    if arm is TOY_UP:
        return (u < params["up"]).astype(float).tolist()
    return (u < 0.5).astype(float).tolist()


def test_abc_recovers_a_known_parameter_and_leaves_an_unused_one_alone() -> None:
    prior = Prior(("theta", "up", "unused"), (0.0, 0.0, 0.0), (1.0, 1.0, 1.0))
    draws = abc(_toy, prior, TOY_TARGETS, draws=400, seeds=25, seed=3)
    info = summary(draws, draws["accepted"], prior, TOY_TARGETS, cutoff=2.0)
    by_key = {p["key"]: p for p in info["parameters"]}
    theta = by_key["theta"]
    assert theta["posterior_q05"] <= TRUE_THETA <= theta["posterior_q95"]
    # band +- 2 binomial errors of 100 games: about 0.16-0.45; the prior's central 90% is 0.9
    assert theta["width_90"] < 0.35
    assert theta["posterior_low"] > 0.1 and theta["posterior_high"] < 0.5
    # the direction rules out up well below a half, and nothing else
    assert by_key["up"]["posterior_q05"] > 0.3
    # a parameter the model never reads keeps (about) its prior spread
    assert by_key["unused"]["width_90"] > 0.7
    assert 0 < info["acceptance_rate"] < 0.3
    assert info["accepted"] == int(draws["accepted"].sum())


def test_latin_hypercube_puts_one_draw_in_each_stratum_and_rounds_ints() -> None:
    prior = Prior(("a", "n"), (2.0, 1.0), (4.0, 9.0), ("float", "int"))
    draws = prior.sample(8, seed=1)
    strata = np.floor((draws["a"] - 2.0) / 2.0 * 8).astype(int)
    assert sorted(strata) == list(range(8))
    assert draws["n"].dtype.kind == "i" and draws["n"].between(1, 9).all()
    assert draws.equals(prior.sample(8, seed=1))
    assert not draws.equals(prior.sample(8, seed=2))


def test_implausibility_by_hand() -> None:
    band = Target("b", "x", "x", "band", TOY_A, low=0.45, high=0.60)
    # 10 of 40 fail: 0.25 is 0.2 below 0.45; se = sqrt(0.45 x 0.55 / 40) = 0.0786607
    assert implausibility(band, [1] * 10 + [0] * 30) == pytest.approx(0.2 / 0.0786607, rel=1e-5)
    assert implausibility(band, [1] * 10 + [0] * 30) == pytest.approx(2.54256, rel=1e-5)
    # 8 of 10: 0.2 above 0.60; se = sqrt(0.6 x 0.4 / 10) = 0.1549193
    assert implausibility(band, [1] * 8 + [0] * 2) == pytest.approx(1.290994, rel=1e-5)
    assert implausibility(band, [1] * 5 + [0] * 5) == 0.0  # inside the band
    greater = Target("g", "x", "x", "greater", TOY_UP, TOY_HALF)
    # differences 0, 0, -1, -1: mean -0.5, sd sqrt(1/3), se sqrt(1/3) / 2: I = sqrt(3)
    assert implausibility(greater, [1, 1, 0, 0], [1, 1, 1, 1]) == pytest.approx(math.sqrt(3))
    assert implausibility(greater, [1, 1, 1, 1], [1, 1, 1, 1]) == 0.0  # A = B meets A >= B
    assert implausibility(greater, [0, 0, 0], [1, 1, 1]) == math.inf  # always short, no noise
    margin = Target("m", "x", "x", "greater", TOY_UP, TOY_HALF, margin=0.5)
    # differences 1, 0, 1, 0: mean 0.5 meets a margin of 0.5 exactly
    assert implausibility(margin, [1, 0, 1, 0], [0, 0, 0, 0]) == 0.0
    table = pd.DataFrame(
        {"b.implausibility": [0.0, 2.54, 1.29], "g.implausibility": [2.0, 0, 1.73]}
    )
    assert accept(table, [band, greater], cutoff=2.0).tolist() == [True, False, True]
    assert accept(table, [band, greater], cutoff=3.0).tolist() == [True, True, True]


def test_shipped_targets_cite_domain_sources_and_fitted_params_are_declared() -> None:
    domain = {"000", "001", "002", "003", "004"}
    for t in TARGETS:
        assert any(tag in t.source for tag in domain), t.name
    assert TARGETS[0].name == "icg_first_year" and (TARGETS[0].low, TARGETS[0].high) == (0.45, 0.6)
    prior = prior_from(FITTED)
    assert all(lo < hi for lo, hi in zip(prior.low, prior.high, strict=True))
    with pytest.raises(WargameError, match="not a declared parameter"):
        prior_from(["policies.russia.nope"])


# -- ensemble files ---------------------------------------------------------------------------------
def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "draw,policies.russia.risk_appetite,foo\n0,1,2\n",
            r"column 'foo': not a declared parameter",
        ),
        (
            "draw,policies.russia.risk_appetite\n0,1\n1,-3\n",
            r"row 2: column policies.russia.risk_appetite: must be .* between 0 and 100",
        ),
        (
            "draw,rules.containment_weeks\n0,2.5\n",
            r"row 1: column rules.containment_weeks: must be a whole number",
        ),
        (
            "draw,coalition.leave_threshold\n0,abc\n",
            r"row 1: column coalition.leave_threshold: not a number",
        ),
        (
            "draw,coalition.leave_threshold\n0,\n",
            r"row 1: column coalition.leave_threshold: not a number",
        ),
        ("draw,coalition.leave_threshold\n0,nan\n", r"must be a finite number"),
        ("draw,posture.option\n0,monitoring\n", r"column posture.option: a choice parameter"),
        ("draw,coalition.leave_threshold\n0,0.2\n0,0.3\n", r"the id 0 appears twice"),
        ("draw,coalition.leave_threshold\n", r"no parameter sets"),
        ("draw\n0\n", r"no parameter columns"),
    ],
)
def test_bad_ensemble_files_are_refused_by_file_row_and_column(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path / "bad.csv", text)
    with pytest.raises(WargameError, match=message) as info:
        ensemble.load_ensemble(str(path))
    assert str(path) in str(info.value)


def test_cli_refuses_a_bad_ensemble_in_one_line(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path / "bad.csv", "draw,policies.russia.risk_appetite\n0,1000\n")
    assert cli.main(["ensemble", "run", "--ensemble", str(path), "--seeds", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "row 1" in err and "risk_appetite" in err
    assert cli.main(["ensemble", "run", "--ensemble", "no_such_thing"]) == 2
    assert "neither a shipped ensemble" in capsys.readouterr().err


def test_shipped_ensemble_is_valid_and_matches_its_provenance() -> None:
    frame = ensemble.load_ensemble("icg")
    meta = json.loads((ensemble.ENSEMBLE_DIR / "icg.json").read_text(encoding="utf-8"))
    assert list(frame.columns) == ["draw", *meta["params"]]
    assert len(frame) == meta["accepted"] > 0
    assert meta["acceptance_rate"] == pytest.approx(meta["accepted"] / meta["draws"])
    assert meta["command"].startswith("wargame calibrate") and meta["git_commit"]
    # a later wave: its sets are some of the earlier wave's, which the provenance keeps
    earlier = meta["previous_wave"]
    assert meta["refine"] and earlier["accepted"] >= len(frame) and earlier["draws"] == 240


def test_ensemble_list_and_check_commands(capsys) -> None:
    assert cli.main(["ensemble", "list"]) == 0
    assert capsys.readouterr().out.startswith("icg ")
    assert cli.main(["ensemble", "check", "icg"]) == 0
    assert "all valid" in capsys.readouterr().out


# -- playing games ----------------------------------------------------------------------------------
def test_a_scenario_over_a_tiny_ensemble(tmp_path: Path) -> None:
    # one set that always breaks the ceasefire at once, one that never starts a large attack
    path = _write(
        tmp_path / "two.csv",
        "draw,policies.russia.risk_appetite,policies.russia.large_scale_base\n"
        "7,100,0.5\n"
        "9,0,0.0025\n",
    )
    out = tmp_path / "rows.parquet"
    result = ensemble.run_ensemble(
        "no_guarantee", str(path), seeds=3, years=0.5, workers=1, progress=False, out=out
    )
    rows = result.rows
    assert len(rows) == 9 and sorted(set(rows["member"])) == ["7", "9", "defaults"]
    # set 7 attacks at once in every game; a half-year seldom ends in a collapse, so survival
    # (no collapse) and unbroken (no large-scale offensive either) part
    assert (rows[rows.member == "7"]["offensives"] > 0).all()
    assert rows[rows.member == "9"]["held"].all()
    assert (rows[rows.member == "9"]["offensives"] == 0).all()
    s = result.summary
    assert s["ensemble"]["unbroken_per_set"] == {"min": 0.0, "max": 1.0}
    assert s["ensemble"]["unbroken"] == pytest.approx(0.5)
    assert s["ensemble"]["per_set"]["max"] == 1.0
    assert "unbroken (no large-scale offensive either) 50.0%" in ensemble.format_summary(s)
    assert s["defaults"]["games"] == 3
    # every member plays the same seeds, the defaults too
    assert rows.groupby("member")["seed"].apply(tuple).nunique() == 1
    assert out.is_file()


def test_calibrate_cli_end_to_end_with_a_tiny_budget(tmp_path: Path, capsys) -> None:
    out = tmp_path / "calib"
    argv = ["calibrate", "--draws", "2", "--seeds", "1", "--workers", "1", "--quiet"]
    argv += ["--out", str(out)]
    assert cli.main(argv) == 0
    text = capsys.readouterr().out
    assert "draws accepted" in text and "icg_first_year" in text
    for name in ("games.parquet", "draws.csv", "accepted.csv", "provenance.json", "posterior.png"):
        assert (out / name).is_file(), name
    draws = pd.read_csv(out / "draws.csv")
    meta = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert meta["draws"] == 2 and meta["accepted"] == int(draws["accepted"].sum())
    assert set(meta["defaults"]) == {t.name for t in TARGETS}
    assert "rules.breakthrough_ratio" in meta["left_free"]
    assert not set(meta["left_free"]) & set(FITTED)
    # 2 draws + the defaults, each on 4 ICG games and 1 game on each of 4 other arms
    assert len(pd.read_parquet(out / "games.parquet")) == 3 * (4 + 4)
    if meta["accepted"]:
        assert len(ensemble.load_ensemble(str(out / "accepted.csv"))) == meta["accepted"]
    # the folder is taken: refused without --resume, nothing replayed with it
    assert cli.main(argv) == 2
    assert "--resume" in capsys.readouterr().err
    assert cli.main([*argv, "--resume"]) == 0
    assert "0 games played, 24 already done" in capsys.readouterr().out
    assert cli.main([*argv[:2], "3", *argv[3:], "--resume"]) == 2
    assert "other draws" in capsys.readouterr().err


def test_a_later_wave_judges_an_ensembles_sets_on_fresh_games(tmp_path: Path, capsys) -> None:
    sets = _write(
        tmp_path / "wave1.csv",
        "draw,policies.russia.risk_appetite,policies.russia.large_scale_base\n"
        "4,100,0.5\n"
        "11,1.0,0.0025\n",
    )
    _write(tmp_path / "wave1.json", json.dumps({"command": "wave one"}))
    out = tmp_path / "wave2"
    argv = ["calibrate", "--refine", str(sets), "--targets", "icg_first_year", "--seeds", "2"]
    argv += ["--base-seed", "1", "--workers", "1", "--quiet", "--out", str(out)]
    assert cli.main(argv) == 0
    draws = pd.read_csv(out / "draws.csv")
    assert draws["draw"].tolist() == [4, 11]
    # set 4 breaks every ceasefire at once: 8 of 8 fail, 0.4 above 0.6 with se sqrt(0.24 / 8)
    assert draws["icg_first_year.value"].iloc[0] == 1.0
    assert draws["icg_first_year.implausibility"].iloc[0] == pytest.approx(0.4 / math.sqrt(0.03))
    assert not draws["accepted"].iloc[0]
    assert "us_backstop.value" not in draws
    meta = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert meta["previous_wave"] == {"command": "wave one"} and "later wave" in meta["method"]
    assert len(pd.read_parquet(out / "games.parquet")) == 3 * 8  # 2 sets + defaults, 4 x 2 seeds
    assert cli.main([*argv, "--draws", "5"]) == 2
    assert "drop --draws" in capsys.readouterr().err
    assert cli.main(["calibrate", "--draws", "2", "--targets", "nope"]) == 2
    assert "known: icg_first_year" in capsys.readouterr().err
