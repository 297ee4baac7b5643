"""Colours and small helpers shared by the review widgets, so transcript, timeline and PDF speak one language.

The hex values are those of callcoach.reporting.styles (which is reportlab-bound): a speaker or a finding kind has
the same colour on screen as in the coaching PDF. Text colours keep at least 4.5:1 contrast on white.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor

from callcoach.core.formatting import clock, finding_label, kind_label, tag_label
from callcoach.core.rubric import score_band

__all__ = [
    "clock",
    "finding_label",
    "kind_colour",
    "kind_label",
    "local_time",
    "score_colour",
    "speaker_colour",
    "speaker_tint",
    "tag_label",
]

AGENT = "#2563EB"  # blue-600: 5.2:1 on white
CUSTOMER = "#C2410C"  # orange-700 for text (5.2:1); the sentiment line uses the brighter orange-600
CUSTOMER_LINE = "#EA580C"
INK = "#111827"
MUTED = "#4B5563"  # 7.6:1 on white: timestamps and notes stay readable
RULE = "#D1D5DB"
PANEL = "#F3F4F6"
NON_TALK = "#E5E7EB"
GOOD, WARN, BAD = "#15803D", "#B45309", "#B91C1C"
GOOD_TINT, WARN_TINT, BAD_TINT = "#DCFCE7", "#FEF3C7", "#FEE2E2"
SELECTION = "#DBEAFE"

KIND_COLOURS = {
    "interruption": "#DC2626",
    "missing_empathy": "#7C3AED",
    "missing_paraphrase": "#0D9488",
    "negative_language": "#BE185D",
    "long_silence": "#4B5563",
}
OTHER_KIND = "#92400E"

_SPEAKER_TEXT = {"agent": QColor(AGENT), "customer": QColor(CUSTOMER)}
_SPEAKER_LINE = {"agent": QColor(AGENT), "customer": QColor(CUSTOMER_LINE)}
_SPEAKER_TINT = {"agent": QColor("#EFF6FF"), "customer": QColor("#FFF7ED")}


def speaker_colour(speaker: str, line: bool = False) -> QColor:
    """The speaker's text colour, or with `line` the (slightly brighter) colour of its sentiment curve."""
    return (_SPEAKER_LINE if line else _SPEAKER_TEXT).get(speaker, QColor(MUTED))


def speaker_tint(speaker: str) -> QColor:
    return _SPEAKER_TINT.get(speaker, QColor(PANEL))


def kind_colour(kind: str) -> QColor:
    return QColor(KIND_COLOURS.get(kind, OTHER_KIND))


def score_colour(value: float | None, threshold: float) -> tuple[str, str]:
    """(text, background) for a score: green at or above the pass mark, amber close below, red under."""
    band = score_band(value, threshold)
    return {"good": (GOOD, GOOD_TINT), "warn": (WARN, WARN_TINT), "bad": (BAD, BAD_TINT)}.get(band, (MUTED, PANEL))


def speaker_label(speaker: str) -> str:
    return speaker.capitalize()


def local_time(moment: datetime) -> str:
    """'3 May 2024 14:05' in the computer's time zone (stored times are UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y %H:%M}"
