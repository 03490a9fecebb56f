"""Small charts drawn as SVG on the server (no script, so the Content-Security-Policy stays strict)."""
from __future__ import annotations

import math
from datetime import date
from collections.abc import Mapping
from html import escape

from markupsafe import Markup


def month_bars_svg(months: Mapping[str, int], width: int = 900, height: int = 120) -> Markup:
    """Events per month (YYYY-MM -> count), one bar per month from the first to the last."""
    if not months:
        return Markup("")
    first, last = min(months), max(months)
    y, mo = int(first[:4]), int(first[5:])
    axis = []
    while f"{y}-{mo:02d}" <= last and len(axis) < 600:
        axis.append(f"{y}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    top = max(months.values())
    w = width / len(axis)
    bars = []
    for i, m in enumerate(axis):
        n = months.get(m, 0)
        h = (height - 20) * n / top
        bars.append(f'<rect class="bar" x="{i * w:.1f}" y="{height - 20 - h:.1f}" width="{max(w - 1, 1):.1f}" '
                    f'height="{h:.1f}"><title>{m}: {n} event(s)</title></rect>')
    labels = [f'<text x="{i * w:.1f}" y="{height - 5}" font-size="10">{m}</text>'
              for i, m in enumerate(axis) if m.endswith("-01") or i == 0]
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="events per month">'
                  + "".join(bars) + "".join(labels) + "</svg>")


def figures_svg(points: list[dict], width: int = 480, height: int = 110) -> Markup:
    """A flow's figures over time: one mark per figure at the start of its period, a dot for a
    figure, a bar from low to high for a range, hollow when it is a bound ("up to", "at least")."""
    from ..calendar_days import first_day

    placed = []
    for p in points:
        try:
            day = first_day(p["period"].split("/")[0])
        except (ValueError, AttributeError):
            continue
        low = p["low"] if p["value"] is None else p["value"]
        high = p["high"] if p["value"] is None else p["value"]
        if low is None and high is None:
            continue
        placed.append((day.toordinal(), low if low is not None else high, high if high is not None else low, p))
    if not placed:
        return Markup("")
    x0, x1 = min(x for x, *_ in placed), max(x for x, *_ in placed)
    top = max(h for *_, h, _ in placed) or 1
    pad, span = 30, max(x1 - x0, 1)

    def xy(x: int, v: float) -> tuple[float, float]:
        return pad + (width - 2 * pad) * (x - x0) / span, height - 18 - (height - 30) * v / top

    marks = []
    for x, lo, hi, p in placed:
        tip = f"<title>{escape(p['period'])}: {escape(p['figure'])} ({escape(p['source'] or 'the article')})</title>"
        (cx, y_lo), (_, y_hi) = xy(x, lo), xy(x, hi)
        hollow = ' class="bound"' if p["bound"] in ("up_to", "less_than", "at_least", "more_than") else ""
        if hi != lo:
            marks.append(f'<line x1="{cx:.1f}" y1="{y_lo:.1f}" x2="{cx:.1f}" y2="{y_hi:.1f}"{hollow}>{tip}</line>')
        else:
            marks.append(f'<circle cx="{cx:.1f}" cy="{y_lo:.1f}" r="4"{hollow}>{tip}</circle>')
    first, last = date.fromordinal(x0).isoformat()[:7], date.fromordinal(x1).isoformat()[:7]
    labels = (f'<text x="{pad}" y="{height - 3}" font-size="10">{first}</text>'
              f'<text x="{width - pad}" y="{height - 3}" font-size="10" text-anchor="end">{last}</text>'
              f'<text x="2" y="12" font-size="10">{escape(_short(top))}</text>')
    return Markup(f'<svg class="figures" viewBox="0 0 {width} {height}" role="img" aria-label="figures over time">'
                  + "".join(marks) + labels + "</svg>")


def _short(x: float) -> str:
    from ..views import format_number

    return format_number(x)


def graph_svg(nodes: list[dict], edges: list[dict], size: int = 900) -> Markup:
    """The actor graph on a circle (stable between visits): edges as lines as wide as their weight,
    each node a link to its actor page."""
    if not nodes:
        return Markup("")
    n = len(nodes)
    r = size / 2 - 110
    pos = {nd["id"]: (size / 2 + r * math.cos(2 * math.pi * i / n), size / 2 + r * math.sin(2 * math.pi * i / n))
           for i, nd in enumerate(sorted(nodes, key=lambda x: -x["strength"]))}
    lines = []
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        lines.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                     f'stroke-width="{min(1 + e["weight"], 8)}"><title>{escape(e["type"])}: {e["weight"]} '
                     f'independent origin(s)</title></line>')
    dots = []
    for nd in nodes:
        x, y = pos[nd["id"]]
        label = escape(str(nd.get("label") or nd["id"]))
        dots.append(f'<a href="/actors/{escape(nd["id"])}"><circle cx="{x:.0f}" cy="{y:.0f}" '
                    f'r="{4 + min(nd["strength"], 30) / 3:.0f}"></circle>'
                    f'<text x="{x + 8:.0f}" y="{y + 4:.0f}" font-size="12">{label}</text></a>')
    return Markup(f'<svg class="graph" viewBox="0 0 {size} {size}" role="img" aria-label="actor graph">'
                  + "".join(lines) + "".join(dots) + "</svg>")
