"""Keep the GUI thread responsive while worker threads run Python: GIL hand-over and garbage collection.

Switch interval: a thread that wants the GIL waits until the holder has run for the switch interval (5 ms by
default). The GUI thread takes and gives back the GIL for every Python callback Qt makes (a model's data(), a
slot), so while a worker runs Python (saving a call through SQLAlchemy, Whisper's word alignment) each of those
waits up to 5 ms, and a single progress update cost ~100 ms here (bench/gui_stall.py: longest stall 67-103 ms
at 5 ms, 29-34 ms at 1 ms, for about the same total processing time).

Garbage collection: a full (generation 2) collection walks every object the collector tracks and holds the GIL
while it does. With Qt, SQLAlchemy and the app loaded that is about 110,000 objects and 150 ms here: a worker
thread's allocations (loading a 1-hour call, say) could trigger one and stall the GUI thread for that long. The
objects alive once the app has started (modules, classes, functions, the window) live until it exits anyway, so
they are moved out of the collector's sight with gc.freeze(); a full collection then takes a few milliseconds.
Later heavy imports (faster-whisper on the first transcription, reportlab on the first export) are frozen the
same way, once each.

Which thread collects: CPython runs a collection on whichever thread's allocation crosses the threshold, and
it destroys whatever garbage it finds there. A Qt object must be destroyed on its own thread; one destroyed by
a collection on a pool thread (a finished task caught in a reference cycle with its exception's traceback, a
closed window) while the GUI thread deletes widgets crashed the process (seen in CI: segfault in `PyDict_GetItem`
under `QObject::~QObject` on the GUI thread, `QObject::~QObject` under `gc_collect_main` on a pool thread).
So automatic collection is off while the app runs, and a timer on the GUI thread collects instead: the young
objects on each tick, the older generations by CPython's thresholds (the scheme calibre uses for the same reason).
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer

SWITCH_INTERVAL = 0.001  # seconds; CPython's default is 0.005
COLLECT_EVERY_MS = 500  # how often the GUI thread looks at the collector's counts
_done: set[str] = set()


def prefer_gui_thread() -> None:
    """Hand the GIL over sooner, so the GUI thread's many short Python callbacks never queue behind a worker."""
    sys.setswitchinterval(SWITCH_INTERVAL)


def freeze_long_lived(reason: str = "startup") -> bool:
    """Collect the garbage there is, then freeze every object alive now; once per `reason`. True if it froze."""
    if reason in _done:
        return False
    _done.add(reason)
    gc.collect()
    gc.freeze()
    return True


class GuiThreadCollector(QObject):
    """Cyclic garbage is collected on the GUI thread only, never during a worker's allocations."""

    def __init__(self, interval_ms: int = COLLECT_EVERY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self.was_enabled = gc.isenabled()

    def start(self) -> None:
        """Turn automatic collection off (process-wide) and collect from the GUI thread's timer instead."""
        self.was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect what is left, here, and give automatic collection back as it was."""
        self._timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()

    def collect_due(self) -> int | None:
        """Collect the young objects, and older generations as CPython would: the oldest over its threshold.

        Young garbage is collected on every tick it exists, not only past the first threshold: the count falls as
        objects are freed, so a worker's allocations that crossed the threshold may no longer show by the tick.
        A young collection takes microseconds."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= 0:
            return None
        generation = 0
        for g in (1, 2):
            if counts[g] > thresholds[g]:
                generation = g
        gc.collect(generation)
        return generation
