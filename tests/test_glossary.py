"""The glossary: the shipped file is checked, a bad file gets one clear message, the CLI prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wargame.cli.main import main
from wargame.config.glossary import GLOSSARY_FILE, SOURCES, glossary, lookup, parse, sentences
from wargame.errors import ConfigError, WargameError

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = [
    "denial",
    "punishment",
    "tripwire",
    "attribution",
    "validation",
    "caveats",
    "rotation",
    "reassurance_force",
    "area_based",
    "intelligence_driven",
    "backstop",
    "c4isr",
    "hybrid_attack",
    "decision_point",
    "standing_order",
]


def good() -> dict:
    return {
        "terms": {
            "denial": {"term": "Denial", "definition": "One. Two.", "sources": ["001"]},
            "punishment": {
                "term": "Punishment",
                "definition": "Strike back.",
                "sources": ["001", "game"],
                "see": ["denial"],
            },
        }
    }


def test_the_shipped_glossary_has_every_required_term_with_a_real_source() -> None:
    entries = glossary()
    assert set(REQUIRED) <= set(entries)
    for entry in entries.values():
        assert entry.sources and set(entry.sources) <= set(SOURCES)
        assert 1 <= sentences(entry.definition) <= 3, entry.key
    assert entries["caveats"].sources == ("000",)  # 000: national caveats on the ROE
    assert entries["rotation"].sources == ("001",)  # 001: x4, x3 if needed
    assert entries["decision_point"].sources == ("game",)


def test_every_shipped_term_has_a_dutch_definition() -> None:
    """data/glossary.yaml gives each definition in Dutch (`nl`), in the sources' terms."""
    entries = glossary()
    for entry in entries.values():
        assert entry.nl and 1 <= sentences(entry.nl) <= 3, entry.key
        assert entry.nl != entry.definition, entry.key
        assert entry.definition_in("nl") == entry.nl
        assert entry.definition_in("en") == entry.definition
    assert "struikeldraad" in entries["tripwire"].nl
    assert "toerekening" in entries["validation"].nl
    assert "escalatiedominantie" in entries["backstop"].nl


def test_a_file_without_dutch_reads_in_english() -> None:
    entries = parse(good(), "g.yaml")
    assert entries["denial"].nl == ""
    assert entries["denial"].definition_in("nl") == "One. Two."


def test_lookup_by_key_or_term_in_any_case() -> None:
    assert lookup("C4ISR").key == "c4isr"
    assert lookup("Area-based posture").key == "area_based"
    assert lookup("reassurance force").key == "reassurance_force"
    with pytest.raises(WargameError, match=r"no term 'deterrence'.*Denial"):
        lookup("deterrence")


def test_a_good_file_parses_and_definitions_are_normalised() -> None:
    data = good()
    data["terms"]["denial"]["definition"] = "One\n  line. Two."
    entries = parse(data, "g.yaml")
    assert entries["denial"].definition == "One line. Two."
    assert entries["punishment"].source_text() == "001, this game"


@pytest.mark.parametrize(
    ("change", "where", "what"),
    [
        (lambda d: d["terms"]["denial"].update(sources=["005"]), "terms.denial.sources", "'005'"),
        (lambda d: d["terms"]["denial"].update(sources=[1]), "terms.denial.sources", "quote"),
        (lambda d: d["terms"]["denial"].update(sources=[]), "terms.denial.sources", "non-empty"),
        (lambda d: d["terms"]["denial"].pop("definition"), "terms.denial", "missing definition"),
        (lambda d: d["terms"]["denial"].update(colour="red"), "terms.denial", "unknown field"),
        (
            lambda d: d["terms"]["denial"].update(definition="A. B. C. D."),
            "terms.denial.definition",
            "1 to 3 sentences",
        ),
        (lambda d: d["terms"]["denial"].update(definition=""), "definition", "1 to 3"),
        (lambda d: d["terms"]["denial"].update(nl=""), "terms.denial.nl", "Dutch"),
        (lambda d: d["terms"]["denial"].update(nl=["x"]), "terms.denial.nl", "1 to 3"),
        (lambda d: d["terms"]["denial"].update(nl="A. B. C. D."), "terms.denial.nl", "1 to 3"),
        (lambda d: d["terms"]["denial"].update(term=" "), "terms.denial.term", "non-empty"),
        (lambda d: d["terms"]["punishment"].update(see=["x"]), "punishment.see", "'x' is not"),
        (lambda d: d["terms"].update({"Bad Key": {}}), "terms.Bad Key", "lower-case"),
        (lambda d: d.update(extra=1), "terms", "one mapping"),
    ],
)
def test_a_bad_entry_gets_one_message_naming_file_entry_and_field(change, where, what) -> None:
    data = good()
    change(data)
    with pytest.raises(ConfigError) as err:
        parse(data, "g.yaml")
    message = str(err.value)
    assert message.startswith("g.yaml: ") and where in message and what in message, message


def test_the_shipped_file_round_trips_through_yaml() -> None:
    raw = yaml.safe_load(GLOSSARY_FILE.read_text())
    assert list(parse(raw, "x")) == list(glossary())


def test_cli_prints_one_term_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "tripwire"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Tripwire (001, 000)")
    assert f"source 001: {SOURCES['001']}" in out
    assert "see also: Reassurance force, Backstop" in out


def test_cli_unknown_term_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wargame: error: glossary: no term 'nope'") and err.count("\n") == 1


def test_cli_end_to_end_lists_every_term() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "glossary"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    for entry in glossary().values():
        assert f"\n{entry.term} (" in f"\n{out}"
