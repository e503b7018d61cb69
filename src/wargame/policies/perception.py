"""Russia's perceived gain and cost of a large-scale violation: how the Russian policies weigh it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wargame.config.parameters import policy_defaults

# The weights of Russia's perception (001: "a war of perceptions"). ASSUMED, set by hand so the
# sources' ordering holds (docs/calibration.md); every one is a parameter of the Russian policies,
# declared with its range in parameters.yaml, so sweeps can vary them
# (`--vary policies.russia.us_weight_backstop=1,1.5,2`).
BALANCE_WEIGHT_KEYS = (
    "reserve_weight",  # share of Russia's reserves it counts as available in any sector
    "nearby_weight",  # coalition troops in adjacent sectors, relative to those in the sector
    "presence_weight",  # cost of each 4,000 visible coalition troops (times cohesion)
    "us_weight_none",  # cost of the declared US commitment: none
    "us_weight_c4isr",  # the same for C4ISR only
    "us_weight_backstop",  # the same for a backstop
    "us_undeployed_share",  # share of the US weight that counts while no force is deployed
    "answered_weight",  # cost per unit of the rate at which past violations were answered
    "punish_weight_backstop",  # a declared punishment response with a US backstop
    "punish_weight_alone",  # the same without one (001: credible only with US involvement)
)
BALANCE_WEIGHTS: dict[str, float] = {
    k: v for k, v in policy_defaults("russia", "prober").items() if k in BALANCE_WEIGHT_KEYS
}
PRESENCE_UNIT = 4000  # troops per unit of presence_weight (about one brigade, 001)


def perceived_balance(
    obs: dict[str, Any], sector: str, weights: Mapping[str, float] = BALANCE_WEIGHTS
) -> dict[str, float]:
    """Russia's perceived gain and cost of a large-scale violation in one sector (001, 000).

    Gain grows with the local force ratio and Russia's rebuilt reserves; cost grows with the
    visible coalition presence (weighted by cohesion), the declared US commitment, how past
    violations were answered and the declared response (punishment is credible only with the US).
    `weights` are BALANCE_WEIGHTS' keys (a policy passes its own parameters).
    """
    w = weights
    own = obs["own_troops"][sector] + w["reserve_weight"] * obs["own_reserves"]
    ua = max(1.0, obs["ukraine_troops_visible"][sector] * obs["ukraine_quality_visible"])
    gain = own / ua
    presence = obs["coalition_presence"].get(sector, 0) + w["nearby_weight"] * obs[
        "coalition_nearby"
    ].get(sector, 0)
    cohesion = obs["coalition_cohesion"]
    deployed = obs["coalition_troops_deployed"] > 0
    us_weight = w["us_weight_" + obs["us_commitment"]]
    punish = 0.0
    if obs["posture"]["response"] == "punishment" and deployed:
        backstop = obs["us_commitment"] == "backstop"
        punish = w["punish_weight_backstop"] if backstop else w["punish_weight_alone"]
    cost = (
        presence / PRESENCE_UNIT * w["presence_weight"] * cohesion
        + us_weight * (1.0 if deployed else w["us_undeployed_share"])
        + obs["answered_rate"] * w["answered_weight"] * cohesion
        + punish
    )
    return {"gain": gain, "cost": cost, "balance": gain - cost}
