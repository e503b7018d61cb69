"""What actors may see: the public and political views, and each actor's observation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wargame.engine.events import LEVELS, Incident
from wargame.engine.geography import Geography
from wargame.engine.observations import MonitorReport, Observation, PostureView, PublicView


def _copy_reports(reports: list[MonitorReport]) -> list[MonitorReport]:
    return list(map(dict.copy, reports))  # type: ignore[arg-type]


# How each field of the public view is copied for an actor (policies may change theirs); a
# field not named here is a plain value. The copies know the view's shape (much faster than a
# generic deep copy).
_PUBLIC_COPY: dict[str, Callable[[Any], Any]] = {
    "sectors": list,
    "posture": dict.copy,
    "coalition_presence": dict.copy,
    "coalition_nearby": dict.copy,
    "nations_in_coalition": list,
    "monitor_reports": _copy_reports,
}


def _copy_public(view: PublicView) -> PublicView:
    """A deep copy of the public view."""
    out = view.copy()
    for key, copy in _PUBLIC_COPY.items():
        out[key] = copy(view[key])  # type: ignore[literal-required]
    return out


def _report(i: Incident) -> MonitorReport:
    """An attributed incident's published report, kept with it (an attribution is final)."""
    kept: MonitorReport | None = i.__dict__.get("_report")
    if kept is None:
        kept = {
            "id": i.id,
            "week": i.week,
            "sector": i.sector,
            "level": i.level,
            "attributed_to": i.attributed_to,
            "attributed_week": i.attributed_week,
        }
        i.__dict__["_report"] = kept
    return kept


# The views' fields computed alone (one formula for the public and political views, and for a
# policy that reads only these: no view is built for them). Copied as `_PUBLIC_COPY` says.
_ALONE: dict[str, Callable[[Any], Any]] = {
    "week": lambda m: m.week,
    "horizon_weeks": lambda m: m.horizon,
    "sectors": lambda m: m.map.sector_ids,
    "us_commitment": lambda m: m.us.declared,
    "monitor_access": lambda m: m.monitor.access,
    "coalition_troops_deployed": lambda m: m.force.deployed,
    "coalition_cohesion": lambda m: round(m.cohesion() * 20) / 20,
    "ukraine_quality_visible": lambda m: round(m.ukraine.quality(m.week), 2),
    "escalation_level": lambda m: round(m.escalation, 2),
    "posture": lambda m: m.posture_view(),
    "coalition_presence": lambda m: m.force.shown_presence(m.map.sector_ids)[0],
    "coalition_nearby": lambda m: m.force.shown_presence(m.map.sector_ids)[1],
}


class Views(Geography):
    """The model's views of its state, built once per unchanged stretch (a mixin)."""

    def nation_ids_in_coalition(self) -> list[str]:
        """Codes of the nations still in the coalition."""
        return [n.code for n in self.nations if n.in_coalition]

    def contributor_ids(self) -> list[str]:
        """Codes of the troop-contributing nations still in the coalition (the Baltics stay home, 001)."""
        return [n.code for n in self._contributors()]

    def _contributors(self) -> list[Any]:
        return [n for n in self.nations if n.in_coalition and n.brigades > 0]

    def public_view(self) -> PublicView:
        """What every actor can see: the declared posture, visible presence, published reports."""
        if self._public is None:
            self._public = self._build_public_view()
        return _copy_public(self._public)

    def public_field(self, key: str) -> Any:
        """One field of `public_view`, copied alone."""
        view = self._public
        if view is None and key in _ALONE:
            value = _ALONE[key](self)
        else:
            if view is None:
                view = self._public = self._build_public_view()
            value = view[key]  # type: ignore[literal-required]
        copy = _PUBLIC_COPY.get(key)
        return value if copy is None else copy(value)

    def posture_view(self) -> PostureView:
        """The declared posture as every actor sees it."""
        p = self.force.posture
        return {
            "option": p.option,
            "spacing": p.spacing,
            "response": p.response,
            "employment": p.effective_employment,
        }

    def _build_public_view(self) -> PublicView:
        alone = {key: value(self) for key, value in _ALONE.items()}  # copied by _copy_public
        return {
            "week": alone["week"],
            "horizon_weeks": alone["horizon_weeks"],
            "sectors": alone["sectors"],
            "posture": alone["posture"],
            "us_commitment": alone["us_commitment"],
            "monitor_access": alone["monitor_access"],
            "coalition_presence": alone["coalition_presence"],
            "coalition_nearby": alone["coalition_nearby"],
            "coalition_troops_deployed": alone["coalition_troops_deployed"],
            "nations_in_coalition": self.nation_ids_in_coalition(),
            "coalition_cohesion": alone["coalition_cohesion"],
            "ukraine_quality_visible": alone["ukraine_quality_visible"],
            "escalation_level": alone["escalation_level"],
            "monitor_reports": self._recent_reports(26),
            "raids_attributed_to_ukraine": self._raids_attributed_to_ukraine(26),
        }

    def _raids_attributed_to_ukraine(self, weeks: int) -> int:
        """Irregular raids of the last `weeks` weeks attributed to Ukraine (an attribution is
        final: kept until the week or the number of attributions changes)."""
        key = (self.week, weeks, self.log.counts["attributed"])
        if self._raids is not None and self._raids[0] == key:
            return self._raids[1]
        raids = sum(
            1
            for i in self.log.attributed_since(self.week - weeks)
            if i.kind == "irregular" and i.attributed_to == "ukraine"
        )
        self._raids = (key, raids)
        return raids

    def _recent_reports(self, weeks: int) -> list[MonitorReport]:
        """The monitor's published attributions of the last `weeks` weeks, oldest first.

        Kept until the week or the number of attributions changes (an attribution is final),
        so callers must copy the dicts before handing them out.
        """
        key = (self.week, weeks, self.log.counts["attributed"])
        if self._reports is not None and self._reports[0] == key:
            return self._reports[1]
        # The kept report looked up inline (no call for the many already made).
        reports = [
            i.__dict__.get("_report") or _report(i)
            for i in self.log.attributed_since(self.week - weeks)
        ]
        self._reports = (key, reports)
        return reports

    def political_field(self, key: str) -> Any:
        """One field of the political view (`PoliticalView`: the compact public picture
        politicians act on, no sector detail), computed alone."""
        if key == "nations_in_coalition":
            return self.nation_ids_in_coalition()
        return _ALONE[key](self)

    def campaigning_ids(self) -> list[str]:
        """Codes of the contributors in an election campaign this week (election dates are
        public)."""
        return [n.code for n in self._contributors() if n.in_campaign(self.week)]

    def mission_burdens(self) -> dict[str, float]:
        """Per nation with troops in the force, the share of its part of the troop budget they tie
        up, rotation included: its troops x `rotation_factor` over the budget split by brigades
        (1.0: its whole part; 001: every unit deployed costs 3-4, within under 300,000)."""
        shares = self._budget_shares
        if not shares:
            return {}
        rotation = self.force.posture.rotation_factor
        troops = self.force.troops_by_nation()
        return {code: t * rotation / shares[code] for code, t in troops.items() if code in shares}

    def budget_shares(self) -> dict[str, float]:
        """Each contributor's part of the troop budget, split by brigades (fixed for a game;
        none when there are no brigades or no budget)."""
        total = sum(n.brigades for n in self.nations)
        if total <= 0 or self.troop_budget <= 0:
            return {}
        per_brigade = self.troop_budget / total
        return {n.code: per_brigade * n.brigades for n in self.nations if n.brigades > 0}

    def nation_troops(self, code: str) -> int:
        """Troops one nation has deployed with the force now (rounded)."""
        troops = self._cache.get("troops")
        if troops is None:
            troops = self._cache["troops"] = self.force.troops_by_nation()
        return round(troops.get(code, 0))

    def cohesion(self) -> float:
        """Troop-weighted mean will of the nations in the coalition (0 when none is left)."""
        kept: float | None = self._cache.get("cohesion")
        if kept is None:
            kept = self._cache["cohesion"] = self._cohesion()
        return kept

    def _cohesion(self) -> float:
        # One pass, adding in the same order as sum() over the members would: the same float.
        total, weight = 0.0, 0
        for n in self.nations:
            if n.in_coalition and n.brigades > 0:
                weight += n.brigades
                total += n.will * n.brigades
        return total / weight if weight else 0.0

    def warnings(self) -> list[str]:
        """Sectors behind which a Russian build-up has been seen and not yet launched or given up."""
        return sorted(s for s, b in self.russia.buildups.items() if b.detected_week is not None)

    def answered_rate(self, perpetrator: str, window: int = 52) -> float:
        """Share of a side's own recent violations (level >= 2) the force has visibly answered.

        Only what the perpetrator knows counts: its own violations and responses carried out,
        not the monitor's unpublished detections nor responses still waiting for the ministers.
        """
        own: list[Incident] = []
        for i in reversed(self.log.serious_violations(perpetrator)):  # in week order
            if self.week - i.week > window:
                break
            own.append(i)
        if not own:
            return 0.0
        score = {"denial": 1.0, "punishment": 1.0, "signal": 0.3}
        return sum(score.get(i.visible_response or "none", 0.0) for i in own) / len(own)

    def observe(self, actor_id: str) -> Observation:
        """The observation an actor's decider gets this week."""
        return self.actors[actor_id].observe()

    def legal_actions(self, actor_id: str) -> dict[str, Any]:
        """The legal action set of an actor this week."""
        return self.actors[actor_id].legal_actions()

    def public_patrols(self) -> frozenset[str]:
        """Where the monitors patrol this week: public, so every actor may know it."""
        return frozenset(self.monitor.patrols)

    def incident_label(self, inc: Incident) -> str:
        """A short description of an incident."""
        return f"{LEVELS[inc.level]} #{inc.id} in {self.sector_label(inc.sector)}"
