"""The interface's languages: English (the source strings) and Dutch (a gettext catalogue).

Every string a person reads (the Play, Replay, Lab and Class pages) goes through
`tr("English text {name}", name=...)`. The English text is the key; `locale/nl.po` (gettext's
PO format, read by the small parser below: no compile step, no new dependency) gives its
Dutch. A key missing from the catalogue reads in English, and a translation must keep its
placeholders (`tests/test_i18n.py` checks both, and that every key used in the code is
translated). Strings kept in module constants are marked with `N_(...)` (which returns them
unchanged) and translated where they are shown; a Select of fixed items shows their labels
(`by_label`) and hands the code back the English key.

Which language a page speaks, per browser: the browser's own choice made with the EN/NL switch
(kept by the server for this browser's token, so another tab of the same browser follows it
and no other browser does), else its `Accept-Language` header, else English. The choice is
also held in a per-page reactive value, so every component that translated something redraws
when the switch is used.

Translations are data, not markup: they are escaped exactly as the English text is (`safe.py`).
"""

from __future__ import annotations

import ast
import hashlib
import re
import string
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import solara

LANGUAGES = ("en", "nl")
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
DEFAULT = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
MAX_REMEMBERED = 10_000  # browsers whose choice the server keeps (the oldest forgotten first)

# This page's choice (solara keeps one value per page, i.e. per browser tab): None until the
# switch is used in it.
_page_choice: solara.Reactive[str | None] = solara.reactive(None)
# Browser (the token's SHA-256) -> the language chosen with the switch, newest last.
_browser_choice: OrderedDict[str, str] = OrderedDict()


def N_(message: str) -> str:
    """Mark a string for the catalogue where it is defined; `tr` translates it where shown."""
    return message


# -- the catalogue -----------------------------------------------------------------------------
def _unquote(token: str) -> str:
    """One PO string literal ("..." with C escapes) as text."""
    value = ast.literal_eval(token)
    if not isinstance(value, str):
        raise ValueError(f"not a PO string: {token[:40]}")
    return value


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of a PO file (comments and the header entry left out; an empty msgstr
    kept as empty, so a test can find untranslated keys)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            if key:
                entries[key] = "".join(msgstr)

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        else:
            raise ValueError(f"unexpected line in a PO file: {line[:60]}")
    flush()
    return entries


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translations into one language (empty for English, the source language)."""
    if language == DEFAULT or language not in LANGUAGES:
        return {}
    path = LOCALE_DIR / f"{language}.po"
    return parse_po(path.read_text(encoding="utf-8"))


def placeholders(message: str) -> set[str]:
    """The `{name}` fields of a message (format-spec aside)."""
    return {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}


def translate(message: str, language: str, **values: Any) -> str:
    """A message in a language, its placeholders filled (English if it has no translation)."""
    text = catalogue(language).get(message) or message
    return text.format(**values) if values else text


# -- which language a page speaks --------------------------------------------------------------
def from_accept_language(header: str | None) -> str:
    """The first of our languages a browser's Accept-Language asks for (by q), else English."""
    best, best_q = DEFAULT, -1.0
    for order, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q=([^;,\s]*)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        score = q - order * 1e-6  # equal q: the earlier wins
        if primary in LANGUAGES and q > 0 and score > best_q:
            best, best_q = primary, score
    return best


def _header(name: str) -> str | None:
    try:
        import solara.lab

        headers = solara.lab.headers.value or {}  # type: ignore[attr-defined]
    except Exception:  # outside a server
        return None
    for key, values in headers.items():
        if key.lower() == name and values:
            return str(values[0])
    return None


def _browser_key() -> str | None:
    from wargame.ui.access import browser_token

    token = browser_token()
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def language() -> str:
    """The language of this page: the switch's choice (this page's, then this browser's), else
    the browser's Accept-Language. Read during a render, it redraws the component on a switch."""
    try:
        chosen = _page_choice.value
    except Exception:  # no page (a test, a thread without a session)
        return DEFAULT
    if chosen in LANGUAGES:
        return chosen
    key = _browser_key()
    if key is not None and key in _browser_choice:
        return _browser_choice[key]
    return from_accept_language(_header("accept-language"))


def choose(lang: str) -> None:
    """The switch: this page and this browser's other pages speak `lang` from now on."""
    if lang not in LANGUAGES:  # a forged value: ignored
        return
    key = _browser_key()
    if key is not None:
        _browser_choice[key] = lang
        _browser_choice.move_to_end(key)
        while len(_browser_choice) > MAX_REMEMBERED:
            _browser_choice.popitem(last=False)
    _page_choice.value = lang


def tr(message: str, **values: Any) -> str:
    """A message in this page's language, placeholders filled (`message` is the English)."""
    return translate(message, language(), **values)


def by_label(keys: Iterable[str]) -> dict[str, str]:
    """Each fixed item's label in this page's language -> the item (a Select shows the labels
    and hands back the item, so the code keeps comparing the English keys)."""
    return {tr(key): key for key in keys}


@solara.component
def LanguageSwitch() -> None:
    """EN / NL: the interface's language for this browser."""
    current = language()
    with solara.Row(classes=["wg-lang"], style="align-items:center;gap:2px"):
        for lang in LANGUAGES:
            solara.Button(
                lang.upper(),
                on_click=lambda lang=lang: choose(lang),
                text=lang != current,
                outlined=lang == current,
                small=True,
                classes=[f"wg-lang-{lang}", *(["wg-lang-on"] if lang == current else [])],
                attributes={
                    "lang": lang,
                    "title": LANGUAGE_NAMES[lang],
                    "aria-pressed": str(lang == current).lower(),
                },
            )
