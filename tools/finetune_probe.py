"""Research probe, not part of the product: would fine-tuning the sentence encoder help the learned heads?

Fine-tunes all-MiniLM-L6-v2 on every corpus fold but one (multi-task: one logit per head, agent heads on
agent turns and customer heads on customer turns), then prints, for the held-out fold, the F1 at the best
threshold of (a) the fine-tuned model alone, (b) the shipped logistic heads (resources/detectors/heads.json's
strengths, refitted on the same training folds) and (c) the mean of the two probabilities. The folds are
train_detectors.py's, split by dialogue; the devset is not read.

It needs torch, which CallCoach never imports (no torch at run time). Install it into a separate environment
that also sees the checkout's packages, then run the probe there:

    python3 -m venv /tmp/probe && /tmp/probe/bin/pip install torch
    echo "import site; site.addsitedir('$PWD/.venv/lib/python3.11/site-packages')" \
        > /tmp/probe/lib/python3.11/site-packages/callcoach.pth
    /tmp/probe/bin/python tools/finetune_probe.py --fold 0 --pair

A fold takes about 8 minutes on two cores with `--pair` and all layers trained, about 3 with `--freeze 4`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import train_detectors as td  # noqa: E402
from safetensors.torch import load  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from callcoach.core.detectors.encoder import DIM, SentenceEncoder, model_zip_path  # noqa: E402
from callcoach.core.detectors.heads import AGENT_HEADS, CUSTOMER_HEADS  # noqa: E402
from callcoach.core.detectors.scoring import Embedded, design  # noqa: E402

AGENT = list(AGENT_HEADS)
CUSTOMER = [h for h in CUSTOMER_HEADS if h != "sarcasm"]  # too few positives to read a fold's F1 from
HEADS = AGENT + CUSTOMER
LAYERS, ATTENTION_HEADS, BATCH = 6, 12, 32
MAX_TOKENS = 128  # half the encoder's 256, for training time: 31 of the corpus's 12,917 turns are longer (163 at most)


class Encoder(torch.nn.Module):
    """BERT as the shipped numpy encoder computes it, with a linear layer over [mean, max] pooling."""

    def __init__(self, weights: dict[str, torch.Tensor], freeze: int) -> None:
        super().__init__()
        self.freeze = freeze
        self.w = torch.nn.ParameterDict(
            {k.replace(".", "__"): torch.nn.Parameter(v.float().clone()) for k, v in weights.items()}
        )
        for name, p in self.w.items():
            frozen = [f"encoder__layer__{i}__" for i in range(freeze)]
            p.requires_grad_(not (name.startswith("embeddings") or name.startswith(tuple(frozen))))
        self.head = torch.nn.Linear(2 * DIM, len(HEADS))

    def _p(self, name: str) -> torch.Tensor:
        return self.w[name.replace(".", "__")]

    def forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n, length = ids.shape
        x = (
            self._p("embeddings.word_embeddings.weight")[ids]
            + self._p("embeddings.position_embeddings.weight")[:length]
        )
        x = x + self._p("embeddings.token_type_embeddings.weight")[types]
        x = self._norm(x, "embeddings.LayerNorm")
        bias = (1 - mask[:, None, None, :]) * -1e9
        size = DIM // ATTENTION_HEADS
        for i in range(LAYERS):
            if i == self.freeze:
                x = x.detach()
            p = f"encoder.layer.{i}."
            q, k, v = (
                self._linear(x, p + "attention.self." + t).view(n, length, ATTENTION_HEADS, size).transpose(1, 2)
                for t in ("query", "key", "value")
            )
            attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + bias, -1)
            context = (attention @ v).transpose(1, 2).reshape(n, length, DIM)
            x = self._norm(self._linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            hidden = F.gelu(self._linear(x, p + "intermediate.dense"), approximate="tanh")
            x = self._norm(self._linear(hidden, p + "output.dense") + x, p + "output.LayerNorm")
        m = mask[..., None]
        mean = F.normalize((x * m).sum(1) / m.sum(1), dim=-1)
        top = (x + (1 - m) * -1e4).max(1).values / 10
        return self.head(torch.cat([mean, top], -1))

    def _linear(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.linear(x, self._p(name + ".weight"), self._p(name + ".bias"))

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(x, (DIM,), self._p(name + ".weight"), self._p(name + ".bias"), 1e-12)


def turn_rows(
    dialogues: list[td.Dialogue], embedded: dict[str, Embedded], vocabulary: list[str], fold: dict[str, int]
) -> list[dict]:
    """Every unit the heads score, in matrices()' order: agent units of a dialogue, then its customer units."""
    index = {g: i for i, g in enumerate(vocabulary)}
    rows = []
    for d in dialogues:
        m = design(embedded[d.id], index)
        for role, units in (("agent", m.agent_units), ("customer", m.customer_units)):
            for i in units:
                before = [u.text for u in d.units[:i] if u.speaker != d.units[i].speaker]
                rows.append({"role": role, "text": d.units[i].text, "before": before[-1] if before else "",
                             "tags": d.labels.get(i, set()), "fold": fold[d.id]})  # fmt: skip
    return rows


def logistic_oof(
    dialogues: list[td.Dialogue],
    embedded: dict[str, Embedded],
    vocabulary: list[str],
    fold: dict[str, int],
    held_out: int,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The shipped heads refitted without the held-out fold: its labels and probabilities, per head."""
    meta = json.loads((ROOT / "resources/detectors/heads.json").read_text())
    data = td.matrices(dialogues, embedded, vocabulary)
    out = {}
    for name in HEADS:
        x, y, groups = data[name]
        x = td.phrase_budget(x, name, vocabulary, dialogues)
        which = np.array([fold[g] for g in groups])
        model = td.fit_logistic(x[which != held_out], y[which != held_out], meta["heads"][name]["strength"],
                                td.explicit_columns(name))  # fmt: skip
        out[name] = (y[which == held_out], td.predict(model, x[which == held_out]))
    return out


def best_f1(y: np.ndarray, p: np.ndarray) -> float:
    """F1 at the best threshold on a finer and wider grid than td.best_threshold's (0.2-0.95 by 0.05): the
    fine-tuned model's probabilities are not calibrated like the logistic heads', and one fold is small."""
    return max(td.prf(y, p, t)[2] for t in np.arange(0.05, 0.96, 0.01))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fold", type=int, default=0, help="the held-out fold (0-4)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5, help="the encoder's learning rate (the head's is 1e-3)")
    parser.add_argument("--freeze", type=int, default=0, help="how many bottom layers stay as shipped")
    parser.add_argument("--pair", action="store_true", help="encode the other speaker's last turn before the turn")
    parser.add_argument("--save", type=Path, help="write the held-out probabilities here (.npy, rows x heads)")
    args = parser.parse_args()
    torch.manual_seed(td.SEED)
    random.seed(td.SEED)
    torch.set_num_threads(2)

    dialogues = td.load_corpus()
    vocabulary = td.build_vocabulary(dialogues)
    embedded = td.embed_corpus(dialogues, SentenceEncoder())  # once: both the rows and the logistic heads
    fold = td.folds_of(dialogues)
    rows = turn_rows(dialogues, embedded, vocabulary, fold)
    with zipfile.ZipFile(model_zip_path()) as archive:
        weights = {k.removeprefix("bert."): v for k, v in load(archive.read("model.safetensors")).items()}
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
    weights = {k: v for k, v in weights.items() if "pooler" not in k and "position_ids" not in k}
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)

    def tokens(row: dict) -> tuple[list[int], list[int]]:
        e = tokenizer.encode(row["before"][-400:], row["text"]) if args.pair and row["before"] else None
        e = e or tokenizer.encode(row["text"])
        return e.ids, e.type_ids  # the tokenizer truncates (a pair: the longer part first)

    encoded = [tokens(r) for r in rows]
    y = np.array([[h in r["tags"] for h in HEADS] for r in rows], dtype=np.float32)
    applies = np.array([[(h in AGENT) == (r["role"] == "agent") for h in HEADS] for r in rows], dtype=np.float32)
    train = [i for i, r in enumerate(rows) if r["fold"] != args.fold]
    test = [i for i, r in enumerate(rows) if r["fold"] == args.fold]
    positives, total = y[train].sum(0), applies[train].sum(0)
    weight = torch.tensor(np.sqrt((total - positives) / np.maximum(positives, 1)), dtype=torch.float32)

    def batch(chunk: list[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        length = max(len(encoded[i][0]) for i in chunk)
        ids, types, mask = (torch.zeros(len(chunk), length) for _ in range(3))
        for j, i in enumerate(chunk):
            a, b = encoded[i]
            ids[j, : len(a)], types[j, : len(a)], mask[j, : len(a)] = torch.tensor(a), torch.tensor(b), 1
        return ids.long(), types.long(), mask

    model = Encoder(weights, args.freeze)
    encoder_params = [p for p in model.w.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [{"params": encoder_params, "lr": args.lr}, {"params": model.head.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(len(train) / BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1, s / (0.06 * steps)) * (1 - s / steps))
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        random.shuffle(train)
        batches = []  # batches of similar length, in a random order
        for s in range(0, len(train), BATCH * 50):
            block = sorted(train[s : s + BATCH * 50], key=lambda i: len(encoded[i][0]))
            batches += [block[b : b + BATCH] for b in range(0, len(block), BATCH)]
        random.shuffle(batches)
        for chunk in batches:
            logits = model(*batch(chunk))
            mask = torch.tensor(applies[chunk])
            loss = F.binary_cross_entropy_with_logits(
                logits, torch.tensor(y[chunk]), pos_weight=weight, reduction="none"
            )
            loss = (loss * mask).sum() / mask.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch}: {time.time() - start:.0f} s", flush=True)

    model.eval()
    p = np.zeros((len(test), len(HEADS)))
    order = sorted(range(len(test)), key=lambda j: len(encoded[test[j]][0]))
    with torch.no_grad():
        for s in range(0, len(order), 64):
            js = order[s : s + 64]
            p[js] = torch.sigmoid(model(*batch([test[j] for j in js]))).numpy()
    if args.save:
        np.save(args.save, p)
    logistic = logistic_oof(dialogues, embedded, vocabulary, fold, args.fold)
    print(f"fold {args.fold}: F1 at the best threshold, held-out dialogues")
    print(f"{'head':18s} {'fine-tuned':>10s} {'logistic':>9s} {'mean':>6s}")
    for h, name in enumerate(HEADS):
        role = "agent" if name in AGENT else "customer"
        mine = [j for j, i in enumerate(test) if rows[i]["role"] == role]
        labels, theirs = logistic[name]
        assert np.array_equal(labels, y[[test[j] for j in mine], h]), "row order differs from matrices()"
        tuned = p[mine, h]
        print(f"{name:18s} {best_f1(labels, tuned):10.3f} {best_f1(labels, theirs):9.3f} "
              f"{best_f1(labels, (tuned + theirs) / 2):6.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
