"""Shipped experiments in --quick mode, their tables and plots, and the HTML report."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from wargame import cli
from wargame.errors import ConfigError
from wargame.experiments import QUESTION_ORDER, list_experiments, load_experiment
from wargame.report import parameters_of_defaults, write_report


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("experiments")
    argv = ["experiment", "all", "--quick", "--out", str(out), "--workers", "2", "--quiet"]
    assert cli.main(argv) == 0
    return out


def test_six_experiments_answer_the_six_questions() -> None:
    names = [e.name for e in list_experiments()]
    assert names == list(QUESTION_ORDER)
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
    assert page.count("data:image/png;base64,") == len(QUESTION_ORDER)
    assert "Quick run" in page and "ASSUMED" in page
    assert "russia.regeneration_per_year" in page and "posture.rotation_factor" in page


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
