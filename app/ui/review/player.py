"""The audio player of the review screen: play/pause, ±5 s, a position slider and 0.75–2× speed.

The playhead is the player's own number, not the media backend's: a call without a recording (a transcript
import) or a machine without an audio device still has a playhead that the transcript and timeline follow
and that seeks move; the backend, when there is one, only plays the sound. QMediaPlayer is created on the
first load of a recording, so opening a transcript-only call costs nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from callcoach.ui.review.style import MUTED, clock

try:  # Qt Multimedia needs the system's PulseAudio client library; without it the app still reviews calls
    from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

    MULTIMEDIA_ERROR = ""
except ImportError as error:  # e.g. "libpulse.so.0: cannot open shared object file"
    MULTIMEDIA_ERROR = str(error)

SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
SKIP_SECONDS = 5.0


class AudioPlayer(QWidget):
    position_changed = Signal(float)  # seconds, on every playhead move (playback or seek)
    status_changed = Signal(str)  # a sentence for the user; empty when all is well

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._source: Path | None = None
        self._duration = 0.0
        self._position = 0.0
        self._status = ""

        style = self.style()
        self.back_button = QPushButton(f"−{SKIP_SECONDS:g} s")
        self.back_button.setToolTip("Back 5 seconds (Left arrow)")
        self.play_button = QPushButton()
        self.play_button.setObjectName("play")
        self.play_button.setToolTip("Play / pause (Space)")
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.forward_button = QPushButton(f"+{SKIP_SECONDS:g} s")
        self.forward_button.setToolTip("Forward 5 seconds (Right arrow)")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("position")
        self.slider.setAccessibleName("Playback position")
        self.time_label = QLabel()
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("0:00:00 / 0:00:00"))
        self.speed_combo = QComboBox()
        self.speed_combo.setObjectName("speed")
        self.speed_combo.setAccessibleName("Playback speed")
        for rate in SPEEDS:
            self.speed_combo.addItem(f"{rate:g}×", rate)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        # Its own line under the controls, wrapped: squeezed in beside them it was cut at every window width.
        self.status_label = QLabel()
        self.status_label.setObjectName("player_status")
        self.status_label.setStyleSheet(f"color: {MUTED};")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.status_label.hide()

        self.back_button.clicked.connect(lambda: self.skip(-SKIP_SECONDS))
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_SECONDS))
        self.play_button.clicked.connect(self.toggle_play)
        self.slider.valueChanged.connect(lambda ms: self.seek(ms / 1000.0) if self.slider.isSliderDown() else None)
        self.slider.sliderReleased.connect(lambda: self.seek(self.slider.value() / 1000.0))
        self.speed_combo.currentIndexChanged.connect(lambda i: self.set_speed(SPEEDS[i]))

        controls = QHBoxLayout()
        for widget in (self.back_button, self.play_button, self.forward_button):
            controls.addWidget(widget)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        controls.addWidget(QLabel("Speed"))
        controls.addWidget(self.speed_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        self.load(None, 0.0)

    # --- loading -------------------------------------------------------------------------------------------
    def load(self, path: Path | None, duration: float) -> None:
        """Open a call's recording (or none); `duration` is the analysis's length, used until the media knows."""
        if self._player is not None:
            self._player.stop()
        self._duration, self._position = max(0.0, duration), 0.0
        self._source = None
        if path is not None and not Path(path).is_file():
            self._set_status(f"Recording not found: {Path(path).name}", f"Looked for {path}")
        elif path is not None and MULTIMEDIA_ERROR:
            self._set_status(
                "Playback unavailable: Qt Multimedia could not load",
                f"{MULTIMEDIA_ERROR}. On Debian or Ubuntu: sudo apt install libpulse0",
            )
        elif path is not None:
            self._source = Path(path)
            player = self._media()
            player.setSource(QUrl.fromLocalFile(str(self._source)))
            player.setPlaybackRate(self.speed())
            self._set_status("" if QMediaDevices.audioOutputs() else "No audio output device: playback is silent.")
        else:
            self._set_status(
                "No recording: transcript only", "Click the transcript or the timeline to move the playhead."
            )
        self.play_button.setEnabled(self._source is not None)
        self.slider.setRange(0, int(self._duration * 1000))
        self._show_position()
        self.position_changed.emit(0.0)

    def _media(self) -> QMediaPlayer:
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.positionChanged.connect(self._on_media_position)
            self._player.durationChanged.connect(self._on_media_duration)
            self._player.playbackStateChanged.connect(self._on_state)
            self._player.errorOccurred.connect(self._on_error)
        return self._player

    # --- the playhead --------------------------------------------------------------------------------------
    def position(self) -> float:
        return self._position

    def duration(self) -> float:
        return self._duration

    def has_audio(self) -> bool:
        return self._source is not None

    def is_playing(self) -> bool:
        return self._player is not None and self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def seek(self, seconds: float) -> None:
        """Move the playhead (clamped to the call) and the sound with it, if there is sound."""
        self._position = min(max(0.0, float(seconds)), self._duration) if self._duration else max(0.0, seconds)
        if self._source is not None and self._player is not None:
            self._player.setPosition(round(self._position * 1000))
        self._show_position()
        self.position_changed.emit(self._position)

    def skip(self, delta: float) -> None:
        self.seek(self._position + delta)

    def speed(self) -> float:
        return SPEEDS[self.speed_combo.currentIndex()]

    def set_speed(self, rate: float) -> None:
        """Play at the listed speed nearest to `rate` (0.75–2×)."""
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - rate))
        if index != self.speed_combo.currentIndex():
            self.speed_combo.setCurrentIndex(index)  # comes back here through currentIndexChanged
            return
        if self._player is not None:
            self._player.setPlaybackRate(SPEEDS[index])

    def toggle_play(self) -> None:
        if self._source is None or self._player is None:
            self._set_status(self._status or "No recording for this call.")
            return
        if self.is_playing():
            self._player.pause()
        else:
            if self._duration and self._position >= self._duration - 0.05:
                self.seek(0.0)
            self._player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def stop(self) -> None:
        """Release the sound device: on closing the call or the window."""
        if self._player is not None:
            self._player.stop()

    def status(self) -> str:
        return self._status

    # --- backend events ------------------------------------------------------------------------------------
    def _on_media_position(self, ms: int) -> None:
        if self.is_playing():  # while paused the playhead is ours: a late backend report must not undo a seek
            self._position = ms / 1000.0
            self._show_position()
            self.position_changed.emit(self._position)

    def _on_media_duration(self, ms: int) -> None:
        if ms > 0:
            self._duration = ms / 1000.0
            self.slider.setRange(0, ms)
            self._show_position()

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _on_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._set_status(f"Cannot play the recording: {text or error.name}")

    def _show_position(self) -> None:
        if not self.slider.isSliderDown():
            with QSignalBlocker(self.slider):
                self.slider.setValue(round(self._position * 1000))
        self.time_label.setText(f"{clock(self._position)} / {clock(self._duration)}")

    def _set_status(self, text: str, hint: str = "") -> None:
        self._status = text
        self.status_label.setText(text)
        self.status_label.setToolTip(f"{text}. {hint}" if hint else text)
        self.status_label.setVisible(bool(text))
        self.status_changed.emit(text)


def install_shortcuts(screen: QWidget, player: AudioPlayer) -> list[QShortcut]:
    """Space plays/pauses, Left/Right skip 5 s anywhere on `screen` (text fields keep their own keys)."""
    bindings = (
        (Qt.Key.Key_Space, player.toggle_play),
        (Qt.Key.Key_Left, lambda: player.skip(-SKIP_SECONDS)),
        (Qt.Key.Key_Right, lambda: player.skip(SKIP_SECONDS)),
    )
    shortcuts = []
    for key, action in bindings:
        shortcut = QShortcut(QKeySequence(key), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)
        shortcuts.append(shortcut)
    return shortcuts
