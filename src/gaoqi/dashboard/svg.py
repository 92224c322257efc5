"""Simple server-side SVG charts for the PDF reports (ECharts cannot run inside WeasyPrint).

Bars (grouped, one colour per series) and lines over category labels, with a value axis of round
ticks; text is drawn as SVG text, so Chinese labels stay extractable from the PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 48
PALETTE = ("#206bc4", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8")


@dataclass(frozen=True)
class Series:
    """One series: its name and one value per category (``None`` when unknown)."""

    name: str
    values: Sequence[float | None]


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round axis ticks from 0 up to at least ``maximum``.

    >>> nice_ticks(87)
    [0, 25, 50, 75, 100]
    >>> nice_ticks(0)
    [0, 1]
    """
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(maximum / step)
    return [round(step * i, 10) if step * i % 1 else int(step * i) for i in range(steps + 1)]


def _label(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"


def _frame(labels: Sequence[str], ticks: list[float], title: str) -> list[str]:
    """The axes, grid lines, tick labels, category labels and title."""
    plot_h, plot_w = HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    parts = [f'<text x="{LEFT}" y="16" font-size="12" font-weight="bold">{escape(title)}</text>']
    for tick in ticks:
        y = TOP + plot_h - plot_h * tick / ticks[-1]
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e6e7e9"/>')
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end">{_label(tick)}</text>'
        )
    slot = plot_w / max(len(labels), 1)
    for index, label in enumerate(labels):
        x, y = LEFT + slot * (index + 0.5), TOP + plot_h + 14
        parts.append(f'<text x="{x:.1f}" y="{y}" font-size="9" text-anchor="middle">{escape(label)}</text>')
    return parts


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], LEFT
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="8" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{HEIGHT - 7}" font-size="9">{escape(item.name)}</text>')
        x += 24 + 11 * len(item.name)
    return parts


def _svg(parts: list[str]) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" font-family="Noto Sans CJK SC">{body}</svg>'
    )


def _maximum(series: Sequence[Series]) -> float:
    return max((value for item in series for value in item.values if value is not None), default=0)


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Grouped bars, one group per label, with value labels on top of each bar."""
    ticks = nice_ticks(_maximum(series))
    parts = _frame(labels, ticks, title)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    bar = slot * 0.7 / max(len(series), 1)
    for s_index, item in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        for index, value in enumerate(item.values):
            if value is None:
                continue
            height = plot_h * value / ticks[-1]
            x = LEFT + slot * index + slot * 0.15 + bar * s_index
            y = TOP + plot_h - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{colour}"/>'
            )
            if len(labels) * len(series) <= 24:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y - 2:.1f}" font-size="8" '
                    f'text-anchor="middle">{_label(value)}</text>'
                )
    return _svg(parts + _legend(series))


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """One polyline with dots per series."""
    ticks = nice_ticks(_maximum(series))
    parts = _frame(labels, ticks, title)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for s_index, item in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        points = [
            (LEFT + slot * (index + 0.5), TOP + plot_h - plot_h * value / ticks[-1])
            for index, value in enumerate(item.values)
            if value is not None
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points)
    return _svg(parts + _legend(series))
