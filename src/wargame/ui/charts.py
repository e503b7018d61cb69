"""Small live time-series charts as inline SVG (cheap to redraw every week).

The y axis always starts at zero (or below, for negative values), ends at a round number above
the largest value, and carries two to five round ticks; series that only hold whole numbers
(counts) get whole-number ticks. A chart with no data yet (week 0) or a flat one still reads
sensibly: 0 to 1 for all zeros, 0 to a round number above a constant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from wargame.ui.i18n import tr
from wargame.ui.palette import NEUTRALS
from wargame.ui.palette import OKABE_ITO as PALETTE_HUES
from wargame.ui.safe import text as esc

# Okabe & Ito's colour-blind-safe palette (from ui/palette.py, yellow left out: too faint on
# white for a line). A caller gives each series meaning its own colour (ui/palette.py MEANINGS,
# and a dash where two series share a meaning's colour).
OKABE_ITO = {k: v for k, v in PALETTE_HUES.items() if k != "yellow"}
PALETTE = tuple(OKABE_ITO.values())
DASHED = "5,3"
LEGEND_SAMPLE_W = 10  # px of line drawn before each legend entry
MAX_TICKS = 4
LEGEND_CHAR_W = 5.0  # px per character of a 9 px sans-serif legend entry


def nice_step(span: float, integer: bool, max_ticks: int = MAX_TICKS) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most `max_ticks` intervals."""
    raw = max(span, 1e-12) / max_ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)
    return max(1.0, round(step)) if integer else step


def y_axis(values: Sequence[float], max_ticks: int = MAX_TICKS) -> tuple[float, float, list[float]]:
    """The y range (low, high) and its tick values for these data values."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    integer = all(float(v).is_integer() for v in finite)
    lo = min([*finite, 0.0])
    hi = max([*finite, 0.0])
    if hi - lo <= 1e-9:  # no data, all zeros, or flat at zero: show 0..1
        hi = lo + 1.0
    step = nice_step(hi - lo, integer, max_ticks)
    lo = math.floor(lo / step + 1e-9) * step
    hi = math.ceil(hi / step - 1e-9) * step
    if hi <= lo:
        hi = lo + step
    n = round((hi - lo) / step)
    ticks = [round(lo + i * step, 10) for i in range(n + 1)]
    return ticks[0], ticks[-1], ticks


def tick_label(value: float) -> str:
    """A tick's label: short and without float noise (0, 2.5, 40, 1.2k, 35k)."""
    if abs(value) < 1e-9:
        return "0"
    if abs(value) >= 1000:
        text = f"{value / 1000:.1f}".rstrip("0").rstrip(".")
        return f"{text}k"
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.3g}"


def line_chart_svg(
    title: str,
    weeks: Sequence[int],
    series: dict[str, Sequence[float]],
    width: int = 300,
    height: int = 140,
    marker_week: int | None = None,
    styles: dict[str, tuple[str, str | None]] | None = None,
) -> str:
    """A line chart of several series over weeks, with a legend and round y ticks; `styles`
    gives a series its (colour, dash pattern or None), else the palette's next colour."""
    left, right, top, bottom = 34, 8, 18, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi, ticks = y_axis([v for s in series.values() for v in s if v is not None])
    span = hi - lo
    last = max(weeks[-1] if len(weeks) else 1, 1)

    def xy(week: float, value: float) -> tuple[float, float]:
        return left + plot_w * week / last, top + plot_h * (1 - (value - lo) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" style="font-family:sans-serif;background:#fff" class="wg-chart">',
        f'<text x="{left}" y="12" font-size="11" font-weight="bold">{esc(title)}</text>',
    ]
    for tick in ticks:
        _, y = xy(0, tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{NEUTRALS["grid"]}"/>'
            f'<text x="{left - 3}" y="{y + 3:.1f}" font-size="9" text-anchor="end" '
            f'class="wg-tick">{tick_label(tick)}</text>'
        )
    parts += [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{NEUTRALS["frame"]}"/>',
        f'<text x="{left}" y="{top + plot_h + 10}" font-size="9">{esc(tr("week {week}", week=0))}</text>',
        f'<text x="{left + plot_w}" y="{top + plot_h + 10}" font-size="9" text-anchor="end">{esc(tr("week {week}", week=last))}</text>',
    ]
    if marker_week is not None:
        x, _ = xy(marker_week, lo)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{NEUTRALS["ink"]}" stroke-dasharray="2,2"/>'
        )
    lx = 4  # the legend runs under the whole chart: five entries fit in 300 px
    for i, (name, ys) in enumerate(series.items()):
        colour, dash = (styles or {}).get(name, (PALETTE[i % len(PALETTE)], None))
        stroke = f'stroke="{esc(colour)}"' + (f' stroke-dasharray="{esc(dash)}"' if dash else "")
        points = " ".join(
            "{:.1f},{:.1f}".format(*xy(w, v))
            for w, v in zip(weeks, ys, strict=False)
            if v is not None
        )
        if points:
            parts.append(f'<polyline fill="none" {stroke} stroke-width="1.6" points="{points}"/>')
        y = height - 6
        parts.append(
            f'<line x1="{lx}" y1="{y - 3}" x2="{lx + LEGEND_SAMPLE_W - 2}" y2="{y - 3}" {stroke} '
            f'stroke-width="1.6"/>'
            f'<text x="{lx + LEGEND_SAMPLE_W}" y="{y}" font-size="9" fill="{esc(colour)}">'
            f"{esc(name)}</text>"
        )
        lx += round(LEGEND_CHAR_W * len(name)) + LEGEND_SAMPLE_W + 6
    parts.append("</svg>")
    return "".join(parts)
