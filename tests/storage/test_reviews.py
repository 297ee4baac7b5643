"""Reviewer overrides, comments and agent acknowledgements: validated, saved as made, rebuilt for reports."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date
from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.core.review import reviewed_overall
from callcoach.services.processing import process_queue
from callcoach.storage import Library, open_library, repository, reviews
from callcoach.storage.tables import CallRow
from tests.storage.helpers import enqueue, review_many, review_score, write_call


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


def test_review_edits_need_a_write_transaction(library: Library, call_id: int) -> None:
    with library.read() as session, pytest.raises(RuntimeError, match="must run in a Library"):
        reviews.add_comment(session, session.get(CallRow, call_id), library.label, "hi", "maria", None)


def test_an_edit_waits_for_another_edit_of_the_call_and_builds_on_it(tmp_path: Path) -> None:
    edit_waits_for_edit(tmp_path, str(tmp_path / "library.sqlite"))


def edit_waits_for_edit(tmp_path: Path, db: str) -> None:
    """The first edit of a call holds its transaction open; a second edit (another connection) must wait for it,
    then find the review row it created and include its override in the overall (also run on PostgreSQL)."""
    first, second = open_library(db), open_library(db)
    (call_id,) = enqueue(first, write_call(tmp_path, 1))
    process_queue(first)
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first_edit() -> None:
        with first.write() as session:
            reviews.add_override(session, session.get(CallRow, call_id), first.label, "empathy", 100.0, "kind", "maria")
            holding.set()
            release.wait(timeout=30)

    def second_edit() -> None:
        try:
            outcome["overall"] = edit(second, call_id, reviews.add_override, "closing", 100.0, "clear", "li")
        except Exception as exc:  # shown by the assertion below
            outcome["error"] = exc

    a, b = threading.Thread(target=first_edit), threading.Thread(target=second_edit)
    a.start()
    try:
        assert holding.wait(timeout=30)
        b.start()
        b.join(timeout=0.5)
        assert b.is_alive(), f"the second edit did not wait for the first: {outcome}"
    finally:
        release.set()
        a.join(timeout=30)
        if b.ident is not None:
            b.join(timeout=30)
    with first.read() as session:
        call = session.get(CallRow, call_id)
        review = reviews.load_review(session, call_id)
        expected = reviewed_overall(reviews.stored_scores(call), review)
    first.close()
    second.close()
    assert outcome == {"overall": expected} and call.overall == expected
    assert [(o.criterion_id, o.reviewer) for o in review.overrides] == [("empathy", "maria"), ("closing", "li")]


EDITS = 20  # even: the last override of each criterion is 100
REVIEWERS = (("maria", "empathy"), ("li", "closing"))


def test_two_processes_reviewing_one_call_at_once_lose_no_edit(tmp_path: Path) -> None:
    two_reviewers_at_once(tmp_path, str(tmp_path / "library.sqlite"))


def two_reviewers_at_once(tmp_path: Path, db: str) -> None:
    """Two OS processes start together and each runs `callcoach review` EDITS times on the same call, overriding
    its own criterion and commenting each time (also run on PostgreSQL by test_postgresql.py). Every edit must be
    saved, each criterion's latest override must be its process's last, and the stored overall must include both."""
    library = open_library(db)
    (call_id,) = enqueue(library, write_call(tmp_path, 1))
    process_queue(library)
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(len(REVIEWERS))
    procs = [
        spawn.Process(target=review_many, args=(db, call_id, criterion, who, EDITS, barrier))
        for who, criterion in REVIEWERS
    ]
    try:
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
        assert [p.exitcode for p in procs] == [0] * len(procs)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    with library.read() as session:
        call = session.get(CallRow, call_id)
        review = reviews.load_review(session, call_id)
        scores = reviews.stored_scores(call)
    library.close()
    assert len(review.overrides) + len(review.comments) == 2 * len(REVIEWERS) * EDITS
    latest = review.latest_overrides()
    for who, criterion in REVIEWERS:
        mine = [(o.criterion_id, o.score, o.reason) for o in review.overrides if o.reviewer == who]
        assert mine == [(criterion, review_score(i), f"{who} pass {i}") for i in range(1, EDITS + 1)]
        assert [c.text for c in review.comments if c.author == who] == [f"{who} note {i}" for i in range(1, EDITS + 1)]
        assert (latest[criterion].reason, latest[criterion].score) == (f"{who} pass {EDITS}", review_score(EDITS))
    assert call.status == "reviewed"
    assert call.overall == reviewed_overall(scores, review) != scores.overall
    assert call.passed == (not scores.auto_failed and call.overall >= scores.pass_threshold)
    authors = [c.author for c in review.comments]
    assert len(set(authors[:EDITS])) == len(REVIEWERS), f"the processes did not overlap: {authors}"
