"""How well the coaching detectors generalise, side by side on the same splits.

Prints, per tag and per finding: 5-fold cross-validated F1 on the labelled corpus (corpus/, split by dialogue,
with each head's strength and threshold as stored in resources/detectors/heads.json), F1 on the shared devset
(real dialogues and hard cases; a test split: never trained on), and the phrase rules CallCoach had before
(bench/rules_baseline.py) on exactly the same data.

Usage: .venv/bin/python bench/devset_score.py [DEVSET_DIR] [--out results] [--skip-cv] [--audio [--model base]]
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

import train_detectors as td  # noqa: E402
from rules_baseline import analyze_rules  # noqa: E402

from callcoach.core.analysis import analyze  # noqa: E402
from callcoach.core.detectors.heads import AGENT_HEADS, CUSTOMER_HEADS, default_heads  # noqa: E402
from callcoach.core.model import Segment, Transcript  # noqa: E402
from callcoach.core.serialize import to_dict  # noqa: E402
from callcoach.transcripts import load_transcript  # noqa: E402

TAGS = ("empathy", "paraphrase", "negative_language")
FINDINGS = ("missing_empathy", "missing_paraphrase")


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _counts(gold: list[bool], pred: list[bool]) -> tuple[int, int, int]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    return tp, fp, fn


def _missing(units: list, tags: list[set[str]], cue: str, answer: str) -> list[bool]:
    """Per unit: a flagged customer unit none of the next two agent units answers (LABELING.md's derived flag)."""
    out = []
    for i, unit in enumerate(units):
        if unit.speaker != "customer" or cue not in tags[i]:
            out.append(False)
            continue
        replies = [j for j in range(i + 1, len(units)) if units[j].speaker == "agent"][:2]
        out.append(bool(replies) and not any(answer in tags[j] for j in replies))
    return out


def _figures(dialogues: list, predicted: dict[str, list[set[str]]]) -> dict[str, float]:
    """Unit-level F1 per tag and per derived finding, pooled over dialogues."""
    sums: dict[str, list[int]] = {}
    for d in dialogues:
        gold = [d.labels.get(i, set()) for i in range(len(d.units))]
        pred = predicted[d.id]
        for tag in (*TAGS, "distress", "problem_statement"):
            speaker = "customer" if tag in CUSTOMER_HEADS else "agent"
            idx = [i for i, u in enumerate(d.units) if u.speaker == speaker]
            c = _counts([tag in gold[i] for i in idx], [tag in pred[i] for i in idx])
            sums.setdefault(tag, [0, 0, 0])
            sums[tag] = [a + b for a, b in zip(sums[tag], c, strict=True)]
        for kind, cue, answer in (("missing_empathy", "distress", "empathy"),
                                  ("missing_paraphrase", "problem_statement", "paraphrase")):  # fmt: skip
            c = _counts(_missing(d.units, gold, cue, answer), _missing(d.units, pred, cue, answer))
            sums.setdefault(kind, [0, 0, 0])
            sums[kind] = [a + b for a, b in zip(sums[kind], c, strict=True)]
    return {k: _f1(*v) for k, v in sums.items()}


def corpus_cv() -> tuple[dict[str, float], dict[str, float], int]:
    """5-fold CV by dialogue of the stored configuration, and the phrase rules on the same dialogues."""
    heads = default_heads()
    dialogues = td.load_corpus()
    vocabulary = heads.meta["vocabulary"]
    data = td.matrices(dialogues, td.embed_corpus(dialogues, td.SentenceEncoder()), vocabulary)
    fold = td.folds_of(dialogues)
    oof: dict[str, np.ndarray] = {}
    for name, (x, y, groups) in data.items():
        x = td.phrase_budget(x, name, vocabulary, dialogues)
        which = np.array([fold[g] for g in groups])
        p = np.zeros(len(y))
        for k in range(td.FOLDS):
            train, test = which != k, which == k
            strength = heads.meta["heads"][name]["strength"]
            p[test] = td.predict(td.fit_logistic(x[train], y[train], strength, td.explicit_columns(name)), x[test])
        oof[name] = p >= heads[name].threshold
    predicted: dict[str, list[set[str]]] = {d.id: [set() for _ in d.units] for d in dialogues}
    cursor: dict[str, int] = dict.fromkeys(data, 0)
    for d in dialogues:
        for i, unit in enumerate(d.units):
            names = CUSTOMER_HEADS if unit.speaker == "customer" else (*AGENT_HEADS, "paraphrase")
            for name in names:
                if oof[name][cursor[name]]:
                    predicted[d.id][i].add(name)
                cursor[name] += 1
    rules = {d.id: _rule_tags(d.units) for d in dialogues}
    return _figures(dialogues, predicted), _figures(dialogues, rules), len(dialogues)


def _rule_tags(units: list) -> list[set[str]]:
    segments = [Segment(i, u.speaker, i * 10.0, i * 10.0 + 5.0, u.text) for i, u in enumerate(units)]
    result = analyze_rules(Transcript("corpus", segments))
    out = [set(s.tags) for s in result.transcript.segments]
    for s in result.transcript.segments:
        if "problem_statement" in s.tags:
            out[s.id].add("problem_statement")
    return out


def _scorer(devset: Path):
    spec = importlib.util.spec_from_file_location("devset_score_py", devset / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _distress_f1(devset: Path, sub: str, results: Path) -> float:
    """Customer cues flagged `distress` (matched by cue start) against the labels."""
    labels = json.loads((devset / sub / "labels.json").read_text())
    tp = fp = fn = 0
    for name, lab in labels.items():
        doc = json.loads((results / f"{Path(name).stem}.json").read_text())
        flagged = {round(s["start"], 2) for s in doc["segments"] if "distress" in s["tags"]}
        for i, cue in enumerate(lab["cues"]):
            if cue["speaker"] != "customer":
                continue
            gold, pred = i in lab["distress"], round(cue["start"], 2) in flagged
            tp, fp, fn = tp + (gold and pred), fp + (pred and not gold), fn + (gold and not pred)
    return _f1(tp, fp, fn)


def devset_figures(devset: Path, out: Path) -> dict[str, dict[str, dict[str, float]]]:
    scorer = _scorer(devset)
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for label, fn in (("model", analyze), ("rules", analyze_rules)):
        target = out / label
        for sub, folder in (("text", target), ("text/hard", target / "hard")):
            folder.mkdir(parents=True, exist_ok=True)
            for path in sorted((devset / sub).glob("*.vtt")):
                doc = to_dict(fn(load_transcript(path)))
                (folder / f"{path.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
        result = scorer.score_text(str(devset), str(target), quiet=True)
        for split, sub, folder in (("real", "text", target), ("hard", "text/hard", target / "hard")):
            r = result["main" if split == "real" else "hard"]
            row = {t: r["tags"][t]["f1"] for t in TAGS}
            row.update({k: r["findings"][k]["f1"] for k in FINDINGS})
            row["distress"] = _distress_f1(devset, sub, folder)
            figures.setdefault(split, {})[label] = row
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("devset", nargs="?", default=str(ROOT.parent / "shared" / "devset"))
    parser.add_argument("--out", default=str(ROOT / "results"))
    parser.add_argument("--skip-cv", action="store_true", help="only the devset (the CV refits every head)")
    parser.add_argument("--audio", action="store_true", help="also transcribe and score the audio calls")
    parser.add_argument("--model", default="tiny.en")
    args = parser.parse_args()
    devset, out = Path(args.devset), Path(args.out)
    dev = devset_figures(devset, out / "text")
    cv_model = cv_rules = None
    n = 0
    if not args.skip_cv:
        cv_model, cv_rules, n = corpus_cv()
    rows = (*TAGS, *FINDINGS, "distress")
    print(f"F1, learned detectors (model) vs the phrase rules (rules); corpus: {n} dialogues, 5-fold CV by dialogue")
    print(f"{'':22}{'corpus CV':>18}{'devset real':>18}{'devset hard':>18}")
    print(f"{'':22}" + f"{'model':>9}{'rules':>9}" * 3)
    for row in rows:
        cells = []
        for model, rules in ((cv_model, cv_rules), (dev["real"]["model"], dev["real"]["rules"]),
                             (dev["hard"]["model"], dev["hard"]["rules"])):  # fmt: skip
            cells += [f"{model[row]:>9.3f}" if model else f"{'-':>9}", f"{rules[row]:>9.3f}" if rules else f"{'-':>9}"]
        name = f"{row} tag" if row in TAGS else row
        print(f"{name:<22}" + "".join(cells))
    if args.audio:
        from callcoach.transcription.models import resolve_model
        from callcoach.transcription.pipeline import transcribe_recording
        from callcoach.transcription.whisper_engine import WhisperEngine

        engine = WhisperEngine(resolve_model(args.model))
        (out / "audio").mkdir(parents=True, exist_ok=True)
        for path in sorted((devset / "audio").glob("*.wav")):
            doc = to_dict(analyze(transcribe_recording(path, engine=engine)))
            (out / "audio" / f"{path.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
        _scorer(devset).score_audio(str(devset), str(out / "audio"))


if __name__ == "__main__":
    main()
