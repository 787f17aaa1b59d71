"""Draw charts as inline SVG on the server: bars, grouped bars, a heat map, lines.

Pure functions from numbers to SVG markup: no JavaScript, no CDN, works offline. Every
label is XML-escaped; ``None`` values (undefined statistics) are drawn as gaps and
listed as "undefined" in the title tooltip, never as zero.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#4363d8", "#e6194b", "#3cb44b", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#808000", "#000075")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def text_width(text: str, size: float = 12.0) -> float:
    """Estimate the drawn width of ``text`` in pixels at font ``size`` (wide CJK = 1 em, others ~0.6 em)."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3g}"


def bar_chart(
    values: Mapping[str, float | None], *, title: str, colours: Mapping[str, str] | None = None,
    width: int = 640, bar_height: int = 22, max_value: float | None = None,
) -> str:
    """Draw horizontal bars, one per key, longest scale ``max_value`` (default: the largest value)."""
    items = list(values.items())
    top = max_value if max_value is not None else max((v for _, v in items if v is not None), default=1.0) or 1.0
    left = int(min(max(80.0, max((text_width(n) for n, _ in items), default=0) + 14), width / 2))
    right = 60
    span = width - left - right
    body = []
    for i, (name, value) in enumerate(items):
        y = 10 + i * (bar_height + 6)
        colour = (colours or {}).get(name, PALETTE[i % len(PALETTE)])
        body.append(f'<text x="{left - 8}" y="{y + bar_height * 0.7}" text-anchor="end" {FONT}>{escape(name)}</text>')
        if value is None:
            body.append(f'<text x="{left + 4}" y="{y + bar_height * 0.7}" {FONT} fill="#888">undefined</text>')
            continue
        w = max(1.0, span * max(0.0, value) / top)
        body.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}">'
            f"<title>{escape(name)}: {_fmt(value)}</title></rect>"
        )
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_height * 0.7}" {FONT}>{_fmt(value)}</text>')
    height = 20 + len(items) * (bar_height + 6)
    return _svg(width, height, body, title)


def grouped_bars(
    groups: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str,
    width: int = 720, height: int = 260, max_value: float = 1.0,
) -> str:
    """Draw vertical bars: one group per entry of ``groups``, one bar per series within it."""
    names = list(series)
    legend, legend_h = _legend(names, 40, 14, width - 50)
    left, bottom, top_pad = 40, 40, legend_h + 14
    height += legend_h - 16
    plot_h = height - bottom - top_pad
    group_w = (width - left - 10) / max(1, len(groups))
    bar_w = max(2.0, (group_w - 8) / max(1, len(names)))
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#444"/>']
    for tick in (0.0, 0.5, 1.0):
        y = height - bottom - plot_h * tick / max_value
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{tick:g}</text>')
    for g, group in enumerate(groups):
        gx = left + g * group_w + 4
        body.append(
            f'<text x="{gx + group_w / 2 - 4:.1f}" y="{height - bottom + 16}" text-anchor="middle" {FONT}>{escape(group)}</text>'
        )
        for s, name in enumerate(names):
            value = series[name][g] if g < len(series[name]) else None
            x = gx + s * bar_w
            if value is None:
                continue
            h = plot_h * max(0.0, min(value, max_value)) / max_value
            body.append(
                f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(group)} / {escape(name)}: {_fmt(value)}</title></rect>'
            )
    body.extend(legend)
    return _svg(width, height, body, title)


def _legend(names: Sequence[str], x: float, y: float, max_width: float) -> tuple[list[str], int]:
    """Lay legend entries out left to right, wrapping to a new row at ``max_width``; return
    the SVG elements and the height they take (16 px per row)."""
    out = []
    lx, row = x, 0
    for i, name in enumerate(names):
        w = 14 + text_width(name) + 18
        if lx > x and lx + w > x + max_width:
            lx, row = x, row + 1
        ly = y + row * 16
        out.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>')
        out.append(f'<text x="{lx + 14:.1f}" y="{ly}" {FONT}>{escape(name)}</text>')
        lx += w
    return out, (row + 1) * 16 if names else 0


def heatmap(
    rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float | None]], *, title: str,
    cell: int = 56,
) -> str:
    """Draw a matrix (annotator x annotator) with cells shaded from white (0) to blue (1)."""
    longest_col = max((text_width(c) for c in columns), default=0.0)
    left = int(max(60.0, max((text_width(r) for r in rows), default=0) + 14))
    top = int(max(40.0, longest_col * math.sin(math.radians(40)) + 24))
    extra = int(max(20.0, longest_col * math.cos(math.radians(40)) - cell / 2 + 10))
    body = []
    for j, col in enumerate(columns):
        x = left + j * cell + cell / 2
        body.append(
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="start" transform="rotate(-40 {x:.1f} {top - 8})" {FONT}>'
            f"{escape(col)}</text>"
        )
    for i, row in enumerate(rows):
        y = top + i * cell
        body.append(f'<text x="{left - 8}" y="{y + cell / 2 + 4}" text-anchor="end" {FONT}>{escape(row)}</text>')
        for j, _ in enumerate(columns):
            value = values[i][j]
            x = left + j * cell
            if value is None:
                fill, label, ink = "#eeeeee", "–", "#666"
            else:
                v = max(0.0, min(1.0, value))
                shade = int(255 - 190 * v)
                fill, label, ink = f"rgb({shade},{shade + int(20 * v)},255)", f"{value:.2f}", "#000" if v < 0.6 else "#fff"
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                f"<title>{escape(rows[i])} / {escape(columns[j])}: {_fmt(value)}</title></rect>"
                f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 4}" text-anchor="middle" fill="{ink}" {FONT}>{label}</text>'
            )
    return _svg(left + len(columns) * cell + extra, top + len(rows) * cell + 10, body, title)


def line_chart(
    xs: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str,
    width: int = 720, height: int = 280, max_value: float = 1.0,
) -> str:
    """Draw one line per series over the categorical ``xs`` (e.g. model versions in time order)."""
    legend, legend_h = _legend(list(series), 40, height - 8, width - 50)
    height += legend_h - 16
    left, right, top, bottom = 40, 20, 30, 34 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(xs) - 1) if len(xs) > 1 else 0
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#444"/>']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h - plot_h * tick / max_value
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#eee"/>')
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{tick:g}</text>')
    for i, x_label in enumerate(xs):
        x = left + (i * step if len(xs) > 1 else plot_w / 2)
        body.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" {FONT}>{escape(x_label[:14])}</text>')
    for s, (name, values) in enumerate(series.items()):
        colour = PALETTE[s % len(PALETTE)]
        points = []
        for i, value in enumerate(values):
            if value is None:
                continue
            x = left + (i * step if len(xs) > 1 else plot_w / 2)
            y = top + plot_h - plot_h * max(0.0, min(value, max_value)) / max_value
            points.append((x, y))
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)} @ {escape(xs[i])}: {_fmt(value)}</title></circle>"
            )
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    body.extend(legend)
    return _svg(width, height, body, title)
