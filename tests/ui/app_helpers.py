"""Helpers for the desktop-app tests: a fake transcriber, small call files, waiting on the main window."""

from __future__ import annotations

import threading
import time

from callcoach.core.jobs import check_cancel, report
from callcoach.core.model import Transcript
from callcoach.services.processing import Transcriber
from callcoach.storage import open_library, repository
from callcoach.storage.reviews import load_review
from callcoach.transcripts import load_transcript
from callcoach.ui.library.call_item import CallItem
from callcoach.ui.main_window import MainWindow
from tests.qt_helpers import DEMO_VTT
from tests.storage.helpers import write_broken, write_call

__all__ = ["write_broken", "write_call"]


class FakeTranscriber:
    """Stands in for the Whisper transcription: the demo transcript, in `steps` steps (`seam` hands it to a window).

    With `endless`, it runs until cancelled (10 s at most, so a broken cancel cannot hang the suite).
    """

    def __init__(self, steps: int = 5, step_seconds: float = 0.01, endless: bool = False) -> None:
        self.steps, self.step_seconds, self.endless = steps, step_seconds, endless
        self.calls: list[str] = []
        self.threads: list[threading.Thread] = []
        self.started = threading.Event()

    @property
    def seam(self) -> Transcriber:
        """The Transcriber a MainWindow takes: this fake, and no model to load."""
        return Transcriber(load=lambda model: None, transcribe=self)

    def __call__(self, path, *, progress=None, cancel=None, **_options) -> Transcript:
        self.calls.append(str(path))
        self.threads.append(threading.current_thread())
        self.started.set()
        deadline = time.monotonic() + 10
        i = 0
        while self.endless or i < self.steps:
            check_cancel(cancel)
            i += 1
            report(progress, min(0.95, i / (self.steps + 1)))
            time.sleep(self.step_seconds)
            if time.monotonic() > deadline:
                raise AssertionError("cancel was never seen")
        transcript = load_transcript(DEMO_VTT)
        transcript.source, transcript.model = str(path), "fake"
        report(progress, 1.0)
        return transcript


def listed(window: MainWindow) -> dict[str, CallItem]:
    """The calls in the library screen's table, by file name."""
    return {c.name: c for c in window.library_screen.model.calls()}


def wait_opened(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.library.library is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.library._listing, timeout=10_000)


def wait_status(qtbot, window: MainWindow, name: str, status: str, timeout: int = 15_000) -> CallItem:
    qtbot.waitUntil(lambda: name in listed(window) and listed(window)[name].status == status, timeout=timeout)
    return listed(window)[name]


def stored(call_id: int):
    """(status, overall, review) of a call, read through a separate connection to the test library."""
    library = open_library()
    try:
        with library.read() as session:
            call = repository.get_call(session, call_id, "test")
            return call.status, call.overall, load_review(session, call_id)
    finally:
        library.close()
