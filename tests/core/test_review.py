"""The reviewed overall: overrides applied; a call that needs attention counts only what a reviewer scored."""

from __future__ import annotations

from datetime import UTC, datetime

from callcoach.core.model import CriterionScore, Scores
from callcoach.core.review import Override, Review, reviewed_overall


def scores(attention: list[str] | None = None) -> Scores:
    criteria = [
        CriterionScore("empathy", "Empathy", 60, 0.0, [], ""),
        CriterionScore("closing", "Closing", 40, 100.0, [], ""),
    ]
    overall = None if attention else 40.0
    return Scores(overall, None if attention else False, 70.0, "t", "1", criteria, [], attention or [])


def review(**overrides: float) -> Review:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return Review(overrides=[Override(cid, score, "heard it", "Kim", at) for cid, score in overrides.items()])


def test_overrides_replace_the_automatic_scores() -> None:
    assert reviewed_overall(scores(), None) == 40
    assert reviewed_overall(scores(), review(empathy=100)) == 100


def test_a_call_that_needs_attention_has_no_overall_until_scored_by_hand() -> None:
    unscorable = scores(["no speech was found"])
    assert reviewed_overall(unscorable, None) is None
    assert reviewed_overall(unscorable, Review()) is None
    # only what the reviewer scored counts: the automatic 100 for closing is not trusted
    assert reviewed_overall(unscorable, review(empathy=50)) == 50
    assert unscorable.passes(reviewed_overall(unscorable, review(empathy=50))) is False
    assert unscorable.passes() is None
