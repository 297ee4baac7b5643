"""The library's long work, as plain functions the worker layer runs off the GUI thread (no Qt here).

The use cases themselves are callcoach.services' (the command line calls the same); these adapt them to what the
desktop app has at hand: its settings, its loaded model, the rows of the library screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from callcoach.core.analysis import Settings
from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.rubric import load_rubric
from callcoach.services.calls import list_calls
from callcoach.services.processing import EngineCache, Outcome, ProcessOptions, process_queue
from callcoach.storage import Library, queue
from callcoach.ui.library.call_item import CallItem

Notify = Callable[[object], None]


@dataclass(frozen=True)
class CallStarted:
    """Sent through `notify` when the processing job claims a call."""

    call_id: int
    file: str


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
    """The library screen's rows: CallItem has the fields of the listing's CallSummary that the screen shows."""
    names = [f.name for f in fields(CallItem)]
    return [CallItem(**{name: getattr(c, name) for name in names}) for c in list_calls(library)]


def process_job(
    library: Library,
    settings,
    engines: EngineCache | None = None,
    skip: Callable[[int], bool] | None = None,
    call_models: dict[int, str] | None = None,
    *,
    progress: ProgressFn,
    cancel: CancelFn,
    notify: Notify,
) -> list[Outcome]:
    """Transcribe/read, analyse and save every queued call (services.processing), telling which call is in hand.

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
        call_models=dict(call_models or {}),
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


def requeue_job(library: Library, call_id: int, *, progress: ProgressFn, cancel: CancelFn) -> int:
    """Queue one call again ("Process again with…"); its review and comments stay. Returns the call id."""
    queue.requeue(library, call_id)
    return call_id


def retry_failed_job(library: Library, *, progress: ProgressFn, cancel: CancelFn) -> int:
    """Queue the failed calls again (after the user fixed the files); returns how many."""
    return queue.requeue_failed(library)
