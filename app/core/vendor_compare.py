"""CallCoach's figures beside what the transcription service reported, row by row, with where they disagree.

One comparison for the review screen and the PDF scorecard, so both mark the same rows. Scales differ
(VADER's -1..+1 against Amazon's -5..+5), so sentiment is compared by its direction, not its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from callcoach.core.formatting import clock
from callcoach.core.model import Analysis
from callcoach.core.vendor import VendorAnalytics, VendorMoment

# Below these a sentiment is neutral: VADER's usual +-0.05, and a fifth of the way up Amazon's -5..+5 scale.
_OURS_NEUTRAL = 0.05
_THEIRS_NEUTRAL = 1.0
# Talk times that differ by less than this (seconds, or a tenth of the longer one) agree.
_TALK_SLACK = 2.0


@dataclass(frozen=True)
class Row:
    measure: str
    ours: str
    theirs: str
    differs: bool


@dataclass(frozen=True)
class Comparison:
    source: str
    rows: list[Row]
    lists: list[tuple[str, list[str]]]  # ("Issues", ["0:12 the parcel is late", ...]): what only the service has

    @property
    def disagreements(self) -> int:
        return sum(row.differs for row in self.rows)

    @property
    def summary(self) -> str:
        differs = self.disagreements
        agreement = (
            f"{differs} of its figures {'differs' if differs == 1 else 'differ'} from CallCoach's (marked)."
            if differs
            else "Its figures agree with CallCoach's."
        )
        return f"Kept as the service reported it; it does not change the scores. {agreement}"


def compare(analysis: Analysis) -> Comparison | None:
    """The comparison for a call that came with the service's analytics; None for every other call."""
    vendor = analysis.transcript.vendor
    if vendor is None or vendor.is_empty():
        return None
    rows: list[Row] = []
    for role in ("agent", "customer"):
        if role in vendor.sentiment:
            ours = analysis.timeline.mean.get(role)
            theirs = vendor.sentiment[role]
            rows.append(
                Row(
                    f"{role.capitalize()} sentiment",
                    "—" if ours is None else f"{_direction(ours, _OURS_NEUTRAL)} ({ours:+.2f})",
                    f"{_direction(theirs, _THEIRS_NEUTRAL)} ({theirs:+.1f}"
                    + (f" of {vendor.sentiment_scale})" if vendor.sentiment_scale else ")"),
                    ours is not None and _direction(ours, _OURS_NEUTRAL) != _direction(theirs, _THEIRS_NEUTRAL),
                )
            )
    talk = analysis.metrics.talk
    for role in ("agent", "customer"):
        if role in vendor.interruptions:
            ours_count = talk.speakers[role].interruptions_made if talk is not None else None
            rows.append(
                Row(
                    f"Interruptions by the {role}",
                    "—" if ours_count is None else str(ours_count),
                    str(vendor.interruptions[role]),
                    ours_count is not None and ours_count != vendor.interruptions[role],
                )
            )
    for role in ("agent", "customer"):
        if role in vendor.talk_time:
            ours_time = talk.speakers[role].talk_time if talk is not None else None
            theirs_time = vendor.talk_time[role]
            rows.append(
                Row(
                    f"{role.capitalize()} talk time",
                    "—" if ours_time is None else clock(ours_time),
                    clock(theirs_time),
                    ours_time is not None and not _close(ours_time, theirs_time),
                )
            )
    if vendor.non_talk_time is not None:
        ours_silence = talk.non_talk_time if talk is not None else None
        rows.append(
            Row(
                "Non-talk time",
                "—" if ours_silence is None else clock(ours_silence),
                clock(vendor.non_talk_time),
                ours_silence is not None and not _close(ours_silence, vendor.non_talk_time),
            )
        )
    for role in ("agent", "customer"):
        if role in vendor.loudness:
            rows.append(Row(f"{role.capitalize()} loudness", "not measured", f"{vendor.loudness[role]:.0f}", False))
    return Comparison(vendor.source, rows, _lists(vendor))


def _direction(value: float, neutral: float) -> str:
    if value > neutral:
        return "positive"
    if value < -neutral:
        return "negative"
    return "neutral"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(_TALK_SLACK, 0.1 * max(a, b))


def _lists(vendor: VendorAnalytics) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    if vendor.categories:
        out.append(("Categories", list(vendor.categories)))
    for title, moments in (
        ("Issues", vendor.issues),
        ("Outcomes", vendor.outcomes),
        ("Action items", vendor.action_items),
    ):
        if moments:
            out.append((title, [_moment(m) for m in moments]))
    return out


def _moment(moment: VendorMoment) -> str:
    return moment.text if moment.start is None else f"{clock(moment.start)} {moment.text}"
