"""The call at a glance: both speakers' smoothed sentiment, non-talk periods, finding markers, the playhead.

Everything static is drawn once into a cached pixmap when the data or the size changes; a paint then blits
that pixmap and draws the playhead, so following playback on a 1-hour call costs next to nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from callcoach.core import palette
from callcoach.core.model import SPEAKERS, Analysis, Finding
from callcoach.ui.review.style import INK, MUTED, NON_TALK, RULE, clock, kind_colour, kind_label, speaker_colour
from callcoach.ui.review.timeline_markers import KIND_SHAPES, marker_path

LEFT, RIGHT, TOP, AXIS_H, LANE_H, PLOT_MIN_H = 118, 14, 22, 18, 15, 64
TICK_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


class TimelineWidget(QWidget):
    seek_requested = Signal(float)  # seconds

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setAccessibleName("Sentiment timeline")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._duration = 0.0
        self._points: dict[str, list[tuple[float, float]]] = {sp: [] for sp in SPEAKERS}
        self._non_talk: list[tuple[float, float]] = []
        self._findings: list[Finding] = []
        self._kinds: list[str] = []
        self._position = 0.0
        self._static: QPixmap | None = None
        self._hits: list[tuple[QRectF, Finding]] = []
        self.static_renders = 0  # how often the chart was drawn: tests check the playhead does not redraw it

    # --- data ------------------------------------------------------------------------------------------------
    def set_analysis(self, analysis: Analysis) -> None:
        """Take what the chart needs out of the analysis; the drawing happens at the next paint."""
        self._duration = max(analysis.transcript.length, 1.0)
        points = analysis.timeline.points
        self._points = {sp: [(p[0], p[2]) for p in points.get(sp, [])] for sp in SPEAKERS}
        talk = analysis.metrics.talk
        self._non_talk = list(talk.non_talk_periods) if talk is not None else []
        self._findings = list(analysis.findings)
        self._kinds = sorted({f.kind for f in self._findings}, key=lambda k: (k not in KIND_SHAPES, k))
        self._position = 0.0
        self.setFixedHeight(self.sizeHint().height())
        self._invalidate()

    def set_position(self, seconds: float) -> None:
        """Move the playhead, repainting only the strips it left and entered."""
        old_x = self.seconds_to_x(self._position)
        self._position = min(max(seconds, 0.0), self._duration)
        new_x = self.seconds_to_x(self._position)
        if abs(new_x - old_x) >= 0.5:
            for x in (old_x, new_x):
                self.update(QRect(int(x) - 6, 0, 13, self.height()))

    def position(self) -> float:
        return self._position

    # --- geometry --------------------------------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        lanes = len(self._kinds) * LANE_H
        return QRectF(LEFT, TOP, max(1.0, self.width() - LEFT - RIGHT), self.height() - TOP - AXIS_H - lanes - 6)

    def seconds_to_x(self, seconds: float, plot: QRectF | None = None) -> float:
        """`plot`: the plot_rect() when the caller maps many points (it is the same for all of them)."""
        plot = self.plot_rect() if plot is None else plot
        return plot.left() + plot.width() * (seconds / self._duration if self._duration else 0.0)

    def x_to_seconds(self, x: float) -> float:
        """The call time under a horizontal pixel position, clamped to the call."""
        plot = self.plot_rect()
        fraction = (x - plot.left()) / plot.width()
        return min(max(fraction, 0.0), 1.0) * self._duration

    def _y(self, value: float, plot: QRectF | None = None) -> float:
        plot = self.plot_rect() if plot is None else plot
        return plot.top() + (1.0 - (max(-1.0, min(1.0, value)) + 1.0) / 2.0) * plot.height()

    def sizeHint(self) -> QSize:
        return QSize(800, TOP + PLOT_MIN_H + 6 + len(self._kinds) * LANE_H + AXIS_H + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(LEFT + RIGHT + 200, self.sizeHint().height())

    # --- painting --------------------------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._static = None
        self.update()

    def resizeEvent(self, event) -> None:
        self._static = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._static is None or self._static.size() != self.size() * self.devicePixelRatioF():
            self._static = self._render_static()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._static)
        if self._duration > 1.0 or self._findings:
            plot = self.plot_rect()
            x = self.seconds_to_x(self._position)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(INK), 1.5))
            painter.drawLine(QPointF(x, plot.top() - 4), QPointF(x, self.height() - AXIS_H))
            head = QPainterPath(QPointF(x - 5, plot.top() - 9))
            head.lineTo(x + 5, plot.top() - 9)
            head.lineTo(x, plot.top() - 3)
            painter.fillPath(head, QColor(INK))
        painter.end()

    def _render_static(self) -> QPixmap:
        self.static_renders += 1
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self.palette().base().color())
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        plot = self.plot_rect()
        for start, end in self._non_talk:
            x0, x1 = self.seconds_to_x(start), self.seconds_to_x(end)
            painter.fillRect(QRectF(x0, plot.top(), max(1.0, x1 - x0), plot.height()), QColor(NON_TALK))
        painter.setPen(QPen(QColor(RULE), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), self._y(0)), QPointF(plot.right(), self._y(0)))
        painter.setPen(QPen(QColor(RULE), 1))
        painter.drawRect(plot)
        painter.setPen(QColor(MUTED))
        for value, label in ((1, "positive"), (0, "neutral"), (-1, "negative")):
            rect = QRectF(0, self._y(value) - 8, LEFT - 8, 16)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        for speaker in ("customer", "agent"):
            self._draw_curve(painter, speaker)
        self._hits = self._draw_lanes(painter, plot)
        self._draw_axis(painter, plot)
        self._draw_legend(painter, plot)
        painter.end()
        return pixmap

    def _draw_curve(self, painter: QPainter, speaker: str) -> None:
        points = self._points[speaker]
        if not points:
            return
        plot = self.plot_rect()  # once, not per point: a 1-hour call has ~1,000 points
        line = QPolygonF([QPointF(self.seconds_to_x(t, plot), self._y(v, plot)) for t, v in points])
        pen = QPen(speaker_colour(speaker, line=True), 2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(line)
        if len(points) == 1:
            painter.setBrush(speaker_colour(speaker, line=True))
            painter.drawEllipse(line[0], 3, 3)

    def _draw_lanes(self, painter: QPainter, plot: QRectF) -> list[tuple[QRectF, Finding]]:
        hits: list[tuple[QRectF, Finding]] = []
        top = plot.bottom() + 6
        lane_of = {kind: i for i, kind in enumerate(self._kinds)}
        for kind, i in lane_of.items():
            y = top + i * LANE_H + LANE_H / 2
            painter.setPen(QColor(MUTED))
            painter.drawText(
                QRectF(0, y - 8, LEFT - 8, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                kind_label(kind),
            )
            painter.setPen(QPen(QColor(palette.GRID), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        lanes: dict[str, QPainterPath] = {}  # one path per kind: a long call has hundreds of markers
        for f in self._findings:
            y = top + lane_of[f.kind] * LANE_H + LANE_H / 2
            x = self.seconds_to_x(f.start)
            shape = marker_path(KIND_SHAPES.get(f.kind, "cross"), x, y, self.seconds_to_x(f.end))
            lane = lanes.setdefault(f.kind, QPainterPath())
            lane.setFillRule(Qt.FillRule.WindingFill)  # overlapping markers add up, never cancel out
            lane.addPath(shape)
            hits.append((shape.boundingRect().adjusted(-3, -3, 3, 3), f))
        for kind, lane in lanes.items():
            colour = kind_colour(kind)
            painter.setPen(QPen(colour, 1.6) if KIND_SHAPES.get(kind) is None else Qt.PenStyle.NoPen)
            painter.setBrush(colour if kind in KIND_SHAPES else Qt.BrushStyle.NoBrush)
            painter.drawPath(lane)
        return hits

    def _draw_axis(self, painter: QPainter, plot: QRectF) -> None:
        metrics = QFontMetrics(painter.font())
        room = max(1, int(plot.width() // (metrics.horizontalAdvance("00:00:00") + 24)))
        step = next((s for s in TICK_STEPS if self._duration / s <= room), TICK_STEPS[-1])
        y = self.height() - AXIS_H
        painter.setPen(QColor(MUTED))
        t = 0.0
        while t <= self._duration + 0.01:
            x = self.seconds_to_x(t)
            painter.drawLine(QPointF(x, y - 3), QPointF(x, y))
            label = clock(t)
            w = metrics.horizontalAdvance(label)
            left = min(max(x - w / 2, plot.left()), plot.right() - w)
            painter.drawText(QRectF(left, y, w + 2, AXIS_H), int(Qt.AlignmentFlag.AlignVCenter), label)
            t += step

    def _draw_legend(self, painter: QPainter, plot: QRectF) -> None:
        metrics = QFontMetrics(painter.font())
        x, y = plot.left(), TOP / 2 - 1
        for label, colour in (("Agent", speaker_colour("agent", True)), ("Customer", speaker_colour("customer", True))):
            painter.setPen(QPen(colour, 2.5))
            painter.drawLine(QPointF(x, y), QPointF(x + 14, y))
            painter.setPen(QColor(INK))
            painter.drawText(QPointF(x + 19, y + metrics.ascent() / 2 - 1), label)
            x += 19 + metrics.horizontalAdvance(label) + 16
        if self._non_talk:
            painter.fillRect(QRectF(x, y - 5, 14, 10), QColor(NON_TALK))
            painter.setPen(QColor(INK))
            painter.drawText(QPointF(x + 19, y + metrics.ascent() / 2 - 1), "Non-talk (> 3 s)")
        painter.setPen(QColor(MUTED))
        painter.drawText(
            QRectF(plot.left(), 0, plot.width(), TOP - 2),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "sentiment, smoothed",
        )

    # --- interaction -----------------------------------------------------------------------------------------
    def finding_at(self, pos: QPointF) -> Finding | None:
        for rect, finding in self._hits:
            if rect.contains(pos):
                return finding
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        finding = self.finding_at(event.position())
        self.seek_requested.emit(finding.start if finding else self.x_to_seconds(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:  # scrub
            self.seek_requested.emit(self.x_to_seconds(event.position().x()))
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if self.finding_at(event.position()) else Qt.CursorShape.ArrowCursor
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = QPointF(event.pos())
            finding = self.finding_at(pos)
            if finding is not None:
                text = f"<b>{kind_label(finding.kind)}</b> at {clock(finding.start)}<br>{finding.detail}"
                if finding.suggestion:
                    text += f"<br><i>Try: {finding.suggestion}</i>"
            elif self.plot_rect().adjusted(0, 0, 0, len(self._kinds) * LANE_H).contains(pos):
                text = f"{clock(self.x_to_seconds(pos.x()))} — click to play from here"
            else:
                text = ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
