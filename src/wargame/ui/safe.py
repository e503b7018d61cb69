"""Escaping for every string a page shows as HTML, SVG or Markdown.

Names and texts come from maps, scenarios, records, uploads, policies' errors and the event log:
all of them are untrusted. Every f-string that builds markup in `wargame.ui` passes its values
through `text` (element content and quoted attribute values alike; play.py and replay.py call
`html.escape`, the same thing, which they already imported); text shown through
`solara.Markdown` goes through `markdown`. Plain components (`solara.Text`, `solara.Error`, card
titles) render text nodes and need neither.
"""

from __future__ import annotations

from html import escape
from typing import Any

# Python-Markdown's backslash escapes, plus '|' (tables) and '~'; '<', '>', '&' become entities.
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|~")


def text(value: Any) -> str:
    """Any value as HTML/SVG text or a quoted attribute value: & < > \" ' escaped."""
    return escape(str(value), quote=True)


def markdown(value: Any) -> str:
    """Any value as literal Markdown: no emphasis, link, heading, HTML or Vue mustache survives.

    solara.Markdown turns Markdown into a Vue template, where `{{ ... }}` would be evaluated
    even when its braces are written as entities; `v-pre` tells Vue to leave the text alone.
    Line breaks become spaces (a Markdown paragraph shows them so anyway) so that no line can
    start a heading, list or table.
    """
    flat = " ".join(str(value).splitlines())
    escaped = "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in flat)
    return f"<span v-pre>{escape(escaped, quote=True)}</span>"
