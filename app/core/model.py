"""Domain types shared by every layer: transcripts in, analysis out.

Plain dataclasses, no I/O and no third-party types, so that storage, UI and reporting can all depend on
them without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from callcoach.core.metrics import Metrics, Timeline
from callcoach.core.vendor import VendorAnalytics

Speaker = Literal["agent", "customer"]
SPEAKERS: tuple[Speaker, Speaker] = ("agent", "customer")
OTHER_ROLE: dict[Speaker, Speaker] = {"agent": "customer", "customer": "agent"}


@dataclass(frozen=True)
class Word:
    """One recognised word with its timing (recordings only)."""

    start: float
    end: float
    word: str
    probability: float = 1.0


@dataclass
class Segment:
    """One utterance: a VTT cue, an SRT block, or a stretch of one speaker's speech."""

    id: int
    speaker: Speaker
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    sentiment: float | None = None
    tags: list[str] = field(default_factory=list)
    tag_scores: dict[str, float] = field(default_factory=dict)  # each learned detector's confidence, 0-1
    restates: int | None = None  # a paraphrase: the customer segment whose words it restates

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)


@dataclass(frozen=True)
class SpeakerChoice:
    """Who is the agent among the speakers a file or a recording names, and how that was decided.

    Kept with the call (the JSON's `speakers`) so a reviewer can see an automatic choice and swap it.
    """

    roles: dict[str, Speaker]  # each speaker label as the source names it ("spk_1", "left channel") -> role
    # the labels say so / the user said so (an option, a setting) / decided from the words / a reviewer's swap
    how: Literal["named", "given", "automatic", "swapped"]
    reason: str = ""  # for an automatic choice: what it was decided on
    confident: bool = True  # False: an automatic choice on little evidence (the first speaker was taken)

    @property
    def agent_labels(self) -> list[str]:
        return [label for label, role in self.roles.items() if role == "agent"]

    @property
    def swappable(self) -> bool:
        """Two speakers, one agent and one customer: a swap is one click."""
        return sorted(self.roles.values()) == ["agent", "customer"]

    def swapped(self) -> SpeakerChoice:
        return SpeakerChoice({label: OTHER_ROLE[role] for label, role in self.roles.items()}, "swapped")

    def to_json(self) -> dict:
        out: dict = {"labels": dict(self.roles), "chosen": self.how}
        if self.reason:
            out["reason"] = self.reason
        if not self.confident:
            out["confident"] = False
        return out

    @classmethod
    def from_json(cls, data: dict) -> SpeakerChoice:
        return cls(
            dict(data.get("labels", {})),
            data.get("chosen", "named"),
            data.get("reason", ""),
            bool(data.get("confident", True)),
        )


@dataclass
class Transcript:
    """A call as a time-ordered list of segments, wherever it came from."""

    source: str
    segments: list[Segment]
    duration: float | None = None
    language: str | None = None
    model: str | None = None
    has_timing: bool = True
    warnings: list[str] = field(default_factory=list)
    # Why this call cannot be scored automatically (no speech, not English, a truncated file): it "needs
    # attention", with no overall or pass/fail until a reviewer scores it by hand or it is processed again.
    attention: list[str] = field(default_factory=list)
    speakers: SpeakerChoice | None = None  # None: the source named agent and customer (or is an old document)
    vendor: VendorAnalytics | None = None  # what the transcription service computed itself (core.vendor)

    @property
    def length(self) -> float:
        """Duration of the call: the declared one, or the end of the last segment."""
        if self.duration is not None:
            return self.duration
        return max((s.end for s in self.segments), default=0.0)


@dataclass
class Finding:
    """Something a reviewer should look at, anchored to a time span and to segments."""

    kind: str
    speaker: Speaker
    start: float
    end: float
    segment_ids: list[int]
    detail: str
    suggestion: str | None = None
    confidence: float | None = None  # how sure the detectors are (None: a rule, not a model, raised it)
    possible: bool = False  # below the confidence setting: shown as "possible", not counted as a fault


@dataclass
class CriterionScore:
    id: str
    name: str
    weight: float
    score: float | None
    evidence: list[int]
    note: str
    auto_fail: bool = False


@dataclass
class Scores:
    overall: float | None  # None: the call needs attention (see `attention`) and has no automatic score
    passed: bool | None
    pass_threshold: float
    rubric: str
    rubric_version: str
    criteria: list[CriterionScore]
    auto_failed: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)  # why there is no automatic overall (Transcript.attention)

    def passes(self, overall: float | None = None) -> bool | None:
        """The pass/fail rule, written once: an overall (this one, or a reviewed one) at or above the pass mark,
        and no auto-fail item found. None when there is no overall to judge (a call that needs attention)."""
        value = self.overall if overall is None else overall
        return None if value is None else passes(value, self.pass_threshold, self.auto_failed)


def passes(overall: float, pass_threshold: float, auto_failed: list[str]) -> bool:
    return not auto_failed and overall >= pass_threshold


@dataclass
class Analysis:
    """Everything `callcoach analyze` reports about one call."""

    transcript: Transcript
    findings: list[Finding]
    metrics: Metrics
    timeline: Timeline
    scores: Scores
    agent_said: str | None = None  # the name the agent introduced themselves with: a suggestion, never assigned
