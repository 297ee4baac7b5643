"""Hand-written calls for tests: (speaker, start, end, text) turns become a Transcript."""

from __future__ import annotations

from callcoach.core.model import Segment, Transcript

Turn = tuple[str, float, float, str]


def make_call(turns: list[Turn], source: str = "test-call") -> Transcript:
    segments = [Segment(i, speaker, start, end, text) for i, (speaker, start, end, text) in enumerate(turns)]  # type: ignore[arg-type]
    return Transcript(source, segments)


# An SRT call whose speakers are diarization labels; the agent (spk_1) speaks second.
DIARIZED_SRT = """1
00:00:00,300 --> 00:00:03,000
spk_0: Hi, I'm calling about my bill, I was charged twice this month.

2
00:00:03,400 --> 00:00:08,000
spk_1: Thank you for calling. I'm sorry about that, let me check your account.

3
00:00:08,500 --> 00:00:12,000
spk_1: I can see the second payment, and I'll refund it today. Is there anything else?

4
00:00:12,400 --> 00:00:14,000
spk_0: No, that's all, thanks.
"""
