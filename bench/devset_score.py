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
    parser.add_argument("--audio", action="store_true", help="also transcribe and score the audio calls")
    parser.add_argument("--model", default="tiny.en")
    args = parser.parse_args()
    devset, out = Path(args.devset), Path(args.out)
    for sub, target in (("text", out / "text"), ("text/hard", out / "text" / "hard")):
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted((devset / sub).glob("*.vtt")):
            doc = to_dict(analyze(load_transcript(path)))
            (target / f"{path.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
    subprocess.run([sys.executable, str(devset / "score.py"), "text", str(devset), str(out / "text")], check=True)
    if args.audio:
        from app.transcription.models import resolve_model
        from app.transcription.pipeline import transcribe_recording
        from app.transcription.whisper_engine import WhisperEngine

        engine = WhisperEngine(resolve_model(args.model))
        (out / "audio").mkdir(parents=True, exist_ok=True)
        for path in sorted((devset / "audio").glob("*.wav")):
            doc = to_dict(analyze(transcribe_recording(path, engine=engine)))
            (out / "audio" / f"{path.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
        subprocess.run([sys.executable, str(devset / "score.py"), "audio", str(devset), str(out / "audio")], check=True)


if __name__ == "__main__":
    main()
