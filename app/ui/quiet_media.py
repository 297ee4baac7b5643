"""Keep Qt Multimedia's chatter off the terminal, and nothing else.

Opening a call with a recording made Qt's FFmpeg backend print the file's "Input #0 … Metadata" block (ffmpeg's
own logger at its info level, straight to stderr), and the audio backends reported that PipeWire, VA-API or a
PulseAudio server could not be found: nothing a reviewer can act on, and it buried the app's own messages. Our own
errors still reach the terminal (Python logging is untouched, as is every other Qt message), a playback failure
still reaches the player's status line (QMediaPlayer.errorOccurred), and QT_LOGGING_RULES set by the user still
wins (it is read after ours).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

# Qt Multimedia's categories (qt.multimedia.ffmpeg, .symbolsresolver, .pipewire, …): only critical messages stay.
RULES = ("qt.multimedia.*.debug=false", "qt.multimedia.*.info=false", "qt.multimedia.*.warning=false")
# Uncategorised warnings Qt Multimedia prints when there is no sound server (playback then says so itself).
NOISE = ("PulseAudioService: pa_context_connect() failed",)
AV_LOG_ERROR = 16  # ffmpeg's log levels: ERROR keeps real decoding errors, drops warnings and the info dumps
_AVUTIL = ("libavutil.so.*", "libavutil.*.dylib", "avutil-*.dll")

_previous = None


def quiet_media_logs() -> None:
    """Call before the QApplication is made and before Qt Multimedia loads (the rules are read then)."""
    global _previous
    own = os.environ.get("QT_LOGGING_RULES")
    os.environ["QT_LOGGING_RULES"] = ";".join([*RULES, own] if own else RULES)
    quiet_qt_ffmpeg()
    if _previous is None:
        _previous = qInstallMessageHandler(_filter) or _print


def quiet_qt_ffmpeg() -> bool:
    """Lower the log level of the ffmpeg inside Qt (PyAV's own ffmpeg logs nothing unless asked); False if absent."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    for pattern in _AVUTIL:
        for path in sorted(folder.glob(pattern)):
            try:
                ctypes.CDLL(str(path)).av_log_set_level(AV_LOG_ERROR)  # the same library Qt's plugin loads
            except (OSError, AttributeError):
                continue
            return True
    return False


def _filter(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if not message.startswith(NOISE):
        (_previous or _print)(mode, context, message)


def _print(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """What Qt prints without a handler of ours: its own format, on stderr."""
    os.write(2, (qFormatLogMessage(mode, context, message) + "\n").encode("utf-8", "replace"))
