"""A task runner that runs nothing until told to, then everything on the calling thread: for controller tests.

Modelled on Picard's fake thread pool: the controller under test is unchanged (it submits and connects as it
does with TaskRunner), and a test steps through its work deterministically instead of waiting on threads.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from callcoach.workers.tasks import Task


class SyncTaskRunner(QObject):
    """TaskRunner's interface; ``run_all()`` runs the queued tasks in order, with those their results submit."""

    def __init__(self, max_threads: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self._queue: deque[Task] = deque()
        self.ran: list[str] = []  # the names of the tasks run, in order

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "", notify: bool = False, **kwargs: Any) -> Task:
        task = Task(fn, args, kwargs, name, notify, parent=self)
        self._queue.append(task)
        return task

    def run_all(self) -> int:
        """Run every queued task on this thread and deliver its signals before the next; returns how many ran."""
        count = 0
        while self._queue:
            task = self._queue.popleft()
            task._run()
            QCoreApplication.sendPostedEvents()  # the task's progress, notes and outcome, as the GUI thread gets them
            self.ran.append(task.name)
            count += 1
        return count

    def active_tasks(self) -> list[Task]:
        return list(self._queue)

    def active_thread_count(self) -> int:
        return 0

    def cancel_all(self) -> None:
        for task in self._queue:
            task.cancel()

    def wait_all(self, timeout_ms: int = 0, deliver: bool = True) -> bool:
        self.run_all()
        return True

    def shutdown(self, timeout_ms: int = 0) -> bool:
        self.cancel_all()
        self.run_all()
        return True
