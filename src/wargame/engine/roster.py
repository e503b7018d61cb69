"""Who plays: the fixed actors' ids, the actor kinds, the orders they act and are listed in, names.

The five fixed actors have fixed ids; every troop-contributing nation is an actor of kind
'nation' whose id is its code ('nl', 'gb', ...). A scenario's `policies` section and the policy
parameters name the nations together as one slot, 'nations'. The orders below are part of the
game and of its output (records, tables, the UI): each is kept as the code had it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal

ActorKind = Literal["russia", "ukraine", "nation", "us", "monitor", "force_commander"]
FixedActor = Literal["russia", "ukraine", "us", "monitor", "force_commander"]

NATION: Final = "nation"  # the kind of every nation (its id is its code)
NATIONS: Final = "nations"  # the policy slot that plays every nation

# The fixed actors in the order a game lists them (its actor ids, hence its deciders); the
# nations follow in the scenario's order.
FIXED_ACTORS: Final[tuple[FixedActor, ...]] = (
    "russia",
    "ukraine",
    "us",
    "monitor",
    "force_commander",
)
# The order the fixed actors act in within a week (PettingZoo AEC style: one at a time); the
# nations decide after the week's fighting. Changing it changes every game.
TURN_ORDER: Final[tuple[FixedActor, ...]] = (
    "russia",
    "ukraine",
    "monitor",
    "us",
    "force_commander",
)
# The actor kinds, in the order policies are listed (`wargame policies`, the registry).
ACTOR_KINDS: Final[tuple[ActorKind, ...]] = (
    "russia",
    "ukraine",
    NATION,
    "us",
    "monitor",
    "force_commander",
)
# The policy slots of a scenario's `policies` section and of `policies.<slot>.<param>`: the kinds,
# with 'nations' for every nation.
POLICY_SLOTS: Final[tuple[str, ...]] = tuple(NATIONS if k == NATION else k for k in ACTOR_KINDS)
# The order a record's one-line summary names the fixed actors' policies (`wargame replay`).
SUMMARY_ORDER: Final[tuple[FixedActor, ...]] = (
    "russia",
    "ukraine",
    "force_commander",
    "us",
    "monitor",
)
# The two sides of the ceasefire line: the possible perpetrators of an incident; every other
# casualty is the coalition's.
SIDES: Final[tuple[FixedActor, ...]] = ("russia", "ukraine")
# The fixed actors whose observation has sector detail (the US and the nations see the public
# picture).
SECTOR_VIEWERS: Final[tuple[FixedActor, ...]] = ("russia", "ukraine", "monitor", "force_commander")
# How the UI and the texts name the fixed actors; a nation is named by its code in capitals.
DISPLAY_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "russia": "Russia",
        "ukraine": "Ukraine",
        "monitor": "Monitoring body",
        "us": "United States",
        "force_commander": "Force Commander",
    }
)


def kind_of(actor_id: str) -> ActorKind:
    """The kind of an actor id: a fixed actor is its own kind, anything else (a code) a nation."""
    for kind in ACTOR_KINDS:
        if actor_id == kind:
            return kind
    return NATION


def is_nation(actor_id: str) -> bool:
    """Whether an actor id is a nation's (a code, not a fixed actor)."""
    return kind_of(actor_id) == NATION


def policy_slot(actor_id: str) -> str:
    """The policy slot of an actor id: a fixed actor's own, 'nations' for a nation."""
    return NATIONS if is_nation(actor_id) else actor_id


def all_actor_ids(nation_codes: Iterable[str]) -> list[str]:
    """Every actor id of a game with these nations, in the listing order (fixed actors first)."""
    return [*FIXED_ACTORS, *nation_codes]


def display_name(actor_id: str) -> str:
    """A readable name for an actor id (a nation by its code in capitals)."""
    return DISPLAY_NAMES.get(actor_id, actor_id.upper())
