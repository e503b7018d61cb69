"""An example Russia policy for docs/policies.md: salami slicing below the large-scale threshold."""

from wargame.policies.policy import Action, BasePolicy, Observation


class SalamiSlicer(BasePolicy):
    """One limited (level 2) violation a week where the coalition shows least; never a war."""

    name = "salami"
    actors = ("russia",)

    def decide(self, observation: Observation) -> list[Action]:
        """Halt every offensive; slice the sector with the least visible coalition presence."""
        actions: list[Action] = [
            {"type": "halt", "incident": inc["id"]} for inc in observation["own_active_incidents"]
        ]
        presence = observation["coalition_presence"]  # sector -> troops; empty sectors left out
        nearby = observation["coalition_nearby"]  # mobile troops that can reach it this week
        seen = {s: presence.get(s, 0) + nearby.get(s, 0) for s in observation["sectors"]}
        least = min(seen.values())
        candidates = [s for s in observation["sectors"] if seen[s] == least]
        sector = candidates[int(self.rng.integers(len(candidates)))]  # ties: own seeded RNG
        actions.append({"type": "violate", "sector": sector, "level": 2})
        return actions
