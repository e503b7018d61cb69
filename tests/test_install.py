"""End to end: the built wheel works outside the checkout, and the CLI works in it.

The wheel is built from the checkout with the venv's hatchling (no network), unpacked with
`pip install --no-deps --target` into a temporary folder, and run from another folder with that
folder first on PYTHONPATH: the dependencies come from the current venv, the `wargame` package
and its shipped data from the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SUMMARY_KEYS = {
    "scenario",
    "seed",
    "weeks",
    "ceasefire_held",
    "end_cause",
    "troops_deployed",
    "troops_committed",
    "incidents",
    "casualties",
}
PIP_ENV = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("timeout", 300)
    return subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs)


def _check(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, (
        f"{' '.join(map(str, proc.args))} exited {proc.returncode}\n"
        f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}"
    )
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _check(
        _run(
            [
                *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
                *("-q", "-w", str(out), str(REPO)),
            ],
            cwd=out,
            env={**os.environ, **PIP_ENV},
        )
    )
    wheels = list(out.glob("wargame-*.whl"))
    assert len(wheels) == 1, f"expected one wargame wheel in {out}, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    _check(
        _run(
            [
                *(sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q"),
                *("--target", str(target), str(wheel)),
            ],
            cwd=target,
            env={**os.environ, **PIP_ENV},
        )
    )
    return target


def _outside(target: Path, cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run `python -c code` in `cwd` with the unpacked wheel first on the path."""
    env = {**os.environ, "PYTHONPATH": str(target)}
    return _run([sys.executable, "-c", code], cwd=cwd, env=env)


def test_wheel_ships_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "wargame/_data/maps/demarcation_line.yaml" in names
    assert "wargame/_data/scenarios/option3_heavy_area.yaml" in names
    assert any(n.startswith("wargame/_data/policies/") and not n.endswith("/") for n in names)
    assert "wargame/defaults.yaml" in names
    assert "wargame/parameters.yaml" in names  # the declarations: bounds every setting needs
    assert "wargame/cli/main.py" in names
    # Nothing from the checkout's tests or benchmarks goes into the wheel.
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_installed_package_finds_its_data(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, wargame, wargame.paths as p\n"
        "print(json.dumps({'pkg': wargame.__file__,"
        " **{k: str(p.data_dir(k)) for k in ('maps', 'scenarios', 'policies')}}))"
    )
    found = json.loads(_check(_outside(installed, tmp_path, code)).stdout)
    root = installed.resolve() / "wargame"
    assert Path(found.pop("pkg")).resolve().parent == root, "imported wargame from elsewhere"
    for kind, where in found.items():
        assert Path(where).resolve() == root / "_data" / kind
    assert (root / "_data" / "maps" / "demarcation_line.yaml").is_file()


def test_installed_cli_plays_a_game(installed: Path, tmp_path: Path) -> None:
    args = ["run", "--scenario", "option3_heavy_area", "--seed", "3", "--years", "1", "--json"]
    code = f"import sys\nfrom wargame.cli import main\nsys.exit(main({args!r}))"
    proc = _check(_outside(installed, tmp_path, code))
    summary = json.loads(proc.stdout)
    assert set(summary) >= SUMMARY_KEYS
    assert summary["seed"] == 3
    assert 1 <= summary["weeks"] <= 52
    # Running it wrote nothing into the folder it ran in.
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["maps", "scenarios", "policies"])
def test_installed_cli_lists(installed: Path, tmp_path: Path, command: str) -> None:
    code = f"import sys\nfrom wargame.cli import main\nsys.exit(main([{command!r}]))"
    proc = _check(_outside(installed, tmp_path, code))
    assert proc.stdout.strip(), f"`wargame {command}` printed nothing"
    if command == "maps":
        assert "demarcation_line" in proc.stdout
    if command == "scenarios":
        assert "option3_heavy_area" in proc.stdout


# -- the CLI in the checkout ------------------------------------------------------------------


def _run_py(*args: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "run.py", *args], cwd=REPO)


def test_run_py_json_is_deterministic() -> None:
    args = ("run", "--scenario", "default", "--seed", "1", "--json")
    first = _check(_run_py(*args))
    summary = json.loads(first.stdout)
    assert set(summary) >= SUMMARY_KEYS, f"missing keys: {SUMMARY_KEYS - set(summary)}"
    assert summary["seed"] == 1
    assert isinstance(summary["ceasefire_held"], bool)
    second = _check(_run_py(*args))
    assert first.stdout == second.stdout, "the same seed gave two different games"


def test_bad_setting_is_one_clear_line() -> None:
    from wargame.engine.posture import OPTIONS

    proc = _run_py("run", "--scenario", "default", "--seed", "1", "--set", "posture.option=foo")
    assert proc.returncode == 2, f"exit {proc.returncode}; stderr:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{proc.stderr}"
    assert "posture.option" in lines[0]
    for option in OPTIONS:
        assert option in lines[0], f"allowed value {option!r} not named in: {lines[0]}"


def test_dev_sh_play_serves_the_default_game(tmp_path: Path) -> None:
    """The README's first command, `bash dev.sh play`, starts the browser game (install skipped)."""
    pytest.importorskip("solara")
    from conftest import Server

    if Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        pytest.skip("runs only inside the checkout's .venv (as `bash dev.sh test` runs it)")
    server = Server(tmp_path / "games", command=["bash", str(REPO / "dev.sh"), "play"])
    server.start()
    try:
        with urllib.request.urlopen(server.url, timeout=30) as response:
            assert response.status == 200
            page = response.read().decode("utf-8", "replace")
        assert "solara" in page.lower(), page[:2000]
    finally:
        server.stop()
    assert server.proc is not None and server.proc.poll() is not None, "the server kept running"
    log = server.log.read_text()
    assert "installing: up to date" in log and "wargame serve" in log, log[-2000:]
