"""The library screen: table, sort, filter and search; drag and drop; the queue's progress and failures."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from callcoach.ui.library.call_item import CallItem
from callcoach.ui.library.call_table_model import SORT_ROLE, CallTableModel, Column
from callcoach.ui.library.library_screen import LibraryScreen
from callcoach.ui.library.queue_panel import QueuePanel

T0 = datetime(2024, 5, 3, 9, 0).astimezone()


def item(call_id: int, name: str, agent: str | None, status: str, **fields) -> CallItem:
    values = {
        "duration": 60.0 * call_id,
        "overall": 50.0 + call_id if status in ("analysed", "reviewed") else None,
        "passed": (50.0 + call_id >= 70) if status in ("analysed", "reviewed") else None,
        "recorded_at": T0 + timedelta(hours=call_id),
        "imported_at": T0,
        "reason": None,
        "kind": "transcript",
        **fields,
    }
    return CallItem(call_id, f"/calls/{name}", agent, status, **values)


CALLS = [
    item(1, "monday.vtt", "Lee", "analysed"),
    item(2, "tuesday.wav", "Priya", "reviewed"),
    item(3, "broken.vtt", None, "failed", reason="/calls/broken.vtt: no cues found"),
    item(4, "queued.mp3", "Lee", "queued", recorded_at=None),
    item(25, "late.wav", "Sam", "analysed"),
]


@pytest.fixture
def screen(qtbot) -> LibraryScreen:
    screen = LibraryScreen()
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.set_calls(CALLS)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def names(screen: LibraryScreen) -> list[str]:
    return [c.name for c in screen.visible_calls()]


def test_the_table_shows_every_column(screen: LibraryScreen) -> None:
    model = screen.model
    row = model.row_of(25)
    cells = [model.index(row, c).data() for c in Column]
    assert cells[0] == "late.wav" and cells[1] == "Sam" and cells[3] == "25:00" and cells[4] == "Analysed"
    assert cells[5] == "75  pass" and "2024" in cells[2]
    failed = model.row_of(3)
    assert model.index(failed, Column.SCORE).data() == "—"
    assert "no cues found" in model.index(failed, Column.CALL).data(Qt.ItemDataRole.ToolTipRole)
    assert screen.count.text() == "5 calls"
    assert not screen.grab().isNull()


def test_sorting_by_each_column(screen: LibraryScreen) -> None:
    assert names(screen)[0] == "late.wav"  # newest first by default; no date sorts last
    screen.table.sortByColumn(Column.SCORE, Qt.SortOrder.DescendingOrder)
    assert names(screen)[:3] == ["late.wav", "tuesday.wav", "monday.vtt"]
    screen.table.sortByColumn(Column.LENGTH, Qt.SortOrder.AscendingOrder)
    assert names(screen) == ["monday.vtt", "tuesday.wav", "broken.vtt", "queued.mp3", "late.wav"]
    screen.table.sortByColumn(Column.CALL, Qt.SortOrder.AscendingOrder)
    assert names(screen)[0] == "broken.vtt"
    assert screen.model.index(0, Column.LENGTH).data(SORT_ROLE) == 60.0


def test_filter_by_agent_and_status_and_search(qtbot, screen: LibraryScreen) -> None:
    agents = [screen.agent_filter.itemText(i) for i in range(screen.agent_filter.count())]
    assert agents == ["All agents", "Lee", "Priya", "Sam"]
    screen.agent_filter.setCurrentIndex(screen.agent_filter.findData("Lee"))
    assert sorted(names(screen)) == ["monday.vtt", "queued.mp3"]
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("queued"))
    assert names(screen) == ["queued.mp3"] and screen.count.text() == "1 of 5"
    screen.agent_filter.setCurrentIndex(0)
    screen.status_filter.setCurrentIndex(0)
    qtbot.keyClicks(screen.search, "PRIYA")  # agent text, any case
    assert names(screen) == ["tuesday.wav"]
    screen.search.clear()
    qtbot.keyClicks(screen.search, "day")  # file text
    assert sorted(names(screen)) == ["monday.vtt", "tuesday.wav"]


def test_a_refresh_updates_rows_in_place_and_keeps_the_selection(screen: LibraryScreen) -> None:
    assert screen.select_call(2)
    resets: list[bool] = []
    screen.model.modelReset.connect(lambda: resets.append(True))
    changed = [*CALLS[:3], item(4, "queued.mp3", "Lee", "transcribing", recorded_at=None), CALLS[4]]
    screen.set_calls([*changed, item(30, "new.vtt", "Lee", "queued")])
    assert not resets and screen.selected_call().id == 2
    assert screen.model.index(screen.model.row_of(4), Column.STATUS).data() == "Transcribing"
    screen.model.set_progress(4, 0.42)
    assert screen.model.index(screen.model.row_of(4), Column.STATUS).data() == "Transcribing 42%"
    assert screen.count.text() == "6 calls"


def test_opening_a_call_or_hearing_why_it_failed(qtbot, screen: LibraryScreen) -> None:
    with qtbot.waitSignal(screen.open_requested) as opened:
        screen.select_call(25)
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened.args == [25]
    with qtbot.waitSignal(screen.notice) as notice:
        screen.select_call(3)
        centre = screen.table.visualRect(screen.table.currentIndex()).center()
        qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double-click's press
        qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert notice.args == ["broken.vtt failed: /calls/broken.vtt: no cues found"]


def test_an_empty_library_invites_a_drop(qtbot) -> None:
    screen = LibraryScreen()
    qtbot.addWidget(screen)
    assert screen.stack.currentWidget() is screen.empty and "Drop recordings" in screen.empty.text()


def drop(widget, urls: list[QUrl]) -> tuple[bool, bool]:
    """Drag `urls` over `widget` and drop them; returns (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls(urls)
    actions = Qt.DropAction.CopyAction
    pos = QPoint(widget.width() // 2, widget.height() // 2)
    enter = QDragEnterEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    event = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return enter.isAccepted(), event.isAccepted()


def test_dropping_files_and_folders(qtbot, screen: LibraryScreen, tmp_path: Path) -> None:
    call, folder = tmp_path / "a.vtt", tmp_path / "day"
    call.write_text("WEBVTT\n")
    folder.mkdir()
    with qtbot.waitSignal(screen.files_dropped) as dropped:
        assert drop(screen, [QUrl.fromLocalFile(str(call)), QUrl.fromLocalFile(str(folder))]) == (True, True)
    assert dropped.args == [[call, folder]]
    with qtbot.assertNotEmitted(screen.files_dropped):
        assert drop(screen, [QUrl("https://example.com/call.wav")]) == (False, False)


def test_queue_panel_shows_progress_waiting_and_failures(qtbot) -> None:
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.set_running(True)
    panel.set_calls([*CALLS, item(5, "next.wav", None, "queued")])
    panel.set_current(4)
    panel.set_progress(4, 0.5)
    assert "queued.mp3" in panel.state.text() and panel.progress.value() == 500
    assert [panel.waiting.item(i).text() for i in range(panel.waiting.count())] == ["next.wav"]
    assert panel.failed_reasons() == ["broken.vtt\nno cues found"]
    with qtbot.waitSignal(panel.stop_requested):
        panel.stop_button.click()
    panel.set_running(False)
    assert panel.stop_button.text() == "Resume" and "Stopped: 1 call waiting" in panel.state.text()
    with qtbot.waitSignal(panel.resume_requested):
        panel.stop_button.click()
    with qtbot.waitSignal(panel.retry_requested):
        panel.retry_button.click()
    panel.set_calls([c for c in CALLS if c.status != "failed" and c.status != "queued"])
    assert panel.failed.isHidden() and panel.stop_button.isHidden() and "Every call" in panel.state.text()


def test_model_without_calls() -> None:
    model = CallTableModel()
    assert model.rowCount() == 0 and model.columnCount() == len(Column) and model.agents() == []


@pytest.mark.parametrize("column", [Column.LENGTH, Column.DATE, Column.SCORE])
def test_unknown_values_sort_last_in_either_direction(screen: LibraryScreen, column: Column) -> None:
    """Sorting by Length put the calls without one ("—") first; they go last, ascending or descending."""
    calls = [
        *CALLS,
        item(30, "no-length.wav", "Lee", "queued", duration=None, recorded_at=None, imported_at=None),
    ]
    unknown = {c.name for c in calls if _sort_value(c, column) is None}
    screen.set_calls(calls)
    assert unknown
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        screen.table.sortByColumn(column, order)
        shown = names(screen)
        known = [n for n in shown if n not in unknown]
        assert set(shown[len(known) :]) == unknown, (order, shown)
        values = [_sort_value(c, column) for c in screen.visible_calls()[: len(known)]]
        assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)


def _sort_value(call: CallItem, column: Column):
    model = CallTableModel()
    model.set_calls([call])
    return model.index(0, column).data(SORT_ROLE)
