"""Where the bundled resources (rubric, phrase lists, detector heads, demo call, fonts) live.

They are the package `callcoach.resources` (the repository's `resources/` folder), read with importlib.resources,
so the same code finds them in a checkout, an installed wheel and the PyInstaller bundle.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder on disk (CallCoach is never run from a zip: reportlab, Qt and PyAV need real files)."""
    return Path(str(files("callcoach.resources")))


def resource_path(name: str) -> Path:
    return resources_dir() / name
