"""Warning: a build-up may be seen, and seeing it gives time to act (000 section 1.5, 001)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wargame.engine.learning import us_tested

if TYPE_CHECKING:
    from wargame.engine.actors.russia import BuildUp
    from wargame.engine.views import Views


def detection_chance(model: Views, sector: str) -> float:
    """The weekly chance a build-up behind a sector is seen, from every source that looks.

    Ukraine's and the coalition's own intelligence always look; US C4ISR adds its own; the
    monitors see the Russian side only with access to both sides, best where a team patrols;
    an intelligence-driven force looks hardest. Sources are independent: 1 - prod(1 - p).
    """
    r = model.rules
    chances = [r["warning_base"]]
    if model.us.has_c4isr:
        chances.append(r["warning_c4isr"])
    if model.monitor.access == "both_sides":
        monitor = model.monitor
        patrolled = sector in monitor.patrols and sector not in monitor.harassed
        factor = 1.0 if patrolled else monitor.settings["unpatrolled_factor"]
        chances.append(r["warning_monitor"] * factor)
    if model.force.units and model.force.posture.effective_employment == "intelligence":
        chances.append(r["warning_intelligence"])
    missed = 1.0
    for p in chances:
        missed *= 1.0 - p
    return 1.0 - missed


def look_for_buildups(model: Views) -> None:
    """Roll once a week for every build-up with troops massed and not yet seen; warn if seen."""
    for sector in sorted(model.russia.buildups):
        b = model.russia.buildups[sector]
        if b.weeks == 0 or b.detected_week is not None:
            continue  # ordered this week: nothing has moved yet
        if model.rng.random() < detection_chance(model, sector):
            warn(model, b)


def warn(model: Views, b: BuildUp) -> None:
    """A seen build-up: the warning goes out, ministers pre-authorise, the US signals if it backs."""
    b.detected_week = model.week
    label = model.sector_label(b.sector)
    model.log.note(
        model.week,
        "warning",
        "engine",
        f"warning: Russian forces massing behind {label} ({int(b.troops):,} troops, "
        f"{b.weeks} week(s))",
        sector=b.sector,
    )
    if model.force.units and not model.force.posture.delegated_authority:
        model.force.preauthorised.add(b.sector)  # ministers decide before the attack (000)
    if model.us.is_backstop:
        model.log.note(
            model.week,
            "us_signal",
            "us",
            f"the United States warns Russia publicly over the build-up behind {label}",
            sector=b.sector,
        )
    us_tested(model)
