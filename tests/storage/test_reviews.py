"""Reviewer overrides, comments and agent acknowledgements: validated, saved as made, rebuilt for reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.errors import InputError
from app.core.review import reviewed_overall
from app.storage import Library, open_library, repository, reviews
from app.storage.processing import process_queue
from app.storage.tables import CallRow
from tests.storage.helpers import write_call
from tests.storage.test_processing import enqueue


@pytest.fixture
def call_id(library: Library, tmp_path: Path) -> int:
    (call_id,) = enqueue(library, write_call(tmp_path, 1))
    process_queue(library)
    return call_id


def edit(library: Library, call_id: int, fn, *args) -> object:
    with library.write() as session:
        return fn(session, session.get(CallRow, call_id), library.label, *args)


def test_override_is_saved_applied_and_marks_the_call_reviewed(library: Library, call_id: int) -> None:
    overall = edit(library, call_id, reviews.add_override, "closing", 10.0, "no summary of next steps", "maria")
    # a second library connection (another process, or after a crash) sees the committed edit
    other = open_library(library.label)
    with other.read() as session:
        call = session.get(CallRow, call_id)
        review = reviews.load_review(session, call_id)
        assert call.status == "reviewed" and call.overall == overall
        assert overall == reviewed_overall(reviews.stored_scores(call), review) != reviews.stored_scores(call).overall
        assert [(o.criterion_id, o.score, o.reviewer) for o in review.overrides] == [("closing", 10.0, "maria")]
        assert review.reviewer == "maria"
    other.close()


def test_the_latest_override_of_a_criterion_counts(library: Library, call_id: int) -> None:
    edit(library, call_id, reviews.add_override, "closing", 10.0, "first look", "maria")
    edit(library, call_id, reviews.add_override, "closing", 90.0, "listened again", "maria")
    with library.read() as session:
        review = reviews.load_review(session, call_id)
    assert len(review.overrides) == 2 and review.latest_overrides()["closing"].score == 90.0


@pytest.mark.parametrize(
    ("criterion", "score", "reason", "message"),
    [
        ("warmth", 50.0, "x", "valid criteria: empathy, active_listening"),
        ("empathy", 101.0, "x", "out of range"),
        ("empathy", -1.0, "x", "out of range"),
        ("empathy", 50.0, "  ", "needs a reason"),
    ],
)
def test_invalid_overrides_are_refused_and_nothing_is_saved(
    library: Library, call_id: int, criterion: str, score: float, reason: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        edit(library, call_id, reviews.add_override, criterion, score, reason, "maria")
    with library.read() as session:
        assert reviews.load_review(session, call_id) is None
        assert session.get(CallRow, call_id).status == "analysed"


def test_comments_keep_their_moment_and_author(library: Library, call_id: int) -> None:
    edit(library, call_id, reviews.add_comment, "Good paraphrase here", "maria", 9.5)
    edit(library, call_id, reviews.add_comment, "Overall a calm call", "li", None)
    with pytest.raises(InputError, match="outside the call"):
        edit(library, call_id, reviews.add_comment, "too late", "li", 500.0)
    with library.read() as session:
        review = reviews.load_review(session, call_id)
    assert [(c.text, c.author, c.call_time) for c in review.comments] == [
        ("Good paraphrase here", "maria", 9.5),
        ("Overall a calm call", "li", None),
    ]


def test_agent_acknowledges_or_disputes_without_touching_scores(library: Library, call_id: int) -> None:
    with pytest.raises(InputError, match="needs a comment"):
        edit(library, call_id, reviews.add_acknowledgement, "disputed", "", "Lee")
    edit(library, call_id, reviews.add_acknowledgement, "disputed", "The customer hung up first", "Lee")
    edit(library, call_id, reviews.add_acknowledgement, "acknowledged", "", "Lee")
    with library.read() as session:
        call = session.get(CallRow, call_id)
        ack = reviews.load_review(session, call_id).acknowledgement
    assert (ack.status, ack.agent) == ("acknowledged", "Lee")
    assert call.status == "analysed"  # an agent's answer is not a review


def test_report_records_apply_overrides_and_filter_by_date(library: Library, call_id: int, tmp_path: Path) -> None:
    edit(library, call_id, reviews.add_override, "empathy", 0.0, "missed the worry", "maria")
    with library.read() as session:
        records = repository.call_records(session, "Lee")
        assert repository.call_records(session, "Lee", since=date(2999, 1, 1)) == []
        assert repository.call_records(session, "Nobody") == []
    (record,) = records
    assert record.call_id == call_id and record.criteria["empathy"] == 0.0
    assert record.criterion_names["empathy"] == "Empathy" and record.title == "call1.vtt"
    assert record.overall == repository_overall(library, call_id)
    assert record.recorded_at is not None  # no recording date: the import date stands in


def repository_overall(library: Library, call_id: int) -> float:
    with library.read() as session:
        return session.get(CallRow, call_id).overall


def test_reviewing_a_call_that_is_not_analysed_is_refused(library: Library, tmp_path: Path) -> None:
    (queued,) = enqueue(library, write_call(tmp_path, 9))
    with pytest.raises(InputError, match="is queued, not analysed yet"):
        edit(library, queued, reviews.add_comment, "hi", "maria", None)
    with pytest.raises(InputError, match="is queued, not analysed yet"):
        edit(library, queued, reviews.add_override, "empathy", 50.0, "x", "maria")
