"""Qt widget tests: every test fails if it leaves a thread running; demo and 1-hour analyses to show."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from app.core.analysis import analyze
from app.core.model import Analysis
from app.transcripts import load_transcript
from bench.analysis_speed import generated_call
from tests.qt_helpers import DEMO_VTT, fail_on_thread_leak

__all__ = ["fail_on_thread_leak"]


@pytest.fixture(autouse=True)
def _no_thread_leaks(fail_on_thread_leak: None) -> None:
    """Autouse wrapper: the check runs around every test in this folder."""


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
