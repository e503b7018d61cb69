"""The glossary: the sources' concepts in plain words, each with its source (data/glossary.yaml).

Every entry is checked when the file is read: a term, a definition of one to three sentences,
sources among the five source files (000-004) or `game` for a word of this game's own, and
`see` naming other entries. A bad file gets one clear message naming the entry and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wargame import paths
from wargame.errors import ConfigError, WargameError

GLOSSARY_FILE = paths.PACKAGE / "data" / "glossary.yaml"
# The source files of shared/DOMAIN.md, and `game` for a concept of this game's own.
SOURCES = {
    "000": "AIV advice, European guarantees for the security of Ukraine (July 2026)",
    "001": "Military note, Military deployment for Ukraine",
    "002": "Clingendael position paper, Military deployment in Ukraine (Feb 2025)",
    "003": "Government letter on the Coalition of the Willing's military plan (Sept 2025)",
    "004": "Cabinet response to the AIV advice (Dec 2022)",
    "game": "a concept of this game (docs/ui.md)",
}
MAX_SENTENCES = 3
KEY = re.compile(r"[a-z][a-z0-9_]*")
FIELDS = {"term", "definition", "nl", "sources", "see"}
LANGUAGES = ("nl",)  # a definition's translations: a field per language (the interface's)


@dataclass(frozen=True)
class Entry:
    """One glossary entry: its key, the term as written, a plain definition, its sources."""

    key: str
    term: str
    definition: str
    sources: tuple[str, ...]
    see: tuple[str, ...] = ()
    nl: str = ""  # the definition in Dutch ("" if the file gives none)

    def definition_in(self, language: str) -> str:
        """The definition in a language of the interface (English where it has none)."""
        return (getattr(self, language, "") if language in LANGUAGES else "") or self.definition

    def source_text(self) -> str:
        """'001, 000' or 'this game'."""
        return ", ".join("this game" if s == "game" else s for s in self.sources)


def sentences(text: str) -> int:
    """How many sentences a definition has (a full stop, ! or ? ending a word)."""
    return len(re.findall(r"[.!?](?=\s|$)", text.strip()))


def parse(raw: Any, source: str) -> dict[str, Entry]:
    """Entries by key from a glossary file's data, every field checked (ConfigError if not)."""
    if not isinstance(raw, dict) or set(raw) != {"terms"} or not isinstance(raw["terms"], dict):
        raise ConfigError(source, "terms", "the file must hold one mapping `terms: {key: entry}`")
    entries: dict[str, Entry] = {}
    for key, item in raw["terms"].items():
        where = f"terms.{key}"
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise ConfigError(source, where, "a key is lower-case letters, digits and _")
        if not isinstance(item, dict):
            raise ConfigError(source, where, "must be a mapping with term, definition, sources")
        unknown = sorted(set(item) - FIELDS)
        missing = sorted({"term", "definition", "sources"} - set(item))
        if unknown or missing:
            what = [f"unknown field(s) {', '.join(unknown)}"] if unknown else []
            what += [f"missing {', '.join(missing)}"] if missing else []
            raise ConfigError(
                source, where, "; ".join(what) + f" (fields: {', '.join(sorted(FIELDS))})"
            )
        term, definition = item["term"], item["definition"]
        if not isinstance(term, str) or not term.strip():
            raise ConfigError(source, f"{where}.term", "must be a non-empty text")
        if not isinstance(definition, str) or not 1 <= sentences(definition) <= MAX_SENTENCES:
            raise ConfigError(
                source,
                f"{where}.definition",
                f"must be plain text of 1 to {MAX_SENTENCES} sentences",
            )
        translated = item.get("nl", "")
        if not isinstance(translated, str) or (
            "nl" in item and not 1 <= sentences(translated) <= MAX_SENTENCES
        ):
            raise ConfigError(
                source,
                f"{where}.nl",
                f"the Dutch definition must be plain text of 1 to {MAX_SENTENCES} sentences",
            )
        cited = item["sources"]
        if not isinstance(cited, list) or not cited:
            raise ConfigError(source, f"{where}.sources", "must be a non-empty list")
        for s in cited:
            if str(s) not in SOURCES:
                raise ConfigError(
                    source,
                    f"{where}.sources",
                    f'{s!r} is not a source; allowed: {", ".join(SOURCES)} (quote them: "001")',
                )
        see = item.get("see", [])
        if not isinstance(see, list) or not all(isinstance(s, str) for s in see):
            raise ConfigError(source, f"{where}.see", "must be a list of entry keys")
        entries[key] = Entry(
            key,
            term.strip(),
            " ".join(definition.split()),
            tuple(map(str, cited)),
            tuple(see),
            " ".join(translated.split()),
        )
    for entry in entries.values():
        for other in entry.see:
            if other not in entries:
                raise ConfigError(
                    source, f"terms.{entry.key}.see", f"{other!r} is not an entry of the glossary"
                )
    return entries


def read_glossary(path: Path) -> dict[str, Entry]:
    """A glossary file's entries, checked."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WargameError(f"{path}: cannot read the glossary ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), "yaml", f"not valid YAML: {exc}") from None
    return parse(raw, str(path))


@cache
def glossary() -> dict[str, Entry]:
    """The shipped glossary, read once."""
    return read_glossary(GLOSSARY_FILE)


def lookup(word: str, entries: dict[str, Entry] | None = None) -> Entry:
    """An entry by key or by its term in any case ('Denial', 'c4isr', 'area-based posture')."""
    entries = glossary() if entries is None else entries
    wanted = re.sub(r"[\s-]+", "_", word.strip().lower())
    for entry in entries.values():
        if wanted in (entry.key, re.sub(r"[\s-]+", "_", entry.term.lower())):
            return entry
    raise WargameError(
        f"glossary: no term {word!r}; terms: {', '.join(e.term for e in entries.values())}"
    )
