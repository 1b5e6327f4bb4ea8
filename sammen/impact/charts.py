"""Line charts drawn on the server: the same chart as SVG (pages, PDF) and PNG (downloads, DOCX).

Every series has its own colour, dash pattern and marker shape, so lines can be told apart without colour. A chart is
always shown with its data table and a text summary; the SVG carries a title and description for screen readers.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

WIDTH, HEIGHT = 540, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 20, 40
COLOURS = ["#00515a", "#4a4d55", "#a3320b", "#1f5fa8", "#6b3fa0", "#2e6b1e", "#8e244d", "#7a5c00", "#005f87", "#5c3d1e"]
DASHES = ["", "8 5", "2 4", "12 4 2 4", "6 3", "", "8 5", "2 4", "12 4 2 4", "6 3"]
TARGET_STROKE = 'stroke="#1e6b34" stroke-width="2" stroke-dasharray="3 3"'
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond", "circle", "square"]


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class LineChart:
    chart_id: str
    title: str
    description: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    decimals: int = 1
    target: float | None = None
    target_label: str = ""
    legend_rows: list[str] = field(default_factory=list)


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=magnitude * 10)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _layout(chart: LineChart, legend_height: int) -> tuple[list[float], float, float, int]:
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.target is not None:
        values.append(chart.target)
    if not values:
        values = [0.0, 1.0]
    low, high = min(values), max(values)
    if low >= 0 and low < (high - low):
        low = 0.0
    ticks = _nice_ticks(low, high)
    return ticks, ticks[0], ticks[-1], HEIGHT + legend_height


def _format(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0")
    return text.replace(".", ",") if decimals else text


def _geometry(
    chart: LineChart,
) -> tuple[list[float], float, float, int, Callable[[int], float], Callable[[float], float]]:
    legend_height = 22 * (len(chart.series) + (1 if chart.target is not None else 0))
    ticks, y_min, y_max, total_height = _layout(chart, legend_height)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(chart.labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / count)

    def y(v: float) -> float:
        return TOP + plot_h - (v - y_min) / ((y_max - y_min) or 1) * plot_h

    return ticks, y_min, y_max, total_height, x, y


def _marker_svg(shape: str, cx: float, cy: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{cx:.1f},{cy - 5:.1f} {cx - 5:.1f},{cy + 4:.1f} {cx + 5:.1f},{cy + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy:.1f} {cx:.1f},{cy + 5:.1f} {cx - 5:.1f},{cy:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{colour}"/>'


def render_svg(chart: LineChart, *, standalone: bool = False) -> str:
    ticks, _y_min, _y_max, total_height, x, y = _geometry(chart)
    cid = escape(chart.chart_id)
    size = f' height="{total_height}"' if standalone else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total_height}"'
        f' width="{WIDTH if standalone else "100%"}"{size}'
        f' role="img" aria-labelledby="{cid}-title {cid}-desc"'
        f' font-family="DejaVu Sans, Arial, sans-serif" font-size="15" class="chart">',
        f'<title id="{cid}-title">{escape(chart.title)}</title>',
        f'<desc id="{cid}-desc">{escape(chart.description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{total_height}" fill="#ffffff"/>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d5d9de" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="#1b1b1f">'
            f"{escape(_format(tick, 1 if tick % 1 else 0))}</text>"
        )
    if chart.unit:
        parts.append(f'<text x="8" y="{TOP - 6}" fill="#1b1b1f">{escape(chart.unit)}</text>')
    base = HEIGHT - BOTTOM
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#4a4d55" stroke-width="1.5"/>'
    )
    step = max(1, math.ceil(len(chart.labels) / 8))
    for i, label in enumerate(chart.labels):
        if i % step == 0 or i == len(chart.labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{base + 20}" text-anchor="middle" fill="#1b1b1f">{escape(label)}</text>'
            )
    if chart.target is not None:
        ty = y(chart.target)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" {TARGET_STROKE}/>')
    for index, series in enumerate(chart.series):
        colour, dash, marker = COLOURS[index % 10], DASHES[index % 10], MARKERS[index % 10]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, value in enumerate(series.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(value):.1f}")
        if segment:
            segments.append(segment)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
        for i, value in enumerate(series.values):
            if value is not None:
                parts.append(_marker_svg(marker, x(i), y(value), colour))
    legend_y = HEIGHT + 4
    for index, series in enumerate(chart.series):
        colour, dash, marker = COLOURS[index % 10], DASHES[index % 10], MARKERS[index % 10]
        ly = legend_y + 22 * index
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + 36}" y1="{ly:.1f}" y2="{ly:.1f}"'
            f' stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker_svg(marker, LEFT + 18, ly, colour))
        parts.append(f'<text x="{LEFT + 46}" y="{ly + 4:.1f}" fill="#1b1b1f">{escape(series.name)}</text>')
    if chart.target is not None:
        ly = legend_y + 22 * len(chart.series)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + 36}" y1="{ly:.1f}" y2="{ly:.1f}" {TARGET_STROKE}/>')
        parts.append(f'<text x="{LEFT + 46}" y="{ly + 4:.1f}" fill="#1b1b1f">{escape(chart.target_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _font(size: int) -> Any:
    from PIL import ImageFont

    # DejaVu covers Norwegian and Danish letters; Pillow's built-in font does not have å, æ and ø.
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "LiberationSans-Regular.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def render_png(chart: LineChart, scale: int = 2) -> bytes:
    from PIL import Image, ImageDraw

    ticks, _y_min, _y_max, total_height, x, y = _geometry(chart)
    image = Image.new("RGB", (WIDTH * scale, total_height * scale), "white")
    draw = ImageDraw.Draw(image)
    font = _font(15 * scale)

    def pt(x_: float, y_: float) -> tuple[float, float]:
        return (x_ * scale, y_ * scale)

    def s(*points: float) -> list[float]:
        return [p * scale for p in points]

    def dashed(x1: float, y1: float, x2: float, y2: float, colour: str, width: float, pattern: str) -> None:
        if not pattern:
            draw.line(s(x1, y1, x2, y2), fill=colour, width=int(width * scale))
            return
        lengths = [float(n) for n in pattern.split()]
        total = math.hypot(x2 - x1, y2 - y1)
        if total == 0:
            return
        dx, dy = (x2 - x1) / total, (y2 - y1) / total
        pos, i, on = 0.0, 0, True
        while pos < total:
            length = min(lengths[i % len(lengths)], total - pos)
            if on:
                draw.line(
                    s(x1 + dx * pos, y1 + dy * pos, x1 + dx * (pos + length), y1 + dy * (pos + length)),
                    fill=colour,
                    width=int(width * scale),
                )
            pos += length
            i += 1
            on = not on

    def marker(shape: str, cx: float, cy: float, colour: str) -> None:
        if shape == "square":
            draw.rectangle(s(cx - 4, cy - 4, cx + 4, cy + 4), fill=colour)
        elif shape == "triangle":
            draw.polygon(s(cx, cy - 5, cx - 5, cy + 4, cx + 5, cy + 4), fill=colour)
        elif shape == "diamond":
            draw.polygon(s(cx, cy - 5, cx + 5, cy, cx, cy + 5, cx - 5, cy), fill=colour)
        else:
            draw.ellipse(s(cx - 4.5, cy - 4.5, cx + 4.5, cy + 4.5), fill=colour)

    for tick in ticks:
        ty = y(tick)
        draw.line(s(LEFT, ty, WIDTH - RIGHT, ty), fill="#d5d9de", width=scale)
        draw.text(pt(LEFT - 8, ty), _format(tick, 1 if tick % 1 else 0), fill="#1b1b1f", font=font, anchor="rm")
    if chart.unit:
        draw.text(pt(8, TOP - 6), chart.unit, fill="#1b1b1f", font=font, anchor="ls")
    base = HEIGHT - BOTTOM
    draw.line(s(LEFT, base, WIDTH - RIGHT, base), fill="#4a4d55", width=int(1.5 * scale))
    step = max(1, math.ceil(len(chart.labels) / 8))
    for i, label in enumerate(chart.labels):
        if i % step == 0 or i == len(chart.labels) - 1:
            draw.text(pt(x(i), base + 16), label, fill="#1b1b1f", font=font, anchor="mm")
    if chart.target is not None:
        ty = y(chart.target)
        dashed(LEFT, ty, WIDTH - RIGHT, ty, "#1e6b34", 2, "3 3")
    for index, series in enumerate(chart.series):
        colour, dash, shape = COLOURS[index % 10], DASHES[index % 10], MARKERS[index % 10]
        previous: tuple[float, float] | None = None
        for i, value in enumerate(series.values):
            if value is None:
                previous = None
                continue
            point = (x(i), y(value))
            if previous is not None:
                dashed(previous[0], previous[1], point[0], point[1], colour, 2.5, dash)
            previous = point
        for i, value in enumerate(series.values):
            if value is not None:
                marker(shape, x(i), y(value), colour)
    legend_y = HEIGHT + 4
    for index, series in enumerate(chart.series):
        colour, dash, shape = COLOURS[index % 10], DASHES[index % 10], MARKERS[index % 10]
        ly = legend_y + 22 * index
        dashed(LEFT, ly, LEFT + 36, ly, colour, 2.5, dash)
        marker(shape, LEFT + 18, ly, colour)
        draw.text(pt(LEFT + 46, ly), series.name, fill="#1b1b1f", font=font, anchor="lm")
    if chart.target is not None:
        ly = legend_y + 22 * len(chart.series)
        dashed(LEFT, ly, LEFT + 36, ly, "#1e6b34", 2, "3 3")
        draw.text(pt(LEFT + 46, ly), chart.target_label, fill="#1b1b1f", font=font, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
