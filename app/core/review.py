"""A reviewer's work on one call: score overrides with reasons, time-stamped comments, the agent's answer.

Plain data shared by storage (which persists it as it is typed), the PDF scorecard and the desktop app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from callcoach.core.model import Finding, Scores

AckStatus = Literal["acknowledged", "disputed"]


@dataclass(frozen=True)
class Override:
    criterion_id: str
    score: float
    reason: str
    reviewer: str
    at: datetime


@dataclass(frozen=True)
class Comment:
    text: str
    author: str
    at: datetime
    call_time: float | None = None  # seconds into the call the comment is about, if any


@dataclass(frozen=True)
class Acknowledgement:
    status: AckStatus
    comment: str
    agent: str
    at: datetime


@dataclass
class Review:
    reviewer: str | None = None
    overrides: list[Override] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    acknowledgement: Acknowledgement | None = None

    def latest_overrides(self) -> dict[str, Override]:
        """The last override made per criterion (an override can itself be revised).

        `overrides` is in the order the edits were made (storage keeps insertion order), which is trusted
        over the `at` times: on a shared library those come from the clocks of different computers.
        """
        latest: dict[str, Override] = {}
        for o in self.overrides:
            latest[o.criterion_id] = o
        return latest


@dataclass(frozen=True)
class CallInfo:
    """What a scorecard header says about the call besides the analysis."""

    title: str
    agent: str | None = None
    recorded_at: datetime | None = None
    call_id: int | None = None


def reviewed_overall(scores: Scores, review: Review | None) -> float | None:
    """The overall score with the reviewer's overrides applied (criteria weights as in the rubric).

    A call that needs attention has no automatic score to start from: only the criteria a reviewer scored by hand
    count, and with none the call has no overall (None).
    """
    overrides = review.latest_overrides() if review else {}
    if scores.attention and not overrides:
        return None
    total = weight = 0.0
    for c in scores.criteria:
        if scores.attention and c.id not in overrides:
            continue
        value = overrides[c.id].score if c.id in overrides else c.score
        if value is None:
            continue
        total += c.weight * value
        weight += c.weight
    if scores.auto_failed:
        return 0.0
    return round(total / weight) if weight else 100.0


@dataclass(frozen=True)
class CallRecord:
    """One analysed call as the agent report sees it (scores already include reviewer overrides)."""

    call_id: int
    title: str
    recorded_at: datetime | None
    overall: float | None  # None: the call needs attention and nobody has scored it by hand
    passed: bool | None
    criteria: dict[str, float | None]
    criterion_names: dict[str, str]
    findings: list[Finding]
    attention: tuple[str, ...] = ()  # why it has no score (left out of the report's figures)
