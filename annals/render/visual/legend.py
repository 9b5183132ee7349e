"""The visual timeline's legend: what the lanes are and what each mark's style says, narrow enough for a phone."""

from __future__ import annotations

from html import escape

END_ID = "annals-visual-legend"
"""The legend's id: the target of the skip link, so that a keyboard goes on to what follows the marks."""
WIDTH = 340
"""The legend's width: it fits a 360-pixel screen without scrolling."""

_LINE = 20
_COLUMN = WIDTH // 2
_SWATCH = 12

DATE_STYLES = [
    ("day", "known to the day"),
    ("span", "lasting the days it covers"),
    ("range", "known only to the month or year"),
]
"""The shapes a mark takes for its date, each with its meaning (the caption's words)."""


def number(value: float) -> str:
    """A coordinate, to a tenth of a pixel, without a needless ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


SCROLL_HINT = "On a small screen, scroll the chart sideways."
"""Under a chart wider than a phone's screen: phones show no scroll bar."""


def legend_svg(statuses: list[str], lanes_caption: str, scrolls: bool = False) -> str:
    """The legend of a timeline whose marks have ``statuses``; ``lanes_caption`` says what the lanes are,
    and a chart that ``scrolls`` on a phone gets SCROLL_HINT."""
    status_rows = (len(statuses) + 1) // 2
    lines = 2 + status_rows + len(DATE_STYLES)
    height = _LINE * (lines + scrolls) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="annals-timeline annals-legend" id="{END_ID}" '
             f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="group" '
             f'aria-labelledby="annals-visual-legend-title">',
             '<title id="annals-visual-legend-title">Legend of the timeline</title>',
             f'<text class="annals-legend-head" x="0" y="14">{escape(lanes_caption)}. Status of each mark:</text>']
    for index, status in enumerate(statuses):
        x, y = 4 + _COLUMN * (index % 2), _LINE * (1 + index // 2)
        parts.append(f'<g class="annals-mark annals-mark--{escape(status)}">'
                     f'{_dot(x, y)}<text x="{x + _SWATCH + 6}" y="{y + 14}">{escape(status)}</text></g>')
    top = _LINE * (1 + status_rows)
    parts.append(f'<text class="annals-legend-head" x="0" y="{top + 14}">Its shape, for the date:</text>')
    for index, (style, words) in enumerate(DATE_STYLES):
        y = top + _LINE * (1 + index)
        parts.append(f'<g class="annals-mark annals-mark--key">{_shape(style, 4, y)}'
                     f'<text x="{4 + 56}" y="{y + 14}">{escape(words)}</text></g>')
    if scrolls:
        parts.append(f'<text class="annals-legend-head" x="0" y="{_LINE * lines + 14}">{SCROLL_HINT}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _dot(x: float, y: float, width: float = _SWATCH) -> str:
    return f'<rect class="annals-dot" x="{number(x)}" y="{y + 4}" width="{number(width)}" height="{_SWATCH}"/>'


def _shape(style: str, x: float, y: float) -> str:
    """The swatch of a date style: a dot, a bar, or a dot in the middle of a dashed range."""
    if style == "day":
        return _dot(x + 18, y)
    if style == "span":
        return _dot(x, y, 48)
    middle = y + 4 + _SWATCH / 2
    return (f'<line class="annals-range" x1="{x}" x2="{x + 48}" y1="{number(middle)}" y2="{number(middle)}"/>'
            + _dot(x + 18, y))
