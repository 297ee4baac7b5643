"""Is the desktop app ever frozen? Two figures from the real main window, offscreen.

1. The longest stall of the GUI thread while a 4-minute stereo call is imported and transcribed through the
   real processing path (tiny.en): a QTimer probe fires every 10 ms and the largest gap between two ticks,
   minus the 10 ms period, is the stall. Goal: < 100 ms.
2. The time to open a generated 1-hour call (about 1,000 segments, 10,000 timed words, as a transcribed
   recording has) in the review screen through the same path as a double-click in the library: load off the
   GUI thread (database → Analysis), show_call, first layout and paint. The transcript and findings lists lay
   out in batches between events (QListView Batched mode), so the first paint shows the top rows while the
   rest are measured. Median of 5. Goal: < 300 ms.

The app's own start-up settings (callcoach.ui.responsiveness: GIL switch interval, gc.freeze) are applied as
callcoach.ui.app.run applies them, and the model is preloaded at launch as the app does; --python-defaults leaves
Python's defaults to compare.

The call is built as bench/transcription_speed.py does, from ../shared/devset/audio. A temporary library and
settings are used. Prints figures; asserts nothing. Run: .venv/bin/python bench/gui_stall.py [--model tiny.en]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402

from bench.analysis_speed import generated_call  # noqa: E402
from bench.transcription_speed import build_call  # noqa: E402
from callcoach.core.analysis import analyze  # noqa: E402
from callcoach.core.serialize import to_dict  # noqa: E402

PROBE_MS = 10
RUNS = 5


class StallProbe:
    """A 10 ms timer on the GUI thread; the gaps between its ticks show how long the thread was busy."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def longest_stall_ms(self) -> float:
        return max(0.0, (max(self.gaps) - PROBE_MS / 1000) * 1000) if self.gaps else 0.0

    def over(self, ms: float) -> int:
        return sum(gap * 1000 - PROBE_MS > ms for gap in self.gaps)


def run_until(done: Callable[[], bool], timeout: float) -> bool:
    """Run the real event loop until `done()` (checked every 5 ms) or the timeout."""
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(5)
    deadline = time.monotonic() + timeout
    check.timeout.connect(lambda: loop.quit() if done() or time.monotonic() > deadline else None)
    check.start()
    loop.exec()
    check.stop()
    return done()


def status_of(window, name: str) -> str | None:
    return next((c.status for c in window.library_screen.model.calls() if c.name == name), None)


def transcription_stall(window, wav: Path) -> None:
    probe = StallProbe()
    probe.start()
    t0 = time.perf_counter()
    window.library.import_paths([wav])
    finished = run_until(lambda: status_of(window, wav.name) in ("analysed", "failed"), timeout=1800)
    elapsed = time.perf_counter() - t0
    probe.stop()
    state = status_of(window, wav.name) if finished else "still running"
    print(f"4-minute stereo call: import + transcription + analysis + save {elapsed:.1f} s ({state})")
    print(
        f"  GUI thread: longest stall {probe.longest_stall_ms():.0f} ms (goal < 100 ms); "
        f"{len(probe.gaps)} probes, {probe.over(50)} stalls over 50 ms, {probe.over(100)} over 100 ms"
    )


def open_times(window, json_call: Path) -> None:
    window.library.import_paths([json_call])
    run_until(lambda: status_of(window, json_call.name) == "analysed", timeout=120)
    call_id = next(c.id for c in window.library_screen.model.calls() if c.name == json_call.name)
    totals, loads, shows = [], [], []
    shown: list[float] = []
    window.review.call_shown.connect(lambda _bundle: shown.append(time.perf_counter()))
    for _ in range(RUNS):
        window.show_library()
        run_until(lambda: True, 0.05)
        shown.clear()
        probe = StallProbe()
        probe.start()
        t0 = time.perf_counter()
        window.review.open_call(call_id)
        run_until(lambda: bool(shown), timeout=60)
        window.repaint()  # the first layout (transcript row heights) and paint, as a reviewer waits for it
        t1 = time.perf_counter()
        probe.stop()
        totals.append(t1 - t0)
        shows.append(probe.longest_stall_ms())
        loads.append(shown[0] - t0)
    segments = len(window.review_screen.analysis().transcript.segments)
    print(f"open a 1-hour call ({segments} segments) in the review screen, median of {RUNS}:")
    print(
        f"  until laid out and painted {statistics.median(totals) * 1000:.0f} ms (goal < 300 ms; "
        f"best {min(totals) * 1000:.0f} ms); of which until shown {statistics.median(loads) * 1000:.0f} ms"
    )
    print(f"  longest GUI stall while opening: {statistics.median(shows):.0f} ms (show_call and the first paint)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("devset", nargs="?", default=str(ROOT.parent / "shared" / "devset"))
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument(
        "--python-defaults",
        action="store_true",
        help="skip callcoach.ui.responsiveness (5 ms GIL switch, no gc freeze)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["CALLCOACH_DATA_DIR"] = str(folder / "data")
        os.environ["CALLCOACH_DB"] = str(folder / "library.sqlite")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        wav = folder / "call-4min.wav"
        build_call(Path(args.devset), args.minutes, wav, mono=False)
        json_call = folder / "call-1h.json"
        json_call.write_text(json.dumps(to_dict(analyze(generated_call(words=True)))), encoding="utf-8")

        from callcoach.ui.app import create_application
        from callcoach.ui.main_window import MainWindow
        from callcoach.ui.responsiveness import freeze_long_lived, prefer_gui_thread
        from callcoach.ui.settings import AppSettings

        create_application()
        settings = AppSettings()
        settings.first_run_done, settings.model = True, args.model
        window = MainWindow(settings)
        window.resize(1440, 900)
        window.show()
        if not args.python_defaults:  # as callcoach.ui.app.run does
            prefer_gui_thread()
            freeze_long_lived("startup")
        run_until(lambda: window.library.library is not None and not window.runners.busy(), timeout=30)
        transcription_stall(window, wav)
        open_times(window, json_call)
        window.close()


if __name__ == "__main__":
    main()
