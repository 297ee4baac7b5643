"""Extract raw, unlabelled dialogues for the training corpus from the permitted public sources.

Writes `corpus/raw/<source>.jsonl`, one dialogue a line: {"id", "source", "origin", "turns": [{"speaker", "text"}]}.
Consecutive messages of one speaker stay separate turns (that is how recordings and chats arrive); the labels
in `corpus/labels/` refer to turn indices. Sources: see corpus/README.md.

    python tools/corpus_extract.py ibm ../shared/corpus/ibm_twitter_pool.jsonl
    python tools/corpus_extract.py star /path/to/RasaHQ-STAR-git-dir
    python tools/corpus_extract.py rsics /path/to/Johumel-Greet_pred-git-dir
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "corpus" / "raw"
UPSET_PERSONA = ("concern", "confus", "complain", "angry", "upset", "frustrat", "impatien", "rude", "annoy", "worr")


def ibm(pool: str) -> list[dict]:
    rows = []
    for n, line in enumerate(Path(pool).read_text().splitlines()):
        item = json.loads(line)
        if item["in_devset"]:
            continue  # the devset's own dialogues are the test split
        rows.append(
            {"id": f"ibm-{n:04d}", "source": "ibm", "origin": item["source"], "company": item["company"],
             "turns": [{"speaker": t["speaker"], "text": t["text"]} for t in item["turns"]]}
        )  # fmt: skip
    return rows


def _git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, text=True, check=True).stdout


def star(repo: str, upset: int = 260, calm: int = 60, seed: int = 7) -> list[dict]:
    """STAR dialogues: every complaining/concerned/confused persona first, then a sample of calm ones."""
    names = [n for n in _git(repo, "ls-tree", "-r", "HEAD", "--name-only").split() if n.startswith("dialogues/")]
    upset_rows, calm_rows = [], []
    for name in sorted(names, key=lambda n: int(Path(n).stem)):
        d = json.loads(_git(repo, "show", f"HEAD:{name}"))
        if d.get("CompletionLevel") != "Complete":
            continue
        guide = " ".join(e.get("Text", "") for e in d["Events"] if e.get("Agent") == "UserGuide").lower()
        turns = []
        for e in d["Events"]:
            text = (e.get("Text") or "").strip()
            if not text:
                continue
            if e.get("Agent") == "User" and e["Action"] == "utter":
                turns.append({"speaker": "customer", "text": text})
            elif e.get("Agent") == "Wizard" and e["Action"] in ("utter", "pick_suggestion"):
                turns.append({"speaker": "agent", "text": text})
        if len(turns) < 4:
            continue
        domains = (d.get("Scenario") or {}).get("Domains") or [""]
        row = {"id": f"star-{d['DialogueID']:05d}", "source": "star", "origin": f"RasaHQ/STAR {name}",
               "domain": domains[0], "turns": turns}  # fmt: skip
        (upset_rows if any(w in guide for w in UPSET_PERSONA) else calm_rows).append(row)
    rng = random.Random(seed)
    rng.shuffle(upset_rows)
    rng.shuffle(calm_rows)
    return sorted(upset_rows[:upset] + calm_rows[:calm], key=lambda r: r["id"])


def rsics(repo: str, upset: int = 300, calm: int = 300, seed: int = 11) -> list[dict]:
    """RSiCS customer requests (Johumel/Greet_pred, tagged_selections_by_sentence.csv): single customer turns.

    The file's own Rant / Express Emotion flags (its 4th and 7th flag columns) only steer the sample towards
    upset customers; the labels come from reading each request.
    """
    import csv
    import io

    text = _git(repo, "show", "HEAD:tagged_selections_by_sentence.csv")
    upset_rows, calm_rows = [], []
    for n, row in enumerate(csv.reader(io.StringIO(text))):
        if len(row) < 14:
            continue
        request = row[4].replace("[", "").replace("]", "").strip()
        if not 12 <= len(request.split()) <= 120:
            continue
        origin = f"Johumel/Greet_pred tagged_selections_by_sentence.csv row {n}"
        item = {"id": f"rsics-{n:05d}", "source": "rsics", "origin": origin,
                "turns": [{"speaker": "customer", "text": request}]}  # fmt: skip
        (upset_rows if row[10] == "1" or row[13] == "1" else calm_rows).append(item)
    rng = random.Random(seed)
    rng.shuffle(upset_rows)
    rng.shuffle(calm_rows)
    return sorted(upset_rows[:upset] + calm_rows[:calm], key=lambda r: r["id"])


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    rows = {"ibm": ibm, "star": star, "rsics": rsics}[kind](path)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / f"{kind}.jsonl").open("w") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    turns = sum(len(r["turns"]) for r in rows)
    print(f"{kind}: {len(rows)} dialogues, {turns} turns")


if __name__ == "__main__":
    main()
