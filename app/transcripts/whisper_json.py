"""The JSON that openai-whisper and WhisperX write (`--output_format json`).

openai-whisper: {"text", "segments": [{id, seek, start, end, text, tokens, temperature, avg_logprob,
compression_ratio, no_speech_prob, words?: [{word, start, end, probability}]}], "language"}; no speakers, so the
turns have no speaker (label ""), which the loader refuses with the right message.
WhisperX (with --diarize): the segments carry "speaker" ("SPEAKER_00") and their words {word, start, end, score,
speaker}; "word_segments" lists the words again. WhisperX leaves out the speaker of a segment (or word) it could
not place: such a segment takes the speaker most of its words have, else none ("", which the loader gives the
speaker before it), and a word it could not align has no start or end, so that segment keeps no word timings.
These files are told from CallCoach's own JSON (also "segments") by their Whisper fields (json_import).
"""

from __future__ import annotations

from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.transcripts.common import Parsed, Turn, collapse, language_subtag
from callcoach.transcripts.json_fields import Fields, as_number
from callcoach.transcripts.word_turns import majority_label

_HINT = "use the JSON file whisper or WhisperX wrote, unchanged"
WHISPER_KEYS = frozenset({"seek", "tokens", "temperature", "avg_logprob", "compression_ratio", "no_speech_prob"})


def looks_like_whisper(data: dict[str, Any]) -> bool:
    """Whisper's own fields, or segments without speakers (never CallCoach's own JSON, which names them all)."""
    segments = data.get("segments")
    if "schema" in data or not isinstance(segments, list):
        return False
    if "word_segments" in data:
        return True
    for segment in segments:
        if not isinstance(segment, dict):
            continue
        if WHISPER_KEYS & segment.keys() or "speaker" not in segment:
            return True
        words = segment.get("words")
        if isinstance(words, list) and any(isinstance(w, dict) and "score" in w for w in words):
            return True
    return False


def parse_whisper(data: dict[str, Any], path: str) -> Parsed:
    fields = Fields(path, _HINT)
    segments = fields.array(data, "segments", "")
    if not segments:
        raise InputError(path, "'segments' is empty: the transcript has no speech")
    turns = [_turn(index, raw, fields) for index, raw in enumerate(segments)]
    language = data.get("language")
    return Parsed(turns, unit="segment", language=language_subtag(language if isinstance(language, str) else None))


def _turn(index: int, raw: object, fields: Fields) -> Turn:
    here = f"segment {index}"
    raw = fields.mapping(raw, here, "an object with start, end and text")
    start, end = fields.span(raw, "start", "end", here)
    text = fields.text(raw, "text", here)
    speaker = fields.text(raw, "speaker", here, required=False).strip()
    raw_words = fields.array(raw, "words", here, required=False)
    words: list[Word] = []
    labels: list[str] = []
    timed = True
    for number, item in enumerate(raw_words):
        there = f"{here}, word {number}"
        item = fields.mapping(item, there, "an object with the word")
        word = fields.text(item, "word", there)
        labels.append(fields.text(item, "speaker", there, required=False).strip())
        if "start" not in item or "end" not in item:  # WhisperX could not align it (a number, a symbol)
            timed = False
            continue
        begin, finish = fields.span(item, "start", "end", there)
        probability = as_number(item.get("probability", item.get("score")))
        if word.strip():
            words.append(Word(begin, finish, word.strip(), 1.0 if probability is None else probability))
    return Turn(
        label=speaker or majority_label(labels),
        start=start,
        end=end,
        text=collapse(text),
        words=words if timed else [],
    )
