"""The `process` job: transcribe (recordings) or read (transcripts) every queued call, analyse it, save it.

A plain function with progress and cancel callbacks and no Qt: the CLI draws a progress bar from it, the desktop
app's worker layer turns it into signals. Each call is claimed, worked on outside any transaction, and saved in
one transaction (see queue.py), so a crash or a kill loses only the call in hand, which the next run redoes.
A file the user can fix (unreadable, malformed) marks its call 'failed' with the reason and the queue goes on.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.core.analysis import analyze
from app.core.errors import InputError
from app.core.jobs import CancelFn, Cancelled, ProgressFn, check_cancel, report
from app.core.model import Transcript
from app.core.rubric import Rubric, default_rubric
from app.core.serialize import to_dict
from app.storage import queue
from app.storage.database import Library
from app.storage.tables import CallRow
from app.transcription.models import DEFAULT_MODEL
from app.transcripts import TRANSCRIPT_SUFFIXES, load_transcript

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30.0

# Test hook, used only by tests/storage/test_kill_resume.py (and its PostgreSQL run): CALLCOACH_TEST_STALL_SAVE=
# "FILE:N" makes the N-th save of a run create FILE and then sleep inside its still-open transaction, so the test
# can SIGKILL the process mid-save at a known moment. Unset (always, outside that test) it does nothing.
STALL_ENV = "CALLCOACH_TEST_STALL_SAVE"


@dataclass
class ProcessOptions:
    model: str = DEFAULT_MODEL
    agent_channel: str = "auto"
    rubric: Rubric | None = None
    stale_after: timedelta = queue.STALE_AFTER


@dataclass(frozen=True)
class Outcome:
    """What happened to one call: 'analysed', 'failed' (with the reason) or 'lost' (another worker took it)."""

    call_id: int
    file: str
    status: str
    reason: str | None = None
    overall: float | None = None
    warnings: list[str] = field(default_factory=list)


def call_kind(path: Path) -> str | None:
    """'transcript', 'recording', or None for a file CallCoach does not read."""
    from app.audio.decode import AUDIO_SUFFIXES

    suffix = path.suffix.lower()
    if suffix in TRANSCRIPT_SUFFIXES:
        return "transcript"
    return "recording" if suffix in AUDIO_SUFFIXES else None


class _Engines:
    """Loads the Whisper model on the first recording only, then keeps it for the rest of the queue."""

    def __init__(self, model: str):
        self.model, self._engine = model, None

    def get(self):
        if self._engine is None:
            from app.transcription.models import resolve_model
            from app.transcription.whisper_engine import WhisperEngine

            self._engine = WhisperEngine(resolve_model(self.model))
        return self._engine


def read_call(
    path: Path,
    *,
    model: str = DEFAULT_MODEL,
    agent_channel: str = "auto",
    engine=None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[Transcript, int | None]:
    """A call file as a Transcript, and the recording's channel count (None for a transcript)."""
    kind = call_kind(path)
    if kind == "transcript":
        transcript = load_transcript(path)
        report(progress, 1.0)
        return transcript, None
    if kind is None:
        raise InputError(
            path, f"unsupported file type '{path.suffix or '(none)'}'", hint="import recordings or transcripts"
        )
    from app.audio.decode import probe
    from app.transcription.pipeline import transcribe_recording

    channels = probe(path).channels
    engine = engine.get() if isinstance(engine, _Engines) else engine
    transcript = transcribe_recording(
        path,
        model=model,
        agent_channel=agent_channel,
        engine=engine,
        progress=progress,
        cancel=cancel,  # type: ignore[arg-type]
    )
    return transcript, channels


def process_queue(
    library: Library,
    options: ProcessOptions | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    on_start: Callable[[CallRow], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Process queued calls until none is left; ``progress`` reports each call's 0..1.

    Raises Cancelled when ``cancel()`` turns true: the call in hand goes back to the queue, finished ones stay.
    """
    run = _Run(library, options or ProcessOptions(), progress, cancel)
    outcomes = []
    while True:
        check_cancel(cancel)
        call = queue.claim_next(library, run.worker, run.options.stale_after)
        if call is None:
            return outcomes
        if on_start is not None:
            on_start(call)
        outcomes.append(run.process(call))
        if on_done is not None:
            on_done(outcomes[-1])


class _Run:
    """What stays the same for every call of one `process` run: worker id, rubric, loaded model, callbacks."""

    def __init__(self, library: Library, options: ProcessOptions, progress: ProgressFn | None, cancel: CancelFn | None):
        self.library, self.options, self.progress, self.cancel = library, options, progress, cancel
        self.rubric = options.rubric or default_rubric()
        self.snapshot = queue.RubricSnapshot.of(self.rubric)  # read once: a mid-run edit must not mislabel scores
        self.engines, self.worker, self.stall = _Engines(options.model), queue.worker_id(), _StallHook.from_env()

    def process(self, call: CallRow) -> Outcome:
        """Transcribe or read, analyse and save one claimed call; a fixable problem fails only this call."""
        assert call.id is not None
        library, worker = self.library, self.worker
        try:
            transcript, channels = read_call(
                Path(call.file_path),
                model=self.options.model,
                agent_channel=self.options.agent_channel,
                engine=self.engines,
                progress=_Heartbeat(library, call.id, worker, self.progress),
                cancel=self.cancel,
            )
            check_cancel(self.cancel)
            doc = to_dict(analyze(transcript, self.rubric))
            queue.save_analysis(library, call.id, worker, doc, self.snapshot, channels, self.stall.maybe_stall)
        except InputError as exc:
            queue.fail(library, call.id, worker, exc.message)
            return Outcome(call.id, call.file_path, "failed", exc.message)
        except queue.ClaimLost:
            return Outcome(call.id, call.file_path, "lost", "another worker took this call over")
        except (Cancelled, KeyboardInterrupt, SQLAlchemyError):
            _release_quietly(library, call.id, worker)
            raise
        except Exception as exc:  # a bug or a broken model must not stop the rest of the queue
            log.exception("processing call %s failed", call.id)
            reason = f"{call.file_path}: unexpected error: {type(exc).__name__}: {exc}"
            queue.fail(library, call.id, worker, reason)
            return Outcome(call.id, call.file_path, "failed", reason)
        return Outcome(call.id, call.file_path, "analysed", overall=doc["scores"]["overall"], warnings=doc["warnings"])


def _release_quietly(library: Library, call_id: int, worker: str) -> None:
    try:
        queue.release(library, call_id, worker)
    except SQLAlchemyError:
        log.warning("could not give call %s back to the queue; the next run will take it back", call_id)


class _Heartbeat:
    """Passes progress on and refreshes the claim now and then, so other workers see this one is alive."""

    def __init__(self, library: Library, call_id: int, worker: str, progress: ProgressFn | None):
        self.library, self.call_id, self.worker, self.progress = library, call_id, worker, progress
        self.last = time.monotonic()

    def __call__(self, fraction: float) -> None:
        report(self.progress, fraction)
        if time.monotonic() - self.last < HEARTBEAT_SECONDS:
            return
        self.last = time.monotonic()
        try:
            queue.heartbeat(self.library, self.call_id, self.worker)
        except SQLAlchemyError:
            log.warning("heartbeat for call %s failed", self.call_id)


@dataclass
class _StallHook:
    """The CALLCOACH_TEST_STALL_SAVE test hook (see STALL_ENV)."""

    marker: Path | None = None
    at_save: int = 0
    saves: int = 0

    @classmethod
    def from_env(cls) -> _StallHook:
        value = os.environ.get(STALL_ENV, "")
        path, _, count = value.rpartition(":")
        return cls(Path(path), int(count)) if path and count.isdigit() else cls()

    def maybe_stall(self) -> None:
        self.saves += 1
        if self.marker is not None and self.saves == self.at_save:
            self.marker.write_text(str(os.getpid()))
            time.sleep(600)
