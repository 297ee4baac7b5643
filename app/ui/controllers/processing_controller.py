"""The processing queue in the desktop app: one background run that works through every queued call.

The run is app.storage.processing.process_queue on its own runner, so reviewing goes on while calls
transcribe. Stopping it gives the call in hand back to the queue (nothing finished is lost); new imports
start a run, or are picked up by the one going.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.storage.processing import Outcome
from app.ui.controllers.library_controller import LibraryController
from app.ui.controllers.library_jobs import CallStarted, process_job
from app.ui.controllers.runners import Runners
from app.ui.settings import AppSettings
from app.workers import Task


class ProcessingController(QObject):
    running_changed = Signal(bool)
    call_started = Signal(int)  # call id
    call_progress = Signal(int, float)  # (call id, 0..1)
    call_finished = Signal(object)  # Outcome: analysed, failed (with the reason) or lost
    message = Signal(str, bool)

    def __init__(self, runners: Runners, library: LibraryController, settings: AppSettings, parent=None) -> None:
        super().__init__(parent)
        self.runners, self.library, self.settings = runners, library, settings
        self._task: Task | None = None
        self._again = False
        self.current: int | None = None  # the call being processed
        self.paused = False  # the user stopped the queue: new work waits for Resume or an import
        library.work_queued.connect(self.start)

    def is_running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        """Process the queue (again): a no-op if a run is going, except that it runs once more afterwards."""
        self.paused = False
        if self._task is not None:
            self._again = True
            return
        library = self.library.library
        if library is None:
            return
        task = self.runners.processing.submit(
            process_job, library, self.settings.processing(), name="process queue", notify=True
        )
        self._task = task
        task.note.connect(self._on_note)
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        task.failed.connect(lambda text, _e: self.message.emit(f"Processing stopped: {text}", True))
        task.cancelled.connect(
            lambda: self.message.emit("Processing stopped; the call in hand went back to the queue.", False)
        )
        task.done.connect(self._on_done)
        self.running_changed.emit(True)

    def stop(self) -> None:
        """Stop after the current step: the call being transcribed goes back to the queue."""
        self.paused = True
        self._again = False
        if self._task is not None:
            self._task.cancel()

    # Slots, not lambdas holding the task: a Task must not keep itself alive through its own connections.
    def _on_note(self, note: object) -> None:
        if isinstance(note, CallStarted):
            self.current = note.call_id
            self.call_started.emit(note.call_id)
            self.library.refresh()  # its status is 'transcribing' now
        elif isinstance(note, Outcome):
            self.current = None
            self.call_finished.emit(note)
            self.library.refresh()

    def _on_progress(self, fraction: float) -> None:
        if self.current is not None:
            self.call_progress.emit(self.current, fraction)

    def _on_finished(self, outcomes: list[Outcome]) -> None:
        if outcomes:
            failed = sum(o.status == "failed" for o in outcomes)
            done = len(outcomes) - failed
            text = f"Processed {len(outcomes)} call{'s' if len(outcomes) != 1 else ''}: {done} analysed"
            self.message.emit(text + (f", {failed} failed" if failed else "") + ".", bool(failed))

    def _on_done(self) -> None:
        self._task, self.current = None, None
        self.running_changed.emit(False)
        self.library.refresh()
        if self._again and not self.paused:
            self._again = False
            self.start()
