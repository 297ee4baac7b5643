"""A job's own notes (`notify`) arrive on the GUI thread in order with its progress; a closed runner starts nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThread

from callcoach.core.jobs import report
from callcoach.workers import TaskRunner


@pytest.fixture
def runner(qapp):
    runner = TaskRunner(max_threads=2)
    yield runner
    runner.shutdown()


def chatty(n: int, *, progress, cancel, notify) -> str:
    for i in range(n):
        notify(("start", i))
        report(progress, 0.5)
        report(progress, 1.0)
        notify(("done", i))
    return "ok"


def test_notes_arrive_in_order_with_progress_on_the_gui_thread(qtbot, qapp, runner: TaskRunner) -> None:
    events: list[object] = []
    threads: list[bool] = []
    task = runner.submit(chatty, 3, notify=True)
    task.note.connect(lambda note: (events.append(note), threads.append(QThread.currentThread() == qapp.thread())))
    task.progress.connect(lambda value: events.append(value))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert [e for e in events if isinstance(e, tuple)] == [(k, i) for i in range(3) for k in ("start", "done")]
    assert events[:4] == [("start", 0), 0.5, 1.0, ("done", 0)]
    assert threads and all(threads)


def test_without_notify_the_function_gets_no_notify_argument(qtbot, runner: TaskRunner) -> None:
    task = runner.submit(lambda *, progress, cancel: "plain")
    with qtbot.waitSignal(task.finished, timeout=5000) as result:
        pass
    assert result.args == ["plain"]


def test_a_shut_down_runner_refuses_new_work(qtbot, runner: TaskRunner) -> None:
    runner.shutdown()
    ran: list[bool] = []
    task = runner.submit(lambda *, progress, cancel: ran.append(True))
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        pass
    assert ran == [] and not task.is_running() and runner.active_tasks() == []
