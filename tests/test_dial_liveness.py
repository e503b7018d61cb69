"""Dial liveness: every documented dial moves a consequence, or its declaration says why not.

For the documented dials (settings under posture, us, monitor, coalition, russia and ukraine)
in a few shipped scenarios, paired games at both ends of each dial must differ in some
consequence (how long the ceasefire held, casualties, nations that left, will, escalation);
a dial that moves none must carry an `inert` reason for that scenario (parameters.yaml). A
first pass plays short games; a dial that looks dead there is replayed over the scenario's
whole horizon before it is called dead. A declared reason for a dial that did move is stale
and fails too: the docs would say something false (delete the reason, or narrow it to the
scenarios where it holds).
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from sens_params import REAL

from wargame.batch.dials import (
    DialPlan,
    confirm_dead,
    dead_without_reason,
    dial_table,
    documented_dials,
    run_dials,
    stale_reasons,
)
from wargame.config import parameters
from wargame.errors import ConfigError
from wargame.paths import list_names

# Scenario -> (years of the first pass, seeds). no_guarantee has no force and the most inert
# dials (its games mostly end in months, so a longer first pass costs little); option 3 is the
# area-based denial force with the US backstop, whose reasons options 1, 2 and 4 share. CI
# plays these two (about 30 s); WARGAME_DIALS_ALL=1 plays every shipped scenario (minutes).
CASES = {"no_guarantee": (3.0, 2), "option3_heavy_area": (1.0, 2)}
# The tutorial is option 4 for one year, a teaching game: option 4's reasons are checked on
# option 4 itself, and a year is too short for many dials (21 move nothing in it), so its dials
# are not declared per scenario.
TEACHING = {"tutorial"}
if os.environ.get("WARGAME_DIALS_ALL"):
    CASES = {
        name: CASES.get(name, (1.0, 2)) for name in list_names("scenarios") if name not in TEACHING
    }


@pytest.mark.parametrize("scenario", list(CASES))
def test_every_documented_dial_moves_or_declares_why(scenario: str) -> None:
    years, seeds = CASES[scenario]
    plan = DialPlan(scenario, seeds=seeds, years=years)
    dials = documented_dials()
    table = run_dials(plan, dials, workers=1, progress=False)
    stale = stale_reasons(table)  # moving in a short game is proof enough
    table = confirm_dead(plan, table, dials, years=None, seeds=2)
    dead = dead_without_reason(table)
    assert not dead, (
        f"{scenario}: these dials move no consequence and declare no `inert` reason for it in "
        f"parameters.yaml: {', '.join(dead)}\n{dial_table(table, plan)}"
    )
    assert not stale, (
        f"{scenario}: declared inert but they moved (stale reasons): {', '.join(stale)}\n"
        f"{dial_table(table, plan)}"
    )


def test_a_stale_reason_is_reported() -> None:
    hybrid = parameters.declared()["russia.hybrid_per_week"]
    said = replace(hybrid, inert={"option3_heavy_area": "no one reads it (false)"})
    plan = DialPlan("option3_heavy_area", seeds=1, years=0.2)
    table = run_dials(plan, [said], workers=1, progress=False)
    assert stale_reasons(table) == ["russia.hybrid_per_week"]
    assert dead_without_reason(table) == []
    assert "STALE: declared inert (no one reads it (false)) but it moved" in dial_table(table, plan)


def test_a_dead_dial_is_confirmed_in_longer_games_before_it_fails() -> None:
    # Without a backstop the backstop's weight is read by nothing: dead in any game length.
    weight = REAL[0]
    plan = DialPlan("option3_heavy_area", seeds=1, years=0.1, fixed=("us.commitment=none",))
    table = run_dials(plan, [weight], workers=1, progress=False)
    assert dead_without_reason(table) == [weight.key]
    confirmed = confirm_dead(plan, table, [weight], years=0.3, seeds=2)
    assert dead_without_reason(confirmed) == [weight.key]
    assert int(confirmed.set_index("parameter").loc[weight.key, "games"]) == 4


def test_inert_declarations_are_checked() -> None:
    check = parameters._inert
    assert check("k", {"no_guarantee": " no force "}) == {"no_guarantee": "no force"}
    with pytest.raises(ConfigError, match=r"k\.inert: 'nowhere' is not a shipped scenario"):
        check("k", {"nowhere": "why"})
    with pytest.raises(ConfigError, match=r"k\.inert\.\*: must be a non-empty reason"):
        check("k", {"*": "  "})
    with pytest.raises(ConfigError, match=r"k\.inert: must map scenario names"):
        check("k", ["no_guarantee"])


def test_params_shows_the_inert_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    from wargame import cli

    dead = [p for p in parameters.declared().values() if p.inert]
    assert dead, "no dial declares an inert reason"
    assert cli.main(["params", "--group", dead[0].group]) == 0
    out = capsys.readouterr().out
    assert f"[inert: {dead[0].inert_text()}]" in out
