"""The one entry point: read a transcript file of any supported format into a Transcript.

Every failure a user can fix (missing file, wrong encoding, bad line) is an InputError that names the
file, the line where known, and what to do, so the CLI and the import queue can show it as it is.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from pathlib import Path

from callcoach.core.errors import InputError
from callcoach.core.model import Segment, Transcript
from callcoach.transcripts.common import Parsed
from callcoach.transcripts.json_import import parse_json
from callcoach.transcripts.speakers import SpeakerOptions, assign_roles, choice_warning, fill_missing_labels
from callcoach.transcripts.srt_import import parse_srt
from callcoach.transcripts.vtt import parse_vtt

_READERS: dict[str, Callable[[str, str], Parsed]] = {
    ".vtt": parse_vtt,
    ".srt": parse_srt,
    ".json": parse_json,
}
TRANSCRIPT_SUFFIXES: tuple[str, ...] = tuple(_READERS)
_FORMATS_HINT = (
    "supported: .vtt and .srt with speakers (voice tags or 'Name:' labels, Zoom, Teams), "
    ".json (CallCoach, Amazon Transcribe, Call Analytics, Contact Lens, Post-Call Analytics, Bedrock Data "
    "Automation, Deepgram, AssemblyAI, WhisperX)"
)


def load_transcript(path: str | os.PathLike[str], speakers: SpeakerOptions | None = None) -> Transcript:
    """Read a .vtt, .srt or .json transcript; segments sorted by start time and numbered 0..n-1.

    `speakers`: who is who, when the user said so; otherwise the roles come from the file (transcripts.speakers).
    Raises InputError for anything wrong with the file.
    """
    source = str(path)
    suffix = Path(path).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        problem = (
            f"unsupported transcript format '{suffix}'"
            if suffix
            else "unsupported transcript format (the file name has no extension)"
        )
        raise InputError(source, problem, hint=_FORMATS_HINT)
    return _finish(reader(read_text(path, source), source), source, speakers or SpeakerOptions())


def read_text(path: str | os.PathLike[str], source: str) -> str:
    """The file's text: UTF-8 (with or without BOM), or UTF-16 with a BOM as some Windows tools save."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except IsADirectoryError:
        raise InputError(source, "this is a folder, not a transcript file") from None
    except PermissionError:
        raise InputError(source, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot read the file: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(source, "the file is empty")
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(source, "not a UTF-8 text file", line=line, hint="save it as UTF-8 text") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(source, "not a text file (it contains binary data)", line=line)
    if not text.strip():
        raise InputError(source, "the file is empty")
    return text


def _finish(parsed: Parsed, source: str, options: SpeakerOptions) -> Transcript:
    """Drop empty turns, decide the roles, sort by start time (stable) and number the segments by position."""
    kept = [turn for turn in parsed.turns if turn.text]
    if not kept:
        raise InputError(source, f"no text found: every {parsed.unit} is empty")
    warnings = list(parsed.warnings)
    dropped = len(parsed.turns) - len(kept)
    if dropped:
        warnings.append(f"{dropped} empty {parsed.unit}{'s' if dropped > 1 else ''} skipped")
    warnings += fill_missing_labels(kept, source, parsed.unit)
    choice = assign_roles(kept, options, source)
    automatic = choice_warning(choice)
    if automatic:
        warnings.append(automatic)
    segments = [Segment(0, choice.roles[t.label], t.start, t.end, t.text, list(t.words)) for t in kept]
    ordered = sorted(segments, key=lambda segment: segment.start)
    if ordered != segments:
        warnings.append(f"{parsed.unit}s were not in time order; sorted by start time")
    for number, segment in enumerate(ordered):
        segment.id = number
    return Transcript(
        source=source,
        segments=ordered,
        # a declared length never cuts the call short of its last segment
        duration=None if parsed.duration is None else max(parsed.duration, max((x.end for x in ordered), default=0.0)),
        language=parsed.language,
        model=parsed.model,
        has_timing=True,
        warnings=warnings,
        speakers=choice,
        vendor=None if parsed.vendor is None else parsed.vendor.with_roles(choice.roles),
    )
