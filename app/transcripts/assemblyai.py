"""AssemblyAI transcript JSON (GET /v2/transcript/{id}, as saved by a team).

{"id", "status", "language_code", "audio_duration" (seconds), "speech_model", "text", "words": [{text, start, end,
confidence, speaker, channel}], "utterances": [{speaker, text, start, end, confidence, channel, words}]}; the
times of words and utterances are in milliseconds. Turns come from `utterances` (speaker_labels or multichannel
requests return them), else from the words (transcripts.word_turns). Speakers keep AssemblyAI's labels: letters
("A", "B") with speaker_labels, channel numbers ("1", "2") with multichannel, both ("1A") with per-channel
diarization; channels are numbered from 1, so channel "1" is the left (0). A transcript made without either
option gives turns with no speaker (label ""), which the loader refuses with the right message.
"""

from __future__ import annotations

from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.transcripts.common import Parsed, Turn, language_subtag
from callcoach.transcripts.json_fields import Fields, as_number, optional_number
from callcoach.transcripts.word_turns import LabelledWord, turn_text, turns_from_words

_HINT = "use the transcript JSON AssemblyAI returned, unchanged"
_KEYS = ("audio_duration", "speaker_labels", "status", "language_code", "speech_model", "audio_url")


def looks_like_assemblyai(data: dict[str, Any]) -> bool:
    return "utterances" in data or (isinstance(data.get("words"), list) and any(key in data for key in _KEYS))


def parse_assemblyai(data: dict[str, Any], path: str) -> Parsed:
    fields = Fields(path, _HINT)
    _check_status(data, path)
    utterances = fields.array(data, "utterances", "", required=False)
    if utterances:
        turns = [_utterance(index, raw, fields) for index, raw in enumerate(utterances)]
        unit = "utterance"
    else:
        words = fields.array(data, "words", "", required=False)
        turns = turns_from_words(_labelled(_word(w, f"words {i}", fields)) for i, w in enumerate(words))
        unit = "turn"
    if not turns:
        raise InputError(
            path,
            "the AssemblyAI transcript has no words (both 'utterances' and 'words' are empty)",
            hint="check that the recording has speech, or import the recording itself",
        )
    duration = as_number(data.get("audio_duration"))
    model = data.get("speech_model_used") or data.get("speech_model")
    return Parsed(
        turns,
        unit=unit,
        duration=duration if duration is not None and duration > 0 else None,
        language=language_subtag(data.get("language_code")),
        model=model.strip() if isinstance(model, str) and model.strip() else None,
    )


def _check_status(data: dict[str, Any], path: str) -> None:
    status = data.get("status")
    if not isinstance(status, str) or status.strip().lower() in ("", "completed"):
        return
    if status.strip().lower() == "error":
        reason = data.get("error")
        detail = f": {reason.strip()}" if isinstance(reason, str) and reason.strip() else ""
        raise InputError(path, f"the AssemblyAI transcription failed{detail}", hint="transcribe the recording again")
    raise InputError(
        path,
        f"the AssemblyAI transcript is still {status.strip()}, not completed",
        hint="fetch the transcript again once its status is completed",
    )


def _speaker(raw: dict[str, Any], here: str, fields: Fields) -> tuple[str, int | None]:
    speaker = fields.text(raw, "speaker", here, required=False).strip()
    channel = as_number(raw.get("channel"))
    number = int(channel) - 1 if channel is not None and channel >= 1 else None
    return speaker or (f"{int(channel)}" if number is not None else ""), number


def _word(raw: object, here: str, fields: Fields) -> tuple[Word, str, int | None]:
    raw = fields.mapping(raw, here)
    text = fields.text(raw, "text", here)
    start, end = fields.span(raw, "start", "end", here, scale=1000, unit="milliseconds")
    confidence = optional_number(raw, "confidence")
    label, channel = _speaker(raw, here, fields)
    return Word(start, end, text.strip(), 1.0 if confidence is None else confidence), label, channel


def _labelled(word: tuple[Word, str, int | None]) -> LabelledWord:
    return LabelledWord(*word)


def _utterance(index: int, raw: object, fields: Fields) -> Turn:
    here = f"utterances {index}"
    raw = fields.mapping(raw, here)
    start, end = fields.span(raw, "start", "end", here, scale=1000, unit="milliseconds")
    label, channel = _speaker(raw, here, fields)
    words = [
        _word(w, f"{here}, word {n}", fields)[0] for n, w in enumerate(fields.array(raw, "words", here, required=False))
    ]
    text = fields.text(raw, "text", here, required=False)
    return Turn(
        label=label,
        start=start,
        end=end,
        text=turn_text(text, words),
        words=words,
        channel=channel,
    )
