"""`wargame report`: one self-contained HTML page of the experiments, with the model's assumptions.

The page embeds each experiment's plot (PNG as base64) and table, prints the reading its
analysis computed from the results, and lists every parameter of defaults.yaml (and the
policies' parameters) as either sourced (with the source ids 000-004) or ASSUMED.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import __version__
from .experiments import list_experiments
from .scenario import DEFAULTS_FILE
from .session import write_atomic

SOURCES = {
    "000": "AIV letter advice 'European guarantees for the security of Ukraine', 2 July 2026",
    "001": "Military note 'Military deployment for Ukraine' (deployment options, force numbers)",
    "002": "Clingendael position paper 'Military deployment in Ukraine', February 2025",
    "003": "Government letter to parliament on the Coalition of the Willing's plan, September 2025",
    "004": "Cabinet response (December 2022) to an earlier AIV advice",
}
_SOURCE_ID = re.compile(r"(?<![\d,.])00[0-4](?![\d,])")
_LEAF = re.compile(r"^(?P<indent>\s*)(?P<key>\"?[\w]+\"?):\s*(?P<value>[^#]*?)\s*#\s*(?P<note>.*)$")
_SECTION = re.compile(r"^(?P<indent>\s*)(?P<key>[\w]+):\s*(#.*)?$")


@dataclass(frozen=True)
class Parameter:
    """One model parameter, its value and what its comment says about where it comes from."""

    key: str
    value: str
    note: str

    @property
    def sources(self) -> list[str]:
        """The source ids (000-004) the comment cites."""
        return sorted(set(_SOURCE_ID.findall(self.note)))

    @property
    def assumed(self) -> bool:
        """Whether the comment marks the figure ASSUMED."""
        return "ASSUMED" in self.note


def parameters_of_defaults(path: Path = DEFAULTS_FILE) -> list[Parameter]:
    """Every commented leaf of defaults.yaml as a dotted key, its value and its note."""
    found: list[Parameter] = []
    stack: list[tuple[int, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        leaf = _LEAF.match(line)
        if leaf and leaf.group("value"):
            key = ".".join([k for _, k in stack] + [leaf.group("key").strip('"')])
            found.append(Parameter(key, leaf.group("value"), leaf.group("note")))
            continue
        section = _SECTION.match(line)
        if section:
            stack.append((indent, section.group("key")))
    return found


def parameters_of_policies() -> list[Parameter]:
    """The built-in policies' parameters, as declared in parameters.yaml (`wargame params`)."""
    from .parameters import declared

    return [
        Parameter(
            f"{p.key.split('.')[1]}: {p.key.split('.')[2]}",
            repr(p.default),
            ("ASSUMED: " if p.assumed else "") + p.reason,
        )
        for p in declared().values()
        if p.key.startswith("policies.")
    ]


def write_report(out: str | Path = "results") -> Path:
    """Write OUT/report.html from the experiments' summaries found in OUT."""
    out = Path(out)
    sections = [_experiment_section(out, exp.name, exp.title) for exp in list_experiments()]
    page = _page(sections, _assumptions_section())
    path = out / "report.html"
    write_atomic(path, page)
    return path


def _experiment_section(out: Path, name: str, title: str) -> str:
    folder = out / name
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        return (
            f"<section id='{name}'><h2>{html.escape(title)}</h2><p class='missing'>Not run yet: "
            f"<code>wargame experiment {name} --out {html.escape(str(out))}</code></p></section>"
        )
    s = json.loads(summary_path.read_text())
    parts = [f"<section id='{name}'><h2>{html.escape(s['title'])}</h2>"]
    if s.get("quick"):
        parts.append("<p class='warn'>Quick run (a few short games): not an answer.</p>")
    parts.append(f"<p class='q'><b>Question.</b> {html.escape(s['question'])}</p>")
    parts.append(f"<p><b>Design.</b> {html.escape(s.get('design', ''))}</p>")
    parts.append(
        f"<p class='meta'>{s['games']} games in {s.get('cells', '?')} cells, horizon "
        f"{s.get('horizon_weeks', '?')} weeks; {s.get('seconds', '?')} s.</p>"
    )
    parts.append("<h3>Reading</h3><ul>")
    parts += [f"<li>{html.escape(line)}</li>" for line in s["reading"]]
    parts.append("</ul>")
    for note in s.get("notes", []) + [f"skipped: {x}" for x in s.get("skipped", [])]:
        parts.append(f"<p class='meta'>{html.escape(note)}</p>")
    plot = folder / s["plot"]
    if plot.is_file():
        data = base64.b64encode(plot.read_bytes()).decode()
        parts.append(f"<img alt='{html.escape(s['title'])}' src='data:image/png;base64,{data}'>")
    table = folder / s["table"]
    if table.is_file():
        frame = pd.read_csv(table)
        parts.append(
            f"<details><summary>Table ({len(frame)} rows; {html.escape(s['table'])})</summary>"
            + frame.to_html(index=False, float_format=lambda x: f"{x:.3g}", na_rep="", border=0)
            + "</details>"
        )
    parts.append(_uncertainty_section(folder, s))
    parts.append("</section>")
    return "\n".join(parts)


def _assumptions_section() -> str:
    params = parameters_of_defaults()
    sourced = [p for p in params if p.sources and not p.assumed]
    assumed = [p for p in params if p.assumed]
    policy_params = [p for p in parameters_of_policies() if p.assumed]
    rows = []
    rows.append("<section id='assumptions'><h2>The model's assumptions and its sources</h2>")
    rows.append(
        f"<p>Of the {len(params)} commented settings in <code>defaults.yaml</code>, "
        f"{len(sourced)} come from the sources and {len(assumed)} are ASSUMED (no source gives "
        f"them; they are dials to vary). The built-in policies add {len(policy_params)} ASSUMED "
        f"parameters. docs/calibration.md says which were tuned and against what.</p>"
    )
    rows.append("<h3>Sources</h3><ul>")
    rows += [f"<li><b>{k}</b> {html.escape(v)}</li>" for k, v in SOURCES.items()]
    rows.append("</ul>")
    rows.append(_param_table("From the sources", sourced, with_sources=True))
    rows.append(_param_table("ASSUMED in defaults.yaml", assumed, with_sources=False))
    rows.append(_param_table("ASSUMED in the built-in policies", policy_params, False))
    rows.append("</section>")
    return "\n".join(rows)


def _param_table(title: str, params: list[Parameter], with_sources: bool) -> str:
    head = "<tr><th>setting</th><th>value</th>" + ("<th>sources</th>" if with_sources else "")
    head += "<th>note</th></tr>"
    body = "".join(
        f"<tr><td><code>{html.escape(p.key)}</code></td><td>{html.escape(p.value)}</td>"
        + (f"<td>{', '.join(p.sources)}</td>" if with_sources else "")
        + f"<td>{html.escape(p.note)}</td></tr>"
        for p in params
    )
    return f"<h3>{html.escape(title)} ({len(params)})</h3><table>{head}{body}</table>"


STYLE = """
body{font-family:system-ui,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
img{max-width:100%;border:1px solid #eee} table{border-collapse:collapse;font-size:.8em}
td,th{border-bottom:1px solid #eee;padding:2px 6px;text-align:left;vertical-align:top}
.meta{color:#666;font-size:.85em} .warn{color:#a40;font-weight:bold} .missing{color:#a40}
.q{background:#f5f5fa;padding:.5em} details{margin:.5em 0} code{font-size:.9em}
"""


def _page(sections: list[str], assumptions: str) -> str:
    toc = "".join(
        f"<li><a href='#{e.name}'>{html.escape(e.title)}</a></li>" for e in list_experiments()
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Ceasefire-guarantee wargame: experiments</title><style>{STYLE}</style></head>"
        "<body><h1>Ceasefire-guarantee wargame: what the experiments say</h1>"
        f"<p class='meta'>wargame {__version__}, written {stamp}. Every reading below is computed "
        "from the games' results; every figure is the model's, whose free parameters are listed "
        "at the end as ASSUMED. Intervals are 95%.</p>"
        f"<ol>{toc}<li><a href='#assumptions'>Assumptions and sources</a></li></ol>"
        + "\n".join(sections)
        + assumptions
        + "</body></html>"
    )


def _uncertainty_section(folder: Path, summary: dict) -> str:
    """For an experiment run with --uncertain: whether each headline holds, the spread plot and table."""
    from .uncertainty import holds_lines

    block = summary.get("uncertainty")
    if not block:
        return ""
    parts = [
        "<h3>Under uncertainty</h3>",
        f"<p class='meta'>{int(block['draws'])} Latin-hypercube draws (draw seed "
        f"{int(block['draw_seed'])}) of {len(block.get('params', []))} ASSUMED parameters from "
        f"their plausible ranges; a headline holds when it is true in at least "
        f"{float(block['holds']):.0%} of the draws.</p><ul>",
    ]
    parts += [f"<li>{html.escape(line)}</li>" for line in holds_lines(summary)]
    parts.append("</ul>")
    plot = folder / str(block.get("plot", ""))
    if plot.is_file() and plot.parent == folder:
        data = base64.b64encode(plot.read_bytes()).decode()
        parts.append(f"<img alt='survival under uncertainty' src='data:image/png;base64,{data}'>")
    table = folder / str(block.get("table", ""))
    if table.is_file() and table.parent == folder:
        frame = pd.read_csv(table)
        parts.append(
            "<details><summary>Spread from chance and from the assumptions "
            f"({html.escape(table.name)})</summary>"
            + frame.to_html(index=False, float_format=lambda x: f"{x:.3g}", na_rep="", border=0)
            + "</details>"
        )
    return "\n".join(parts)
