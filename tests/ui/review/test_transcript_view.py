"""The transcript model and view: roles, follow-playback, seek on click, corrections as signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from callcoach.core.model import Analysis
from callcoach.ui.review.transcript_model import Roles, TranscriptModel
from callcoach.ui.review.transcript_view import TranscriptView


@pytest.fixture
def view(qtbot, demo_analysis: Analysis) -> TranscriptView:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_segments(demo_analysis.transcript.segments, demo_analysis.findings)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_model_has_a_row_per_segment_with_its_roles(demo_analysis: Analysis) -> None:
    model = TranscriptModel()
    model.set_segments(demo_analysis.transcript.segments, demo_analysis.findings)
    segments = demo_analysis.transcript.segments
    assert model.rowCount() == len(segments) == 14
    first = model.index(1)
    s = segments[1]
    assert first.data(Roles.SEGMENT_ID) == s.id
    assert first.data(Roles.SPEAKER) == s.speaker == "customer"
    assert (first.data(Roles.START), first.data(Roles.END)) == (s.start, s.end)
    assert first.data(Roles.TEXT) == s.text
    assert first.data(Roles.TAGS) == s.tags and "distress" in s.tags
    assert first.data(Roles.SENTIMENT) == s.sentiment
    assert set(first.data(Roles.FINDING_KINDS)) == {"missing_empathy", "missing_paraphrase"}
    assert first.data(Qt.ItemDataRole.DisplayRole).startswith("0:05 Customer: My internet")
    assert b"speaker" in model.roleNames().values()


def test_row_at_is_the_line_being_spoken(demo_analysis: Analysis) -> None:
    model = TranscriptModel()
    model.set_segments(demo_analysis.transcript.segments)
    segments = demo_analysis.transcript.segments
    assert model.row_at(-1.0) == -1
    assert model.row_at(segments[0].start) == 0
    assert model.row_at(segments[5].start + 0.01) == 5
    assert model.row_at(10_000) == len(segments) - 1


def test_an_edit_emits_the_correction_without_touching_the_analysis(qtbot, demo_analysis: Analysis) -> None:
    model = TranscriptModel()
    model.set_segments(demo_analysis.transcript.segments)
    original = demo_analysis.transcript.segments[2]
    before = original.text
    with qtbot.waitSignal(model.segment_edited) as edit:
        assert model.setData(model.index(2), "Did you restart the router?")
    assert edit.args == [original.id, "agent", "Did you restart the router?"]
    with qtbot.waitSignal(model.segment_edited) as edit:
        assert model.setData(model.index(2), "customer", Roles.SPEAKER)
    assert edit.args == [original.id, "customer", "Did you restart the router?"]
    assert original.text == before and original.speaker == "agent"
    assert not model.setData(model.index(2), "nobody", Roles.SPEAKER)
    assert not model.setData(model.index(2), "   ")


def test_a_read_only_transcript_refuses_edits(qtbot, demo_analysis: Analysis) -> None:
    model = TranscriptModel()
    model.set_segments(demo_analysis.transcript.segments)
    model.editable = False
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.assertNotEmitted(model.segment_edited):
        assert not model.setData(model.index(0), "changed")


def test_clicking_a_line_seeks_to_its_start(qtbot, view: TranscriptView, demo_analysis: Analysis) -> None:
    index = view.model().index(3, 0)
    with qtbot.waitSignal(view.seek_requested) as seek:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert seek.args == [demo_analysis.transcript.segments[3].start]


def test_set_position_selects_and_shows_the_line_being_spoken(qtbot, view: TranscriptView, demo_analysis) -> None:
    last = demo_analysis.transcript.segments[-1]
    with qtbot.assertNotEmitted(view.seek_requested):
        view.set_position(last.start + 0.5)
    assert view.currentIndex().row() == len(demo_analysis.transcript.segments) - 1
    assert view.selectionModel().isRowSelected(view.currentIndex().row())
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))
    view.set_position(demo_analysis.transcript.segments[4].start)
    assert view.playing_row() == 4 == view.currentIndex().row()


def test_correcting_a_line_in_place_emits_segment_edited(qtbot, view: TranscriptView, demo_analysis) -> None:
    index = view.model().index(5, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == demo_analysis.transcript.segments[5].text
    editor.setText("It's 4 4 1 9 0 2 8.")
    with qtbot.waitSignal(view.segment_edited) as edit:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert edit.args == [demo_analysis.transcript.segments[5].id, "customer", "It's 4 4 1 9 0 2 8."]


def test_a_thousand_lines_lay_out_and_paint(qtbot, hour_analysis: Analysis) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.set_segments(hour_analysis.transcript.segments, hour_analysis.findings)
    view.show()
    qtbot.waitExposed(view)
    view.set_position(hour_analysis.transcript.segments[900].start)
    assert view.model().rowCount() == 1000
    assert view.currentIndex().row() == 900
    assert not view.grab().isNull()


def test_without_follow_playback_the_view_stays_put(qtbot, view: TranscriptView, demo_analysis) -> None:
    view.follow_playback = False
    top = view.verticalScrollBar().value()
    view.set_position(demo_analysis.transcript.segments[-1].start)
    assert view.verticalScrollBar().value() == top
    assert view.selectionModel().isRowSelected(len(demo_analysis.transcript.segments) - 1)


def test_a_tag_that_is_also_the_lines_finding_shows_once() -> None:
    from callcoach.ui.review.transcript_delegate import tag_chips

    tags = ["negative_language", "apology"]
    assert tag_chips(tags, {"apology": 0.91}, ["negative_language"]) == ["apology 91%"]
    assert tag_chips(tags, {}, []) == ["negative language", "apology"]
