"""The processing queue in the desktop app: one background run that works through every queued call.

The run is callcoach.services.processing.process_queue on its own runner, so reviewing goes on while calls
transcribe. Stopping it gives the call in hand back to the queue (nothing finished is lost); new imports
start a run, or are picked up by the one going. Skipping the call in hand gives only that call back and the run
goes on with the next one.

The Whisper model is loaded once per session (EngineCache, in a worker thread: at launch when the preload setting
is on, else on the first recording) and kept for every later run; it is dropped when the model setting changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from callcoach.services.processing import EngineCache, Outcome, Transcriber
from callcoach.ui.controllers.library_controller import LibraryController
from callcoach.ui.controllers.library_jobs import CallStarted, free_model_job, process_job, warm_model_job
from callcoach.ui.controllers.runners import Runners
from callcoach.ui.responsiveness import freeze_long_lived
from callcoach.ui.settings import AppSettings
from callcoach.workers import Task

log = logging.getLogger(__name__)


class ProcessingController(QObject):
    running_changed = Signal(bool)
    call_started = Signal(int)  # call id
    call_progress = Signal(int, float)  # (call id, 0..1)
    call_finished = Signal(object)  # Outcome: analysed, failed (with the reason) or lost
    message = Signal(str, bool)

    def __init__(
        self,
        runners: Runners,
        library: LibraryController,
        settings: AppSettings,
        transcriber: Transcriber | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.runners, self.library, self.settings = runners, library, settings
        self._task: Task | None = None
        self._again = False
        self.current: int | None = None  # the call being processed
        self.paused = False  # the user stopped the queue: new work waits for Resume or an import
        self.engines = EngineCache(transcriber)  # the loaded model, shared by every run of this session
        self._skipped: set[int] = set()  # calls the user cancelled in the current run (read by the worker thread)
        self.call_models: dict[int, str] = {}  # "process again with…": the model for these calls this session
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
        settings = self.settings.processing()
        self._skipped = set()
        task = self.runners.processing.submit(
            process_job,
            library,
            settings,
            self.engines,
            self._skipped.__contains__,
            dict(self.call_models),
            name="process queue",
            notify=True,
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

    def preload(self) -> None:
        """Load the model setting's model in the background (on the processing runner: a run queues behind it)."""
        if not self.settings.preload_model:
            return
        task = self.runners.processing.submit(warm_model_job, self.engines, self.settings.model, name="load model")
        task.failed.connect(self._preload_failed)

    def _preload_failed(self, text: str, _error: object) -> None:
        log.warning("could not load the model at launch: %s", text)  # processing reports it on the first recording

    def model_changed(self) -> None:
        """The model setting changed: free the loaded model (off the GUI thread); the next recording loads anew."""
        self.runners.quick.submit(free_model_job, self.engines, self.settings.model, name="free model")
        self.preload()

    def skip_current(self) -> bool:
        """Cancel the call in hand only: it goes back to the queue, this run leaves it and goes on with the next."""
        if self._task is None or self.current is None:
            return False
        self._skipped.add(self.current)  # a set's add is atomic: the worker's next cancel check sees it
        self.message.emit("Skipping the current call; it stays in the queue.", False)
        return True

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
            skipped = sum(o.status == "skipped" for o in outcomes)
            attention = sum(o.status == "attention" for o in outcomes)
            done = len(outcomes) - failed - skipped - attention
            text = f"Processed {len(outcomes)} call{'s' if len(outcomes) != 1 else ''}: {done} analysed"
            text += f", {attention} need{'s' if attention == 1 else ''} attention (no score)" if attention else ""
            text += (f", {failed} failed" if failed else "") + (f", {skipped} skipped" if skipped else "")
            self.message.emit(text + ".", bool(failed))

    def _on_done(self) -> None:
        freeze_long_lived("first processing run")  # faster-whisper and the model are loaded by now
        self._task, self.current = None, None
        self.running_changed.emit(False)
        self.library.refresh()
        if self._again and not self.paused:
            self._again = False
            self.start()
