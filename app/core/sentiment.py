"""Per-segment sentiment: VADER's compound score with call-centre adjustments.

Plain VADER reads "I'm so sorry about the frustration" as negative and "Oh good, as long as the
restaurant had a great night" as positive. The adjustments make the numbers mean what a coach means.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from callcoach.core.phrases import Phrases, any_match
from callcoach.core.text import normalize, sentences

_LINK = re.compile(r"\[link\]|https?://\S+")
EMPATHY_FLOOR = 0.05  # an agent turn built on empathy is supportive, never negative
NEGATIVE_CEILING = -0.25  # blocking language reads negative even when politely worded
DISTRESS_CEILING = -0.35  # a customer in distress is negative even without negative words
SARCASM_FLOOR = 0.4


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=65536)
def _scores(text: str) -> tuple[float, float, float]:
    """VADER's negative share, positive share and compound (cached: the detectors and the timeline both ask)."""
    scores = _analyzer().polarity_scores(_LINK.sub(" ", text))
    return float(scores["neg"]), float(scores["pos"]), float(scores["compound"])


def compound(text: str) -> float:
    return _scores(text)[2]


def polarity(text: str) -> tuple[float, float, float, float]:
    """VADER's negative and positive shares and compound for the whole text, and its most negative sentence."""
    negative, positive, overall = _scores(text)
    worst = min((compound(s) for s in sentences(normalize(text))), default=0.0)
    return negative, positive, overall, worst


def agent_sentiment(text: str, tags: list[str], phrases: Phrases) -> float:
    """Agent tone with empathy and apology sentences left out: acknowledging a bad experience is not negativity."""
    kept = [
        s
        for s in sentences(normalize(text))
        if not any_match(phrases.empathy, s) and not any_match(phrases.tags["apology"], s)
    ]
    value = compound(" ".join(kept)) if kept else EMPATHY_FLOOR
    if "empathy" in tags or "apology" in tags:
        value = max(value, EMPATHY_FLOOR)
    if "negative_language" in tags:
        value = min(value, NEGATIVE_CEILING)
    return round(value, 3)


def customer_sentiment(text: str, distress: bool, sarcasm: bool) -> float:
    value = compound(text)
    if sarcasm:
        value = -max(abs(value), SARCASM_FLOOR)
    if distress:
        value = min(value, DISTRESS_CEILING)
    return round(value, 3)
