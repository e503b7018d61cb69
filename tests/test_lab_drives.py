"""The Lab's "What drives this?": plans from form values, refusals, a tiny real screening."""

from __future__ import annotations

import math
import threading
import time

import pandas as pd
import pytest
from sens_params import toy

from wargame.batch.sensitivity import make_design
from wargame.batch.sensitivity_run import choose_factors, tasks_of
from wargame.config import parameters
from wargame.errors import WargameError
from wargame.ui import drives
from wargame.ui.background import Cancelled
from wargame.ui.lab import NO_DIAL, lab_fixed

UNREAD = "coalition.deployable_fraction"  # a limit no posture reaches in its plausible range
THREE = ("russia.hybrid_per_week", "policies.russia.us_weight_backstop", UNREAD)


def form(**changes) -> drives.DrivesForm:
    """The smallest screening: 2 trajectories x 1 seed x 0.1 years of casualties."""
    values = dict(outcome="casualties", group=drives.ALL_ASSUMED, trajectories=2, seeds=1)
    values["years"] = 0.1
    return drives.DrivesForm(**{**values, **changes})


def declared(*keys: str) -> list[parameters.Parameter]:
    """The real declarations of these keys."""
    return [parameters.declared()[k] for k in keys]


def test_lab_settings_with_one_value_are_kept() -> None:
    dials = (("us.commitment", ["backstop"]), ("monitor.teams", [4, 8]), (NO_DIAL, []))
    fixed = lab_fixed(dials, (("russia", ["prober"]), ("ukraine", ["a", "b"])))
    assert fixed == ("us.commitment=backstop", "policies.russia=prober")
    assert lab_fixed(((NO_DIAL, ["x"]),), (("russia", []),)) == ()


def test_plan_from_form_values_is_sized_as_the_cli_sizes_it() -> None:
    fixed = ("us.commitment=backstop",)
    screen = drives.screening(
        "option3_heavy_area", fixed, form(group="force commander", trajectories=3, seeds=2)
    )
    plan = screen.plan
    assert (plan.scenario, plan.method, plan.outcomes) == (
        "option3_heavy_area",
        "morris",
        ("casualties",),
    )
    assert (plan.group, plan.seeds, plan.years, plan.fixed) == ("force commander", 2, 0.1, fixed)
    keys = [f.key for f in screen.design.factors]
    assert keys == ["posture.consultation_delay_weeks", "policies.force_commander.escalation_cap"]
    # 3 trajectories x (2 parameters + 1) points x 2 seeds, by hand
    assert plan.budget == screen.design.games == 18 and screen.left_out == ()
    assert screen.describe() == (
        "morris: 2 parameters, 3 trajectories x 3 points x 2 seeds = 18 games, 0.1 years each"
    )
    # `wargame sensitivity --group 'force commander' --seeds 2 --budget 18` draws the same design
    cli = make_design("morris", choose_factors(plan), plan.budget, plan.seeds, seed=plan.base_seed)
    assert cli.describe() == screen.design.describe() and (cli.X == screen.design.X).all()
    tasks = tasks_of(plan, screen.design)
    assert len(tasks) == 18 and all(t.overrides[0] == fixed[0] for t in tasks)
    assert all(t.overrides[-1] == "years=0.1" for t in tasks)
    assert drives.screening("default", (), form()).plan.group is None  # all ASSUMED


def test_what_the_game_refuses_here_is_left_out_and_said() -> None:
    params = declared("russia.hybrid_per_week", "policies.ukraine.limited_share", UNREAD)
    params.append(toy("coalition.troop_budget", 1000, 20000, kind="int"))  # 1,000 troops: too few
    screen = drives.screening("default", ("russia.hybrid_per_week=2",), form(), params)
    assert [f.key for f in screen.design.factors] == [UNREAD]
    left = dict(screen.left_out)
    assert left["russia.hybrid_per_week"] == "set in the Lab"
    # Ukraine's `hold_the_line` (the scenario's policy) has no limited_share: as the CLI does.
    assert left["policies.ukraine.limited_share"] == "read by no policy this scenario plays"
    assert left["coalition.troop_budget"].startswith("over the troop budget at 1000: ")
    assert screen.design.games == 2 * 2 * 1


BAD = [
    (dict(outcome="bogus"), "refused: outcome must be one of survival_1y"),
    (dict(group="../../etc/passwd"), "refused: parameters must be one of: all ASSUMED"),
    (dict(group=["combat"]), "refused: parameters must be one of"),
    (dict(trajectories=1), "trajectories must be a whole number from 2 to 10"),
    (dict(trajectories=11), "trajectories must be a whole number from 2 to 10"),
    (dict(trajectories=2.5), "trajectories must be a whole number"),
    (dict(trajectories=True), "trajectories must be a whole number"),
    (dict(trajectories="3"), "trajectories must be a whole number"),
    (dict(seeds=0), "seeds per point must be a whole number from 1 to 8"),
    (dict(seeds=9), "seeds per point must be a whole number from 1 to 8"),
    (dict(years=0.0), "years must be a number from 0.1 to 10"),
    (dict(years=10.5), "years must be a number from 0.1 to 10"),
    (dict(years=math.nan), "years must be a number from 0.1 to 10"),
    (dict(years=math.inf), "years must be a number from 0.1 to 10"),
    (dict(years="1"), "years must be a number from 0.1 to 10"),
    (dict(outcome="survival_5y", years=1.0), "survival_5y needs games of at least 5 years"),
    (dict(group="us"), "no parameter of 'us' can be varied in default (policies.us.drop_per_year"),
    (
        dict(trajectories=10, seeds=8),
        "refused: 14,880 games (1,488 game-years) is more than the browser runs",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[str(c) for c, _ in BAD])
def test_out_of_bounds_values_get_one_clear_message(change: dict, message: str) -> None:
    with pytest.raises(WargameError) as caught:
        drives.screening("default", (), form(**change))
    text = str(caught.value)
    assert text.startswith("refused: ") and message in text and "\n" not in text


def test_a_tiny_real_screening_ranks_and_zeroes_the_unread_parameter() -> None:
    screen = drives.screening("default", (), form(), declared(*THREE))
    seen: list[tuple[int, int]] = []
    result = drives.run_drives(screen, on_progress=lambda d, t: seen.append((d, t)), workers=1)
    assert seen[-1] == (8, 8) and len(result.rows) == 8  # 2 trajectories x 4 points x 1 seed
    table = drives.ranking(result).set_index("parameter")
    assert sorted(table.index) == sorted(THREE)
    assert table.loc[UNREAD, "mu_star"] == pytest.approx(0, abs=1e-9)
    assert table.loc[UNREAD, "sigma"] == pytest.approx(0, abs=1e-9)
    assert table.loc[UNREAD, "above_noise"] == "no"
    assert table["mu_star"].max() > 0  # the game does read the other two
    assert list(table["mu_star"]) == sorted(table["mu_star"], reverse=True)
    hybrid = parameters.declared()["russia.hybrid_per_week"]
    row = table.loc["russia.hybrid_per_week"]
    assert (row["unit"], row["group"], row["reason"]) == (hybrid.unit, hybrid.group, hybrid.reason)
    assert row["range"] == "1 to 4"
    assert "cannot be measured" in drives.noise_text(result)
    csv = drives.drives_csv(result)
    assert csv.startswith("scenario,outcome,parameter,mu_star,mu_star_conf,sigma,above_noise")
    back = pd.read_csv(pd.io.common.StringIO(csv))
    assert len(back) == 3 and (back["games"] == 8).all() and (back["outcome"] == "casualties").all()
    figure = drives.drives_figure(result)
    assert figure.axes[0].get_title() == "casualties"
    import matplotlib.pyplot as plt

    assert figure.number not in plt.get_fignums()  # not kept by pyplot


def test_the_table_shows_hostile_declarations_as_text() -> None:
    from hostile import PAYLOADS
    from test_escape import assert_inert

    table = pd.DataFrame(
        [
            {
                "parameter": p,
                "mu_star": 1.0,
                "mu_star_conf": 0.5,
                "sigma": 0.25,
                "above_noise": "yes",
                "range": "0 to 1",
                "unit": p,
                "group": p,
                "reason": p,
            }
            for p in PAYLOADS
        ]
    )
    html = drives.ranking_html(table, top=len(PAYLOADS))
    assert_inert(html, list(PAYLOADS))
    assert html.count("<tr>") == len(PAYLOADS) + 1 and "<td" in html and "0.25" in html


def test_a_screening_can_be_cancelled() -> None:
    screen = drives.screening("default", (), form(), declared(*THREE))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        drives.run_drives(screen, cancel=cancel, workers=1)


def test_the_view_refuses_forged_values_and_runs_without_a_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    solara = pytest.importorskip("solara")
    import ipyvuetify as v
    import ipywidgets

    monkeypatch.setattr(drives, "lab_workers", lambda: 1)
    _, rc = solara.render(drives.DrivesView("default", ()), handle_error=False)
    rc.find(v.Select, label="parameters").widget.v_model = "../secret"
    problem = rc.find(v.Alert, class_="wg-drives-problem").widget
    assert "refused: parameters: '../secret' is not one of the offered" in problem.children[0]
    rc.find(v.Slider, label="trajectories").widget.v_model = 50
    refused = rc.find(v.Alert, class_="wg-drives-refused").widget
    assert "trajectories must be a whole number from 2 to 10" in refused.children[0]
    assert rc.find(v.Btn, children=["Screen"]).widget.disabled
    rc.find(v.Slider, label="trajectories").widget.v_model = 2
    rc.find(v.Slider, label="years (screening)").widget.v_model = 0.1
    refused = rc.find(v.Alert, class_="wg-drives-refused").widget
    assert "survival_1y needs games of at least 1 year; years is 0.1" in refused.children[0]
    rc.find(v.Select, label="outcome").widget.v_model = "casualties"
    rc.find(v.Btn, children=["Screen"]).widget.click()  # every ASSUMED parameter: 604 games
    assert rc.find(v.Btn, children=["Screen"]).widget.disabled
    rc.find(v.Btn, children=["Cancel"]).widget.click()
    assert not rc.find(v.Btn, children=["Screen"]).widget.disabled
    assert not rc.find(v.Btn, children=["Cancel"]).widgets
    time.sleep(1.5)
    assert not rc.find(ipywidgets.Image).widgets  # stopped: no chart of a cancelled run
    rc.find(v.Select, label="parameters").widget.v_model = "force commander"
    rc.find(v.Slider, label="seeds per point").widget.v_model = 1
    rc.find(v.Slider, label="years (screening)").widget.v_model = 0.1
    size = rc.find(class_="wg-drives-size").widget
    assert "2 trajectories x 3 points x 1 seeds = 6 games, 0.1 years each" in str(size.children)
    rc.find(v.Btn, children=["Screen"]).widget.click()
    deadline = time.time() + 60
    while time.time() < deadline and not rc.find(ipywidgets.Image).widgets:
        time.sleep(0.2)
    assert rc.find(ipywidgets.Image).widgets, "no chart after 60 s"
    labels = [w.children[-1] for w in rc.find(v.Btn).widgets if w.children]
    assert "Download the ranking (CSV)" in labels
