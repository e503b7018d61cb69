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

from wargame import __version__
from wargame.batch.experiments import list_experiments
from wargame.config.scenario import DEFAULTS_FILE
from wargame.errors import WargameError
from wargame.play.session import write_atomic

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
    from wargame.config.parameters import declared

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
    sections.append(drives_section(out))
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
            f"<code>wargame experiment {name} --out {html.escape(str(out))}</code></p>"
            + _uncertainty_section(folder, {}, name)
            + "</section>"
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
    parts.append(_uncertainty_section(folder, s, name))
    parts.append("</section>")
    return "\n".join(parts)


TOP = 10  # parameters shown per scenario and outcome in "What drives the answers"


def drives_section(out: Path | None = None, data: Path | None = None) -> str:
    """'What drives the answers': the screening's top parameters per scenario and outcome,
    the seed noise, the Morris charts and the dials declared dead (with their reasons)."""
    from wargame.batch.drives import DATA, load_screenings

    e = html.escape
    parts = ["<section id='drives'><h2>What drives the answers</h2>"]
    parts.append(
        "<p>A Morris screening of every ASSUMED parameter (those with a plausible range; policy "
        "parameters that no policy of the scenario reads are left out), one design per "
        "scenario, each point played on the same seeds. mu* is how much the outcome moves, on "
        "average, when the parameter crosses two thirds of its plausible range (survival: a "
        "share, so 0.1 = ten points); sigma is how much that depends on the other parameters. "
        "A parameter is <b>above noise</b> when its mu* interval stays clear of the mu* that "
        "the seeds' luck alone would give. It is a screening: few trajectories, few seeds; it "
        "says which parameters to study, not by how much they matter. Regenerate it with "
        "<code>wargame screening --out RESULTS</code> (the recipe is "
        "<code>src/wargame/data/drives/screening.yaml</code>; <code>--ship</code> replaces the "
        "shipped indices); a finished run in RESULTS/screening/ is shown instead of the shipped "
        "one. docs/sensitivity.md explains it.</p>"
    )
    try:
        screenings = load_screenings(out, data or DATA)
    except (WargameError, OSError, ValueError, KeyError) as exc:  # not the rest of the report
        screenings = []
        parts.append(f"<p class='warn'>The screening could not be read: {e(str(exc))}</p>")
    if not screenings:
        parts.append("<p class='missing'>No screening found.</p>")
    for screening in screenings:
        parts.append(_screening_html(screening))
    parts.append(_dead_dials_html())
    parts.append("</section>")
    return "\n".join(parts)


def _screening_html(screening) -> str:
    e = html.escape
    p = screening.provenance
    source = "fresh run in the results folder" if screening.source == "fresh" else "shipped"
    rate = p.get("games_per_second")
    parts = [f"<h3>{e(screening.scenario)} <span class='meta'>({e(source)})</span></h3>"]
    meta = [
        str(p.get("design") or ""),
        f"{p.get('games', '?')} games" + (f" at {rate} games/s" if rate else ""),
        f"made {p.get('date', '?')} at commit {p.get('git_commit', '?')}" if p.get("date") else "",
    ]
    parts.append(f"<p class='meta'>{e('; '.join(m for m in meta if m))}.</p>")
    if p.get("note"):
        parts.append(f"<p class='meta'>{e(str(p['note']))}</p>")
    if p.get("command"):
        parts.append(f"<p class='meta'>Made with <code>{e(str(p['command']))}</code></p>")
    if p.get("left_out"):
        parts.append(
            f"<p class='meta'>Left out (no policy of the scenario reads them): "
            f"{e(', '.join(map(str, p['left_out'])))}</p>"
        )
    for outcome in screening.outcomes:
        noise = screening.noise_of(outcome)
        clear = screening.above_noise(outcome)
        parts.append(f"<h4>{e(outcome)}</h4>")
        parts.append(
            f"<p>Seed noise: sd {_g(noise.get('noise_sd'))} per game; mu* from noise alone "
            f"~{_g(noise.get('noise_mu_star'))}. Above noise: "
            + (
                f"<b>{len(clear)}</b> parameter(s): {e(', '.join(clear))}."
                if clear
                else "<b>none</b> (no parameter is shown to matter with this budget)."
            )
            + "</p>"
        )
        top = screening.top(outcome, TOP)
        rows = "".join(
            f"<tr><td>{i + 1}</td><td><code>{e(str(r['parameter']))}</code></td>"
            f"<td>{e(str(r['group']))}</td><td>{_g(r['mu_star'])} &plusmn; "
            f"{_g(r['mu_star_conf'])}</td><td>{_g(r['sigma'])}</td>"
            f"<td>{_g(r['mu_star_half'])}</td>"
            f"<td>{'within noise' if r['within_noise'] else '<b>above noise</b>'}</td></tr>"
            for i, r in top.iterrows()
        )
        parts.append(
            "<table><tr><th>#</th><th>parameter</th><th>group</th><th>mu* (95%)</th>"
            f"<th>sigma</th><th>mu* at half budget</th><th></th></tr>{rows}</table>"
        )
    chart = _morris_png(screening)
    if chart:
        parts.append(
            f"<img alt='{e('Morris chart, ' + screening.scenario)}' "
            f"src='data:image/png;base64,{chart}'>"
        )
    return "\n".join(parts)


def _g(value) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "?"
    return "?" if value != value else f"{value:.3g}"


def _morris_png(screening) -> str:
    """The screening's mu*-sigma chart as base64 PNG ('' if it cannot be drawn)."""
    import io

    import matplotlib.pyplot as plt

    from wargame.batch.sensitivity import plot

    if screening.noise.empty or screening.indices.empty:
        return ""
    figure = plot(screening.indices, screening.noise, "morris", top=10)
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, dpi=80, format="png")
    finally:
        plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def _dead_dials_html() -> str:
    from wargame.batch.drives import dead_dials

    e = html.escape
    dead = dead_dials()
    rows = "".join(
        f"<tr><td><code>{e(d.parameter)}</code></td>"
        f"<td>{e('every scenario' if d.scenario == '*' else d.scenario)}</td>"
        f"<td>{e(d.reason)}</td></tr>"
        for d in dead
    )
    return (
        f"<h3>Dials that move nothing ({len(dead)})</h3><p>A dial is dead in a scenario when "
        "paired games at both ends of its range come out the same on every consequence (how "
        "long the ceasefire held, casualties, nations that left, will, escalation); "
        "<code>wargame dials --documented --scenario S</code> finds them and a test keeps each "
        "one declared with its reason (<code>inert</code> in parameters.yaml).</p>"
        f"<table><tr><th>dial</th><th>scenario</th><th>why it moves nothing</th></tr>{rows}"
        "</table>"
    )


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
        f"<ol>{toc}<li><a href='#drives'>What drives the answers</a></li>"
        "<li><a href='#assumptions'>Assumptions and sources</a></li></ol>"
        + "\n".join(sections)
        + assumptions
        + "</body></html>"
    )


def _uncertainty_section(folder: Path, summary: dict, name: str = "") -> str:
    """Whether each headline holds across the plausible ranges, the spread plot and table: from
    a run with --uncertain in the results folder, else from the shipped run (if one ships)."""
    from wargame.batch.uncertainty import SHIPPED, holds_lines, shipped_uncertainty

    block = summary.get("uncertainty")
    shipped_note = ""
    if not block:
        kept = shipped_uncertainty(name or str(summary.get("name", "")))
        if kept is None:
            return ""
        summary, block, folder = kept, kept["uncertainty"], SHIPPED
        shipped_note = (
            f"<p class='meta'>The shipped run: {kept.get('games', '?')} games at commit "
            f"{html.escape(str(kept.get('commit', '?'))[:12])} ({html.escape(str(kept.get('shipped', '')))}); "
            f"<code>{html.escape(str(kept.get('command', '')))}</code> plays it again, and a run "
            "with --uncertain in this results folder replaces it here.</p>"
        )
    parts = [
        "<h3>Under uncertainty</h3>",
        f"<p class='meta'>{int(block['draws'])} Latin-hypercube draws (draw seed "
        f"{int(block['draw_seed'])}) of {len(block.get('params', []))} ASSUMED parameters from "
        f"their plausible ranges; a headline holds when it is true in at least "
        f"{float(block['holds']):.0%} of the draws.</p>{shipped_note}<ul>",
    ]
    parts += [f"<li>{html.escape(line)}</li>" for line in holds_lines(summary)]
    parts.append("</ul>")
    plot = folder / str(block.get("plot", ""))
    if block.get("plot") and plot.is_file() and plot.parent == folder:
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
