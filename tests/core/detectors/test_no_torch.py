"""The learned detectors run without torch: the install stays small and the bundle carries no deep-learning stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CHECK = """
import sys
from callcoach.core.analysis import analyze
from callcoach.transcripts import load_transcript
analysis = analyze(load_transcript("resources/demo/demo_call.vtt"))
assert any(s.tag_scores for s in analysis.transcript.segments)
heavy = [m for m in ("torch", "transformers", "sentence_transformers", "tensorflow", "sklearn")
         if m in sys.modules]
print(heavy)
"""


def test_analysis_loads_no_deep_learning_framework() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"
