"""Timing facts from segment and word times: interruptions, non-talk time and talk metrics.

Word times (recordings) are preferred over segment times (transcripts) wherever both exist, because a
segment's span includes the pauses inside it, and with stereo recordings the words make overlap exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from callcoach.core.metrics import SpeakerTalk, Talk
from callcoach.core.model import SPEAKERS, Finding, Segment, Speaker
from callcoach.core.text import speakable

Interval = tuple[float, float]

# An overlap this close to the end of the other speaker's segment is an ordinary turn change.
TURN_CHANGE_GRACE = 0.2
# Overlap shorter than this is a false start or a breath, not talking over someone.
MIN_INTERRUPTION_OVERLAP = 0.3
# Two speakers who start within this of each other started together ("Hello?" / "Hello"): nobody cut in.
SIMULTANEOUS_START = 0.5
# Both silent for more than this is non-talk time, as the big contact-centre suites define it.
NON_TALK_MIN_GAP = 3.0
# Non-talk this long is dead air a reviewer should see as a finding; shorter is only a metric.
LONG_SILENCE_SECONDS = 10.0
# Same-speaker segments closer than this count as one monologue.
MONOLOGUE_MAX_GAP = 2.0
# Tolerance for float noise in boundary comparisons (e.g. 10.3 - 7.3 > 3.0).
_EPS = 1e-9

_INTERRUPTION_SUGGESTIONS: dict[Speaker, str] = {
    "agent": "Let the customer finish; use a short cue like 'I see' instead of talking over them.",
    "customer": "The customer cut in: pause, let them speak, then acknowledge what they said.",
}
_SILENCE_SUGGESTION = (
    "Tell the customer what you are doing before a pause ('I'm checking that now, it'll take a minute') "
    "and thank them for holding."
)


def speech_intervals(segment: Segment) -> list[Interval]:
    """The times a segment actually sounds: its words when known, else its whole span."""
    if segment.words:
        return [(w.start, w.end) for w in segment.words]
    return [(segment.start, segment.end)]


def _union(intervals: Iterable[Interval]) -> list[Interval]:
    """Merge overlapping or touching intervals so that no time is counted twice."""
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _total(intervals: Iterable[Interval]) -> float:
    return sum(max(0.0, e - s) for s, e in intervals)


def _intersection_length(a: list[Interval], b: list[Interval]) -> float:
    """Shared time of two sorted, disjoint interval lists (a linear merge: calls have thousands of turns)."""
    a, b = sorted(a), sorted(b)
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0.0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _ordered(segments: Iterable[Segment]) -> list[Segment]:
    return sorted(segments, key=lambda s: (s.start, s.end, s.id))


def _overlap(a: Segment, b: Segment) -> float | None:
    """Seconds B talks over A, or None when A was no longer speaking once B started.

    With words on both sides the overlap is the time both have words sounding, so pauses inside a
    segment do not count; otherwise it is the shared span of the segments.
    """
    if a.words and b.words:
        if not any(w.end > b.start for w in a.words):
            return None
        return _intersection_length(speech_intervals(a), speech_intervals(b))
    return min(a.end, b.end) - b.start


def find_interruptions(segments: list[Segment], is_backchannel: Callable[[Segment], bool]) -> list[Finding]:
    """Moments one speaker started mid-utterance of the other and kept talking over them.

    A segment B interrupts A (other speaker) when A.start < B.start < A.end - TURN_CHANGE_GRACE, the
    overlap lasts at least MIN_INTERRUPTION_OVERLAP and B is not a backchannel ("mm-hmm", "I see"),
    which shows listening rather than cutting in. Talking over a backchannel is no interruption either, nor is
    starting together (within SIMULTANEOUS_START). Each B yields at most one finding.
    """
    ordered = _ordered(segments)
    findings: list[Finding] = []
    open_: list[Segment] = []  # earlier segments, in start order, that may still be talking when b starts
    for b in ordered:
        # b.start only grows, so a segment that ended (minus the grace) before this b cannot be cut in on later
        open_ = [a for a in open_ if b.start < a.end - TURN_CHANGE_GRACE]
        candidates = list(open_)
        open_.append(b)
        if is_backchannel(b):
            continue
        for a in candidates:
            if a.speaker == b.speaker or not (a.start < b.start < a.end - TURN_CHANGE_GRACE):
                continue
            if b.start - a.start < SIMULTANEOUS_START or is_backchannel(a):
                continue
            overlap = _overlap(a, b)
            if overlap is None or overlap < MIN_INTERRUPTION_OVERLAP - _EPS:
                continue
            findings.append(
                Finding(
                    kind="interruption",
                    speaker=b.speaker,
                    start=b.start,
                    end=round(b.start + overlap, 3),
                    segment_ids=[a.id, b.id],
                    detail=f"{b.speaker} talked over the {a.speaker} for {overlap:.1f} s",
                    suggestion=_INTERRUPTION_SUGGESTIONS[b.speaker],
                )
            )
            break
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def non_talk_periods(segments: list[Segment], duration: float, min_gap: float = NON_TALK_MIN_GAP) -> list[Interval]:
    """Spans longer than min_gap (strictly) where nobody speaks, from 0 to the call's duration.

    Leading and trailing silence count: a customer left waiting before the agent speaks is dead air too.
    """
    speech = _union(iv for seg in segments for iv in speech_intervals(seg))
    periods: list[Interval] = []
    cursor = 0.0
    for start, end in [*speech, (duration, duration)]:
        if start - cursor > min_gap + _EPS:
            periods.append((cursor, start))
        cursor = max(cursor, end)
    return periods


def long_silence_findings(periods: list[Interval], segments: list[Segment]) -> list[Finding]:
    """Findings for non-talk periods of LONG_SILENCE_SECONDS or more, owned by the agent.

    The segments just before and after the silence are attached so the reviewer hears how the agent
    led into it and came back from it.
    """
    findings: list[Finding] = []
    for start, end in periods:
        length = end - start
        if length < LONG_SILENCE_SECONDS - _EPS:
            continue
        before: tuple[float, int] | None = None  # (speech end, segment id), latest wins
        after: tuple[float, int] | None = None  # (speech start, segment id), earliest wins
        for seg in segments:
            for iv_start, iv_end in speech_intervals(seg):
                if iv_end <= start + _EPS and (before is None or iv_end > before[0]):
                    before = (iv_end, seg.id)
                if iv_start >= end - _EPS and (after is None or iv_start < after[0]):
                    after = (iv_start, seg.id)
        ids: list[int] = []
        for found in (before, after):
            if found is not None and found[1] not in ids:
                ids.append(found[1])
        findings.append(
            Finding(
                kind="long_silence",
                speaker="agent",
                start=start,
                end=end,
                segment_ids=ids,
                detail=f"{length:.0f} s of silence",
                suggestion=_SILENCE_SUGGESTION,
            )
        )
    return findings


def _word_count(segment: Segment) -> int:
    """Words spoken: a redaction placeholder ("[PII]") in a transcript file is not a word."""
    if segment.words:
        return sum(1 for w in segment.words if any(c.isalnum() for c in speakable(w.word)))
    return sum(1 for token in speakable(segment.text).split() if any(c.isalnum() for c in token))


def _longest_monologue(ordered: list[Segment], speaker: Speaker) -> float:
    """Longest stretch of one speaker's consecutive segments with gaps under MONOLOGUE_MAX_GAP."""
    longest = 0.0
    run_start: float | None = None
    run_end = 0.0
    for seg in ordered:
        if seg.speaker != speaker:
            run_start = None
            continue
        if run_start is None or seg.start - run_end >= MONOLOGUE_MAX_GAP:
            run_start, run_end = seg.start, seg.end
        else:
            run_end = max(run_end, seg.end)
        longest = max(longest, run_end - run_start)
    return longest


def talk_metrics(segments: list[Segment], duration: float, interruptions: list[Finding]) -> Talk:
    """Talk time, ratio, pace, monologues, interruptions and non-talk time.

    Speech time comes from words where known (see speech_intervals), so it matches non-talk time.
    """
    ordered = _ordered(segments)
    unions = {sp: _union(iv for seg in ordered if seg.speaker == sp for iv in speech_intervals(seg)) for sp in SPEAKERS}
    talk = {sp: _total(unions[sp]) for sp in SPEAKERS}
    total_talk = sum(talk.values())

    speakers: dict[str, SpeakerTalk] = {}
    for sp in SPEAKERS:
        words = sum(_word_count(seg) for seg in ordered if seg.speaker == sp)
        made = [f for f in interruptions if f.kind == "interruption" and f.speaker == sp]
        speakers[sp] = SpeakerTalk(
            talk_time=round(talk[sp], 2),
            talk_ratio=round(talk[sp] / total_talk, 3) if total_talk > 0 else 0.0,
            words=words,
            words_per_minute=round(words / (talk[sp] / 60.0), 2) if talk[sp] > 0 else None,
            longest_monologue=round(_longest_monologue(ordered, sp), 2),
            interruptions_made=len(made),
            interruption_seconds=round(sum(f.end - f.start for f in made), 2),
        )

    periods = non_talk_periods(ordered, duration)
    non_talk = _total(periods)
    return Talk(
        duration=round(duration, 2),
        speakers=speakers,
        non_talk_time=round(non_talk, 2),
        non_talk_periods=[(round(s, 2), round(e, 2)) for s, e in periods],
        non_talk_ratio=round(non_talk / duration, 3) if duration > 0 else 0.0,
        overlap_time=round(_intersection_length(unions["agent"], unions["customer"]), 2),
    )
