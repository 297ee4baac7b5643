"""Vector charts for the PDFs (reportlab.graphics): the call's sentiment timeline and an agent's trend.

Drawn from plain shapes rather than reportlab's chart widgets: the layout (marker lanes under the plot,
non-talk bands through it, a wrapped legend) is specific, and plain shapes stay fast on a 1-hour call.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from callcoach.core import palette
from callcoach.core.formatting import clock, day, kind_label
from callcoach.core.model import SPEAKERS, Analysis
from callcoach.core.review import CallRecord
from callcoach.reporting.fonts import SANS, font_runs
from callcoach.reporting.styles import AGENT, CUSTOMER, INK, MUTED, RULE, SERIES, kind_style

NON_TALK = colors.HexColor(palette.NON_TALK)
GRID = colors.HexColor(palette.GRID)
LABEL_SIZE = 6.5
LEGEND_ROW = 11
LANE = 7


def _text(x: float, y: float, text: str, *, size: float = LABEL_SIZE, color=MUTED, anchor: str = "start") -> Group:
    """A label that may mix scripts: one String per font run, laid out by hand."""
    runs = font_runs(text, SANS)
    widths = [stringWidth(run, name, size) for name, run in runs]
    total = sum(widths)
    x -= {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    group = Group()
    for (name, run), w in zip(runs, widths, strict=True):
        group.add(String(x, y, run, fontName=name, fontSize=size, fillColor=color))
        x += w
    return group


def _text_width(text: str, size: float = LABEL_SIZE) -> float:
    return sum(stringWidth(run, name, size) for name, run in font_runs(text, SANS))


def marker(shape: str, x: float, y: float, color, size: float = 2.6, x_end: float | None = None):
    """A finding marker: the shape tells the kind apart even when printed in black and white."""
    s = size
    if shape == "triangle":
        return Polygon([x - s, y - s, x + s, y - s, x, y + s], fillColor=color, strokeColor=None)
    if shape == "circle":
        return Circle(x, y, s * 0.9, fillColor=color, strokeColor=None)
    if shape == "diamond":
        return Polygon([x, y - s, x + s, y, x, y + s, x - s, y], fillColor=color, strokeColor=None)
    if shape == "square":
        return Rect(x - s * 0.8, y - s * 0.8, s * 1.6, s * 1.6, fillColor=color, strokeColor=None)
    if shape == "bar":
        end = max(x_end if x_end is not None else x, x + s)
        return Rect(x, y - s * 0.6, end - x, s * 1.2, fillColor=color, strokeColor=None)
    group = Group()
    group.add(Line(x - s, y - s, x + s, y + s, strokeColor=color, strokeWidth=1.2))
    group.add(Line(x - s, y + s, x + s, y - s, strokeColor=color, strokeWidth=1.2))
    return group


def _legend(drawing: Drawing, items: list[tuple[object, str]], left: float, right: float) -> float:
    """Lay legend items (swatch factory, label) in rows from the bottom up; return the height used."""
    rows: list[list[tuple[object, str, float]]] = [[]]
    x = left
    for swatch, label in items:
        w = 14 + _text_width(label) + 12
        if rows[-1] and x + w > right:
            rows.append([])
            x = left
        rows[-1].append((swatch, label, x))
        x += w
    height = len(rows) * LEGEND_ROW
    for r, row in enumerate(rows):
        y = height - (r + 1) * LEGEND_ROW + 3
        for swatch, label, x0 in row:
            drawing.add(swatch(x0 + 5, y + 2.2))
            drawing.add(_text(x0 + 14, y, label))
    return height


def _nice_step(extent: float, width: float, steps: Sequence[float]) -> float:
    """A round tick step giving at most one label per 40 points."""
    most = max(1, int(width // 40))
    for step in steps:
        if extent / step <= most:
            return step
    return math.ceil(extent / most)


def _thin(points: list[tuple[float, float]], length: float, bins: int = 240) -> list[tuple[float, float]]:
    """On a long call, average the points into time bins so that the line stays readable."""
    if len(points) <= bins:
        return points
    sums: dict[int, list[float]] = {}
    for x, value in points:
        acc = sums.setdefault(min(int(x / length * bins), bins - 1), [0.0, 0.0, 0.0])
        acc[0] += x
        acc[1] += value
        acc[2] += 1
    return [(acc[0] / acc[2], acc[1] / acc[2]) for _, acc in sorted(sums.items())]


@dataclass
class _Track:
    """What the sentiment chart plots, on an x axis of seconds (or of segment order without timing)."""

    length: float
    timed: bool
    lines: dict[str, list[tuple[float, float]]]
    marks: list[tuple[str, float, float]]  # kind, from, to
    bands: list[tuple[float, float]]


def _track(analysis: Analysis) -> _Track:
    points = analysis.timeline.points
    talk = analysis.metrics.talk
    if analysis.transcript.has_timing:
        length = max(analysis.transcript.length, talk.duration if talk else 0.0, 1.0)
        lines = {sp: _thin([(p[0], p[2]) for p in points.get(sp) or []], length) for sp in SPEAKERS}
        marks = [(f.kind, f.start, f.end) for f in analysis.findings]
        bands = list(talk.non_talk_periods) if talk else []
        return _Track(length, True, lines, marks, bands)
    # Without timing, a segment's place in the call is its order: plot by segment number instead.
    segments = analysis.transcript.segments
    order = {s.id: i + 0.5 for i, s in enumerate(segments)}
    scored = sorted((s for s in segments if s.sentiment is not None), key=lambda s: (s.start, s.end, s.id))
    lines = {}
    for sp in SPEAKERS:
        mine = [s for s in scored if s.speaker == sp]
        lines[sp] = [(order[s.id], p[2]) for s, p in zip(mine, points.get(sp) or [], strict=False)]
    marks = []
    for f in analysis.findings:
        where = [order[i] for i in f.segment_ids if i in order]
        if where:
            marks.append((f.kind, min(where), max(where)))
    return _Track(max(len(segments), 1), False, lines, marks, [])


def sentiment_chart(analysis: Analysis, width: float, height: float = 175) -> Drawing:
    """Both speakers' smoothed sentiment over the call, finding markers by kind, non-talk periods shaded."""
    track = _track(analysis)
    kinds = list(dict.fromkeys(kind for kind, _, _ in track.marks))
    drawing = Drawing(width, height, initialFontName=SANS)
    left, right = 30.0, width - 8.0

    legend: list[tuple[object, str]] = [
        (lambda x, y: Line(x - 5, y, x + 5, y, strokeColor=AGENT, strokeWidth=1.6), "Agent"),
        (lambda x, y: Line(x - 5, y, x + 5, y, strokeColor=CUSTOMER, strokeWidth=1.6), "Customer"),
    ]
    if track.timed:
        legend.append(
            (lambda x, y: Rect(x - 5, y - 3, 10, 6, fillColor=NON_TALK, strokeColor=None), "Non-talk (> 3 s)")
        )
    for kind in kinds:
        color, shape = kind_style(kind)
        legend.append((lambda x, y, c=color, s=shape: marker(s, x, y, c, x_end=x + 4), kind_label(kind)))
    legend_h = _legend(drawing, legend, left, right)

    axis_y = legend_h + 14
    lanes_h = len(kinds) * LANE + (3 if kinds else 0)
    plot_y0 = axis_y + lanes_h
    plot_y1 = height - 4
    plot_h = plot_y1 - plot_y0
    span = right - left

    def x_of(t: float) -> float:
        return left + min(max(t / track.length, 0.0), 1.0) * span

    def y_of(v: float) -> float:
        return plot_y0 + (min(max(v, -1.0), 1.0) + 1.0) / 2.0 * plot_h

    for start, end in track.bands:
        x0, x1 = x_of(start), x_of(end)
        drawing.add(Rect(x0, axis_y, max(x1 - x0, 0.8), plot_y1 - axis_y, fillColor=NON_TALK, strokeColor=None))
    for v in (-1.0, -0.5, 0.5, 1.0):
        drawing.add(Line(left, y_of(v), right, y_of(v), strokeColor=GRID, strokeWidth=0.5))
    drawing.add(Line(left, y_of(0), right, y_of(0), strokeColor=RULE, strokeWidth=0.7, strokeDashArray=[2, 2]))
    for v, label in ((1.0, "+1"), (0.5, "+0.5"), (0.0, "0"), (-0.5, "−0.5"), (-1.0, "−1")):
        drawing.add(_text(left - 4, y_of(v) - 2.2, label, anchor="end"))
    drawing.add(_text(left + 3, plot_y1 - 8, "positive", size=6, color=RULE))
    drawing.add(_text(left + 3, plot_y0 + 3, "negative", size=6, color=RULE))

    for speaker, color in (("customer", CUSTOMER), ("agent", AGENT)):
        pts = track.lines.get(speaker) or []
        if len(pts) == 1:
            drawing.add(Circle(x_of(pts[0][0]), y_of(pts[0][1]), 1.8, fillColor=color, strokeColor=None))
        elif pts:
            flat = [c for t, v in pts for c in (x_of(t), y_of(v))]
            drawing.add(PolyLine(flat, strokeColor=color, strokeWidth=1.4, strokeLineJoin=1, strokeLineCap=1))

    for lane, kind in enumerate(kinds):
        color, shape = kind_style(kind)
        y = plot_y0 - 3 - lane * LANE - LANE / 2
        drawing.add(Line(left, y, right, y, strokeColor=GRID, strokeWidth=0.4))
        for k, start, end in track.marks:
            if k == kind:
                drawing.add(marker(shape, x_of(start), y, color, x_end=x_of(end)))

    drawing.add(Rect(left, axis_y, span, plot_y1 - axis_y, fillColor=None, strokeColor=RULE, strokeWidth=0.6))
    if track.timed:  # m:ss ticks, as in the player and the coaching moments
        unit = "m:ss"
        step = _nice_step(track.length, span, (15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200))
        label = clock
    else:
        unit = "segment"
        step = _nice_step(track.length, span, (1, 2, 5, 10, 20, 50, 100, 200, 500))
        label = "{:g}".format
    tick = 0.0
    while tick <= track.length + 1e-9:
        x = x_of(tick)
        drawing.add(Line(x, axis_y, x, axis_y - 2.5, strokeColor=MUTED, strokeWidth=0.5))
        if x < right - _text_width(unit) - 8:  # the unit's label sits at the right end
            drawing.add(_text(x, axis_y - 9, label(tick), anchor="middle"))
        tick += step
    drawing.add(_text(right, axis_y - 9 - 0.1, unit, anchor="end", color=INK))
    return drawing


def talk_bar(agent_ratio: float, customer_ratio: float, width: float, height: float = 16) -> Drawing:
    """Who held the floor: the agent's and the customer's share of the talk time as one split bar."""
    drawing = Drawing(width, height, initialFontName=SANS)
    total = agent_ratio + customer_ratio
    a = agent_ratio / total if total > 0 else 0.5
    drawing.add(Rect(0, 2, width * a, height - 4, fillColor=AGENT, strokeColor=None))
    drawing.add(Rect(width * a, 2, width * (1 - a), height - 4, fillColor=CUSTOMER, strokeColor=None))
    mid = height / 2 - 2.5
    if a > 0.12:
        drawing.add(_text(5, mid, f"Agent {agent_ratio:.0%}", size=7, color=colors.white))
    if a < 0.88:
        drawing.add(_text(width - 5, mid, f"Customer {customer_ratio:.0%}", size=7, color=colors.white, anchor="end"))
    return drawing


def trend_chart(records: Sequence[CallRecord], width: float, height: float = 200) -> Drawing:
    """Each criterion's score call by call (date order), with the overall score as a heavier line."""
    drawing = Drawing(width, height, initialFontName=SANS)
    left, right = 26.0, width - 8.0
    ids = list(dict.fromkeys(cid for r in records for cid in r.criteria))
    names = {cid: name for r in records for cid, name in r.criterion_names.items()}
    palette = {cid: SERIES[i % len(SERIES)] for i, cid in enumerate(ids)}

    legend: list[tuple[object, str]] = [
        (lambda x, y: Line(x - 5, y, x + 5, y, strokeColor=INK, strokeWidth=2.2), "Overall"),
    ]
    for cid in ids:
        legend.append(
            (lambda x, y, c=palette[cid]: Line(x - 5, y, x + 5, y, strokeColor=c, strokeWidth=1.3), names.get(cid, cid))
        )
    legend_h = _legend(drawing, legend, left, right)
    axis_y = legend_h + 16
    top = height - 4
    span = right - left
    n = len(records)

    def x_of(i: int) -> float:
        return left + span / 2 if n == 1 else left + 6 + i * (span - 12) / (n - 1)

    def y_of(v: float) -> float:
        return axis_y + min(max(v, 0.0), 100.0) / 100.0 * (top - axis_y)

    for v in (0, 25, 50, 75, 100):
        drawing.add(Line(left, y_of(v), right, y_of(v), strokeColor=GRID if v else RULE, strokeWidth=0.5))
        drawing.add(_text(left - 4, y_of(v) - 2.2, str(v), anchor="end"))

    def series(values: list[float | None], color, width_: float, dots: bool) -> None:
        run: list[float] = []
        for i, v in enumerate([*values, None]):
            if v is not None:
                run += [x_of(i), y_of(v)]
                if dots:
                    drawing.add(Circle(x_of(i), y_of(v), 1.7, fillColor=color, strokeColor=None))
                continue
            if len(run) >= 4:
                drawing.add(PolyLine(run, strokeColor=color, strokeWidth=width_, strokeLineJoin=1, strokeLineCap=1))
            run = []

    dots = n <= 40
    for cid in ids:
        series([r.criteria.get(cid) for r in records], palette[cid], 1.1, dots)
    series([r.overall for r in records], INK, 2.2, dots)

    most = max(1, int(span // 44))
    every = max(1, math.ceil(n / most))
    for i, r in enumerate(records):
        if i % every:
            continue
        drawing.add(Line(x_of(i), axis_y, x_of(i), axis_y - 2.5, strokeColor=MUTED, strokeWidth=0.5))
        label = day(r.recorded_at)[:-5] if r.recorded_at else f"#{r.call_id}"
        drawing.add(_text(x_of(i), axis_y - 10, label, anchor="middle"))
    return drawing
