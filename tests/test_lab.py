"""The Lab page: its helpers, and the component rendered and run without a browser."""

from __future__ import annotations

import threading
import time

import pytest

from wargame.ui import background, lab

RUN = lab.LabRun(
    scenario="default",
    dials=(("us.commitment", ("none", "backstop")), (lab.NO_DIAL, ())),
    policies=(("russia", ("prober",)),),
    games=2,
    years=0.25,
)


def test_dials_and_policies_offered() -> None:
    dials = lab.dial_choices()
    assert dials["us.commitment"] == ["none", "c4isr", "backstop"]
    assert "posture.option" in dials and "ukraine.capacity_growth" in dials
    assert "opportunist" in lab.policy_names("russia")
    assert "steadfast" in lab.policy_names("nations")
    spec = lab.lab_spec(RUN)
    assert spec.vary == (("us.commitment", ("none", "backstop")),)
    assert spec.seeds == 2 and spec.over_budget == "fit"


def test_run_lab_reports_progress_and_tables() -> None:
    seen: list[tuple[int, int]] = []
    result = lab.run_lab(RUN, on_progress=lambda d, t: seen.append((d, t)), workers=1)
    assert seen[-1] == (4, 4)
    table = lab.outcome_table(result.rows)
    assert list(table["cell"]) == [
        "us.commitment=none, policy.russia=prober",
        "us.commitment=backstop, policy.russia=prober",
    ]
    assert (table["games"] == 2).all() and table["held_low"].le(table["held"]).all()
    assert lab.survival_figure(result.rows).axes
    csv = lab.csv_text(result.rows)
    assert csv.splitlines()[0].startswith("game,cell,") and "wargame run" in csv
    assert "games/s" in background.progress_text(2, 4, 1.0)


def test_run_lab_can_be_cancelled() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(background.Cancelled):
        lab.run_lab(RUN, cancel=cancel, workers=1)


def test_lab_page_runs_a_sweep_without_freezing() -> None:
    solara = pytest.importorskip("solara")
    import ipyvuetify as v
    import ipywidgets

    _, rc = solara.render(lab.LabPage(), handle_error=False)
    rc.find(v.Slider, label="games per cell").widget.v_model = 2
    rc.find(v.Slider, label="years").widget.v_model = 0.5
    rc.find(v.Btn, children=["Run"]).widget.click()
    # The click returns at once: the games run in a thread while the page stays live.
    assert rc.find(v.Btn, children=["Run"]).widget.disabled
    deadline = time.time() + 90
    while time.time() < deadline and not rc.find(ipywidgets.Image).widgets:
        time.sleep(0.2)
    assert rc.find(ipywidgets.Image).widgets, "no survival plot after 90 s"
    assert not rc.find(v.Alert).widgets
    labels = [w.children[-1] for w in rc.find(v.Btn).widgets if w.children]
    assert "Download results (CSV)" in labels
