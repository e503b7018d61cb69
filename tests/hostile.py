"""Hostile names for escaping tests: a map and a scenario whose every free-text field is a payload.

Each payload that runs sets `window.__pwned` (to say which one ran) or injects an element with an
id starting `pwn-`; a page that shows them escaped shows them as text and sets nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

PAYLOADS = (
    "<img src=x id=pwn-img onerror=\"window.__pwned='img'\">",
    'x"><img src=x id=pwn-dq onerror="window.__pwned=\'dq\'">',
    "x'><img src=x id=pwn-sq onerror=\"window.__pwned='sq'\">",
    "' onmouseover='window.__pwned=1' x='",
    '" onmouseover="window.__pwned=2" x="',
    "</title></g></svg><img src=x id=pwn-svg onerror=\"window.__pwned='svg'\">",
    "</text><image href=x id=pwn-image onerror=\"window.__pwned='image'\"/>",
    "<script id=pwn-script>window.__pwned='script'</script>",
    "<svg onload=\"window.__pwned='svgload'\" id=pwn-svgload></svg>",
    "[click](javascript:window.__pwned='md') <a id=pwn-a href=\"javascript:window.__pwned='a'\">a</a>",
    "{{ constructor.constructor(\"window.__pwned='vue'\")() }}",
    "<style id=pwn-style>body{display:none}</style>",
    "**bold** # heading\n===\n- item | t |",
)
"""Strings that would inject markup, attributes, links, scripts or Vue expressions if unescaped."""


def payload(i: int) -> str:
    """The i-th payload (cycling), tagged with i so that every name stays unique."""
    return f"{i}{PAYLOADS[i % len(PAYLOADS)]}"


def line_payload(i: int) -> str:
    """The i-th payload on one line: a map refuses names that are not one printable line."""
    return payload(i).replace("\n", " ")


def hostile_map_data() -> dict[str, Any]:
    """The shipped 12-sector map with hostile sector ids and names and hostile hub names."""
    data = yaml.safe_load((ROOT / "maps" / "coarse_line.yaml").read_text(encoding="utf-8"))
    new_ids = {s["id"]: f"{s['id']}{line_payload(k)}" for k, s in enumerate(data["sectors"])}
    data["id"] = "hostile_line"
    data["name"] = line_payload(0)
    for k, s in enumerate(data["sectors"]):
        s["id"] = new_ids[s["id"]]
        s["name"] = line_payload(k + 3)
        s["neighbours"] = [new_ids[n] for n in s["neighbours"]]
    for k, h in enumerate(data["hubs"]):
        h["name"] = line_payload(k + 5)
    return data


def hostile_scenario_data(map_file: str) -> dict[str, Any]:
    """A scenario on that map whose nations are named by payloads."""
    nations = ("gb", "fr", "de", "pl", "it", "es", "nl", "dk", "se", "fi", "tr", "ca")
    return {
        "name": "hostile",
        "description": payload(1),
        "map": map_file,
        "nations": {code: {"name": payload(k)} for k, code in enumerate(nations)},
    }


def write_hostile(folder: Path, stem: str = "hostile") -> Path:
    """Write `<stem>_map.yaml` and `<stem>.yaml` (the scenario) into a folder; the scenario's path."""
    folder.mkdir(parents=True, exist_ok=True)
    map_file = folder / f"{stem}_map.yaml"
    map_file.write_text(yaml.safe_dump(hostile_map_data(), allow_unicode=True), encoding="utf-8")
    scenario = folder / f"{stem}.yaml"
    text = yaml.safe_dump(hostile_scenario_data(map_file.name), allow_unicode=True)
    scenario.write_text(text, encoding="utf-8")
    return scenario
