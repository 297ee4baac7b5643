"""The user data folder: the library, the reassembled base model. One rule for every part of CallCoach."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CALLCOACH_DATA_DIR"  # replaces the folder: tests, portable installs


def data_dir() -> Path:
    """platformdirs' user data folder for CallCoach, or CALLCOACH_DATA_DIR (``~`` expanded) when set."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("callcoach", appauthor=False))
