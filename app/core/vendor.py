"""What a transcription service computed about a call itself (Amazon's sentiment, categories, issues...).

CallCoach computes its own analysis the same way for every source, but a team that pays for Call Analytics
wants to see where the two disagree. So the service's figures are kept as they were reported, under the JSON
document's `vendor` key, and shown beside CallCoach's own; they never feed the scores.

Per-speaker figures are keyed by speaker. An importer keys them by the file's own labels ("AGENT", "spk_0");
once the roles are decided, `with_roles` re-keys them "agent" / "customer".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class VendorMoment:
    """Something the service pointed at: an issue, an outcome or an action item, with where it was said."""

    text: str
    start: float | None = None  # seconds from the start of the call

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, **({"start": round(self.start, 3)} if self.start is not None else {})}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VendorMoment:
        start = data.get("start")
        return cls(str(data.get("text", "")), _finite(start) if start is not None else None)


@dataclass
class VendorAnalytics:
    source: str  # the service, as a reviewer knows it: "Amazon Transcribe Call Analytics"
    sentiment: dict[str, float] = field(default_factory=dict)  # overall, per speaker, on the service's scale
    sentiment_scale: str | None = None  # that scale, for the reader: "-5 to +5"
    interruptions: dict[str, int] = field(default_factory=dict)  # per speaker: times they cut in
    talk_time: dict[str, float] = field(default_factory=dict)  # per speaker, seconds
    loudness: dict[str, float] = field(default_factory=dict)  # per speaker: the average loudness score
    non_talk_time: float | None = None  # seconds of silence in the call
    categories: list[str] = field(default_factory=list)  # rules or categories the call matched
    issues: list[VendorMoment] = field(default_factory=list)
    outcomes: list[VendorMoment] = field(default_factory=list)
    action_items: list[VendorMoment] = field(default_factory=list)

    _PER_SPEAKER = ("sentiment", "interruptions", "talk_time", "loudness")
    _MOMENTS = ("issues", "outcomes", "action_items")

    def is_empty(self) -> bool:
        """Nothing worth keeping: the file had a layout we know but no analytics in it."""
        return not any(getattr(self, name) for name in (*self._PER_SPEAKER, "categories", *self._MOMENTS)) and (
            self.non_talk_time is None
        )

    def with_roles(self, roles: Mapping[str, str]) -> VendorAnalytics:
        """Re-key the per-speaker figures from the file's labels to roles (labels not in `roles` are kept).

        Two labels mapped to one role (an extra speaker counted with the agent) add up their counts and times,
        and average sentiment and loudness.
        """
        out = VendorAnalytics(
            self.source,
            sentiment_scale=self.sentiment_scale,
            non_talk_time=self.non_talk_time,
            categories=list(self.categories),
            issues=list(self.issues),
            outcomes=list(self.outcomes),
            action_items=list(self.action_items),
        )
        for name in self._PER_SPEAKER:
            merged: dict[str, list[float]] = {}
            for label, value in getattr(self, name).items():
                merged.setdefault(roles.get(label, label), []).append(value)
            additive = name in ("interruptions", "talk_time")
            setattr(
                out,
                name,
                {key: (sum(v) if additive else sum(v) / len(v)) for key, v in merged.items()},
            )
        out.interruptions = {key: int(value) for key, value in out.interruptions.items()}
        return out

    def to_json(self) -> dict[str, Any]:
        """The `vendor` object of the JSON document; empty parts are left out."""
        out: dict[str, Any] = {"source": self.source}
        for name in self._PER_SPEAKER:
            values = getattr(self, name)
            if values:
                out[name] = {key: _round(value) for key, value in sorted(values.items())}
        if self.sentiment_scale:
            out["sentiment_scale"] = self.sentiment_scale
        if self.non_talk_time is not None:
            out["non_talk_time"] = round(self.non_talk_time, 3)
        if self.categories:
            out["categories"] = list(self.categories)
        for name in self._MOMENTS:
            moments = getattr(self, name)
            if moments:
                out[name] = [m.to_json() for m in moments]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VendorAnalytics:
        """Read the `vendor` object back; ValueError or TypeError when it is not one (a hand-edited file)."""
        non_talk = data.get("non_talk_time")
        scale = data.get("sentiment_scale")
        return cls(
            str(data.get("source", "")),
            sentiment={str(k): _finite(v) for k, v in data.get("sentiment", {}).items()},
            sentiment_scale=None if scale is None else str(scale),
            interruptions={str(k): int(_finite(v)) for k, v in data.get("interruptions", {}).items()},
            talk_time={str(k): _finite(v) for k, v in data.get("talk_time", {}).items()},
            loudness={str(k): _finite(v) for k, v in data.get("loudness", {}).items()},
            non_talk_time=None if non_talk is None else _finite(non_talk),
            categories=[str(c) for c in data.get("categories", [])],
            issues=[VendorMoment.from_json(m) for m in data.get("issues", [])],
            outcomes=[VendorMoment.from_json(m) for m in data.get("outcomes", [])],
            action_items=[VendorMoment.from_json(m) for m in data.get("action_items", [])],
        )


def _finite(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return float(value)


def _round(value: float | int) -> float | int:
    return value if isinstance(value, int) else round(value, 3)
