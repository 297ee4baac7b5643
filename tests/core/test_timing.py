"""Tests for timing facts: interruptions, non-talk periods, long silences and talk metrics."""

from __future__ import annotations

import random

import pytest

from callcoach.core.model import Finding, Segment, Speaker, Word
from callcoach.core.timing import (
    LONG_SILENCE_SECONDS,
    MIN_INTERRUPTION_OVERLAP,
    SIMULTANEOUS_START,
    TURN_CHANGE_GRACE,
    find_interruptions,
    long_silence_findings,
    non_talk_periods,
    talk_metrics,
)

BACKCHANNELS = {"mm-hmm", "i see", "okay", "right", "yeah"}


def seg(
    id: int,
    speaker: Speaker,
    start: float,
    end: float,
    text: str = "some words here",
    words: list[tuple[float, float]] | None = None,
) -> Segment:
    word_list = [Word(s, e, f"w{i}") for i, (s, e) in enumerate(words or [])]
    return Segment(id=id, speaker=speaker, start=start, end=end, text=text, words=word_list)


def is_backchannel(segment: Segment) -> bool:
    return segment.text.lower().strip(" .!,") in BACKCHANNELS


def never(segment: Segment) -> bool:
    return False


# --- interruptions -------------------------------------------------------------------------------


def test_agent_talking_over_customer_is_an_interruption() -> None:
    segments = [
        seg(0, "customer", 0.0, 10.0, "I was charged twice and nobody has called me back since"),
        seg(1, "agent", 5.0, 8.0, "Well actually our records show"),
    ]
    [finding] = find_interruptions(segments, is_backchannel)
    assert finding.kind == "interruption"
    assert finding.speaker == "agent"
    assert finding.start == 5.0
    assert finding.end == pytest.approx(8.0)
    assert finding.segment_ids == [0, 1]
    assert finding.detail == "agent talked over the customer for 3.0 s"
    assert finding.suggestion is not None and "Let the customer finish" in finding.suggestion


def test_backchannel_overlap_is_not_an_interruption() -> None:
    segments = [
        seg(0, "customer", 0.0, 10.0, "So I called on Monday and they told me it was fixed"),
        seg(1, "agent", 3.0, 3.6, "Mm-hmm."),
    ]
    assert find_interruptions(segments, is_backchannel) == []
    # The same overlap counts once the predicate no longer excuses it: the predicate is what decides.
    assert len(find_interruptions(segments, never)) == 1


def test_starting_together_is_not_an_interruption() -> None:
    """A simultaneous "Hello?" / "Hello, this is Lee" (a Contact Lens call reported 5 of these as interruptions)."""
    segments = [
        seg(0, "customer", 0.0, 2.5, "Hello? Hello, is anyone there?"),
        seg(1, "agent", 0.3, 3.0, "Hello, this is Lee speaking"),
    ]
    assert find_interruptions(segments, is_backchannel) == []
    late = [segments[0], seg(1, "agent", 0.8, 3.0, "Hello, this is Lee speaking")]
    assert len(find_interruptions(late, is_backchannel)) == 1  # half a second in, it is cutting in


def test_talking_over_a_backchannel_is_not_an_interruption() -> None:
    segments = [
        seg(0, "agent", 0.0, 1.5, "Mm-hmm."),
        seg(1, "customer", 0.6, 6.0, "and then the engineer never turned up at all"),
    ]
    assert find_interruptions(segments, is_backchannel) == []
    assert len(find_interruptions(segments, never)) == 1


def test_overlap_at_the_very_end_is_a_turn_change() -> None:
    segments = [
        seg(0, "customer", 0.0, 5.0, "That is all I wanted to say"),
        seg(1, "agent", 4.85, 9.0, "Thank you, let me look into it"),
    ]
    assert find_interruptions(segments, never) == []


def test_turn_change_grace_holds_even_when_word_times_run_past_the_segment() -> None:
    # With segment times alone a start in the last 0.2 s can never reach 0.3 s of overlap; word times
    # that spill past the segment end can, and the grace rule still calls it a turn change.
    segments = [
        seg(0, "customer", 0.0, 5.0, words=[(0.0, 2.0), (2.0, 5.5)]),
        seg(1, "agent", 4.85, 9.0, words=[(4.85, 6.0), (6.0, 9.0)]),
    ]
    assert find_interruptions(segments, never) == []


def test_overlap_shorter_than_threshold_is_not_an_interruption() -> None:
    segments = [
        seg(0, "customer", 0.0, 10.0),
        seg(1, "agent", 4.0, 4.25, "So"),
    ]
    assert find_interruptions(segments, never) == []
    # Just above the threshold it is one.
    segments[1] = seg(1, "agent", 4.0, 4.35, "So")
    assert len(find_interruptions(segments, never)) == 1


def test_same_speaker_overlap_is_not_an_interruption() -> None:
    segments = [
        seg(0, "customer", 0.0, 10.0),
        seg(1, "customer", 5.0, 8.0),
    ]
    assert find_interruptions(segments, never) == []


def test_word_level_overlap_counts_only_time_both_are_sounding() -> None:
    # The segments share 4 s, but the customer pauses from 3 s to 6 s: the real overlap is 0.5 s.
    segments = [
        seg(0, "customer", 0.0, 10.0, words=[(0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (6.0, 6.5)]),
        seg(1, "agent", 4.0, 8.0, words=[(4.0, 5.0), (5.5, 7.5)]),
    ]
    [finding] = find_interruptions(segments, never)
    assert finding.end - finding.start == pytest.approx(0.5)
    assert finding.detail == "agent talked over the customer for 0.5 s"


def test_word_level_no_interruption_when_other_speaker_already_finished() -> None:
    # The customer's segment is padded to 10 s but their last word ended at 3 s.
    segments = [
        seg(0, "customer", 0.0, 10.0, words=[(0.0, 1.5), (1.5, 3.0)]),
        seg(1, "agent", 4.0, 8.0, words=[(4.0, 6.0), (6.0, 8.0)]),
    ]
    assert find_interruptions(segments, never) == []
    # Without words the padded segment would have produced a 4 s interruption.
    plain = [seg(0, "customer", 0.0, 10.0), seg(1, "agent", 4.0, 8.0)]
    assert len(find_interruptions(plain, never)) == 1


def test_reports_who_interrupted_whom_in_time_order() -> None:
    segments = [  # deliberately unsorted
        seg(3, "agent", 20.0, 24.0, "Sir, if you would just let me"),
        seg(0, "agent", 0.0, 10.0, "Our policy says refunds take ten business days"),
        seg(2, "customer", 15.0, 30.0, "I don't care about your policy, I want my money"),
        seg(1, "customer", 2.0, 6.0, "Ten days? That's ridiculous"),
    ]
    findings = find_interruptions(segments, never)
    assert [(f.speaker, f.segment_ids) for f in findings] == [("customer", [0, 1]), ("agent", [2, 3])]
    assert findings[0].detail == "customer talked over the agent for 4.0 s"
    assert findings[0].suggestion is not None and findings[0].suggestion.startswith("The customer cut in")
    assert findings[1].detail == "agent talked over the customer for 4.0 s"


# --- non-talk periods and long silences ---------------------------------------------------------


def test_non_talk_includes_leading_and_trailing_silence() -> None:
    segments = [seg(0, "agent", 4.0, 6.0), seg(1, "customer", 6.5, 8.0)]
    assert non_talk_periods(segments, 20.0) == [(0.0, 4.0), (8.0, 20.0)]


def test_non_talk_requires_strictly_more_than_three_seconds() -> None:
    exactly = [seg(0, "agent", 0.0, 2.0), seg(1, "customer", 5.0, 7.0)]
    assert non_talk_periods(exactly, 7.0) == []
    # 10.3 - 7.3 is 3.0000000000000004 in floating point: still exactly 3 s, so not non-talk.
    noisy = [seg(0, "agent", 0.0, 7.3), seg(1, "customer", 10.3, 12.0)]
    assert non_talk_periods(noisy, 12.0) == []
    longer = [seg(0, "agent", 0.0, 2.0), seg(1, "customer", 5.01, 7.0)]
    assert non_talk_periods(longer, 7.0) == [(2.0, 5.01)]


def test_non_talk_uses_words_and_union_of_speakers() -> None:
    segments = [
        seg(0, "agent", 0.0, 10.0, words=[(0.0, 1.0), (6.0, 7.0)]),  # a 5 s pause inside the segment
        seg(1, "customer", 6.5, 12.0),  # overlaps the agent: the union, not a sum
    ]
    assert non_talk_periods(segments, 12.0) == [(1.0, 6.0)]


def test_non_talk_without_segments_is_the_whole_call() -> None:
    assert non_talk_periods([], 5.0) == [(0.0, 5.0)]
    assert non_talk_periods([], 2.0) == []


def test_long_silence_findings_only_for_ten_seconds_or_more() -> None:
    segments = [
        seg(0, "customer", 0.0, 5.0),
        seg(1, "agent", 5.5, 8.0, "Let me check"),
        seg(2, "agent", 20.0, 24.0, "Thanks for holding"),
        seg(3, "customer", 29.0, 31.0),
    ]
    periods = non_talk_periods(segments, 31.0)
    assert periods == [(8.0, 20.0), (24.0, 29.0)]
    [finding] = long_silence_findings(periods, segments)
    assert finding.kind == "long_silence"
    assert finding.speaker == "agent"
    assert (finding.start, finding.end) == (8.0, 20.0)
    assert finding.segment_ids == [1, 2]
    assert finding.detail == "12 s of silence"
    assert finding.suggestion is not None and "thank them for holding" in finding.suggestion


def test_long_silence_at_exactly_the_threshold_and_at_the_start() -> None:
    segments = [seg(0, "agent", LONG_SILENCE_SECONDS, 12.0)]
    [finding] = long_silence_findings([(0.0, LONG_SILENCE_SECONDS)], segments)
    assert finding.segment_ids == [0]  # nothing before a leading silence
    assert finding.detail == "10 s of silence"


# --- talk metrics -------------------------------------------------------------------------------


def test_talk_ratio_words_per_minute_and_longest_monologue() -> None:
    segments = [
        seg(0, "agent", 0.0, 10.0, " ".join(["word"] * 20)),
        seg(1, "agent", 11.0, 20.0, " ".join(["word"] * 15)),  # 1 s gap: same monologue (0-20)
        seg(2, "customer", 20.0, 30.0, " ".join(["word"] * 10)),
        seg(3, "customer", 33.0, 40.0, " ".join(["word"] * 8)),  # 3 s gap: a new monologue
    ]
    metrics = talk_metrics(segments, 45.0, [])
    agent, customer = metrics.speakers["agent"], metrics.speakers["customer"]
    assert metrics.duration == 45.0
    assert agent.talk_time == 19.0
    assert customer.talk_time == 17.0
    assert agent.talk_ratio == round(19 / 36, 3)
    assert customer.talk_ratio == round(17 / 36, 3)
    assert agent.words == 35
    assert agent.words_per_minute == round(35 / (19 / 60), 2)
    assert customer.words_per_minute == round(18 / (17 / 60), 2)
    assert agent.longest_monologue == 20.0
    assert customer.longest_monologue == 10.0
    assert agent.interruptions_made == 0
    # Gaps of 1 s and exactly 3 s are not non-talk; the 5 s at the end is.
    assert metrics.non_talk_periods == [(40.0, 45.0)]
    assert metrics.non_talk_time == 5.0
    assert metrics.non_talk_ratio == round(5 / 45, 3)
    assert metrics.overlap_time == 0.0


def test_monologue_is_broken_by_the_other_speaker() -> None:
    segments = [
        seg(0, "agent", 0.0, 5.0),
        seg(1, "customer", 5.5, 6.0),
        seg(2, "agent", 6.5, 12.0),
    ]
    assert talk_metrics(segments, 12.0, []).speakers["agent"].longest_monologue == 5.5


def test_interruptions_and_overlap_in_metrics() -> None:
    segments = [
        seg(0, "customer", 0.0, 10.0),
        seg(1, "agent", 8.0, 12.0),
    ]
    interruptions = find_interruptions(segments, never)
    metrics = talk_metrics(segments, 12.0, interruptions)
    assert metrics.speakers["agent"].interruptions_made == 1
    assert metrics.speakers["agent"].interruption_seconds == 2.0
    assert metrics.speakers["customer"].interruptions_made == 0
    assert metrics.speakers["customer"].interruption_seconds == 0.0
    assert metrics.overlap_time == 2.0
    # Talk time is a union per speaker, not a sum that double-counts the overlap.
    assert metrics.speakers["agent"].talk_time == 4.0


def test_word_count_prefers_words_over_text() -> None:
    segments = [seg(0, "agent", 0.0, 3.0, "one two three four five", words=[(0.0, 1.0), (1.0, 2.0)])]
    metrics = talk_metrics(segments, 3.0, [])
    assert metrics.speakers["agent"].words == 2
    assert metrics.speakers["agent"].talk_time == 2.0  # measured from the words too


def test_metrics_with_a_silent_speaker() -> None:
    segments = [seg(0, "agent", 0.0, 6.0, "hello is anyone there")]
    interruptions = [
        Finding("interruption", "agent", 1.0, 1.5, [0], "x"),
        Finding("long_silence", "agent", 2.0, 14.0, [0], "y"),  # not an interruption: not counted
    ]
    metrics = talk_metrics(segments, 6.0, interruptions)
    customer = metrics.speakers["customer"]
    assert customer.talk_time == 0.0
    assert customer.talk_ratio == 0.0
    assert customer.words == 0
    assert customer.words_per_minute is None
    assert customer.longest_monologue == 0.0
    assert metrics.speakers["agent"].talk_ratio == 1.0
    assert metrics.speakers["agent"].interruptions_made == 1
    assert metrics.speakers["agent"].interruption_seconds == 0.5


def test_interruptions_on_a_long_busy_call_match_the_plain_definition() -> None:
    # find_interruptions only looks back at segments still talking; checking every earlier segment, as the
    # docstring defines it, must give the same findings on a dense call with many overlaps
    rng = random.Random(7)
    segments, t = [], 0.0
    for i in range(400):
        t += rng.uniform(-1.5, 2.0) if i else 0.0
        t = max(t, 0.0)
        length = rng.uniform(0.3, 6.0)
        segments.append(seg(i, rng.choice(["agent", "customer"]), round(t, 2), round(t + length, 2)))
    plain = []
    ordered = sorted(segments, key=lambda s: (s.start, s.end, s.id))
    for i, b in enumerate(ordered):
        for a in ordered[:i]:
            talking = a.start < b.start < a.end - TURN_CHANGE_GRACE and b.start - a.start >= SIMULTANEOUS_START
            if a.speaker != b.speaker and talking and min(a.end, b.end) - b.start >= MIN_INTERRUPTION_OVERLAP - 1e-9:
                plain.append((b.start, a.id, b.id))
                break
    found = find_interruptions(segments, never)
    assert len(found) > 20
    assert sorted((f.start, *f.segment_ids) for f in found) == sorted(plain)


def test_redaction_placeholders_are_not_words() -> None:
    segments = [
        seg(0, "agent", 0.0, 4.0, "This is [PII] speaking, am I speaking to [PII]?"),
        seg(1, "customer", 4.5, 8.0, "Yes, *** here, my number is <redacted>."),
    ]
    metrics = talk_metrics(segments, 8.0, [])
    assert metrics.speakers["agent"].words == 7  # This is speaking am I speaking to
    assert metrics.speakers["customer"].words == 5  # Yes here my number is
