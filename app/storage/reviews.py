"""A reviewer's and an agent's edits to a call, each saved in its own committed transaction as it is made.

Overrides, comments and acknowledgements are appended, never rewritten: the latest override of a criterion and
the latest acknowledgement count, and the history shows who changed what when.

Several people (processes, computers sharing a PostgreSQL library) may edit one call at the same moment. Every
edit runs in a Library.write transaction and first locks the call's row (``lock_call``), so the edits of one call
run one after the other: each sees all the edits committed before it, and the overall it stores from the
overrides includes every one of them. The first edit of a call creates its one ``reviews`` row, insert-or-get.
"""

from __future__ import annotations

from sqlmodel import Session, select

from callcoach.core.errors import InputError
from callcoach.core.model import Scores
from callcoach.core.review import Acknowledgement, AckStatus, Comment, Override, Review, reviewed_overall
from callcoach.core.serialize import from_dict
from callcoach.storage.database import get_or_create, in_write_transaction
from callcoach.storage.tables import (
    DONE_STATUSES,
    AcknowledgementRow,
    CallRow,
    CommentRow,
    OverrideRow,
    ReviewRow,
    local_time,
    utcnow,
)


def stored_scores(call: CallRow) -> Scores:
    """The automatic scores saved with the call's analysis."""
    assert call.analysis is not None
    return from_dict({**call.analysis, "segments": [], "findings": []}).scores


def review_row(session: Session, call_id: int) -> ReviewRow | None:
    return session.exec(select(ReviewRow).where(ReviewRow.call_id == call_id)).first()


def load_review(session: Session, call_id: int) -> Review | None:
    row = review_row(session, call_id)
    if row is None:
        return None
    overrides = session.exec(select(OverrideRow).where(OverrideRow.review_id == row.id).order_by(OverrideRow.id))
    comments = session.exec(select(CommentRow).where(CommentRow.review_id == row.id).order_by(CommentRow.id))
    ack = session.exec(
        select(AcknowledgementRow).where(AcknowledgementRow.review_id == row.id).order_by(AcknowledgementRow.id.desc())  # type: ignore[union-attr]
    ).first()
    return Review(
        reviewer=row.reviewer,
        overrides=[Override(o.criterion_id, o.score, o.reason, o.reviewer, local_time(o.at)) for o in overrides],
        comments=[Comment(c.text, c.author, local_time(c.at), c.call_time) for c in comments],
        acknowledgement=Acknowledgement(ack.status, ack.comment, ack.agent, local_time(ack.at)) if ack else None,  # type: ignore[arg-type]
    )


def lock_call(session: Session, call: CallRow) -> CallRow:
    """Lock the call's row until the transaction ends, and reload it as committed: an edit reads what it builds on
    only after every earlier edit of the call has committed, and no other edit starts before this one ends.

    PostgreSQL: ``SELECT ... FOR UPDATE``. SQLite has no row locks (the clause is left out): there Library.write
    began the transaction with ``BEGIN IMMEDIATE``, so it has held the whole database's write lock since its
    first read — which is why review edits must run in Library.write.
    """
    if not in_write_transaction(session):
        raise RuntimeError("review edits must run in a Library.write() transaction")
    session.flush()  # this transaction's own changes so far are kept by the reload
    locked = session.get(CallRow, call.id, with_for_update=True, populate_existing=True)
    assert locked is not None, f"call {call.id} was deleted"
    return locked


def _require_analysed(call: CallRow, label: str) -> None:
    if call.status not in DONE_STATUSES:
        raise InputError(label, f"call {call.id} is {call.status}, not analysed yet", hint="run `callcoach process`")


def _open_review(session: Session, call: CallRow, label: str, reviewer: str | None) -> ReviewRow:
    """The call's review row (created on first edit); a reviewer's edit also makes the call 'reviewed'.

    The call is locked, so no other edit can be creating the row; insert-or-get still keeps the unique index from
    failing an edit should a process that does not lock (an older CallCoach) create it at the same moment.
    """
    _require_analysed(call, label)
    call_id = call.id
    assert call_id is not None
    query = select(ReviewRow).where(ReviewRow.call_id == call_id)
    row = get_or_create(session, query, lambda: ReviewRow(call_id=call_id, reviewer=reviewer))
    row.updated_at = utcnow()
    if reviewer is not None:
        row.reviewer = reviewer
        if call.status != "attention":  # a call that needs attention is reviewed once a reviewer scores it
            call.status = "reviewed"
    return row


def add_override(
    session: Session, call: CallRow, label: str, criterion_id: str, score: float, reason: str, reviewer: str
) -> float:
    """Override one criterion's score; returns the call's new overall score."""
    call = lock_call(session, call)
    _require_analysed(call, label)
    criteria = {c.id: c.name for c in stored_scores(call).criteria}
    if criterion_id not in criteria:
        raise InputError(
            label,
            f"call {call.id} has no criterion {criterion_id!r}",
            hint=f"valid criteria: {', '.join(criteria)}",
        )
    if not 0 <= score <= 100:
        raise InputError(label, f"score {score:g} for {criterion_id!r} is out of range", hint="use 0 to 100")
    if not reason.strip():
        raise InputError(label, "an override needs a reason", hint="add --reason TEXT")
    row = _open_review(session, call, label, reviewer)
    session.add(
        OverrideRow(review_id=row.id, criterion_id=criterion_id, score=score, reason=reason.strip(), reviewer=reviewer)
    )
    session.flush()
    return refresh_overall(session, call)


def add_comment(session: Session, call: CallRow, label: str, text: str, author: str, call_time: float | None) -> None:
    call = lock_call(session, call)
    if not text.strip():
        raise InputError(label, "the comment is empty")
    if call_time is not None and (call_time < 0 or (call.duration is not None and call_time > call.duration + 1)):
        length = f" (the call is {call.duration:.0f} s long)" if call.duration is not None else ""
        raise InputError(label, f"--at {call_time:g} is outside the call{length}")
    row = _open_review(session, call, label, author)
    session.add(CommentRow(review_id=row.id, text=text.strip(), author=author, call_time=call_time))


def add_acknowledgement(
    session: Session, call: CallRow, label: str, status: AckStatus, comment: str, agent: str
) -> None:
    """The agent acknowledges or disputes the review; this does not change the scores or the call's status."""
    call = lock_call(session, call)
    if status == "disputed" and not comment.strip():
        raise InputError(label, "a dispute needs a comment saying what is wrong", hint="add --comment TEXT")
    row = _open_review(session, call, label, None)
    session.add(AcknowledgementRow(review_id=row.id, status=status, comment=comment.strip(), agent=agent))


def refresh_overall(session: Session, call: CallRow) -> float | None:
    """Store the overall score and pass/fail with the overrides applied, so listing needs no recomputation.

    The caller holds the call's lock (lock_call), so the overrides read here are all there are until it commits.
    """
    assert call.id is not None
    scores = stored_scores(call)
    overall = reviewed_overall(scores, load_review(session, call.id))
    call.overall = overall
    call.passed = scores.passes(overall)
    if scores.attention:  # scored by hand, or (every override withdrawn) back to needing attention
        call.status = "reviewed" if overall is not None else "attention"
    return overall
