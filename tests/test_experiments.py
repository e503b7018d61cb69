"""Shipped experiments in --quick mode, their tables and plots, and the HTML report."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from wargame import cli
from wargame.batch.drives import shipped_scenarios
from wargame.batch.experiments import QUESTION_ORDER, list_experiments, load_experiment
from wargame.batch.report import parameters_of_defaults, write_report
from wargame.errors import ConfigError


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("experiments")
    argv = ["experiment", "all", "--quick", "--out", str(out), "--workers", "2", "--quiet"]
    assert cli.main(argv) == 0
    return out


def test_six_experiments_answer_the_six_questions() -> None:
    names = [e.name for e in list_experiments()]
    assert names == list(QUESTION_ORDER)
    assert len(names) == 7 and names[-1] == "backstop_weight"  # six questions, one check
    for exp in list_experiments():
        assert exp.question and exp.design and exp.spec.seeds >= 8


@pytest.mark.parametrize("name", QUESTION_ORDER)
def test_each_experiment_writes_a_table_and_a_plot(quick_results: Path, name: str) -> None:
    folder = quick_results / name
    table = pd.read_csv(folder / f"{name}.csv")
    assert len(table) > 0
    png = (folder / f"{name}.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["quick"] is True and summary["reading"]
    assert all(isinstance(line, str) and line for line in summary["reading"])
    rows = pd.read_parquet(folder / "rows.parquet")
    assert len(rows) == summary["games"] and rows["rerun"].str.startswith("wargame run").all()


def test_hybrid_home_keeps_weekly_series(quick_results: Path) -> None:
    series = pd.read_parquet(quick_results / "hybrid_home" / "series.parquet")
    assert {"game", "week", "coalition_will"} <= set(series.columns)


def test_report_mentions_every_experiment_and_the_assumptions(
    quick_results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report", "--out", str(quick_results)]) == 0
    assert "report.html" in capsys.readouterr().out
    page = (quick_results / "report.html").read_text()
    for exp in list_experiments():
        assert html.escape(exp.title) in page and f"id='{exp.name}'" in page
    # one plot per experiment, one Morris chart per shipped screening ("What drives the answers")
    charts = len(QUESTION_ORDER) + len(shipped_scenarios())
    assert page.count("data:image/png;base64,") == charts
    assert "Quick run" in page and "ASSUMED" in page
    assert "russia.regeneration_per_year" in page and "posture.rotation_factor" in page


def test_sensitivity_by_hand() -> None:
    from wargame.batch.analyses.assumed_dial import sensitivity

    dial = "policies.russia.us_weight_backstop"

    def game(value: float, weeks: int) -> dict[str, object]:
        held = weeks == 520
        return {
            "scenario": "s",
            dial: value,
            "weeks": weeks,
            "horizon_weeks": 520,
            "end_cause": "held" if held else "ceasefire_collapsed",
            "incidents_level3": 0 if held else 1,
        }

    # 0.3: none of 4 survive 10 years; 0.6: 3 of 4; 0.9 and 1.2: all; 0.45 (out of order): 4 of 4
    rows = pd.DataFrame(
        [game(1.2, 520)] * 4
        + [game(0.3, 100)] * 4
        + [game(0.6, 520)] * 3
        + [game(0.6, 300)]
        + [game(0.9, 520)] * 4
    )
    result = sensitivity(rows, None, {"dial": dial, "default": 1.2, "target": 0.75})
    table = result.table.set_index(dial)
    assert list(table.index) == [0.3, 0.6, 0.9, 1.2]  # sorted by the dial
    assert table["survival_10y"].tolist() == [0.0, 0.75, 1.0, 1.0]
    assert table["survival_5y"].tolist() == [0.0, 1.0, 1.0, 1.0]  # week 300 > week 260
    assert table["large_scale_per_game"].tolist() == [1.0, 0.25, 0.0, 0.0]
    assert f"survival stays at 75% or more for {dial} >= 0.6." in result.reading[1]
    strict = sensitivity(rows, None, {"dial": dial, "target": 0.8})
    assert f"for {dial} >= 0.9." in strict.reading[1]
    with pytest.raises(ValueError, match="does not vary the dial"):
        sensitivity(rows, None, {"dial": "policies.russia.risk_appetite"})


def test_a_sensitivity_dial_the_sweep_does_not_vary_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nsweep: {seeds: 2, vary: {us.commitment: [none, backstop]}}\n"
        "analysis: sensitivity\nparams: {dial: policies.russia.us_weight_backstop}\n"
    )
    with pytest.raises(ConfigError, match=r"params\.dial: must name a key the sweep varies"):
        load_experiment(str(bad))


def test_report_without_results_says_what_to_run(tmp_path: Path) -> None:
    page = write_report(tmp_path).read_text()
    assert "Not run yet" in page and "wargame experiment tripwire" in page


def test_defaults_parameters_are_sourced_or_assumed() -> None:
    params = {p.key: p for p in parameters_of_defaults()}
    assert params["posture.rotation_factor"].sources == ["001"]
    assert params["russia.regeneration_per_year"].assumed
    assert params["posture.estimate"].sources == ["001"]  # not the '000' of '40,000'


def test_a_bad_experiment_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nsweep: {seeds: 2, varry: {}}\nanalysis: tripwire\n")
    with pytest.raises(ConfigError, match=r"sweep\.varry: unknown field"):
        load_experiment(str(bad))
    with pytest.raises(ConfigError, match="no such experiment"):
        load_experiment("nope")
