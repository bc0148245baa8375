"""SVG charts drawn at build time: no script, no network, the page's own colours (light and dark).

A chart is a drawing of a data table that the page also prints; its ``<title>`` and ``<desc>``
give the text alternative. Every string is escaped here, since SVG is markup too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 16, 52


@dataclass(frozen=True)
class Category:
    label: str
    derived: bool = False


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # s1, s2, ... : the colour class (style.css)
    values: tuple[Decimal | None, ...]


def _attrs(attrs: dict) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items() if v is not None)


def _el(tag: str, body: str | None = None, **attrs) -> str:
    if body is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{body}</{tag}>"


def _num(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _scale(low: float, high: float) -> tuple[float, float, float]:
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _tick_text(value: float, step: float, suffix: str) -> str:
    places = 0 if step >= 1 else min(3, max(0, -math.floor(math.log10(step))))
    text = f"{value:,.{places}f}"
    return ("−" + text[1:] if text.startswith("-") else text) + suffix


def _frame(chart_id: str, title: str, desc: str, low: float, high: float, step: float, suffix: str,
           categories: list[Category], slot: float) -> tuple[list[str], callable]:
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    parts = [_el("title", escape(title), id=f"{chart_id}-title"), _el("desc", escape(desc), id=f"{chart_id}-desc")]
    ticks = []
    value = low
    while value <= high + step / 1000:
        ticks.append(value)
        value += step
    for tick in ticks:
        parts.append(_el("line", x1=_num(LEFT), x2=_num(WIDTH - RIGHT), y1=_num(y(tick)), y2=_num(y(tick)),
                         class_="grid zero" if abs(tick) < step / 1000 else "grid"))
        parts.append(_el("text", escape(_tick_text(tick, step, suffix)), x=_num(LEFT - 6), y=_num(y(tick) + 4),
                         class_="tick", text_anchor="end"))
    for index, category in enumerate(categories):
        x = LEFT + slot * (index + 0.5)
        label = category.label + (" *" if category.derived else "")
        parts.append(_el("text", escape(label), x=_num(x), y=_num(HEIGHT - BOTTOM + 18), class_="cat derived" if category.derived else "cat",
                         text_anchor="middle"))
    return parts, y


def _svg(chart_id: str, parts: list[str]) -> Markup:
    body = "".join(parts)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
                  f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">{body}</svg>')


def bars(chart_id: str, title: str, desc: str, categories: list[Category], series: list[Series], *,
         stacked: bool, suffix: str = "") -> Markup:
    """Bars per category: stacked (parts of a total) or side by side. Derived categories are drawn hatched-light."""
    values = [[float(s.values[i]) if s.values[i] is not None else None for s in series] for i in range(len(categories))]
    if stacked:
        highs = [sum(v for v in row if v is not None and v > 0) for row in values]
        lows = [sum(v for v in row if v is not None and v < 0) for row in values]
    else:
        highs = [max((v for v in row if v is not None), default=0) for row in values]
        lows = [min((v for v in row if v is not None), default=0) for row in values]
    low, high, step = _scale(min(lows, default=0), max(highs, default=1))
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    parts, y = _frame(chart_id, title, desc, low, high, step, suffix, categories, slot)
    width = slot * (0.6 if stacked else 0.8)
    for index, category in enumerate(categories):
        x0 = LEFT + slot * index + (slot - width) / 2
        up = down = 0.0
        for s_index, s in enumerate(series):
            v = values[index][s_index]
            if v is None:
                continue
            css = f"bar {s.css}" + (" derived" if category.derived else "")
            if stacked:
                base = up if v >= 0 else down
                top, bottom = (base + v, base) if v >= 0 else (base, base + v)
                if v >= 0:
                    up += v
                else:
                    down += v
                x, w = x0, width
            else:
                w = width / len(series)
                x = x0 + w * s_index
                top, bottom = (v, 0.0) if v >= 0 else (0.0, v)
            label = f"{s.name}, {category.label}{' (derived)' if category.derived else ''}: {_tick_text(v, 0.1 if abs(v) < 100 else 1, suffix)}"
            parts.append(_el("rect", _el("title", escape(label)), x=_num(x), y=_num(y(top)), width=_num(max(w - 1, 1)),
                             height=_num(max(y(bottom) - y(top), 0.5)), class_=css))
    return _svg(chart_id, parts)


def lines(chart_id: str, title: str, desc: str, categories: list[Category], series: list[Series], *,
          suffix: str = "") -> Markup:
    """One line per series; a point in a derived category is drawn hollow, and the segments to it dashed."""
    floats = [[float(v) if v is not None else None for v in s.values] for s in series]
    present = [v for row in floats for v in row if v is not None]
    low, high, step = _scale(min(present, default=0), max(present, default=1))
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    parts, y = _frame(chart_id, title, desc, low, high, step, suffix, categories, slot)
    for s, row in zip(series, floats):
        points = [(LEFT + slot * (i + 0.5), y(v), categories[i].derived) if v is not None else None for i, v in enumerate(row)]
        for a, b in zip(points, points[1:]):
            if a is None or b is None:
                continue
            css = f"line {s.css}" + (" derived" if a[2] or b[2] else "")
            parts.append(_el("line", x1=_num(a[0]), y1=_num(a[1]), x2=_num(b[0]), y2=_num(b[1]), class_=css))
        for i, point in enumerate(points):
            if point is None:
                continue
            label = f"{s.name}, {categories[i].label}{' (derived)' if point[2] else ''}: {_tick_text(row[i], 0.1, suffix)}"
            parts.append(_el("circle", _el("title", escape(label)), cx=_num(point[0]), cy=_num(point[1]), r="4",
                             class_=f"dot {s.css}" + (" derived" if point[2] else "")))
    return _svg(chart_id, parts)
