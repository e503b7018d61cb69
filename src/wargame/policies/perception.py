"""Russia's perceived gain and cost of a large-scale violation: how the Russian policies weigh it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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
    "us_weight_backstop",  # cost of a US backstop Russia fully believes in (times its belief)
    "us_undeployed_share",  # share of the US weight that counts while no force is deployed
    "answered_weight",  # cost of violations Russia believes are attributed and answered
    "punish_weight_backstop",  # a declared punishment response Russia believes the US backs
    "punish_weight_alone",  # the same believed alone (001: credible only with US involvement)
)
BALANCE_WEIGHTS: dict[str, float] = {
    k: v for k, v in policy_defaults("russia", "prober").items() if k in BALANCE_WEIGHT_KEYS
}
PRESENCE_UNIT = 4000  # troops per unit of presence_weight (about one brigade, 001)


def perceived_balance(
    obs: dict[str, Any], sector: str, weights: Mapping[str, float] = BALANCE_WEIGHTS
) -> dict[str, float]:
    """Russia's perceived gain and cost of a large-scale violation in one sector (001, 000).

    Gain grows with the local force ratio: the troops in the sector and massed behind it plus a
    share of Russia's reserves, against Ukraine's visible troops times their quality. Cost is
    what Russia *believes* (its learned beliefs, engine/beliefs.py): the visible coalition
    presence if the coalition holds together, a US backstop as far as it believes the US acts,
    violations it believes are attributed and answered, and a declared punishment response,
    credible as far as it believes the US stands behind it (001).
    `weights` are BALANCE_WEIGHTS' keys (a policy passes its own parameters).
    """
    _, gain, cost = next(_gains_and_costs(obs, (sector,), weights))
    return {"gain": gain, "cost": cost, "balance": gain - cost}


def perceived_balances(
    obs: dict[str, Any], weights: Mapping[str, float] = BALANCE_WEIGHTS
) -> dict[str, float]:
    """`perceived_balance(obs, s, weights)["balance"]` for every sector `s` of the observation."""
    return {s: gain - cost for s, gain, cost in _gains_and_costs(obs, obs["sectors"], weights)}


def _gains_and_costs(
    obs: dict[str, Any], sectors: Iterable[str], w: Mapping[str, float]
) -> Iterator[tuple[str, float, float]]:
    """(sector, gain, cost) per sector; the terms that do not depend on the sector once a week."""
    b = obs["beliefs"]
    buildups = obs["buildups"]
    own_troops = obs["own_troops"]
    ua_troops = obs["ukraine_troops_visible"]
    quality = obs["ukraine_quality_visible"]
    presence_by = obs["coalition_presence"]
    nearby_by = obs["coalition_nearby"]
    reserves = w["reserve_weight"] * obs["own_reserves"]
    nearby_weight = w["nearby_weight"]
    presence_weight = w["presence_weight"]
    cohesion = b["cohesion"]
    deployed = obs["coalition_troops_deployed"] > 0
    punish = 0.0
    if obs["posture"]["response"] == "punishment" and deployed:
        punish = w["punish_weight_backstop"] * b["us_resolve"] + w["punish_weight_alone"] * (
            1.0 - b["us_resolve"]
        )
    us_cost = (
        w["us_weight_backstop"] * b["us_resolve"] * (1.0 if deployed else w["us_undeployed_share"])
    )
    answered_cost = w["answered_weight"] * b["resolve"] * b["attribution"]
    for sector in sectors:
        massed = buildups.get(sector, {}).get("troops", 0)
        own = own_troops[sector] + massed + reserves
        ua = max(1.0, ua_troops[sector] * quality)
        presence = presence_by.get(sector, 0) + nearby_weight * nearby_by.get(sector, 0)
        cost = (
            presence / PRESENCE_UNIT * presence_weight * cohesion + us_cost + answered_cost + punish
        )
        yield sector, own / ua, cost
