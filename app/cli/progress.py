"""A one-line terminal progress bar for long CLI work (only drawn on a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, stream: TextIO = sys.stderr, width: int = 30, enabled: bool = True):
        self.label, self.stream, self.width = label, stream, width
        self.enabled = enabled and stream.isatty()
        self._last = -1.0
        self._started = time.monotonic()

    def __call__(self, fraction: float) -> None:
        if not self.enabled or (fraction - self._last < 0.005 and fraction < 1.0):
            return
        self._last = fraction
        filled = int(self.width * fraction)
        elapsed = time.monotonic() - self._started
        bar = "█" * filled + "·" * (self.width - filled)
        self.stream.write(f"\r{self.label} {bar} {fraction:4.0%}  {elapsed:5.1f} s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last >= 0:
            self.stream.write("\n")
            self.stream.flush()
