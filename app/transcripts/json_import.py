"""JSON transcripts: CallCoach's own JSON (`callcoach analyze --json`) and, sniffed from the content,
Amazon Transcribe Call Analytics results.

Reading our own output back lets a reviewer correct a transcript by hand and re-analyse it. Fields the
analysis recomputes (sentiment, tags, findings, scores) are ignored; the rest is type-checked with the
segment's index in the message, since json gives no line numbers past the syntax.
"""

from __future__ import annotations

import json
from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Segment, Word
from callcoach.transcripts.amazon import looks_like_amazon, parse_amazon
from callcoach.transcripts.common import Parsed, collapse, is_number
from callcoach.transcripts.roles import resolve_speaker

SCHEMA = "callcoach.analysis/1"
_FORMATS_HINT = (
    "expected CallCoach JSON (a 'segments' list) or Amazon Transcribe Call Analytics JSON (a 'Transcript' list)"
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
        raise InputError(path, "the JSON must be an object, not a list or a single value", hint=_FORMATS_HINT)
    if "segments" in data:
        return parse_callcoach(data, path)
    if looks_like_amazon(data):
        return parse_amazon(data, path)
    if isinstance(data.get("results"), dict) and "transcripts" in data["results"]:
        raise InputError(
            path,
            "Amazon Transcribe output without agent and customer roles",
            hint="use a Call Analytics job, which labels AGENT and CUSTOMER, or convert to WebVTT with "
            "<v Agent>/<v Customer>",
        )
    raise InputError(path, "not a transcript JSON file", hint=_FORMATS_HINT)


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
    segments = [_segment(index, raw, path) for index, raw in enumerate(raw_segments)]
    return Parsed(
        segments,
        unit="segment",
        duration=float(duration) if duration is not None else None,
        language=language if isinstance(language, str) and language else None,
        model=model if isinstance(model, str) and model else None,
    )


def _segment(index: int, raw: object, path: str) -> Segment:
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
    return Segment(
        id=index,
        speaker=resolve_speaker(speaker, path, where=f"{where}: "),
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
