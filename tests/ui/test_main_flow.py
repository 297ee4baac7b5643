"""The desktop app end to end, with fast inputs: import → process → review → override → export, and the first run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from callcoach.storage import open_library, repository
from callcoach.ui import responsiveness
from callcoach.ui.first_run import DEMO_AGENT, demo_call_path
from tests.ui.app_helpers import (
    FakeTranscriber,
    listed,
    stored,
    wait_opened,
    wait_status,
    write_call,
)


def test_import_process_review_override_export(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    assert "CallCoach" in window.windowTitle()
    calls = tmp_path / "calls"
    write_call(calls, 1), write_call(calls, 2)

    window.library.import_paths([calls])  # a folder, as the Import folder… action gives it
    first = wait_status(qtbot, window, "call1.vtt", "analysed")
    wait_status(qtbot, window, "call2.vtt", "analysed")
    assert first.overall is not None and first.passed is not None and first.duration == pytest.approx(17.0)

    assert window.library_screen.select_call(first.id)
    window.library_screen.open_call(window.library_screen.selected_call())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)
    assert window.review_screen.title.text() == "call1.vtt"
    assert "call1.vtt" in window.windowTitle() and "CallCoach" in window.windowTitle()

    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        assert window.review_screen.scorecard.request_override("closing", 40, "No summary of the next steps")
    status, overall, review = stored(first.id)
    assert status == "reviewed" and review is not None
    assert [(o.criterion_id, o.score, o.reason) for o in review.overrides] == [
        ("closing", 40.0, "No summary of the next steps")
    ]
    assert overall == window.review_screen.scorecard.overall()
    wait_status(qtbot, window, "call1.vtt", "reviewed")

    window.review_screen.seek(9.5)
    window.review_screen.scorecard.comments.editor.setPlainText("Good paraphrase here.")
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        window.review_screen.scorecard.comments.submit()
    assert [(c.text, c.call_time) for c in stored(first.id)[2].comments] == [("Good paraphrase here.", 9.5)]

    asked: list[Path] = []
    out = tmp_path / "out" / "scorecard.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(
        "callcoach.ui.file_dialogs.ask_scorecard_path", lambda parent, default: (asked.append(default), out)[1]
    )
    with qtbot.waitSignal(window.review.exported, timeout=20_000):
        window.review_screen.export_button.click()
    assert asked[0].name == "call1-scorecard.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert "Scorecard written" in window.status_text.text()
    assert "first export" in responsiveness._done  # reportlab's objects frozen out of full collections

    window.back_action.trigger()
    assert window.stack.currentWidget() is window.library_screen
    assert window.library_screen.selected_call().id == first.id


def test_first_run_imports_the_demo_call_and_opens_it(qtbot, make_window, monkeypatch, settings) -> None:
    fake = FakeTranscriber()  # if the demo is the .flac: no model in unit tests
    window = make_window(first_run=True, transcriber=fake.seam)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=20_000)
    demo = demo_call_path()
    assert demo is not None and window.review_screen.title.text() == demo.name
    assert window.review.bundle.info.agent == DEMO_AGENT
    assert window.review_screen.transcript.model().rowCount() > 5
    assert window.review.bundle.audio_path == (demo if demo.suffix == ".flac" else None)
    assert settings.first_run_done


def test_first_run_never_adds_the_demo_to_a_library_with_calls(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write_call(tmp_path, 1)])
    wait_status(qtbot, window, "call1.vtt", "analysed")
    window.close()

    again = make_window(first_run=True)
    wait_opened(qtbot, again)
    qtbot.wait(200)
    assert list(listed(again)) == ["call1.vtt"] and again.stack.currentWidget() is again.library_screen


def test_demo_call_prefers_the_recording(tmp_path: Path) -> None:
    assert demo_call_path(tmp_path) is None
    (tmp_path / "demo_call.vtt").write_text("WEBVTT\n")
    assert demo_call_path(tmp_path) == tmp_path / "demo_call.vtt"
    (tmp_path / "demo_call.flac").write_bytes(b"fLaC")
    assert demo_call_path(tmp_path) == tmp_path / "demo_call.flac"


def test_database_work_never_runs_on_the_gui_thread(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    from callcoach.storage import repository, reviews

    threads: list[str] = []
    for module, name in ((repository, "list_calls"), (repository, "load_analysis"), (reviews, "add_override")):
        real = getattr(module, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            threads.append(f"{_name}:{threading.current_thread() is threading.main_thread()}")
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write_call(tmp_path, 1)])
    item = wait_status(qtbot, window, "call1.vtt", "analysed")
    window.review.open_call(item.id)
    qtbot.waitUntil(lambda: window.review.bundle is not None, timeout=10_000)
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        window.review_screen.scorecard.request_override("closing", 40, "No summary")
    assert {t.split(":")[0] for t in threads} == {"list_calls", "load_analysis", "add_override"}
    assert all(t.endswith("False") for t in threads), threads


def test_reviewing_goes_on_while_a_call_transcribes(
    qtbot, make_window, tmp_path: Path, monkeypatch, silent_wav: Path
) -> None:
    fake = FakeTranscriber(endless=True)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    window.library.import_paths([write_call(tmp_path, 1)])
    item = wait_status(qtbot, window, "call1.vtt", "analysed")
    window.library.import_paths([silent_wav])
    qtbot.waitUntil(fake.started.is_set, timeout=10_000)
    wait_status(qtbot, window, silent_wav.name, "transcribing")

    window.review.open_call(item.id)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        window.review_screen.scorecard.request_override("closing", 30, "Rushed close")
    assert window.processing.is_running() and stored(item.id)[0] == "reviewed"
    assert all(t is not threading.main_thread() for t in fake.threads)
    window.processing.stop()
    qtbot.waitUntil(lambda: not window.processing.is_running(), timeout=10_000)


def test_a_transcript_correction_is_stored_in_the_library(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([write_call(tmp_path, 1)])
    item = wait_status(qtbot, window, "call1.vtt", "analysed")
    window.review.open_call(item.id)
    qtbot.waitUntil(lambda: window.review.bundle is not None, timeout=10_000)
    model = window.review_screen.transcript.transcript_model()
    with qtbot.waitSignal(window.review.saved, timeout=10_000):
        model.setData(model.index(3), "I've removed the block. Thank you for calling.")
    assert "Corrected transcript saved" in window.status_text.text()
    assert stored_texts(item.id)[3] == "I've removed the block. Thank you for calling."
    assert stored(item.id)[0] == "analysed" and not window.review._corrected

    window.show_library()
    window.review.bundle = None
    window.review.open_call(item.id)
    qtbot.waitUntil(lambda: window.review.bundle is not None, timeout=10_000)
    texts = [s.text for s in window.review_screen.analysis().transcript.segments]
    assert texts[3] == "I've removed the block. Thank you for calling."
    assert "corrected transcript" not in window.status_text.text()  # read from the library, not the session


def stored_texts(call_id: int) -> list[str]:
    library = open_library()
    try:
        with library.read() as session:
            analysis = repository.load_analysis(session, repository.get_call(session, call_id, "test"), "test")
            return [s.text for s in analysis.transcript.segments]
    finally:
        library.close()
