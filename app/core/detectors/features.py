"""The explicit features the learned heads see beside the sentence embedding.

A handful of cues an embedding blurs: a negation redeemed by an alternative in the same breath, blame put on
the customer, shouting in capitals (redaction placeholders and spelled-out names are not shouting), and how
much of what the customer said an agent sentence reuses. They are written once here and used both by the
training script and at run time, so the two can never drift apart.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from callcoach.core.sentiment import polarity
from callcoach.core.text import PLACEHOLDER, content_words, normalize, speakable, without_codes

_CAPS = re.compile(r"\b[A-Z]{3,}\b")
_ACRONYMS = frozenset(
    [
        "URL",
        "DLC",
        "DLCS",
        "ATT",
        "USA",
        "UK",
        "EU",
        "PDF",
        "FAQ",
        "ISP",
        "APP",
        "DVD",
        "USB",
        "SMS",
        "GPS",
        "ATM",
        "PIN",
        "VPN",
        "CEO",
        "ETA",
        "WIFI",
        "DSL",
        "LTE",
        "ASAP",
        "IBAN",
        "CVV",
        "NHS",
        "BBC",
        "HDMI",
        "IOS",
        "MAC",
        "SIM",
        "IMEI",
        "APR",
        "TSA",
        "DMV",
        "IRS",
        "HMRC",
        "VAT",
        "SSN",
        "ID",
        "TV",
        "OS",
        "PC",
    ]
)
_NEGATION = re.compile(
    r"\b(can't|cannot|can not|unable|won't|will not|isn't able|not able|don't|do not|doesn't|no longer|"
    r"unfortunately|not possible|impossible|not eligible|nothing (i|we) can)\b"
)
_ALTERNATIVE = re.compile(
    r"\b(but|however|instead|although|though|while)\b.{0,60}\b(i|we|you) (can|could|will|'ll|am able|are able)\b|"
    r"\bwhat (i|we) can do\b|\binstead\b|\balternatively\b|\banother option\b|\bwhat i can offer\b"
)
_SORRY_BUT = re.compile(r"\b(sorry|apologi[sz]e|apologies)\b[^.!?]{0,30}\bbut\b")
_BLAME = re.compile(
    r"\byou (should|shouldn't|should not|need to|have to|must|will have to|'ll have to|'ll need to|will need to|"
    r"didn't|did not|failed to|forgot to)\b|\b(your|the customer's) (fault|responsibility|mistake)\b"
)
_FRAME = re.compile(
    r"\bso (what )?you('re| are)? (saying|telling)|\bif i understand|\bto make sure i|\byou (said|mentioned|told)\b|"
    r"\bsounds like\b|\bis that (right|correct)\b|\bjust to (confirm|clarify)\b|^so (the|your|you|it)\b|"
    r"\bi understand (that )?you"
)
_SECOND_PERSON = re.compile(r"\b(you|your|you're|you've)\b")

_POLARITY = ("vader_negative", "vader_positive", "vader_compound", "vader_worst_sentence")
AGENT_FEATURES = (
    "log_words", "question", "negation", "negation_redeemed", "sorry_but", "blame", "second_person",
    "position", "last_agent_turns", "customer_similarity", *_POLARITY,
)  # fmt: skip
CUSTOMER_FEATURES = (
    "log_words", "question", "exclamations", "shouting", "placeholders", "first_customer_turn", "new_words",
    "follows_agent", "position", *_POLARITY,
)  # fmt: skip
PAIR_FEATURES = ("best_similarity", "shared_best", "shared_all", "shared_ratio", "frame", "question", "log_words")

_STOP = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "it",
        "its",
        "they",
        "them",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "who",
        "how",
        "when",
        "why",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "just",
        "not",
        "no",
        "yes",
        "ok",
        "okay",
        "oh",
        "um",
        "uh",
        "hi",
        "hello",
        "please",
        "thanks",
        "thank",
        "sorry",
        "get",
        "got",
        "let",
        "know",
        "like",
        "really",
        "very",
        "well",
        "also",
        "any",
        "some",
        "all",
        "one",
        "about",
        "up",
        "out",
        "if",
        "then",
        "than",
        "too",
        "as",
        "into",
        "over",
        "again",
        "still",
        "now",
    ]
)


@dataclass(frozen=True)
class Unit:
    """One turn of a conversation as the detectors see it: an agent sentence or a customer's whole turn."""

    speaker: str
    text: str


def words(text: str) -> set[str]:
    return set(content_words(speakable(text), _STOP))


def shouting(text: str) -> float:
    """Words shouted in capitals, not counting acronyms, placeholders and spelled-out letters ("S M I T H")."""
    caps = [w for w in _CAPS.findall(without_codes(speakable(text))) if w not in _ACRONYMS]
    return min(3.0, float(len(caps)))


_GRAM_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")


def grams(text: str) -> set[str]:
    """The word unigrams and bigrams of a text (and "!" / "?"), for the heads' learned phrase weights."""
    tokens = _GRAM_TOKEN.findall(normalize(speakable(text)))
    return set(tokens) | {f"{a} {b}" for a, b in itertools.pairwise(tokens)}


def gram_vector(text: str, vocabulary: dict[str, int]) -> np.ndarray:
    out = np.zeros(len(vocabulary), dtype=np.float32)
    for gram in grams(text):
        index = vocabulary.get(gram)
        if index is not None:
            out[index] = 1.0
    return out


def sentence_texts(text: str) -> list[str]:
    """The sentences of a unit, as the encoder sees them: one long cue's apology must not drown in its other
    sentences, so each head also sees the element-wise maximum of the sentence embeddings."""
    clean = speakable(text) or text
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", clean) if p.strip()]
    return parts or [clean]


def _log_words(text: str) -> float:
    return math.log1p(len(text.split()))


def agent_features(text: str, index: int, total: int, agent_left: int, customer_similarity: float) -> list[float]:
    """AGENT_FEATURES for one agent unit; `agent_left` is how many agent units follow it in the call."""
    norm = normalize(speakable(text))
    negation = _NEGATION.search(norm)
    redeemed = bool(negation and _ALTERNATIVE.search(norm[negation.start() :]))
    return [
        _log_words(text),
        float("?" in text),
        float(negation is not None),
        float(redeemed),
        float(_SORRY_BUT.search(norm) is not None),
        float(_BLAME.search(norm) is not None),
        float(_SECOND_PERSON.search(norm) is not None),
        index / max(1, total - 1),
        float(agent_left < 3),
        customer_similarity,
        *polarity(speakable(text)),
    ]


def customer_features(
    text: str, index: int, total: int, first: bool, seen: set[str], follows_agent: bool
) -> list[float]:
    """CUSTOMER_FEATURES for one customer turn; `seen` holds the customer's earlier content words."""
    mine = words(text)
    new = len(mine - seen) / len(mine) if mine else 0.0
    return [
        _log_words(text),
        float(text.count("?") > 0),
        min(3.0, float(text.count("!"))),
        shouting(text),
        float(PLACEHOLDER.search(text) is not None),
        float(first),
        new,
        float(follows_agent),
        index / max(1, total - 1),
        *polarity(speakable(text)),
    ]


def pair_features(
    text: str, vector: np.ndarray, earlier: Sequence[tuple[np.ndarray, set[str]]]
) -> tuple[list[float], int | None]:
    """PAIR_FEATURES of an agent unit against the customer's earlier turns, and the best-matching one's index."""
    mine = words(text)
    if not earlier:
        return [0.0, 0.0, 0.0, 0.0, float(_FRAME.search(normalize(text)) is not None), float("?" in text),
                _log_words(text)], None  # fmt: skip
    sims = [float(vector @ v) for v, _ in earlier]
    best = int(np.argmax(sims))
    union = set().union(*(w for _, w in earlier))
    shared_best = len(mine & earlier[best][1])
    shared_all = len(mine & union)
    return [
        sims[best],
        math.log1p(shared_best),
        math.log1p(shared_all),
        shared_all / len(mine) if mine else 0.0,
        float(_FRAME.search(normalize(text)) is not None),
        float("?" in text),
        _log_words(text),
    ], best
