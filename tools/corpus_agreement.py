"""Inter-annotator agreement on the doubly labelled 10% of the corpus (Cohen's kappa per tag).

Each labelling batch also held about 10% of another batch's dialogues, labelled blind by a second labeller
(corpus/assignment.json says which). `--split` moves those second labels out of corpus/labels/<batch>.jsonl
into corpus/second/<batch>.jsonl, so training reads only first labels; then the kappas are printed.

    python tools/corpus_agreement.py [--split]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
TAGS = ("empathy", "paraphrase", "negative_language", "solution", "options", "next_steps", "closing_summary",
        "distress", "problem_statement", "sarcasm")  # fmt: skip


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()] if path.exists() else []


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def split() -> None:
    primary = json.loads((CORPUS / "assignment.json").read_text())["primary"]
    for batch, ids in primary.items():
        path = CORPUS / "labels" / f"{batch}.jsonl"
        rows = _rows(path)
        mine = set(ids)
        keep = [r for r in rows if r["id"] in mine]
        other = [r for r in rows if r["id"] not in mine]
        if other:
            _write(path, keep)
            _write(CORPUS / "second" / f"{batch}.jsonl", _rows(CORPUS / "second" / f"{batch}.jsonl") + other)


def kappa(a: list[bool], b: list[bool]) -> float | None:
    n = len(a)
    if not n:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else (observed - expected) / (1 - expected)  # no positives on either side: undefined


def agreement() -> dict[str, dict]:
    raw = {r["id"]: r for p in CORPUS.glob("raw/*.jsonl") for r in _rows(p)}
    first = {r["id"]: r for p in CORPUS.glob("labels/*.jsonl") for r in _rows(p)}
    second = {r["id"]: r for p in CORPUS.glob("second/*.jsonl") for r in _rows(p)}
    both = sorted(set(first) & set(second))
    out = {}
    for tag in TAGS:
        a, b = [], []
        for d in both:
            for i, turn in enumerate(raw[d]["turns"]):
                agent_tag = tag not in ("distress", "problem_statement", "sarcasm")
                if (turn["speaker"] == "agent") != agent_tag:
                    continue
                a.append(tag in first[d]["labels"].get(str(i), []))
                b.append(tag in second[d]["labels"].get(str(i), []))
        k = kappa(a, b)
        out[tag] = {"units": len(a), "first": sum(a), "second": sum(b), "kappa": None if k is None else round(k, 3)}
    return {"dialogues": len(both), "tags": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", action="store_true", help="move second labels to corpus/second/ first")
    args = parser.parse_args()
    if args.split:
        split()
    result = agreement()
    print(f"{result['dialogues']} dialogues labelled twice")
    print(f"{'tag':<20}{'units':>7}{'first':>7}{'second':>8}{'kappa':>8}")
    for tag, r in result["tags"].items():
        print(f"{tag:<20}{r['units']:>7}{r['first']:>7}{r['second']:>8}{r['kappa']!s:>8}")


if __name__ == "__main__":
    main()
