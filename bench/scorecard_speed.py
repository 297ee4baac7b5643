"""How long the PDF scorecard of a generated 1-hour call (about 1,000 segments) takes to render.

Prints figures; asserts nothing. Run: .venv/bin/python bench/scorecard_speed.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis_speed import generated_call

from callcoach.core.analysis import analyze
from callcoach.core.review import CallInfo, Comment, Override, Review
from callcoach.reporting.fonts import register_fonts
from callcoach.reporting.scorecard import render_scorecard

RUNS = 5


def main() -> None:
    analysis = analyze(generated_call())
    at = datetime(2024, 5, 3, 16, 0)
    review = Review(
        reviewer="Wang Fang 王芳",
        overrides=[Override("professionalism", 90, "Pace suits a technical call.", "Wang Fang", at)],
        comments=[Comment(f"Note {i}: listen to this moment again.", "Wang Fang", at, i * 300.0) for i in range(10)],
    )
    info = CallInfo("Generated 1-hour call", "Zoë Ångström-Łukasz", at, 1)
    t0 = time.perf_counter()
    register_fonts()
    fonts = time.perf_counter() - t0
    times = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "scorecard.pdf"
        for _ in range(RUNS):
            t0 = time.perf_counter()
            render_scorecard(analysis, target, info=info, review=review)
            times.append(time.perf_counter() - t0)
        size = target.stat().st_size
    print(f"segments: {len(analysis.transcript.segments)}, call length: {analysis.transcript.length / 60:.0f} min")
    print(f"findings: {len(analysis.findings)}")
    print(f"font registration (once per process): {fonts * 1000:.0f} ms")
    print(
        f"render_scorecard: median {statistics.median(times) * 1000:.0f} ms, "
        f"best {min(times) * 1000:.0f} ms, first {times[0] * 1000:.0f} ms ({RUNS} runs)"
    )
    print(f"PDF size: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
