"""Fidelity to the sources: properties of the default policies over many fixed seeds, with CIs.

docs/calibration.md says how the free parameters were set to meet them.
"""

from __future__ import annotations

import pytest

from wargame.batch import fidelity


def test_no_guarantee_fails_within_a_year_in_45_to_60_percent():
    """ICG 2021 quoted in 001: 45-60% of ceasefires in major conflicts fail within a year."""
    r = fidelity.no_guarantee_first_year()
    low, high = r["ci"]
    assert 0.45 <= r["rate"] <= 0.60, r
    assert low < 0.60 and high > 0.45


def test_reassurance_force_withdraws_when_large_scale_violations_start():
    """001: a symbolic reassurance mission withdraws when Russia breaks the deal on a large scale."""
    r = fidelity.reassurance_withdrawal()
    assert r["large_scale_started"] >= 20, "too few large-scale violations to test the property"
    assert r["withdrew_same_week"] == r["large_scale_started"], r


@pytest.mark.parametrize("response", ["denial", "punishment"])
def test_deterrence_without_the_us_holds_clearly_worse(response):
    """001: without the United States a deterrence operation is hardly possible; punishment
    without US military involvement is barely credible."""
    r = fidelity.us_commitment_effect(response)
    assert r["none"]["ci"][1] < r["backstop"]["ci"][0], r
    assert r["backstop"]["rate"] - r["none"]["rate"] >= 0.5, r


def test_monitor_with_access_to_both_sides_attributes_faster_and_surer():
    """000: the monitor needs access to both sides of the line (the OSCE SMM lacked it)."""
    r = fidelity.monitor_access_effect()
    both, ua_only = r["both_sides"], r["ukrainian_side"]
    assert both["delay"][2] < ua_only["delay"][1], r
    assert both["wrong_ci"][1] < ua_only["wrong_ci"][0], r
