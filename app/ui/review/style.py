"""Colours and small helpers shared by the review widgets, so transcript, timeline and PDF speak one language.

The colours are core.palette's, the PDF's too: a speaker or a finding kind has the same colour on screen as in
the coaching PDF.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor

from callcoach.core import palette
from callcoach.core.formatting import clock, finding_label, kind_label, tag_label
from callcoach.core.palette import (
    AGENT,
    AGENT_TINT,
    BAD,
    CUSTOMER,
    CUSTOMER_LINE,
    CUSTOMER_TINT,
    GOOD,
    INK,
    MUTED,
    NON_TALK,
    PANEL,
    RULE,
    SELECTION,
    WARN,
)

__all__ = [
    "BAD",
    "GOOD",
    "INK",
    "MUTED",
    "NON_TALK",
    "PANEL",
    "RULE",
    "SELECTION",
    "WARN",
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

_SPEAKER_TEXT = {"agent": QColor(AGENT), "customer": QColor(CUSTOMER)}
_SPEAKER_LINE = {"agent": QColor(AGENT), "customer": QColor(CUSTOMER_LINE)}
_SPEAKER_TINT = {"agent": QColor(AGENT_TINT), "customer": QColor(CUSTOMER_TINT)}


def speaker_colour(speaker: str, line: bool = False) -> QColor:
    """The speaker's text colour, or with `line` the (slightly brighter) colour of its sentiment curve."""
    return (_SPEAKER_LINE if line else _SPEAKER_TEXT).get(speaker, QColor(MUTED))


def speaker_tint(speaker: str) -> QColor:
    return _SPEAKER_TINT.get(speaker, QColor(PANEL))


def kind_colour(kind: str) -> QColor:
    return QColor(palette.kind_colour(kind))


def score_colour(value: float | None, threshold: float) -> tuple[str, str]:
    """(text, background) hex colours for a score (core.palette's bands)."""
    return palette.score_colours(value, threshold)


def speaker_label(speaker: str) -> str:
    return speaker.capitalize()


def local_time(moment: datetime) -> str:
    """'3 May 2024 14:05' in the computer's time zone (stored times are UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y %H:%M}"
