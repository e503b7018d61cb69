"""The interface's catalogue: every key the code uses has Dutch, no translation drops or adds a
placeholder, the language follows Accept-Language and the switch, and the card speaks Dutch."""

from __future__ import annotations

import ast
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
