"""Run `callcoach analyze --json` over the shared devset and score the results with its score.py.

Usage: .venv/bin/python bench/devset_score.py [DEVSET_DIR] [--out results]
Prints the scorer's tables; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.analysis import analyze  # noqa: E402
from app.core.serialize import to_dict  # noqa: E402
from app.transcripts import load_transcript  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("devset", nargs="?", default=str(ROOT.parent / "shared" / "devset"))
    parser.add_argument("--out", default=str(ROOT / "results"))
    args = parser.parse_args()
    devset, out = Path(args.devset), Path(args.out)
    for sub, target in (("text", out / "text"), ("text/hard", out / "text" / "hard")):
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted((devset / sub).glob("*.vtt")):
            doc = to_dict(analyze(load_transcript(path)))
            (target / f"{path.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
    subprocess.run([sys.executable, str(devset / "score.py"), "text", str(devset), str(out / "text")], check=True)


if __name__ == "__main__":
    main()
