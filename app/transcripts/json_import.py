"""JSON transcripts: the layout is told from the content (never the file name), then read by its own module.

Read here: CallCoach's own JSON (`callcoach analyze --json`), so that a reviewer can correct a transcript by hand
and re-analyse it. Fields the analysis recomputes (sentiment, tags, findings, scores) are ignored; the rest is
type-checked with the segment's index in the message, since json gives no line numbers past the syntax. The
speakers keep the names the file gives ("agent", "Rep"); the loader decides the roles. The "vendor" analytics a
service computed (kept by an earlier import, keyed by role like the speakers) are read back.
Read elsewhere, in this order of detection: AWS Post-Call Analytics (aws_pca), Transcribe Call Analytics and
Contact Lens (amazon), standard Amazon Transcribe (aws_transcribe), Deepgram (deepgram), Bedrock Data Automation
(bedrock), AssemblyAI (assemblyai), openai-whisper and WhisperX (whisper_json).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.core.vendor import VendorAnalytics
from callcoach.transcripts.amazon import looks_like_amazon, parse_amazon
from callcoach.transcripts.assemblyai import looks_like_assemblyai, parse_assemblyai
from callcoach.transcripts.aws_pca import looks_like_pca, parse_pca
from callcoach.transcripts.aws_transcribe import looks_like_transcribe, parse_transcribe
from callcoach.transcripts.bedrock import looks_like_bedrock, parse_bedrock
from callcoach.transcripts.common import Parsed, Turn, collapse, is_number
from callcoach.transcripts.deepgram import looks_like_deepgram, parse_deepgram
from callcoach.transcripts.whisper_json import looks_like_whisper, parse_whisper

SCHEMA = "callcoach.analysis/1"
FORMATS_HINT = (
    "expected CallCoach JSON, Amazon Transcribe (standard or Call Analytics), Contact Lens, AWS Post-Call Analytics, "
    "Bedrock Data Automation audio, Deepgram, AssemblyAI, whisper or WhisperX JSON, as the tool wrote it"
)

Reader = Callable[[dict[str, Any], str], Parsed]
# First match wins: PCA files hold no "Transcript", Transcribe's "results" has "transcripts"/"items" where
# Deepgram's has "channels", and whisper is tried last since CallCoach's own JSON has "segments" too.
_READERS: tuple[tuple[Callable[[dict[str, Any]], bool], Reader], ...] = (
    (looks_like_pca, parse_pca),
    (looks_like_amazon, parse_amazon),
    (looks_like_transcribe, parse_transcribe),
    (looks_like_deepgram, parse_deepgram),
    (looks_like_bedrock, parse_bedrock),
    (looks_like_assemblyai, parse_assemblyai),
    (looks_like_whisper, parse_whisper),
)


def parse_json(text: str, path: str) -> Parsed:
    """Decode the JSON and hand it to the reader for its layout."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(path, "the JSON must be an object, not a list or a single value", hint=FORMATS_HINT)
    for looks_like, read in _READERS:
        if looks_like(data):
            return read(data, path)
    if "segments" in data:
        return parse_callcoach(data, path)
    raise InputError(path, "not a transcript JSON file", hint=FORMATS_HINT)


def parse_callcoach(data: dict[str, Any], path: str) -> Parsed:
    """Read the CallCoach layout: {"segments": [{"speaker", "start", "end", "text", "words"?}], ...}."""
    schema = data.get("schema")
    if schema is not None and schema != SCHEMA:
        raise InputError(path, f"unsupported schema '{schema}'", hint=f"this version reads {SCHEMA}")
    raw_segments = data["segments"]
    if not isinstance(raw_segments, list):
        raise InputError(path, "'segments' must be a list")
    if not raw_segments:
        raise InputError(path, "'segments' is empty: the transcript has no speech")
    duration = data.get("duration")
    if duration is not None and (not is_number(duration) or duration < 0):
        raise InputError(path, "'duration' must be a number of seconds")
    language = data.get("language")
    model = data.get("model")
    turns = [_turn(index, raw, path) for index, raw in enumerate(raw_segments)]
    return Parsed(
        turns,
        unit="segment",
        duration=float(duration) if duration is not None else None,
        language=language if isinstance(language, str) and language else None,
        model=model if isinstance(model, str) and model else None,
        vendor=_vendor(data.get("vendor"), path),
    )


def _vendor(raw: object, path: str) -> VendorAnalytics | None:
    """The service's analytics an earlier import kept ("vendor", keyed by role like the segments' speakers)."""
    if raw is None:
        return None
    try:
        if not isinstance(raw, dict):
            raise TypeError
        vendor = VendorAnalytics.from_json(raw)
    except (TypeError, ValueError, AttributeError):
        raise InputError(
            path,
            "'vendor' is not the analytics of a transcription service",
            hint="remove the 'vendor' key, or export the call from CallCoach again",
        ) from None
    return None if vendor.is_empty() else vendor


def _turn(index: int, raw: object, path: str) -> Turn:
    where = f"segment {index}"
    if not isinstance(raw, dict):
        raise InputError(path, f"{where} must be an object with speaker, start, end and text")
    for key in ("speaker", "start", "end", "text"):
        if key not in raw:
            raise InputError(path, f"{where}: missing '{key}'")
    speaker, text = raw["speaker"], raw["text"]
    if not isinstance(speaker, str):
        raise InputError(path, f'{where}: \'speaker\' must be a string such as "agent" or "customer"')
    if not isinstance(text, str):
        raise InputError(path, f"{where}: 'text' must be a string")
    start, end = _times(raw, where, path)
    return Turn(
        label=speaker.strip(),
        start=start,
        end=end,
        text=collapse(text),
        words=_words(raw.get("words"), where, path),
    )


def _times(raw: dict[str, Any], where: str, path: str) -> tuple[float, float]:
    for key in ("start", "end"):
        if not is_number(raw[key]):
            raise InputError(path, f"{where}: '{key}' must be a number")
        if raw[key] < 0:
            raise InputError(path, f"{where}: '{key}' must not be negative")
    start, end = float(raw["start"]), float(raw["end"])
    if end < start:
        raise InputError(path, f"{where}: 'end' ({end:g}) is before 'start' ({start:g})")
    return start, end


def _words(raw: object, where: str, path: str) -> list[Word]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(path, f"{where}: 'words' must be a list")
    words: list[Word] = []
    for number, item in enumerate(raw):
        here = f"{where}, word {number}"
        if not isinstance(item, dict):
            raise InputError(path, f"{here} must be an object with start, end and word")
        for key in ("start", "end"):
            if not is_number(item.get(key)):
                raise InputError(path, f"{here}: '{key}' must be a number")
        if not isinstance(item.get("word"), str):
            raise InputError(path, f"{here}: 'word' must be a string")
        probability = item.get("probability", 1.0)
        if not is_number(probability):
            raise InputError(path, f"{here}: 'probability' must be a number")
        words.append(Word(float(item["start"]), float(item["end"]), item["word"], float(probability)))
    return words
