"""The trained heads: logistic regressions over [embedding, explicit features], loaded from resources/.

`tools/train_detectors.py` writes `resources/detectors/heads.npz` (the numbers) and `heads.json` (what they
mean: feature names, thresholds, the hash of the corpus they were trained on, the cross-validated figures).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from callcoach.core.resources import resource_path

AGENT_HEADS = ("empathy", "negative_language", "solution", "options", "next_steps", "closing_summary")
PAIR_HEADS = ("paraphrase",)
CUSTOMER_HEADS = ("distress", "problem_statement", "sarcasm")
ALL_HEADS = AGENT_HEADS + PAIR_HEADS + CUSTOMER_HEADS


@dataclass(frozen=True)
class Head:
    """P(tag | features) = sigmoid(((x - mean) / scale) · weights + bias); the tag is raised at `threshold`."""

    name: str
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


@dataclass(frozen=True)
class Heads:
    heads: dict[str, Head]
    meta: dict
    vocabulary: dict[str, int]  # the phrase (n-gram) indicators' columns

    def __getitem__(self, name: str) -> Head:
        return self.heads[name]


def heads_dir() -> Path:
    return resource_path("detectors")


def load_heads(folder: Path | None = None) -> Heads:
    folder = folder or heads_dir()
    meta = json.loads((folder / "heads.json").read_text(encoding="utf-8"))
    with np.load(folder / "heads.npz") as arrays:
        heads = {
            name: Head(
                name=name,
                mean=arrays[f"{name}.mean"].astype(np.float32),
                scale=arrays[f"{name}.scale"].astype(np.float32),
                weights=arrays[f"{name}.weights"].astype(np.float32),
                bias=float(arrays[f"{name}.bias"]),
                threshold=float(meta["heads"][name]["threshold"]),
            )
            for name in meta["heads"]
        }
    vocabulary = {gram: i for i, gram in enumerate(meta["vocabulary"])}
    return Heads(heads, meta, vocabulary)


@cache
def default_heads() -> Heads:
    return load_heads()


def save_heads(folder: Path, heads: dict[str, Head], meta: dict) -> None:
    """Write the heads deterministically (same numbers → same bytes), so a re-run of training can be diffed."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for name, head in heads.items():
        arrays[f"{name}.mean"] = head.mean.astype(np.float32)
        arrays[f"{name}.scale"] = head.scale.astype(np.float32)
        arrays[f"{name}.weights"] = head.weights.astype(np.float32)
        arrays[f"{name}.bias"] = np.array(head.bias, dtype=np.float64)
    with (folder / "heads.npz").open("wb") as f:
        np.savez(f, **arrays)
    (folder / "heads.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
