"""The decision card's words: dates of weeks, incident sentences, modes, orders, intelligence
rows and errors, against hand-written expectations."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from wargame.ui.card import (
    MINISTERS_LINE,
    MODE_LINES,
    Names,
    browser_wording,
    incident_modes,
    incident_sentence,
    intel_rows,
    mode_line,
    open_incidents,
    order_sentence,
    value_label,
    week_dates,
    week_label,
    week_start,
)

NAMES = Names(
    sectors={"s03": "sector 3 Kupiansk (Kharkiv)", "s22": "sector 22 Oleshky (Kherson)"},
    nations={"gb": "United Kingdom", "nl": "Netherlands"},
    hubs={"h1": "Dnipro"},
)


def test_weeks_are_dated_from_the_ceasefire_monday() -> None:
    """Week 1 begins Monday 4 Jan 2027; each week is seven days on."""
    assert week_start(1) == date(2027, 1, 4)
    assert week_start(5) == date(2027, 2, 1)  # 4 Jan + 28 days
    assert week_start(0) == date(2027, 1, 4)  # before the first week: its Monday
    assert week_dates(4) == "25–31 Jan 2027"
    assert week_dates(13) == "29 Mar – 4 Apr 2027"  # 4 Jan + 84 days = 29 Mar
    assert week_dates(52) == "27 Dec 2027 – 2 Jan 2028"  # 4 Jan + 357 days
    assert week_label(2) == "week 2 (11–17 Jan 2027)"
    assert week_dates(1, date(2030, 6, 3)) == "3–9 Jun 2030"


def test_an_incident_reads_as_a_sentence_with_who_and_how_sure() -> None:
    """Validated by the monitors, assessed by US intelligence only, or nobody yet."""
    reports = {"monitor_reports": [{"id": 3, "attributed_to": "russia"}]}
    validated = {"id": 3, "week": 1, "sector": "s22", "level": 2, "assessed_perpetrator": "russia"}
    assert incident_sentence(validated, reports, NAMES) == (
        "Incident 3: a level 2 (limited tactical violation) in sector 22 Oleshky (Kherson), "
        "week 1 (4–10 Jan 2027); the monitors attributed it to Russia (validated)."
    )
    assessed = {**validated, "id": 4, "assessed_perpetrator": "ukraine"}
    assert incident_sentence(assessed, reports, NAMES).endswith(
        "; US intelligence assesses Ukraine (not validated by the monitors)."
    )
    unknown = {"id": 5, "sector": "s03", "level": 1, "assessed_perpetrator": None}
    assert incident_sentence(unknown, {}, NAMES) == (
        "Incident 5: a level 1 (below-threshold/hybrid) in sector 3 Kupiansk (Kharkiv); "
        "nobody has been attributed yet."
    )
    own = {"id": 6, "sector": "s03", "level": 2, "attributed_to": "russia"}  # the monitor's
    assert "you attributed it to Russia" in incident_sentence(own, {}, NAMES)
    answered = {**unknown, "responded": "signal"}
    assert incident_sentence(answered, {}, NAMES).endswith(" You answered it with signal.")


def test_only_the_modes_an_incident_allows_each_with_its_cost() -> None:
    """The incident's own modes within the week's legal set; ministers named only when slow."""
    legal = {"respond": {"incident": [1, 2], "mode": ["denial", "none", "signal"]}}
    observation = {
        "known_incidents": [
            {"id": 1, "level": 1, "modes": ["none", "signal"]},
            {"id": 2, "level": 2, "modes": ["none", "signal", "denial"]},
            {"id": 9, "level": 2, "modes": ["none"], "responded": "none"},  # answered already
        ]
    }
    first, second = open_incidents(observation, legal)
    assert incident_modes(first, legal) == ["none", "signal"]
    assert incident_modes(second, legal) == ["none", "signal", "denial"]
    assert incident_modes({"id": 3, "modes": ["none", "punishment"]}, legal) == ["none"]
    assert incident_modes({"id": 3}, legal) == ["denial", "none", "signal"]  # no own list
    assert mode_line("denial", delegated=False) == MODE_LINES["denial"] + " " + MINISTERS_LINE
    assert mode_line("denial", delegated=True) == MODE_LINES["denial"]
    assert mode_line("signal", delegated=False) == MODE_LINES["signal"]
    assert "escalation" in mode_line("punishment") and "casualties" in mode_line("denial")


def test_orders_and_values_read_as_words() -> None:
    """Sectors and nations by name, levels in words, incidents by number."""
    assert order_sentence({"type": "respond", "incident": 3, "mode": "denial"}, NAMES) == (
        "Answer incident 3 with denial."
    )
    assert order_sentence({"type": "patrol", "sector": "s03"}, NAMES) == (
        "Send a monitoring team to sector 3 Kupiansk (Kharkiv)."
    )
    assert order_sentence({"type": "hybrid", "target": "nl"}, NAMES) == (
        "Mount a hybrid attack on Netherlands."
    )
    assert order_sentence({"type": "violate", "sector": "s22", "level": 3}, NAMES) == (
        "Start a level 3 (large-scale violation) in sector 22 Oleshky (Kherson)."
    )
    assert order_sentence({"type": "set_commitment", "level": "none"}, NAMES) == (
        "Set the US commitment to nothing."
    )
    assert order_sentence({"type": "move_unit", "unit": "u01", "to": "h2"}, NAMES) == (
        "Move unit u01 to hub h2."
    )
    assert order_sentence({"type": "move_unit", "unit": "u01", "to": "h1"}, NAMES) == (
        "Move unit u01 to Dnipro (hub)."
    )
    assert value_label("to", "s03", NAMES) == "sector 3 Kupiansk (Kharkiv)"
    assert value_label("sector", "s03", NAMES) == "sector 3 Kupiansk (Kharkiv)"
    assert value_label("target", "gb", NAMES) == "United Kingdom"
    assert value_label("level", 1, NAMES) == "level 1 (below-threshold/hybrid)"
    assert value_label("unit", "u01", NAMES) == "u01"


def test_the_intelligence_picture_has_rows_in_words() -> None:
    """Totals, names and sentences, not ids and dicts; week and the sector list left out."""
    observation = {
        "week": 4,
        "sectors": ["s03", "s22"],
        "coalition_presence": {"s03": 3000, "s22": 1000},
        "nations_in_coalition": ["gb", "nl"],
        "escalation_level": 0.25,
        "delegated_authority": False,
        "nations_will": {"gb": 0.5, "nl": 0.625},
        "monitor_reports": [
            {"id": 1, "week": 1, "sector": "s22", "level": 2, "attributed_to": "russia"}
        ],
        "known_incidents": [
            {"id": 1, "sector": "s22", "level": 2, "assessed_perpetrator": "russia"},
            {"id": 2, "sector": "s03", "level": 1, "assessed_perpetrator": None},
        ],
        "mystery": {"s03": True},
    }
    rows = dict(intel_rows(observation, NAMES))
    assert list(rows) == [
        "Coalition troops on the line",
        "Nations in the coalition",
        "Escalation (0–1)",
        "Pre-delegated authority",
        "Nations' will to stay (0–1)",
        "Monitors' published attributions",
        "Incidents you know of",
        "Mystery",
    ]
    assert rows["Coalition troops on the line"] == [
        "4,000 in 2 sectors (strongest: sector 3 Kupiansk (Kharkiv): 3,000; "
        "sector 22 Oleshky (Kherson): 1,000)"
    ]
    assert rows["Nations in the coalition"] == ["2: United Kingdom, Netherlands"]
    assert rows["Escalation (0–1)"] == ["0.25"]
    assert rows["Pre-delegated authority"] == ["no: denial and punishment wait for the ministers"]
    assert rows["Nations' will to stay (0–1)"] == ["United Kingdom 0.50, Netherlands 0.62"]
    assert rows["Monitors' published attributions"] == [
        "Incident 1 (level 2, sector 22 Oleshky (Kherson), week 1): Russia."
    ]
    assert rows["Incidents you know of"] == [
        "Incident 1: a level 2 (limited tactical violation) in sector 22 Oleshky (Kherson); "
        "the monitors attributed it to Russia (validated).",
        "Incident 2: a level 1 (below-threshold/hybrid) in sector 3 Kupiansk (Kharkiv); "
        "nobody has been attributed yet.",
    ]
    assert rows["Mystery"] == ["sector 3 Kupiansk (Kharkiv): yes"]


def test_errors_use_the_page_s_words() -> None:
    """The command line's --set wording becomes the form's field."""
    message = "--set years=-1.0: years: must be between 0.02 and 50; got -1.0"
    assert browser_wording(message) == "Years: must be between 0.02 and 50; got -1.0"
    assert browser_wording("bad --set rules.x_y=3 here") == "bad rules x y = 3 here"
    assert browser_wording("g.wgr.jsonl: week (--week): a fork starts at a week from 1-4") == (
        "g.wgr.jsonl: week: a fork starts at a week from 1-4"
    )
    assert browser_wording("no option here") == "no option here"


def test_no_page_loads_solara_markdown() -> None:
    """solara.Markdown fetches mermaid and KaTeX from a CDN: no page of ours calls it."""
    ui = Path(__file__).parents[1] / "src" / "wargame" / "ui"
    calls = []
    for module in ui.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "Markdown":
                calls.append(f"{module.name}:{node.lineno}")
    assert calls == []


def test_every_actors_observation_reads_as_rows() -> None:
    """The intelligence panel reads every actor's observation in several scenarios: a nation's
    `own_troops` is a count, an army's a map by sector; no observation key breaks it."""
    from wargame.play.session import new_game
    from wargame.ui.card import intel_rows, names_of

    for scenario in ("default", "option4_counter_concentration", "no_guarantee"):
        model = new_game(scenario, seed=3, overrides=["years=1"]).model
        names = names_of(model)
        for _ in range(10):
            for actor in model.actors.values():
                rows = intel_rows(actor.observe(), names)
                assert rows and all(label and lines for label, lines in rows)
            model.step()
    nation = next(a for a in model.actors.values() if a.kind == "nation")
    rows = dict(intel_rows(nation.observe(), names))
    assert rows["Your troops on the line"] == [f"{nation.observe()['own_troops']:,}"]


def test_what_an_actor_could_have_done_reads_in_names() -> None:
    from wargame.play.session import new_game
    from wargame.ui.card import legal_text, level_text, names_of

    game = new_game("default", seed=1)
    model = game.model
    names = names_of(model)
    monitor = model.actors["monitor"]
    text = legal_text(monitor.legal_actions(), monitor.action_limits(), names)
    first = model.map.sector_ids[0]
    assert text.startswith(f"patrol (at most {monitor.teams}): {names.sector(first)}, ")
    assert "(24 in all)" in text and first not in text.split(":", 1)[1].split(",")[0]
    russia = model.actors["russia"]
    text = legal_text(russia.legal_actions(), russia.action_limits(), names)
    assert f"violate: {names.sector(first)}" in text and "; " + level_text(1) in text
    assert "hybrid (at most" in text and names.nation("gb") in text
    assert legal_text({}, {}, names) == "nothing (no action was legal)"


def test_an_edited_records_odd_values_are_worded_not_raised() -> None:
    """Names key by a value's text: a list or dict where an id belongs reads as itself."""
    from wargame.play.session import new_game
    from wargame.ui.card import names_of, order_sentence

    names = names_of(new_game("default", seed=1).model)
    assert names.sector(["s01"]) == "['s01']" and names.sector("s01").startswith("sector 1 ")
    assert names.nation({"gb": 1}) == "{'GB': 1}" and names.nation("gb") == "United Kingdom"
    assert names.actor(["russia"]) == "['RUSSIA']" and names.actor("russia") == "Russia"
    assert order_sentence({"type": "violate", "sector": ["s01"], "level": 2}, names).endswith(
        "in ['s01']."
    )
