"""Answers under uncertainty (Latin-hypercube draws) and scenario discovery (PRIM)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wargame import cli
from wargame.batch.discovery import find_boxes
from wargame.batch.experiments import load_experiment
from wargame.batch.sensitivity import Factor
from wargame.batch.uncertainty import (
    Uncertainty,
    check_headlines,
    draw_frame,
    holds_lines,
    latin_hypercube,
    parse_headline,
    spread_table,
)
from wargame.errors import ConfigError, WargameError

FACTORS = [Factor("a", 0.0, 1.0), Factor("b", 10.0, 30.0), Factor("c", -1.0, 1.0)]

TINY = """
name: tiny
title: tiny
question: q
design: d
sweep:
  scenario: [option4_counter_concentration]
  vary:
    us.commitment: [none, backstop]
  seeds: 2
  years: 0.25
analysis: us_commitment
uncertainty:
  params: [policies.russia.large_scale_base, policies.russia.risk_appetite, coalition.leave_threshold]
  draws: 3
  headlines:
    - "held: us.commitment=backstop >= us.commitment=none"
    - "survival_10y: us.commitment=backstop > us.commitment=none"
"""


# -- Latin hypercube -----------------------------------------------------------------------------
def test_draws_are_within_ranges_stratified_and_reproducible() -> None:
    n = 12
    X = latin_hypercube(FACTORS, n, seed=5)
    assert X.shape == (n, 3)
    for j, f in enumerate(FACTORS):
        assert (X[:, j] >= f.low).all() and (X[:, j] <= f.high).all()
        strata = np.floor((X[:, j] - f.low) / (f.high - f.low) * n).astype(int)
        assert sorted(strata) == list(range(n))  # one draw in each of the n strata
    assert np.array_equal(X, latin_hypercube(FACTORS, n, seed=5))
    assert not np.allclose(X, latin_hypercube(FACTORS, n, seed=6))


def test_integer_parameters_are_drawn_as_whole_numbers() -> None:
    frame = draw_frame([Factor("k", 1, 4, kind="int"), Factor("x", 0, 1)], 8, seed=1)
    assert list(frame["draw"]) == list(range(8))
    assert frame["k"].dtype.kind == "i" and set(frame["k"]) <= {1, 2, 3, 4}


# -- spreads and headlines by hand --------------------------------------------------------------
def _rows(alive_by_draw: dict[tuple[str, int], list[bool]]) -> pd.DataFrame:
    records = []
    for (us, draw), alive in alive_by_draw.items():
        for ok in alive:
            records.append(
                {
                    "scenario": "s",
                    "us.commitment": us,
                    "draw": draw,
                    "held": ok,
                    "weeks": 52 if ok else 10,
                    "horizon_weeks": 52,
                    "end_cause": "held" if ok else "ceasefire_collapsed",
                }
            )
    return pd.DataFrame(records)


def test_spread_splits_chance_from_the_assumptions() -> None:
    rows = _rows({("none", 0): [True] * 4, ("none", 1): [True, True, False, False]})
    t = spread_table(rows, ["us.commitment"]).iloc[0]
    assert t["mean"] == pytest.approx(0.75) and t["draws"] == 2 and t["games"] == 8
    assert (t["draw_min"], t["draw_max"]) == (0.5, 1.0)
    chance_var = (0 + 0.25 / 3) / 2  # binomial variance of a draw's share over 4 seeds
    between = np.var([1.0, 0.5], ddof=1)
    assert t["chance_sd"] == pytest.approx(math.sqrt(chance_var))
    assert t["assumption_sd"] == pytest.approx(math.sqrt(between - chance_var))
    assert t["mean_low"] < 0.75 < t["mean_high"]


def test_a_headline_holds_when_true_in_enough_draws() -> None:
    varied = {"us.commitment": ("none", "backstop")}
    alive = {}
    for d in range(10):
        alive[("backstop", d)] = [True, True]
        alive[("none", d)] = [True, True] if d == 0 else [True, False]  # draw 0: a tie
    rows = _rows(alive)
    better = parse_headline("held: us.commitment=backstop > us.commitment=none", "t", "h", varied)
    at_least = parse_headline("held: us.commitment=none >= 0.5", "t", "h", varied)
    for holds, expect in ((0.9, True), (0.95, False)):
        unc = Uncertainty(draws=10, holds=holds, headlines=(better,))
        (result,) = check_headlines(rows, unc, ["us.commitment"])
        assert (result["true_in"], result["draws"], result["holds"]) == (9, 10, expect)
        assert (result["equal_in"], result["other_way_in"]) == (1, 0)
    (result,) = check_headlines(rows, Uncertainty(headlines=(at_least,)), ["us.commitment"])
    assert result["true_in"] == 10 and result["holds"]
    lines = holds_lines({"uncertainty": {"headlines": [result]}})
    assert lines[0].startswith("Holds across the plausible ranges? Yes.")


# -- refusals --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--uncertain", "1"], "--uncertain: must be between 2 and"),
        (["--uncertain", "0"], "--uncertain: must be between 2 and"),
        (["--draw-seed", "3"], "--draw-seed: only with --uncertain"),
        (["--uncertain", "3", "--draw-seed", "-1"], "--draw-seed: must be a whole number >= 0"),
    ],
)
def test_uncertain_refuses_bad_values(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["experiment", "us_commitment", *argv, "--out", "/nonexistent"]) == 2
    assert message in capsys.readouterr().err


def test_uncertain_refuses_a_word(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["experiment", "us_commitment", "--uncertain", "many"])
    assert "must be a whole number; got 'many'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("  draws: 1\n", "uncertainty.draws"),
        ("  colour: red\n", "uncertainty.colour: unknown field"),
        ("  holds: 1.5\n", "uncertainty.holds"),
        ("  headlines: ['held: us.commitment=c4isr > us.commitment=none']\n", "not swept"),
        ("  headlines: ['held: posture.option=x > 0.5']\n", "not a key the sweep varies"),
        ("  headlines: ['luck: us.commitment=none > 0.5']\n", "unknown outcome 'luck'"),
        ("  headlines: ['held us.commitment=none']\n", "expected 'OUTCOME: KEY=VALUE"),
    ],
)
def test_a_bad_uncertainty_block_is_refused_by_field(
    tmp_path: Path, block: str, message: str
) -> None:
    text = TINY.split("uncertainty:")[0] + "uncertainty:\n" + block
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_experiment(str(path))


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("  params: [posture.rotation_factor]\n", "is not ASSUMED"),
        ("  params: [nope.nothing]\n", "is not a declared parameter"),
        ("  params: [us.commitment]\n", "is not ASSUMED"),
        ("  groups: [astrology]\n", "no ASSUMED parameter in group 'astrology'"),
    ],
)
def test_parameters_to_draw_must_be_assumed(
    tmp_path: Path, block: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(TINY.split("uncertainty:")[0] + "uncertainty:\n" + block)
    argv = ["experiment", str(path), "--uncertain", "--out", str(tmp_path), "--workers", "1"]
    assert cli.main([*argv, "--quiet"]) == 2
    assert message in capsys.readouterr().err


# -- end to end ---------------------------------------------------------------------------------
def test_a_tiny_experiment_under_uncertainty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    out = tmp_path / "out"
    argv = ["experiment", str(path), "--uncertain", "2", "--draw-seed", "4", "--out", str(out)]
    assert cli.main([*argv, "--workers", "1", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "holds across the plausible ranges?" in printed
    folder = out / "tiny"
    rows = pd.read_parquet(folder / "rows.parquet")
    draws = pd.read_csv(folder / "draws.csv")
    assert len(rows) == 2 * 2 * 2 and set(rows["draw"]) == {0, 1}
    drawn = ["policies.russia.large_scale_base", "policies.russia.risk_appetite"]
    drawn.append("coalition.leave_threshold")
    assert sorted(draws.columns) == sorted(["draw", *drawn])
    for _, r in rows.iterrows():  # every game plays its draw's values, in every cell
        d = draws[draws["draw"] == r["draw"]].iloc[0]
        assert all(r[k] == pytest.approx(d[k]) for k in drawn)
        assert f"coalition.leave_threshold={float(d['coalition.leave_threshold'])!r}" in r["rerun"]
    spread = pd.read_csv(folder / "tiny_uncertainty.csv")
    assert {"mean", "chance_sd", "draw_p10", "draw_p90", "assumption_sd"} <= set(spread.columns)
    for _, s in spread.iterrows():
        g = rows[rows["us.commitment"] == s["us.commitment"]]
        assert s["mean"] == pytest.approx(g["held"].mean()) and s["games"] == 4
    summary = json.loads((folder / "summary.json").read_text())
    heads = summary["uncertainty"]["headlines"]
    assert heads[0]["measured"] and heads[0]["draws"] == 2
    assert not heads[1]["measured"]  # ten years cannot be measured in a quarter-year game
    assert (folder / "tiny_uncertainty.png").read_bytes().startswith(b"\x89PNG")
    from wargame.batch.report import _uncertainty_section

    section = _uncertainty_section(folder, summary)
    assert section.count("Holds across the plausible ranges?") == 2


# -- PRIM --------------------------------------------------------------------------------------
def test_prim_finds_the_true_box_of_a_toy_function() -> None:
    factors = [Factor(f"x{i}", 0.0, 1.0) for i in range(1, 5)]
    x = draw_frame(factors, 1000, seed=3).drop(columns="draw")
    y = ((x["x1"] > 0.7) & (x["x2"] < 0.3)).to_numpy()
    (box, *_) = find_boxes(x, y, threshold=0.95, boxes=2)
    limits = box.limits.set_index("parameter")
    assert set(limits.index) == {"x1", "x2"}  # x3 and x4 play no part
    assert limits.loc["x1", "low"] == pytest.approx(0.7, abs=0.05)
    assert limits.loc["x2", "high"] == pytest.approx(0.3, abs=0.05)
    assert box.density >= 0.95 and box.coverage >= 0.85 and box.meets_threshold
    assert box.mass == pytest.approx(0.09, abs=0.03)


def test_restrictions_chance_would_give_are_dropped() -> None:
    """y depends on x1 alone (75% held above 0.5, 25% below): peeling on 200 cases also
    restricts some of x2..x10 to push the density up; only x1 survives the test."""
    factors = [Factor(f"x{i}", 0.0, 1.0) for i in range(1, 11)]
    x = draw_frame(factors, 200, seed=0).drop(columns="draw")
    y = np.random.default_rng(0).random(200) < np.where(x["x1"] > 0.5, 0.75, 0.25)
    (peeled,) = find_boxes(x, y, threshold=0.8, boxes=1, max_qp=None)
    assert "x1" in set(peeled.limits["parameter"]) and len(peeled.limits) > 2
    (box,) = find_boxes(x, y, threshold=0.8, boxes=1)
    assert list(box.limits["parameter"]) == ["x1"]
    assert box.limits["low"].iloc[0] == pytest.approx(0.5, abs=0.1)
    assert set(box.dropped) == set(peeled.limits["parameter"]) - {"x1"}
    assert 0.6 < box.density < 0.8 and not box.meets_threshold  # the truth: 75% above 0.5


def test_prim_finds_no_box_in_noise() -> None:
    x = draw_frame([Factor("x1", 0, 1), Factor("x2", 0, 1)], 600, seed=1).drop(columns="draw")
    y = np.random.default_rng(2).random(600) < 0.3
    found = find_boxes(x, y, threshold=0.8)
    assert not found or not found[0].meets_threshold
    assert find_boxes(x, np.ones(600, dtype=bool), threshold=0.8) == []


def test_discover_cli_writes_boxes_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "disc"
    argv = ["discover", "--scenario", "option4_counter_concentration", "--set"]
    argv += ["us.commitment=none", "--params"]
    argv += ["policies.russia.large_scale_base,coalition.leave_threshold", "--draws", "4"]
    argv += ["--seeds", "1", "--years", "0.25", "--out", str(out), "--workers", "1", "--quiet"]
    assert cli.main(argv) == 0
    first = capsys.readouterr().out
    assert "4 games (4 played, 0 already done)" in first
    boxes = pd.read_csv(out / "boxes.csv")
    assert list(boxes.columns)[:4] == ["box", "parameter", "low", "high"]
    assert (out / "discovery.png").read_bytes().startswith(b"\x89PNG")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["games"] == 4 and summary["factors"] == 2
    assert cli.main(argv) == 0
    assert "(0 played, 4 already done)" in capsys.readouterr().out
    other = [a if a != "4" else "5" for a in argv]
    assert cli.main(other) == 2
    assert "holds a discovery run with other draws" in capsys.readouterr().err


def test_discover_refuses_bad_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = ["discover", "--out", str(tmp_path / "x"), "--quiet"]
    for extra, message in (
        (["--draws", "1"], "--draws: must be between 2"),
        (["--threshold", "1.5"], "--threshold"),
        (["--params", "posture.rotation_factor"], "is not ASSUMED"),
        (
            ["--params", "coalition.leave_threshold", "--set", "coalition.leave_threshold=0.2"],
            "also fixed by --set",
        ),
    ):
        assert cli.main([*base, *extra]) == 2, extra
        assert message in capsys.readouterr().err
    with pytest.raises(WargameError):
        from wargame.batch.discovery import Plan, check_plan

        check_plan(Plan(scenario="default", draws=4, seeds=0))


def _finished_run(folder: Path, **extra: object) -> Path:
    """A finished --uncertain run's folder as the experiment writes it (summary + spread table)."""
    folder.mkdir(parents=True)
    line = "option3, c4isr: survival_10y: <b id=pwn>x</b> - true in 9 of 10 draws"
    block = {
        "draws": 10,
        "draw_seed": 3,
        "holds": 0.9,
        "params": ["rules.escalation_limit"],
        "table": "toy_uncertainty.csv",
        "plot": "toy_uncertainty.png",
        "headlines": [{"line": line, "holds": True, "measured": True}],
    }
    summary = {"name": "toy", "games": 40, "seconds": 1.5, "uncertainty": block, **extra}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "toy_uncertainty.csv").write_text("cell,mean\n0,0.5\n", encoding="utf-8")
    return folder


def test_shipped_verdicts_are_what_the_report_states_without_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wargame.batch import report, uncertainty

    dest = tmp_path / "shipped"
    written = uncertainty.ship_uncertainty(_finished_run(tmp_path / "run"), dest, note="toy")
    assert [p.name for p in written] == ["toy.json", "toy_uncertainty.csv"]
    kept = uncertainty.shipped_uncertainty("toy", dest)
    assert kept is not None and kept["games"] == 40 and kept["note"] == "toy"
    assert kept["command"] == "wargame experiment toy --uncertain 10 --draw-seed 3"
    assert uncertainty.shipped_uncertainty("../toy", dest) is None
    assert uncertainty.shipped_uncertainty("other", dest) is None
    monkeypatch.setattr(uncertainty, "SHIPPED", dest)
    html = report._uncertainty_section(tmp_path / "results" / "toy", {}, "toy")
    assert "Holds across the plausible ranges? Yes." in html and "The shipped run: 40 games" in html
    assert "&lt;b id=pwn&gt;" in html and "<b id=pwn>" not in html
    assert "<td>0.5</td>" in html  # the shipped spread table
    with pytest.raises(WargameError, match="not run with --uncertain"):
        uncertainty.ship_uncertainty(_finished_run(tmp_path / "plain", uncertainty=None), dest)
    with pytest.raises(WargameError, match="--quick run is not an answer"):
        uncertainty.ship_uncertainty(_finished_run(tmp_path / "quick", quick=True), dest)


def test_every_experiment_with_headlines_ships_its_verdicts() -> None:
    """The report states, for each headline of each shipped experiment, whether it holds."""
    from wargame.batch.experiments import list_experiments
    from wargame.batch.uncertainty import holds_lines, shipped_uncertainty

    with_headlines = [e for e in list_experiments() if e.uncertainty and e.uncertainty.headlines]
    assert len(with_headlines) == len(list_experiments())
    for exp in with_headlines:
        kept = shipped_uncertainty(exp.name)
        assert kept is not None, f"{exp.name}: no shipped verdicts"
        said = {h["headline"] for h in kept["uncertainty"]["headlines"]}
        assert said == {h.text for h in exp.uncertainty.headlines}, exp.name
        lines = holds_lines(kept)
        assert lines and all(
            line.startswith("Holds across the plausible ranges? ") for line in lines
        )
