"""The audio player: playhead, seek, skip and speed logic, with or without a recording or an audio device."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from callcoach.ui.review import player as player_module
from callcoach.ui.review.player import SPEEDS, AudioPlayer


@pytest.fixture
def player(qtbot) -> AudioPlayer:
    player = AudioPlayer()
    qtbot.addWidget(player)
    player.load(None, 90.0)
    player.show()
    return player


def test_a_call_without_a_recording_still_has_a_playhead(qtbot, player: AudioPlayer) -> None:
    assert not player.has_audio() and not player.play_button.isEnabled()
    assert "No recording" in player.status()
    with qtbot.waitSignal(player.position_changed) as moved:
        player.seek(30.0)
    assert moved.args == [30.0] and player.position() == 30.0
    assert player.slider.value() == 30_000
    assert player.time_label.text() == "0:30 / 1:30"
    player.toggle_play()  # nothing to play: a message, no crash
    assert not player.is_playing()


def test_seek_and_skip_stay_inside_the_call(qtbot, player: AudioPlayer) -> None:
    player.seek(-3)
    assert player.position() == 0.0
    player.seek(500)
    assert player.position() == 90.0
    player.seek(40)
    qtbot.mouseClick(player.forward_button, Qt.MouseButton.LeftButton)
    assert player.position() == 45.0
    qtbot.mouseClick(player.back_button, Qt.MouseButton.LeftButton)
    player.skip(-5)
    assert player.position() == 35.0


def test_speed_snaps_to_the_offered_rates(player: AudioPlayer) -> None:
    assert player.speed() == 1.0
    assert [player.speed_combo.itemData(i) for i in range(player.speed_combo.count())] == list(SPEEDS)
    assert (min(SPEEDS), max(SPEEDS)) == (0.75, 2.0)
    player.set_speed(1.6)
    assert player.speed() == 1.5 and player.speed_combo.currentText() == "1.5×"
    player.speed_combo.setCurrentIndex(len(SPEEDS) - 1)
    assert player.speed() == 2.0
    player.set_speed(0.1)
    assert player.speed() == 0.75


def test_a_missing_recording_is_reported(player: AudioPlayer, tmp_path: Path) -> None:
    player.load(tmp_path / "gone.wav", 60.0)
    assert not player.has_audio()
    assert player.status() == "Recording not found: gone.wav"


def test_a_real_recording_loads_even_without_an_audio_device(qtbot, player: AudioPlayer, silent_wav: Path) -> None:
    player.load(silent_wav, 2.0)
    assert player.has_audio() and player.play_button.isEnabled()
    player.set_speed(1.25)
    player.seek(1.0)
    assert player.position() == 1.0
    player.toggle_play()  # may play silently or report an error: either way, no crash
    qtbot.wait(100)
    player.stop()
    assert not player.is_playing()
    assert player.duration() == pytest.approx(2.0, abs=0.1)


def test_without_qt_multimedia_the_call_is_still_reviewable(player: AudioPlayer, silent_wav: Path, monkeypatch) -> None:
    # a machine without libpulse0 cannot load Qt Multimedia: the player says so and keeps its playhead
    monkeypatch.setattr(player_module, "MULTIMEDIA_ERROR", "libpulse.so.0: cannot open shared object file")
    player.load(silent_wav, 2.0)
    assert not player.has_audio() and not player.play_button.isEnabled()
    assert player.status() == "Playback unavailable: Qt Multimedia could not load"
    assert "apt install libpulse0" in player.status_label.toolTip()
    player.seek(1.5)
    player.toggle_play()
    assert player.position() == 1.5 and not player.is_playing()


class _NoDevices:
    @staticmethod
    def audioOutputs() -> list:
        return []


@pytest.mark.skipif(bool(player_module.MULTIMEDIA_ERROR), reason="Qt Multimedia cannot load here (libpulse0?)")
@pytest.mark.parametrize("width", [420, 800, 1400])
def test_the_no_device_sentence_is_whole_at_every_width(
    qtbot, player: AudioPlayer, silent_wav: Path, monkeypatch, width: int
) -> None:
    """It used to share the controls' row and was cut ("playback is si…") at every width: now it has a line of its
    own under them and wraps when the window is narrow."""
    monkeypatch.setattr(player_module, "QMediaDevices", _NoDevices)
    width = max(width, player.minimumSizeHint().width())  # never narrower than its buttons
    player.load(silent_wav, 2.0)
    player.resize(width, player.heightForWidth(width) if player.hasHeightForWidth() else player.sizeHint().height())
    qtbot.waitUntil(lambda: player.status_label.isVisible() and player.width() == width)
    label = player.status_label
    assert player.status() == "No audio output device: playback is silent."
    assert label.text() == player.status() and label.toolTip() == player.status()  # not "playback is si…"
    assert label.width() <= width and label.height() >= label.heightForWidth(label.width())  # every line shows


def test_no_status_takes_no_room(player: AudioPlayer) -> None:
    player._set_status("")
    assert player.status_label.isHidden()
