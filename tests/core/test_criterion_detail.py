"""A criterion explained: the override's reason and the moments its score rests on, earliest first."""

from __future__ import annotations

from datetime import UTC, datetime

from callcoach.core.criterion_detail import QUOTE_CHARS, criterion_detail
from callcoach.core.model import CriterionScore, Segment
from callcoach.core.review import Override

SEGMENTS = [
    Segment(0, "agent", 0.0, 2.0, "Thanks for calling."),
    Segment(1, "customer", 2.5, 9.0, "My card was declined twice and I'm worried " + "really " * 30),
    Segment(2, "agent", 9.5, 12.0, "I'm sorry, that sounds stressful."),
]
EMPATHY = CriterionScore("empathy", "Empathy", 20, 50.0, [2, 1, 99], "1 of 2 distress moments acknowledged")


def test_the_moments_are_quoted_in_call_order_and_unknown_ids_skipped() -> None:
    detail = criterion_detail(EMPATHY, None, SEGMENTS)
    assert [(e.segment_id, e.start, e.speaker) for e in detail.evidence] == [(1, 2.5, "customer"), (2, 9.5, "agent")]
    assert len(detail.evidence[0].quote) == QUOTE_CHARS and detail.evidence[0].quote.endswith("…")
    assert (detail.auto, detail.score, detail.override) == (50.0, 50.0, None)


def test_an_override_gives_the_score_and_keeps_its_reason() -> None:
    override = Override("empathy", 80.0, "acknowledged at 0:09", "Lee", datetime(2026, 1, 1, tzinfo=UTC))
    detail = criterion_detail(EMPATHY, override, SEGMENTS)
    assert (detail.auto, detail.score, detail.override.reason) == (50.0, 80.0, "acknowledged at 0:09")
