"""The facts about one call that the rubric measures read: a stable seam between analysis and scoring."""

from __future__ import annotations

from dataclasses import dataclass

from callcoach.core.metrics import Metrics, Timeline
from callcoach.core.model import Finding, Segment


@dataclass
class CallFacts:
    segments: list[Segment]
    distress_ids: list[int]
    problem_ids: list[int]
    findings: list[Finding]
    metrics: Metrics
    timeline: Timeline

    def tagged(self, tag: str, speaker: str = "agent") -> list[int]:
        return [s.id for s in self.segments if s.speaker == speaker and tag in s.tags]

    def found(self, kind: str) -> list[Finding]:
        """The findings of this kind that count as faults ("possible" ones are shown, not scored)."""
        return [f for f in self.findings if f.kind == kind and not f.possible]
