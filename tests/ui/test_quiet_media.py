"""Opening a recording prints no ffmpeg dump or sound-server warnings; the app's own errors still show."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from callcoach.ui.review import player as player_module
from tests.qt_helpers import ROOT

DEMO_FLAC = ROOT / "resources" / "demo" / "demo_call.flac"
NOISE = ("Input #0", "Stream #0", "qt.multimedia.", "PulseAudioService")

# A fresh process: ffmpeg's log level and Qt's logging rules are process-wide and set once, at start.
SCRIPT = textwrap.dedent(
    f"""
    import logging, sys, time
    from pathlib import Path
    if sys.argv[1] == "quiet":
        from callcoach.ui.quiet_media import quiet_media_logs
        quiet_media_logs()
    from callcoach.ui.app import create_application
    app = create_application()
    from PySide6.QtCore import qWarning
    from callcoach.ui.review.player import AudioPlayer
    player = AudioPlayer()
    player.load(Path({str(DEMO_FLAC)!r}), 87.0)
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        app.processEvents()
    logging.getLogger("callcoach").error("our own error")
    qWarning("a Qt warning of another kind")
    """
)


def stderr_of(mode: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_LOGGING_RULES", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.skipif(bool(player_module.MULTIMEDIA_ERROR), reason="Qt Multimedia cannot load here (libpulse0?)")
def test_opening_a_recording_is_quiet_but_our_errors_are_not() -> None:
    loud = stderr_of("loud")
    if not any(noise in loud for noise in NOISE):
        pytest.skip("Qt Multimedia printed nothing to silence on this machine")
    quiet = stderr_of("quiet")
    assert [noise for noise in NOISE if noise in quiet] == []
    assert "our own error" in quiet
    assert "a Qt warning of another kind" in quiet  # only the known noise is filtered out
    assert "our own error" in loud
