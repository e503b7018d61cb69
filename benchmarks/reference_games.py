"""The reference games: a fixed set of games whose outputs are fingerprinted, to prove a change
that should not change any game (a refactoring, a speed-up) left every game byte-identical.

    python benchmarks/reference_games.py --check tests/data/reference_games.json
    python benchmarks/reference_games.py --check tests/data/reference_games.json --only 25
    python benchmarks/reference_games.py --write tests/data/reference_games.json
    python benchmarks/reference_games.py --list

Each game is played week by week through the session (a person's seat answered by a fixed rule
where the game has one) and fingerprinted (SHA-256) output by output: its record file (where
the game is recorded; non-game fields masked, see `record_fingerprint`), its per-week state
digests, its summary, and its weekly, actor, incident and event tables. `--check` plays the
games again and names, per game, the outputs that differ; it exits 1 on any difference.
Rewrite the file (`--write`) only when a change is meant to change games, and say so in the
commit. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

# -- the project's names: the only ones this file imports -------------------------------------
# When modules move, fix these three imports; nothing else in this file names a module.
# Attributes used on what they return: Game.advance/.submit/.over/.week/.close/.summary/
# .weekly/.actors_weekly/.incidents/.events/.scenario.to_dict(), Game.model.horizon/
# .state_digest()/.decide()/.decider_name()/.actors; PolicyInfo.name/.actors.
from wargame.config.maps import generate_line_map
from wargame.play.session import new_game
from wargame.policies.registry import list_policies

# ----------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
FORMAT = 1  # of the fingerprint file
OUTPUTS = ("record", "digests", "summary", "weekly", "actors", "incidents", "events")
SCENARIOS = (
    "default",
    "no_guarantee",
    "option1_monitoring",
    "option2_light_area",
    "option3_heavy_area",
    "option4_counter_concentration",
    "reassurance",
)
# Shipped scenarios short by design (the tutorial: one year), played at full length only; kept
# apart from SCENARIOS so that the games which rotate through SCENARIOS stay as they were.
SHORT_SCENARIOS = ("tutorial",)
# Every built-in policy family per actor kind (`wargame policies`); the coverage test checks
# this against the registry, so a new family must be added here (and the file rewritten).
FAMILIES: dict[str, tuple[str, ...]] = {
    "russia": ("compliant", "opportunist", "prober", "regime_change"),
    "ukraine": ("hold_the_line", "resistance"),
    "nation": ("casualty_averse", "public_opinion", "steadfast"),
    "us": ("backstop", "c4isr", "none", "wavering"),
    "monitor": ("patrol_evenly", "patrol_hotspots"),
    "force_commander": ("denial", "intelligence_driven", "punishment", "restraint"),
}
# The default family per actor kind (registry.default_policy_name), and the US's per scenario
# (its `us.commitment`): the policy games play the others.
DEFAULT_FAMILY = {
    "russia": "prober",
    "ukraine": "hold_the_line",
    "nation": "public_opinion",
    "monitor": "patrol_evenly",
    "force_commander": "denial",
}
US_DEFAULT = {
    "default": "backstop",
    "no_guarantee": "none",
    "option1_monitoring": "backstop",
    "option2_light_area": "backstop",
    "option3_heavy_area": "backstop",
    "option4_counter_concentration": "backstop",
    "reassurance": "c4isr",
}
SINGLE_ACTORS = ("russia", "ukraine", "us", "monitor", "force_commander")
EXTRA_CODES = [f"x{c}" for c in "abcdefghijklmnopqrstuvwxyz"]  # as bench_engine.py
KINDS = ("scenario", "policy", "map", "nations", "human")


@dataclasses.dataclass(frozen=True)
class Spec:
    """One reference game: what to play and how a person's seat answers."""

    id: str
    kind: str
    scenario: str = "default"
    seed: int = 1
    overrides: tuple[str, ...] = ()
    policies: tuple[tuple[str, str], ...] = ()
    sectors: int | None = None  # a generated line map of this many sectors
    nations: int | None = None  # the default coalition cycled to this many nations
    humans: tuple[str, ...] = ()
    answer: str = "nothing"  # a person answers with no actions, or with the policy's own
    ask_every: int = 1  # a person is asked in weeks divisible by this (else the policy plays)
    record: bool = False

    def plain(self) -> dict[str, Any]:
        """The spec as JSON-able data."""
        out = dataclasses.asdict(self)
        out["overrides"] = list(self.overrides)
        out["policies"] = dict(self.policies)
        out["humans"] = list(self.humans)
        return out


def years(n: float) -> tuple[str, ...]:
    """The override that shortens a game to n years."""
    return (f"years={n:g}",)


def _scenario_games() -> list[Spec]:
    out = []
    for seed in (3, 4, 5):  # short games first: the quick test takes the first few
        for name in SCENARIOS:
            out.append(
                Spec(f"scenario/{name}/s{seed}/2y", "scenario", name, seed, overrides=years(2))
            )
    for seed in (1, 2):  # full length (ten years unless the ceasefire ends), recorded
        for name in (*SCENARIOS, *SHORT_SCENARIOS):
            out.append(Spec(f"scenario/{name}/s{seed}/full", "scenario", name, seed, record=True))
    return out


def _policy_games() -> list[Spec]:
    # Each actor's non-default families (the defaults play in every scenario game), in
    # scenarios that rotate with the seed so a family plays under several postures; the US's
    # default follows the scenario, so its families skip the scenarios where they are it.
    places = (
        "default",
        "option1_monitoring",
        "option2_light_area",
        "option4_counter_concentration",
        "reassurance",
    )
    choices = [
        (kind, families[j])
        for j in range(max(len(f) for f in FAMILIES.values()))  # kinds interleaved
        for kind, families in FAMILIES.items()
        if j < len(families) and (kind == "us" or families[j] != DEFAULT_FAMILY[kind])
    ]
    out = []
    for seed in (1, 2, 3, 4, 5):
        for i, (kind, family) in enumerate(choices):
            where = [p for p in places if kind != "us" or US_DEFAULT[p] != family]
            scenario = where[(seed + i) % len(where)]
            actor = "nations" if kind == "nation" else kind
            out.append(
                Spec(
                    f"policy/{kind}={family}/{scenario}/s{seed}",
                    "policy",
                    scenario,
                    seed,
                    overrides=years(5),
                    policies=((actor, family),),
                )
            )
    mixes = (
        (("russia", "opportunist"), ("ukraine", "resistance"), ("nations", "steadfast")),
        (("us", "wavering"), ("monitor", "patrol_hotspots"), ("force_commander", "punishment")),
        (("russia", "regime_change"), ("nations", "casualty_averse"), ("gb", "steadfast")),
        (("force_commander", "intelligence_driven"), ("us", "c4isr"), ("russia", "opportunist")),
    )
    for i, mix in enumerate(mixes):
        for seed in (5, 6):
            out.append(
                Spec(
                    f"policy/mix{i + 1}/option3_heavy_area/s{seed}",
                    "policy",
                    "option3_heavy_area",
                    seed,
                    overrides=years(4),
                    policies=mix,
                )
            )
    return out


def _map_games() -> list[Spec]:
    out = []
    length = {12: 4, 96: 3, 240: 1}
    for seed in (1, 2, 3):
        for n in (12, 96, 240):
            out.append(
                Spec(f"map/{n}/s{seed}", "map", seed=seed, overrides=years(length[n]), sectors=n)
            )
    for n in (12, 96, 240):
        out.append(
            Spec(
                f"map/{n}/russia=compliant/s4",
                "map",
                seed=4,
                overrides=years(length[n]),
                policies=(("russia", "compliant"),),
                sectors=n,
            )
        )
        out.append(
            Spec(
                f"map/{n}/option2_light_area/s5/recorded",
                "map",
                "option2_light_area",
                5,
                overrides=years(length[n]),
                sectors=n,
                record=True,
            )
        )
    return out


def _nation_games() -> list[Spec]:
    out = []
    for seed in (1, 2, 3):
        for n in (6, 36):
            out.append(
                Spec(f"nations/{n}/s{seed}", "nations", seed=seed, overrides=years(3), nations=n)
            )
    for n in (6, 36):
        out.append(
            Spec(
                f"nations/{n}/russia=compliant/s4",
                "nations",
                seed=4,
                overrides=years(2),
                policies=(("russia", "compliant"),),
                nations=n,
            )
        )
        out.append(
            Spec(
                f"nations/{n}/nations=casualty_averse/s5/recorded",
                "nations",
                seed=5,
                overrides=years(3),
                policies=(("nations", "casualty_averse"),),
                nations=n,
                record=True,
            )
        )
    return out


def _human_games() -> list[Spec]:
    out = []
    seats = (*SINGLE_ACTORS, "gb")
    for i, seat in enumerate(seats):
        for k, answer in enumerate(("nothing", "policy")):
            out.append(
                Spec(
                    f"human/{seat}/{answer}/s{i + 1 + 20 * k}",
                    "human",
                    SCENARIOS[(i + k) % len(SCENARIOS)],
                    i + 1 + 20 * k,
                    overrides=years(2),
                    humans=(seat,),
                    answer=answer,
                    record=True,
                )
            )
    out += [
        Spec(
            "human/russia+force_commander/policy/every3/s7",
            "human",
            "option2_light_area",
            7,
            overrides=years(3),
            humans=("russia", "force_commander"),
            answer="policy",
            ask_every=3,
            record=True,
        ),
        Spec(
            "human/ukraine+monitor+us/nothing/every2/s8",
            "human",
            "option1_monitoring",
            8,
            overrides=years(3),
            humans=("ukraine", "monitor", "us"),
            ask_every=2,
            record=True,
        ),
        Spec(
            "human/force_commander/nothing/full/s9",  # as test_records' resumed game
            "human",
            "default",
            9,
            humans=("force_commander",),
            record=True,
        ),
        Spec(
            "human/russia/policy/96-sectors/s10",
            "human",
            seed=10,
            overrides=years(2),
            sectors=96,
            humans=("russia",),
            answer="policy",
            record=True,
        ),
        Spec(
            "human/gb/nothing/36-nations/s11",
            "human",
            seed=11,
            overrides=years(2),
            nations=36,
            humans=("gb",),
            record=True,
        ),
    ]
    return out


def reference_set() -> list[Spec]:
    """Every reference game, in a fixed order: the kinds interleaved, so any prefix is a spread."""
    by_kind = [
        _scenario_games(),
        _policy_games(),
        _map_games(),
        _nation_games(),
        _human_games(),
    ]
    out: list[Spec] = []
    for i in range(max(len(games) for games in by_kind)):
        out += [games[i] for games in by_kind if i < len(games)]
    ids = [s.id for s in out]
    assert len(set(ids)) == len(ids), "game ids must be unique"
    return out


# -- playing and fingerprinting -----------------------------------------------------------------


def sha(data: str | bytes) -> str:
    """The SHA-256 hex digest of text (UTF-8) or bytes."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


@cache
def _default_settings_json() -> str:
    return json.dumps(new_game("default").scenario.to_dict())


def settings_with_nations(n: int) -> dict[str, Any]:
    """The default scenario's settings with n coalition nations (the defaults, cycled)."""
    settings = json.loads(_default_settings_json())
    base = list(settings["nations"].items())
    nations: dict[str, Any] = {}
    for i in range(n):
        code, nation = base[i % len(base)]
        nations[code if i < len(base) else EXTRA_CODES[i - len(base)]] = dict(nation)
    settings["nations"] = nations
    return settings


def actor_kind(actor_id: str) -> str:
    """The kind of an actor: its id, or 'nation' for a coalition nation."""
    return actor_id if actor_id in SINGLE_ACTORS else "nation"


def _answerer(spec: Spec, game: Any) -> Callable[[Any], list[dict[str, Any]]]:
    if spec.answer == "nothing":
        return lambda decision: []
    if spec.answer == "policy":  # the person takes what the seat's policy suggests
        return lambda decision: game.model.decide(decision)
    raise ValueError(f"{spec.id}: unknown answer {spec.answer!r} (nothing, policy)")


def play(spec: Spec, folder: Path) -> dict[str, Any]:
    """Play one reference game to its end and fingerprint each of its outputs."""
    ask = None
    if spec.humans and spec.ask_every > 1:
        every = spec.ask_every
        ask = lambda decision: decision.week % every == 0  # noqa: E731
    record = folder / f"{sha(spec.id)[:16]}.wgr.jsonl" if spec.record else None
    game = new_game(
        settings_with_nations(spec.nations) if spec.nations else spec.scenario,
        seed=spec.seed,
        overrides=list(spec.overrides),
        policies=dict(spec.policies),
        sector_map=generate_line_map(spec.sectors) if spec.sectors else None,
        humans=spec.humans,
        ask=ask,
        record=record,
    )
    answer = _answerer(spec, game)
    digests: list[str] = []
    horizon = game.model.horizon
    while not game.over and game.week < horizon:
        decision = game.advance()
        if decision is not None:
            game.submit(answer(decision))
        else:  # the week is complete
            digests.append(game.model.state_digest())
    game.close()
    out = {
        "spec": spec.plain(),
        "weeks": len(digests),
        "policies_used": sorted(
            {f"{actor_kind(a)}:{game.model.decider_name(a)}" for a in game.model.actors}
        ),
        "digests": sha("\n".join(digests)),
        "summary": sha(json.dumps(game.summary(), sort_keys=True)),
        "weekly": _table(game.weekly()),
        "actors": _table(game.actors_weekly()),
        "incidents": _table(game.incidents()),
        "events": _table(game.events()),
    }
    if record is not None:
        out["record"] = record_fingerprint(record.read_bytes())
    return out


def _table(frame: Any) -> str:
    # CSV text is the same in every process (floats as their shortest repr); a hash of the
    # frame object would also depend on dtypes chosen along the way.
    return sha(frame.to_csv(index=False, lineterminator="\n"))


_ABS_PATH = re.compile(r'"/(?:[^"\\]|\\.)*"')
_CHECK = re.compile(r'"check":"[0-9a-f]+"')


def record_fingerprint(data: bytes) -> str:
    """The record's bytes with the fields that are not the game masked, hashed.

    Masked: the package version (`wargame_version`) and every absolute file path in the header
    (the scenario's `source`, the map's `file`: they name where the checkout lies); the header's
    per-field `fingerprints`; every line's `check` (a hash chained from the header); and in
    week 1's seal the entries that hash the whole header or a masked field. Everything else
    (actions, people, events, incidents, digests, the other seal entries, the footer's outcome)
    is kept byte for byte.
    """
    text = data.decode()
    lines = text.split("\n")
    header = json.loads(lines[0])
    masked = {"wargame_version"} | {path for path, v in _leaves(header) if _is_abs_path(v)}
    seal_keys = ["header", *(f"header.{p}" for p in sorted(masked))]
    seal_entry = re.compile("|".join(rf'"{re.escape(k)}":"[0-9a-f]+"' for k in seal_keys))
    head = _ABS_PATH.sub('"<file>"', lines[0])
    head = re.sub(r'"wargame_version":"[^"]*"', '"wargame_version":"<masked>"', head)
    head = re.sub(r'"fingerprints":\{[^{}]*\}', '"fingerprints":"<masked>"', head)
    out = [head, *lines[1:]]
    out = [seal_entry.sub(lambda m: m[0].split(":")[0] + ':"<masked>"', x) for x in out]
    out = [_CHECK.sub('"check":"<masked>"', x) for x in out]
    return sha("\n".join(out))


def _is_abs_path(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("/")


def _leaves(value: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _leaves(item, f"{path}{key}.")
    else:
        yield path.rstrip("."), value


def play_all(specs: Iterable[Spec], progress: bool = False) -> dict[str, dict[str, Any]]:
    """Fingerprints of every game, keyed by game id."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="reference-games-") as folder:
        for i, spec in enumerate(specs):
            out[spec.id] = play(spec, Path(folder))
            if progress:
                print(f"\r{i + 1} games", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return out


def compare(
    reference: Mapping[str, Mapping[str, Any]], played: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[str]]:
    """Per game id, what differs between the reference and the games played now (empty: none)."""
    out: dict[str, list[str]] = {}
    for game_id, now in played.items():
        then = reference.get(game_id)
        if then is None:
            out[game_id] = ["not in the reference file (a new game: rewrite the file)"]
            continue
        problems = []
        if then.get("spec") != now.get("spec"):
            problems.append("spec (the game's definition in this script changed)")
        for key in OUTPUTS:
            if then.get(key) != now.get(key):
                problems.append(key)
        if then.get("weeks") != now.get("weeks"):
            problems.append(f"weeks ({then.get('weeks')} then, {now.get('weeks')} now)")
        if problems:
            out[game_id] = problems
    return out


def coverage_gaps(games: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What the reference set misses: a shipped scenario or a built-in policy no game plays."""
    gaps = []
    played_scenarios = {g["spec"]["scenario"] for g in games.values()}
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        if path.stem not in played_scenarios:
            gaps.append(f"scenario {path.stem}")
    used = {p for g in games.values() for p in g["policies_used"]}
    for info in list_policies():
        for kind in info.actors:
            if f"{kind}:{info.name}" not in used:
                gaps.append(f"policy {kind}:{info.name}")
    return gaps


def write_json(path: Path, data: Any) -> None:
    """Write JSON (sorted keys) atomically: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(data, sort_keys=True, indent=1) + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_reference(path: Path) -> dict[str, dict[str, Any]]:
    """The games of a fingerprint file (one clear message if it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"{path}: cannot read the reference fingerprints: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SystemExit(f"{path}: not a reference fingerprint file of format {FORMAT}")
    return data["games"]


def main(argv: list[str] | None = None) -> int:
    """Write, check or list the reference games."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", type=Path, metavar="FILE", help="write the fingerprints")
    what.add_argument("--check", type=Path, metavar="FILE", help="compare with the fingerprints")
    what.add_argument("--list", action="store_true", help="print the game ids, in order")
    parser.add_argument("--only", type=int, metavar="K", help="only the first K games")
    args = parser.parse_args(argv)
    specs = reference_set()
    if args.only is not None:
        if args.only < 1:
            parser.error("--only must be at least 1")
        specs = specs[: args.only]
    if args.list:
        for spec in specs:
            print(spec.id)
        return 0
    reference = read_reference(args.check) if args.check else None
    start = time.perf_counter()
    games = play_all(specs, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - start
    kinds = {k: sum(1 for s in specs if s.kind == k) for k in KINDS}
    breakdown = ", ".join(f"{n} {k}" for k, n in kinds.items())
    print(f"played {len(games)} games ({breakdown}) in {seconds:.1f} s")
    if args.write:
        gaps = coverage_gaps(games) if args.only is None else []
        for gap in gaps:
            print(f"not covered: {gap}")
        write_json(args.write, {"format": FORMAT, "games": games})
        print(f"wrote {args.write}")
        return 1 if gaps else 0
    assert reference is not None
    differences = compare(reference, games)
    for game_id, problems in differences.items():
        print(f"DIFFERS {game_id}: {', '.join(problems)}")
    if args.only is None:
        for game_id in sorted(set(reference) - set(games)):
            print(f"MISSING {game_id}: in the reference file but no longer in the set")
            differences[game_id] = ["missing"]
    if differences:
        print(f"{len(differences)} of {len(games)} games differ from {args.check}")
        return 1
    print(f"all {len(games)} games identical to {args.check}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
