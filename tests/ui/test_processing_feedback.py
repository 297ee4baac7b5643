"""Processing feedback where the user is: progress in the status bar on the review screen, a note per finished call."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pytest

from callcoach.services.processing import Outcome
from callcoach.ui import processing_feedback
from callcoach.ui.processing_feedback import ProcessingFeedback, finished_text
from tests.ui.app_helpers import FakeTranscriber, wait_opened, wait_status, write_broken, write_call


class FakeTray:
    """Stands in for QSystemTrayIcon where a desktop has a tray."""

    MessageIcon = processing_feedback.QSystemTrayIcon.MessageIcon
    shown: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, icon, parent=None) -> None:
        self.visible = False

    def setToolTip(self, text: str) -> None:
        pass

    def show(self) -> None:
        self.visible = True

    def showMessage(self, title: str, text: str, icon, ms: int) -> None:
        FakeTray.shown.append((title, text))


def on_review_screen(qtbot, window, tmp_path: Path) -> None:
    """Open an analysed call, so that the library and its queue panel are out of sight."""
    window.library.import_paths([write_call(tmp_path, 1)])
    item = wait_status(qtbot, window, "call1.vtt", "analysed")
    window.review.open_call(item.id)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)


def test_importing_from_the_review_screen_shows_progress_and_each_finished_call(
    qtbot, make_window, tmp_path: Path, silent_wav: Path
) -> None:
    fake = FakeTranscriber(steps=30, step_seconds=0.03)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    on_review_screen(qtbot, window, tmp_path)
    second = silent_wav.with_name("second.wav")
    second.write_bytes(silent_wav.read_bytes() + b"\x00\x00")  # other content: not 'already in the library'

    window.library.import_paths([silent_wav, second])  # what Ctrl+O does with the files chosen
    label = window.feedback.label
    pattern = re.compile(r"Processing ([12]) of 2: (call|second)\.wav (\d+)%")
    seen: dict[str, str] = {}  # "1" / "2" -> the call's name, as the status bar said it

    def on_the_second() -> bool:
        match = pattern.fullmatch(label.text()) if label.isVisible() else None
        if match:
            seen[match.group(1)] = match.group(2)
            assert window.stack.currentWidget() is window.review_screen  # the user never left the review
            assert window.feedback.bar.isVisible()
        return "2" in seen

    qtbot.waitUntil(on_the_second, timeout=15_000)
    assert sorted(seen.values()) == ["call", "second"]  # 1 of 2, then 2 of 2, each call named
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=15_000)
    wait_status(qtbot, window, "second.wav", "analysed")
    assert window.feedback.tray is None  # offscreen there is no system tray: the status bar alone tells it


def test_a_finished_call_is_said_in_the_status_bar_and_the_tray(
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    FakeTray.shown = []
    monkeypatch.setattr(processing_feedback, "QSystemTrayIcon", FakeTray)
    window = make_window()
    wait_opened(qtbot, window)
    window.feedback._tray_available = lambda: True
    messages: list[tuple[str, bool]] = []
    window.feedback.show_message = lambda text, error: messages.append((text, error))
    window.library.import_paths([write_broken(tmp_path), write_call(tmp_path, 2)])
    wait_status(qtbot, window, "broken.vtt", "failed")
    wait_status(qtbot, window, "call2.vtt", "analysed")
    # the failure at once, then one summary when the run is over; never a message per call
    qtbot.waitUntil(lambda: len(FakeTray.shown) == 2, timeout=10_000)
    assert FakeTray.shown[0][1].startswith("broken.vtt failed: ")
    assert FakeTray.shown[1][1] == "2 calls processed: 1 analysed, 1 failed."
    assert [error for text, error in messages if text.startswith("call2.vtt is analysed: score ")] == [False]
    assert {text.split(" ")[0] for text, _ in messages} == {"broken.vtt", "call2.vtt"}
    assert [error for text, error in messages if text.startswith("broken.vtt failed: ")] == [True]
    assert {title for title, _ in FakeTray.shown} == {"CallCoach"}
    assert window.feedback.tray is not None and window.feedback.tray.visible


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome(1, "/c/a.wav", "analysed", overall=72.0), ("a.wav is analysed: score 72.", False)),
        (Outcome(1, "/c/a.wav", "attention", warnings=["no speech"]), ("a.wav needs attention: no speech", False)),
        (Outcome(1, "/c/a.wav", "failed", reason="truncated"), ("a.wav failed: truncated", True)),
        (Outcome(1, "/c/a.wav", "skipped"), None),
    ],
)
def test_what_a_finished_call_says(outcome: Outcome, expected) -> None:
    assert finished_text("a.wav", outcome) == expected


def test_a_run_is_summed_up_in_one_line() -> None:
    assert processing_feedback.run_summary(["analysed", "attention", "analysed"]) == (
        "3 calls processed: 2 analysed, 1 needs attention."
    )
    assert processing_feedback.run_summary(["attention", "attention"]) == "2 calls processed: 2 need attention."


def test_a_run_of_one_call_tells_that_call(qtbot, make_window, monkeypatch) -> None:
    FakeTray.shown = []
    monkeypatch.setattr(processing_feedback, "QSystemTrayIcon", FakeTray)
    feedback: ProcessingFeedback = make_window().feedback
    feedback._tray_available = lambda: True
    feedback._running(True)
    feedback._finished(Outcome(7, "/c/a.wav", "analysed", overall=80.0))
    assert FakeTray.shown == []  # nothing until the run is over
    feedback._running(False)
    assert FakeTray.shown == [("CallCoach", "a.wav is analysed: score 80.")]


def test_the_status_bar_widgets_are_added_without_a_qt_warning(qtbot, make_window, qtlog) -> None:
    window = make_window()
    assert window.feedback.label.parent() is not None
    assert not [r.message for r in qtlog.records if "QStatusBar" in r.message]


def test_without_a_tray_nothing_is_created(qtbot, make_window) -> None:
    window = make_window()
    feedback: ProcessingFeedback = window.feedback
    feedback._tray_message("x.wav is analysed.", False)
    assert feedback.tray is None
