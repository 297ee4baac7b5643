"""The one palette of the review screen and the PDFs: a speaker, a finding kind or a score band has the same
colour on screen as on paper. Hex strings, so neither Qt nor reportlab is needed here (ui.review.style and
reporting.styles wrap them). Text colours keep at least 4.5:1 contrast on white.
"""

from __future__ import annotations

from callcoach.core.rubric import score_band

INK = "#111827"
MUTED = "#4B5563"  # 7.6:1 on white: timestamps and notes stay readable
RULE = "#D1D5DB"
PANEL = "#F3F4F6"
NON_TALK = "#E5E7EB"
SELECTION = "#DBEAFE"
GRID = "#EEF0F3"  # chart grid lines
STRIPE = "#F9FAFB"  # every other row of a list
DROP_BORDER = "#CBD5E1"  # the dashed outline of the empty library
LINK = "#1D4ED8"  # an analysed call, ready to open
BRAND = "#1E3A5F"

AGENT = "#2563EB"  # blue-600: 5.2:1 on white, for text and lines
AGENT_TINT = "#EFF6FF"
CUSTOMER = "#C2410C"  # orange-700 for text (5.2:1)
CUSTOMER_LINE = "#EA580C"  # the brighter orange-600 of the customer's sentiment curve and talk-time bar
CUSTOMER_TINT = "#FFF7ED"

GOOD, WARN, BAD = "#15803D", "#B45309", "#B91C1C"
GOOD_TINT, WARN_TINT, BAD_TINT = "#DCFCE7", "#FEF3C7", "#FEE2E2"
TRY_TINT = "#ECFDF5"  # the "try saying" box of a coaching moment
TRY_INK = "#065F46"
QUOTE_TINT = "#F8FAFC"

KIND_COLOURS = {
    "interruption": "#DC2626",
    "missing_empathy": "#7C3AED",
    "missing_paraphrase": "#0D9488",
    "negative_language": "#BE185D",
    "long_silence": "#4B5563",
}
OTHER_KIND = "#92400E"

# Lines of the agent report's trend chart, one per criterion.
SERIES = ("#2563EB", "#EA580C", "#15803D", "#7C3AED", "#DB2777", "#0D9488", "#CA8A04", "#4B5563", "#0EA5E9")


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_KIND)


def score_colours(value: float | None, threshold: float) -> tuple[str, str]:
    """(text, background) for a score: green at or above the pass mark, amber close below it, red under."""
    band = score_band(value, threshold)
    return {"good": (GOOD, GOOD_TINT), "warn": (WARN, WARN_TINT), "bad": (BAD, BAD_TINT)}.get(band, (MUTED, PANEL))
