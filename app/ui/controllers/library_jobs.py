"""The library's long work, as plain functions the worker layer runs off the GUI thread (no Qt here).

Each takes ``progress`` and ``cancel`` keyword callbacks (callcoach.core.jobs); each opens its own short sessions on
the shared Library, so the review screen reads and saves while the processing job transcribes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from callcoach.core.analysis import Settings
from callcoach.core.errors import InputError
from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.rubric import load_rubric
from callcoach.storage import Library, open_library, queue, repository
from callcoach.storage.database import display, resolve_url
from callcoach.storage.processing import EngineCache, Outcome, ProcessOptions, call_kind, process_queue
from callcoach.storage.tables import CallRow, local_time
from callcoach.ui.library.call_item import CallItem

Notify = Callable[[object], None]


@dataclass
class ImportSummary:
    added: list[int] = field(default_factory=list)
    known: list[int] = field(default_factory=list)  # already in the library (same content)
    skipped: list[str] = field(default_factory=list)  # files in dropped folders that are no call files
    errors: list[str] = field(default_factory=list)  # one sentence per file that could not be imported

    def sentence(self) -> str:
        parts = [f"Imported {len(self.added)} call{'s' if len(self.added) != 1 else ''}"]
        if self.known:
            parts.append(f"{len(self.known)} already in the library")
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} other file{'s' if len(self.skipped) != 1 else ''}")
        if self.errors:
            parts.append(f"{len(self.errors)} could not be read: {self.errors[0]}")
        return ", ".join(parts) + "."


@dataclass(frozen=True)
class CallStarted:
    """Sent through `notify` when the processing job claims a call."""

    call_id: int
    file: str


def open_library_job(location: str | None, *, progress: ProgressFn, cancel: CancelFn) -> Library:
    """Connect to (and if needed create or upgrade) the library: a file path, a database URL, or the default."""
    try:
        library = open_library(location or None)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise InputError(display(resolve_url(location or None)), f"cannot open the library: {reason}") from None
    report(progress, 1.0)
    return library


def warm_up_job(*, progress: ProgressFn, cancel: CancelFn) -> None:
    """Import what the first recording, the first import of audio and the first PDF need, while nothing waits.

    Loading these libraries (PyAV, faster-whisper, ReportLab) takes a few hundred milliseconds, part of it holding
    the interpreter lock; done at start-up it never competes with the reviewer's first clicks.
    """
    import callcoach.audio.decode
    import callcoach.transcription.pipeline

    check_cancel(cancel)
    import callcoach.reporting.scorecard  # noqa: F401

    report(progress, 1.0)


def list_calls_job(library: Library, *, progress: ProgressFn, cancel: CancelFn) -> list[CallItem]:
    with library.read() as session:
        summaries = repository.list_calls(session)
        extra = {
            call_id: (passed, imported_at, kind)
            for call_id, passed, imported_at, kind in session.exec(
                select(CallRow.id, CallRow.passed, CallRow.imported_at, CallRow.kind)
            )
        }
    items = []
    for s in summaries:
        passed, imported_at, kind = extra.get(s.id, (None, None, ""))
        items.append(
            CallItem(
                s.id,
                s.file,
                s.agent,
                s.status,
                s.duration,
                s.overall,
                passed,
                s.recorded_at,
                local_time(imported_at),
                s.reason,
                kind,
            )
        )
    return items


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The call files among `paths` and in folders (recursively), and the other files found (skipped)."""
    found: list[Path] = []
    skipped: list[str] = []
    for path in paths:
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            if call_kind(candidate):
                found.append(candidate)
            else:
                skipped.append(str(candidate))
    return found, skipped


def import_job(
    library: Library, paths: Sequence[Path], agent: str | None = None, *, progress: ProgressFn, cancel: CancelFn
) -> ImportSummary:
    """Queue every call file named or found in folders; a file already imported (same content) is recognised."""
    files, skipped = expand_paths(Path(p) for p in paths)
    summary = ImportSummary(skipped=skipped)
    for i, path in enumerate(files):
        check_cancel(cancel)
        try:
            if not path.is_file():
                raise InputError(path, "file not found")
            # as `callcoach import`: hashes the whole file (the slow part), dates the call from the file
            call, new = repository.import_file(library, path, call_kind(path) or "", agent)
        except InputError as exc:
            summary.errors.append(exc.message)
        else:
            assert call.id is not None
            (summary.added if new else summary.known).append(call.id)
        report(progress, (i + 1) / len(files))
    return summary


def process_job(
    library: Library,
    settings,
    engines: EngineCache | None = None,
    skip: Callable[[int], bool] | None = None,
    *,
    progress: ProgressFn,
    cancel: CancelFn,
    notify: Notify,
) -> list[Outcome]:
    """Transcribe/read, analyse and save every queued call (storage.processing), telling which call is in hand.

    `settings` is an callcoach.ui.settings.ProcessingSettings; progress is the current call's 0..1. `engines` keeps the
    loaded model between runs; `skip(call_id)` cancels one call only (see process_queue).
    """
    if engines is not None:
        engines.keep_only(settings.model)  # the model setting changed since the last run: free the old model here
    rubric = load_rubric(settings.rubric) if settings.rubric else None
    options = ProcessOptions(
        model=settings.model,
        agent_channel=settings.agent_channel,
        rubric=rubric,
        analysis=Settings(possible_below=settings.possible_below),
        engines=engines,
    )
    return process_queue(
        library,
        options,
        progress=progress,
        cancel=cancel,
        on_start=lambda call: notify(CallStarted(call.id, call.file_path)),
        on_done=notify,
        skip=skip,
    )


def warm_model_job(engines: EngineCache, model: str, *, progress: ProgressFn, cancel: CancelFn) -> None:
    """Load `model` now, off the GUI thread, so that the first recording starts at once.

    Loading holds Python's GIL for one stretch (tokenizers parses the model's tokenizer.json: ~170 ms here),
    which no thread can avoid; at launch that overlaps the window coming up instead of a reviewer's work.
    """
    engines.get(model)


def free_model_job(engines: EngineCache, model: str, *, progress: ProgressFn, cancel: CancelFn) -> None:
    """Drop a loaded model other than `model` (freeing it takes a moment: never on the GUI thread)."""
    engines.keep_only(model)


def dequeue_job(library: Library, call_id: int, *, progress: ProgressFn, cancel: CancelFn) -> str:
    """Remove a call that waits in the queue (never processed) from the library; returns its file."""
    with library.write() as session:
        return queue.dequeue(session, call_id)


def retry_failed_job(library: Library, *, progress: ProgressFn, cancel: CancelFn) -> int:
    """Queue the failed calls again (after the user fixed the files); returns how many."""
    return queue.requeue_failed(library)
