"""Why a criterion has its score, in words an agent can read without hovering: the note, the reviewer's reason
for an override, and the moments of the call the score rests on (time, speaker, what was said).

Pure data for the review screen's agent mode (and anything else that explains a score); no formatting of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from callcoach.core.formatting import shorten
from callcoach.core.model import CriterionScore, Segment, Speaker
from callcoach.core.review import Override

QUOTE_CHARS = 90  # a line of a narrow scorecard column


@dataclass(frozen=True)
class Evidence:
    segment_id: int
    start: float
    speaker: Speaker
    quote: str


@dataclass(frozen=True)
class CriterionDetail:
    criterion_id: str
    name: str
    auto: float | None
    score: float | None  # after the reviewer's override, if any
    note: str
    override: Override | None
    evidence: tuple[Evidence, ...]


def criterion_detail(
    criterion: CriterionScore, override: Override | None, segments: Sequence[Segment]
) -> CriterionDetail:
    """The moments come in call order (the rubric lists them as found); ids not in `segments` are left out."""
    by_id = {s.id: s for s in segments}
    moments = sorted((by_id[i] for i in set(criterion.evidence) if i in by_id), key=lambda s: (s.start, s.id))
    evidence = tuple(Evidence(s.id, s.start, s.speaker, shorten(s.text, QUOTE_CHARS)) for s in moments)
    score = override.score if override is not None else criterion.score
    return CriterionDetail(criterion.id, criterion.name, criterion.score, score, criterion.note, override, evidence)
