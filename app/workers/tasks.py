"""Run a plain `fn(*args, progress=..., cancel=...)` on a thread pool and report back through Qt signals.

The function is the callcoach.core.jobs contract: no Qt, reports progress as a 0..1 fraction, polls `cancel()` and
raises `Cancelled` when it is set. A Task turns that into separate signals (progress, finished, failed,
cancelled) that are always emitted on the thread the Task was created on (the GUI thread), so widgets never
see a worker thread and never parse error strings.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from callcoach.core.errors import InputError
from callcoach.core.jobs import Cancelled

log = logging.getLogger(__name__)

# Progress steps smaller than this are not sent: a job reporting per word must not flood the event queue.
PROGRESS_STEP = 0.005


def error_message(error: BaseException) -> str:
    """What a user is shown for a failed task: an InputError says what to fix; anything else is our bug."""
    if isinstance(error, InputError):
        return error.message
    return f"Unexpected error ({type(error).__name__}). The details were written to the log."


class _Relay(QObject):
    """Carries a run's events out of the pool thread; connected queued, so its receiver runs on the GUI thread."""

    progress = Signal(float)
    note = Signal(object)
    outcome = Signal(str, object)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


class Task(QObject):
    """One run of a long function. Exactly one of finished / failed / cancelled is emitted, then `done`.

    After `done` the runner deletes the Qt object (deleteLater, on the GUI thread); its Python attributes
    (`outcome`, `cancel()`) stay usable, its signals are gone."""

    progress = Signal(float)
    note = Signal(object)  # what the function passed to its `notify` callback (submit(..., notify=True))
    finished = Signal(object)  # the function's return value
    failed = Signal(str, object)  # (message for the user, the exception)
    cancelled = Signal()
    done = Signal()  # after whichever of the three above: for bookkeeping

    def __init__(
        self, fn: Callable[..., Any], args: tuple, kwargs: dict, name: str = "", notify: bool = False, parent=None
    ) -> None:
        super().__init__(parent)
        self.name = name or getattr(fn, "__name__", "task")
        self.outcome: str | None = None  # "finished" | "failed" | "cancelled" once delivered
        self._fn, self._args, self._kwargs = fn, args, kwargs
        if notify:  # the function also gets `notify(obj)`: each obj arrives as `note`, in order with progress
            self._kwargs = {**kwargs, "notify": self._relay_note}
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._last_progress = -1.0
        self._relay = _Relay(self)  # owned by the task in C++: destroyed with it, on the GUI thread
        self._relay.progress.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.note.connect(self._deliver_note, Qt.ConnectionType.QueuedConnection)
        self._relay.outcome.connect(self._deliver_outcome, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Ask the function to stop at its next poll; thread-safe and idempotent."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _refuse(self) -> None:
        """Never run: report `cancelled` (queued, like any outcome) without taking a thread."""
        self._cancel.set()
        self._ended.set()
        self._relay.outcome.emit("cancelled", None)

    def is_running(self) -> bool:
        """True until the function has returned on its thread (its signals may still be queued)."""
        return not self._ended.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the function has returned on its thread; does not deliver the queued signals."""
        return self._ended.wait(timeout)

    # --- on the pool thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            if self._cancel.is_set():  # cancelled while still queued: never start the work
                self._relay.outcome.emit("cancelled", None)
                return
            result = self._fn(*self._args, progress=self._report, cancel=self._cancel.is_set, **self._kwargs)
        except Cancelled:
            self._relay.outcome.emit("cancelled", None)
        except Exception as error:
            if not isinstance(error, InputError):
                log.exception("task %s failed", self.name)
            self._relay.outcome.emit("failed", error)
        else:
            self._relay.outcome.emit("finished", result)
        finally:
            self._ended.set()

    def _report(self, fraction: float) -> None:
        value = min(1.0, max(0.0, float(fraction)))
        if abs(value - self._last_progress) >= PROGRESS_STEP or (value == 1.0 and self._last_progress < 1.0):
            self._last_progress = value
            self._relay.progress.emit(value)

    def _relay_note(self, payload: object) -> None:
        self._relay.note.emit(payload)

    # --- on the GUI thread --------------------------------------------------------------------------------
    @Slot(float)
    def _deliver_progress(self, value: float) -> None:
        if self.outcome is None:
            self.progress.emit(value)

    @Slot(object)
    def _deliver_note(self, payload: object) -> None:
        if self.outcome is None:
            self.note.emit(payload)

    @Slot(str, object)
    def _deliver_outcome(self, outcome: str, payload: object) -> None:
        self.outcome = outcome
        if outcome == "finished":
            self.finished.emit(payload)
        elif outcome == "failed":
            assert isinstance(payload, BaseException)
            self.failed.emit(error_message(payload), payload)
        else:
            self.cancelled.emit()
        self.done.emit()


class TaskRunner(QObject):
    """Starts Tasks on its own thread pool; cancels and waits for them when the application quits."""

    _live: ClassVar[weakref.WeakSet[TaskRunner]] = weakref.WeakSet()

    def __init__(self, max_threads: int | None = None, parent=None) -> None:
        super().__init__(parent)
        # An own pool, not the global one: "wait for all tasks" then means ours, not Qt's internal work.
        self._pool = QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._tasks: set[Task] = set()
        self._closed = False  # after shutdown() nothing new starts
        TaskRunner._live.add(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @classmethod
    def live_runners(cls) -> list[TaskRunner]:
        """Every runner not yet garbage-collected: lets tests check that none has work left running."""
        return list(cls._live)

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "", notify: bool = False, **kwargs: Any) -> Task:
        """Run `fn(*args, progress=..., cancel=..., **kwargs)` on the pool; connect to the Task's signals.

        With `notify`, fn also gets `notify=` a callback whose arguments arrive on the GUI thread as `Task.note`
        (e.g. "call 3 started"), in the order they were sent, interleaved correctly with progress.
        """
        # Owned by the runner in C++, deleted with deleteLater once done: the pool thread (and a garbage collection
        # there) only ever drops Python references, so the QObjects never die on a thread that is not theirs.
        task = Task(fn, args, kwargs, name, notify, parent=self)
        task.done.connect(task.deleteLater)
        if self._closed:  # a late result (delivered after shutdown) must not start work on a closing window
            task._refuse()
            return task
        self._tasks.add(task)
        task.done.connect(self._forget)
        self._pool.start(_Runnable(task))
        return task

    @Slot()
    def _forget(self) -> None:
        self._tasks.discard(self.sender())  # type: ignore[arg-type]

    def active_tasks(self) -> list[Task]:
        """Tasks whose function has not returned yet."""
        return [t for t in self._tasks if t.is_running()]

    def active_thread_count(self) -> int:
        return self._pool.activeThreadCount()

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait_all(self, timeout_ms: int = 30_000, deliver: bool = True) -> bool:
        """Block until every task's function has returned; then, if `deliver`, emit their queued signals.

        For tests and shutdown only: a GUI must not block, it listens to the signals instead.
        """
        ok = self._pool.waitForDone(timeout_ms)
        if deliver:
            QCoreApplication.sendPostedEvents()
        return ok

    @Slot()
    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        """Cancel everything and wait, so no thread outlives the window; later submits are refused (cancelled).

        Outcomes already queued are still delivered if the event loop runs again: receivers must expect them.
        """
        self._closed = True
        self.cancel_all()
        ok = self._pool.waitForDone(timeout_ms)
        if not ok:
            log.warning("%d task(s) still running after %d ms at shutdown", len(self.active_tasks()), timeout_ms)
        return ok
