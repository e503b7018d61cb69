"""The interface's catalogue: every key the code uses has Dutch, no translation drops or adds a
placeholder, the language follows Accept-Language and the switch, and the card speaks Dutch."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wargame.engine.events import LEVELS
from wargame.engine.roster import DISPLAY_NAMES
from wargame.play.debrief import END_CAUSE_TEXT
from wargame.ui import card, i18n, panels
from wargame.ui.i18n import catalogue, from_accept_language, parse_po, placeholders, translate

UI = Path(i18n.__file__).parent


def code_keys() -> dict[str, str]:
    """Every literal message the UI passes to `tr` or `N_` -> the file it is in."""
    keys: dict[str, str] = {}
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.setdefault(node.args[0].value, path.name)
    return keys


def test_every_key_in_the_code_has_a_dutch_translation() -> None:
    keys = code_keys()
    assert len(keys) > 150  # the Play page, card, feed, debrief, glossary, navigation, map
    nl = catalogue("nl")
    missing = {k: f for k, f in keys.items() if not nl.get(k)}
    assert missing == {}


def test_every_catalogue_entry_is_translated_and_keeps_its_placeholders() -> None:
    nl = catalogue("nl")
    assert nl, "the Dutch catalogue is empty"
    for key, value in nl.items():
        assert value.strip(), f"no Dutch for {key!r}"
        assert placeholders(value) == placeholders(key), key
        value.format(**dict.fromkeys(placeholders(key), "x"))  # well-formed braces


def test_marked_copies_match_the_engine_s_words() -> None:
    """Names the UI marks for the catalogue are the engine's and the debrief's own strings."""
    assert set(card.ACTOR_NAMES) == set(DISPLAY_NAMES.values())
    assert set(card.LEVEL_NAMES.values()) == set(LEVELS.values())
    assert set(END_CAUSE_TEXT.values()) <= set(panels.ENDING_TEXTS)


def test_the_domain_s_dutch_terms() -> None:
    nl = catalogue("nl")
    assert nl["denial"] == "ontzegging"
    assert nl["punishment"] == "bestraffing"
    assert nl["Tripwire"] == "Struikeldraad"
    assert "staakt-het-vuren" in nl["The ceasefire held for the whole game."]
    assert nl["Monitoring body"] == "Waarnemingsmissie"
    assert "toegerekend" in nl["you attributed it to {actor}"]


def test_parse_po_reads_continuations_and_escapes() -> None:
    text = 'msgid ""\nmsgstr "Language: nl\\n"\n\n# c\nmsgid "a \\"b\\" "\n"c"\nmsgstr "x\\ny"\n'
    assert parse_po(text) == {'a "b" c': "x\ny"}
    with pytest.raises(ValueError):
        parse_po("msgid 'oops'\nmsgstr 1\n")


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("en-US,en;q=0.9,nl;q=0.8", "en"),
        ("de-DE,de;q=0.9,nl;q=0.5", "nl"),
        ("fr", "en"),
        ("en;q=0.2, NL-be;q=0.7", "nl"),
        ("nl;q=0", "en"),
        ("nl;q=abc", "en"),
    ],
)
def test_accept_language(header: str | None, language: str) -> None:
    assert from_accept_language(header) == language


def test_translate_fills_placeholders_and_falls_back_to_english() -> None:
    assert translate("Run {n} weeks", "nl", n=5) == "5 weken doorspelen"
    assert translate("Run {n} weeks", "en", n=5) == "Run 5 weeks"
    assert translate("not in the catalogue {x}", "nl", x=1) == "not in the catalogue 1"
    assert translate("Play", "xx") == "Play"


def test_outside_a_page_the_interface_speaks_english() -> None:
    assert i18n.language() == "en"
    assert card.week_label(5) == "week 5 (1–7 Feb 2027)"


def test_a_forged_language_is_ignored() -> None:
    i18n.choose("<script>")
    assert i18n.language() == "en"


def test_the_card_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """With Dutch chosen, dates, incidents, modes and orders read in Dutch; the names that
    come from a map or a scenario (data) stay as they are, escaped where they are shown."""
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    names = card.Names({"s1": "sector 1 <b>Avdiivka</b>"}, {"nl": "Netherlands"})
    assert card.week_label(9) == "week 9 (1–7 mrt 2027)"
    incident = {"id": 4, "level": 2, "sector": "s1", "week": 9, "assessed_perpetrator": "russia"}
    sentence = card.incident_sentence(incident, {"monitor_reports": []}, names)
    assert sentence.startswith("Incident 4: een niveau 2 (beperkte tactische schending) in sector")
    assert "Amerikaanse inlichtingendiensten houden Rusland verantwoordelijk" in sentence
    assert card.mode_line("denial", delegated=False).endswith(
        "wacht de macht eerst op de ministers."
    )
    order = {"type": "respond", "incident": 4, "mode": "punishment"}
    assert card.order_sentence(order, names) == "Beantwoord incident 4 met bestraffing."
    assert names.nation("nl") == "Nederland"
    assert panels.ending_text("held") == "Het staakt-het-vuren hield het hele spel stand."


# -- the panels beyond the card: objectives, advisor, charts, glossary, tutorial, feed --------
def test_no_key_is_given_twice() -> None:
    keys = [line for line in (UI / "locale" / "nl.po").read_text(encoding="utf-8").splitlines()]
    ids = [k for k in keys if k.startswith("msgid ") and k != 'msgid ""']
    assert len(ids) == len(set(ids)), sorted({k for k in ids if ids.count(k) > 1})


def test_marked_copies_of_goals_measures_and_sources() -> None:
    """The objectives' measures, the shipped objectives, the glossary's sources, the shipped
    policies' descriptions: every one has Dutch (they are data or constants of other layers)."""
    from wargame.config.glossary import SOURCES
    from wargame.config.goals import MEASURES
    from wargame.config.scenario import load_scenario
    from wargame.policies.registry import builtin_policies
    from wargame.ui import objectives

    assert set(MEASURES.values()) == set(objectives.MEASURE_TEXTS)
    nl = catalogue("nl")
    statements = {
        goal["statement"]
        for side in load_scenario("default").settings["goals"].values()
        for goal in side.values()
    }
    sources = {v for k, v in SOURCES.items() if k != "game"} | {SOURCES["game"]}
    descriptions = {p.description for p in builtin_policies().values()}
    missing = {s for s in statements | sources | descriptions if not nl.get(s)}
    assert missing == set()


def test_the_objectives_and_scores_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.config.scenario import load_scenario
    from wargame.play import goals
    from wargame.play.session import new_game
    from wargame.ui import objectives

    monkeypatch.setattr(i18n, "language", lambda: "nl")
    settings = load_scenario("default").settings
    html = objectives.objectives_html(settings, "ukraine")
    assert "Uw doelen (Oekraïne)" in html and "gescoord in de nabespreking" in html
    assert "Het grondgebied behouden: geen doorbraak" in html
    assert "verliezen van Oekraïne: hoogstens 2.000" in html  # Dutch thousands separator
    html = objectives.objectives_html(settings, "nl")  # a nation: the coalition's objectives
    assert "Uw doelen (De coalitie)" in html and "3.000.000" in html
    game = new_game(
        "default", seed=1, overrides=["years=0.1"], humans={"russia"}, ask=lambda d: False
    )
    game.run()
    scores = objectives.scores_html(game.model)
    assert "doelen gehaald, score" in scores and "Rusland:" in scores
    assert "Terrein winnen" in scores
    versus = objectives.comparison_html(goals.compare(game))
    assert "Rusland (u):" in versus and "de strategie met dezelfde seed" in versus


def test_a_scenario_s_own_objective_reads_as_written_and_escaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wargame.config.scenario import load_scenario
    from wargame.ui import objectives

    monkeypatch.setattr(i18n, "language", lambda: "nl")
    scenario = load_scenario("default", ["goals.russia.gains.statement=<b>{x}</b> win"])
    html = objectives.objectives_html(scenario.settings, "russia")
    assert "&lt;b&gt;{x}&lt;/b&gt; win" in html and "<b>{x}" not in html


def test_the_advisor_line_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.policies.registry import builtin_policies
    from wargame.ui.advisor import advice_line

    about = builtin_policies()["force_commander:denial"].description
    line = f"The policy (denial) would: The 'denial' policy gives 2 order(s): {about}"
    assert advice_line(line) == line  # English outside a page
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    dutch = advice_line(line)
    assert dutch.startswith("De strategie (denial) zou: De strategie 'denial' geeft 2 order(s): ")
    assert "Ontzegging: verdedigen waar geschonden wordt" in dutch
    quiet = advice_line("The policy (x) would: The 'x' policy gives no orders this week.")
    assert quiet == "De strategie (x) zou: De strategie 'x' geeft deze week geen orders."
    assert advice_line("not a line of the advisor") == "not a line of the advisor"


def test_a_chart_in_dutch_keeps_its_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.play.session import new_game

    game = new_game("default", seed=2, overrides=["years=0.2"])
    game.run()
    english = panels.chart_svgs(game.model)
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    dutch = panels.chart_svgs(game.model)
    assert ">Verliezen</text>" in dutch[0] and ">Rusland</text>" in dutch[0]
    assert ">Escalatieniveau</text>" in dutch[3] and ">week 0</text>" in dutch[3]
    assert ">aan Rusland</text>" in dutch[2]
    # The same colours and dashes in both languages.
    for en, nl in zip(english, dutch, strict=True):
        assert re.findall(r'stroke="#[0-9a-fA-F]+"', en) == re.findall(
            r'stroke="#[0-9a-fA-F]+"', nl
        )
        assert en.count("stroke-dasharray") == nl.count("stroke-dasharray")


def test_the_glossary_panel_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.config.glossary import glossary
    from wargame.ui.glossary import glossary_html

    monkeypatch.setattr(i18n, "language", lambda: "nl")
    html = glossary_html()
    for entry in glossary().values():
        assert entry.nl and esc_text(entry.nl) in html, entry.key
        assert esc_text(entry.definition) not in html, entry.key
    assert "Militaire notitie" in html


def esc_text(text: str) -> str:
    from wargame.ui.safe import text as esc

    return esc(text)


def test_the_tutorial_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from wargame.ui import tutorial

    session = SimpleNamespace(pending=None)
    assert "Press 'Run to next decision'." in tutorial.instruction(tutorial.STEPS[0], session)
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    first = tutorial.instruction(tutorial.STEPS[0], session)
    assert first.startswith("U bent de Commandant van de troepenmacht van de coalitie")
    assert first.endswith("Druk op 'Door tot de volgende beslissing'.")
    for step in tutorial.STEPS:
        assert translate(step.title, "nl") != step.title
        if step.key not in ("signal", "denial"):  # these two read the pending decision
            text = tutorial.instruction(step, session)
            assert text and "Press" not in text, step.key
    assert tutorial.terms_html(tutorial.STEPS[0]).startswith("Begrippenlijst: ")


# -- the engine's event lines -------------------------------------------------------------------
def engine_event_kinds() -> set[str]:
    """Every literal event kind the engine's code notes (`log.note(week, "kind", ...)`)."""
    kinds = set()
    engine = Path(i18n.__file__).parents[1] / "engine"
    for path in engine.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("note", "note_incident")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                kinds.add(node.args[1].value)
    return kinds


def test_every_kind_the_engine_notes_has_a_template() -> None:
    from wargame.ui.event_text import TEMPLATES

    umpire_only = {"white_cell", "news"}  # the umpire's own words: shown as written
    assert engine_event_kinds() - umpire_only <= set(TEMPLATES)
    assert "response" in engine_event_kinds()


@pytest.mark.parametrize("scenario", ["default", "reassurance", "option3_heavy_area"])
def test_real_games_lines_all_translate(scenario: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line of real games matches a template (so none stays English in Dutch), and the
    English page reads exactly the engine's words."""
    from wargame.play.session import new_game
    from wargame.ui.event_text import TEMPLATES, end_detail, event_text

    game = new_game(scenario, seed=4, overrides=["years=2"])
    game.run()
    events = game.model.log.events
    assert all(event_text(e.kind, e.text) == e.text for e in events)  # English: unchanged
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    for event in events:
        if event.kind in TEMPLATES:
            dutch = event_text(event.kind, event.text)
            assert dutch != event.text or event.kind == "incident", (event.kind, event.text)
    detail = game.model.end_detail
    assert end_detail(detail) != detail
    lines = [t for _, t in panels.feed_lines(game.model, limit=1000)]
    assert not any(" attributed to " in t or "the force answered" in t for t in lines)


def test_event_lines_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.ui.event_text import event_text

    monkeypatch.setattr(i18n, "language", lambda: "nl")
    line = (
        "limited tactical violation #209 in sector 7 Lyman (Donetsk) attributed to Russia "
        "after 2 week(s)"
    )
    assert event_text("attribution", line) == (
        "beperkte tactische schending #209 in sector 7 Lyman (Donetsk) toegerekend aan Rusland "
        "na 2 week/weken"
    )
    assert event_text("response", "the force answered x #1 in the rear with punishment") == (
        "de troepenmacht beantwoordde x #1 in het achterland met bestraffing"
    )
    assert event_text("end", "game over: held: the ceasefire held for 52 weeks") == (
        "einde van het spel: standgehouden: het staakt-het-vuren hield 52 weken stand"
    )
    # A sector's name is data: kept (escaped where shown), even one that looks like a field.
    odd = "Russia starts massing forces behind sector 1 <b>{x}</b> (Y)"
    assert event_text("buildup", odd) == (
        "Rusland begint troepen samen te trekken achter sector 1 <b>{x}</b> (Y)"
    )
    assert event_text("white_cell", "white cell: anything") == "white cell: anything"
    assert event_text("response", "a line the engine never wrote") == (
        "a line the engine never wrote"
    )


# -- Replay, Lab, Class, live fork, white cell; the action types and standing orders ----------
def test_the_other_layers_words_the_pages_show_have_dutch() -> None:
    """Strings of other layers the pages translate where they show them: the action types'
    help (engine), the screening's outcomes (batch), the notes' marks (play), the cookie
    message (access); and the card names every action type."""
    from wargame.batch.sensitivity_run import OUTCOMES
    from wargame.engine.decisions import CATALOGUE, NO_ACTION_HELP
    from wargame.play.annotations import MARKS
    from wargame.ui import notes
    from wargame.ui.access import NO_COOKIE

    assert set(notes.MARK_LABELS) == set(MARKS.values())
    assert {t.name for t in CATALOGUE} <= set(card.ACTION_NAMES)
    nl = catalogue("nl")
    shown = {t.help for t in CATALOGUE} | {v[0] for v in OUTCOMES.values()}
    shown |= {NO_COOKIE, NO_ACTION_HELP}
    assert {s for s in shown if not nl.get(s)} == set()


def test_standing_orders_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.play.standing_orders import Repeat, RespondRule
    from wargame.ui.orders import standing_text

    names = card.Names({"s1": "sector 1 Lyman"}, {})
    rule = RespondRule({1: "none", 2: "signal"})
    english = "respond to every level-1 incident with none, every level-2 incident with signal"
    assert standing_text(rule, names) == english == rule.describe()
    patrol = Repeat([{"type": "patrol", "sector": "s1"}])
    assert standing_text(patrol, names) == "repeat: Send a monitoring team to sector 1 Lyman"
    monkeypatch.setattr(i18n, "language", lambda: "nl")
    assert standing_text(rule, names) == (
        "beantwoorden: elk incident van niveau 1 met geen, elk incident van niveau 2 met signaal"
    )
    assert standing_text(patrol, names) == "herhalen: Stuur een waarnemersteam naar sector 1 Lyman"
    assert standing_text(Repeat(), names) == "uw laatste orders herhalen"


def test_replay_lab_and_class_words_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from wargame.ui import drives, lab, live_fork, replay, what_if, white_cell
    from wargame.ui.classes import RoomRow, no_class
    from wargame.ui.replay_views import view_choices

    monkeypatch.setattr(i18n, "language", lambda: "nl")
    done = SimpleNamespace(problems=[], last_week=52, truncated=False)
    assert replay.verification_text(done) == (
        True,
        "Geverifieerd: alle 52 weken spelen precies zo terug als ze zijn vastgelegd.",
    )
    line = {"actions": {"russia": [], "ukraine": []}, "humans": ["russia"]}
    html = replay.decisions_html(line, ["russia", "force_commander"])
    assert "(een mens besliste)" in html and "geen actie" in html
    record = SimpleNamespace(header={"policies": {"russia": "prober", "monitor": "x"}})
    views = view_choices(SimpleNamespace(record=record))
    assert views == {
        "spelleider (alles)": "",
        "beeld van Rusland": "russia",
        "beeld van Waarnemingsmissie": "monitor",
    }
    row = RoomRow("ABC", "ABC-1", (("russia", True),), 3, "russia", 130.0, "", False, "/")
    assert row.status == "Rusland moet beslissen, al 2 min"
    assert no_class("X").startswith("Er is geen klas X")
    assert lab.slider_problem(0, 1.0).startswith("geweigerd: spellen per cel")
    form = drives.DrivesForm("survival_5y", drives.ALL_ASSUMED, 2, 1, 1.0)
    assert drives.form_problem(form, [drives.ALL_ASSUMED]).startswith(
        "geweigerd: survival_5y vraagt spellen van minstens 5 jaar"
    )
    fan = {"end_causes": {"held": 1.0}, "original_end_cause": "held", "share_like_original": 1.0}
    assert "100% van 10 aftakkingen eindigde op dezelfde manier" in what_if.distribution_html(
        fan, 10
    )
    assert white_cell.acts_html([]) == "<li>Nog geen ingreep gegeven.</li>"
    act = {"given": 3, "kind": "pause"}
    assert white_cell.acts_html([act]).startswith("<li>gegeven vóór week 3: ")
    from wargame.play.session import new_game
    from wargame.ui.card import names_of

    names = names_of(new_game("default", seed=1).model)
    news = {"kind": "news", "to": ["russia", "gb"], "text": "konvooi", "at": 4}
    assert white_cell.act_text(news, names) == (
        "in week 4: nieuws voor Rusland, Verenigd Koninkrijk: konvooi"
    )
    hybrid = {"kind": "hybrid", "nation": "pl"}
    assert white_cell.act_text(hybrid, names) == "een hybride aanval op Polen"
    assert translate(white_cell.KIND_LABELS["override"], "nl") == "een beoordeling overschrijven"
    assert translate(live_fork.NOBODY, "nl") == "niemand (dezelfde strategieën)"
