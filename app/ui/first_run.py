"""The first start: on an empty library, import the bundled demo call and open it once it is analysed.

Only once per user (a setting remembers it), and never into a library that already has calls: pointing
CallCoach at a team's shared library must not add a demo to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from callcoach.core.resources import resource_path
from callcoach.services.importing import ImportSummary
from callcoach.services.processing import Outcome
from callcoach.ui.controllers.library_controller import LibraryController
from callcoach.ui.controllers.processing_controller import ProcessingController
from callcoach.ui.library.call_item import CallItem
from callcoach.ui.settings import AppSettings

DEMO_AGENT = "Priya"
# The stereo recording when it is bundled (the review screen then plays it), else its transcript.
DEMO_FILES = ("demo_call.flac", "demo_call.vtt")


def demo_call_path(folder: Path | None = None) -> Path | None:
    folder = folder or resource_path("demo")
    return next((folder / name for name in DEMO_FILES if (folder / name).is_file()), None)


class FirstRun(QObject):
    def __init__(
        self,
        settings: AppSettings,
        library: LibraryController,
        processing: ProcessingController,
        open_call: Callable[[int], object],
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.settings, self.library, self.processing, self.open_call = settings, library, processing, open_call
        self.demo_id: int | None = None
        self.demo_path: Path | None = None
        if not settings.first_run_done:
            library.calls_loaded.connect(self._first_listing)

    def _first_listing(self, calls: list[CallItem]) -> None:
        self.library.calls_loaded.disconnect(self._first_listing)
        self.settings.first_run_done = True
        self.demo_path = demo_call_path()
        if calls or self.demo_path is None:
            return
        self.library.imported.connect(self._imported)
        self.library.import_paths([self.demo_path], agent=DEMO_AGENT)

    def _imported(self, summary: ImportSummary) -> None:
        self.library.imported.disconnect(self._imported)
        if not summary.added:
            return
        self.demo_id = summary.added[0]
        self.processing.call_finished.connect(self._processed)

    def _processed(self, outcome: Outcome) -> None:
        if outcome.call_id != self.demo_id:
            return
        self.processing.call_finished.disconnect(self._processed)
        if outcome.status in ("analysed", "attention"):
            self.open_call(outcome.call_id)
