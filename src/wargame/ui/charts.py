"""Small live time-series charts as inline SVG (cheap to redraw every week)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#455a64")


def line_chart_svg(
    title: str,
    weeks: Sequence[int],
    series: dict[str, Sequence[float]],
    width: int = 300,
    height: int = 140,
    marker_week: int | None = None,
) -> str:
    """A line chart of several series over weeks, with a legend and the y range."""
    left, right, top, bottom = 34, 8, 18, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series.values() for v in s if v is not None]
    hi = max([*values, 1e-09])
    lo = min([*values, 0.0])
    span = (hi - lo) or 1.0
    last = max(weeks[-1] if weeks else 1, 1)

    def xy(week: float, value: float) -> tuple[float, float]:
        return left + plot_w * week / last, top + plot_h * (1 - (value - lo) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" style="font-family:sans-serif;background:#fff" class="wg-chart">',
        f'<text x="{left}" y="12" font-size="11" font-weight="bold">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#cfd8dc"/>',
        f'<text x="{left - 3}" y="{top + 8}" font-size="9" text-anchor="end">{_fmt(hi)}</text>',
        f'<text x="{left - 3}" y="{top + plot_h}" font-size="9" text-anchor="end">{_fmt(lo)}</text>',
        f'<text x="{left + plot_w}" y="{top + plot_h + 10}" font-size="9" text-anchor="end">week {last}</text>',
    ]
    if marker_week is not None:
        x, _ = xy(marker_week, lo)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#000" stroke-dasharray="2,2"/>'
        )
    lx = left
    for i, (name, ys) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        points = " ".join(
            "{:.1f},{:.1f}".format(*xy(w, v))
            for w, v in zip(weeks, ys, strict=False)
            if v is not None
        )
        if points:
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{points}"/>'
            )
        parts.append(
            f'<text x="{lx}" y="{height - 6}" font-size="9" fill="{colour}">{escape(name)}</text>'
        )
        lx += 7 * len(name) + 12
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2g}"
