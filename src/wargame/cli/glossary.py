"""`wargame glossary [TERM]`: the sources' concepts in plain words, each with its source."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable

from wargame.config.glossary import SOURCES, Entry, glossary, lookup


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `glossary` to the parser; return its function by name."""
    p = sub.add_parser(
        "glossary",
        help="explain a concept of the sources (denial, tripwire, attribution, ...) with its source",
        description="The concepts a player meets (denial and punishment, tripwire, attribution, "
        "caveats, rotation, ...), each in plain words with the source it comes from (000-004, "
        "see shared/DOMAIN.md). Without TERM, every entry.",
    )
    p.add_argument("term", nargs="?", help="one term, e.g. denial or 'area-based posture'")
    return {"glossary": cmd_glossary}


def entry_text(entry: Entry) -> str:
    """An entry as a few wrapped lines: term, definition, sources, related terms."""
    lines = [f"{entry.term} ({entry.source_text()})"]
    lines += textwrap.wrap(entry.definition, 90, initial_indent="  ", subsequent_indent="  ")
    cited = [s for s in entry.sources if s != "game"]
    lines += [f"  source {s}: {SOURCES[s]}" for s in cited]
    if entry.see:
        terms = glossary()
        lines.append("  see also: " + ", ".join(terms[k].term for k in entry.see if k in terms))
    return "\n".join(lines)


def cmd_glossary(args: argparse.Namespace) -> int:
    """Print one entry, or every entry; 0 on success (an unknown term: exit 2 with the list)."""
    entries = [lookup(args.term)] if args.term else list(glossary().values())
    print("\n\n".join(entry_text(e) for e in entries))
    return 0
