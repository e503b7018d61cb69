"""Russia: ~600,000 troops along the line, a war economy, hybrid means, and a war of perceptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wargame.engine.actors.base import GroundForces
from wargame.engine.beliefs import Beliefs
from wargame.engine.decisions import Action, ActionSpec
from wargame.engine.observed import public_fields

if TYPE_CHECKING:
    from wargame.engine.observations import BuildUpView, OwnOffensive


@dataclass
class BuildUp:
    """Forces massing behind one sector for a large-scale offensive (000 section 1.5)."""

    sector: str
    started_week: int
    weeks: int = 0
    troops: float = 0.0
    detected_week: int | None = None


class Russia(GroundForces):
    """Russia (001, 002): decides from its *perceived* cost versus gain (001, 000)."""

    kind = "russia"

    def __init__(self, model: Any, settings: dict[str, Any]) -> None:
        super().__init__(model, "russia")
        self.settings = settings
        sectors = model.map.sectors
        total_km = model.map.line_length_km
        # 001: about 600,000 troops along the demarcation zone, spread by sector length.
        self.line_troops: dict[str, float] = {
            s.id: settings["troops"] * s.length_km / total_km for s in sectors
        }
        self.reserves = 0.0
        self.casualties = 0.0
        self.buildups: dict[str, BuildUp] = {}
        self.beliefs: Beliefs  # formed by the model once the force is deployed (beliefs.prior)
        self.seen_commitment: str  # the US commitment Russia last took note of

    @property
    def troops(self) -> int:
        """All its troops: on the line, in reserve and massing behind the line."""
        massed = sum(b.troops for b in self.buildups.values())
        return int(sum(self.line_troops.values()) + self.reserves + massed)

    def ready_sectors(self) -> list[str]:
        """Sectors where forces have massed long enough for a large-scale offensive."""
        weeks = self.settings["min_preparation_weeks"]
        return sorted(s for s, b in self.buildups.items() if b.weeks >= weeks)

    def mass(self) -> None:
        """A week of every build-up: troops come from the reserves, then thin the other sectors."""
        per_week = self.settings["massing_per_week"]
        for sector in sorted(self.buildups):
            b = self.buildups[sector]
            b.weeks += 1
            from_reserves = min(per_week, self.reserves)
            self.reserves -= from_reserves
            rest = per_week - from_reserves
            others = [s for s in self.line_troops if s != sector and s not in self.buildups]
            pool = sum(self.line_troops[s] for s in others)
            taken = min(rest, 0.5 * pool)  # a front is never stripped bare for one build-up
            if pool > 0:
                for s in others:
                    self.line_troops[s] -= taken * self.line_troops[s] / pool
            b.troops += from_reserves + taken

    def regenerate(self) -> None:
        """The war economy rebuilds losses and builds up reserves, up to a ceiling (001)."""
        weekly = self.settings["regeneration_per_year"] / 52.0
        room = max(0.0, self.settings["max_troops"] - self.troops)
        self.reserves += min(room, weekly * self.settings["troops"])

    def launch(self, sector: str) -> float:
        """Throw part of the sector's troops and everything massed behind it into an offensive.

        The massed troops join the sector's line; returns the attacking troops.
        """
        b = self.buildups.pop(sector, None)
        massed = b.troops if b is not None else 0.0
        thrown: float = self.settings["offensive_share"] * self.line_troops[sector] + massed
        self.line_troops[sector] += massed
        return thrown

    def feed(self, sector: str) -> float:
        """A week's reinforcement of an offensive from the reserves (reserve_share of them)."""
        fed: float = self.settings["reserve_share"] * self.reserves
        self.reserves -= fed
        self.line_troops[sector] += fed
        return fed

    def stand_down(self, sector: str) -> None:
        """Give up a build-up: the massed troops go back to the reserves."""
        b = self.buildups.pop(sector)
        self.reserves += b.troops

    def own_offensives(self) -> list[Any]:
        """Its large-scale violations still going on."""
        return [i for i in self.model.log.active() if i.perpetrator == "russia" and i.level == 3]

    def _own_active_incidents(self) -> list[OwnOffensive]:
        return [
            {
                "id": i.id,
                "sector": i.sector,
                "level": i.level,
                "weeks_fought": i.weeks_fought,
                "answered": i.visible_response,
                "strength": int(i.strength),
                "depth_km": round(i.depth_km, 1),
                "advance_km": round(i.advance_km, 1),
            }
            for i in self.own_offensives()
        ]

    def _buildups_seen(self) -> dict[str, BuildUpView]:
        return {
            s: {"weeks": b.weeks, "troops": int(b.troops), "warned": b.detected_week is not None}
            for s, b in sorted(self.buildups.items())
        }

    # Russia's view: its own forces, what the coalition shows, never the coalition's intelligence.
    observed = public_fields() + {
        "own_troops": GroundForces.own_troops,
        "own_reserves": GroundForces.own_reserves,
        "ukraine_troops_visible": lambda a: {
            k: int(v) for k, v in a.model.ukraine.line_troops.items()
        },
        "own_active_incidents": _own_active_incidents,
        "buildups": _buildups_seen,
        "min_preparation_weeks": lambda a: a.settings["min_preparation_weeks"],
        "beliefs": lambda a: a.beliefs.as_dict(),
        "answered_rate": lambda a: a.model.answered_rate("russia"),
        "hybrid_targets": lambda a: a.model.contributor_ids(),
        "elections_soon": lambda a: a.model.campaigning_ids(),
        "hybrid_per_week": lambda a: a.settings["hybrid_per_week"],
        "harassment_per_week": lambda a: a.settings["harassment_per_week"],
    }

    def legal_actions(self) -> ActionSpec:
        """Violations in any sector (large-scale only where prepared), build-ups, hybrid attacks, harassment."""
        m = self.model
        sectors = m.map.sector_ids
        spec: ActionSpec = {
            "violate": {"sector": sectors, "level": [1, 2, 3] if self.ready_sectors() else [1, 2]},
            "hybrid": {"target": m.contributor_ids()},
            "harass_monitor": {"sector": sectors},
        }
        free = [s for s in sectors if s not in self.buildups]
        if free and len(self.buildups) < self.settings["max_buildups"]:
            spec["prepare"] = {"sector": free}
        if self.buildups:
            spec["stand_down"] = {"sector": sorted(self.buildups)}
        offensives = [i.id for i in self.own_offensives()]
        if offensives:
            spec["halt"] = {"incident": offensives}
        return spec

    def action_limits(self) -> dict[str, int]:
        """Hybrid attacks and harassment are limited by capacity."""
        return {
            "hybrid": self.settings["hybrid_per_week"],
            "harass_monitor": self.settings["harassment_per_week"],
        }

    def check(self, action: Action) -> str | None:
        """A large-scale offensive only where forces have massed long enough (000 section 1.5)."""
        if action["type"] == "violate" and action["level"] == 3:
            ready = self.ready_sectors()
            if action["sector"] not in ready:
                weeks = self.settings["min_preparation_weeks"]
                where = ", ".join(ready) if ready else "none yet"
                return (
                    f"a large-scale offensive in {action['sector']} needs forces massed there for "
                    f"{weeks} week(s) first (prepare); ready sectors: {where}"
                )
        if action["type"] == "prepare":
            limit = self.settings["max_buildups"]
            if len(self.buildups) >= limit:
                return f"at most {limit} build-up(s) at once"
        return None

    def duplicate_key(self, action: Action) -> tuple[Any, ...] | None:
        """One large-scale offensive per sector a week (probes and limited ones may repeat)."""
        if action["type"] == "violate" and action["level"] == 3:
            return ("violate", "sector at level 3", action["sector"])
        if action["type"] in ("prepare", "stand_down"):
            return (action["type"], "sector", action["sector"])
        return super().duplicate_key(action)

    def act_violate(self, action: Action) -> None:
        """Start a violation of the ceasefire."""
        self.model.start_incident("russia", action["sector"], action["level"], "violation")

    def act_prepare(self, action: Action) -> None:
        """Start massing forces behind a sector."""
        m = self.model
        sector = action["sector"]
        self.buildups[sector] = BuildUp(sector, m.week)
        m.log.note(
            m.week,
            "buildup",
            "russia",
            f"Russia starts massing forces behind {m.sector_label(sector)}",
            sector=sector,
        )

    def act_stand_down(self, action: Action) -> None:
        """Give up a build-up."""
        m = self.model
        sector = action["sector"]
        detected = self.buildups[sector].detected_week is not None
        self.stand_down(sector)
        m.log.note(
            m.week,
            "stand_down",
            "russia",
            f"Russia gives up its build-up behind {m.sector_label(sector)}"
            + (" after it was seen" if detected else ""),
            sector=sector,
        )

    def act_hybrid(self, action: Action) -> None:
        """Hit a troop-contributing nation at home."""
        self.model.hybrid_attack(action["target"])

    def act_harass_monitor(self, action: Action) -> None:
        """Harass the monitors in a sector."""
        self.model.monitor.harass(action["sector"])

    def act_halt(self, action: Action) -> None:
        """Call off one of its offensives."""
        self.model.halt_offensive(action["incident"])
