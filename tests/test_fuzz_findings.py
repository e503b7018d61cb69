"""The findings of the fuzzing report (issue 12), one test each: a clear message, no traceback."""

from __future__ import annotations

import importlib
import io
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from wargame.cli import main
from wargame.config.maps import MAX_SECTORS, load_map
from wargame.config.scenario import load_scenario
from wargame.errors import ActionError, ConfigError, WargameError
from wargame.play.record.replay import Replay
from wargame.play.session import new_game
from wargame.policies.policy import PolicyError

SECRET = "SECRET-CONTENT-c0ffee"


def _secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "etc" / "shadow"
    path.parent.mkdir()
    path.write_text(f"root:{SECRET}:19000:0:99999:7:::\nbin:*:19000::::::\n", encoding="utf-8")
    return path


def test_server_scenario_cannot_name_a_map_outside_the_games_folder(tmp_path: Path) -> None:
    games = tmp_path / "games"
    (games / "scenarios").mkdir(parents=True)
    scenario = games / "scenarios" / "evil.yaml"
    for ref in (str(_secret_file(tmp_path)), "../../etc/shadow", "/etc/passwd"):
        scenario.write_text(f"name: evil\nmap: {ref}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="map: must be a shipped map") as err:
            load_scenario(str(scenario), maps_root=games)
        assert SECRET not in str(err.value)
    inside = games / "my_map.yaml"
    inside.write_text(Path(load_map("coarse_line").path).read_text(encoding="utf-8"))
    scenario.write_text("name: mine\nmap: ../my_map.yaml\n", encoding="utf-8")
    assert load_scenario(str(scenario), maps_root=games).get("map") == "../my_map.yaml"
    scenario.write_text("name: shipped\nmap: coarse_line\n", encoding="utf-8")
    load_scenario(str(scenario), maps_root=games)


@pytest.mark.parametrize("as_what", ["map", "scenario"])
def test_errors_never_show_a_files_content(tmp_path: Path, as_what: str) -> None:
    secret = _secret_file(tmp_path)
    with pytest.raises(WargameError) as err:
        if as_what == "map":
            load_map(str(secret))
        else:
            load_scenario(str(secret))
    assert SECRET not in str(err.value) and "\n" not in str(err.value)


def test_cli_bad_map_path_prints_no_content(tmp_path: Path, capsys: Any) -> None:
    secret = _secret_file(tmp_path)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: s\nmap: {secret}\n", encoding="utf-8")
    assert main(["run", "--scenario", str(scenario), "--years", "0.04"]) == 2
    err = capsys.readouterr().err
    assert SECRET not in err and err.count("\n") == 1 and err.startswith("wargame: error: ")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (b"name: caf\xe9\n", "not UTF-8"),
        (b"[" * 100_000, "nest"),
        (b"a: " + b"{x: " * 500 + b"1" + b"}" * 500, "nested too deeply"),
        (
            "\n".join(
                ["a0: &a0 [l, l, l, l, l, l, l, l, l]"]
                + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
            ).encode(),
            "aliases are expanded",
        ),
        (b"a: &a [*a]\n", "refers to the list"),
        (b"# pad\n" * 300_000, "at most 1,000,000 allowed"),
        (b"x: !!python/object/apply:os.system ['true']\n", "constructor"),
    ],
)
@pytest.mark.parametrize("as_what", ["map", "scenario"])
def test_hostile_yaml_gets_one_message(
    tmp_path: Path, text: bytes, fragment: str, as_what: str
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(text)
    started = time.perf_counter()
    with pytest.raises(ConfigError, match=fragment) as err:
        load_map(str(path)) if as_what == "map" else load_scenario(str(path))
    assert time.perf_counter() - started < 5
    assert "\n" not in str(err.value) and len(str(err.value)) < 400


def _map_tree() -> dict[str, Any]:
    return yaml.safe_load(Path(load_map("coarse_line").path).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda t: t["sectors"][0].update(length_km=1e308), "at most 1500"),
        (lambda t: t["sectors"][0].update(length_km=math.nan), "finite"),
        (lambda t: t["hubs"][0].update(roles=0), "must be a list"),
        (lambda t: t["hubs"][0].update(roles=""), "must be a list"),
        (lambda t: t["sectors"][1].update(name=t["sectors"][0]["name"]), "duplicate name"),
        (lambda t: t["sectors"][0].update(name=" "), "must not be empty"),
        (lambda t: t["sectors"][0].update(name="x" * 5000), "at most 200 characters"),
        (lambda t: t["sectors"][0].update(name="two\nlines"), "printable"),
        (lambda t: t["hubs"][0].update(lat=1e308), "latitude"),
        (lambda t: t["sectors"].extend([t["sectors"][0]] * MAX_SECTORS), "at most 1,000"),
        (lambda t: t.update(sources=True), "sources: must be text or a list of texts"),
        (lambda t: t.update(sources=[1]), "sources: must be text or a list of texts"),
    ],
)
def test_map_values_are_bounded(tmp_path: Path, edit: Any, fragment: str) -> None:
    tree = _map_tree()
    edit(tree)
    path = tmp_path / "m.yaml"
    path.write_text(yaml.dump(tree, Dumper=_NoAliases), encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_map(str(path))


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def test_scenario_empty_nation_name_and_nan_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: s\nnations:\n  nl: {name: ''}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"nations\.nl\.name: must not be empty"):
        load_scenario(str(path))
    path.write_text("name: s\ncoalition:\n  will_recovery: .nan\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="finite"):
        load_scenario(str(path))


def test_record_asking_for_a_huge_generated_map_is_refused_quickly(tmp_path: Path) -> None:
    game = new_game("default", seed=1, overrides=["years=0.04"])
    path = tmp_path / "g.wgr.jsonl"
    game.start_recording(path)
    game.run()
    game.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["map"] = {"generated": {"n_sectors": 200_000, "length_km": 1200.0}, "sha256": "0"}
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(WargameError, match="n_sectors must be a whole number from 1 to 1000"):
        Replay(path)
    assert time.perf_counter() - started < 2


def _run_with(actor: str, decide: Any, timeout: float | None = None) -> None:
    game = new_game("default", seed=1)
    game.decision_timeout = timeout

    class Fuzzed:
        name = "fuzzed"

        def decide(self, observation: Any) -> Any:
            return decide(game)

    game.deciders[actor] = Fuzzed()
    game.run(3)


def _first_sector(game: Any) -> str:
    return game.model.map.sector_ids[0]


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda g: [{"type": ["violate"]}], "type"),
        (lambda g: [{"type": "violate", "sector": _first_sector(g), "level": True}], "level=True"),
        (lambda g: [{"type": "violate", "sector": _first_sector(g), "level": 1.0}], "level=1.0"),
        (lambda g: [{"type": "violate", "sector": _first_sector(g), "level": math.nan}], "nan"),
        (lambda g: [{"type": "violate", "sector": [_first_sector(g)], "level": 1}], "sector="),
        (lambda g: [{"type": "violate", "sector": _first_sector(g), "level": 1, 3: 4}], "param"),
        (lambda g: [{"type": "hybrid", "target": "gb"}] * 100_000, "at most"),
        (lambda g: {"type": "violate"}, "instead of a list"),
        (
            lambda g: [{"type": "prepare", "sector": _first_sector(g)}] * 50,
            "twice in one week; one prepare per sector",
        ),
    ],
)
def test_malformed_actions_are_refused(answer: Any, fragment: str) -> None:
    with pytest.raises(ActionError, match=r"week 1: policy 'fuzzed' playing russia") as err:
        _run_with("russia", answer)
    assert fragment in str(err.value) and len(str(err.value)) < 3000


def test_float_incident_id_is_refused() -> None:
    def answer(game: Any) -> Any:
        legal = game.waiting.legal
        if "respond" in legal and legal["respond"]["incident"]:
            return [{"type": "respond", "incident": float(legal["respond"]["incident"][0]),
                     "mode": legal["respond"]["mode"][0]}]  # fmt: skip
        return []

    game = new_game("default", seed=1)

    class Russia:
        name = "violator"

        def decide(self, observation: Any) -> Any:
            return [{"type": "violate", "sector": game.model.map.sector_ids[0], "level": 2}]

    class Fc:
        name = "fuzzed"

        def decide(self, observation: Any) -> Any:
            return answer(game)

    game.deciders["russia"], game.deciders["force_commander"] = Russia(), Fc()
    with pytest.raises(ActionError, match=r"incident=\d+\.0 is not allowed"):
        game.run(6)


class _Base(BaseException):
    pass


@pytest.mark.parametrize("exc", [SystemExit(0), SystemExit(3), _Base("x"), ValueError("v")])
def test_a_policy_that_raises_anything_is_a_policy_error(exc: BaseException) -> None:
    def answer(game: Any) -> Any:
        raise exc

    with pytest.raises(PolicyError, match=r"week 1: policy 'fuzzed' playing ukraine failed"):
        _run_with("ukraine", answer)


def test_a_policy_that_never_returns_is_stopped() -> None:
    def answer(game: Any) -> Any:
        end = time.monotonic() + 20
        while time.monotonic() < end:
            pass
        return []

    started = time.perf_counter()
    with pytest.raises(PolicyError, match=r"took longer than 0\.5 s and was stopped"):
        _run_with("russia", answer, timeout=0.5)
    assert time.perf_counter() - started < 5


def test_cli_policy_calling_sys_exit_does_not_exit_0(tmp_path: Path, capsys: Any) -> None:
    policy = tmp_path / "quitter.py"
    policy.write_text(
        "import sys\nfrom wargame.policies.policy import BasePolicy\n\n"
        "class Quitter(BasePolicy):\n    name = 'quitter'\n    actors = ('russia',)\n\n"
        "    def decide(self, observation):\n        sys.exit(0)\n",
        encoding="utf-8",
    )
    code = main(["run", "--years", "0.04", "--policy", f"russia={policy}:Quitter"])
    err = capsys.readouterr().err
    assert code == 2 and "SystemExit" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--years", "0.04", "--record", "{tmp}"],
        ["run", "--years", "0.04", "--out", "{tmp}/file.txt"],
        ["run", "--years", "0.04", "--record", "/proc/no/such/x.wgr.jsonl"],
        ["sweep", "--seeds", "1", "--dask", "not a url", "--out", "{tmp}/s.parquet"],
        ["sweep", "--seeds", "0", "--out", "{tmp}/s.parquet"],
        ["sensitivity", "--dask", "not a url", "--budget", "4", "--out", "{tmp}/sens"],
        ["calibrate", "--dask", "not a url", "--draws", "2", "--out", "{tmp}/cal"],
        ["discover", "--dask", "not a url", "--draws", "2", "--out", "{tmp}/disc"],
        ["experiment", "us_commitment", "--workers", "0"],
        ["check-policy", "noop", "--actor", "russia", "--weeks", "0"],
        ["check-policy", "noop", "--actor", "russia", "--weeks", "1", "--timeout", "0"],
        ["replay", "{tmp}"],
        ["replay", "{tmp}/file.txt"],
    ],
)
def test_cli_errors_are_one_line_exit_2(tmp_path: Path, capsys: Any, argv: list[str]) -> None:
    (tmp_path / "file.txt").write_text("not a folder\n", encoding="utf-8")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.err.count("\n") == 1 and captured.err.startswith("wargame: error: ")
    assert "PASSED" not in captured.out


def test_cli_negative_seed_is_a_usage_error(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "--seed", "-1"])
    assert exc.value.code == 2 and "--seed" in capsys.readouterr().err


def test_a_nation_leaves_once_a_week_and_a_unit_moves_once() -> None:
    """Repeated actions that mean nothing the second time are refused, not silently taken."""
    with pytest.raises(
        ActionError, match=r"playing gb returned 2 actions of type leave; at most 1"
    ):
        _run_with("gb", lambda g: [{"type": "leave"}] * 2)

    game = new_game("option4_counter_concentration", seed=1)  # it has mobile units
    refused: list[str] = []

    class TwoMoves:
        name = "fuzzed"

        def decide(self, observation: Any) -> Any:
            legal = game.waiting.legal.get("move_unit")
            if not legal:
                return []
            move = {"type": "move_unit", "unit": legal["unit"][0], "to": legal["to"][0]}
            return [move, dict(move)]

    game.deciders["force_commander"] = TwoMoves()
    try:
        game.run(3)
    except ActionError as exc:
        refused.append(str(exc))
    assert refused and "twice in one week; one move_unit per unit" in refused[0], refused


def test_an_interrupted_batch_says_where_its_games_are(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    """Ctrl-C in a batch: the finished games are kept, and the message says how to go on."""
    from wargame.batch import sensitivity_run

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sensitivity_run, "run_sensitivity", interrupted)
    out = tmp_path / "sens"
    assert main(["sensitivity", "--budget", "4", "--out", str(out), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert f"finished games are kept in {out}/ - run the same command with --resume" in err


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        (
            FileNotFoundError("cannot find the shipped 'scenarios' folder"),
            "cannot find the shipped",
        ),
        (FileNotFoundError(2, "No such file or directory", "x.yaml"), "x.yaml: No such file"),
        (OSError(), "OSError"),
    ],
)
def test_an_os_error_says_what_it_knows_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, raised: OSError, said: str
) -> None:
    cli_main = importlib.import_module("wargame.cli.main")  # the module, not its main()

    def fail(_args: Any) -> int:
        raise raised

    monkeypatch.setitem(cli_main.COMMANDS, "maps", fail)
    assert main(["maps"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"wargame: error: {said}")


def test_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    cli_main = importlib.import_module("wargame.cli.main")  # the module, not its main()

    def fail(_args: Any) -> int:
        raise BrokenPipeError

    monkeypatch.setitem(cli_main.COMMANDS, "maps", fail)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert main(["maps"]) == 0
