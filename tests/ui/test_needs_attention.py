"""A call that cannot be scored, in the desktop app: the library row, the review screen's banner and scorecard say
so (never a score), and "Process again…" queues it with the model the reviewer picks, keeping its review."""

from __future__ import annotations

from pathlib import Path

from callcoach.ui.library.call_table_model import Column
from tests.storage.helpers import write_unscorable
from tests.ui.app_helpers import wait_opened, wait_status


def test_needs_attention_is_shown_everywhere_and_can_be_processed_again(
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write_unscorable(tmp_path / "in")])
    call = wait_status(qtbot, window, "silent-agent1.vtt", "attention")
    model = window.library_screen.model
    row = next(r for r in range(model.rowCount()) if model.calls()[r].id == call.id)
    assert model.index(row, Column.STATUS).data() == "Needs attention"
    assert model.index(row, Column.SCORE).data() == "no score"
    assert "nothing the agent said" in model.index(row, Column.CALL).data(3)  # the tooltip (ToolTipRole) says why

    window.review.open_call(call.id)
    qtbot.waitUntil(lambda: window.review.bundle is not None, timeout=10_000)
    screen = window.review_screen
    qtbot.waitUntil(screen.attention.isVisible, timeout=5_000)
    assert "no automatic score" in screen.attention.text() and "nothing the agent said" in screen.attention.text()
    panel = screen.scorecard
    assert panel.verdict.text().strip() == "NEEDS ATTENTION" and panel.overall_label.text() == "–"

    asked: list[tuple[list[str], str]] = []

    def ask_model(parent, models: list[str], current: str) -> str:
        asked.append((models, current))
        return "base"

    monkeypatch.setattr("callcoach.ui.file_dialogs.ask_model", ask_model)
    with qtbot.waitSignal(window.processing.call_finished, timeout=10_000) as finished:
        assert window.process_again()
    assert asked == [(["tiny.en", "base"], window.settings.model)]
    assert window.processing.call_models == {call.id: "base"}
    assert (finished.args[0].call_id, finished.args[0].status) == (call.id, "attention")
    assert window.stack.currentWidget() is window.library_screen
