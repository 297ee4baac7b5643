"""Importing call files into the library's queue: which files are calls, and the import itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from callcoach.core.errors import InputError
from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.storage import Library, repository
from callcoach.storage.tables import CallRow
from callcoach.transcripts import TRANSCRIPT_SUFFIXES
from callcoach.transcripts.speakers import SpeakerOptions


def call_kind(path: Path) -> str | None:
    """'transcript', 'recording', or None for a file CallCoach does not read."""
    from callcoach.audio.decode import AUDIO_SUFFIXES  # PyAV loads only when a file is looked at

    suffix = path.suffix.lower()
    if suffix in TRANSCRIPT_SUFFIXES:
        return "transcript"
    return "recording" if suffix in AUDIO_SUFFIXES else None


@dataclass
class Collected:
    """The call files named or found in folders, the other files found in folders, and what cannot be used."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def collect_files(paths: Iterable[Path | str]) -> Collected:
    """Named files are taken (a named file that is no call file is an error); folders are searched recursively."""
    out = Collected()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                (out.files if call_kind(child) else out.skipped).append(child)
        elif path.is_file():
            if call_kind(path) is None:
                out.errors.append(
                    InputError(path, f"not a recording or transcript ('{path.suffix or 'no extension'}')")
                )
            else:
                out.files.append(path)
        else:
            out.errors.append(InputError(path, "file or folder not found"))
    return out


@dataclass(frozen=True)
class Imported:
    path: Path
    call_id: int
    new: bool  # False: the same content was already in the library
    failed: bool = False  # the call already in the library failed (its file needs fixing, then a retry)
    relinked: bool = False  # the call's file had been moved: it now points here
    agent_set: bool = False  # the call already in the library had no agent: it has the one given now
    agent: str | None = None  # the agent of the call already in the library


@dataclass
class ImportSummary:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in folders that are no call files
    errors: list[str] = field(default_factory=list)  # one sentence per file that could not be imported

    @property
    def added(self) -> list[int]:
        return [i.call_id for i in self.imported if i.new]

    @property
    def known(self) -> list[int]:
        return [i.call_id for i in self.imported if not i.new]

    def sentence(self) -> str:
        def count(n: int, what: str) -> str:
            return f"{n} {what}{'s' if n != 1 else ''}"

        if not self.imported and not self.errors:
            skipped = f" (skipped {count(len(self.skipped), 'other file')})" if self.skipped else ""
            return f"No recordings or transcripts were found{skipped}."
        parts = [f"Imported {count(len(self.added), 'call')}"]
        if self.known:
            parts.append(f"{len(self.known)} already in the library")
        if self.skipped:
            parts.append(f"skipped {count(len(self.skipped), 'other file')}")
        if self.errors:
            parts.append(f"{len(self.errors)} could not be read: {self.errors[0]}")
        return ", ".join(parts) + "."


def import_files(
    library: Library,
    paths: Sequence[Path | str],
    agent: str | None = None,
    recorded_at: datetime | None = None,
    speakers: SpeakerOptions | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportSummary:
    """Queue every call file named or found in folders; a file already imported (same content) is recognised.

    ``speakers`` (who is who in the transcripts: `--agent-speaker`, `--speakers`) is kept with each new call.

    Without ``recorded_at`` each call is dated from its file (storage.call_date). Each file is queued in its own
    transaction, so an interrupted import keeps what it did.
    """
    collected = collect_files(paths)
    summary = ImportSummary(skipped=collected.skipped, errors=[e.message for e in collected.errors])
    for i, path in enumerate(collected.files):
        check_cancel(cancel)
        try:
            kept = speakers.to_json() if speakers is not None else None
            result = repository.import_file(library, path, call_kind(path) or "", agent, recorded_at, kept)
        except InputError as exc:
            summary.errors.append(exc.message)
        else:
            call = result.call
            assert call.id is not None
            summary.imported.append(
                Imported(
                    path,
                    call.id,
                    result.added,
                    failed=call.status == "failed",
                    relinked=result.relinked,
                    agent_set=result.agent_set,
                    agent=result.agent,
                )
            )
        report(progress, (i + 1) / len(collected.files))
    return summary


def relink(library: Library, call_id: int, path: Path) -> CallRow:
    """Point a call at its recording's new place (same content); a call that failed for want of it is queued."""
    if not path.is_file():
        raise InputError(path, "file not found")
    return repository.relink(library, call_id, path)
