"""The Replay page's What-if panel: policy choices, the overlay of branch and original, the
fan-out's distribution, and the panel itself forking and fanning out on click."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

solara = pytest.importorskip("solara")

from wargame.play.record.replay import Replay  # noqa: E402
from wargame.play.session import new_game  # noqa: E402
from wargame.ui import what_if  # noqa: E402
from wargame.ui.background import Cancelled  # noqa: E402


@pytest.fixture()
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARGAME_GAMES_DIR", str(tmp_path))
    path = tmp_path / "g.wgr.jsonl"
    game = new_game("default", seed=6, overrides=["years=1"], record=path)
    game.run()
    game.close()
    return path


def test_policy_choices_offer_the_recorded_policy_first_and_the_actors_own_policies() -> None:
    choices = what_if.policy_choices(["russia", "ukraine", "gb"])
    assert list(choices) == ["russia", "ukraine"]  # nations are not offered
    assert choices["russia"][0] == what_if.AS_RECORDED and "compliant" in choices["russia"]
    assert "compliant" not in choices["ukraine"]


def test_a_branch_is_drawn_over_the_original_with_a_mark_where_they_part(recorded: Path) -> None:
    frame = what_if.play_branch(recorded, 5, {"russia": "compliant"})
    from wargame.play.branch_compare import first_difference

    parted = first_difference(frame)
    assert parted is not None and parted >= 5
    svgs = what_if.overlay_svgs(frame, parted)
    assert len(svgs) == len(what_if.OVERLAID)
    assert all(">original<" in s and ">branch<" in s and "stroke-dasharray" in s for s in svgs)
    same = what_if.play_branch(recorded, 5, {})
    assert first_difference(same) is None


def test_the_distribution_is_escaped_and_says_where_the_game_falls() -> None:
    where = {
        "end_causes": {"<b>held</b>": 0.75, "collapse": 0.25},
        "original_end_cause": "<b>held</b>",
        "share_like_original": 0.75,
    }
    html = what_if.distribution_html(where, 4)
    assert "<b>" not in html and "&lt;b&gt;held" in html
    assert "75% of 4 branches ended the same way" in html
    waiting = what_if.distribution_html({**where, "original_end_cause": None}, 4)
    assert "still being played" in waiting


def html_of(rc) -> str:
    """Every HTML block and text the rendered panel shows."""
    import ipyvuetify as v

    blocks = [w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets]
    return " ".join(blocks + [str(w.children) for w in rc.find(v.Html).widgets])


def test_the_panel_forks_and_fans_out_on_click(recorded: Path) -> None:
    import ipyvuetify as v

    _, rc = solara.render(what_if.WhatIfPanel(Replay(recorded), recorded, 10), handle_error=False)
    assert "Branch from week 11 on" in html_of(rc)
    rc.find(v.Btn, children=["Fork from this week"]).widget.click()  # runs in the background
    wait_for(lambda: "The branch is the same game as the original." in html_of(rc), 120)
    assert not rc.find(v.Btn, children=["Fork from this week"]).widget.disabled
    assert html_of(rc).count("<svg") == len(what_if.OVERLAID)
    rc.find(v.Btn, children=["Fan out"]).widget.click()  # runs in the background
    said = f"of {what_if.FAN_SIZES[0]} branches ended the same way"
    wait_for(lambda: said in html_of(rc), 120)
    assert not rc.find(v.Alert).widgets
    assert not rc.find(v.Btn, children=["Fan out"]).widget.disabled  # free for another run


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    """Wait until a background run's result shows (a loaded machine may be slow)."""
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out waiting for the page"
        time.sleep(0.1)


def test_a_fan_out_with_the_same_seed_and_n_gives_the_same_distribution(recorded: Path) -> None:
    request = what_if.FanRequest(recorded, 20, 6, seed=5)
    told: list[tuple[int, int]] = []
    first = what_if.run_fan(request, on_progress=lambda d, t: told.append((d, t)))
    assert told == [(d, 6) for d in range(1, 7)]
    assert what_if.run_fan(request) == first
    assert first[1] == 6 and abs(sum(first[0]["end_causes"].values()) - 1) < 1e-9


def test_a_fan_out_stops_between_branches_once_cancelled(recorded: Path) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        what_if.run_fan(what_if.FanRequest(recorded, 20, 6), progress, cancel)


def test_the_page_stays_responsive_while_a_fan_out_runs(recorded: Path) -> None:
    """The click returns at once; progress is shown; Stop ends the run with no result."""
    import ipyvuetify as v

    _, rc = solara.render(what_if.WhatIfPanel(Replay(recorded), recorded, 10), handle_error=False)
    rc.find(v.Select, label="branches").widget.v_model = 50
    started = time.monotonic()
    rc.find(v.Btn, children=["Fan out"]).widget.click()
    assert time.monotonic() - started < 5  # the click did not play 50 games
    assert rc.find(v.Btn, children=["Fan out"]).widget.disabled
    wait_for(lambda: bool(rc.find(v.Btn, children=["Stop"]).widgets), 30)
    assert rc.find(v.ProgressLinear).widgets
    wait_for(lambda: "/50 branches" in html_of(rc), 30)
    assert "games" not in html_of(rc)  # a fan-out counts branches
    rc.find(v.Btn, children=["Stop"]).widget.click()
    wait_for(lambda: not rc.find(v.Btn, children=["Fan out"]).widget.disabled, 60)
    assert "branches ended the same way" not in html_of(rc)


def test_the_panel_says_a_finished_game_cannot_branch_from_its_end(recorded: Path) -> None:
    import ipyvuetify as v

    replay = Replay(recorded)
    _, rc = solara.render(
        what_if.WhatIfPanel(replay, recorded, replay.last_week), handle_error=False
    )
    assert "The game ended here" in html_of(rc)
    assert not rc.find(v.Btn, children=["Fan out"]).widgets


def test_a_fork_tells_its_weeks_and_stops_between_weeks_once_cancelled(recorded: Path) -> None:
    told: list[tuple[int, int]] = []
    request = what_if.ForkRequest(recorded, 40, (("russia", "compliant"),))
    frame = what_if.run_fork(request, on_progress=lambda d, t: told.append((d, t)))
    last = Replay(recorded).record.last_week
    assert told == [(d, last - 39) for d in range(1, last - 38)]  # weeks 40 to the end
    assert frame["week"].max() == last
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        what_if.run_fork(request, progress, cancel)


def test_the_page_stays_responsive_while_a_fork_runs(
    recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The click returns at once; the weeks played show; Stop ends the fork with no result."""
    import ipyvuetify as v

    def slow_branch(path: Path, week: int, policies: Any, on_week: Any = None) -> Any:
        for done in range(1, 1001):  # a long branch: 1000 weeks of a tenth of a second
            time.sleep(0.1)
            on_week(done, 1000)
        raise AssertionError("the fork was not stopped")

    monkeypatch.setattr(what_if, "play_branch", slow_branch)
    _, rc = solara.render(what_if.WhatIfPanel(Replay(recorded), recorded, 10), handle_error=False)
    started = time.monotonic()
    rc.find(v.Btn, children=["Fork from this week"]).widget.click()
    assert time.monotonic() - started < 5
    assert rc.find(v.Btn, children=["Fork from this week"]).widget.disabled
    wait_for(lambda: "/1000 weeks" in html_of(rc), 30)
    assert rc.find(v.ProgressLinear).widgets
    assert not rc.find(v.Btn, children=["Fan out"]).widget.disabled  # the rest still answers
    rc.find(v.Btn, children=["Stop"]).widget.click()
    wait_for(lambda: not rc.find(v.Btn, children=["Fork from this week"]).widget.disabled, 30)
    assert "/1000 weeks" not in html_of(rc) and "first differs" not in html_of(rc)
    assert not rc.find(v.Alert).widgets


def test_the_progress_line_counts_what_the_run_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.ui import i18n
    from wargame.ui.background import progress_text

    assert progress_text(2, 4, 1.0, "branches") == "2/4 branches, 2.0 branches/s, ETA 1 s"
    assert progress_text(3, 9, 1.0, "weeks") == "3/9 weeks, 3.0 weeks/s, ETA 2 s"
    assert progress_text(0, 9, 0.0) == "0/9 games, 0.0 games/s, ETA -"
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    assert progress_text(2, 4, 1.0, "branches") == (
        "2/4 aftakkingen, 2.0 aftakkingen/s, nog ongeveer 1 s"
    )


def test_a_fork_refused_shows_one_clear_message_without_the_server_path(recorded: Path) -> None:
    from wargame.ui.background import background

    problems: list[str] = []
    results: list[object] = []
    taken_back: list[object] = []

    class Progress:
        def set(self, value: object) -> None:
            pass

    request = what_if.ForkRequest(recorded, 9999)  # beyond the record
    work = background(
        request, what_if.run_fork, Progress(), results.append, problems.append, taken_back.append
    )
    work(threading.Event())
    assert results == [] and taken_back == [None]
    assert problems[0] == "" and problems[-1].startswith("g.wgr.jsonl: week: a fork")
    assert str(recorded.parent) not in problems[-1]
