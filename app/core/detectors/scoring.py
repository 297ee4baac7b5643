"""Tag probabilities for every unit of a conversation: the one place features meet heads.

Training (tools/train_detectors.py) builds its design matrices with `design`, and the analysis scores a call
with `score_units`, so what a head was trained on is exactly what it sees at run time.

Every row is [unit embedding, max over its sentence embeddings, max over its tokens, its mean at layer 3
(the encoder's views, encoder.py), phrase (n-gram) indicators, explicit features]; a paraphrase row's explicit
features are those of the agent unit against the customer's last turns. A customer row also carries its context
after its own four views: the embedding of the agent's last unit before it and of the customer's own previous
turn (zeros where there is none), since whether a turn is distress is read in the conversation (a reply to "is
there anything else?", a complaint going on).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from callcoach.core.detectors import features as fx
from callcoach.core.detectors.encoder import DIM
from callcoach.core.detectors.heads import AGENT_HEADS, CUSTOMER_HEADS, PAIR_HEADS, Heads

CONTEXT_TURNS = 8  # a paraphrase restates one of the customer's last few turns
CUSTOMER_CONTEXT = 2  # embeddings of context in a customer row: the agent's last unit, the customer's last turn
UNIT_COLUMNS = 4 * DIM  # a row's own views: unit vector, sentence maximum, token maximum, layer-3 mean


@dataclass(frozen=True)
class Embedded:
    """A conversation's units with their embeddings: the whole unit, the max over its sentences, the max over its
    tokens and its layer-3 mean."""

    units: Sequence[fx.Unit]
    vectors: np.ndarray
    sentence_max: np.ndarray
    token_max: np.ndarray
    shallow: np.ndarray


@dataclass
class Design:
    """Feature rows per kind of head, with the unit index each row belongs to."""

    agent: list[np.ndarray] = field(default_factory=list)
    agent_units: list[int] = field(default_factory=list)
    pair: list[np.ndarray] = field(default_factory=list)
    pair_sources: list[int | None] = field(default_factory=list)
    customer: list[np.ndarray] = field(default_factory=list)
    customer_units: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class UnitScores:
    """Each head's probability for one unit; `restates` is the customer unit a paraphrase would restate."""

    scores: dict[str, float]
    restates: int | None = None


def texts_to_embed(units: Sequence[fx.Unit]) -> list[str]:
    """Every text `embed` encodes for these units: their sentences (a one-sentence unit is its own sentence)."""
    return [s for u in units for s in fx.sentence_texts(u.text)]


def embed(units: Sequence[fx.Unit], encode: Callable[[list[str]], np.ndarray]) -> Embedded:
    """Embed each unit's sentences once (`encode`: texts → the encoder's views); a unit's vector is the
    word-weighted mean of its sentences' (re-normalised), the second view their element-wise maximum, the third
    the maximum of their token maxima, the fourth the word-weighted mean of their layer-3 means (re-normalised).

    Encoding the sentences and not also the whole unit halves the encoder's work on long cues; for a recording,
    whose segments are single sentences, the two are the same.
    """
    sentences = [fx.sentence_texts(u.text) for u in units]
    views = encode([s for group in sentences for s in group])
    unit_vectors, maxima, token_max, shallow = (np.zeros((len(units), DIM), dtype=np.float32) for _ in range(4))
    start = 0
    for i, group in enumerate(sentences):
        block = views[start : start + len(group)]
        weights = np.array([max(1, len(s.split())) for s in group], dtype=np.float32)[:, None]
        unit_vectors[i] = _normalised((block[:, :DIM] * weights).sum(axis=0))
        maxima[i] = block[:, :DIM].max(axis=0)
        token_max[i] = block[:, DIM : 2 * DIM].max(axis=0)
        shallow[i] = _normalised((block[:, 2 * DIM :] * weights).sum(axis=0))
        start += len(group)
    return Embedded(units, unit_vectors, maxima, token_max, shallow)


def _normalised(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def design(embedded: Embedded, vocabulary: dict[str, int]) -> Design:
    units = embedded.units
    out = Design()
    total = len(units)
    agent_total = sum(u.speaker == "agent" for u in units)
    agent_seen = 0
    earlier: list[tuple[np.ndarray, set[str], int]] = []
    seen: set[str] = set()
    none = np.zeros(DIM, dtype=np.float32)
    last_agent = none
    for i, unit in enumerate(units):
        vector = embedded.vectors[i]
        base = [vector, embedded.sentence_max[i], embedded.token_max[i], embedded.shallow[i]]
        if unit.speaker == "customer":
            extra = fx.customer_features(
                unit.text, i, total, not earlier, seen, follows_agent=i > 0 and units[i - 1].speaker == "agent"
            )
            context = [last_agent, earlier[-1][0] if earlier else none]
            row = [*base, *context, fx.gram_vector(unit.text, vocabulary), np.asarray(extra, dtype=np.float32)]
            out.customer.append(np.concatenate(row))
            out.customer_units.append(i)
            mine = fx.words(unit.text)
            seen |= mine
            earlier.append((vector, mine, i))
            continue
        agent_seen += 1
        last_agent = vector
        last = earlier[-1][0] if earlier else None
        similarity = float(vector @ last) if last is not None else 0.0
        extra = fx.agent_features(unit.text, i, total, agent_total - agent_seen, similarity)
        grams = fx.gram_vector(unit.text, vocabulary)
        out.agent.append(np.concatenate([*base, grams, np.asarray(extra, dtype=np.float32)]))
        out.agent_units.append(i)
        window = earlier[-CONTEXT_TURNS:]
        pair, best = fx.pair_features(unit.text, vector, [(v, w) for v, w, _ in window])
        out.pair.append(np.concatenate([*base, grams, np.asarray(pair, dtype=np.float32)]))
        out.pair_sources.append(window[best][2] if best is not None else None)
    return out


def _matrix(rows: list[np.ndarray]) -> np.ndarray:
    return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 0), dtype=np.float32)


def score_units(embedded: Embedded, heads: Heads) -> list[UnitScores]:
    """Every head's probability for every unit (agent heads on agent units, customer heads on customer units)."""
    d = design(embedded, heads.vocabulary)
    n = len(embedded.units)
    scores: list[dict[str, float]] = [{} for _ in range(n)]
    restates: list[int | None] = [None] * n
    for names, rows, index in ((AGENT_HEADS, d.agent, d.agent_units), (CUSTOMER_HEADS, d.customer, d.customer_units)):
        x = _matrix(rows)
        for name in names:
            for i, p in zip(index, heads[name].probability(x), strict=True):
                scores[i][name] = float(p)
    x = _matrix(d.pair)
    for name in PAIR_HEADS:
        for i, p, source in zip(d.agent_units, heads[name].probability(x), d.pair_sources, strict=True):
            scores[i][name] = float(p) if source is not None else 0.0
            restates[i] = source
    return [UnitScores(s, r) for s, r in zip(scores, restates, strict=True)]
