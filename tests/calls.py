"""Hand-written calls for tests: (speaker, start, end, text) turns become a Transcript."""

from __future__ import annotations

from callcoach.core.model import Segment, Transcript

Turn = tuple[str, float, float, str]


def make_call(turns: list[Turn], source: str = "test-call") -> Transcript:
    segments = [Segment(i, speaker, start, end, text) for i, (speaker, start, end, text) in enumerate(turns)]  # type: ignore[arg-type]
    return Transcript(source, segments)
