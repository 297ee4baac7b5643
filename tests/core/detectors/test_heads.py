"""The trained heads in resources/ belong to the corpus in the repository, and load into working detectors."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from callcoach.core.detectors.encoder import DIM
from callcoach.core.detectors.features import AGENT_FEATURES, CUSTOMER_FEATURES, PAIR_FEATURES
from callcoach.core.detectors.heads import AGENT_HEADS, ALL_HEADS, CUSTOMER_HEADS, Head, load_heads, save_heads
from callcoach.core.detectors.scoring import CUSTOMER_CONTEXT, UNIT_COLUMNS

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))

import train_detectors  # noqa: E402


def test_heads_were_trained_on_the_corpus_in_the_repository() -> None:
    meta = load_heads().meta
    assert meta["corpus_sha256"] == train_detectors.corpus_hash(), (
        "resources/detectors/ is stale: run tools/train_detectors.py after changing corpus/"
    )


def test_every_head_has_weights_for_its_features() -> None:
    heads = load_heads()
    assert set(heads.heads) == set(ALL_HEADS)
    base = UNIT_COLUMNS
    vocabulary = len(heads.vocabulary)
    for name in AGENT_HEADS:
        assert heads[name].weights.shape == (base + vocabulary + len(AGENT_FEATURES),)
    assert heads["paraphrase"].weights.shape == (base + vocabulary + len(PAIR_FEATURES),)
    for name in CUSTOMER_HEADS:
        context = CUSTOMER_CONTEXT * DIM
        assert heads[name].weights.shape == (base + context + vocabulary + len(CUSTOMER_FEATURES),)
    for name in ALL_HEADS:
        assert 0.0 < heads[name].threshold < 1.0
        assert np.isfinite(heads[name].weights).all()


def test_saving_is_deterministic(tmp_path: Path) -> None:
    head = Head("empathy", np.zeros(3, np.float32), np.ones(3, np.float32), np.arange(3, dtype=np.float32), 0.5, 0.6)
    meta = {"heads": {"empathy": {"threshold": 0.6}}, "vocabulary": ["sorry"]}
    save_heads(tmp_path / "a", {"empathy": head}, meta)
    save_heads(tmp_path / "b", {"empathy": head}, meta)
    for name in ("heads.npz", "heads.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    loaded = load_heads(tmp_path / "a")
    assert loaded["empathy"].probability(np.array([[0.0, 1.0, 1.0]], np.float32))[0] > 0.9
