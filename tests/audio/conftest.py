"""Audio fixtures made at test time (see signals.py), so the tests need no committed media or system tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audio.signals import tones, write_wav


@pytest.fixture
def stereo_wav(tmp_path: Path) -> Path:
    """2 s of 8 kHz telephone-style stereo: 440 Hz on the left (agent), 1000 Hz on the right (customer)."""
    return write_wav(tmp_path / "call.wav", tones([440, 1000], 2.0, 8000), 8000)
