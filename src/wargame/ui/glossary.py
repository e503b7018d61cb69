"""The glossary panel of the Play page, and links to its terms from the card.

Each term is a native `<details>` inside one `<details class="wg-glossary">`, its definition an
element `#wg-term-KEY`: a link there (from a mode line or a tutorial step) opens both (the
browser reveals a fragment's target inside closed details), with no script.
"""

from __future__ import annotations

import solara

from wargame.config.glossary import SOURCES, glossary
from wargame.ui import i18n
from wargame.ui.i18n import tr
from wargame.ui.safe import text as esc


def anchor(key: str) -> str:
    """The element id of a term's definition."""
    return f"wg-term-{key}"


def term_link(key: str, label: str | None = None) -> str:
    """A link that opens a term's definition (escaped); plain text if the term is unknown."""
    entries = glossary()
    if key not in entries:
        return esc(label or key)
    words = esc(label or tr(entries[key].term))
    return (
        f"<a href='#{anchor(key)}' class='wg-term-link' data-term='{esc(key)}' "
        f"style='color:#0072b2;text-decoration:underline'>{words}</a>"
    )


def mode_term(mode: str) -> str:
    """A response mode's name, linked to its definition where the glossary has one."""
    return term_link(mode, tr(mode)) if mode in glossary() else esc(tr(mode))


def entry_html(key: str) -> str:
    """One term: its name as the summary, the definition and its sources (escaped)."""
    e = glossary()[key]
    cited = "; ".join(
        esc(tr("this game")) if s == "game" else f"{esc(s)} ({esc(tr(SOURCES[s]))})"
        for s in e.sources
    )
    see = ", ".join(term_link(k) for k in e.see)
    return (
        f"<details class='wg-term' data-term='{esc(key)}' style='margin:2px 0'>"
        f"<summary><b>{esc(tr(e.term))}</b></summary>"
        f"<div id='{anchor(key)}' style='padding-left:14px'>{esc(e.definition_in(i18n.language()))}"
        f"<div style='font-size:11px;color:#555'>{esc(tr('Source:'))} {cited}"
        f"{'; ' + esc(tr('see also')) + ' ' + see if see else ''}</div></div></details>"
    )


def glossary_html() -> str:
    """The whole glossary as one closed `<details>`."""
    body = "".join(entry_html(k) for k in glossary())
    return (
        "<details class='wg-glossary'><summary><b>"
        + esc(tr("Glossary: the concepts of the sources"))
        + "</b></summary><div style='font-size:13px'>"
        + body
        + "</div></details>"
    )


@solara.component
def GlossaryPanel() -> None:
    """The glossary as an expandable panel (each term opens on its own or from a link)."""
    solara.HTML(tag="div", unsafe_innerHTML=glossary_html(), classes=["wg-glossary-box"])
