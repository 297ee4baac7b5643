"""Tests for the sentiment timeline: smoothed points, quarters, means and the customer's change."""

from __future__ import annotations

import json

from callcoach.core.metrics import CustomerChange
from callcoach.core.model import Segment, Speaker
from callcoach.core.timeline import sentiment_timeline


def seg(id: int, speaker: Speaker, start: float, end: float, sentiment: float | None) -> Segment:
    return Segment(id=id, speaker=speaker, start=start, end=end, text="...", sentiment=sentiment)


def test_points_carry_midpoint_raw_and_smoothed_values() -> None:
    segments = [
        seg(0, "customer", 0.0, 4.0, -0.8),
        seg(1, "agent", 4.0, 6.0, 0.5),
        seg(2, "customer", 6.0, 8.0, -0.4),
        seg(3, "customer", 8.0, 10.0, 0.6),
    ]
    timeline = sentiment_timeline(segments, 10.0).to_json()
    # EMA with alpha 0.5 per speaker: -0.8, then (-0.4 - 0.8) / 2, then (0.6 - 0.6) / 2.
    assert timeline["points"]["customer"] == [[2.0, -0.8, -0.8], [7.0, -0.4, -0.6], [9.0, 0.6, 0.0]]
    # The agent's smoothing does not see the customer's values.
    assert timeline["points"]["agent"] == [[5.0, 0.5, 0.5]]


def test_quarters_are_duration_weighted_by_midpoint() -> None:
    segments = [
        seg(0, "customer", 0.0, 2.0, -0.8),  # q1
        seg(1, "customer", 2.0, 8.0, 0.4),  # q1, three times as long
        seg(2, "customer", 20.0, 28.0, 0.2),  # q3
        seg(3, "customer", 32.0, 38.0, 0.6),  # q4
        seg(4, "customer", 39.0, 41.0, 1.0),  # midpoint 40.0 = the very end: still q4
    ]
    timeline = sentiment_timeline(segments, 40.0).to_json()
    q1 = (-0.8 * 2 + 0.4 * 6) / 8
    q4 = (0.6 * 6 + 1.0 * 2) / 8
    assert timeline["quarters"]["customer"] == [round(q1, 3), None, 0.2, round(q4, 3)]
    assert timeline["quarters"]["agent"] == [None, None, None, None]
    mean = (-0.8 * 2 + 0.4 * 6 + 0.2 * 8 + 0.6 * 6 + 1.0 * 2) / 24
    assert timeline["mean"]["customer"] == round(mean, 3)


def test_customer_change_compares_first_two_and_last_two_segments() -> None:
    segments = [
        seg(0, "customer", 0.0, 5.0, -0.9),
        seg(1, "agent", 5.0, 8.0, 0.3),
        seg(2, "customer", 8.0, 10.0, -0.5),
        seg(3, "customer", 10.0, 12.0, 0.0),  # in neither window
        seg(4, "customer", 12.0, 14.0, 0.4),
        seg(5, "customer", 14.0, 30.0, 0.8),
    ]
    change = sentiment_timeline(segments, 30.0).customer_change
    assert change == CustomerChange(-0.7, 0.6, 1.3)


def test_segments_without_sentiment_are_left_out() -> None:
    segments = [
        seg(0, "customer", 0.0, 10.0, None),
        seg(1, "customer", 10.0, 12.0, -0.5),
        seg(2, "agent", 12.0, 14.0, None),
    ]
    timeline = sentiment_timeline(segments, 20.0).to_json()
    assert timeline["mean"]["customer"] == -0.5  # not pulled towards zero by the unscored segment
    assert timeline["points"]["customer"] == [[11.0, -0.5, -0.5]]
    assert timeline["points"]["agent"] == []
    assert timeline["mean"]["agent"] is None


def test_empty_customer_gives_none_values() -> None:
    segments = [seg(0, "agent", 0.0, 4.0, 0.2), seg(1, "agent", 30.0, 40.0, 0.7)]
    timeline = sentiment_timeline(segments, 40.0).to_json()
    assert timeline["points"]["customer"] == []
    assert timeline["quarters"]["customer"] == [None, None, None, None]
    assert timeline["mean"]["customer"] is None
    assert timeline["customer_change"] == {"start": None, "end": None, "delta": None}
    assert timeline["quarters"]["agent"] == [0.2, None, None, 0.7]
    assert timeline["mean"]["agent"] == round((0.2 * 4 + 0.7 * 10) / 14, 3)
    json.dumps(timeline)  # JSON-ready: no tuples or custom types that json rejects


def test_single_customer_segment_has_no_change() -> None:
    change = sentiment_timeline([seg(0, "customer", 0.0, 3.0, -0.25)], 3.0).customer_change
    assert change == CustomerChange(-0.25, -0.25, 0.0)
