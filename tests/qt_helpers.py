"""Shared pytest-qt helpers: a fixture that fails any test leaving a thread running, and demo analyses."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool

from callcoach.workers import TaskRunner

ROOT = Path(__file__).resolve().parents[1]
DEMO_VTT = ROOT / "resources" / "demo" / "demo_call.vtt"


def python_threads() -> set[threading.Thread]:
    """Live threads started from Python; pool threads Python merely ran code on show up as dummies: skipped."""
    return {t for t in threading.enumerate() if t.is_alive() and not isinstance(t, threading._DummyThread)}


def thread_leaks(before: set[threading.Thread], grace: float = 1.0) -> list[str]:
    """What is still running compared with `before`, after letting work settle for up to `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        QCoreApplication.processEvents()
        leaks = [f"thread {t.name!r}" for t in python_threads() - before]
        busy = QThreadPool.globalInstance().activeThreadCount()
        if busy:
            leaks.append(f"{busy} busy thread(s) in the global QThreadPool")
        for runner in TaskRunner.live_runners():
            tasks = runner.active_tasks()
            if tasks:
                leaks.append(f"TaskRunner with running task(s): {', '.join(t.name for t in tasks)}")
        if not leaks or time.monotonic() >= deadline:
            return leaks
        time.sleep(0.02)


@pytest.fixture
def fail_on_thread_leak(qapp) -> Iterator[None]:
    """Fails the test (at teardown) if it leaves a thread or a task running; then stops them."""
    before = python_threads()
    yield
    leaks = thread_leaks(before)
    if leaks:
        for runner in TaskRunner.live_runners():
            runner.shutdown(timeout_ms=2_000)
        pytest.fail("test left threads running: " + "; ".join(leaks), pytrace=False)
