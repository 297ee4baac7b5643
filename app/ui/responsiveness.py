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
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL = 0.001  # seconds; CPython's default is 0.005
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
