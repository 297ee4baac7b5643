"""The sentiment timeline of a call: per-speaker points, call quarters, and the customer's change.

Built from segments whose `sentiment` is already set; segments without one are left out rather than
counted as neutral, so a missing score never drags a mean towards zero.
"""

from __future__ import annotations

from callcoach.core.metrics import CustomerChange, Timeline
from callcoach.core.model import SPEAKERS, Segment, Speaker

# Weight of the newest value in the moving average: smooths one-off spikes but follows real turns.
SMOOTHING_ALPHA = 0.5
# How many of the customer's first and last segments define the start and end mood.
CHANGE_WINDOW = 2
QUARTERS = 4


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _score(seg: Segment) -> float:
    """The segment's sentiment; callers pass only scored segments, so 0.0 is never actually used."""
    return seg.sentiment if seg.sentiment is not None else 0.0


def _midpoint(seg: Segment) -> float:
    return (seg.start + seg.end) / 2.0


def _weighted_mean(segments: list[Segment]) -> float | None:
    """Mean sentiment weighted by segment duration, so a long utterance counts more than a quip.

    Falls back to a plain mean when every segment has zero length (transcripts without timing).
    """
    if not segments:
        return None
    weight = sum(s.duration for s in segments)
    if weight <= 0:
        return sum(_score(s) for s in segments) / len(segments)
    return sum(_score(s) * s.duration for s in segments) / weight


def _plain_mean(segments: list[Segment]) -> float | None:
    if not segments:
        return None
    return sum(_score(s) for s in segments) / len(segments)


def _points(segments: list[Segment]) -> list[tuple[float, float, float]]:
    """[midpoint, raw, smoothed] per segment, smoothed with an exponential moving average."""
    points: list[tuple[float, float, float]] = []
    smoothed: float | None = None
    for seg in segments:
        raw = _score(seg)
        smoothed = raw if smoothed is None else SMOOTHING_ALPHA * raw + (1 - SMOOTHING_ALPHA) * smoothed
        points.append((round(_midpoint(seg), 3), round(raw, 3), round(smoothed, 3)))
    return points


def _quarters(segments: list[Segment], duration: float) -> list[float | None]:
    """Duration-weighted mean per call quarter, each segment placed by its midpoint."""
    buckets: list[list[Segment]] = [[] for _ in range(QUARTERS)]
    for seg in segments:
        index = int(_midpoint(seg) / duration * QUARTERS) if duration > 0 else 0
        buckets[min(max(index, 0), QUARTERS - 1)].append(seg)
    return [_round(_weighted_mean(bucket)) for bucket in buckets]


def sentiment_timeline(segments: list[Segment], duration: float) -> Timeline:
    """Per-speaker sentiment over time, by quarter, on average, and the customer's start-to-end change.

    The customer's change compares the mean of their first CHANGE_WINDOW segments with that of their
    last ones: the outcome the rubric asks about is whether the customer left happier than they came.
    """
    scored = sorted((s for s in segments if s.sentiment is not None), key=lambda s: (s.start, s.end, s.id))
    if duration <= 0:
        duration = max((s.end for s in scored), default=0.0)
    by_speaker: dict[Speaker, list[Segment]] = {sp: [s for s in scored if s.speaker == sp] for sp in SPEAKERS}

    customer = by_speaker["customer"]
    start = _round(_plain_mean(customer[:CHANGE_WINDOW]))
    end = _round(_plain_mean(customer[-CHANGE_WINDOW:]))
    delta = round(end - start, 3) if start is not None and end is not None else None

    return Timeline(
        points={sp: _points(by_speaker[sp]) for sp in SPEAKERS},
        quarters={sp: _quarters(by_speaker[sp], duration) for sp in SPEAKERS},
        mean={sp: _round(_weighted_mean(by_speaker[sp])) for sp in SPEAKERS},
        customer_change=CustomerChange(start, end, delta),
    )
