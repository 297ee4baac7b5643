"""Sentence embeddings kept in the library, by the SHA-256 of their text.

Processing a call again, or re-analysing it after a correction in another session, then encodes only the lines
that changed (services.embedding_cache decides which). A row holds the encoder's views of the text
(encoder.encode_views): 3 × 384 little-endian float32s.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from sqlmodel import Session, col, select

from callcoach.storage.tables import EmbeddingRow

_BATCH = 400  # rows or keys per statement: SQLite before 3.32 allows 999 bound parameters


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
    """Add vectors not yet stored. Two workers may store the same text at once (a team's PostgreSQL library):
    an existing key is left as it is (the encoder is deterministic), never an error."""
    rows = [{"text_sha256": text_key(t), "vector": np.asarray(v, dtype="<f4").tobytes()} for t, v in vectors.items()]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for start in range(0, len(rows), _BATCH):
        statement = insert(EmbeddingRow).values(rows[start : start + _BATCH])
        session.exec(statement.on_conflict_do_nothing(index_elements=["text_sha256"]))  # type: ignore[call-overload]
