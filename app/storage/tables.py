"""The library's tables as sqlmodel classes: the schema of the newest version (see migrations.py).

Times are time-zone aware: stored as UTC (sqlmodel's UTCDateTime), shown in local time via ``local_time``.
Segments and findings live in their own tables (searchable, and the truth a transcript correction edits); the
rest of the `callcoach.analysis/1` document (metrics, timeline, scores) is kept whole in ``calls.analysis``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from callcoach.core.status import DONE_STATUSES, STATUSES  # noqa: F401  (the statuses a call row holds)


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_time(stored: datetime | None) -> datetime | None:
    """A stored time in the computer's local time zone."""
    return None if stored is None else stored.astimezone()


def to_stored(moment: datetime) -> datetime:
    """A user's time (naive means local) in UTC, as the tables hold it."""
    return moment.astimezone(UTC)


class AgentRow(SQLModel, table=True):
    __tablename__ = "agents"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class RubricRow(SQLModel, table=True):
    """A rubric exactly as a call was scored with it: its TOML text, identified by its SHA-256."""

    __tablename__ = "rubrics"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    version: str
    sha256: str = Field(unique=True, max_length=64)
    toml: str
    created_at: datetime = Field(default_factory=utcnow)


class CallRow(SQLModel, table=True):
    __tablename__ = "calls"

    id: int | None = Field(default=None, primary_key=True)
    file_path: str
    content_hash: str = Field(unique=True, max_length=64)
    kind: str  # "recording" or "transcript"
    agent_id: int | None = Field(default=None, foreign_key="agents.id", ondelete="SET NULL", index=True)
    recorded_at: datetime | None = None
    imported_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="queued", index=True)
    failure_reason: str | None = None
    claimed_by: str | None = None  # "host:pid" of the process working on it
    claimed_at: datetime | None = None  # also its heartbeat: refreshed while it works
    duration: float | None = None
    language: str | None = None
    model: str | None = None
    overall: float | None = None  # with the reviewer's overrides applied
    passed: bool | None = None
    rubric_id: int | None = Field(default=None, foreign_key="rubrics.id", ondelete="RESTRICT", index=True)
    analysis: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    analysed_at: datetime | None = None
    channels: int | None = None  # since schema v2
    # since schema v4: who is who in the file as the user said it (transcripts.speakers.SpeakerOptions.to_json)
    speakers: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class SegmentRow(SQLModel, table=True):
    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("call_id", "idx", name="uq_segments_call_idx"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", ondelete="CASCADE")
    idx: int  # the segment id inside the call's analysis
    speaker: str
    start: float
    end: float
    text: str
    sentiment: float | None = None
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    tag_scores: dict[str, float] | None = Field(default=None, sa_type=JSON)  # since schema v3
    restates: int | None = None  # since schema v3: the customer segment a paraphrase restates


class WordRow(SQLModel, table=True):
    __tablename__ = "words"

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segments.id", ondelete="CASCADE", index=True)
    idx: int
    start: float
    end: float
    word: str
    probability: float


class FindingRow(SQLModel, table=True):
    __tablename__ = "findings"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", ondelete="CASCADE", index=True)
    idx: int
    kind: str
    speaker: str
    start: float
    end: float
    segment_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    detail: str
    suggestion: str | None = None
    confidence: float | None = None  # since schema v3
    possible: bool | None = None  # since schema v3


class EmbeddingRow(SQLModel, table=True):
    """A sentence embedding by the SHA-256 of its text (since schema v3): re-analysing a corrected call re-encodes
    only the line that changed, also in the next session."""

    __tablename__ = "embeddings"

    text_sha256: str = Field(primary_key=True, max_length=64)
    vector: bytes = Field(sa_type=LargeBinary)  # the encoder's views: 3 × 384 float32, little-endian (schema v5)


class ReviewRow(SQLModel, table=True):
    """One per reviewed call; its overrides, comments and acknowledgements are kept as a history."""

    __tablename__ = "reviews"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", ondelete="CASCADE", unique=True)
    reviewer: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime | None = Field(default_factory=utcnow)  # since schema v2


class OverrideRow(SQLModel, table=True):
    __tablename__ = "overrides"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="reviews.id", ondelete="CASCADE", index=True)
    criterion_id: str
    score: float
    reason: str
    reviewer: str
    at: datetime = Field(default_factory=utcnow)


class CommentRow(SQLModel, table=True):
    __tablename__ = "comments"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="reviews.id", ondelete="CASCADE", index=True)
    text: str
    author: str
    at: datetime = Field(default_factory=utcnow)
    call_time: float | None = None


class AcknowledgementRow(SQLModel, table=True):
    """The agent's answer to a review (since schema v2); the latest one counts."""

    __tablename__ = "acknowledgements"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="reviews.id", ondelete="CASCADE", index=True)
    status: str  # "acknowledged" or "disputed"
    comment: str
    agent: str
    at: datetime = Field(default_factory=utcnow)
