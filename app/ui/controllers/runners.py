"""The window's task runners: one for quick work, one that saves edits in order, one for the processing queue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from callcoach.workers import TaskRunner

QUICK_THREADS = 4


class Runners(QObject):
    """Three pools so that none waits on another: a transcription never delays opening a call or saving an edit.

    - quick: database loads, imports, PDF export, re-analysis (several at once)
    - saves: a reviewer's edits, one at a time in the order they were made (the latest override must win)
    - processing: the processing queue (one run at a time; it works through every queued call)
    """

    def __init__(self, parent=None, runner: Callable[..., TaskRunner] = TaskRunner) -> None:
        """``runner``: the runner class (workers.sync.SyncTaskRunner in controller tests)."""
        super().__init__(parent)
        self.quick = runner(max_threads=QUICK_THREADS, parent=self)
        self.saves = runner(max_threads=1, parent=self)
        self.processing = runner(max_threads=1, parent=self)

    def all(self) -> tuple[TaskRunner, ...]:
        return self.quick, self.saves, self.processing

    def busy(self) -> bool:
        return any(r.active_tasks() for r in self.all())

    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        """Stop everything before the window goes: saves still waiting are written first, never dropped."""
        self.processing.cancel_all()  # the call in hand goes back to the queue
        self.quick.cancel_all()
        saved = self.saves.wait_all(timeout_ms, deliver=False)
        stopped = [r.shutdown(timeout_ms) for r in self.all()]
        return saved and all(stopped)
