"""The reference games still play byte-identically to their fingerprints (benchmarks/reference_games.py).

The first QUICK games (a spread of every kind) always; all of them with WARGAME_REFERENCE_ALL=1.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "reference_games.json"
QUICK = 25


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "reference_games", ROOT / "benchmarks" / "reference_games.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


rg = _load_script()
SPECS = rg.reference_set()
CHECKED = SPECS if os.environ.get("WARGAME_REFERENCE_ALL") == "1" else SPECS[:QUICK]


@pytest.fixture(scope="module")
def reference() -> dict:
    return rg.read_reference(DATA)


@pytest.mark.parametrize("spec", CHECKED, ids=[s.id for s in CHECKED])
def test_game_is_identical_to_its_fingerprints(spec, reference: dict, tmp_path: Path) -> None:
    played = {spec.id: rg.play(spec, tmp_path)}
    assert rg.compare(reference, played) == {}


def test_the_quick_games_are_a_spread_of_every_kind() -> None:
    quick = SPECS[:QUICK]
    assert {s.kind for s in quick} == set(rg.KINDS)
    assert any(s.kind == "scenario" for s in quick)
    assert any(s.kind == "policy" for s in quick)
    assert any(s.sectors for s in quick)
    assert any(s.nations == 36 for s in quick)
    assert any(s.humans and s.record for s in quick)


def test_the_file_holds_exactly_the_set_and_it_covers_every_scenario_and_policy(
    reference: dict,
) -> None:
    assert len(SPECS) >= 150
    assert list(reference) == sorted(s.id for s in SPECS)
    assert all(reference[s.id]["spec"] == s.plain() for s in SPECS), "rewrite the file"
    assert rg.coverage_gaps(reference) == []
    kinds = {k: sum(1 for s in SPECS if s.kind == k) for k in rg.KINDS}
    assert min(kinds.values()) >= 10
    # the shipped scenarios at full length for at least two seeds each
    full = {(s.scenario, s.seed) for s in SPECS if s.kind == "scenario" and not s.overrides}
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert len({seed for name, seed in full if name == path.stem}) >= 2, path.stem


def test_coverage_names_a_scenario_or_policy_no_game_plays(reference: dict) -> None:
    without = {
        k: g
        for k, g in reference.items()
        if g["spec"]["scenario"] != "reassurance" and "us:wavering" not in g["policies_used"]
    }
    assert rg.coverage_gaps(without) == ["scenario reassurance", "policy us:wavering"]


# A person answering nothing for Russia: no violations, so the tables hardly move with the seed.
@pytest.mark.parametrize(
    ("kind", "differ"),
    [
        ("scenario", {"digests", "summary", "weekly", "actors", "incidents", "events"}),
        ("human", {"digests", "summary", "record"}),
    ],
)
def test_a_different_game_under_the_same_id_is_reported(
    kind: str, differ: set[str], reference: dict, tmp_path: Path
) -> None:
    spec = next(s for s in SPECS[:QUICK] if s.kind == kind)
    other = dataclasses.replace(spec, seed=spec.seed + 100)
    played = rg.play(other, tmp_path)
    assert rg.compare(reference, {spec.id: played})[spec.id][0].startswith("spec")
    played["spec"] = spec.plain()  # as if the code, not the definition, had changed
    problems = rg.compare(reference, {spec.id: played})[spec.id]
    assert differ <= set(problems)
    assert ("record" in problems) == spec.record


def test_the_record_fingerprint_masks_only_where_the_checkout_lies(tmp_path: Path) -> None:
    spec = dataclasses.replace(SPECS[0], id="masking", overrides=("years=0.1",), record=True)
    rg.play(spec, tmp_path)
    (path,) = tmp_path.glob("*.wgr.jsonl")
    data = path.read_bytes()
    header = json.loads(data.splitlines()[0])
    source = header["scenario"]["source"]
    assert source.startswith("/")
    base = rg.record_fingerprint(data)
    moved = data.replace(source.encode(), b"/elsewhere/" + Path(source).name.encode())
    assert rg.record_fingerprint(moved) == base
    version = f'"wargame_version":"{header["wargame_version"]}"'.encode()
    assert rg.record_fingerprint(data.replace(version, b'"wargame_version":"9.9"')) == base
    week = json.loads(data.splitlines()[1])
    assert week["type"] == "week"
    seed = f'"seed":{spec.seed},'.encode()
    other_seed = data.replace(seed, f'"seed":{spec.seed + 1},'.encode(), 1)
    assert other_seed != data and rg.record_fingerprint(other_seed) != base
    digest = week["digest"].encode()
    assert rg.record_fingerprint(data.replace(digest, digest[::-1])) != base


def test_check_exits_1_and_names_the_output_that_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(DATA.read_text())
    first = SPECS[0].id
    data["games"][first]["summary"] = "0" * 64
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    assert rg.main(["--check", str(edited), "--only", "1"]) == 1
    assert f"DIFFERS {first}: summary" in capsys.readouterr().out
    assert rg.main(["--check", str(DATA), "--only", "1"]) == 0
    assert "all 1 games identical" in capsys.readouterr().out


def test_write_is_atomic_sorted_json(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "ref.json"
    assert rg.main(["--write", str(out), "--only", "2"]) == 0
    data = json.loads(out.read_text())
    assert list(data["games"]) == sorted(s.id for s in SPECS[:2])
    assert [p.name for p in out.parent.iterdir()] == ["ref.json"]  # no temporary file left
    assert data["games"] == {k: v for k, v in rg.read_reference(DATA).items() if k in data["games"]}
