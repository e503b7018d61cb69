"""`wargame dials`: paired games at both ends of each dial say which ones move anything."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sens_params import COMMITMENT, REAL, ToyParameter, toy

from wargame import cli
from wargame.batch import sensitivity_run
from wargame.batch.dials import DialPlan, ends_of

ARGV = ["dials", "--scenario", "option3_heavy_area", "--seeds", "2", "--years", "0.4"]
ARGV += ["--set", "us.commitment=none", "--workers", "2", "--quiet"]


def test_ends_of_each_kind() -> None:
    assert ends_of(toy("a", 0.2, 0.8)) == [0.2, 0.8]
    assert ends_of(toy("n", 0.6, 4.4, kind="int")) == [1, 4]
    assert ends_of(COMMITMENT) == ["none", "c4isr", "backstop"]
    assert ends_of(ToyParameter("b", True, "bool", None, None, None, None)) == [False, True]
    assert ends_of(ToyParameter("o", 1.0, "float", 0.0, 2.0, None, None)) == [0.0, 2.0]
    assert ends_of(ToyParameter("u", 1.0, "float", 0.0, None, None, None)) == []


def test_dials_finds_a_dead_dial_and_a_live_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without a US backstop, Russia's weight of a backstop cannot matter: a dead dial here.
    monkeypatch.setattr(sensitivity_run, "load_parameters", lambda assumed_only: [*REAL])
    csv = tmp_path / "dials.csv"
    assert cli.main([*ARGV, "--csv", str(csv)]) == 0
    text = capsys.readouterr().out
    assert "policies.russia.us_weight_backstop" in text and "MOVES NOTHING" in text
    table = pd.read_csv(csv).set_index("parameter")
    dead = table.loc["policies.russia.us_weight_backstop"]
    assert not dead["moved"] and dead["identical_seeds"] == 2 and dead["games"] == 4
    live = table.loc["russia.hybrid_per_week"]
    assert live["moved"] and live["d_hybrid_attacks"] > 0 and "hybrid_attacks" in live["moves"]
    assert cli.main([*ARGV, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["parameter"] for r in rows} == set(table.index)


def test_dials_reports_a_refused_value_instead_of_stopping(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rotation = toy("posture.rotation_factor", 3, 5, kind="int")
    monkeypatch.setattr(sensitivity_run, "load_parameters", lambda assumed_only: [rotation])
    argv = [*ARGV, "--set", "us.commitment=c4isr"]
    argv[argv.index("--years") + 1] = "0.05"
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "posture.rotation_factor" in out and "NOT PLAYED (refused 5:" in out


def test_dials_plan_refuses_unknown_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sensitivity_run, "load_parameters", lambda assumed_only: [*REAL])
    assert cli.main([*ARGV, "--params", "nope.x"]) == 2
    assert "--params: nope.x is not a declared parameter" in capsys.readouterr().err
    assert DialPlan().seeds == 8


def test_a_dead_dial_needs_a_declared_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import dataclass, field

    from wargame.batch.dials import dead_without_reason, dial_table, run_dials

    @dataclass(frozen=True)
    class Declared(ToyParameter):
        inert: dict = field(default_factory=dict)

    weight = REAL[0]
    said = Declared(**weight.__dict__, inert={"option3_heavy_area": "no backstop to weigh"})
    plan = DialPlan("option3_heavy_area", seeds=2, years=0.1, fixed=("us.commitment=none",))
    silent = run_dials(plan, [weight], workers=1, progress=False)
    assert dead_without_reason(silent) == [weight.key]
    table = run_dials(plan, [said], workers=1, progress=False)
    assert dead_without_reason(table) == []
    assert "declared inert: no backstop to weigh" in dial_table(table, plan)
