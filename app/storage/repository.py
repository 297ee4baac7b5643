"""Queries over calls: import, listing, and rebuilding a call's analysis and report records.

Short functions over a Session; the caller chooses the transaction (Library.read / Library.write), except
``import_file``, the one import of a file that `callcoach import` and the desktop import share. Times come out as
local, time-zone-aware datetimes and go in as naive UTC (see tables.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from callcoach.core.errors import InputError
from callcoach.core.model import Analysis, Finding, Segment, Word
from callcoach.core.review import CallInfo, CallRecord, reviewed_overall
from callcoach.core.serialize import finding_dict, from_dict
from callcoach.storage import call_date
from callcoach.storage.database import Library, get_or_create
from callcoach.storage.queue import STALE_AFTER, claim_abandoned, worker_id
from callcoach.storage.reviews import load_review, stored_scores
from callcoach.storage.tables import (
    DONE_STATUSES,
    AgentRow,
    CallRow,
    FindingRow,
    SegmentRow,
    WordRow,
    local_time,
    to_stored,
    utcnow,
)

HASH_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """The content hash that recognises a re-imported file, read in chunks so a long recording fits in memory."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return digest.hexdigest()


@dataclass(frozen=True)
class CallSummary:
    """One row of `callcoach list` and of the desktop library screen."""

    id: int
    agent: str | None
    file: str
    status: str
    duration: float | None
    overall: float | None
    recorded_at: datetime | None
    reason: str | None
    passed: bool | None = None
    imported_at: datetime | None = None
    kind: str = ""
    agent_said: str | None = None  # the name the agent gave in the call (a suggestion while no agent is set)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agent": self.agent,
            "file": self.file,
            "status": self.status,
            "duration": self.duration,
            "overall": self.overall,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "reason": self.reason,
            "agent_said": self.agent_said,
        }


def get_call(session: Session, call_id: int, label: str) -> CallRow:
    call = session.get(CallRow, call_id)
    if call is None:
        raise InputError(label, f"no call with id {call_id} in this library", hint="see `callcoach list`")
    return call


def find_agent(session: Session, name: str) -> AgentRow | None:
    return session.exec(select(AgentRow).where(AgentRow.name == name.strip())).first()


def agent_named(session: Session, name: str) -> AgentRow:
    """The agent with this name, created on first use."""
    name = name.strip()
    return get_or_create(session, select(AgentRow).where(AgentRow.name == name), lambda: AgentRow(name=name))


def agent_names(session: Session) -> list[str]:
    return list(session.exec(select(AgentRow.name).order_by(AgentRow.name)))


def add_call(
    session: Session, path: Path, content_hash: str, kind: str, agent: str | None, recorded_at: datetime | None
) -> CallRow:
    call = _new_call(session, path, content_hash, kind, agent, recorded_at)
    session.add(call)
    session.flush()
    return call


def _new_call(
    session: Session,
    path: Path,
    content_hash: str,
    kind: str,
    agent: str | None,
    recorded_at: datetime | None,
    speakers: dict[str, Any] | None = None,
) -> CallRow:
    return CallRow(
        file_path=str(path),
        content_hash=content_hash,
        kind=kind,
        agent_id=agent_named(session, agent).id if agent else None,
        recorded_at=to_stored(recorded_at) if recorded_at else None,
        speakers=speakers,
    )


@dataclass(frozen=True)
class Imported:
    call: CallRow
    added: bool  # False: a file with the same content was in the library already
    relinked: bool = False  # that call's file had gone: it now points at this one (the recording was moved)
    agent_set: bool = False  # a call already in the library had no agent: it now has the one given
    agent: str | None = None  # the agent of a call already in the library (another than the one given, or none)


def import_call(
    session: Session,
    path: Path,
    content_hash: str,
    kind: str,
    agent: str | None,
    recorded_at: datetime | None,
    speakers: dict[str, Any] | None = None,
) -> Imported:
    """Queue a file unless a file with the same content is already in the library.

    ``speakers``: who is who in the file, as the user said it (kept with the call for every processing run).
    """
    made: list[CallRow] = []

    def make() -> CallRow:
        made.append(_new_call(session, path, content_hash, kind, agent, recorded_at, speakers))
        return made[0]

    call = get_or_create(session, select(CallRow).where(CallRow.content_hash == content_hash), make)
    added = bool(made) and call is made[0]
    if added:
        return Imported(call, added)
    agent_set = False
    if agent and agent.strip() and call.agent_id is None:  # `import --agent` on a call imported without one
        call.agent_id, agent_set = agent_named(session, agent).id, True
    current = session.get(AgentRow, call.agent_id).name if call.agent_id is not None else None  # type: ignore[union-attr]
    relinked = call.file_path != str(path) and not Path(call.file_path).exists()
    if relinked:
        _relink(call, path)  # the same recording, moved: the call follows it
    return Imported(call, added, relinked=relinked, agent_set=agent_set, agent=current)


def _relink(call: CallRow, path: Path) -> None:
    call.file_path = str(path)
    if call.status == "failed":  # most likely "file not found": it can be processed now
        call.status, call.failure_reason = "queued", None


def set_content_hash(library: Library, call_id: int, digest: str) -> None:
    """A fixed file's new content (see services.processing); refused when another call already has it."""
    with library.write() as session:
        other = session.exec(select(CallRow.id).where(CallRow.content_hash == digest)).first()
        if other is not None and other != call_id:
            raise InputError(
                library.label,
                f"call {call_id}'s file now has the same content as call {other}",
                hint="it is in the library already as that call",
            )
        call = get_call(session, call_id, library.label)
        call.content_hash = digest


def relink(library: Library, call_id: int, path: Path) -> CallRow:
    """Point a call at its recording's new place; refuses a file whose content is not the call's."""
    digest = file_sha256(path)
    with library.write() as session:
        call = get_call(session, call_id, library.label)
        if digest != call.content_hash:
            raise InputError(
                path,
                f"this is not the file of call {call_id} (its content differs from what was imported)",
                hint="import it as a new call instead",
            )
        _relink(call, path.resolve())
        return call


def import_file(
    library: Library,
    path: Path,
    kind: str,
    agent: str | None,
    recorded_at: datetime | None = None,
    speakers: dict[str, Any] | None = None,
) -> Imported:
    """Queue one file in its own transaction (an interrupted import keeps what it did).

    Without `recorded_at` the date comes from the file (storage.call_date), so no import leaves a call undated.
    Hashing and reading the date happen before the transaction: the library is locked only for the insert.
    """
    digest = file_sha256(path)
    when = call_date.recorded_at(path, recorded_at)
    with library.write() as session:
        return import_call(session, path.resolve(), digest, kind, agent, when, speakers)


def set_speakers(library: Library, call_id: int, speakers: dict[str, Any] | None) -> None:
    """Keep who is who for a call already in the library (processing it again, a swap in the review screen)."""
    with library.write() as session:
        get_call(session, call_id, library.label).speakers = speakers


def list_calls(session: Session, agent: str | None = None, status: str | None = None) -> list[CallSummary]:
    query = select(CallRow, AgentRow.name).join(AgentRow, isouter=True).order_by(CallRow.id)
    if agent is not None:
        query = query.where(AgentRow.name == agent.strip())
    if status is not None:
        query = query.where(CallRow.status == status)
    return [_summary(call, name) for call, name in session.exec(query)]


def _summary(call: CallRow, agent: str | None) -> CallSummary:
    """A 'transcribing' call whose worker is gone (killed, or silent too long) reads as what it is: queued again."""
    assert call.id is not None
    status, reason = call.status, call.failure_reason
    if status == "transcribing" and claim_abandoned(call, utcnow(), STALE_AFTER, worker_id()):
        status = "queued"
        reason = f"the worker transcribing it ({call.claimed_by}) stopped; the next `callcoach process` takes it back"
    return CallSummary(
        call.id,
        agent,
        call.file_path,
        status,
        call.duration,
        call.overall,
        local_time(call.recorded_at),
        reason,
        call.passed,
        local_time(call.imported_at),
        call.kind,
        (call.analysis or {}).get("agent_said"),
    )


def call_summary(session: Session, call: CallRow) -> CallSummary:
    agent = session.get(AgentRow, call.agent_id) if call.agent_id else None
    return _summary(call, agent.name if agent else None)


def require_analysed(call: CallRow, label: str) -> None:
    if call.status not in DONE_STATUSES:
        why = f": {call.failure_reason}" if call.failure_reason else ""
        raise InputError(
            label,
            f"call {call.id} has no analysis yet (it is {call.status}{why})",
            hint="run `callcoach process` first" if call.status != "failed" else "fix the file and import it again",
        )


def load_document(session: Session, call: CallRow) -> dict[str, Any]:
    """The call's `callcoach.analysis/1` document, exactly as `callcoach analyze --json` printed it.

    Segments and words are read as plain rows, not ORM objects: a 1-hour recording has ~10,000 words, and building
    an object per word made opening it in the review screen take ~0.7 s instead of ~0.1 s.
    """
    assert call.analysis is not None
    doc = dict(call.analysis)
    segments = session.exec(_segments_query(call)).all()
    words = _words_by_segment(session, call)
    doc["segments"] = [
        _segment_doc(idx, speaker, start, end, text, sentiment, tags, words.get(row_id), scores, restates)
        for row_id, idx, speaker, start, end, text, sentiment, tags, scores, restates in segments
    ]
    doc["findings"] = [_finding_doc(f) for f in _findings(session, call)]
    return doc


def _segments_query(call: CallRow) -> Any:
    columns = (SegmentRow.id, SegmentRow.idx, SegmentRow.speaker, SegmentRow.start, SegmentRow.end, SegmentRow.text)
    return (
        select(*columns, SegmentRow.sentiment, SegmentRow.tags, SegmentRow.tag_scores, SegmentRow.restates)
        .where(SegmentRow.call_id == call.id)
        .order_by(SegmentRow.idx)
    )


def _words_query(call: CallRow) -> Any:
    return (
        select(WordRow.segment_id, WordRow.start, WordRow.end, WordRow.word, WordRow.probability)
        .join(SegmentRow, col(WordRow.segment_id) == col(SegmentRow.id))
        .where(SegmentRow.call_id == call.id)
        .order_by(WordRow.segment_id, WordRow.idx)
    )


def _words_by_segment(session: Session, call: CallRow) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for segment_id, start, end, word, probability in session.exec(_words_query(call)):
        out.setdefault(segment_id, []).append({"start": start, "end": end, "word": word, "probability": probability})
    return out


def _segment_doc(
    idx: int,
    speaker: str,
    start: float,
    end: float,
    text: str,
    sentiment: float | None,
    tags: list[str] | None,
    words: list[dict[str, Any]] | None,
    tag_scores: dict[str, float] | None = None,
    restates: int | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": idx,
        "speaker": speaker,
        "start": start,
        "end": end,
        "text": text,
        "sentiment": sentiment,
        "tags": list(tags or []),
    }
    if tag_scores:
        out["tag_scores"] = dict(tag_scores)
    if restates is not None:
        out["restates"] = restates
    if words:
        out["words"] = words
    return out


def _findings(session: Session, call: CallRow) -> Sequence[FindingRow]:
    return session.exec(select(FindingRow).where(FindingRow.call_id == call.id).order_by(FindingRow.idx)).all()


def _finding(f: FindingRow) -> Finding:
    return Finding(
        f.kind,  # type: ignore[arg-type]
        f.speaker,  # type: ignore[arg-type]
        f.start,
        f.end,
        list(f.segment_ids),
        f.detail,
        f.suggestion,
        f.confidence,
        bool(f.possible),
    )


def _finding_doc(f: FindingRow) -> dict[str, Any]:
    return finding_dict(_finding(f))


def load_analysis(session: Session, call: CallRow, label: str) -> Analysis:
    """The stored analysis, built straight from the rows (the review screen opens calls through this).

    Same result as from_dict(load_document(...)), without a dict per word in between: 10,000 of them on a
    1-hour recording.
    """
    require_analysed(call, label)
    assert call.analysis is not None
    doc = {**call.analysis, "segments": [], "findings": [_finding_doc(f) for f in _findings(session, call)]}
    analysis = from_dict(doc)
    words: dict[int, list[Word]] = {}
    for segment_id, start, end, word, probability in session.exec(_words_query(call)):
        words.setdefault(segment_id, []).append(Word(start, end, word, probability))
    analysis.transcript.segments = [
        Segment(
            idx,
            speaker,
            float(start),
            float(end),
            text,
            words.get(row_id, []),
            sentiment,
            list(tags or []),
            dict(scores or {}),
            restates,
        )
        for row_id, idx, speaker, start, end, text, sentiment, tags, scores, restates in session.exec(
            _segments_query(call)
        )
    ]
    return analysis


def call_info(session: Session, call: CallRow) -> CallInfo:
    agent = session.get(AgentRow, call.agent_id) if call.agent_id else None
    return CallInfo(
        title=Path(call.file_path).name,
        agent=agent.name if agent else None,
        recorded_at=local_time(call.recorded_at),
        call_id=call.id,
    )


def call_records(session: Session, agent: str, since: date | None = None) -> list[CallRecord]:
    """An agent's analysed calls for the trend report, oldest first, with reviewer overrides applied.

    A call without a recording date counts from its import date.
    """
    query = (
        select(CallRow)
        .join(AgentRow)
        .where(AgentRow.name == agent.strip(), col(CallRow.status).in_(DONE_STATUSES))
        .order_by(CallRow.id)
    )
    calls = list(session.exec(query))
    if since is not None:
        start = to_stored(datetime.combine(since, time.min))
        calls = [c for c in calls if (c.recorded_at or c.imported_at) >= start]
    calls.sort(key=lambda c: (c.recorded_at or c.imported_at, c.id or 0))
    return [_record(session, c) for c in calls]


def _record(session: Session, call: CallRow) -> CallRecord:
    assert call.id is not None
    scores = stored_scores(call)
    review = load_review(session, call.id)
    overrides = review.latest_overrides() if review else {}
    overall = reviewed_overall(scores, review)
    return CallRecord(
        call_id=call.id,
        title=Path(call.file_path).name,
        recorded_at=local_time(call.recorded_at or call.imported_at),
        overall=overall,
        passed=scores.passes(overall),
        criteria={c.id: overrides[c.id].score if c.id in overrides else c.score for c in scores.criteria},
        criterion_names={c.id: c.name for c in scores.criteria},
        findings=[_finding(f) for f in _findings(session, call)],
        attention=tuple(scores.attention) if overall is None else (),
    )


def delete_calls(library: Library, call_ids: list[int]) -> list[str]:
    """Remove calls with their analysis and review (never the recording files); returns their files.

    All or none, in one transaction; a call being transcribed right now is refused (its worker holds it).
    """
    with library.write() as session:
        calls = [get_call(session, call_id, library.label) for call_id in call_ids]
        busy = [c.id for c in calls if c.status == "transcribing"]
        if busy:
            raise InputError(
                library.label,
                f"call {busy[0]} is being transcribed right now",
                hint="stop the processing (or let it finish), then delete it",
            )
        files = [c.file_path for c in calls]
        session.exec(delete(CallRow).where(col(CallRow.id).in_(call_ids)))  # segments, words, reviews cascade
        return files


def assign_agent(library: Library, call_ids: list[int], agent: str | None) -> None:
    """Set (or, with None / an empty name, clear) the agent of these calls."""
    with library.write() as session:
        calls = [get_call(session, call_id, library.label) for call_id in call_ids]
        agent_id = agent_named(session, agent).id if agent and agent.strip() else None
        for call in calls:
            call.agent_id = agent_id
