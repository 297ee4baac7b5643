"""Full garbage collections stay short: what lives as long as the app is frozen out of the collector's sight."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt

from callcoach.ui import responsiveness
from callcoach.ui.responsiveness import GuiThreadCollector, freeze_long_lived
from callcoach.workers import TaskRunner
from tests.ui.app_helpers import wait_opened, wait_status, write_call


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector can free it


def test_freezing_takes_what_is_alive_out_of_full_collections() -> None:
    alive = [{"segment": i, "words": [[i, i + 1]]} for i in range(50_000)]  # a loaded call's worth of objects
    assert freeze_long_lived("test") and gc.get_freeze_count() >= 50_000
    assert not freeze_long_lived("test")  # once per reason
    start = time.perf_counter()
    gc.collect()
    assert gc.get_count()[2] == 0 and alive  # (the timing is for the reader; the count is the check)
    print(f"full collection after freezing: {(time.perf_counter() - start) * 1000:.1f} ms")


def test_garbage_is_collected_before_freezing() -> None:
    Node()  # unreachable, but in a cycle
    freeze_long_lived("test")
    assert not [o for o in gc.get_objects() if isinstance(o, Node)]  # not frozen: collected first


def test_the_app_freezes_at_start_and_after_its_first_processing_run(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    assert "first processing run" not in responsiveness._done
    window.library.import_paths([write_call(tmp_path, 1)])
    wait_status(qtbot, window, "call1.vtt", "analysed")
    qtbot.waitUntil(lambda: "first processing run" in responsiveness._done, timeout=10_000)
    assert gc.get_freeze_count() > 0


class QtNode(QObject):
    """A Qt object that only the collector can free: it refers to itself from Python."""

    def __init__(self) -> None:
        super().__init__()
        self.me = self


def allocate(*, progress, cancel) -> int:
    """A worker's allocations: far past the collector's first threshold (700 by default)."""
    return len([[i] for i in range(100_000)])


def test_garbage_made_on_the_gui_thread_is_collected_there_not_by_a_workers_allocations(qtbot) -> None:
    """The autouse fixture runs the app's GuiThreadCollector: automatic collection is off, its timer collects."""
    assert not gc.isenabled()
    died_on: list[threading.Thread] = []
    node = QtNode()
    node.destroyed.connect(lambda: died_on.append(threading.current_thread()), Qt.ConnectionType.DirectConnection)
    del node
    runner = TaskRunner(max_threads=1)
    task = runner.submit(allocate)
    with qtbot.waitSignal(task.done, timeout=5_000):
        pass
    assert runner.shutdown() and not died_on  # the worker allocated, but collected nothing
    qtbot.waitUntil(lambda: bool(died_on), timeout=5_000)  # the collector's next tick
    assert died_on == [threading.main_thread()]


def test_the_collector_collects_young_garbage_on_its_tick(qapp) -> None:
    collector = GuiThreadCollector()
    Node()
    assert collector.collect_due() is not None and not [o for o in gc.get_objects() if isinstance(o, Node)]


def test_stopping_the_collector_gives_automatic_collection_back(qapp) -> None:
    gc.enable()
    collector = GuiThreadCollector()
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    gc.disable()  # as the autouse fixture's collector left it
