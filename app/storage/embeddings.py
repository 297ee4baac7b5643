"""Sentence embeddings kept in the library, by the SHA-256 of their text.

Processing a call again, or re-analysing it after a correction in another session, then encodes only the lines
that changed. Vectors are 384 little-endian float32s.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from sqlmodel import Session, col, select

from app.core.analysis import detector_texts
from app.core.detectors.detector import default_detector
from app.core.model import Transcript
from app.storage.tables import EmbeddingRow

_BATCH = 500  # SQLite allows 999 bound parameters per statement


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_vectors(session: Session, texts: Iterable[str]) -> dict[str, np.ndarray]:
    by_key = {text_key(t): t for t in texts}
    keys = list(by_key)
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(keys), _BATCH):
        chunk = keys[start : start + _BATCH]
        for key, blob in session.exec(select(EmbeddingRow.text_sha256, EmbeddingRow.vector).where(
            col(EmbeddingRow.text_sha256).in_(chunk)
        )):  # fmt: skip
            out[by_key[key]] = np.frombuffer(blob, dtype="<f4").copy()
    return out


def store_vectors(session: Session, vectors: dict[str, np.ndarray]) -> None:
    """Add vectors not yet stored (an existing key is never rewritten: the encoder is deterministic)."""
    keys = {text_key(t): v for t, v in vectors.items()}
    known: set[str] = set()
    key_list = list(keys)
    for start in range(0, len(key_list), _BATCH):
        chunk = key_list[start : start + _BATCH]
        known |= set(session.exec(select(EmbeddingRow.text_sha256).where(col(EmbeddingRow.text_sha256).in_(chunk))))
    for key, vector in keys.items():
        if key not in known:
            session.add(EmbeddingRow(text_sha256=key, vector=np.asarray(vector, dtype="<f4").tobytes()))


def warm_encoder(session: Session, transcript: Transcript) -> None:
    """Hand the encoder this call's stored vectors, so re-analysing it after a correction encodes one line."""
    texts = detector_texts(transcript)
    default_detector().encoder.remember(load_vectors(session, texts))


def remember_call(session: Session, transcript: Transcript) -> None:
    """Store the vectors the encoder holds for this call's texts (after an analysis in this process)."""
    store_vectors(session, default_detector().encoder.cached(detector_texts(transcript)))
