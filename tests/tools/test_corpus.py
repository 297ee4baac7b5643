"""The labelled corpus the detectors are trained on: large enough, well-formed, and free of the devset."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import corpus_agreement  # noqa: E402
import train_detectors  # noqa: E402

AGENT_TAGS = {"empathy", "paraphrase", "negative_language", "solution", "options", "next_steps", "closing_summary",
              "backchannel"}  # fmt: skip
CUSTOMER_TAGS = {"distress", "problem_statement", "sarcasm"}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def raw() -> dict[str, dict]:
    return {r["id"]: r for p in (ROOT / "corpus" / "raw").glob("*.jsonl") for r in _rows(p)}


def test_corpus_size_and_sources() -> None:
    dialogues = train_detectors.load_corpus()
    speakers = Counter(u.speaker for d in dialogues for u in d.units)
    assert len(dialogues) >= 400
    assert len({d.source for d in dialogues}) >= 4
    assert speakers["agent"] >= 4000
    assert speakers["customer"] >= 2500


def test_every_label_fits_its_dialogue(raw: dict[str, dict]) -> None:
    seen: set[str] = set()
    for path in sorted((ROOT / "corpus" / "labels").glob("*.jsonl")):
        for row in _rows(path):
            assert row["id"] not in seen, f"{path.name}: {row['id']} labelled twice as a first label"
            seen.add(row["id"])
            turns = raw[row["id"]]["turns"]
            for index, tags in row["labels"].items():
                speaker = turns[int(index)]["speaker"]
                allowed = AGENT_TAGS if speaker == "agent" else CUSTOMER_TAGS
                assert set(tags) <= allowed, f"{path.name}: {row['id']} turn {index} ({speaker}) has {tags}"
            for agent, restated in row.get("paraphrase_of", {}).items():
                assert "paraphrase" in row["labels"].get(agent, []), f"{row['id']} turn {agent}"
                assert all(turns[i]["speaker"] == "customer" for i in restated), f"{row['id']} turn {agent}"


def test_the_devset_dialogues_are_not_in_the_corpus(raw: dict[str, dict]) -> None:
    pool = ROOT.parent / "shared" / "corpus" / "ibm_twitter_pool.jsonl"
    if not pool.exists():
        pytest.skip("the shared corpus folder is not beside this checkout")
    devset = {json.loads(line)["source"] for line in pool.read_text().splitlines() if json.loads(line)["in_devset"]}
    assert devset and not devset & {r.get("origin") for r in raw.values()}


def test_second_labels_cover_a_tenth_and_are_blind_duplicates() -> None:
    first = {r["id"] for p in (ROOT / "corpus" / "labels").glob("*.jsonl") for r in _rows(p)}
    second = [r["id"] for p in (ROOT / "corpus" / "second").glob("*.jsonl") for r in _rows(p)]
    assert set(second) <= first
    assert len(set(second)) >= 0.07 * len(first)


def test_kappa() -> None:
    assert corpus_agreement.kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert corpus_agreement.kappa([True, True, False, False], [True, False, True, False]) == 0.0
    assert corpus_agreement.kappa([False, False], [False, False]) is None
