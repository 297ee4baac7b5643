"""Finding markers of the timeline: one shape per kind, the same as in the PDF chart, so both read alike."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

KIND_SHAPES = {
    "interruption": "triangle",
    "missing_empathy": "circle",
    "missing_paraphrase": "diamond",
    "negative_language": "square",
    "long_silence": "bar",
}


def marker_path(shape: str, x: float, y: float, x_end: float, s: float = 4.5) -> QPainterPath:
    """A marker path centred on (x, y); 'bar' spans to x_end (silences have a length worth seeing)."""
    path = QPainterPath()
    if shape == "triangle":
        path.moveTo(x - s, y + s * 0.85)
        path.lineTo(x + s, y + s * 0.85)
        path.lineTo(x, y - s)
        path.closeSubpath()
    elif shape == "circle":
        path.addEllipse(QPointF(x, y), s * 0.9, s * 0.9)
    elif shape == "diamond":
        path.moveTo(x, y - s)
        path.lineTo(x + s, y)
        path.lineTo(x, y + s)
        path.lineTo(x - s, y)
        path.closeSubpath()
    elif shape == "square":
        path.addRect(QRectF(x - s * 0.8, y - s * 0.8, s * 1.6, s * 1.6))
    elif shape == "bar":
        path.addRoundedRect(QRectF(x, y - s * 0.7, max(x_end - x, 3.0), s * 1.4), 2, 2)
    else:
        path.moveTo(x - s, y - s)
        path.lineTo(x + s, y + s)
        path.moveTo(x - s, y + s)
        path.lineTo(x + s, y - s)
    return path
