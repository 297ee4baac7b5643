"""The open library: connecting to it, listing its calls and importing files, all off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from callcoach.services.calls import assign_agent, delete_calls
from callcoach.services.importing import ImportSummary, import_files
from callcoach.services.library import open_library
from callcoach.storage import Library
from callcoach.transcripts.speakers import SpeakerOptions
from callcoach.ui.controllers.library_jobs import (
    dequeue_job,
    list_calls_job,
    requeue_job,
    retry_failed_job,
    warm_up_job,
)
from callcoach.ui.controllers.runners import Runners
from callcoach.ui.settings import AppSettings


class LibraryController(QObject):
    opened = Signal(str)  # the library's label (file path, or URL without password)
    open_failed = Signal(str)
    calls_loaded = Signal(object)  # list[CallItem], every call of the library in import order
    imported = Signal(object)  # ImportSummary
    work_queued = Signal()  # calls were added to the processing queue (import, retry)
    message = Signal(str, bool)  # (text for the status bar, is an error)

    def __init__(self, runners: Runners, settings: AppSettings, db_override: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.runners, self.settings, self.db_override = runners, settings, db_override
        self.library: Library | None = None
        self._retired: list[Library] = []  # earlier libraries: disposed at close (a job may still hold one)
        self._listing = False
        self._list_again = False
        self._opening = 0
        self._closed = False

    def location(self) -> str | None:
        """--db for this session, else the setting, else None (CALLCOACH_DB, else the user data folder)."""
        return self.db_override or self.settings.library_location or None

    # --- open ----------------------------------------------------------------------------------------------
    def open(self) -> None:
        """Connect (again) to the library the settings name; `opened` or `open_failed` follows."""
        self._opening += 1
        request = self._opening
        task = self.runners.quick.submit(open_library, self.location(), name="open library")
        task.finished.connect(lambda library, n=request: self._opened(n, library))
        task.failed.connect(lambda text, _e: self.open_failed.emit(text))
        if request == 1:
            self.runners.quick.submit(warm_up_job, name="warm up")

    def _opened(self, request: int, library: Library) -> None:
        if self._closed:  # delivered after the window closed
            library.close()
            return
        if request != self._opening:  # a newer open was asked for meanwhile
            self._retired.append(library)
            return
        if self.library is not None:
            self._retired.append(self.library)
        self.library = library
        m = library.migration
        if m is not None and m.upgraded:
            saved = f"; the old version is saved as {m.backup}" if m.backup else ""
            self.message.emit(f"Upgraded the library from schema v{m.from_version} to v{m.to_version}{saved}", False)
        self.opened.emit(library.label)
        self.refresh()

    def close(self) -> None:
        """Release the connections; call after the runners are shut down."""
        self._closed = True
        for library in [*self._retired, *([self.library] if self.library else [])]:
            library.close()
        self._retired.clear()
        self.library = None

    # --- list ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the calls; requests made while a load is running are merged into one more load."""
        if self.library is None:
            return
        if self._listing:
            self._list_again = True
            return
        self._listing = True
        task = self.runners.quick.submit(list_calls_job, self.library, name="list calls")
        task.finished.connect(self.calls_loaded)
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not list the calls: {text}", True))
        task.done.connect(self._listed)

    def _listed(self) -> None:
        self._listing = False
        if self._list_again:
            self._list_again = False
            self.refresh()

    # --- import --------------------------------------------------------------------------------------------
    def import_paths(
        self, paths: Sequence[Path], agent: str | None = None, speakers: SpeakerOptions | None = None
    ) -> bool:
        """Queue recordings and transcripts (files or folders); `imported` follows. False with no library.

        ``agent``: the agent on these calls; ``speakers``: which speaker of a transcript is the agent."""
        if self.library is None:
            self.message.emit("The library is not open yet.", True)
            return False
        if not paths:
            return False
        task = self.runners.quick.submit(import_files, self.library, list(paths), agent, None, speakers, name="import")
        task.finished.connect(self._imported)
        task.failed.connect(lambda text, _e: self.message.emit(f"Import failed: {text}", True))
        self.message.emit(f"Importing {len(paths)} item{'s' if len(paths) != 1 else ''}…", False)
        return True

    def _imported(self, summary: ImportSummary) -> None:
        self.message.emit(summary.sentence(), bool(summary.errors))
        self.imported.emit(summary)
        if summary.added:
            self.work_queued.emit()
        self.refresh()

    def process_again(self, call_id: int) -> None:
        """Queue one call again; `work_queued` follows, so the processing queue takes it."""
        if self.library is None:
            return
        task = self.runners.quick.submit(requeue_job, self.library, call_id, name="process again")
        task.finished.connect(self._queued_again)
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not queue call {call_id} again: {text}", True))

    def _queued_again(self, call_id: int) -> None:
        self.message.emit(f"Call {call_id} is queued to be processed again; its review stays.", False)
        self.work_queued.emit()
        self.refresh()

    def delete_calls(self, call_ids: list[int]) -> None:
        """Remove calls with their analysis and review; the recording files stay where they are."""
        if self.library is None or not call_ids:
            return
        task = self.runners.quick.submit(delete_calls, self.library, list(call_ids), name="delete calls")
        task.finished.connect(self._deleted)
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not delete: {text}", True))
        task.done.connect(self.refresh)

    def _deleted(self, files: list[str]) -> None:
        n = len(files)
        self.message.emit(f"Deleted {n} call{'s' if n != 1 else ''} from the library; the files stay.", False)

    def assign_agent(self, call_ids: list[int], agent: str) -> None:
        if self.library is None or not call_ids:
            return
        task = self.runners.quick.submit(assign_agent, self.library, list(call_ids), agent, name="assign agent")
        who = agent.strip() or "no agent"
        task.finished.connect(lambda _r: self.message.emit(f"{len(call_ids)} call(s) now with {who}.", False))
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not set the agent: {text}", True))
        task.done.connect(self.refresh)

    def retry_failed(self) -> None:
        if self.library is None:
            return
        task = self.runners.quick.submit(retry_failed_job, self.library, name="retry failed")
        task.finished.connect(self._requeued)
        task.failed.connect(lambda text, _e: self.message.emit(text, True))

    def remove_queued(self, call_id: int) -> None:
        """Take a call that waits in the queue (never processed) out of the library."""
        if self.library is None:
            return
        task = self.runners.quick.submit(dequeue_job, self.library, call_id, name="remove queued call")
        task.finished.connect(self._dequeued)
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not remove the call: {text}", True))
        task.done.connect(self.refresh)

    def _dequeued(self, file: str) -> None:
        self.message.emit(f"Removed {Path(file).name} from the queue.", False)

    def _requeued(self, count: int) -> None:
        self.message.emit(f"Queued {count} failed call{'s' if count != 1 else ''} again.", False)
        if count:
            self.work_queued.emit()
        self.refresh()
