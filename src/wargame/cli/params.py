"""`wargame params`: every declared parameter as a table, or JSON for scripts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from wargame.config.parameters import Parameter, declared, groups
from wargame.errors import ConfigError

COLUMNS = ("key", "default", "allowed", "plausible", "unit", "group", "assumed", "reason")


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `params` to the parser; return its function by name."""
    p = sub.add_parser(
        "params",
        help="list every parameter: default, allowed bounds, plausible range, unit, group, source",
        description="Every setting and built-in policy parameter, declared once "
        "(src/wargame/defaults.yaml + parameters.yaml). --set, scenario files, sweeps, "
        "experiments and records are checked against the allowed bounds; a sensitivity "
        "analysis samples the plausible range of the ASSUMED ones.",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p.add_argument(
        "--group", metavar="G", help='only this group (e.g. monitor, "russia\'s calculus")'
    )
    p.add_argument("--assumed", action="store_true", help="only the ASSUMED parameters")
    return {"params": cmd_params}


def selected(group: str | None = None, only_assumed: bool = False) -> list[Parameter]:
    """The declared parameters, optionally of one group and/or only the ASSUMED ones."""
    if group is not None and group not in groups():
        raise ConfigError("--group", group, f"no such group; groups: {', '.join(groups())}")
    return [
        p
        for p in declared().values()
        if (group is None or p.group == group) and (p.assumed or not only_assumed)
    ]


def row(p: Parameter) -> dict[str, str]:
    """One parameter as the table's text cells."""
    plausible = "" if p.low is None or p.high is None else f"{_fmt(p.low)} - {_fmt(p.high)}"
    return {
        "key": p.key,
        "default": _fmt(p.default),
        "allowed": p.allowed_text(),
        "plausible": plausible,
        "unit": p.unit,
        "group": p.group,
        "assumed": "ASSUMED" if p.assumed else "source",
        "reason": p.reason + (f" [inert: {p.inert_text()}]" if p.inert else ""),
    }


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameters as a table, or as JSON with --json."""
    params = selected(args.group, args.assumed)
    if args.json:
        print(json.dumps([p.to_dict() for p in params], indent=1))
        return 0
    rows = [row(p) for p in params]
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in COLUMNS[:-1]}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS[:-1]) + "  reason")
    for r in rows:
        print("  ".join(r[c].ljust(widths[c]) for c in COLUMNS[:-1]) + "  " + r["reason"])
    n_assumed = sum(p.assumed for p in params)
    n_inert = sum(bool(p.inert) for p in params)
    print(
        f"\n{len(params)} parameters, {n_assumed} ASSUMED (no source gives the number); "
        f"{n_inert} declared inert somewhere ([inert: scenario: why], see `wargame dials`)."
    )
    return 0
