"""The `process` job: transcribe (recordings) or read (transcripts) every queued call, analyse it, save it.

A plain function with progress and cancel callbacks and no Qt: the CLI draws a progress bar from it, the desktop
app's worker layer turns it into signals. Each call is claimed, worked on outside any transaction, and saved in
one transaction (see queue.py), so a crash or a kill loses only the call in hand, which the next run redoes.
A file the user can fix (unreadable, malformed) marks its call 'failed' with the reason and the queue goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from callcoach.core.analysis import Settings
from callcoach.core.errors import InputError
from callcoach.core.jobs import CancelFn, Cancelled, ProgressFn, check_cancel, report
from callcoach.core.model import Transcript
from callcoach.core.rubric import Rubric, default_rubric
from callcoach.core.serialize import to_dict
from callcoach.core.speaker_roles import TRACK_LABELS
from callcoach.services.embedding_cache import analyze_with_library_cache
from callcoach.services.importing import call_kind
from callcoach.storage import Library, queue, repository
from callcoach.storage.database import LibraryUnavailable
from callcoach.storage.tables import CallRow
from callcoach.transcription.models import DEFAULT_MODEL
from callcoach.transcripts import load_transcript
from callcoach.transcripts.speakers import SpeakerOptions

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30.0


def whisper_engine(model: str) -> Any:
    """Load a local Whisper model (a model name or folder, see transcription.models)."""
    from callcoach.transcription.models import resolve_model
    from callcoach.transcription.whisper_engine import WhisperEngine

    return WhisperEngine(resolve_model(model))


def whisper_transcribe(path: Path, **options: Any) -> Transcript:
    from callcoach.transcription.pipeline import transcribe_recording

    return transcribe_recording(path, **options)


@dataclass(frozen=True)
class Transcriber:
    """How recordings become transcripts: ``load(model)`` gives an engine, ``transcribe(path, *, model,
    agent_channel, agent_track, engine, progress, cancel, info)`` a Transcript. Local Whisper unless another is
    given (the desktop app's tests give a fake one)."""

    load: Callable[[str], Any] = whisper_engine
    transcribe: Callable[..., Transcript] = whisper_transcribe


@dataclass
class ProcessOptions:
    model: str = DEFAULT_MODEL
    agent_channel: str = "auto"
    rubric: Rubric | None = None
    analysis: Settings = field(default_factory=Settings)  # e.g. when a finding is only "possible"
    stale_after: timedelta = queue.STALE_AFTER
    # A loaded model to share between runs (the desktop app keeps one for the session); None: each run loads its own.
    engines: EngineCache | None = None
    transcriber: Transcriber | None = None  # without `engines`: the run's own cache uses it (default: Whisper)
    call_models: dict[int, str] = field(default_factory=dict)  # "process again with…": a model for these calls


@dataclass(frozen=True)
class Outcome:
    """What happened to one call: 'analysed', 'attention' (analysed, but it cannot be scored automatically: the
    warnings say why), 'failed' (with the reason), 'lost' (another worker took it) or 'skipped' (the user cancelled
    this call; it is queued again)."""

    call_id: int
    file: str
    status: str
    reason: str | None = None
    overall: float | None = None
    warnings: list[str] = field(default_factory=list)


class EngineCache:
    """One loaded model of ``transcriber``, keyed by its model setting: loaded on the first recording that needs it
    (in the thread processing it, never on the caller's), kept for later recordings and runs, replaced when another
    model is asked for. Thread-safe; the engine itself takes two transcriptions at once (a stereo call's channels).
    """

    def __init__(self, transcriber: Transcriber | None = None) -> None:
        self.transcriber = transcriber or Transcriber()
        self._lock = threading.Lock()
        self._model: str | None = None
        self._engine = None
        self.loads = 0  # how many models were loaded (for tests and logs)

    def get(self, model: str):
        with self._lock:
            if self._model != model:
                self._model, self._engine = None, None  # the old model is freed before the new one loads
                self._engine = self.transcriber.load(model)
                self._model = model
                self.loads += 1
                log.info("loaded Whisper model %s", model)
            return self._engine

    def keep_only(self, model: str) -> None:
        """Drop the loaded model unless it is ``model`` (the setting changed); the next recording loads anew."""
        with self._lock:
            if self._model is not None and self._model != model:
                self._model, self._engine = None, None


def read_call(
    path: Path,
    *,
    model: str = DEFAULT_MODEL,
    agent_channel: str = "auto",
    speakers: SpeakerOptions | None = None,
    engines: EngineCache | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[Transcript, int | None]:
    """A call file as a Transcript, and the recording's channel count (None for a transcript).

    ``speakers``: who is who, when the user said so (a transcript's labels; a recording's channel or voice).
    A recording is transcribed with ``engines``' transcriber and loaded model; without, with local Whisper.
    """
    kind = call_kind(path)
    speakers = speakers or SpeakerOptions(agent_channel=agent_channel)
    if kind == "transcript":
        transcript = load_transcript(path, speakers)
        report(progress, 1.0)
        return transcript, None
    if kind is None:
        raise InputError(
            path, f"unsupported file type '{path.suffix or '(none)'}'", hint="import recordings or transcripts"
        )
    from callcoach.audio.decode import probe

    info = probe(path)  # once per call: the transcription reuses it
    transcriber = engines.transcriber if engines is not None else Transcriber()
    engine = engines.get(model) if engines is not None else None
    transcript = transcriber.transcribe(
        path,
        model=model,
        agent_channel=agent_channel,
        agent_track=recording_agent_track(speakers),
        engine=engine,
        progress=progress,
        cancel=cancel,  # type: ignore[arg-type]
        info=info,
    )
    if speakers.given and recording_agent_track(speakers) is None:  # "spk_1" was meant for the transcripts
        tracks = ", ".join(f"'{label}'" for label in TRACK_LABELS)
        transcript.warnings.append(
            f"the speakers given name no part of a recording (it has {tracks}); the agent was chosen as usual"
        )
    return transcript, info.channels


def recording_agent_track(speakers: SpeakerOptions) -> int | None:
    """A recording's agent from what the user said: `--agent-speaker "right channel"`, or a swap kept with the call
    ("first voice=customer,second voice=agent"); None: the agent channel setting and what is said decide."""
    given = dict(speakers.mapping)
    if speakers.agent is not None:
        given[speakers.agent] = "agent"
    for label, role in given.items():
        track = TRACK_LABELS.get(label.strip().casefold())
        if track is not None:
            return track if role == "agent" else 1 - track
    return None


def process_again(
    library: Library,
    call_id: int,
    model: str | None = None,
    options: ProcessOptions | None = None,
    speakers: SpeakerOptions | None = None,
) -> ProcessOptions:
    """Queue one call again, keeping its review; returns the options that process it with ``model`` (if given).

    ``speakers``: who is who from now on (kept with the call); None keeps what was said before.
    """
    if speakers is not None:
        repository.set_speakers(library, call_id, speakers.to_json())
    queue.requeue(library, call_id)
    options = options or ProcessOptions()
    if model:
        options.call_models[call_id] = model
    return options


def process_queue(
    library: Library,
    options: ProcessOptions | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    on_start: Callable[[CallRow], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    skip: Callable[[int], bool] | None = None,
) -> list[Outcome]:
    """Process queued calls until none is left; ``progress`` reports each call's 0..1.

    Raises Cancelled when ``cancel()`` turns true: the call in hand goes back to the queue, finished ones stay.
    ``skip(call_id)`` turning true cancels that call only: it goes back to the queue (Outcome 'skipped'), this run
    does not take it again, and the run goes on with the next call.
    """
    run = _Run(library, options or ProcessOptions(), progress, cancel)
    outcomes: list[Outcome] = []
    skipped: set[int] = set()
    while True:
        check_cancel(cancel)
        call = queue.claim_next(library, run.worker, run.options.stale_after, exclude=skipped)
        if call is None:
            return outcomes
        if on_start is not None:
            on_start(call)
        outcomes.append(run.process(call, skip))
        if outcomes[-1].status == "skipped":
            skipped.add(outcomes[-1].call_id)
        if on_done is not None:
            on_done(outcomes[-1])


class _Run:
    """What stays the same for every call of one `process` run: worker id, rubric, loaded model, callbacks."""

    def __init__(self, library: Library, options: ProcessOptions, progress: ProgressFn | None, cancel: CancelFn | None):
        self.library, self.options, self.progress, self.cancel = library, options, progress, cancel
        self.rubric = options.rubric or default_rubric()
        self.snapshot = queue.RubricSnapshot.of(self.rubric)  # read once: a mid-run edit must not mislabel scores
        self.engines = options.engines or EngineCache(options.transcriber)
        self.worker = queue.worker_id()

    def process(self, call: CallRow, skip: Callable[[int], bool] | None = None) -> Outcome:
        """Transcribe or read, analyse and save one claimed call; a fixable problem fails only this call."""
        assert call.id is not None
        call_id, library, worker = call.id, self.library, self.worker

        def cancel_call() -> bool:
            return bool(self.cancel is not None and self.cancel()) or bool(skip is not None and skip(call_id))

        try:
            changed = _check_unchanged(library, call)
            transcript, channels = read_call(
                Path(call.file_path),
                model=self.options.call_models.get(call_id, self.options.model),
                agent_channel=self.options.agent_channel,
                speakers=SpeakerOptions.from_json(call.speakers, self.options.agent_channel),
                engines=self.engines,
                progress=_Heartbeat(library, call.id, worker, self.progress),
                cancel=cancel_call,
            )
            check_cancel(cancel_call)
            transcript.warnings += changed
            doc = to_dict(analyze_with_library_cache(library, transcript, self.rubric, self.options.analysis))
            queue.save_analysis(library, call.id, worker, doc, self.snapshot, channels)
        except LibraryUnavailable:  # no call is at fault: it stays claimed, and the next run takes it back
            raise
        except InputError as exc:
            queue.fail(library, call.id, worker, exc.message)
            return Outcome(call.id, call.file_path, "failed", exc.message)
        except queue.ClaimLost:
            return Outcome(call.id, call.file_path, "lost", "another worker took this call over")
        except Cancelled:
            _release_quietly(library, call.id, worker)
            if self.cancel is not None and self.cancel():
                raise
            return Outcome(call.id, call.file_path, "skipped", "cancelled by the user")
        except (KeyboardInterrupt, SQLAlchemyError):
            _release_quietly(library, call.id, worker)
            raise
        except Exception as exc:  # a bug or a broken model must not stop the rest of the queue
            log.exception("processing call %s failed", call.id)
            reason = f"{call.file_path}: unexpected error: {type(exc).__name__}: {exc}"
            queue.fail(library, call.id, worker, reason)
            return Outcome(call.id, call.file_path, "failed", reason)
        attention = doc["scores"].get("attention", [])
        status = "attention" if attention else "analysed"
        return Outcome(call.id, call.file_path, status, overall=doc["scores"]["overall"], warnings=doc["warnings"])


def _check_unchanged(library: Library, call: CallRow) -> list[str]:
    """A file replaced after its import is never analysed silently under the old one's identity.

    A call never analysed (typically one that failed, then was fixed by the user) is analysed as the file is now:
    its content hash follows and a warning says so. A call analysed before (its review belongs to that content)
    is refused. A moved file is found again by importing it at
    its new place (or `callcoach relink`). Returns the warnings to keep with the analysis.
    """
    path = Path(call.file_path)
    if not path.exists():
        raise InputError(
            path,
            "file not found (moved or deleted since it was imported)",
            hint=f"import it at its new place, or `callcoach relink {call.id} NEWPATH`; the call keeps its review",
        )
    digest = repository.file_sha256(path)
    if digest == call.content_hash:
        return []
    if call.analysis is None:
        assert call.id is not None
        repository.set_content_hash(library, call.id, digest)
        return ["the file changed since it was imported: it was analysed as it is now"]
    raise InputError(
        path,
        "the file changed since it was analysed: it was not analysed again under the old file's identity "
        "(the call's review is about the old content)",
        hint="import it as a new call (or put the original file back and process again)",
    )


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
