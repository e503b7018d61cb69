"""A branch beside its parent: their weekly series side by side and where they first differ."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wargame.play import export
from wargame.play.fork import as_record
from wargame.play.record.format import RecordError
from wargame.play.record.reader import Record
from wargame.play.record.replay import Replay


def comparison(
    parent: Record | str | Path,
    branch: Record | str | Path,
    map_path: str | Path | None = None,
    files_root: str | Path | None = None,
) -> pd.DataFrame:
    """One row per week of either game: each weekly series as `<name>_parent` and `<name>_fork`,
    and `same_state` (the two games' recorded states are equal that week, byte for byte)."""
    parent, branch = as_record(parent), as_record(branch)
    named = branch.header.get("parent", {})
    if not isinstance(named, dict) or named.get("header_check") != parent.header.get("check"):
        raise RecordError(
            f"{branch.path}: not a fork of {parent.path.name} (its header's parent names "
            f"{named.get('file') if isinstance(named, dict) else named!r})"
        )
    frames = []
    for record, suffix in ((parent, "_parent"), (branch, "_fork")):
        replay = Replay(record, map_path=map_path, files_root=files_root)
        model = replay.model_at(record.last_week)
        weekly = export.weekly_frame(model).set_index("week")
        digests = pd.Series({0: "start"} | {w["week"]: w["digest"] for w in record.weeks})
        frames.append(weekly.assign(digest=digests).add_suffix(suffix))
    both = frames[0].join(frames[1], how="outer")
    both["same_state"] = both["digest_parent"] == both["digest_fork"]
    both = both.drop(columns=["digest_parent", "digest_fork"])
    return both.reset_index().rename(columns={"index": "week"})


def first_difference(frame: pd.DataFrame) -> int | None:
    """The first week whose state differs between the two games (None: they never do)."""
    differ = frame.loc[~frame["same_state"], "week"]
    return int(differ.iloc[0]) if len(differ) else None


def series_names(frame: pd.DataFrame) -> list[str]:
    """The weekly series a comparison holds for both games."""
    return [c.removesuffix("_parent") for c in frame.columns if c.endswith("_parent")]
