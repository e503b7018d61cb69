"""The fighting rules: incidents start, are fought, answered and halted; escalation; the end."""

from __future__ import annotations

import math
from typing import Any

from wargame.engine.actors import Nation
from wargame.engine.events import LEVELS, EndCause, Incident, IncidentKind, Level
from wargame.engine.learning import us_tested
from wargame.engine.roster import DISPLAY_NAMES, SIDES
from wargame.engine.views import Views


class Combat(Views):
    """The model's rules of incidents, fighting, escalation and the end of a game (a mixin)."""

    def start_incident(
        self,
        perpetrator: str,
        sector: str | None,
        level: Level,
        kind: IncidentKind,
        target: str | None = None,
    ) -> Incident:
        """Open an incident; a large-scale violation makes a reassurance force withdraw (001)."""
        inc = self.log.open_incident(
            week=self.week,
            level=level,
            perpetrator=perpetrator,
            kind=kind,
            sector=sector,
            target=target,
        )
        if level == 3 and perpetrator == "russia" and sector is not None:
            buildup = self.russia.buildups.get(sector)
            inc.warned_week = buildup.detected_week if buildup is not None else None
            inc.strength = self.russia.launch(sector)
            us_tested(self)
        if kind in ("violation", "irregular"):
            who = DISPLAY_NAMES[perpetrator]
            self.log.note(
                self.week,
                "incident",
                perpetrator,
                f"{who}: {LEVELS[level]} in {self.sector_label(sector)}"
                if sector
                else f"{who}: {LEVELS[level]}",
                incident=inc.id,
                sector=sector,
            )
        if (
            level == 3
            and perpetrator == "russia"
            and self.force.posture.is_symbolic
            and self.force.units
        ):
            self.force.withdraw_all()
            self._end(
                "coalition_withdrawn",
                "the reassurance force withdrew when large-scale violations began (001)",
            )
        return inc

    def hybrid_attack(self, code: str) -> None:
        """A hybrid attack at home on a troop-contributing nation (001)."""
        nation = self.actors[code]
        assert isinstance(nation, Nation)
        nation.hybrid_this_week += 1
        nation.hybrid_hits += 1
        inc = self.start_incident("russia", None, 1, "hybrid", target=code)
        self._end_incident(inc, "ended")

    def halt_offensive(self, incident_id: int) -> None:
        """Russia calls off a large-scale violation: stopped, contained, or a new line if it gained."""
        inc = self.log.incidents[incident_id - 1]
        if inc.depth_km > 0:
            outcome = "local_gains"
        else:
            outcome = "contained" if inc.visible_response in ("denial", "punishment") else "halted"
        self._end_incident(inc, outcome)
        s = inc.sector
        assert s is not None
        text = f"Russia halts the offensive in {self.sector_label(s)} ({outcome.replace('_', ' ')})"
        self.log.note_incident(self.week, "halt", "russia", text, inc)
        if inc.depth_km > 0:
            self.ground_lost_km[s] = self.ground_lost_km.get(s, 0.0) + inc.depth_km
            self.log.note_incident(
                self.week,
                "front_moved",
                "engine",
                f"the line in {self.sector_label(s)} freezes {inc.depth_km:.1f} km further west",
                inc,
            )

    def punishment_strike(self, inc: Incident) -> None:
        """A punishment strike on Russian forces: costs Russia, raises escalation (001)."""
        dead = self.rules["punishment_casualties"] * (3 if inc.level == 3 else 1)
        inc.add_casualties(
            "russia", self.russia.lose(None if inc.sector is None else inc.sector, dead)
        )
        self.last_coalition_combat = self.week
        self._add_escalation(self.rules["escalation_punishment"])

    def _end_incident(self, inc: Incident, outcome: str) -> None:
        self.log.close_incident(inc, self.week, outcome)

    def _resolve_incidents(self) -> None:
        for inc in self.log.active():
            self._civilian_harm(inc)
            if inc.level == 1 or inc.kind in ("hybrid", "harassment"):
                self._add_escalation(self.rules["escalation_per_level"][0])
                self._end_incident(inc, "ended")
            elif inc.perpetrator == "russia":
                self._fight(inc)
            else:
                self._raid(inc)

    def _civilian_harm(self, inc: Incident) -> None:
        """A week of an incident near the line hurts civilians: a Poisson draw by level (000 section 1.5)."""
        if inc.sector is None or inc.kind not in ("violation", "irregular"):
            return
        expected = self.rules["civilian_harm"][inc.level - 1]
        if expected <= 0:
            return
        harmed = float(self.civilian_rng.poisson(expected))
        if harmed > 0:
            inc.civilians += harmed
            self.civilian_casualties += harmed
            self.civilians_this_week += harmed

    def _fight(self, inc: Incident) -> None:
        if inc.level == 3:
            self._offensive_week(inc)
            return
        rules, s = self.rules, inc.sector
        assert s is not None
        share = rules["limited_share"]
        attack = share * self.russia.line_troops[s]
        d_ua = share * self.ukraine.line_troops[s] * self.ukraine.quality(self.week)
        units = self.force.units_in(s)
        d_co = share * sum(self._combat_value(u) for u in units)
        inc.ukraine_response = "defend"
        self._exchange(inc, attack, d_ua, d_co, units, rules["combat_rate"][1])
        inc.weeks_fought += 1
        self._add_escalation(rules["escalation_per_level"][1])
        self._end_incident(inc, "ended")

    def _exchange(
        self, inc: Incident, attack: float, d_ua: float, d_co: float, units: list[Any], rate: float
    ) -> float:
        """A week's losses on both sides at a combat rate; returns Russia's losses."""
        s = inc.sector
        assert s is not None
        lost = self.russia.lose(s, rate * (d_ua + d_co))
        inc.add_casualties("russia", lost)
        defender_loss = rate * attack
        defence = d_ua + d_co
        if defence > 0:
            inc.add_casualties("ukraine", self.ukraine.lose(s, defender_loss * d_ua / defence))
            self._coalition_losses(inc, units, defender_loss * d_co / defence)
        return lost

    def _offensive_week(self, inc: Incident) -> None:
        """A week of a large-scale offensive: force ratio, fog, losses, ground, perhaps the end.

        The attack is the troops thrown in (massed ones included) plus what the reserves feed
        it; the defence is Ukraine's line times its quality plus the coalition's units there.
        An undetected build-up surprises the defence in the first week. Ground is taken in
        proportion to how far the week's ratio exceeds 1:1, and a breakthrough comes at the
        planner's ratio or at operational depth (ASSUMED rules, docs/model.md).
        """
        rules, s = self.rules, inc.sector
        assert s is not None
        if inc.weeks_fought > 0:
            inc.strength += self.russia.feed(s)
        attack = inc.strength
        if inc.weeks_fought == 0 and inc.warned_week is None:
            attack *= rules["surprise_factor"]
        d_ua = self.ukraine.line_troops[s] * self.ukraine.quality(self.week)
        units = self.force.units_in(s)
        d_co = sum(self._combat_value(u) for u in units)
        defence = max(d_ua + d_co, 1.0)
        ratio = attack / defence * float(math.exp(self.rng.normal(0.0, rules["fog_sigma"])))
        inc.ukraine_response = "defend"
        lost = self._exchange(inc, attack, d_ua, d_co, units, rules["combat_rate"][2])
        inc.strength = max(0.0, inc.strength - lost)
        inc.weeks_fought += 1
        inc.advance_km = rules["advance_km_per_week"] * max(0.0, ratio - 1.0)
        inc.depth_km += inc.advance_km
        self._add_escalation(rules["escalation_per_level"][2])
        if ratio >= rules["breakthrough_ratio"] or inc.depth_km >= rules["breakthrough_depth_km"]:
            self._end_incident(inc, "breakthrough")
            self._end(
                "ceasefire_collapsed",
                f"breakthrough in {self.sector_label(s)} ({inc.depth_km:.0f} km deep, "
                f"week {inc.weeks_fought} of the offensive)",
            )
        elif inc.weeks_fought >= rules["containment_weeks"]:
            self._end_incident(inc, "war")
            self._end(
                "ceasefire_collapsed",
                f"large-scale fighting in {self.sector_label(s)} for {inc.weeks_fought} weeks",
            )

    def _combat_value(self, unit: Any) -> float:
        """A unit's combat value: troops x quality, less for troops under national ROE caveats (000)."""
        caveat = self.settings["coalition"]["caveat_factor"]
        nations = self.settings["nations"]
        value: float = unit.quality * sum(
            troops * (caveat if nations[code]["caveats"] else 1.0)
            for code, troops in unit.troops_by_nation.items()
        )
        return value

    def _raid(self, inc: Incident) -> None:
        """Ukrainian irregular operation in occupied territory (001, Resistance Operating Concept)."""
        s = inc.sector
        assert s is not None
        rate = self.rules["combat_rate"][1]
        raiders = self.rules["raid_size"] * self.ukraine.quality(self.week)
        defenders = self.rules["limited_share"] * self.russia.line_troops[s]
        inc.add_casualties("russia", self.russia.lose(s, rate * raiders))
        inc.add_casualties("ukraine", self.ukraine.lose(s, rate * defenders))
        self._add_escalation(self.rules["escalation_per_level"][1])
        self._end_incident(inc, "ended")

    def _coalition_losses(self, inc: Incident, units: list[Any], losses: float) -> None:
        total = sum(u.troops for u in units)
        if losses <= 0 or total <= 0:
            return
        self.force.troops_version += 1
        for unit in units:
            for code, troops in list(unit.troops_by_nation.items()):
                lost = min(troops, losses * troops / total)
                unit.troops_by_nation[code] = troops - lost
                nation = self.actors[code]
                assert isinstance(nation, Nation)
                nation.casualties += lost
                nation.casualties_this_week += lost
                self.coalition_casualties += lost
                inc.add_casualties(code, lost)
        self.last_coalition_combat = self.week
        pulled = (
            inc.level == 3
            or sum(v for k, v in inc.casualties.items() if k not in SIDES)
            >= self.rules["tripwire_casualties"]
        )
        if pulled and not inc.tripwire:
            inc.tripwire = True
            self.tripwires += 1
            for unit in units:
                for code in unit.troops_by_nation:
                    nation = self.actors[code]
                    assert isinstance(nation, Nation)
                    nation.tripwire_this_week = True
            self._add_escalation(self.rules["escalation_tripwire"])
            self.log.note_incident(
                self.week,
                "tripwire",
                "force_commander",
                f"tripwire pulled: coalition troops hit in {self.sector_label(inc.sector)}",
                inc,
            )

    def _add_escalation(self, amount: float) -> None:
        if self.us.is_backstop:
            amount *= self.rules["backstop_damping"]  # escalation dominance (001, 002)
        self.escalation += amount

    def nation_leaves(self, nation: Nation) -> None:
        """A nation leaves the coalition and takes its troops home."""
        nation.in_coalition = False
        nation.left_week = self.week
        self.force.withdraw_nation(nation.code)
        self.log.note(
            self.week,
            "nation_left",
            nation.code,
            f"{nation.name} leaves the coalition (will {nation.will:.2f})",
        )

    def _end(self, cause: EndCause, detail: str) -> None:
        if self.end_cause is None:
            self.end_cause = cause
            self.end_detail = detail
            self.log.note(
                self.week, "end", "engine", f"game over: {cause.replace('_', ' ')}: {detail}"
            )
        self.running = False

    def _check_end(self) -> None:
        self.escalation *= self.rules["escalation_decay"]
        self.escalation_max = max(self.escalation_max, self.escalation)
        if self.escalation >= self.rules["escalation_limit"]:
            coalition_fighting = self.force.units and self.week - self.last_coalition_combat <= 8
            if coalition_fighting:
                self._end(
                    "uncontrollable_escalation",
                    f"escalation {self.escalation:.1f} with coalition troops in combat",
                )
            else:
                self._end(
                    "ceasefire_collapsed",
                    f"escalation {self.escalation:.1f}: large-scale war resumes",
                )
        initial = self.force.initial_troops
        if (
            initial > 0
            and self.force.deployed < self.settings["coalition"]["mission_floor"] * initial
        ):
            self._end(
                "coalition_withdrawn", f"only {self.force.deployed:,} of {initial:,} troops remain"
            )
        if self.week >= self.horizon:
            self._end("held", f"the ceasefire held for {self.week} weeks")
