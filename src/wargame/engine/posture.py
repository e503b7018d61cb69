"""The Coalition's posture and its troop arithmetic, from 001's table of deployment options."""

from __future__ import annotations

from dataclasses import dataclass

from wargame.errors import BudgetError

OPTIONS = (
    "none",
    "reassurance",
    "monitoring",
    "light_area",
    "heavy_area",
    "counter_concentration",
)
SPACINGS = ("eur_plus", "ua_supported")
RESPONSES = ("denial", "punishment")
EMPLOYMENTS = ("auto", "area", "intelligence")
ESTIMATES = ("high", "low")

# 001: "EUR+" = one unit every 50 km (24 along 1,200 km); "UA-supported" = every 100 km (12).
SPACING_KM = {"eur_plus": 50.0, "ua_supported": 100.0}

# 001's table for the 1,200 km line: (units, low troops, high troops) per option and spacing.
# 001: option 1 EUR+ light battalion per 50 km = 24 bn = 8-10 brigades, 32,000-40,000;
#      UA-supported per 100 km = 12 bn = 4-5 brigades, 16,000-20,000.
# 001: option 2 heavy battalion per 50 km = 24 bn = 8-10 heavy brigades, 32,000-40,000; 12 bn 16,000-20,000.
# 001: option 3 heavy brigade per 50 km = 24 brigades, 96,000; per 100 km 12 brigades, 48,000.
# 001: option 4 four heavy brigades (Luhansk, Donetsk, Zaporizhzhia, Kherson) = 16,000; UA-supported:
#      Ukrainian heavy brigades as back-up, so the same four European brigades.
# 002: reassurance force (UK/FR) ~30,000 in the rear, symbolic.
TABLE: dict[tuple[str, str], tuple[int, int, int]] = {
    ("none", "eur_plus"): (0, 0, 0),
    ("none", "ua_supported"): (0, 0, 0),
    ("reassurance", "eur_plus"): (1, 30_000, 30_000),
    ("reassurance", "ua_supported"): (1, 30_000, 30_000),
    ("monitoring", "eur_plus"): (24, 32_000, 40_000),
    ("monitoring", "ua_supported"): (12, 16_000, 20_000),
    ("light_area", "eur_plus"): (24, 32_000, 40_000),
    ("light_area", "ua_supported"): (12, 16_000, 20_000),
    ("heavy_area", "eur_plus"): (24, 96_000, 96_000),
    ("heavy_area", "ua_supported"): (12, 48_000, 48_000),
    ("counter_concentration", "eur_plus"): (4, 16_000, 16_000),
    ("counter_concentration", "ua_supported"): (4, 16_000, 16_000),
}
# 001: options 1 and 4 are intelligence-driven, options 2 and 3 area-based.
DEFAULT_EMPLOYMENT = {
    "none": "area",
    "reassurance": "area",
    "monitoring": "intelligence",
    "light_area": "area",
    "heavy_area": "area",
    "counter_concentration": "intelligence",
}
# Options whose units stand on the line, one per `spacing` km; the others sit at hubs.
LINE_OPTIONS = ("monitoring", "light_area", "heavy_area")
# Combat value of one soldier of each option's units relative to a Ukrainian line soldier.
# ASSUMED (no source gives it): light battalions 0.6, heavy units 1.5, rear reassurance 1.0.
UNIT_QUALITY = {
    "none": 0.0,
    "reassurance": 1.0,
    "monitoring": 0.6,
    "light_area": 1.2,
    "heavy_area": 1.5,
    "counter_concentration": 1.5,
}


@dataclass(frozen=True)
class Posture:
    """The dials of the Coalition's deployment (001)."""

    option: str = "heavy_area"
    spacing: str = "eur_plus"
    response: str = "denial"
    employment: str = "auto"
    rotation_factor: int = 3
    estimate: str = "high"
    delegated_authority: bool = True
    consultation_delay_weeks: int = 2

    @property
    def effective_employment(self) -> str:
        """Area-based or intelligence-driven, following the option unless overridden."""
        if self.employment == "auto":
            return DEFAULT_EMPLOYMENT[self.option]
        return self.employment

    @property
    def is_symbolic(self) -> bool:
        """A reassurance force withdraws when large-scale violations start (001)."""
        return self.option == "reassurance"


def units_for_line(option: str, spacing: str, line_length_km: float) -> int:
    """How many units the option places: one per spacing km on line options (001)."""
    units, _, _ = TABLE[(option, spacing)]
    if option in LINE_OPTIONS:
        return max(1, round(line_length_km / SPACING_KM[spacing]))
    return units


def troops_per_unit(option: str, spacing: str, estimate: str = "high") -> float:
    """Troops in one unit of the option, from 001's totals for the 1,200 km line."""
    units, low, high = TABLE[(option, spacing)]
    if units == 0:
        return 0.0
    return (high if estimate == "high" else low) / units


def deployed_troops(posture: Posture, line_length_km: float = 1200.0) -> int:
    """Troops deployed at one time for the posture (001's table; scaled to other line lengths)."""
    n = units_for_line(posture.option, posture.spacing, line_length_km)
    per_unit = troops_per_unit(posture.option, posture.spacing, posture.estimate)
    return round(n * per_unit)


def committed_troops(deployed: int, rotation_factor: int) -> int:
    """Troops tied up by a deployment: every unit deployed costs rotation_factor units (001)."""
    if rotation_factor < 1:
        raise ValueError(f"rotation_factor must be >= 1, got {rotation_factor}")
    return deployed * rotation_factor


def default_troop_budget(european_brigades: int, brigade_size: int, efp_troops: int) -> int:
    """001: 82 brigades x 4,000 minus the 30,000 EFP troops = 298,000 ("under 300,000")."""
    return european_brigades * brigade_size - efp_troops


def deployable_troops(european_brigades: int, brigade_size: int, deployable_fraction: float) -> int:
    """001: of European NATO's 82 brigades "only half deployable": the troops that can be abroad
    at one time (82 x 4,000 x 0.5 = 164,000)."""
    return int(european_brigades * brigade_size * deployable_fraction)


def check_deployable(posture: Posture, abroad: int, deployable: int, source: str) -> None:
    """Refuse a posture that needs more troops abroad at one time (the force's with the standing
    NATO duties') than the deployable brigades hold, saying by how much."""
    if abroad > deployable:
        raise BudgetError(
            f"{source}: posture {posture.option}/{posture.spacing} puts {abroad:,} troops abroad "
            f"at one time (the force with the EFP battalions), but the deployable brigades hold "
            f"{deployable:,} (coalition.deployable_fraction of coalition.european_brigades): "
            f"{abroad - deployable:,} too many. Choose the ua_supported spacing, the low "
            f"estimate or a smaller option, or raise coalition.deployable_fraction."
        )


def check_budget(posture: Posture, committed: int, budget: int, source: str = "scenario") -> None:
    """Refuse a posture that needs more committed troops than the budget, saying by how much."""
    if committed > budget:
        short = committed - budget
        raise BudgetError(
            f"{source}: posture {posture.option}/{posture.spacing} with rotation factor "
            f"{posture.rotation_factor} commits {committed:,} troops, but the coalition can give "
            f"{budget:,}: {short:,} over budget. Lower the rotation factor, choose the "
            f"ua_supported spacing or a smaller option, or raise coalition.troop_budget."
        )


def troop_years(committed: int, weeks: int) -> float:
    """Committed troops times years on mission (rotation included)."""
    return committed * weeks / 52.0


def unit_positions(n_units: int, line_length_km: float) -> list[float]:
    """Kilometre marks of n evenly spaced units along the line (centre of each stretch)."""
    if n_units <= 0:
        return []
    step = line_length_km / n_units
    return [step * (i + 0.5) for i in range(n_units)]
