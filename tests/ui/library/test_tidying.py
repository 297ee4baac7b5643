"""Tidying the library in the desktop app: delete calls (asked first; Delete key, menu) and assign their agent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from tests.storage.helpers import write_call
from tests.ui.app_helpers import listed, wait_opened, wait_status


def select_rows(window, names: set[str]) -> None:
    table, model = window.library_screen.table, window.library_screen.proxy
    table.clearSelection()
    for row in range(model.rowCount()):
        if model.call_at(row).name in names:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            table.selectionModel().select(model.index(row, 0), flags)


def test_delete_asks_first_and_removes_only_the_calls(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    paths = [write_call(tmp_path / "in", n) for n in (1, 2, 3)]
    window.library.import_paths(paths)
    for path in paths:
        wait_status(qtbot, window, path.name, "analysed")

    asked: list[list[str]] = []
    answer = {"yes": False}
    monkeypatch.setattr(
        "callcoach.ui.file_dialogs.confirm_delete", lambda parent, names: asked.append(names) or answer["yes"]
    )
    select_rows(window, {"call1.vtt", "call2.vtt"})
    assert not window.delete_selected()  # "Cancel": nothing goes
    assert sorted(asked[0]) == ["call1.vtt", "call2.vtt"] and len(listed(window)) == 3

    answer["yes"] = True
    window.library_screen.table.setFocus()
    qtbot.keyClick(window.library_screen.table, Qt.Key.Key_Delete)  # the Delete key asks too
    qtbot.waitUntil(lambda: set(listed(window)) == {"call3.vtt"}, timeout=10_000)
    assert len(asked) == 2 and all(p.exists() for p in paths)  # the files themselves stay


def test_assign_an_agent_to_several_calls(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    paths = [write_call(tmp_path / "in", n) for n in (1, 2)]
    window.library.import_paths(paths)
    for path in paths:
        wait_status(qtbot, window, path.name, "analysed")
    offered: list[str] = []
    monkeypatch.setattr(
        "callcoach.ui.file_dialogs.ask_agent", lambda parent, current: offered.append(current) or "Priya Nair"
    )
    select_rows(window, {"call1.vtt", "call2.vtt"})
    assert window.assign_selected()
    assert offered == [listed(window)["call1.vtt"].agent or listed(window)["call1.vtt"].agent_said or ""]
    qtbot.waitUntil(lambda: {c.agent for c in listed(window).values()} == {"Priya Nair"}, timeout=10_000)


def test_the_agent_cell_is_edited_in_place_for_every_selected_call(qtbot, make_window, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLineEdit

    from callcoach.ui.library.call_table_model import Column

    window = make_window()
    wait_opened(qtbot, window)
    paths = [write_call(tmp_path / "in", n) for n in (1, 2, 3)]
    window.library.import_paths(paths)
    for path in paths:
        wait_status(qtbot, window, path.name, "analysed")
    screen, table = window.library_screen, window.library_screen.table
    select_rows(window, {"call1.vtt", "call2.vtt"})
    row = next(r for r in range(screen.proxy.rowCount()) if screen.proxy.call_at(r).name == "call1.vtt")
    index = screen.proxy.index(row, Column.AGENT)
    table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.setText("Sam Okoye")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: listed(window)["call2.vtt"].agent == "Sam Okoye", timeout=10_000)
    assert listed(window)["call1.vtt"].agent == "Sam Okoye"
    assert listed(window)["call3.vtt"].agent != "Sam Okoye"  # not selected: left alone


def test_only_the_agent_cell_is_editable_and_double_click_still_opens(qtbot, make_window, tmp_path: Path) -> None:
    from callcoach.ui.library.call_table_model import Column

    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write_call(tmp_path / "in", 1)])
    wait_status(qtbot, window, "call1.vtt", "analysed")
    proxy = window.library_screen.proxy
    editable = [bool(proxy.flags(proxy.index(0, c)) & Qt.ItemFlag.ItemIsEditable) for c in Column]
    assert editable == [c == Column.AGENT for c in Column]
    table = window.library_screen.table
    rect = table.visualRect(proxy.index(0, Column.AGENT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)
