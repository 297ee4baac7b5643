"""How times, dates and labels read wherever a person sees them: the review screen, the PDFs, the exports, the CLI."""

from __future__ import annotations

from datetime import date, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

KIND_LABELS = {
    "interruption": "Interruption",
    "missing_empathy": "Missing empathy",
    "missing_paraphrase": "Missing paraphrase",
    "negative_language": "Negative language",
    "long_silence": "Long silence",
    "no_solution": "No solution offered",
    "no_closing_summary": "No closing summary",
    "missing_boundary": "Missing boundary",
    "agent_profanity": "Agent profanity",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


def finding_label(kind: str, possible: bool = False, confidence: float | None = None) -> str:
    """'Missing empathy', or 'Missing empathy (possible, 48%)' for one the detectors are unsure of."""
    label = kind_label(kind)
    if possible:
        label += f" (possible, {confidence:.0%})" if confidence is not None else " (possible)"
    return label


def tag_label(tag: str, confidence: float | None = None) -> str:
    """'empathy 93%': a learned tag with the detector's confidence; rule tags without one."""
    name = tag.replace("_", " ")
    return f"{name} {confidence:.0%}" if confidence is not None else name


def clock(seconds: float | None, missing: str = "–") -> str:
    """'4:05' or '1:02:03': how a reviewer finds the moment in the player."""
    if seconds is None:
        return missing
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def day(value: date | datetime | None) -> str:
    """'3 May 2024' without the locale: a PDF should not change with the machine's language settings."""
    if value is None:
        return "–"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def when(value: datetime | None) -> str:
    if value is None:
        return "–"
    return f"{day(value)}, {value:%H:%M}"


def score(value: float | None, missing: str = "n/a") -> str:
    """A score as every screen, PDF and command shows it: at most one decimal, none when whole (70, 61.5)."""
    return missing if value is None else f"{round(value, 1):g}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
