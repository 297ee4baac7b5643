"""Agent mode as the agent: entering it asks who the agent is, answers are recorded in that name, and switching
modes leaves the call as it is on screen (no reload, the playhead and the selected line stay)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from callcoach.services import calls
from callcoach.storage import open_library
from callcoach.ui.main_window import MainWindow
from tests.ui.app_helpers import stored, wait_opened, wait_status, write_call

NAMELESS = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Agent>Thanks for calling Harbor Bank. How can I help?

00:00:03.500 --> 00:00:09.000
<v Customer>My debit card was declined at the pharmacy twice today and I'm really worried.

00:00:09.500 --> 00:00:13.000
<v Agent>I'm sorry, that sounds stressful. I've removed the block, you can use it right away.
"""


def analysed(qtbot, window: MainWindow, path: Path, agent: str | None = None) -> int:
    """Import and analyse a call (with `agent` assigned); returns its id."""
    wait_opened(qtbot, window)
    window.library.import_paths([path])
    call_id = wait_status(qtbot, window, path.name, "analysed").id
    if agent:
        library = open_library()
        try:
            calls.assign_agent(library, [call_id], agent)
        finally:
            library.close()
    return call_id


def show(qtbot, window: MainWindow, call_id: int) -> None:
    window.review.open_call(call_id)
    qtbot.waitUntil(
        lambda: (
            window.stack.currentWidget() is window.review_screen
            and window.review.bundle is not None
            and window.review.bundle.call_id == call_id
        ),
        timeout=10_000,
    )


def dispute(qtbot, window: MainWindow, call_id: int, text: str):
    answer = window.review_screen.scorecard.answer
    answer.editor.setPlainText(text)
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        answer.dispute_button.click()
    return stored(call_id)[2].acknowledgement


def test_entering_agent_mode_offers_the_calls_agent_and_answers_in_that_name(
    qtbot, make_window, settings, agent_names, tmp_path: Path
) -> None:
    settings.user_name = "Dana"  # the reviewer at this computer
    window = make_window()
    call_id = analysed(qtbot, window, write_call(tmp_path, 1), agent="Lee Wong")
    show(qtbot, window, call_id)
    assert agent_names.asked == []  # a reviewer is never asked

    window.agent_mode_action.trigger()
    assert agent_names.asked[0][0] == "Lee Wong" and "Lee" in agent_names.asked[0][1]  # the name said, to pick
    answer = window.review_screen.scorecard.answer
    assert answer.identity.text() == "You answer as <b>Lee Wong</b>"
    ack = dispute(qtbot, window, call_id, "I did summarise the fix.")
    assert (ack.status, ack.agent) == ("disputed", "Lee Wong")
    assert "<b>Disputed</b> by Lee Wong" in answer.status.text() and "Dana" not in answer.status.text()


def test_without_an_agent_the_name_said_is_offered_and_another_can_be_typed(
    qtbot, make_window, agent_names, tmp_path: Path
) -> None:
    window = make_window()
    call_id = analysed(qtbot, window, write_call(tmp_path, 1))  # "this is Lee" on the call, no agent assigned
    show(qtbot, window, call_id)
    agent_names.answer = "Lee Wong"
    window.agent_mode_action.trigger()
    assert agent_names.asked[0][0] == "Lee"
    assert dispute(qtbot, window, call_id, "Not fair.").agent == "Lee Wong"


def test_declining_to_name_the_agent_stays_the_reviewer(
    qtbot, make_window, settings, agent_names, tmp_path: Path
) -> None:
    path = tmp_path / "nameless.vtt"
    path.write_text(NAMELESS, encoding="utf-8")
    window = make_window()
    show(qtbot, window, analysed(qtbot, window, path))
    agent_names.answer = ""  # Cancel
    window.agent_mode_action.trigger()
    assert agent_names.asked[0][0] == ""  # no agent, no name said: nothing offered, a name is required
    scorecard = window.review_screen.scorecard
    assert not window.agent_mode_action.isChecked() and not settings.agent_mode
    assert not scorecard.agent_mode and scorecard.override_box.isVisible()
    assert "needs the agent's name" in window.status_text.text()


def test_switching_modes_keeps_the_call_the_playhead_and_the_line(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    window = make_window()
    call_id = analysed(qtbot, window, write_call(tmp_path, 1), agent="Lee Wong")
    show(qtbot, window, call_id)
    screen = window.review_screen
    loads: list[int] = []
    real_load = calls.load_call
    monkeypatch.setattr(
        "callcoach.ui.controllers.review_controller.load_call",
        lambda library, cid, *a, **k: loads.append(cid) or real_load(library, cid, *a, **k),
    )
    row = 2
    index = screen.transcript.model().index(row, 0)
    qtbot.mouseClick(
        screen.transcript.viewport(), Qt.MouseButton.LeftButton, pos=screen.transcript.visualRect(index).center()
    )
    start = window.review.bundle.analysis.transcript.segments[row].start
    assert start > 0 and screen.player.position() == start

    for _ in range(2):  # into agent mode and back
        window.agent_mode_action.trigger()
        qtbot.wait(50)
        assert screen.player.position() == start and screen.timeline.position() == start
        assert screen.transcript.currentIndex().row() == row
    assert not window.agent_mode_action.isChecked() and screen.transcript.transcript_model().editable
    assert loads == []


def test_calls_opened_in_agent_mode_ask_once_per_agent_and_not_you_changes_the_name(
    qtbot, make_window, settings, agent_names, tmp_path: Path
) -> None:
    settings.agent_mode = True
    window = make_window()
    first = analysed(qtbot, window, write_call(tmp_path, 1), agent="Lee Wong")
    second = analysed(qtbot, window, write_call(tmp_path, 2), agent="Lee Wong")
    show(qtbot, window, first)
    assert [default for default, _ in agent_names.asked] == ["Lee Wong"]
    window.show_library()
    show(qtbot, window, second)
    assert len(agent_names.asked) == 1  # the same agent going through their own calls is not asked again
    assert dispute(qtbot, window, second, "The close was fine.").agent == "Lee Wong"

    agent_names.answer = "Priya Nair"
    window.review_screen.scorecard.answer.change_agent_button.click()
    assert window.review_screen.scorecard.answer.identity.text() == "You answer as <b>Priya Nair</b>"
    assert dispute(qtbot, window, second, "Still fine.").agent == "Priya Nair"
