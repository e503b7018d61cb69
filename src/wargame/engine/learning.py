"""How Russia learns: its beliefs move with what it sees of answers, attribution and the US (001)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wargame.engine.views import Views

ANSWERS = ("denial", "punishment")


def us_evidence(commitment: str, settings: dict[str, float]) -> float:
    """What a test shows of the US: it acts on a backstop, half-acts with C4ISR, not at all alone."""
    if commitment == "backstop":
        return 1.0
    return settings["us_prior_c4isr"] if commitment == "c4isr" else 0.0


def learn_week(model: Views) -> None:
    """One week of learning from incidents old enough to judge, leavers and cohesion.

    A violation is judged `attribution_lag_weeks` after it began: was it attributed to Russia,
    and (level 2 and up, with a force deployed) answered with force? Each judgement moves a
    belief by the learning rate; a nation leaving is evidence against resolve.
    """
    russia = model.russia
    beliefs, settings = russia.beliefs, russia.settings
    rate = settings["belief_learning"]
    if model.us.declared != russia.seen_commitment:
        us_changed(model)
    judged = model.week - settings["attribution_lag_weeks"]
    incidents = model.log.incidents
    while model.judged_upto < len(incidents) and incidents[model.judged_upto].week <= judged:
        inc = incidents[model.judged_upto]
        model.judged_upto += 1
        if inc.perpetrator != "russia" or inc.kind != "violation":
            continue
        beliefs.learn("attribution", float(inc.attributed_to == "russia"), rate)
        if inc.level >= 2 and model.force.units:
            answered = inc.force_response in ANSWERS and inc.force_response_week is not None
            beliefs.learn("resolve", float(answered), rate)
    for nation in model.nations:
        if nation.left_week == model.week:
            beliefs.learn("resolve", 0.0, rate)
    if model.force.units:
        beliefs.learn("cohesion", model.cohesion(), rate)
    else:
        beliefs.learn("cohesion", 0.0, 1.0)
        beliefs.learn("resolve", 0.0, 1.0)


def us_tested(model: Views) -> None:
    """The US is tested (a build-up seen, an offensive launched): Russia sees what it does."""
    russia = model.russia
    evidence = us_evidence(model.us.commitment, russia.settings)
    russia.beliefs.learn("us_resolve", evidence, russia.settings["belief_learning"])


def us_changed(model: Views) -> None:
    """A public change of US commitment: a large step toward the new level's prior."""
    russia = model.russia
    russia.seen_commitment = model.us.declared
    prior = russia.settings["us_prior_" + model.us.declared]
    russia.beliefs.learn("us_resolve", prior, 0.5)
