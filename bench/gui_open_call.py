"""How long the review screen takes to open a generated 1-hour call (about 1,000 segments), offscreen.

Two figures, median of 5 runs each: `show_call` alone (models reset, scorecard, player), and until the
screen is laid out and painted once (row heights measured, timeline drawn) — what a reviewer waits for.
Prints figures; asserts nothing. Run: .venv/bin/python bench/gui_open_call.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from bench.analysis_speed import generated_call
from callcoach.core.analysis import analyze
from callcoach.core.review import CallInfo
from callcoach.ui.review.review_screen import ReviewScreen

RUNS = 5


def main() -> None:
    app = QApplication.instance() or QApplication([])
    analysis = analyze(generated_call())
    info = CallInfo("Generated 1-hour call", agent="Sam")
    screen = ReviewScreen()
    screen.resize(1440, 900)
    screen.show()
    app.processEvents()
    show_times, painted_times = [], []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        screen.show_call(analysis, None, info, None)
        t1 = time.perf_counter()
        screen.repaint()  # lays out the transcript (row heights), draws the timeline and the visible rows
        app.processEvents()
        t2 = time.perf_counter()
        show_times.append(t1 - t0)
        painted_times.append(t2 - t0)
    t0 = time.perf_counter()
    for second in range(0, 3600, 10):
        screen.seek(float(second))
        screen.repaint()
    follow = (time.perf_counter() - t0) / 360
    print(f"segments: {len(analysis.transcript.segments)}, findings: {len(analysis.findings)}")
    for label, times in (("show_call", show_times), ("show_call + first layout and paint", painted_times)):
        median, best = statistics.median(times) * 1000, min(times) * 1000
        print(f"{label}: median {median:.0f} ms, best {best:.0f} ms ({RUNS} runs)")
    print(f"playhead move + repaint: {follow * 1000:.1f} ms")


if __name__ == "__main__":
    main()
