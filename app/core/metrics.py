"""What is measured over a call, as typed values: talk time and pace (timed calls only), tag and finding counts,
and the sentiment timeline. Each converts to and from its part of the `callcoach.analysis/1` JSON document, whose
key order it keeps (stored libraries and exports stay byte-identical).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SPEAKER_KEYS = ("agent", "customer")


@dataclass(frozen=True)
class SpeakerTalk:
    talk_time: float
    talk_ratio: float
    words: int
    words_per_minute: float | None
    longest_monologue: float
    interruptions_made: int
    interruption_seconds: float


@dataclass(frozen=True)
class Talk:
    """Timing facts of a call with timestamps (a transcript without timing has none)."""

    duration: float
    speakers: dict[str, SpeakerTalk]
    non_talk_time: float
    non_talk_periods: list[tuple[float, float]]
    non_talk_ratio: float
    overlap_time: float

    def to_json(self) -> dict[str, Any]:
        return {
            "duration": self.duration,
            "speakers": {sp: asdict(t) for sp, t in self.speakers.items()},
            "non_talk_time": self.non_talk_time,
            "non_talk_periods": [[a, b] for a, b in self.non_talk_periods],
            "non_talk_ratio": self.non_talk_ratio,
            "overlap_time": self.overlap_time,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Talk | None:
        if "speakers" not in doc:
            return None
        return cls(
            duration=doc["duration"],
            speakers={sp: SpeakerTalk(**t) for sp, t in doc["speakers"].items()},
            non_talk_time=doc["non_talk_time"],
            non_talk_periods=[(a, b) for a, b in doc["non_talk_periods"]],
            non_talk_ratio=doc["non_talk_ratio"],
            overlap_time=doc["overlap_time"],
        )


@dataclass(frozen=True)
class CustomerChange:
    """The customer's mood at the start and the end of the call, and the difference (None without sentiment)."""

    start: float | None = None
    end: float | None = None
    delta: float | None = None


@dataclass(frozen=True)
class Timeline:
    """Per-speaker sentiment: [midpoint, raw, smoothed] points, call quarters, means, the customer's change."""

    points: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    quarters: dict[str, list[float | None]] = field(default_factory=dict)
    mean: dict[str, float | None] = field(default_factory=dict)
    customer_change: CustomerChange = field(default_factory=CustomerChange)

    def to_json(self) -> dict[str, Any]:
        return {
            "points": {sp: [list(p) for p in pts] for sp, pts in self.points.items()},
            "quarters": {sp: list(q) for sp, q in self.quarters.items()},
            "mean": dict(self.mean),
            "customer_change": asdict(self.customer_change),
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Timeline:
        change = doc.get("customer_change") or {}
        return cls(
            points={sp: [(p[0], p[1], p[2]) for p in pts] for sp, pts in (doc.get("points") or {}).items()},
            quarters={sp: list(q) for sp, q in (doc.get("quarters") or {}).items()},
            mean=dict(doc.get("mean") or {}),
            customer_change=CustomerChange(change.get("start"), change.get("end"), change.get("delta")),
        )


@dataclass(frozen=True)
class Metrics:
    talk: Talk | None  # None for a transcript without timing
    tags: dict[str, dict[str, int]] = field(default_factory=dict)  # speaker -> tag -> segments
    findings: dict[str, int] = field(default_factory=dict)  # finding kind -> count

    def to_json(self, timeline: Timeline) -> dict[str, Any]:
        """The JSON's "metrics", which repeats the timeline's summary under "sentiment"."""
        summary = timeline.to_json()
        return {
            **(self.talk.to_json() if self.talk is not None else {}),
            "tags": self.tags,
            "findings": self.findings,
            "sentiment": {k: summary[k] for k in ("mean", "quarters", "customer_change")},
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Metrics:
        return cls(Talk.from_json(doc), doc.get("tags") or {}, doc.get("findings") or {})

    def words_per_minute(self, speaker: str) -> float | None:
        talk = self.talk.speakers.get(speaker) if self.talk is not None else None
        return talk.words_per_minute if talk is not None else None
