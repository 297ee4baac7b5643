"""Agent mode in the main window, and the ways the app starts: `callcoach gui`, `python -m callcoach`, `make run`."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from callcoach import cli
from callcoach.ui import responsiveness
from callcoach.ui.main_window import MainWindow
from tests.qt_helpers import ROOT
from tests.ui.app_helpers import stored, wait_opened, wait_status, write_call


def open_analysed_call(qtbot, window: MainWindow, tmp_path: Path) -> int:
    wait_opened(qtbot, window)
    window.library.import_paths([write_call(tmp_path, 1)])
    item = wait_status(qtbot, window, "call1.vtt", "analysed")
    window.review.open_call(item.id)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)
    return item.id


def test_agent_mode_toggle_makes_scores_read_only(qtbot, make_window, settings, tmp_path: Path) -> None:
    settings.user_name = "Dana"  # the reviewer; the agent says "this is Lee" on the call
    window = make_window()
    call_id = open_analysed_call(qtbot, window, tmp_path)
    scorecard = window.review_screen.scorecard
    assert not scorecard.agent_mode and scorecard.override_box.isVisible()

    window.agent_mode_action.trigger()
    assert settings.agent_mode and scorecard.agent_mode and scorecard.override_box.isHidden()
    assert scorecard.answer.acknowledge_button.isVisible() and not scorecard.request_override("closing", 0, "x")
    assert not window.review_screen.transcript.transcript_model().editable

    scorecard.answer.editor.setPlainText("The close was fine: I summarised the fix.")
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        scorecard.answer.dispute_button.click()
    ack = stored(call_id)[2].acknowledgement
    assert (ack.status, ack.comment, ack.agent) == ("disputed", "The close was fine: I summarised the fix.", "Lee")

    window.agent_mode_action.trigger()
    assert not settings.agent_mode and scorecard.override_box.isVisible()
    assert "Disputed" in scorecard.answer.status.text()  # this session's answer stays on screen


def test_agent_mode_is_remembered(qtbot, make_window, settings) -> None:
    settings.agent_mode = True
    window = make_window()
    assert window.agent_mode_action.isChecked()


def test_a_failed_save_is_shown_in_the_status_bar(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    window = make_window()
    open_analysed_call(qtbot, window, tmp_path)

    def refuse(*args, **kwargs):
        from callcoach.core.errors import InputError

        raise InputError("library", "the database is read-only")

    monkeypatch.setattr("callcoach.storage.reviews.add_comment", refuse)
    window.review_screen.scorecard.comments.editor.setPlainText("Nice.")
    window.review_screen.scorecard.comments.submit()
    qtbot.waitUntil(lambda: "Could not save the comment" in window.status_text.text(), timeout=10_000)
    assert "read-only" in window.status_text.text()


@pytest.fixture
def exec_closes_window(monkeypatch):
    """QApplication.exec replaced: records the window that would run, then closes it (as a user quitting)."""
    shown: list[str] = []

    def fake_exec(*_args) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        shown.append(window.windowTitle())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return shown


def test_callcoach_gui_opens_the_main_window(qapp, exec_closes_window, tmp_path: Path) -> None:
    assert cli.main(["gui", "--db", str(tmp_path / "other.sqlite")]) == 0
    assert exec_closes_window and "CallCoach" in exec_closes_window[0]
    assert "startup" in responsiveness._done  # long-lived objects frozen before the event loop
    assert sys.getswitchinterval() == responsiveness.SWITCH_INTERVAL  # the GUI thread gets the GIL back sooner


def test_python_m_app_without_arguments_opens_the_gui(qapp, exec_closes_window, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["callcoach"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("callcoach", run_name="__main__")
    assert exit_.value.code == 0 and "CallCoach" in exec_closes_window[0]


def test_make_run_starts_the_gui() -> None:
    recipe = (ROOT / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "$(BIN)/callcoach gui" in recipe
