"""Train CallCoach's detector heads on the labelled corpus (corpus/), reproducibly.

    .venv/bin/python tools/train_detectors.py            # cross-validate, fit, write resources/detectors/
    .venv/bin/python tools/train_detectors.py --cv-only  # print the 5-fold figures, write nothing

Every head is a logistic regression over [the encoder's views, phrase indicators, explicit features]
(app/core/detectors). The regularisation strength of the embeddings and phrases and the decision threshold of
each head are chosen by 5-fold cross-validation split by dialogue, on the corpus alone: the devset is never read
here. The few explicit features are penalised much less (EXPLICIT_STRENGTH): they are few and each means one
thing, where the 1,536 embedding and 3,000 phrase columns overfit unless held back hard. The same seed and
corpus give the same bytes; the corpus's SHA-256 is stored with the weights and tests/core/detectors/test_heads.py
checks they agree.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from callcoach.core.detectors import features as fx  # noqa: E402
from callcoach.core.detectors.encoder import SentenceEncoder  # noqa: E402
from callcoach.core.detectors.heads import (  # noqa: E402
    AGENT_HEADS,
    ALL_HEADS,
    CUSTOMER_HEADS,
    PAIR_HEADS,
    Head,
    save_heads,
)
from callcoach.core.detectors.scoring import Embedded, design, embed  # noqa: E402

CORPUS = ROOT / "corpus"
CACHE = CORPUS / ".cache"
SEED = 20261202
FOLDS = 5
# Inverse L2 strength (C) of the embedding and phrase columns, chosen per head by cross-validation. With the
# explicit features held back as hard as the rest (one C of 0.01 for every column), CV F1 was lower on every
# head but options; 0.03 and 0.1 were worse still.
STRENGTHS = (0.001, 0.003, 0.01)
EXPLICIT_STRENGTH = 1.0  # inverse L2 strength of the explicit features (the last columns of a row)
MIN_GRAM_COUNT = 3  # a phrase indicator needs this many units in the corpus
MAX_GRAMS = 3000  # the most frequent phrases: CV F1 rose from 1,000 to 3,000 and fell again at 6,000
# Heads whose CV F1 was higher with only the 1,000 most frequent phrases (next_steps 0.765 against 0.742,
# problem_statement 0.864 against 0.862); every other head was better with 3,000.
HEAD_PHRASES = {"next_steps": 1000, "problem_statement": 1000}
NEWTON_STEPS = 15
CG_STEPS = 100  # conjugate-gradient steps per Newton step at most
AGENT_TAGS = (*AGENT_HEADS, "paraphrase")


@dataclass
class Dialogue:
    id: str
    source: str
    units: list[fx.Unit]
    labels: dict[int, set[str]]


def corpus_files(root: Path = CORPUS) -> list[Path]:
    """The files whose content defines the corpus (raw dialogues and primary labels), in a fixed order."""
    return sorted([*root.glob("raw/*.jsonl"), *root.glob("labels/*.jsonl")])


def corpus_hash(root: Path = CORPUS) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_corpus(root: Path = CORPUS) -> list[Dialogue]:
    raw = {row["id"]: row for path in sorted(root.glob("raw/*.jsonl")) for row in read_jsonl(path)}
    dialogues = []
    for path in sorted(root.glob("labels/*.jsonl")):
        for row in read_jsonl(path):
            source = raw[row["id"]]
            units = [fx.Unit(t["speaker"], t["text"]) for t in source["turns"]]
            labels = {int(k): set(v) for k, v in row["labels"].items()}
            dialogues.append(Dialogue(row["id"], source["source"], units, labels))
    return sorted(dialogues, key=lambda d: d.id)


def folds_of(dialogues: list[Dialogue]) -> dict[str, int]:
    ids = [d.id for d in dialogues]
    random.Random(SEED).shuffle(ids)
    return {d: i % FOLDS for i, d in enumerate(ids)}


def explicit_columns(head: str) -> int:
    """How many explicit features end each row of this head (features.py), penalised by EXPLICIT_STRENGTH."""
    if head in PAIR_HEADS:
        return len(fx.PAIR_FEATURES)
    return len(fx.CUSTOMER_FEATURES if head in CUSTOMER_HEADS else fx.AGENT_FEATURES)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, strength: float, explicit: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Class-balanced, L2-regularised logistic regression on standardised features; the last `explicit` columns
    get the penalty of EXPLICIT_STRENGTH, the others that of `strength`.

    Newton's method with each step solved by conjugate gradients (Jacobi-preconditioned, products in float32):
    with a few thousand phrase columns, forming and solving the full Hessian took minutes a fit, while CG needs
    only products with the data. Deterministic (no sampling, zero start).
    """
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1), dtype=np.float32)]).astype(np.float32)
    squares = z * z
    n = len(y)
    pos = max(1.0, float(y.sum()))
    neg = max(1.0, float(n - y.sum()))
    weight = np.where(y > 0, n / (2 * pos), n / (2 * neg))
    penalty = np.full(z.shape[1], 1.0 / strength)
    penalty[z.shape[1] - 1 - explicit : -1] = 1.0 / EXPLICIT_STRENGTH
    penalty[-1] = 0.0
    damping = penalty + 1e-8
    beta = np.zeros(z.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(_dot(z, beta), -30, 30)))
        gradient = _dot(z.T, weight * (p - y)) + penalty * beta
        curvature = weight * p * (1 - p)
        diagonal = _dot(squares.T, curvature) + damping
        step = _conjugate_gradient(lambda v, c=curvature: _dot(z.T, c * _dot(z, v)) + damping * v, gradient, diagonal)
        beta -= step
        if np.max(np.abs(step)) < 1e-4:
            break
    return mean, scale, beta[:-1], float(beta[-1])


def _dot(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """a @ v in float32 (a is float32; casting v keeps numpy from copying a to float64), returned as float64."""
    return (a @ v.astype(np.float32)).astype(np.float64)


def _conjugate_gradient(
    product, b: np.ndarray, diagonal: np.ndarray, iterations: int = CG_STEPS, tolerance: float = 1e-8
) -> np.ndarray:
    """Solve H s = b for the positive definite H given by `product`, preconditioned by H's diagonal."""
    s = np.zeros_like(b)
    r = b.copy()
    q = r / diagonal
    d = q.copy()
    rq = r @ q
    goal = tolerance * (b @ b)
    for _ in range(iterations):
        hd = product(d)
        a = rq / (d @ hd)
        s += a * d
        r -= a * hd
        if r @ r < goal:
            break
        q = r / diagonal
        rq, previous = r @ q, rq
        d = q + (rq / previous) * d
    return s


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return 1.0 / (1.0 + np.exp(-np.clip(((x - mean) / scale) @ w + b, -30, 30)))


def prf(y: np.ndarray, p: np.ndarray, threshold: float) -> tuple[float, float, float]:
    pred = p >= threshold
    tp = float((pred & (y > 0)).sum())
    fp = float((pred & (y == 0)).sum())
    fn = float((~pred & (y > 0)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    grid = [round(t, 2) for t in np.arange(0.2, 0.96, 0.05)]
    scored = [(prf(y, p, t)[2], t) for t in grid]
    f1, threshold = max(scored, key=lambda s: (s[0], -abs(s[1] - 0.5)))
    return threshold, f1


def embed_corpus(dialogues: list[Dialogue], encoder: SentenceEncoder) -> dict[str, Embedded]:
    """Every dialogue's units and sentences embedded, each distinct text once."""
    texts = sorted({s for d in dialogues for u in d.units for s in fx.sentence_texts(u.text)})
    table = _cached_embeddings(texts, encoder)

    def lookup(batch: list[str]) -> np.ndarray:
        return np.vstack([table[t] for t in batch])

    return {d.id: embed(d.units, lookup) for d in dialogues}


def _cached_embeddings(texts: list[str], encoder: SentenceEncoder) -> dict[str, np.ndarray]:
    """The encoder's views by text, kept in corpus/.cache between runs (the encoder is deterministic)."""
    path = CACHE / "views.npz"
    table: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as stored:
            table = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
    missing = [t for t in texts if t not in table]
    if missing:
        table.update(zip(missing, encoder.encode_views(missing), strict=True))
        CACHE.mkdir(parents=True, exist_ok=True)
        keep = sorted(table)
        np.savez(path, texts=np.array(keep), vectors=np.vstack([table[t] for t in keep]))
    return table


def build_vocabulary(dialogues: list[Dialogue], limit: int = MAX_GRAMS) -> list[str]:
    """The phrases (word unigrams and bigrams) common enough in the corpus to learn a weight for: the `limit`
    most frequent, in alphabetical order."""
    counts: dict[str, int] = {}
    for d in dialogues:
        for u in d.units:
            for gram in fx.grams(u.text):
                counts[gram] = counts.get(gram, 0) + 1
    common = [g for g, c in counts.items() if c >= MIN_GRAM_COUNT]
    common.sort(key=lambda g: (-counts[g], g))
    return sorted(common[:limit])


def phrase_budget(x: np.ndarray, head: str, vocabulary: list[str], dialogues: list[Dialogue]) -> np.ndarray:
    """The head's rows with the phrases beyond its budget (HEAD_PHRASES) zeroed: a constant column gets no
    weight, so the stored head ignores those phrases and every head keeps one layout."""
    budget = HEAD_PHRASES.get(head, MAX_GRAMS)
    if budget >= len(vocabulary):
        return x
    keep = set(build_vocabulary(dialogues, budget))
    start = x.shape[1] - explicit_columns(head) - len(vocabulary)
    dropped = [start + i for i, gram in enumerate(vocabulary) if gram not in keep]
    x = x.copy()
    x[:, dropped] = 0.0
    return x


def matrices(
    dialogues: list[Dialogue], embedded: dict[str, Embedded], vocabulary: list[str]
) -> dict[str, tuple[np.ndarray, np.ndarray, list[str]]]:
    """Per head: features, labels, and the dialogue of each row."""
    index = {g: i for i, g in enumerate(vocabulary)}
    rows: dict[str, tuple[list, list, list]] = {h: ([], [], []) for h in ALL_HEADS}
    for d in dialogues:
        m = design(embedded[d.id], index)
        for head in AGENT_HEADS:
            for x, i in zip(m.agent, m.agent_units, strict=True):
                rows[head][0].append(x)
                rows[head][1].append(head in d.labels.get(i, ()))
                rows[head][2].append(d.id)
        for x, i in zip(m.pair, m.agent_units, strict=True):
            rows["paraphrase"][0].append(x)
            rows["paraphrase"][1].append("paraphrase" in d.labels.get(i, ()))
            rows["paraphrase"][2].append(d.id)
        for head in CUSTOMER_HEADS:
            for x, i in zip(m.customer, m.customer_units, strict=True):
                rows[head][0].append(x)
                rows[head][1].append(head in d.labels.get(i, ()))
                rows[head][2].append(d.id)
    return {h: (np.vstack(x).astype(np.float32), np.asarray(y, dtype=np.float32), g) for h, (x, y, g) in rows.items()}


def cross_validate(x: np.ndarray, y: np.ndarray, groups: list[str], fold: dict[str, int], explicit: int) -> dict:
    """Out-of-fold probabilities per strength; the strength and threshold with the best F1."""
    which = np.array([fold[g] for g in groups])
    best: dict | None = None
    for strength in STRENGTHS:
        p = np.zeros(len(y))
        for k in range(FOLDS):
            train, test = which != k, which == k
            if y[train].sum() == 0:
                continue
            p[test] = predict(fit_logistic(x[train], y[train], strength, explicit), x[test])
        threshold, f1 = best_threshold(y, p)
        precision, recall, _ = prf(y, p, threshold)
        result = {"strength": strength, "threshold": threshold, "f1": round(f1, 4), "precision": round(precision, 4),
                  "recall": round(recall, 4), "positives": int(y.sum()), "rows": len(y), "oof": p}  # fmt: skip
        if best is None or result["f1"] > best["f1"]:
            best = result
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated figures; write nothing")
    parser.add_argument("--out", default=str(ROOT / "resources" / "detectors"))
    parser.add_argument("--corpus", default=str(CORPUS), help="the corpus folder (raw/, labels/)")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    dialogues = load_corpus(corpus)
    print(f"corpus: {len(dialogues)} dialogues, sources {sorted({d.source for d in dialogues})}")
    vocabulary = build_vocabulary(dialogues)
    data = matrices(dialogues, embed_corpus(dialogues, SentenceEncoder()), vocabulary)
    fold = folds_of(dialogues)
    heads: dict[str, Head] = {}
    meta: dict = {"corpus_sha256": corpus_hash(corpus), "seed": SEED, "folds": FOLDS, "heads": {},
                  "explicit_strength": EXPLICIT_STRENGTH, "head_phrases": HEAD_PHRASES,
                  "customer_context": ["last agent unit", "previous customer turn"],
                  "dialogues": len(dialogues), "vocabulary": vocabulary,
                  "encoder": "all-MiniLM-L6-v2 (mean pooling, normalised; token maximum; layer-3 mean)",
                  "features": {"agent": list(fx.AGENT_FEATURES), "pair": list(fx.PAIR_FEATURES),
                               "customer": list(fx.CUSTOMER_FEATURES)}}  # fmt: skip
    print(f"{'head':<20}{'rows':>7}{'pos':>6}{'C':>6}{'thr':>6}{'P':>7}{'R':>7}{'F1':>7}")
    for name in ALL_HEADS:
        x, y, groups = data[name]
        x = phrase_budget(x, name, vocabulary, dialogues)
        cv = cross_validate(x, y, groups, fold, explicit_columns(name))
        print(f"{name:<20}{cv['rows']:>7}{cv['positives']:>6}{cv['strength']:>6}{cv['threshold']:>6}"
              f"{cv['precision']:>7.3f}{cv['recall']:>7.3f}{cv['f1']:>7.3f}", flush=True)  # fmt: skip
        if args.cv_only:
            continue
        mean, scale, w, b = fit_logistic(x, y, cv["strength"], explicit_columns(name))
        heads[name] = Head(name, mean.astype(np.float32), scale.astype(np.float32), w.astype(np.float32), b,
                           cv["threshold"])  # fmt: skip
        meta["heads"][name] = {k: v for k, v in cv.items() if k != "oof"}
    if not args.cv_only:
        save_heads(Path(args.out), heads, meta)
        print(f"wrote {args.out} (corpus {meta['corpus_sha256'][:12]})")


if __name__ == "__main__":
    main()
