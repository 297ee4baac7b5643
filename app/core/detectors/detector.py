"""The learned detectors as one object: encoder + heads, lazily loaded, shared by every analysis in a process."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache

from callcoach.core.detectors import features as fx
from callcoach.core.detectors.encoder import SentenceEncoder, shared_encoder
from callcoach.core.detectors.heads import Heads, default_heads
from callcoach.core.detectors.scoring import UnitScores, embed, score_units


class Detector:
    """Scores conversations. The encoder (~90 MB) is loaded on the first call, not at construction."""

    def __init__(self, encoder: SentenceEncoder | None = None, heads: Heads | None = None) -> None:
        self._encoder = encoder
        self._heads = heads
        self._lock = threading.Lock()

    @property
    def heads(self) -> Heads:
        with self._lock:
            if self._heads is None:
                self._heads = default_heads()
            return self._heads

    @property
    def encoder(self) -> SentenceEncoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = shared_encoder()
            return self._encoder

    def threshold(self, tag: str) -> float:
        return self.heads[tag].threshold

    def score(self, units: Sequence[fx.Unit]) -> list[UnitScores]:
        if not units:
            return []
        return score_units(embed(units, self.encoder.encode_views), self.heads)


@cache
def default_detector() -> Detector:
    return Detector()
