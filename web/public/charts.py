"""Bar charts as inline SVG, drawn on the server: no script, no style attribute (a strict
CSP), readable on a 360 px phone (each bar's label sits above it, its number at its end),
and read aloud (role="img", a title, and every label and number as text)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH = 320  # the viewBox; the SVG scales to its column
BAR = 14
ROW = 40  # a label line above each bar
PALETTE = ("#225ea8", "#41b6c4", "#a1dab4", "#253494", "#2c7fb8", "#7fcdbb")


def _number(value: int) -> str:
    return f"{value:,}"


def bar_chart(
    rows: Sequence[tuple[str, int]],
    *,
    title_th: str,
    unit_th: str,
    colours: Sequence[str] = PALETTE[:1],
) -> Markup:
    """Horizontal bars, largest value full width; `rows` are (Thai label, number)."""
    top = max((v for _, v in rows), default=0) or 1
    parts: list[str] = []
    for i, (label, value) in enumerate(rows):
        y = 6 + i * ROW
        length = max(1.0, (WIDTH - 70) * value / top) if value else 0.0
        fill = colours[i % len(colours)]
        text = escape(f"{label}: {_number(value)} {unit_th}")
        parts.append(
            f"<g><title>{text}</title>"
            f'<text x="0" y="{y + 11}" class="chart-label">{escape(label)}</text>'
            f'<rect x="0" y="{y + 16}" width="{length:.1f}" height="{BAR}" rx="2" fill="{fill}"/>'
            f'<text x="{length + 6:.1f}" y="{y + 27}" class="chart-value">'
            f"{_number(value)}</text></g>"
        )
    height = 12 + len(rows) * ROW
    title = escape(title_th)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{title}"'
        f' viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" font-size="12">'
        f"<title>{title}</title>{''.join(parts)}</svg>"
    )
