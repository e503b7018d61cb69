"""A conformance check for any policy: legal actions, determinism, time per decision."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from wargame.config.scenario import list_scenarios
from wargame.engine.roster import is_nation
from wargame.errors import WargameError
from wargame.play.session import Game, actor_ids_for
from wargame.policies.policy import DECISION_SECONDS
from wargame.policies.registry import UntrustedCodeError, make_policy


@dataclass
class ScenarioCheck:
    """The result of playing one policy on one scenario."""

    scenario: str
    actor: str
    legal: bool = True
    deterministic: bool = True
    decisions: int = 0
    seconds: float = 0.0
    error: str = ""

    @property
    def ms_per_decision(self) -> float:
        """Mean time per decision in milliseconds."""
        return 1000.0 * self.seconds / self.decisions if self.decisions else 0.0


@dataclass
class CheckReport:
    """Every scenario's result for one policy."""

    policy: str
    checks: list[ScenarioCheck] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Legal and deterministic everywhere."""
        return bool(self.checks) and all(c.legal and c.deterministic for c in self.checks)


class _Recorder:
    """Wraps a policy to log its actions and time its decisions."""

    def __init__(self, policy: Any) -> None:
        self.policy = policy
        self.name = getattr(policy, "name", type(policy).__name__)
        self.actions: list[Any] = []
        self.seconds = 0.0

    def decide(self, observation: dict[str, Any]) -> Any:
        start = time.perf_counter()
        actions = self.policy.decide(observation)
        self.seconds += time.perf_counter() - start
        self.actions.append(repr(actions))
        return actions


def _play(
    scenario: Any, actor: str, ref: str, seed: int, weeks: int, seconds: float | None
) -> tuple[_Recorder, str]:
    game = Game(scenario, seed)
    game.decision_timeout = seconds
    recorder = _Recorder(make_policy(ref, actor, seed))
    game.model.deciders[actor] = recorder
    game.run(weeks)
    return recorder, game.model.state_digest()


def check_policy(
    ref: str,
    actors: list[str] | None = None,
    seed: int = 11,
    weeks: int = 104,
    seconds: float | None = DECISION_SECONDS,
) -> CheckReport:
    """Play a policy (registered name or file path) on every shipped scenario, twice per scenario.

    A decision taking longer than `seconds` is stopped and fails the check.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 5200:
        raise WargameError(f"--weeks {weeks}: must be a whole number of weeks from 1 to 5200")
    if seconds is not None and not (0 < seconds <= 3600):
        raise WargameError(f"--timeout {seconds}: must be more than 0 and at most 3600 seconds")
    report = CheckReport(policy=ref)
    for scenario in list_scenarios():
        ids = actor_ids_for(scenario)
        candidates = actors or ids
        for actor in candidates:
            if actor not in ids:
                continue
            try:
                make_policy(ref, actor, seed)
            except UntrustedCodeError:
                raise
            except WargameError:
                continue  # the policy does not play this kind of actor
            check = ScenarioCheck(scenario=scenario.name, actor=actor)
            try:
                first, digest1 = _play(scenario, actor, ref, seed, weeks, seconds)
                second, digest2 = _play(scenario, actor, ref, seed, weeks, seconds)
                check.decisions = len(first.actions)
                check.seconds = first.seconds
                check.deterministic = first.actions == second.actions and digest1 == digest2
            except WargameError as exc:
                check.legal = False
                check.error = str(exc)
            report.checks.append(check)
            if is_nation(actor) and actors is None:
                break  # one nation per scenario is enough
    if not report.checks:
        raise WargameError(f"policy '{ref}' plays none of the actors of the shipped scenarios")
    return report
