"""Each actor's observation, declared: what exactly an actor may know, as typed dictionaries."""

from __future__ import annotations

from typing import TypedDict


class PostureView(TypedDict):
    """The force's declared posture, as everyone sees it."""

    option: str
    spacing: str
    response: str
    employment: str


class MonitorReport(TypedDict):
    """One of the monitor's published attributions."""

    id: int
    week: int
    sector: str | None
    level: int
    attributed_to: str | None
    attributed_week: int | None


class PublicView(TypedDict):
    """What every actor on the ground can see (`public_view`)."""

    week: int
    horizon_weeks: int
    sectors: list[str]
    posture: PostureView
    us_commitment: str
    monitor_access: str
    coalition_presence: dict[str, int]
    coalition_nearby: dict[str, int]
    coalition_troops_deployed: int
    nations_in_coalition: list[str]
    coalition_cohesion: float
    ukraine_quality_visible: float
    escalation_level: float
    monitor_reports: list[MonitorReport]
    raids_attributed_to_ukraine: int  # Ukrainian raids the monitor attributed, last 26 weeks


class PoliticalView(TypedDict):
    """The compact public picture politicians act on (`political_field`)."""

    week: int
    horizon_weeks: int
    us_commitment: str
    coalition_troops_deployed: int
    nations_in_coalition: list[str]
    coalition_cohesion: float
    escalation_level: float


class SharedPicture(TypedDict):
    """What the Force Commander last shared with the nations and the US."""

    deployed: int
    known_incidents: int
    coalition_casualties: float
    tripwires: int
    strikes: int


class OwnForces(TypedDict):
    """An army's knowledge of its own forces: whole soldiers per sector, and its reserves."""

    own_troops: dict[str, int]
    own_reserves: int


class OwnOffensive(TypedDict):
    """One of Russia's own active offensives, as Russia sees it."""

    id: int
    sector: str | None
    level: int
    weeks_fought: int
    answered: str | None
    strength: int  # attacking troops left
    depth_km: float  # ground taken so far
    advance_km: float  # ground taken last week


class BuildUpView(TypedDict):
    """One of Russia's build-ups behind a sector, as Russia sees it."""

    weeks: int
    troops: int
    warned: bool  # whether it was seen: the warning is public (warning.py)


class BeliefView(TypedDict):
    """Russia's beliefs (engine/beliefs.py), each a share in [0, 1]."""

    resolve: float
    us_resolve: float
    cohesion: float
    attribution: float


class RussiaObservation(PublicView, OwnForces):
    """Russia's view: its own forces, what the coalition shows, never its intelligence."""

    ukraine_troops_visible: dict[str, int]
    own_active_incidents: list[OwnOffensive]
    buildups: dict[str, BuildUpView]
    min_preparation_weeks: int
    beliefs: BeliefView
    answered_rate: float
    hybrid_targets: list[str]
    elections_soon: list[str]
    hybrid_per_week: float
    harassment_per_week: float


class AttackOnUkraine(TypedDict):
    """An active Russian violation Ukraine faces."""

    id: int
    sector: str | None
    level: int


class UkraineObservation(PublicView, OwnForces):
    """Ukraine's view: its own forces, Russia's visible troops, attacks on it."""

    own_quality: float
    russian_troops_visible: dict[str, int]
    attacks_on_us: list[AttackOnUkraine]
    irregular_ops_per_year: float
    monitor_restrictions_per_week: int


class Detection(TypedDict):
    """An incident the monitor has detected (hybrid attacks at home excepted)."""

    id: int
    week: int
    sector: str | None
    level: int
    attributed_to: str | None


class MonitorObservation(PublicView):
    """The monitor's view: its access, teams, detections and harassment."""

    access: str
    teams: int
    detected: list[Detection]
    harassed_this_week: list[str]


class UnitView(TypedDict):
    """One of the force's units, as its commander sees it."""

    id: str
    location: str
    troops: int
    mobile: bool


class KnownIncident(TypedDict):
    """An incident the Force Commander knows of, with its assessment."""

    id: int
    week: int
    sector: str | None
    level: int
    assessed_perpetrator: str | None
    responded: str | None
    modes: list[str]


class ForceCommanderObservation(PublicView):
    """The Force Commander's picture: units, known incidents, authority, the nations' will."""

    units: list[UnitView]
    known_incidents: list[KnownIncident]
    delegated_authority: bool
    warnings: list[str]  # sectors behind which a build-up has been seen
    nations_will: dict[str, float]


class USObservation(PoliticalView):
    """The US view: the political picture, its own commitment, the force's briefing."""

    own_commitment: str
    force_shared: SharedPicture


class NationObservation(PoliticalView):
    """A nation's view: its own politics and what the Force Commander shares."""

    nation: str
    own_will: float
    own_public_support: float
    own_troops: int
    own_casualties: float
    own_casualties_this_week: float
    hybrid_attacks_this_week: int
    hybrid_attacks_total: int
    caveats: bool
    casualty_sensitivity: float
    leave_threshold: float
    weeks_to_election: int
    force_shared: SharedPicture


# Any actor's observation; a policy may read it as a Mapping[str, Any].
Observation = (
    PublicView
    | PoliticalView
    | RussiaObservation
    | UkraineObservation
    | MonitorObservation
    | ForceCommanderObservation
    | USObservation
    | NationObservation
)
