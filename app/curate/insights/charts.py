"""Own the dashboard's small charts: bar charts drawn as SVG on the server, no JavaScript.

A chart is a handful of `<rect>` elements with a `<title>` each (the browser shows it as a
tooltip), an accessible name, and the same numbers in a table beside it. Forty lines of
our own beat a charting library here: such libraries emit inline style or script, which
the site's CSP refuses, and weigh more than the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT, GAP = 640, 120, 2


def bars(values: Sequence[tuple[str, int]], title: str, color: str = "#00467f") -> Markup:
    """A bar chart of (label, value) pairs, as inline SVG."""
    n = max(1, len(values))
    top = max((v for _label, v in values), default=0) or 1
    width = (WIDTH - GAP * (n - 1)) / n
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 16}" width="100%" '
             f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(values):
        h = round(HEIGHT * value / top, 1)
        x = round(i * (width + GAP), 1)
        parts.append(f'<rect x="{x}" y="{HEIGHT - h}" width="{round(width, 1)}" height="{h}" '
                     f'fill="{color}"><title>{escape(label)}: {value}</title></rect>')
    if values:
        parts.append(f'<text x="0" y="{HEIGHT + 13}" font-size="11" fill="#4a4a4a">'
                     f"{escape(values[0][0])}</text>")
        parts.append(f'<text x="{WIDTH}" y="{HEIGHT + 13}" font-size="11" fill="#4a4a4a" '
                     f'text-anchor="end">{escape(values[-1][0])}</text>')
    parts.append(f'<line x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}" stroke="#d0d5db"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
