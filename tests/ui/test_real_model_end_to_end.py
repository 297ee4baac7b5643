"""One run through the real path: a 15 s stereo recording transcribed by tiny.en in the app, then reviewed."""

from __future__ import annotations

from pathlib import Path

from tests.ui.app_helpers import wait_opened, wait_status

CLIP = Path(__file__).resolve().parents[1] / "transcription" / "data" / "call_stereo.flac"


def test_a_recording_is_transcribed_and_opens_for_review(qtbot, make_window, monkeypatch) -> None:
    # faster-whisper makes a (disabled) tqdm bar per transcription, and tqdm starts a monitor thread of its own that
    # lingers 10 s after the last bar: not ours, but the thread-leak guard would rightly see it. Turn it off.
    monkeypatch.setattr("tqdm.std.tqdm.monitor_interval", 0)
    window = make_window()
    wait_opened(qtbot, window)
    window.library.import_paths([CLIP])
    item = wait_status(qtbot, window, CLIP.name, "analysed", timeout=120_000)
    assert item.kind == "recording" and item.duration is not None and 15 < item.duration < 16

    window.library_screen.select_call(item.id)
    window.library_screen.open_call(window.library_screen.selected_call())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_screen, timeout=10_000)
    analysis = window.review_screen.analysis()
    agent = " ".join(s.text for s in analysis.transcript.segments if s.speaker == "agent").lower()
    assert "how can i help" in agent and analysis.transcript.model == "tiny.en"
    assert window.review.bundle.audio_path == CLIP.resolve()
    assert window.review_screen.player.has_audio()
