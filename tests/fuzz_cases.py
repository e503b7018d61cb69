"""Fuzz cases shared by the hypothesis tests (tests/test_fuzz_*.py) and benchmarks/fuzz_inputs.py.

Each kind has a generator `make_<kind>(rnd, folder)` that draws one hostile input from a
`random.Random` (hypothesis hands one over with `st.randoms()`), and `run_case(kind, rnd, folder)`
plays it and classifies what happened:

- `ok`: a sensible input was accepted (or refused with one clear message);
- `refused`: refused with one clear message (a WargameError: one line, no file content);
- `unclear`: refused, but the message is several lines, very long or shows a file's content;
- `traceback`: any other exception escaped (BaseException and SystemExit included);
- `hang`: the case ran longer than its time bound;
- `silent`: nonsense (NaN, infinity, negative counts, wrong types, an empty name, a map far over
  the size limit, an edited record) was accepted.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import random
import reprlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRET-CONTENT-5f1e"  # planted in foreign files: no message may show it
KINDS = ("scenario", "map", "record", "cli", "policy")
OUTCOMES = ("ok", "refused", "unclear", "traceback", "hang", "silent")
CASE_SECONDS = 8.0  # a case running longer than this is a hang
MAX_MESSAGE = 3000


class Hang(BaseException):
    """Raised by the alarm when a case runs too long."""


@dataclass
class Result:
    """What one case did."""

    kind: str
    outcome: str
    detail: str


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang()


def bounded(fn: Callable[[], Any], seconds: float = CASE_SECONDS) -> Any:
    """Run `fn` with a wall-clock bound (SIGALRM, main thread); raise Hang past it."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- values ------------------------------------------------------------------------------------

NONSENSE_NUMBERS = [math.nan, math.inf, -math.inf, -1, -0.5, -1e9, -(10**30)]
HUGE = [1e308, 10**30, 2**63, 1e16]
WRONG_TYPES: list[Any] = [True, False, None, "", " ", "x", [], {}, [1, 2], {"a": 1}, "nan", "1e3"]


def deep(n: int) -> Any:
    """A list nested n deep."""
    value: Any = 0
    for _ in range(n):
        value = [value]
    return value


def nonsense_value(rnd: random.Random) -> Any:
    """A value no numeric setting may take."""
    pool = NONSENSE_NUMBERS + WRONG_TYPES + [deep(rnd.choice([3, 40]))]
    return rnd.choice(pool)


def is_nonsense_for(default: Any, value: Any) -> bool:
    """Whether `value` is certainly wrong where `default` is the kind of value expected."""
    if isinstance(default, bool):
        return not isinstance(value, bool)
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return True
        return not math.isfinite(value) or value < 0
    if isinstance(default, str):
        return not isinstance(value, str) or not value.strip()
    if isinstance(default, list):
        return not isinstance(value, list) or len(value) != len(default)
    return False


def bad_numbers(node: Any, prefix: str = "") -> list[str]:
    """Paths of NaN, infinite or negative numbers, and empty strings, in a parsed tree."""
    out: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if str(k) in ("description",):
                continue
            out += bad_numbers(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += bad_numbers(v, f"{prefix}[{i}]")
    elif (
        (isinstance(node, float) and not math.isfinite(node))
        or (isinstance(node, int | float) and not isinstance(node, bool) and node < 0)
        or (isinstance(node, str) and not node.strip())
    ):
        out.append(prefix)
    return out


def leaves(node: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) for each leaf of a settings tree (lists are leaves)."""
    if isinstance(node, dict) and node:
        out: list[tuple[str, Any]] = []
        for k, v in node.items():
            out += leaves(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    return [(prefix, node)]


def set_path(tree: dict[str, Any], dotted: str, value: Any) -> None:
    """Set a dotted path in a nested dict, creating sections."""
    parts = dotted.split(".")
    node = tree
    for p in parts[:-1]:
        node = node.setdefault(p, {}) if isinstance(node.get(p), dict) or p not in node else {}
    node[parts[-1]] = value


def garbage_text(rnd: random.Random) -> bytes:
    """Files that are not YAML/JSON of the expected shape."""
    choice = rnd.randrange(12)
    if choice == 0:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200)))
    if choice == 1:
        return b"name: \xff\xfe caf\xe9\n"  # not UTF-8
    if choice == 2:
        return b"[" * rnd.choice([200, 5000, 50000])
    if choice == 3:
        return ("a: " + "{x: " * rnd.choice([60, 2000]) + "1" + "}" * 0).encode()
    if choice == 4:  # billion laughs
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in range(1, 10):
            prev = f"*a{i - 1}"
            lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
        lines.append("name: *a9")
        return "\n".join(lines).encode()
    if choice == 5:
        return b"# padding\n" * rnd.choice([10, 300_000])  # up to 3 MB of comments
    if choice == 6:
        return f"{SECRET}: [unclosed\n{SECRET} line two\n".encode()
    if choice == 7:
        return f"root:x:0:0:{SECRET}:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n".encode()
    if choice == 8:
        return b"- just\n- a list\n"
    if choice == 9:
        return b"!!python/object/apply:os.system ['echo pwned']\n"
    if choice == 10:
        return b"\t\tname: tabbed\n"
    return b""


def mutate_text(rnd: random.Random, text: str) -> str:
    """A few random character edits of a text."""
    chars = list(text)
    for _ in range(rnd.randrange(1, 4)):
        if not chars:
            break
        i = rnd.randrange(len(chars))
        op = rnd.randrange(3)
        if op == 0:
            del chars[i]
        elif op == 1:
            chars.insert(i, rnd.choice(":-[]{}&*!|>'\"#\n\t 0a."))
        else:
            chars[i] = rnd.choice(":-[]{}&*!|>'\"#\n\t 0a.")
    return "".join(chars)


# --- scenarios ---------------------------------------------------------------------------------


def _defaults() -> dict[str, Any]:
    with (ROOT / "src" / "wargame" / "defaults.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_DEFAULTS = _defaults()
_SCENARIO_LEAVES = [
    (k, v) for k, v in leaves(_DEFAULTS) if not k.startswith("policies") and k != "map"
]


def foreign_file(folder: Path) -> Path:
    """A file outside any games folder holding a secret (stands for /etc/shadow)."""
    path = folder / "outside" / "shadow"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"root:{SECRET}:19000:0:99999:7:::\n", encoding="utf-8")
    return path


def make_scenario(rnd: random.Random, folder: Path) -> tuple[bytes, bool | None]:
    """(scenario file bytes, nonsense?): None when the input may be right or wrong."""
    choice = rnd.randrange(10)
    base = {"name": "fuzz", "description": "a fuzzed scenario", "years": 0.1}
    if choice <= 3:  # one setting set to a value of the wrong kind
        key, default = rnd.choice(_SCENARIO_LEAVES)
        value = nonsense_value(rnd) if rnd.random() < 0.8 else rnd.choice(HUGE)
        BOUNDS_CASE[0] = value in HUGE
        tree = json.loads(json.dumps(base))
        set_path(tree, key, value)
        nonsense = is_nonsense_for(default, value) or None
        return yaml.safe_dump(tree).encode(), nonsense
    if choice == 4:  # a map reference that is not a shipped map nor in the games folder
        ref = rnd.choice(
            [str(foreign_file(folder)), "/etc/passwd", "../../outside/shadow", "/", ".", "~"]
        )
        return yaml.safe_dump({**base, "map": ref}).encode(), True
    if choice == 5:  # a new nation with a bad field
        nation = dict(_DEFAULTS["nations"]["nl"])
        field = rnd.choice(sorted(nation))
        value = rnd.choice(["", " ", None, -1, math.nan, [], 1e308])
        BOUNDS_CASE[0] = value == 1e308
        nation[field] = value
        code = rnd.choice(["zz", "ZZ", "zzz", "", "1", "no"])
        tree = {**base, "nations": {code: nation}}
        # 1e308 for a count or a sensitivity is a bound's business (parameters.py, sec-params)
        return yaml.safe_dump(tree).encode(), (value != 1e308 or code != "zz") or None
    if choice == 6:  # an unknown key somewhere
        tree = {**base, rnd.choice(["posture", "russia", "rules"]): {"no_such_key": 1}}
        return yaml.safe_dump(tree).encode(), True
    if choice == 7:
        text = (ROOT / "scenarios" / rnd.choice(_SHIPPED_SCENARIOS)).read_text(encoding="utf-8")
        return mutate_text(rnd, text).encode(), None
    return garbage_text(rnd), None


_SHIPPED_SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def run_scenario(rnd: random.Random, folder: Path) -> Result:
    """Load a fuzzed scenario the way the server does (games/scenarios/), then play 2 weeks."""
    from wargame.config.scenario import load_scenario
    from wargame.play.session import Game

    data, nonsense = make_scenario(rnd, folder)
    games = folder / "games"
    path = games / "scenarios" / f"fuzz{rnd.randrange(10**6)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

    def play() -> Any:
        try:
            scenario = load_scenario(str(path), maps_root=games)
        except TypeError as exc:  # older code: no maps_root
            if "maps_root" not in str(exc):
                raise
            scenario = load_scenario(str(path))
        game = Game(scenario, seed=1)
        game.run(2)
        return scenario

    return _classify("scenario", play, nonsense, lambda s: bad_numbers(s.settings))


# --- maps --------------------------------------------------------------------------------------

_MAP = yaml.safe_load((ROOT / "maps" / "coarse_line.yaml").read_text(encoding="utf-8"))


def _map_targets(tree: dict[str, Any]) -> list[tuple[list[Any], Any]]:
    """(path of keys, value) for each scalar field of the map."""
    out: list[tuple[list[Any], Any]] = []

    def walk(node: Any, path: list[Any]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, [*path, k])
        elif isinstance(node, list) and node and isinstance(node[0], dict | list):
            for i, v in enumerate(node):
                walk(v, [*path, i])
        else:
            out.append((path, node))

    walk(tree, [])
    return out


def make_map(rnd: random.Random, folder: Path) -> tuple[bytes, bool | None]:
    """(map file bytes, nonsense?)."""
    choice = rnd.randrange(10)
    tree = json.loads(json.dumps(_MAP))
    if choice <= 4:
        path, _old = rnd.choice(_map_targets(tree))
        node = tree
        for p in path[:-1]:
            node = node[p]
        last = path[-1]
        if last in ("length_km", "lon", "lat", "km"):
            value = rnd.choice([*NONSENSE_NUMBERS, 1e308, 1e6, 400.0, True, "10", None])
            nonsense = value != 400.0
            if last in ("lon", "lat") and isinstance(value, int | float):
                # a negative longitude or latitude is a place; only the range is wrong
                nonsense = isinstance(value, bool) or not -90 <= value <= 90
        elif last in ("roles", "neighbours", "ports", "via"):
            value = rnd.choice([0, 1, "", "x", None, {}, [None], [1], [""], True])
            nonsense = value not in (None,) and (value != [] or last == "ports")
            if value is None and last in ("neighbours", "ports"):
                nonsense = True
            if value is None and last in ("roles", "via"):
                nonsense = None
        else:
            value = rnd.choice(["", " ", None, 0, 1.5, True, [], {"a": 1}, "x" * 5000])
            nonsense = value != "x" * 5000 or last == "id" or None
            if last == "description" and (value is None or value in ("", " ")):
                nonsense = None  # an optional text left blank is the same as none
        node[last] = value
        return yaml.safe_dump(tree, sort_keys=False).encode(), nonsense
    if choice == 5:  # many sectors: over the limit must be refused before any graph is built
        n = rnd.choice([1500, 20_000])
        sectors = []
        for i in range(n):
            sectors.append(
                {
                    "id": f"s{i}",
                    "name": f"S{i}",
                    "oblast": "Donetsk",
                    "length_km": 1.0,
                    "terrain": "open",
                    "lon": 37.0,
                    "lat": 48.0,
                    "neighbours": [f"s{j}" for j in (i - 1, i + 1) if 0 <= j < n],
                    "ua_rear": tree["hubs"][0]["id"],
                    "ru_rear": next(h["id"] for h in tree["hubs"] if h["side"] == "ru"),
                }
            )
        tree["sectors"] = sectors
        return json.dumps(tree).encode(), True  # JSON is YAML: quick to write and to read
    if choice == 6:  # duplicate names / ids
        tree["sectors"][1]["id"] = tree["sectors"][0]["id"]
        return yaml.safe_dump(tree, sort_keys=False).encode(), True
    if choice == 7:
        text = (ROOT / "maps" / "coarse_line.yaml").read_text(encoding="utf-8")
        return mutate_text(rnd, text).encode(), None
    return garbage_text(rnd), None


def run_map(rnd: random.Random, folder: Path) -> Result:
    """Load a fuzzed map file and build a game on it."""
    from wargame.config.maps import load_map

    data, nonsense = make_map(rnd, folder)
    path = folder / f"map{rnd.randrange(10**6)}.yaml"
    path.write_bytes(data)

    def check(m: Any) -> list[str]:
        bad = [s.id for s in m.sectors if not math.isfinite(s.length_km) or s.length_km > 5000]
        bad += [s.id for s in m.sectors if not s.name.strip()]
        if len(m.sectors) > 1000:
            bad.append(f"{len(m.sectors)} sectors")
        return bad

    return _classify("map", lambda: load_map(str(path)), nonsense, check)


# --- records -----------------------------------------------------------------------------------

_RECORD_CACHE: dict[str, str] = {}


def base_record(folder: Path) -> str:
    """The text of a short recorded game (made once per process)."""
    if "text" not in _RECORD_CACHE:
        from wargame.play.session import new_game

        path = folder / "base.wgr.jsonl"
        game = new_game("option4_counter_concentration", seed=3, overrides=["years=0.12"])
        game.start_recording(path)
        game.run()
        game.close()
        _RECORD_CACHE["text"] = path.read_text(encoding="utf-8")
    return _RECORD_CACHE["text"]


def make_record(rnd: random.Random, folder: Path) -> tuple[bytes, bool | None]:
    """(record bytes, nonsense?): True when the content differs from the recorded game."""
    text = base_record(folder)
    lines = text.splitlines()
    choice = rnd.randrange(10)
    if choice == 0:
        data = bytearray(text.encode())
        for _ in range(rnd.randrange(1, 4)):
            i = rnd.randrange(len(data))
            data[i] = rnd.randrange(256)
        return bytes(data), None
    if choice == 1:
        cut = rnd.randrange(len(text))
        return text[:cut].encode(), None
    if choice == 2:
        i = rnd.randrange(len(lines))
        op = rnd.randrange(3)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        else:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        return ("\n".join(lines) + "\n").encode(), None
    if choice in (3, 4, 5):  # a header or week value edited
        i = 0 if choice != 5 else rnd.randrange(1, len(lines))
        obj = json.loads(lines[i])
        targets = [(p, v) for p, v in _json_leaves(obj) if p and p[-1] != "check"]
        path, _ = rnd.choice(targets)
        value = rnd.choice([*NONSENSE_NUMBERS[3:], *WRONG_TYPES, 1e308, "x" * 3])
        _put(obj, path, value)
        lines[i] = json.dumps(obj)
        return ("\n".join(lines) + "\n").encode(), None
    if choice == 6:  # a generated map far over the limit
        obj = json.loads(lines[0])
        n = rnd.choice([5000, 200_000, -3, "many", 2.5])
        obj["map"] = {"generated": {"n_sectors": n, "length_km": 1200.0}, "sha256": "0"}
        lines[0] = json.dumps(obj)
        return ("\n".join(lines) + "\n").encode(), True
    if choice == 7:
        n = rnd.choice([100, 100_000])
        return ("[" * n + "]" * n + "\n").encode(), True
    if choice == 8:
        return b"\xff\xfe" + text.encode()[:200], True
    return garbage_text(rnd), True


def _json_leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        out: list[tuple[tuple[Any, ...], Any]] = []
        for k, v in node.items():
            out += _json_leaves(v, (*path, k))
        return out or [(path, node)]
    if isinstance(node, list) and node:
        out = []
        for i, v in enumerate(node):
            out += _json_leaves(v, (*path, i))
        return out
    return [(path, node)]


def _put(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def run_record(rnd: random.Random, folder: Path) -> Result:
    """Load and verify a fuzzed record; an edited record that verifies is a silent acceptance."""
    from wargame.play.record.replay import Replay

    original = [json.loads(x) for x in base_record(folder).splitlines()]
    data, nonsense = make_record(rnd, folder)
    path = folder / f"rec{rnd.randrange(10**6)}.wgr.jsonl"
    path.write_bytes(data)
    if nonsense is None:
        try:
            edited = [json.loads(x) for x in data.decode("utf-8").splitlines()]
            nonsense = edited != original or None
        except (UnicodeDecodeError, ValueError, RecursionError):
            nonsense = True

    def play() -> Any:
        replay = Replay(path)
        # A cut-off record replays up to its last whole week and says it is incomplete.
        return replay.verify() and not replay.record.truncated

    return _classify("record", play, nonsense, lambda verified: [] if verified else None)


# --- the command line --------------------------------------------------------------------------

_SET_VALUES = [
    "nan",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    "-0.5",
    "-1e9",
    "[1, 2]",
    "{a: 1}",
    "",
    "true",
    "x",
    "1e308",
    "0",
    "!!python/object/apply:os.system ['true']",
    "&a [*a]",
    "[" * 3000,
    "3",
    "0.5",
]
_NONSENSE_SET = {"nan", ".nan", ".inf", "-.inf", "-1", "-0.5", "-1e9", "[1, 2]", "{a: 1}", ""}


def make_cli(rnd: random.Random, folder: Path) -> tuple[list[str], bool | None]:
    """(argv, nonsense?)."""
    choice = rnd.randrange(12)
    short = ["--years", "0.04"]
    if choice <= 3:
        key, default = rnd.choice(_SCENARIO_LEAVES)
        if rnd.random() < 0.15:
            key = rnd.choice(["", ".", "posture..option", "nope", "nations.zz.name", "policies"])
            default = None
        value = rnd.choice(_SET_VALUES)
        BOUNDS_CASE[0] = value == "1e308"
        nonsense: bool | None
        if default is None:
            nonsense = True
        elif isinstance(default, int | float) and not isinstance(default, bool):
            nonsense = value in _NONSENSE_SET or value in ("true", "x") or None
        elif isinstance(default, str):
            nonsense = value in ("", "[1, 2]", "{a: 1}") or None  # 'nan' is text here
        else:
            nonsense = None
        return ["run", *short, "--set", f"{key}={value}"], nonsense
    if choice == 4:
        target = rnd.choice([str(folder), "/proc/nope/x.jsonl", str(_a_file(folder) / "x")])
        return ["run", *short, "--record", target], True
    if choice == 5:
        target = rnd.choice(["/proc/nope", str(_a_file(folder)), str(_a_file(folder) / "sub")])
        return ["run", *short, "--out", target], True
    if choice == 6:
        address = rnd.choice(["not a url", "tcp://", "http://[::1", "tcp://256.0.0.1:99999"])
        out = str(folder / "sw.parquet")
        return ["sweep", "--seeds", "1", "--years", "0.04", "--dask", address, "--out", out], True
    if choice == 7:
        weeks = rnd.choice(["0", "-3"])
        return ["check-policy", "noop", "--actor", "russia", "--weeks", weeks], True
    if choice == 8:
        seed = rnd.choice(["-1", "-99999999999999999999"])
        return ["run", *short, "--seed", seed], True
    if choice == 9:
        years = rnd.choice(["nan", "inf", "-1", "0", "1e308", "1e-9"])
        return ["run", "--years", years], True
    if choice == 10:
        target = rnd.choice(
            [str(folder), str(_a_file(folder)), "/proc/nope", str(foreign_file(folder))]
        )
        extra = rnd.choice([[], ["--to-week", "-1"], ["--to-week", "99999999"], ["--verify"]])
        return ["replay", target, *extra], True
    bad = rnd.choice(
        [
            ["run", "--scenario", str(foreign_file(folder))],
            ["run", *short, "--policy", "russia=" + str(foreign_file(folder))],
            ["run", *short, "--policy", "russia="],
            ["run", *short, "--set", "map=" + str(foreign_file(folder))],
            ["sweep", "--seeds", "0", "--years", "0.04", "--out", str(folder / "s.parquet")],
            ["sweep", "--seeds", "1", "--workers", "-2", "--out", str(folder / "s.parquet")],
        ]
    )
    return bad, True


def _a_file(folder: Path) -> Path:
    path = folder / "plain_file.txt"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


def run_cli(rnd: random.Random, folder: Path) -> Result:
    """Run `wargame ARGS` in this process; it must exit 2 with one line, or succeed sensibly."""
    from wargame.cli import main

    argv, nonsense = make_cli(rnd, folder)
    out, err = io.StringIO(), io.StringIO()

    def call() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                return main(argv)
            except SystemExit as exc:  # argparse's usage errors exit 2 themselves
                if exc.code == 2 and "usage:" in err.getvalue():
                    return 2
                raise

    started = time.perf_counter()
    try:
        code = bounded(call)
    except Hang:
        return Result("cli", "hang", f"{argv}: over {CASE_SECONDS} s")
    except BaseException as exc:
        return Result("cli", "traceback", f"{argv}: {type(exc).__name__}: {_short(exc)}")
    text = err.getvalue()
    detail = f"{argv} -> exit {code} ({time.perf_counter() - started:.1f} s): {_short(text)}"
    if code == 2:
        errors = [ln for ln in text.splitlines() if "error" in ln]
        if len(errors) != 1 or "Traceback" in text or SECRET in text + out.getvalue():
            return Result("cli", "unclear", detail)
        return Result("cli", "refused", detail)
    if code not in (0, 1):
        return Result("cli", "traceback", detail)
    if "Traceback" in text + out.getvalue():
        return Result("cli", "traceback", detail)
    if (nonsense and code == 0) or (nonsense and "PASSED" in out.getvalue()):
        return Result("cli", "silent", detail)
    return Result("cli", "ok", detail)


# --- policy outputs ----------------------------------------------------------------------------

POLICY_ACTORS = ("russia", "ukraine", "monitor", "us", "force_commander", "gb")


class Boom(BaseException):
    """A BaseException a policy might raise."""


def _legal_action(rnd: random.Random, legal: dict[str, Any]) -> dict[str, Any]:
    kind = rnd.choice(sorted(legal))
    action: dict[str, Any] = {"type": kind}
    for name, allowed in legal[kind].items():
        action[name] = rnd.choice(allowed) if allowed else 0
    return action


def bad_actions(rnd: random.Random, legal: dict[str, Any]) -> Any:
    """An answer that is not a list of legal actions (or a misbehaving policy)."""
    choice = rnd.randrange(8)
    if choice == 0:
        return rnd.choice(
            [None, {}, "violate", 3, {"type": "violate"}, (x for x in []), b"[]", math.nan]
        )
    if choice == 1:
        return [rnd.choice([None, 1, "x", [], ["violate"], {"type": None}, {1: 2}, deep(50)])]
    action = _legal_action(rnd, legal)
    params = [k for k in action if k != "type"]
    if choice == 2:
        action["type"] = rnd.choice([[action["type"]], (action["type"],), 1, None, ""])
    elif choice == 3 and params:
        name = rnd.choice(params)
        value = action[name]
        if isinstance(value, int):
            action[name] = rnd.choice([float(value), value == 1, str(value), math.nan, -value - 1])
        else:
            action[name] = rnd.choice([[value], value.upper() + "_", None, 1, math.nan])
    elif choice == 4:
        action[rnd.choice(["extra", "type2", 1, ""])] = 1
    elif choice == 5 and params:
        del action[rnd.choice(params)]
    elif choice == 6:
        return [action] * rnd.choice([50, 10_000])
    else:
        action = {**action, "type": action["type"] + " "}
    return [action]


def make_policy_case(rnd: random.Random) -> tuple[str, int, Callable[[Any], Any], bool]:
    """(actor, week, decide function, nonsense?)."""
    actor = rnd.choice(POLICY_ACTORS)
    week = rnd.randrange(1, 4)
    mode = rnd.randrange(10)
    seed = rnd.randrange(10**6)

    def decide(observation: Any, legal: dict[str, Any], now: int) -> Any:
        if now != week:
            return []
        r = random.Random(seed)
        if mode == 0:
            return [_legal_action(r, legal)]
        if mode == 1:
            exc = r.choice([ValueError("bad"), Boom("base"), SystemExit(0), SystemExit(3)])
            raise exc
        if mode == 2:  # never returns (bounded so an abandoned thread ends in the end)
            end = time.monotonic() + 30
            while time.monotonic() < end:
                pass
        return bad_actions(r, legal)

    return actor, week, decide, mode != 0


def run_policy(rnd: random.Random, folder: Path) -> Result:
    """Play 3 weeks where one actor's policy answers with fuzz at one week."""
    from wargame.play.session import new_game

    actor, week, decide, nonsense = make_policy_case(rnd)
    game = new_game("option4_counter_concentration", seed=rnd.randrange(100))
    if hasattr(game, "decision_timeout"):
        game.decision_timeout = 2.0

    delivered = [False]
    given: list[Any] = [None]

    class Fuzzed:
        name = "fuzzed"

        def decide(self, observation: Any) -> Any:
            decision = game.waiting
            legal = decision.legal if decision is not None else {}
            answer = decide(observation, legal, game.model.week)
            if game.model.week == week:
                delivered[0] = True
                given[0] = answer
            return answer

    game.deciders[actor] = Fuzzed()

    def play() -> Any:
        game.run(3)
        return game

    def problems(_: Any) -> list[str]:
        if nonsense and delivered[0]:
            return [f"{actor} week {week}: took {reprlib.repr(given[0])}"]
        return []

    return _classify("policy", play, False, problems)


# --- classification ----------------------------------------------------------------------------


def _short(value: Any, n: int = 300) -> str:
    text = str(value).replace("\n", "\\n")
    return text if len(text) <= n else text[:n] + "..."


def _classify(
    kind: str,
    fn: Callable[[], Any],
    nonsense: bool | None,
    problems: Callable[[Any], list[str] | None],
) -> Result:
    """Run a case and say what happened (see the module docstring)."""
    from wargame.errors import WargameError

    try:
        value = bounded(fn)
    except Hang:
        return Result(kind, "hang", f"over {CASE_SECONDS} s")
    except WargameError as exc:
        message = str(exc)
        if "\n" in message or len(message) > MAX_MESSAGE or SECRET in message:
            return Result(kind, "unclear", _short(message, 500))
        return Result(kind, "refused", _short(message))
    except BaseException as exc:
        return Result(kind, "traceback", f"{type(exc).__name__}: {_short(exc)}")
    found = problems(value)
    if found is None:  # not an acceptance (e.g. a record reported as not verified)
        return Result(kind, "refused", "reported")
    if found:
        return Result(kind, "silent", f"accepted: {', '.join(found[:5])}")
    if nonsense:
        return Result(kind, "silent", "accepted nonsense")
    return Result(kind, "ok", "accepted")


RUNNERS: dict[str, Callable[[random.Random, Path], Result]] = {
    "scenario": run_scenario,
    "map": run_map,
    "record": run_record,
    "cli": run_cli,
    "policy": run_policy,
}


def run_case(kind: str, rnd: random.Random, folder: Path) -> Result:
    """Draw and run one case of a kind."""
    BOUNDS_CASE[0] = False
    return RUNNERS[kind](rnd, folder)


# Whether the last case set a setting to a huge but well-typed value (1e308 brigades): refusing
# those needs the declared bounds of every setting (wargame.config.parameters, branch sec-params).
BOUNDS_CASE = [False]


def bounds_declared() -> bool:
    """Whether this wargame declares bounds for every setting (wargame.config.parameters)."""
    try:
        import wargame.config.parameters  # noqa: F401
    except ImportError:
        return False
    return True
