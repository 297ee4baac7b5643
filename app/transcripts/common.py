"""Pieces every importer shares: the parse result, text cleaning, and finding the line of each cue.

The subtitle libraries give cue objects without line numbers, so each importer records the line of every
timing line itself and matches the parsed cues back to those lines; then an error about a cue can say
where it is.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.core.vendor import VendorAnalytics

# WebVTT and SRT both break lines on CR, LF and CRLF; str.splitlines() would also break on U+2028 etc.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WHITESPACE = re.compile(r"\s+")
# Named and numeric character references; only with the ';' so that "AT&T" or "R&D" stay as written.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Markup tags (<v Agent>, </v>, <i>, <c.loud>, <font color=...>, <00:00:01.000>) but not "a < b" or "<3".
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|</>|<\d[\d:.]*>")
# SSA/ASS override codes some SRT editors leave in, such as {\an8} or {\i1}.
_ASS_CODE = re.compile(r"\{\\[^{}]*\}")


@dataclass
class Turn:
    """One utterance as the file gives it, with the speaker as the file names it.

    Roles are decided afterwards, for the whole file at once (transcripts.speakers): "spk_1" or "Ashlee Kupor"
    can only be called the agent by looking at every speaker, or by the user saying so.
    """

    label: str  # "Agent", "spk_0", "SPEAKER_01", "ch_1", "Ashlee Kupor (SL)": stripped, as written
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    channel: int | None = None  # channel-labelled files: 0 is the left channel, 1 the right


@dataclass
class Parsed:
    """What one importer read, before the loader assigns roles, sorts, numbers and checks the turns."""

    turns: list[Turn]
    unit: str  # what one turn is called in this format ("cue", "block", "segment"), for messages
    duration: float | None = None
    language: str | None = None
    model: str | None = None
    warnings: list[str] = field(default_factory=list)
    # What the transcription service computed itself (sentiment, categories...), kept beside CallCoach's own
    # analysis. Per-speaker figures are keyed by the file's labels; the loader re-keys them by role.
    vendor: VendorAnalytics | None = None


def split_lines(text: str) -> list[str]:
    """Split on the line terminators subtitle formats use, keeping line numbers as editors show them."""
    return _LINE_BREAK.split(text)


def collapse(text: str) -> str:
    """One line, single spaces: wrapped cue lines and stray tabs must not reach the analysis."""
    return _WHITESPACE.sub(" ", text).strip()


def unescape(text: str) -> str:
    """Decode character references such as &amp; and &lt; (WebVTT requires them for & and <)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def strip_markup(text: str) -> str:
    """Remove voice, style and timestamp tags and SSA codes, then decode character references."""
    return unescape(_TAG.sub("", _ASS_CODE.sub("", text)))


def language_subtag(code: str | None) -> str | None:
    """'en-US' -> 'en': the analysis and the JSON output use bare language codes, as Whisper does."""
    if not isinstance(code, str) or not code.strip():
        return None
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower() or None


@dataclass(frozen=True)
class TimingLine:
    """A timing line as found by the importer's own scan: where it is and what it says."""

    line: int
    start_ms: int
    end_ms: int


def match_timing_lines(
    path: str, timings: Sequence[TimingLine], parsed: Sequence[tuple[int, int]], unit: str
) -> list[int]:
    """Return the line of each parsed cue, given the cues' (start_ms, end_ms) in file order.

    The n-th parsed cue must carry the times of the n-th timing line. Where it does not, the library
    skipped or merged that cue: that is reported, since dropping it silently would lose part of the call.
    """
    for timing, (start_ms, end_ms) in zip(timings, parsed, strict=False):
        if (timing.start_ms, timing.end_ms) != (start_ms, end_ms):
            raise _unreadable(path, timing, unit)
    if len(timings) > len(parsed):
        raise _unreadable(path, timings[len(parsed)], unit)
    if len(parsed) > len(timings):  # cannot happen with our scan; keep going without line numbers
        return [t.line for t in timings] + [timings[-1].line if timings else 1] * (len(parsed) - len(timings))
    return [t.line for t in timings]


def _unreadable(path: str, timing: TimingLine, unit: str) -> InputError:
    return InputError(
        path,
        f"this {unit} could not be read",
        line=timing.line,
        hint=f"put an empty line before each {unit}, and its timing line first (after an optional id)",
    )


def is_number(value: object) -> bool:
    """A finite number; not True/False (bool is an int in Python), not NaN/Infinity (json accepts them)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


# A line that starts like a timing line but is not one ("00:00:04.000 -> 00:00:09.125"). The subtitle
# libraries would read it as text or drop its cue; we report it.
_TIMING_LIKE = re.compile(r"\s*\d+(?::\d+)+(?:[.,]\d*)?\s*(?:-+>|=+>|→|-+|–|—)\s*\d")


def looks_like_timing(line: str) -> bool:
    """Whether a line without "-->" was probably meant as a timing line."""
    return bool(_TIMING_LIKE.match(line))


def blocks(lines: Sequence[str], *, whitespace_separates: bool) -> list[tuple[int, list[str]]]:
    """Split lines into blocks at empty lines: (number of the block's first line, its lines).

    In WebVTT only a truly empty line ends a block; SRT readers also treat a line of spaces as empty.
    """
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip() if whitespace_separates else line:
            if not current:
                start = number
            current.append(line)
        elif current:
            found.append((start, current))
            current = []
    return found
