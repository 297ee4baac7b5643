"""The processing queue in the main window: drop to import, progress per call, failures with reasons, stop, close."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

from PySide6.QtCore import QUrl

from callcoach.services.processing import Transcriber
from callcoach.storage import open_library, repository
from callcoach.ui.library.queue_panel import short_reason
from callcoach.workers import TaskRunner
from tests.ui.app_helpers import (
    FakeTranscriber,
    listed,
    stored,
    wait_opened,
    wait_status,
    write_broken,
    write_call,
)
from tests.ui.library.test_library_screen import drop


def test_dropped_files_are_imported_and_processed_with_progress(
    qtbot, make_window, tmp_path: Path, monkeypatch, silent_wav: Path
) -> None:
    fake = FakeTranscriber(steps=20, step_seconds=0.02)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    progress: list[tuple[int, float]] = []
    window.processing.call_progress.connect(lambda call_id, f: progress.append((call_id, f)))
    urls = [QUrl.fromLocalFile(str(silent_wav)), QUrl.fromLocalFile(str(write_call(tmp_path, 1)))]
    assert drop(window.library_screen, urls) == (True, True)

    wav = wait_status(qtbot, window, silent_wav.name, "analysed")
    wait_status(qtbot, window, "call1.vtt", "analysed")
    assert fake.calls == [str(silent_wav.resolve())]
    fractions = [f for call_id, f in progress if call_id == wav.id]
    assert len(fractions) > 5 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert wav.kind == "recording" and wav.duration is not None
    qtbot.waitUntil(lambda: "Processed" in window.status_text.text() or "Imported" in window.status_text.text())

    drop(window.library_screen, [QUrl.fromLocalFile(str(write_call(tmp_path, 1)))])  # the same content again
    qtbot.waitUntil(lambda: "1 already in the library" in window.status_text.text(), timeout=10_000)
    assert len(listed(window)) == 2


def test_a_failed_file_shows_its_reason_and_can_be_retried(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    wait_opened(qtbot, window)
    broken = write_broken(tmp_path)
    window.library.import_paths([broken, write_call(tmp_path, 1)])
    failed = wait_status(qtbot, window, "broken.vtt", "failed")
    wait_status(qtbot, window, "call1.vtt", "analysed")
    assert failed.reason and "broken.vtt" in failed.reason
    queue = window.library_screen.queue
    assert queue.failed_reasons() == [f"broken.vtt\n{short_reason(failed.file, failed.reason)}"]
    assert queue.failed.isVisible()
    assert failed.file not in queue.failed_reasons()[0]  # the list names the file once, not its whole path
    qtbot.waitUntil(lambda: "1 call failed (below)" in queue.state.text(), timeout=10_000)
    assert "Every call is processed" not in queue.state.text()

    window.library_screen.select_call(failed.id)
    window.library_screen.open_call(window.library_screen.selected_call())
    assert window.status_text.text() == f"broken.vtt failed: {failed.reason}"
    assert window.stack.currentWidget() is window.library_screen

    write_call(tmp_path, 7, name="broken.vtt")  # the user fixes the file (new content, same call)
    # Watch the signal, not the status bar: processing the requeued call may replace the text at once.
    requeued = lambda text, _error: "Queued 1 failed call again" in text  # noqa: E731
    with qtbot.waitSignal(window.library.message, check_params_cb=requeued, timeout=10_000):
        queue.retry_button.click()
    wait_status(qtbot, window, "broken.vtt", "analysed")  # processing reads the call's path: the fixed file
    assert queue.failed.isHidden()


def test_stopping_the_queue_puts_the_call_back(qtbot, make_window, monkeypatch, silent_wav: Path) -> None:
    fake = FakeTranscriber(endless=True)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    window.library.import_paths([silent_wav])
    qtbot.waitUntil(fake.started.is_set, timeout=10_000)
    queue = window.library_screen.queue
    qtbot.waitUntil(lambda: queue.stop_button.text() == "Stop" and queue.progress.isVisible(), timeout=5_000)
    with qtbot.waitSignal(window.processing.running_changed, check_params_cb=lambda running: not running):
        queue.stop_button.click()
    item = wait_status(qtbot, window, silent_wav.name, "queued")
    assert stored(item.id)[0] == "queued"
    assert queue.stop_button.text() == "Resume" and "1 call waiting" in queue.state.text()
    assert "went back to the queue" in window.status_text.text()


def test_closing_the_window_stops_every_thread(qtbot, make_window, monkeypatch, silent_wav: Path) -> None:
    fake = FakeTranscriber(endless=True)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    window.library.import_paths([silent_wav])
    qtbot.waitUntil(fake.started.is_set, timeout=10_000)
    runners = window.runners.all()
    window.close()
    assert all(not r.active_tasks() and r.active_thread_count() == 0 for r in runners)
    assert window.library.library is None
    library = open_library()
    try:
        with library.read() as session:
            assert [c.status for c in repository.list_calls(session)] == ["queued"]  # resumed at the next start
    finally:
        library.close()
    assert not [r for r in TaskRunner.live_runners() if r.active_tasks()]


def test_queued_work_left_by_an_earlier_run_resumes_at_start(qtbot, make_window, tmp_path: Path) -> None:
    library = open_library()
    path = write_call(tmp_path, 3)
    with library.write() as session:
        repository.import_call(session, path, repository.file_sha256(path), "transcript", "Lee", None)
    library.close()
    window = make_window()
    assert wait_status(qtbot, window, "call3.vtt", "analysed").agent == "Lee"


def write_wav(folder: Path, name: str, seconds: float) -> Path:
    """Silence of its own length: each file is a different call."""
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return path


def test_the_model_is_loaded_once_for_every_batch_of_the_session(
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    fake = FakeTranscriber()
    made: list[threading.Thread] = []

    def engine(model) -> object:
        made.append(threading.current_thread())
        return object()

    window = make_window(transcriber=Transcriber(load=engine, transcribe=fake))
    wait_opened(qtbot, window)
    for n in (1, 2):  # two imports: two processing runs
        window.library.import_paths([write_wav(tmp_path, f"call{n}.wav", n)])
        wait_status(qtbot, window, f"call{n}.wav", "analysed")
        qtbot.waitUntil(lambda: not window.processing.is_running(), timeout=10_000)
    assert len(fake.calls) == 2 and len(made) == 1 and made[0] is not threading.main_thread()

    window.settings.model = "base.en"  # the setting changed: the next recording loads that model
    window._settings_changed({"model"})
    window.library.import_paths([write_wav(tmp_path, "call3.wav", 3)])
    wait_status(qtbot, window, "call3.wav", "analysed")
    assert len(made) == 2 and window.processing.engines.loads == 2


def test_a_waiting_call_can_be_removed_and_the_current_one_skipped(
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    fake = FakeTranscriber(endless=True)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    a, b, c = (write_wav(tmp_path, f"{name}.wav", n) for n, name in enumerate("abc", 1))
    window.library.import_paths([a, b, c])
    qtbot.waitUntil(fake.started.is_set, timeout=10_000)
    queue = window.library_screen.queue
    qtbot.waitUntil(lambda: {"a.wav", "b.wav", "c.wav"} <= set(listed(window)), timeout=5_000)
    ids = {name: item.id for name, item in listed(window).items()}
    qtbot.waitUntil(lambda: queue.waiting_ids() == [ids["b.wav"], ids["c.wav"]], timeout=5_000)
    assert fake.calls == [str(a.resolve())] and queue.skip_button.isVisible()

    assert not queue.remove_button.isEnabled()
    assert queue.select_waiting(ids["c.wav"]) and queue.remove_button.isEnabled()
    queue.remove_button.click()
    qtbot.waitUntil(lambda: "c.wav" not in listed(window), timeout=10_000)
    assert "Removed c.wav from the queue" in window.status_text.text()
    assert queue.waiting_ids() == [ids["b.wav"]]

    queue.skip_button.click()  # a goes back to the queue; the run goes on with b, not a again
    qtbot.waitUntil(lambda: len(fake.calls) == 2, timeout=10_000)
    assert fake.calls == [str(a.resolve()), str(b.resolve())]
    wait_status(qtbot, window, "a.wav", "queued")
    # the worker's "b started" note reaches the GUI thread through the event loop: wait for it, don't race it
    qtbot.waitUntil(lambda: window.processing.current == ids["b.wav"], timeout=5_000)
    assert window.processing.is_running()

    # the context menu of a waiting call offers the same removal
    qtbot.waitUntil(lambda: queue.waiting_ids() == [ids["a.wav"]], timeout=5_000)
    menu = queue.waiting_menu(queue.waiting.item(0))
    (remove,) = menu.actions()
    assert remove.isEnabled()
    remove.trigger()
    qtbot.waitUntil(lambda: "a.wav" not in listed(window), timeout=10_000)
    menu.deleteLater()

    with qtbot.waitSignal(window.processing.running_changed, check_params_cb=lambda running: not running):
        queue.stop_button.click()
    assert stored(ids["b.wav"])[0] == "queued" and set(listed(window)) == {"b.wav"}


def test_removing_a_call_being_processed_is_refused(qtbot, make_window, monkeypatch, silent_wav: Path) -> None:
    fake = FakeTranscriber(endless=True)
    window = make_window(transcriber=fake.seam)
    wait_opened(qtbot, window)
    window.library.import_paths([silent_wav])
    qtbot.waitUntil(fake.started.is_set, timeout=10_000)
    item = wait_status(qtbot, window, silent_wav.name, "transcribing")
    window.library.remove_queued(item.id)
    qtbot.waitUntil(lambda: "Could not remove the call" in window.status_text.text(), timeout=10_000)
    assert "being processed" in window.status_text.text() and stored(item.id)[0] == "transcribing"
    window.processing.stop()
    qtbot.waitUntil(lambda: not window.processing.is_running(), timeout=10_000)


def test_short_reason_drops_the_path_and_keeps_the_line() -> None:
    assert short_reason("/c/a.vtt", "/c/a.vtt:8: malformed cue timing") == "line 8: malformed cue timing"
    assert short_reason("/c/a.wav", "/c/a.wav: not an audio file") == "not an audio file"
    assert short_reason("/c/a.wav", "model missing") == "model missing"
    assert short_reason("/c/a.wav", None) == "no reason recorded"


def test_the_model_is_loaded_at_launch_when_preload_is_on(
    qtbot, make_window, monkeypatch, silent_wav: Path, settings
) -> None:
    fake = FakeTranscriber()
    window = make_window(preload=True, transcriber=fake.seam)
    wait_opened(qtbot, window)
    qtbot.waitUntil(lambda: window.processing.engines.loads == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window.runners.busy(), timeout=10_000)
    window.library.import_paths([silent_wav])
    wait_status(qtbot, window, silent_wav.name, "analysed")
    assert fake.calls and window.processing.engines.loads == 1  # the first recording used the preloaded model

    settings.model = "base"
    window._settings_changed({"model"})  # another model: the old one is freed, the new one loaded in advance
    qtbot.waitUntil(lambda: window.processing.engines.loads == 2, timeout=10_000)


def test_no_model_is_loaded_at_launch_when_preload_is_off(qtbot, make_window, monkeypatch) -> None:
    fake = FakeTranscriber()
    window = make_window(preload=False, transcriber=fake.seam)
    wait_opened(qtbot, window)
    qtbot.waitUntil(lambda: not window.runners.busy(), timeout=10_000)
    assert window.processing.engines.loads == 0
