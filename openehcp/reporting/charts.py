"""Trend charts drawn on the server as accessible SVG.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(``aria-labelledby``), and the page shows a data table with the same numbers beside it, so
nothing is only in the picture. Colours and line styles are SVG presentation attributes (``stroke``,
``fill``), which the strict Content-Security-Policy allows (it forbids ``style`` attributes) and
which the PDF renderer reads too. Series are told apart by line pattern and marker shape as well as
colour (GOV.UK blue, red and green).
"""

from dataclasses import dataclass
from math import ceil, log10

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 32, 16, 44
MARKERS = ("circle", "square", "diamond")
COLOURS = ("#1d70b8", "#d4351c", "#00703c")
DASHES = ("", "8 4", "2 4")
TEXT = 'font-family="arial, sans-serif" font-size="12" fill="#0b0c0c"'


def _line_attributes(index: int) -> str:
    dash = DASHES[index % len(DASHES)]
    return f'fill="none" stroke="{COLOURS[index % len(COLOURS)]}" stroke-width="3"' + (
        f' stroke-dasharray="{dash}"' if dash else ""
    )


@dataclass
class Series:
    name: str
    values: list[float | int | None]


def nice_maximum(value: float) -> float:
    """A round number at or above ``value`` for the top of the y axis (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** int(log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def _format(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _marker(kind: str, x: float, y: float, index: int) -> str:
    fill = f'fill="{COLOURS[index % len(COLOURS)]}"'
    if kind == "square":
        return f'<rect {fill} x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>'
    if kind == "diamond":
        corners = [(x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y)]
        points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        return f'<polygon {fill} points="{points}"/>'
    return f'<circle {fill} cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    maximum: float | None = None,
    unit: str = "",
) -> SafeString:
    """A line chart of one or more series over ``labels`` (months); ``None`` leaves a gap."""
    values = [v for s in series for v in s.values if v is not None]
    top = maximum if maximum is not None else nice_maximum(max(values, default=0))
    if maximum is None and all(isinstance(v, int) for v in values):
        top = max(top, 4)  # whole-number ticks (0, 1, 2, 3, 4) for small counts
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(labels), 1)
    step = plot_w / max(count - 1, 1)

    def x(i):
        return LEFT + (i * step if count > 1 else plot_w / 2)

    def y(v):
        return TOP + plot_h - (v / top) * plot_h

    parts = [
        format_html(
            '<svg class="app-chart" viewBox="0 0 {} {}" width="100%" role="img" '
            'aria-labelledby="{}-title {}-desc" focusable="false">',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
        '<g aria-hidden="true">',
    ]
    for tick in _ticks(top):
        ty = y(tick)
        parts.append(
            f'<line stroke="#b1b4b6" stroke-width="1" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{ty:.1f}" y2="{ty:.1f}"/>'
        )
        parts.append(
            f'<text {TEXT} x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(_format(tick) + unit)}</text>"
        )
    every = ceil(count / 6)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text {TEXT} x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append(
        f'<line stroke="#0b0c0c" stroke-width="1.5" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
    )
    for index, s in enumerate(series):
        segments, current = [], []
        for i, v in enumerate(s.values):
            if v is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x(i), y(v)))
        if current:
            segments.append(current)
        for segment in segments:
            points = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
            parts.append(f'<polyline {_line_attributes(index)} points="{points}"/>')
            for px, py in segment:
                parts.append(_marker(MARKERS[index % len(MARKERS)], px, py, index))
    # The key, under the axis labels.
    key_x = LEFT
    for index, s in enumerate(series):
        ky = HEIGHT - 10
        parts.append(
            f'<line {_line_attributes(index)} x1="{key_x}" '
            f'x2="{key_x + 24}" y1="{ky - 4}" y2="{ky - 4}"/>'
        )
        parts.append(_marker(MARKERS[index % len(MARKERS)], key_x + 12, ky - 4, index))
        parts.append(f'<text {TEXT} x="{key_x + 30}" y="{ky}">{escape(s.name)}</text>')
        key_x += 40 + 7 * len(s.name)
    parts.append("</g></svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every value is escaped above
