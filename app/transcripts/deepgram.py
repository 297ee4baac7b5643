"""Deepgram pre-recorded transcription JSON (the response of POST /v1/listen, as saved by a team).

{"metadata": {duration, channels, models, model_info}, "results": {"channels": [{"alternatives": [{"transcript",
"words": [{word, punctuated_word, start, end, confidence, speaker, speaker_confidence}]}], "detected_language"}],
"utterances": [{start, end, confidence, channel, transcript, words, speaker, id}]}}. Times are in seconds.
Turns come from `utterances` when the request asked for them (utterances=true), else from the words of the first
alternative of each channel (transcripts.word_turns). Deepgram numbers speakers (diarize=true): they are labelled
"Speaker 0", "Speaker 1", as Deepgram's own paragraphs show them. With several channels (multichannel=true) the
channel is the speaker: "ch_0" (left), "ch_1" (right). One channel without diarization gives turns with no
speaker (label ""), which the loader refuses with the right message.
"""

from __future__ import annotations

from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.transcripts.common import Parsed, Turn, is_number, language_subtag
from callcoach.transcripts.json_fields import Fields, as_number, optional_number
from callcoach.transcripts.word_turns import LabelledWord, turn_text, turns_from_words

_HINT = "use the JSON response Deepgram returned, unchanged"


def looks_like_deepgram(data: dict[str, Any]) -> bool:
    results = data.get("results")
    return isinstance(results, dict) and ("channels" in results or "utterances" in results)


def parse_deepgram(data: dict[str, Any], path: str) -> Parsed:
    fields = Fields(path, _HINT)
    metadata = fields.mapping(data.get("metadata", {}), "metadata")
    results: dict[str, Any] = data["results"]
    channels = fields.array(results, "channels", "results", required=False)
    several = len(channels) > 1 or (is_number(metadata.get("channels")) and metadata["channels"] > 1)
    utterances = fields.array(results, "utterances", "results", required=False)
    if utterances:
        turns = [_utterance(index, raw, several, fields) for index, raw in enumerate(utterances)]
        unit = "utterance"
    else:
        turns = turns_from_words(_channel_words(channels, several, fields))
        unit = "turn"
    if not turns:
        raise InputError(
            path,
            "Deepgram found no speech in the recording (no channel has any words)",
            hint="check that the recording has speech, or import the recording itself",
        )
    duration = as_number(metadata.get("duration"))
    return Parsed(
        turns,
        unit=unit,
        duration=duration if duration is not None and duration > 0 else None,
        language=language_subtag(_language(channels)),
        model=_model(metadata),
    )


def _label(speaker: object, channel: int | None, several: bool) -> str:
    if several and channel is not None:
        return f"ch_{channel}"
    if is_number(speaker):
        return f"Speaker {int(speaker)}"  # type: ignore[arg-type]
    return ""


def _word(raw: object, here: str, fields: Fields) -> tuple[Word, object]:
    """A word (its punctuated form where Deepgram gives one) and its speaker number, if any."""
    raw = fields.mapping(raw, here)
    text = raw.get("punctuated_word")
    if not isinstance(text, str) or not text.strip():
        text = fields.text(raw, "word", here)
    start, end = fields.span(raw, "start", "end", here)
    confidence = optional_number(raw, "confidence")
    return Word(start, end, text.strip(), 1.0 if confidence is None else confidence), raw.get("speaker")


def _channel_words(channels: list[Any], several: bool, fields: Fields) -> list[LabelledWord]:
    words: list[LabelledWord] = []
    for number, channel in enumerate(channels):
        here = f"results.channels {number}"
        alternatives = fields.array(fields.mapping(channel, here), "alternatives", here)
        if not alternatives:
            continue
        first = fields.mapping(alternatives[0], f"{here}, alternative 0")
        for index, raw in enumerate(fields.array(first, "words", f"{here}, alternative 0", required=False)):
            word, speaker = _word(raw, f"{here}, alternative 0, word {index}", fields)
            words.append(LabelledWord(word, _label(speaker, number, several), number if several else None))
    return words


def _utterance(index: int, raw: object, several: bool, fields: Fields) -> Turn:
    here = f"results.utterances {index}"
    raw = fields.mapping(raw, here)
    start, end = fields.span(raw, "start", "end", here)
    channel = int(raw["channel"]) if is_number(raw.get("channel")) else None
    words = [
        _word(w, f"{here}, word {number}", fields)[0]
        for number, w in enumerate(fields.array(raw, "words", here, required=False))
    ]
    text = fields.text(raw, "transcript", here, required=False)
    return Turn(
        label=_label(raw.get("speaker"), channel, several),
        start=start,
        end=end,
        text=turn_text(text, words),
        words=words,
        channel=channel if several else None,
    )


def _language(channels: list[Any]) -> str | None:
    for channel in channels:
        if isinstance(channel, dict) and isinstance(channel.get("detected_language"), str):
            return channel["detected_language"]
    return None


def _model(metadata: dict[str, Any]) -> str | None:
    info = metadata.get("model_info")
    if isinstance(info, dict):
        for model in info.values():
            if isinstance(model, dict) and isinstance(model.get("name"), str) and model["name"].strip():
                return model["name"].strip()
    return None
