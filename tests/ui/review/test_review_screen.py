"""The review screen: composes the widgets, shares one playhead, forwards edits, re-analyses corrections."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from callcoach.core.formatting import score
from callcoach.core.model import Analysis
from callcoach.core.review import CallInfo
from callcoach.ui.review.review_screen import ReviewScreen
from callcoach.workers import TaskRunner

INFO = CallInfo("Internet drops every evening", agent="Tom Baker", recorded_at=datetime(2024, 5, 3, 14, 5))


@pytest.fixture
def runner(qapp):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def screen(qtbot, runner: TaskRunner, demo_analysis: Analysis) -> ReviewScreen:
    screen = ReviewScreen(runner)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show_call(demo_analysis, None, INFO, None, user="Dana")
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_the_demo_call_fills_every_part(screen: ReviewScreen, demo_analysis: Analysis) -> None:
    assert screen.transcript.model().rowCount() == len(demo_analysis.transcript.segments)
    assert screen.findings.count() == len(demo_analysis.findings)
    assert screen.findings_title.text() == f"Coaching moments ({len(demo_analysis.findings)})"
    assert screen.scorecard.criteria.topLevelItemCount() == len(demo_analysis.scores.criteria)
    assert screen.title.text() == INFO.title and "Tom Baker" in screen.meta.text()
    assert screen.player.duration() == pytest.approx(demo_analysis.transcript.length)
    assert not screen.grab().isNull()


def test_one_playhead_for_every_widget(qtbot, screen: ReviewScreen, demo_analysis: Analysis) -> None:
    finding = demo_analysis.findings[2]
    screen.findings.seek_requested.emit(finding.start)
    assert screen.player.position() == finding.start
    assert screen.timeline.position() == finding.start
    assert screen.transcript.playing_row() == screen.transcript.transcript_model().row_at(finding.start)
    assert screen.scorecard.comments.at_playhead.text().endswith("0:14")

    x = round(screen.timeline.seconds_to_x(60.0))
    qtbot.mouseClick(screen.timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    assert screen.player.position() == pytest.approx(60.0, abs=0.5)
    assert screen.transcript.currentIndex().row() == screen.transcript.transcript_model().row_at(60.0)

    index = screen.transcript.model().index(2, 0)
    qtbot.mouseClick(
        screen.transcript.viewport(), Qt.MouseButton.LeftButton, pos=screen.transcript.visualRect(index).center()
    )
    assert screen.player.position() == demo_analysis.transcript.segments[2].start


def test_keyboard_shortcuts_drive_the_player(qtbot, screen: ReviewScreen) -> None:
    screen.seek(20.0)
    screen.transcript.setFocus()
    qtbot.keyClick(screen.transcript, Qt.Key.Key_Right)
    assert screen.player.position() == 25.0
    qtbot.keyClick(screen.transcript, Qt.Key.Key_Left)
    qtbot.keyClick(screen.transcript, Qt.Key.Key_Left)
    assert screen.player.position() == 15.0
    qtbot.keyClick(screen.transcript, Qt.Key.Key_Space)  # no recording: a message, no crash
    editor = screen.scorecard.comments.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "a b")
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    assert editor.toPlainText() == "a b" and screen.player.position() == 15.0  # text fields keep their keys


def test_edits_are_forwarded_as_signals(qtbot, screen: ReviewScreen) -> None:
    with qtbot.waitSignal(screen.override_made) as made:
        assert screen.scorecard.request_override("closing", 50, "No summary of the next steps")
    assert made.args == ["closing", 50.0, "No summary of the next steps"]
    screen.seek(44.0)
    screen.scorecard.comments.editor.setPlainText("Good recovery.")
    with qtbot.waitSignal(screen.comment_added) as added:
        screen.scorecard.comments.submit()
    assert added.args == ["Good recovery.", 44.0]
    assert len(screen.review().overrides) == 1 and len(screen.review().comments) == 1


def test_evidence_of_a_criterion_seeks_to_its_first_segment(screen: ReviewScreen, demo_analysis: Analysis) -> None:
    criterion = next(c for c in demo_analysis.scores.criteria if c.evidence)
    screen.scorecard.evidence_requested.emit(criterion.evidence)
    starts = [s.start for s in demo_analysis.transcript.segments if s.id in criterion.evidence]
    assert screen.player.position() == min(starts)


def test_correcting_a_line_reruns_the_analysis(qtbot, screen: ReviewScreen, demo_analysis: Analysis) -> None:
    model = screen.transcript.transcript_model()
    row = next(i for i, s in enumerate(demo_analysis.transcript.segments) if "You should have" in s.text)
    segment = demo_analysis.transcript.segments[row]
    screen.seek(50.0)
    with (
        qtbot.waitSignal(screen.segment_edited) as edited,
        qtbot.waitSignal(screen.analysis_changed, timeout=10_000) as changed,
    ):
        model.setData(model.index(row), "Did you restart the router? Let me check that for you.")
    assert edited.args == [segment.id, "agent", "Did you restart the router? Let me check that for you."]
    new: Analysis = changed.args[0]
    assert new is screen.analysis() and new is not demo_analysis
    assert "negative_language" not in {f.kind for f in new.findings}
    assert "You should have" in segment.text  # the analysis on screen before was not mutated
    assert screen.player.position() == 50.0 and screen.review().reviewer is None
    assert screen.findings.count() == len(new.findings)


def test_agent_mode_is_read_only(qtbot, runner: TaskRunner, demo_analysis: Analysis) -> None:
    screen = ReviewScreen(runner)
    qtbot.addWidget(screen)
    screen.show_call(demo_analysis, None, INFO, None, agent_mode=True)
    model = screen.transcript.transcript_model()
    assert not model.editable and not model.setData(model.index(0), "changed")
    assert screen.scorecard.agent_mode and screen.scorecard.override_box.isHidden()
    assert screen.scorecard.user == "Tom Baker"


def test_switching_modes_keeps_the_playhead_and_the_selected_line(
    qtbot, screen: ReviewScreen, demo_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[object] = []
    monkeypatch.setattr(screen.player, "load", lambda *args: loads.append(args))
    row = 5
    index = screen.transcript.model().index(row, 0)
    qtbot.mouseClick(
        screen.transcript.viewport(), Qt.MouseButton.LeftButton, pos=screen.transcript.visualRect(index).center()
    )
    start = demo_analysis.transcript.segments[row].start
    assert screen.player.position() == start
    screen.scorecard.criteria.select("closing")

    screen.set_mode(True, "Tom Baker")
    assert screen.scorecard.agent_mode and not screen.transcript.transcript_model().editable
    assert screen.player.position() == start and screen.timeline.position() == start
    assert screen.transcript.currentIndex().row() == row and screen.scorecard.criteria.current_id() == "closing"
    screen.set_mode(False, "Dana")
    assert screen.player.position() == start and screen.transcript.currentIndex().row() == row
    assert screen.transcript.transcript_model().editable and screen.scorecard.user == "Dana"
    assert loads == []  # the recording was never loaded again


def test_a_one_hour_call_opens(qtbot, runner: TaskRunner, hour_analysis: Analysis) -> None:
    screen = ReviewScreen(runner)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show_call(hour_analysis, None, CallInfo("Generated 1-hour call"), None)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.transcript.model().rowCount() == 1000
    assert screen.findings.count() == len(hour_analysis.findings) > 0
    screen.seek(1800.0)
    assert screen.transcript.playing_row() == screen.transcript.transcript_model().row_at(1800.0) > 0
    assert not screen.grab().isNull()


def _scroll_area_of(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        assert parent is not None, "not inside a scroll area"
        parent = parent.parentWidget()
    return parent


def _in_view(widget: QWidget, area: QScrollArea) -> bool:
    top_left = widget.mapTo(area.viewport(), QPoint(0, 0))
    return area.viewport().rect().contains(QRect(top_left, widget.size()))


def test_after_an_override_the_comment_box_is_in_view_and_the_score_never_scrolls_away(
    qtbot, screen: ReviewScreen, demo_analysis: Analysis
) -> None:
    """In a 1400×900 window the review screen is about 800 px tall; an override's note and message used to push
    "Add comment" below the fold, and scrolling down to it took the big score out of sight."""
    screen.resize(1400, 800)
    panel = screen.scorecard
    qtbot.waitUntil(lambda: screen.height() == 800)
    criterion = demo_analysis.scores.criteria[0]
    reason = "The agent acknowledged the problem late but clearly, which should count for something in this call."
    assert panel.request_override(criterion.id, 80, reason)
    add = panel.comments.add_button
    area = _scroll_area_of(add)
    qtbot.waitUntil(lambda: _in_view(add, area), timeout=2_000)
    area.ensureWidgetVisible(panel.answer, 0, 0)  # scrolled down to the agent's response
    qtbot.waitUntil(lambda: _in_view(panel.answer, area), timeout=2_000)
    assert not panel.overall_label.visibleRegion().isEmpty()  # the big score is still on screen
    assert panel.overall_label.text() == score(panel.overall())
