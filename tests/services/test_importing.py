"""Importing into the library (services.importing), as the command line and the desktop app both do."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from callcoach.services.importing import import_files
from callcoach.storage import Library, open_library, repository
from tests.storage.helpers import write_call


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = open_library(str(tmp_path / "library.sqlite"))
    yield lib
    lib.close()


def test_import_dates_each_call_from_its_file(library: Library, tmp_path: Path) -> None:
    """The desktop import (dialog or drop) has no date to give: without one the scorecard and list had none."""
    when = datetime(2023, 6, 15, 9, 45)
    dropped = write_call(tmp_path / "drop", 1)
    os.utime(dropped, (when.timestamp(), when.timestamp()))
    summary = import_files(library, [tmp_path / "drop"], "Lee")
    assert len(summary.added) == 1 and not summary.errors
    with library.read() as session:
        (call,) = repository.list_calls(session)
    assert call.recorded_at == when.astimezone() and call.agent == "Lee"


def test_a_folder_without_calls_is_said_to_have_none(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "minutes.txt").write_text("not a call", encoding="utf-8")
    summary = import_files(library, [folder])
    assert (
        not summary.imported and summary.sentence() == "No recordings or transcripts were found (skipped 1 other file)."
    )
