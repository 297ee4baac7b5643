"""The processing queue's state changes: claim a call, keep the claim alive, save the result or give it back.

A call is claimed by setting status 'transcribing' and ``claimed_by = "host:pid"`` in a committed transaction;
its result (segments, words, findings, analysis, rubric) is saved in ONE transaction that also sets 'analysed'.
So a process killed at any moment — even with SIGKILL — leaves every call either finished or unfinished with
nothing of it saved, and an unfinished claim is taken back when its process is dead (same host) or its heartbeat
(``claimed_at``) is older than ``stale_after`` (any host, e.g. a team's shared PostgreSQL library).
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, delete, select

from callcoach.core.errors import InputError
from callcoach.core.rubric import Rubric
from callcoach.storage.database import Library, get_or_create
from callcoach.storage.reviews import load_review, lock_call, refresh_overall, review_row
from callcoach.storage.tables import DONE_STATUSES, CallRow, FindingRow, RubricRow, SegmentRow, WordRow, utcnow

STALE_AFTER = timedelta(minutes=10)


class ClaimLost(Exception):
    """Another worker took the call over (this one looked dead); the result is discarded."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (a zombie counts as dead)."""
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    code = ctypes.c_ulong()
    kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    kernel32.CloseHandle(handle)
    return code.value == 259  # STILL_ACTIVE


def claim_abandoned(call: CallRow, now: datetime, stale_after: timedelta, me: str) -> bool:
    """Whether a 'transcribing' call's worker is gone: dead on this host, or silent for longer than stale_after."""
    if call.claimed_by is None or call.claimed_at is None or now - call.claimed_at > stale_after:
        return True
    host, _, pid = call.claimed_by.rpartition(":")
    if call.claimed_by == me or host != socket.gethostname() or not pid.isdigit():
        return False
    return not pid_alive(int(pid))


def requeue_abandoned(session: Session, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Put calls whose worker died back in the queue; returns their ids."""
    now, me = utcnow(), worker_id()
    back = []
    for call in session.exec(select(CallRow).where(CallRow.status == "transcribing")):
        if claim_abandoned(call, now, stale_after, me):
            call.status, call.claimed_by, call.claimed_at = "queued", None, None
            back.append(call.id)
    return back


def claim_next(
    library: Library, worker: str, stale_after: timedelta = STALE_AFTER, exclude: Collection[int] = ()
) -> CallRow | None:
    """Atomically take the oldest queued call (after recovering abandoned ones); None when the queue is empty.

    ``exclude``: calls this run must not take again (the user skipped them).
    """
    while True:
        with library.write() as session:
            requeue_abandoned(session, stale_after)
            session.flush()
            query = select(CallRow.id).where(CallRow.status == "queued")
            if exclude:
                query = query.where(col(CallRow.id).not_in(list(exclude)))
            query = query.order_by(CallRow.id).limit(1)
            call_id = session.exec(query.with_for_update(skip_locked=True)).first()
            if call_id is None:
                return None
            claimed = session.exec(
                update(CallRow)
                .where(col(CallRow.id) == call_id, col(CallRow.status) == "queued")
                .values(status="transcribing", claimed_by=worker, claimed_at=utcnow(), failure_reason=None)
            )
            if claimed.rowcount == 1:
                return session.get(CallRow, call_id, populate_existing=True)
        # another worker took it between our read and our update (PostgreSQL; SQLite's write lock prevents it)


def _owned(call_id: int, worker: str) -> Any:
    return (col(CallRow.id) == call_id) & (col(CallRow.status) == "transcribing") & (col(CallRow.claimed_by) == worker)


def heartbeat(library: Library, call_id: int, worker: str) -> None:
    with library.write() as session:
        session.exec(update(CallRow).where(_owned(call_id, worker)).values(claimed_at=utcnow()))


def release(library: Library, call_id: int, worker: str) -> None:
    """Give an unfinished call back to the queue (cancelled, interrupted)."""
    with library.write() as session:
        session.exec(
            update(CallRow).where(_owned(call_id, worker)).values(status="queued", claimed_by=None, claimed_at=None)
        )


def fail(library: Library, call_id: int, worker: str, reason: str) -> None:
    with library.write() as session:
        session.exec(
            update(CallRow)
            .where(_owned(call_id, worker))
            .values(status="failed", failure_reason=reason, claimed_by=None, claimed_at=None)
        )


def dequeue(session: Session, call_id: int) -> str:
    """Remove a queued, never processed call from the library (the user changed their mind); returns its file.

    Refuses (InputError) a call that is not waiting in the queue: one being transcribed, analysed or failed.
    """
    call = session.get(CallRow, call_id, with_for_update=True, populate_existing=True)
    if call is None:
        raise InputError(f"call {call_id}", "no such call in this library")
    if call.status != "queued" or call.analysis is not None or review_row(session, call_id) is not None:
        state = "being processed" if call.status == "transcribing" else call.status
        raise InputError(call.file_path, f"call {call_id} is {state}, not waiting in the queue")
    session.delete(call)
    return call.file_path


def requeue_failed(library: Library) -> int:
    """Queue every failed call again (after the user fixed the files); returns how many."""
    with library.write() as session:
        result = session.exec(update(CallRow).where(col(CallRow.status) == "failed").values(status="queued"))
        return result.rowcount


def requeue(library: Library, call_id: int) -> CallRow:
    """Queue one call again (to be processed afresh, e.g. with another model); its review, overrides and comments
    stay. A call being transcribed right now is refused: it is in another worker's hands."""
    with library.write() as session:
        call = session.get(CallRow, call_id)
        if call is None:
            raise InputError(library.label, f"no call with id {call_id} in this library", hint="see `callcoach list`")
        if call.status in ("queued", "transcribing"):
            raise InputError(library.label, f"call {call_id} is {call.status} already")
        call.status, call.claimed_by, call.claimed_at, call.failure_reason = "queued", None, None, None
        return call


@dataclass(frozen=True)
class RubricSnapshot:
    """The rubric file exactly as the scores of a run used it, identified by the SHA-256 of its bytes."""

    name: str
    version: str
    sha256: str
    toml: str

    @classmethod
    def of(cls, rubric: Rubric) -> RubricSnapshot:
        data = Path(rubric.source).read_bytes()
        return cls(rubric.name, rubric.version, hashlib.sha256(data).hexdigest(), data.decode("utf-8"))


def rubric_row(session: Session, rubric: RubricSnapshot) -> RubricRow:
    return get_or_create(
        session,
        select(RubricRow).where(RubricRow.sha256 == rubric.sha256),
        lambda: RubricRow(name=rubric.name, version=rubric.version, sha256=rubric.sha256, toml=rubric.toml),
    )


def save_analysis(
    library: Library,
    call_id: int,
    worker: str,
    doc: dict[str, Any],
    rubric: RubricSnapshot,
    channels: int | None,
    before_commit: Callable[[], None] | None = None,
) -> CallRow:
    """Save one call's analysis (the to_dict document) and mark it analysed, all in one transaction."""
    with library.write() as session:
        # locked like a review edit (reviews.lock_call): the overall it stores may include the call's overrides
        call = session.exec(select(CallRow).where(_owned(call_id, worker)).with_for_update()).first()
        if call is None:
            raise ClaimLost(call_id)
        _store_document(session, call, doc)
        scores = doc["scores"]
        call.rubric_id = rubric_row(session, rubric).id
        call.duration, call.language, call.model = doc["duration"], doc.get("language"), doc.get("model")
        call.channels, call.overall, call.passed = channels, scores["overall"], scores["passed"]
        attention = "; ".join(scores.get("attention", [])) or None
        call.status = "attention" if attention else "analysed"
        call.claimed_by, call.claimed_at, call.failure_reason = None, None, attention
        call.analysed_at = utcnow()
        if load_review(session, call_id) is not None:
            call.status = "reviewed"
            refresh_overall(session, call)
        session.flush()
        if before_commit is not None:
            before_commit()
        return call


def replace_analysis(session: Session, call: CallRow, doc: dict[str, Any]) -> float:
    """Store a new analysis of an analysed call (a reviewer corrected its transcript); returns the new overall.

    Replaces the segments, words, findings and the stored document; the overall and pass/fail are recomputed with
    the call's overrides. Its status, review (overrides, comments, acknowledgements) and times stay as they are.
    Runs in a Library.write transaction and locks the call like any review edit (reviews.lock_call).
    """
    call = lock_call(session, call)
    if call.status not in DONE_STATUSES:
        raise InputError(call.file_path, f"call {call.id} is {call.status}, not analysed yet")
    _store_document(session, call, doc)
    session.flush()
    return refresh_overall(session, call)


def _store_document(session: Session, call: CallRow, doc: dict[str, Any]) -> None:
    """Replace the call's segments, words, findings and stored document with those of ``doc`` (to_dict form)."""
    call_id = call.id
    assert call_id is not None
    session.exec(delete(SegmentRow).where(col(SegmentRow.call_id) == call_id))  # words go with them (cascade)
    session.exec(delete(FindingRow).where(col(FindingRow.call_id) == call_id))
    _insert_segments(session, call_id, doc["segments"])
    _insert_findings(session, call_id, doc["findings"])
    call.analysis = {**doc, "segments": [], "findings": []}  # kept in their tables; placeholders keep key order


def _insert_segments(session: Session, call_id: int, segments: list[dict[str, Any]]) -> None:
    if not segments:
        return
    rows = [
        {
            "call_id": call_id,
            "idx": s["id"],
            "speaker": s["speaker"],
            "start": s["start"],
            "end": s["end"],
            "text": s["text"],
            "sentiment": s.get("sentiment"),
            "tags": list(s.get("tags", [])),
            "tag_scores": s.get("tag_scores"),
            "restates": s.get("restates"),
        }
        for s in segments
    ]
    session.exec(insert(SegmentRow), params=rows)
    ids = dict(session.exec(select(SegmentRow.idx, SegmentRow.id).where(SegmentRow.call_id == call_id)).all())
    words = [
        {
            "segment_id": ids[s["id"]],
            "idx": i,
            "start": w["start"],
            "end": w["end"],
            "word": w["word"],
            "probability": w.get("probability", 1.0),
        }
        for s in segments
        for i, w in enumerate(s.get("words", []))
    ]
    if words:
        session.exec(insert(WordRow), params=words)


def _insert_findings(session: Session, call_id: int, findings: list[dict[str, Any]]) -> None:
    rows = [
        {
            "call_id": call_id,
            "idx": i,
            "kind": f["kind"],
            "speaker": f["speaker"],
            "start": f["start"],
            "end": f["end"],
            "segment_ids": list(f["segment_ids"]),
            "detail": f["detail"],
            "suggestion": f.get("suggestion"),
            "confidence": f.get("confidence"),
            "possible": bool(f.get("possible", False)),
        }
        for i, f in enumerate(findings)
    ]
    if rows:
        session.exec(insert(FindingRow), params=rows)
