"""Amazon Bedrock Data Automation (BDA): the standard output for an audio file.

BDA's audio standard output (result.json) has "metadata" (semantic_modality "AUDIO", duration_millis,
dominant_asset_language), "audio_items" (words: item_index, content, start/end_timestamp_millis) and
"audio_segments", roughly one sentence each: {segment_index, type "TRANSCRIPT", text, start_timestamp_millis,
end_timestamp_millis, speaker: {speaker_label "spk_0"}, channel: {channel_label "ch_0"}, audio_item_indices,
language}. Each transcript segment is a turn. Its label is the speaker label when speaker labelling was on, else
the channel label; the channel (0 left, 1 right) is kept when the segments are on both channels. Without either
labelling the turns have no speaker (label ""), which the loader refuses with the right message.
"""

from __future__ import annotations

from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.transcripts.common import Parsed, Turn, collapse, language_subtag
from callcoach.transcripts.json_fields import Fields, as_number
from callcoach.transcripts.word_turns import attach_punctuation, channel_number, is_punctuation

_HINT = "use the result.json that Bedrock Data Automation wrote for the audio file, unchanged"


def looks_like_bedrock(data: dict[str, Any]) -> bool:
    metadata = data.get("metadata")
    modality = metadata.get("semantic_modality") if isinstance(metadata, dict) else None
    return isinstance(data.get("audio_segments"), list) or (isinstance(modality, str) and "audio_items" in data)


def parse_bedrock(data: dict[str, Any], path: str) -> Parsed:
    fields = Fields(path, _HINT)
    metadata = fields.mapping(data.get("metadata", {}), "metadata")
    modality = metadata.get("semantic_modality")
    if isinstance(modality, str) and modality.upper() != "AUDIO":
        raise InputError(path, f"this Bedrock Data Automation output is for {modality.lower()}, not audio")
    segments = fields.array(data, "audio_segments", "")
    items = _items(fields.array(data, "audio_items", "", required=False), fields)
    turns = [
        turn
        for index, raw in enumerate(segments)
        if (turn := _turn(fields.mapping(raw, f"audio_segments {index}"), f"audio_segments {index}", items, fields))
    ]
    if not turns:
        raise InputError(
            path,
            "the Bedrock Data Automation output has no transcript ('audio_segments' holds none)",
            hint="switch on the audio transcript in the project's standard output, with speaker or channel labelling",
        )
    if len({t.channel for t in turns}) < 2:  # one channel tells no speaker from another
        for turn in turns:
            turn.channel = turn.channel if turn.label == f"ch_{turn.channel}" else None
    duration = as_number(metadata.get("duration_millis"))
    language = metadata.get("dominant_asset_language")
    return Parsed(
        turns,
        unit="segment",
        duration=duration / 1000 if duration is not None and duration > 0 else None,
        language=language_subtag(language if isinstance(language, str) else _segment_language(segments)),
    )


def _items(raw_items: list[Any], fields: Fields) -> dict[int, Word]:
    """The words by item_index; an item that is only punctuation is attached to the word before it."""
    words: dict[int, Word] = {}
    last: int | None = None
    for position, raw in enumerate(raw_items):
        here = f"audio_items {position}"
        raw = fields.mapping(raw, here)
        content = fields.text(raw, "content", here)
        index = as_number(raw.get("item_index", position))
        key = int(index) if index is not None else position
        if is_punctuation(content):
            if last is not None:
                holder = [words[last]]
                attach_punctuation(holder, content)
                words[last] = holder[0]
            continue
        start, end = fields.span(
            raw, "start_timestamp_millis", "end_timestamp_millis", here, scale=1000, unit="milliseconds"
        )
        words[key] = Word(start, end, content.strip())
        last = key
    return words


def _turn(raw: dict[str, Any], here: str, items: dict[int, Word], fields: Fields) -> Turn | None:
    kind = raw.get("type", "TRANSCRIPT")
    if isinstance(kind, str) and kind.upper() != "TRANSCRIPT":
        return None
    start, end = fields.span(
        raw, "start_timestamp_millis", "end_timestamp_millis", here, scale=1000, unit="milliseconds"
    )
    text = fields.text(raw, "text", here)
    speaker = _label(raw, "speaker", "speaker_label", here, fields)
    channel = _label(raw, "channel", "channel_label", here, fields)
    indices = fields.array(raw, "audio_item_indices", here, required=False)
    numbers = [as_number(i) for i in indices]
    words = [items[int(n)] for n in numbers if n is not None and int(n) in items]
    return Turn(
        label=speaker or channel,
        start=start,
        end=end,
        text=collapse(text),
        words=words,
        channel=channel_number(channel),
    )


def _label(raw: dict[str, Any], key: str, inner: str, here: str, fields: Fields) -> str:
    """segment["speaker"]["speaker_label"] (or the channel's), "" when that labelling was off."""
    value = raw.get(key)
    if value is None:
        return ""
    return fields.text(fields.mapping(value, f"{here}, {key}"), inner, f"{here}, {key}", required=False).strip()


def _segment_language(segments: list[Any]) -> str | None:
    return next((s["language"] for s in segments if isinstance(s, dict) and isinstance(s.get("language"), str)), None)
