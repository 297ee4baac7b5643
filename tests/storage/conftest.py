"""A fresh library in a temporary folder; the user's real data folder and CALLCOACH_DB are never used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from callcoach.storage import Library, open_library


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CALLCOACH_DB", raising=False)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(str(tmp_path / "library.sqlite"))
    yield lib
    lib.close()
