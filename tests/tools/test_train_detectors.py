"""The training script's logistic regression: it reaches the optimum of the objective it states."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import train_detectors  # noqa: E402


def _data(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((400, 30)).astype(np.float32)
    truth = rng.standard_normal(30)
    y = (x @ truth + 0.5 * rng.standard_normal(400) > 1.0).astype(np.float32)
    return x, y


def _gradient(x: np.ndarray, y: np.ndarray, strength: float, explicit: int, model) -> np.ndarray:
    """The gradient of the class-balanced, penalised log-loss that fit_logistic documents, at its answer."""
    mean, scale, w, b = model
    z = (x.astype(np.float64) - mean) / scale
    p = 1 / (1 + np.exp(-(z @ w + b)))
    n, pos = len(y), y.sum()
    weight = np.where(y > 0, n / (2 * pos), n / (2 * (n - pos)))
    penalty = np.full(len(w), 1 / strength)
    penalty[len(w) - explicit :] = 1 / train_detectors.EXPLICIT_STRENGTH
    residual = weight * (p - y)
    return np.append(z.T @ residual + penalty * w, residual.sum())


def test_fit_reaches_the_optimum() -> None:
    x, y = _data()
    for strength, explicit in ((0.01, 0), (0.001, 5)):
        model = train_detectors.fit_logistic(x, y, strength, explicit)
        gradient = _gradient(x, y, strength, explicit, model)
        assert np.max(np.abs(gradient)) < 1e-2 * len(y) ** 0.5


def test_explicit_columns_are_held_back_less() -> None:
    x, y = _data()
    tight = train_detectors.fit_logistic(x, y, 0.001, 0)[2]
    loose = train_detectors.fit_logistic(x, y, 0.001, 5)[2]
    assert np.abs(loose[-5:]).sum() > 3 * np.abs(tight[-5:]).sum()
    assert np.allclose(train_detectors.fit_logistic(x, y, 0.001, 5)[2], loose)  # deterministic


def test_fit_separates_the_classes() -> None:
    x, y = _data()
    p = train_detectors.predict(train_detectors.fit_logistic(x, y, 0.1), x)
    assert train_detectors.prf(y, p, 0.5)[2] > 0.8


def test_a_head_with_a_smaller_phrase_budget_ignores_the_rarer_phrases(monkeypatch) -> None:
    from callcoach.core.detectors import features as fx

    texts = ["refund today", "refund please", "refund now", "late again", "late twice", "late once"]
    dialogue = train_detectors.Dialogue("d", "test", [fx.Unit("agent", t) for t in texts], {})
    monkeypatch.setattr(train_detectors, "MIN_GRAM_COUNT", 1)
    vocabulary = train_detectors.build_vocabulary([dialogue], 100)
    monkeypatch.setitem(train_detectors.HEAD_PHRASES, "options", 2)  # the two most frequent: refund, late
    explicit = train_detectors.explicit_columns("options")
    x = np.ones((3, 5 + len(vocabulary) + explicit), dtype=np.float32)
    kept = train_detectors.phrase_budget(x, "options", vocabulary, [dialogue])
    phrases = kept[:, 5 : 5 + len(vocabulary)]
    assert [g for g, on in zip(vocabulary, phrases[0], strict=True) if on] == ["late", "refund"]
    assert (kept[:, :5] == 1).all() and (kept[:, -explicit:] == 1).all()  # embeddings and explicit untouched
    assert (x == 1).all()  # the caller's rows are not changed
