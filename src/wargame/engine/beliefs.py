"""Russia's beliefs about its adversaries, learned from what it sees (001: a war of perceptions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.engine.observations import BeliefView

BELIEFS = ("resolve", "us_resolve", "cohesion", "attribution")
"""What Russia believes, each a share in [0, 1]:
- resolve: that the coalition answers a violation with force;
- us_resolve: that the US acts on its commitment when tested (escalation dominance, 001);
- cohesion: that the coalition stays together;
- attribution: that its violations are attributed to it (deniability's price, 000).
Ukraine's strength needs no belief: Russia sees Ukraine's troops and quality on the line."""


@dataclass
class Beliefs:
    """Russia's current beliefs; each moves toward the evidence by the learning rate."""

    resolve: float
    us_resolve: float
    cohesion: float
    attribution: float

    def learn(self, name: str, evidence: float, rate: float) -> None:
        """Move one belief a share `rate` of the way toward `evidence` (both kept in [0, 1])."""
        evidence = min(1.0, max(0.0, evidence))
        old = getattr(self, name)
        setattr(self, name, min(1.0, max(0.0, old + rate * (evidence - old))))

    def as_dict(self) -> BeliefView:
        """The beliefs as an observation shows them (rounded to four places)."""
        return {
            "resolve": round(self.resolve, 4),
            "us_resolve": round(self.us_resolve, 4),
            "cohesion": round(self.cohesion, 4),
            "attribution": round(self.attribution, 4),
        }


def prior(
    settings: dict[str, Any], us_commitment: str, force_deployed: bool, cohesion: float
) -> Beliefs:
    """Beliefs on the first day: the declared US level and the force's presence set them.

    The declared US commitment sets only the prior of `us_resolve`; what the US then does when
    tested moves it (issue 15: the declared level sets the prior, not a constant).
    """
    return Beliefs(
        resolve=settings["resolve_prior"] if force_deployed else 0.0,
        us_resolve=settings["us_prior_" + us_commitment],
        cohesion=cohesion if force_deployed else 0.0,
        attribution=settings["attribution_prior"],
    )
