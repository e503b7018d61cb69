"""Fan out: many continuations of a game from one week, to see whether its end was likely.

Every branch starts from the same restored state (the parent replayed with its policies to the
start of the week): the policies keep what they remember. Branch i then gives every random
stream a new seed: the world's (`model.rng`, through Mesa's public `Model.reset_rng`) and each
policy's own (`BasePolicy.rng`), the stream named s drawing from
`numpy.random.SeedSequence([seed, crc32(s)], spawn_key=(i,))` with s = "world" or the actor's
id. A branch thus depends only on the seed and its index (not on n), and the streams of one
branch are independent of each other and of every other branch's.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wargame.config.parameters import check_seed
from wargame.errors import WargameError
from wargame.play.fork import as_record, check_fork_week, check_policy_actors, restore
from wargame.play.record.reader import Record
from wargame.play.session import Game

MAX_BRANCHES = 10_000
"""Most branches one fan-out plays (ASSUMED: a bound on the time a request may take)."""


def branch_seed(seed: int, index: int, stream: str) -> np.random.SeedSequence:
    """The seed of one random stream ("world" or an actor id) in branch `index` of a fan-out."""
    return np.random.SeedSequence([seed, zlib.crc32(stream.encode())], spawn_key=(index,))


def reseed(game: Game, seed: int, index: int) -> None:
    """Give the world and every policy with its own generator branch `index`'s streams."""
    game.model.reset_rng(branch_seed(seed, index, "world"))
    for actor, policy in game.deciders.items():
        if isinstance(getattr(policy, "rng", None), np.random.Generator):
            policy.rng = np.random.default_rng(branch_seed(seed, index, actor))  # type: ignore[attr-defined]


def fan_out(
    record: Record | str | Path,
    week: int,
    n: int,
    seed: int,
    *,
    policies: Mapping[str, str] | None = None,
    map_path: str | Path | None = None,
    files_root: str | Path | None = None,
    progress: Callable[[int, int, dict[str, Any]], None] | None = None,
) -> pd.DataFrame:
    """Play n continuations from the start of `week` with the policies; one row per branch.

    Columns: branch, end_cause, end_week, ceasefire_held, casualties (russia, ukraine,
    coalition), incidents, escalation_max, troop_years, and like_original (the branch ended as
    the recorded game did; always False while the recorded game is still being played).
    `progress(done, n, row)` is told after each branch.
    """
    record = as_record(record)
    week = check_fork_week(record, week)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_BRANCHES:
        raise WargameError(
            f"n (--n): the number of branches must be from 1 to {MAX_BRANCHES}, got {n!r}"
        )
    check_seed(seed, "the fan-out")
    replay, _ = restore(record, week, map_path, files_root)
    original = original_end(record)
    policies = check_policy_actors(policies, list(replay.model_at(week - 1).actors))
    rows = []
    for index in range(n):
        model = replay.model_at(week - 1)  # replayed afresh: the last branch moved it on
        game = Game.from_model(model, record.seed)
        for actor, ref in policies.items():
            game.set_policy(actor, ref)
        reseed(game, seed, index)
        game.run()
        row = _row(index, game.summary(), original)
        rows.append(row)
        if progress is not None:
            progress(index + 1, n, row)
    return pd.DataFrame(rows)


def original_end(record: Record) -> str | None:
    """How the recorded game ended (its end cause), or None while it is still being played."""
    if record.footer is None:
        return None
    cause = record.footer.get("outcome", {}).get("end_cause")
    return str(cause) if cause is not None else None


def _row(index: int, summary: Mapping[str, Any], original: str | None) -> dict[str, Any]:
    casualties = summary["casualties"]
    return {
        "branch": index,
        "end_cause": summary["end_cause"],
        "end_week": summary["weeks"],
        "ceasefire_held": summary["ceasefire_held"],
        "casualties_russia": casualties["russia"],
        "casualties_ukraine": casualties["ukraine"],
        "casualties_coalition": casualties["coalition"],
        "incidents": summary["incidents"]["total"],
        "escalation_max": summary["escalation_max"],
        "troop_years": summary["troop_years"],
        "like_original": original is not None and summary["end_cause"] == original,
    }


def standing(record: Record | str | Path, branches: pd.DataFrame) -> dict[str, Any]:
    """Where the recorded game's end falls among the branches: its end cause, the share of
    branches that ended the same way, and each end cause's share."""
    record = as_record(record)
    shares = branches["end_cause"].value_counts(normalize=True).sort_index()
    original = original_end(record)
    return {
        "original_end_cause": original,
        "original_end_week": record.footer.get("weeks") if record.footer else None,
        "share_like_original": float(branches["like_original"].mean()) if original else None,
        "end_causes": {str(k): float(v) for k, v in shares.items()},
    }
