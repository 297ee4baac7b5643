"""Qt widget tests: every test fails if it leaves a thread running; demo and 1-hour analyses to show."""

from __future__ import annotations

import gc
import sys
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bench.analysis_speed import generated_call
from callcoach.core.analysis import analyze
from callcoach.core.model import Analysis
from callcoach.transcripts import load_transcript
from callcoach.ui import responsiveness
from tests.qt_helpers import DEMO_VTT, fail_on_thread_leak

__all__ = ["fail_on_thread_leak"]


@pytest.fixture(autouse=True)
def _no_thread_leaks(fail_on_thread_leak: None) -> None:
    """Autouse wrapper: the check runs around every test in this folder."""


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library and settings of the test's own: never the user's real library, data folder or QSettings."""
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CALLCOACH_DB", str(tmp_path / "library.sqlite"))
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def _collected_on_the_gui_thread(qapp) -> Iterator[None]:
    """As in the app (callcoach.ui.app.run): cyclic garbage, a closed window's included, dies on the GUI thread."""
    collector = responsiveness.GuiThreadCollector()
    collector.start()
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _python_defaults() -> Iterator[None]:
    """The app freezes long-lived objects and shortens the GIL switch interval (callcoach.ui.responsiveness); the test
    process gets Python's defaults back after each test."""
    interval = sys.getswitchinterval()
    yield
    gc.unfreeze()
    responsiveness._done.clear()
    sys.setswitchinterval(interval)


class AgentNameAnswers:
    """Stands in for agent mode's name dialog (a real one would wait for a click forever): records what was offered
    and answers with `answer` — None accepts the name offered, a string is typed instead, "" cancels."""

    def __init__(self) -> None:
        self.answer: str | None = None
        self.asked: list[tuple[str, list[str]]] = []

    def __call__(self, _parent, default: str, choices=()) -> str | None:
        self.asked.append((default, [c for c in choices if c]))
        name = default if self.answer is None else self.answer
        return name or None


@pytest.fixture(autouse=True)
def agent_names(monkeypatch: pytest.MonkeyPatch) -> AgentNameAnswers:
    answers = AgentNameAnswers()
    monkeypatch.setattr("callcoach.ui.review.agent_name_dialog.ask_agent_name", answers)
    return answers


@pytest.fixture
def settings(qapp):
    from callcoach.ui.settings import AppSettings

    return AppSettings()


@pytest.fixture
def make_window(qtbot, settings) -> Iterator[Callable[..., object]]:
    """Main windows on the test library; by default without the demo import and without loading a model."""
    from callcoach.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(first_run: bool = False, db: str | None = None, preload: bool = False, transcriber=None) -> MainWindow:
        """``transcriber``: a services.processing.Transcriber (FakeTranscriber.seam); None: local Whisper."""
        settings.first_run_done = not first_run
        settings.preload_model = preload
        window = MainWindow(settings, db=db, transcriber=transcriber)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def demo_analysis() -> Analysis:
    """The bundled demo call, analysed afresh (widgets must not depend on a shared, mutated copy)."""
    return analyze(load_transcript(DEMO_VTT))


@pytest.fixture(scope="session")
def hour_analysis() -> Analysis:
    """A generated 1-hour call of 1,000 segments (read-only: tests must not change it)."""
    return analyze(generated_call())


@pytest.fixture
def silent_wav(tmp_path: Path) -> Path:
    """Two seconds of 8 kHz silence written with the stdlib: a real file for the media backend to open."""
    path = tmp_path / "call.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 16000)
    return path
