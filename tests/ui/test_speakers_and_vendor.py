"""The desktop app with transcripts whose speakers are spk_0/spk_1: who is who at import, the automatic choice
shown on the review screen, one click to swap it, and what a cloud service reported shown beside our figures."""

from __future__ import annotations

from pathlib import Path

from callcoach.storage import open_library, repository
from callcoach.transcripts.speakers import SpeakerOptions
from callcoach.ui.library import import_actions
from callcoach.ui.library.import_actions import ImportChoice, ImportDialog
from tests.calls import DIARIZED_SRT
from tests.ui.app_helpers import stored, wait_opened, wait_status

FORMATS = Path(__file__).resolve().parents[1] / "transcripts" / "data" / "formats"
CALL = DIARIZED_SRT


def write(folder: Path, name: str = "billing.srt", text: str = CALL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def open_call(qtbot, window, name: str) -> int:
    item = wait_status(qtbot, window, name, "analysed")
    assert window.library_screen.select_call(item.id)
    window.library_screen.open_call(window.library_screen.selected_call())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)
    return item.id


def speakers_column(call_id: int) -> dict | None:
    library = open_library()
    try:
        with library.read() as session:
            return repository.get_call(session, call_id, "test").speakers
    finally:
        library.engine.dispose()


def test_the_automatic_choice_is_shown_and_one_click_swaps_it(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write(tmp_path)])
    call_id = open_call(qtbot, window, "billing.srt")
    screen = window.review_screen
    assert screen.speakers.isVisible()
    assert screen.speakers.label.text().startswith("Agent: spk_1 · Customer: spk_0 — chosen automatically")
    assert screen.speakers.swap.isVisible()
    assert [s.speaker for s in screen.analysis().transcript.segments] == ["customer", "agent", "agent", "customer"]

    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        screen.speakers.swap.click()
    assert [s.speaker for s in screen.analysis().transcript.segments] == ["agent", "customer", "customer", "agent"]
    assert screen.speakers.label.text().startswith("Agent: spk_0 · Customer: spk_1 — swapped by hand")
    assert speakers_column(call_id) == {"mapping": {"spk_1": "customer", "spk_0": "agent"}}
    assert stored(call_id)[0] == "analysed"


def test_the_call_menu_swaps_too_and_is_off_for_a_call_with_one_speaker(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write(tmp_path)])
    open_call(qtbot, window, "billing.srt")
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        assert window.swap_speakers()
    assert window.review_screen.analysis().transcript.segments[0].speaker == "agent"
    window.back_action.trigger()
    assert not window.swap_speakers()  # not on the review screen: nothing to swap
    assert "Open a call" in window.status_text.text()


def test_the_import_dialog_gives_the_agent_and_speaker(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    path = write(tmp_path / "in")
    monkeypatch.setattr(import_actions, "ask_files", lambda parent, start: [path])
    monkeypatch.setattr(
        import_actions,
        "ask_import_choice",
        lambda parent, count, agent="": ImportChoice("Priya", SpeakerOptions(agent="spk_0")),
    )
    window.imports.files.trigger()
    item = wait_status(qtbot, window, "billing.srt", "analysed")
    assert item.agent == "Priya"
    assert speakers_column(item.id) == {"agent": "spk_0"}


def test_import_dialog_fields(qtbot) -> None:
    dialog = ImportDialog(None, 3)
    qtbot.addWidget(dialog)
    assert dialog.choice() == ImportChoice(None, None)
    dialog.agent.setText("  Priya Shah ")
    dialog.agent_speaker.setText("SPEAKER_01")
    assert dialog.choice() == ImportChoice("Priya Shah", SpeakerOptions(agent="SPEAKER_01"))


def test_call_analytics_from_amazon_are_shown_beside_ours(qtbot, make_window) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([FORMATS / "aws_tca.json"])
    open_call(qtbot, window, "aws_tca.json")
    panel = window.review_screen.vendor
    assert panel.isVisible()
    assert panel.title() == "Amazon Transcribe Call Analytics reported"
    text = panel.text()
    assert "Customer sentiment" in text and "CallCoach" in text
    assert "Kept as the service reported it" in text


def test_a_call_without_service_analytics_shows_no_panel(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write(tmp_path)])
    open_call(qtbot, window, "billing.srt")
    assert not window.review_screen.vendor.isVisible()


def test_a_swap_still_running_never_lands_on_the_next_call(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    import time

    from callcoach.ui.review import reanalysis

    window = make_window()
    wait_opened(qtbot, window)
    other = CALL.replace("charged twice", "charged three times")  # another call: another content
    window.library.import_paths([write(tmp_path, "a.srt"), write(tmp_path, "b.srt", other)])
    first = open_call(qtbot, window, "a.srt")
    second = wait_status(qtbot, window, "b.srt", "analysed").id
    real = reanalysis.analyze_job

    def slow(*args, **kwargs):
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(reanalysis, "analyze_job", slow)
    window.review_screen.speakers.swap.click()
    window.review.open_call(second)
    qtbot.waitUntil(lambda: window.review.bundle is not None and window.review.bundle.call_id == second, timeout=10_000)
    qtbot.wait(1500)  # the slow analysis of the first call's swap has finished by now
    assert [s.speaker for s in window.review_screen.analysis().transcript.segments][:2] == ["customer", "agent"]
    assert "was not saved" in window.review_screen.notice.text()
    assert speakers_column(first) is None and speakers_column(second) is None


def test_an_agent_sees_who_is_who_but_cannot_swap(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write(tmp_path)])
    open_call(qtbot, window, "billing.srt")
    screen = window.review_screen
    assert screen.speakers.swap.isVisible()
    screen.set_mode(True, "Priya")
    assert screen.speakers.isVisible() and not screen.speakers.swap.isVisible()
    assert not screen.can_swap_speakers()
    screen.set_mode(False, "Dana")
    assert screen.speakers.swap.isVisible()
