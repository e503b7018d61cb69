"""What drives the answers: the shipped screening, its recipe, shipping it, the report section."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wargame.batch import drives, report
from wargame.batch.drives import COLUMNS, load_recipe, load_screenings, run_screening, ship
from wargame.batch.sensitivity import factors_from
from wargame.config import parameters
from wargame.config.parameters import declared
from wargame.errors import ConfigError

HOSTILE = "<script>alert('x')</script>"


def toy_screening(folder: Path, scenario: str = "toy_scenario") -> None:
    """A hand-made screening: russia.troops on top, a hostile name, a dead parameter at 0."""
    rows = []
    values = {"russia.troops": (0.4, 0.05, 0.3), HOSTILE: (0.2, 0.02, 0.1), "x.dead": (0, 0, 0)}
    for budget, scale in (("half", 0.9), ("full", 1.0)):
        for name, (mu_star, conf, sigma) in values.items():
            rows.append(
                {
                    "outcome": "survival_1y",
                    "budget": budget,
                    "games": 12,
                    "parameter": name,
                    "group": "g",
                    "low": 0,
                    "high": 1,
                    "mu": mu_star * scale,
                    "mu_star": mu_star * scale,
                    "mu_star_conf": conf,
                    "sigma": sigma,
                    "within_noise": name == "x.dead",
                }
            )
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=list(COLUMNS)).to_csv(folder / f"{scenario}.csv", index=False)
    provenance = {
        "scenario": scenario,
        "command": f"wargame sensitivity --scenario {scenario} {HOSTILE}",
        "design": "morris: 3 parameters",
        "games": 12,
        "games_per_second": 5.0,
        "date": "2026-12-06",
        "git_commit": "abc",
        "noise": [
            {
                "outcome": "survival_1y",
                "noise_sd": 0.3,
                "noise_se": 0.2,
                "noise_share": 0.1,
                "noise_mu_star": 0.05,
            }
        ],
    }
    (folder / f"{scenario}.json").write_text(json.dumps(provenance))


def test_the_report_section_shows_the_top_parameter_and_escapes(tmp_path: Path) -> None:
    toy_screening(tmp_path / "data")
    page = report.drives_section(None, tmp_path / "data")
    assert "What drives the answers" in page and "toy_scenario" in page
    assert "<script>" not in page and "&lt;script&gt;alert(" in page
    table = page[page.index("<h4>survival_1y</h4>") :]
    rows = table.split("<tr>")[2:]  # after the header row
    assert "<code>russia.troops</code>" in rows[0] and "0.4 &plusmn; 0.05" in rows[0]
    assert "x.dead" in rows[2] and "within noise" in rows[2]
    assert "mu* from noise alone ~0.05" in page
    assert "<b>2</b> parameter(s): russia.troops, &lt;script&gt;" in page
    assert "data:image/png;base64," in page  # the Morris chart
    assert "Dials that move nothing" in page


def test_screening_reads_top_and_noise(tmp_path: Path) -> None:
    toy_screening(tmp_path)
    (s,) = load_screenings(None, tmp_path)
    top = s.top("survival_1y", 2)
    assert top["parameter"].tolist() == ["russia.troops", HOSTILE]
    assert top["mu_star_half"].tolist() == pytest.approx([0.36, 0.18])
    assert s.above_noise("survival_1y") == ["russia.troops", HOSTILE]
    assert s.noise_of("survival_1y")["noise_mu_star"] == 0.05


def test_the_shipped_screening_is_complete_and_says_how_it_was_made() -> None:
    plans = {p.scenario: p for p in load_recipe()}
    assert {"no_guarantee", "option3_heavy_area", "option4_counter_concentration"} <= set(plans)
    shipped = {s.scenario: s for s in load_screenings(None)}
    assert set(shipped) == set(plans)
    assumed = {f.key for f in factors_from(parameters.assumed())}
    for name, s in shipped.items():
        p = s.provenance
        assert p["command"].startswith(f"wargame sensitivity --scenario {name}")
        assert p["budget"] == plans[name].budget and p["seeds"] == plans[name].seeds
        assert p["git_commit"] and p["date"] and p["games_per_second"] > 0
        screened = set(s.indices["parameter"])
        # every ASSUMED parameter, except the policy parameters the scenario's policies ignore
        assert screened | set(p["left_out"]) == assumed
        assert not screened & set(p["left_out"])
        assert set(s.outcomes) == set(plans[name].outcomes)
        assert len(screened) == p["parameters"]


def test_the_recipe_refuses_unknown_fields(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text(yaml.safe_dump({"scenarios": {"no_guarantee": {"budget": 9, "seedz": 2}}}))
    with pytest.raises(ConfigError, match=r"scenarios\.no_guarantee\.seedz: unknown field"):
        load_recipe(bad)
    bad.write_text(yaml.safe_dump({"scenarios": {"no_guarantee": {"budget": 0, "seeds": 2}}}))
    with pytest.raises(ConfigError, match="budget: must be a whole number of at least 1"):
        load_recipe(bad)


def test_a_tiny_screening_runs_ships_and_replaces_the_shipped_one(tmp_path: Path) -> None:
    # A parameter that changes no game (a force limit, and no force here) must score exactly
    # zero; Russia's hazard must not.
    recipe = tmp_path / "recipe.yaml"
    keys = ["coalition.deployable_fraction", "policies.russia.large_scale_base"]
    recipe.write_text(
        yaml.safe_dump(
            {
                "scenarios": {
                    "no_guarantee": {
                        "outcomes": ["offensives", "held"],
                        "budget": 24,
                        "seeds": 2,
                        "years": 2,
                        "params": keys,
                    }
                }
            }
        )
    )
    out, data = tmp_path / "results", tmp_path / "data"
    run_screening(out, recipe=recipe, workers=1, progress=False, ship_to=data, announce=str)
    (plan,) = load_recipe(recipe)
    shipped = drives.load_shipped("no_guarantee", data)
    assert "--params " + ",".join(keys) in shipped.provenance["command"]
    assert shipped.provenance["games"] == 24 and shipped.provenance["left_out"] == []
    # Short no_guarantee games seldom collapse now; the hazard shows in the offensives (2 years).
    weeks = shipped.indices[
        (shipped.indices["outcome"] == "offensives") & (shipped.indices["budget"] == "full")
    ].set_index("parameter")
    assert weeks.loc["coalition.deployable_fraction", "mu_star"] == 0
    assert weeks.loc["policies.russia.large_scale_base", "mu_star"] > 0
    (fresh,) = load_screenings(out, data)
    assert fresh.source == "fresh" and fresh.scenario == "no_guarantee"
    page = report.drives_section(out, data)
    assert "fresh run in the results folder" in page
    again = ship(out / "screening" / "no_guarantee", tmp_path / "again", plan)
    assert [p.suffix for p in again] == [".csv", ".json"]


def test_dead_dials_lists_every_declared_reason() -> None:
    dead = drives.dead_dials()
    declared_reasons = sum(len(p.inert) for p in declared().values())
    assert len(dead) == declared_reasons > 0
    assert all(d.reason for d in dead)
