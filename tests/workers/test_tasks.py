"""The worker layer: separate signals for progress, result, failure and cancellation, on the GUI thread."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread

from callcoach.core.errors import InputError
from callcoach.core.jobs import Cancelled, check_cancel, report
from callcoach.workers import Task, TaskRunner, error_message
from tests.qt_helpers import python_threads, thread_leaks


@pytest.fixture
def runner(qapp):
    runner = TaskRunner(max_threads=2)
    yield runner
    runner.shutdown()


def counting(n: int, *, progress, cancel) -> int:
    for i in range(n):
        check_cancel(cancel)
        report(progress, (i + 1) / n)
    return n * 10


def endless(started: threading.Event, *, progress, cancel) -> None:
    """A long fake job: runs until it is cancelled (or 10 s pass, so a broken cancel cannot hang the suite)."""
    started.set()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        check_cancel(cancel)
        time.sleep(0.005)
    raise AssertionError("cancel was never seen")


def bad_input(*, progress, cancel) -> None:
    raise InputError("calls/broken.vtt", "no cues found", line=3, hint="is this a WebVTT file?")


def crashes(*, progress, cancel) -> None:
    raise ZeroDivisionError("boom")


def test_result_and_progress_arrive_on_the_gui_thread(qtbot, qapp, runner: TaskRunner) -> None:
    seen: list[float] = []
    on_gui_thread: list[bool] = []
    task = runner.submit(counting, 50)
    task.progress.connect(lambda v: (seen.append(v), on_gui_thread.append(QThread.currentThread() == qapp.thread())))
    task.finished.connect(lambda _: on_gui_thread.append(QThread.currentThread() == qapp.thread()))
    with qtbot.waitSignal(task.finished, timeout=5000) as result:
        pass
    assert result.args == [500]
    assert seen and seen == sorted(seen) and seen[-1] == 1.0
    assert on_gui_thread and all(on_gui_thread)
    assert task.outcome == "finished"


def test_keyword_arguments_reach_the_function(qtbot, runner: TaskRunner) -> None:
    def scaled(value: int, *, factor: int, progress, cancel) -> int:
        return value * factor

    task = runner.submit(scaled, 4, factor=3)
    with qtbot.waitSignal(task.finished, timeout=5000) as result:
        pass
    assert result.args == [12]


def test_input_error_keeps_its_message(qtbot, runner: TaskRunner) -> None:
    task = runner.submit(bad_input)
    with qtbot.assertNotEmitted(task.finished), qtbot.waitSignal(task.failed, timeout=5000) as failure:
        pass
    message, error = failure.args
    assert message == "calls/broken.vtt:3: no cues found (is this a WebVTT file?)"
    assert isinstance(error, InputError)
    assert task.outcome == "failed"


def test_unexpected_error_gets_a_generic_message_and_a_logged_traceback(qtbot, runner: TaskRunner, caplog) -> None:
    task = runner.submit(crashes, name="crashy")
    with qtbot.waitSignal(task.failed, timeout=5000) as failure:
        pass
    message, error = failure.args
    assert isinstance(error, ZeroDivisionError)
    assert "ZeroDivisionError" in message and "log" in message and "boom" not in message
    assert any("crashy" in r.getMessage() and r.exc_info for r in caplog.records)
    assert error_message(error) == message


def test_cancel_stops_a_long_job(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    task = runner.submit(endless, started)
    assert started.wait(5)
    with qtbot.assertNotEmitted(task.failed), qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert task.outcome == "cancelled" and not task.is_running()


def test_a_task_cancelled_before_it_starts_never_runs(qtbot, qapp) -> None:
    runner = TaskRunner(max_threads=1)
    started = threading.Event()
    blocker = runner.submit(endless, started)
    ran: list[bool] = []
    queued = runner.submit(lambda *, progress, cancel: ran.append(True))
    queued.cancel()
    with qtbot.waitSignal(queued.cancelled, timeout=5000):
        blocker.cancel()
    assert ran == []
    runner.shutdown()


def test_wait_all_delivers_the_outcomes(qtbot, runner: TaskRunner) -> None:
    results: list[object] = []
    for n in (1, 2, 3):
        runner.submit(counting, n).finished.connect(results.append)
    assert runner.wait_all(5000)
    assert sorted(results) == [10, 20, 30]
    assert runner.active_tasks() == []


def test_shutdown_cancels_and_waits(qtbot, qapp) -> None:
    runner = TaskRunner()
    started = threading.Event()
    task = runner.submit(endless, started)
    assert started.wait(5)
    assert runner.shutdown(timeout_ms=5000)
    assert not task.is_running() and task.cancel_requested()


def test_done_follows_every_outcome(qtbot, runner: TaskRunner) -> None:
    for fn in (bad_input, lambda *, progress, cancel: 1):
        task: Task = runner.submit(fn)
        with qtbot.waitSignal(task.done, timeout=5000):
            pass


def test_the_leak_check_sees_a_running_thread(qapp) -> None:
    before = python_threads()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="left-running")
    thread.start()
    try:
        assert thread_leaks(before, grace=0.05) == ["thread 'left-running'"]
    finally:
        stop.set()
        thread.join()
    assert thread_leaks(before, grace=0.05) == []


def test_the_leak_check_sees_a_running_task(qapp) -> None:
    runner = TaskRunner()
    before = python_threads()
    started = threading.Event()
    runner.submit(endless, started, name="forever")
    assert started.wait(5)
    try:
        assert thread_leaks(before, grace=0.05) == ["TaskRunner with running task(s): forever"]
    finally:
        runner.shutdown()
    assert thread_leaks(before, grace=0.05) == []


def test_cancelled_exception_is_not_a_failure(qtbot, runner: TaskRunner) -> None:
    def gives_up(*, progress, cancel) -> None:
        raise Cancelled()

    task = runner.submit(gives_up)
    with qtbot.assertNotEmitted(task.failed), qtbot.waitSignal(task.cancelled, timeout=5000):
        pass


@pytest.fixture
def no_automatic_collection():
    """Collections happen only where a test calls gc.collect(), so it decides which thread collects."""
    enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if enabled:
        gc.enable()


def failing_open(*, progress, cancel) -> None:
    error = InputError("/nowhere/library.sqlite", "cannot be opened")
    error.context = {"error": error}  # a cycle through the traceback, as a library's saved exc_info makes
    raise error


def test_a_finished_task_collected_on_a_pool_thread_dies_on_the_gui_thread(
    qtbot, runner: TaskRunner, no_automatic_collection
) -> None:
    """A failed task's exception keeps the task's frame, and so the task, in a reference cycle: only a collection
    frees it, and a collection runs on whichever thread is allocating. A QObject destroyed there, on a pool thread,
    while the GUI thread deleted widgets, crashed the test run in CI (segfault, both threads in ~QObject)."""
    died_on: list[threading.Thread] = []
    task = runner.submit(failing_open)
    task.destroyed.connect(lambda: died_on.append(threading.current_thread()), Qt.ConnectionType.DirectConnection)
    relay_died_on: list[threading.Thread] = []
    task._relay.destroyed.connect(
        lambda: relay_died_on.append(threading.current_thread()), Qt.ConnectionType.DirectConnection
    )
    with qtbot.waitSignal(task.done, timeout=5_000):
        pass
    assert task.outcome == "failed"
    del task

    collector = runner.submit(lambda *, progress, cancel: gc.collect())
    with qtbot.waitSignal(collector.done, timeout=5_000):
        pass
    del collector
    qtbot.waitUntil(lambda: bool(died_on) and bool(relay_died_on), timeout=5_000)  # deleteLater: the event loop
    assert died_on == [threading.main_thread()] and relay_died_on == [threading.main_thread()]
