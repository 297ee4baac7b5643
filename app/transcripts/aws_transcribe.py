"""Standard Amazon Transcribe JSON, the output of a transcription job: `results.transcripts` and `results.items`.

Teams that run plain Transcribe jobs (not Call Analytics) have these files. Layouts read:
- speaker partitioning, older files: `results.speaker_labels.segments[]` say who spoke when, with the start and
  end of each of their words; the words and punctuation are `results.items`;
- speaker partitioning, newer files: each item carries its `speaker_label`, and `results.audio_segments` group the
  items into utterances ({id, transcript, start_time, end_time, speaker_label, items: [item ids]});
- channel identification: `results.channel_labels.channels[]`, one per channel ("ch_0" the left, "ch_1" the
  right), each with its own items; newer files also put `channel_label` on the items and audio segments.
Times are strings of seconds ("4.87"). Audio segments, where given, are the turns as Amazon cut them; otherwise
the turns are runs of one speaker's words (transcripts.word_turns). Speakers keep Amazon's labels ("spk_0",
"ch_1"). A job run without speaker partitioning or channel identification gives turns with no speaker (label
""), which the loader refuses with the right message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.transcripts.common import Parsed, Turn, language_subtag
from callcoach.transcripts.json_fields import Fields, as_number
from callcoach.transcripts.word_turns import (
    LabelledWord,
    attach_punctuation,
    channel_number,
    majority_label,
    turn_text,
    turns_from_words,
)

_HINT = "use the JSON file the Amazon Transcribe job wrote, unchanged"


def looks_like_transcribe(data: dict[str, Any]) -> bool:
    results = data.get("results")
    return isinstance(results, dict) and any(key in results for key in ("transcripts", "items", "audio_segments"))


@dataclass(frozen=True)
class _Item:
    id: object
    word: Word | None  # None: punctuation
    mark: str  # the punctuation mark
    label: str
    channel: int | None


def parse_transcribe(data: dict[str, Any], path: str) -> Parsed:
    fields = Fields(path, _HINT)
    status = data.get("status")
    if isinstance(status, str) and status.strip().upper() not in ("", "COMPLETED"):
        raise InputError(
            path,
            f"the Amazon Transcribe job is {status.strip()}, not COMPLETED",
            hint="download its transcript once the job has completed",
        )
    results: dict[str, Any] = data["results"]
    if "items" not in results:
        raise fields.error("results", "missing 'items' (the words and their times)")
    raw_items = fields.array(results, "items", "results")
    if not raw_items:
        raise InputError(
            path,
            "the Amazon Transcribe job found no speech ('results.items' is empty)",
            hint="check that the recording has speech, or import the recording itself",
        )
    speakers = _speaker_lookup(results.get("speaker_labels"), fields)
    segments = fields.array(results, "audio_segments", "results", required=False)
    if segments:  # Amazon's own utterances; they name their words by id in results.items, whatever the layout
        by_id = dict(_words(_items(raw_items, "results.items", fields, speakers)))
        turns = [_segment_turn(index, raw, by_id, fields) for index, raw in enumerate(segments)]
        unit = "segment"
    else:
        if results.get("channel_labels") is not None:
            items = _channel_items(results["channel_labels"], fields)
        else:
            items = _items(raw_items, "results.items", fields, speakers)
        turns = turns_from_words(word for _, word in _words(items))
        unit = "turn"
    return Parsed(turns, unit=unit, language=_language(results, raw_items))


def _speaker_lookup(raw: object, fields: Fields) -> dict[float, str]:
    """Older files: the speaker of each word, by its start time, from speaker_labels.segments[].items."""
    if raw is None:
        return {}
    where = "results.speaker_labels"
    labels = fields.mapping(raw, where)
    lookup: dict[float, str] = {}
    for index, segment in enumerate(fields.array(labels, "segments", where)):
        here = f"{where}.segments {index}"
        segment = fields.mapping(segment, here)
        speaker = fields.text(segment, "speaker_label", here).strip()
        for number, item in enumerate(fields.array(segment, "items", here, required=False)):
            item = fields.mapping(item, f"{here}, item {number}")
            start = fields.time(item, "start_time", f"{here}, item {number}", strings=True)
            lookup[round(start, 3)] = (
                fields.text(item, "speaker_label", f"{here}, item {number}", required=False).strip() or speaker
            )
    return lookup


def _items(
    raw_items: list[Any], where: str, fields: Fields, speakers: dict[float, str], channel: str = ""
) -> list[_Item]:
    items: list[_Item] = []
    for index, raw in enumerate(raw_items):
        here = f"{where} {index}"
        raw = fields.mapping(raw, here)
        kind = raw.get("type")
        alternatives = raw.get("alternatives")
        if not isinstance(alternatives, list) or not alternatives or not isinstance(alternatives[0], dict):
            raise fields.error(here, "missing 'alternatives' (the word's content)")
        best = alternatives[0]
        content = fields.text(best, "content", f"{here}, alternative 0")
        speaker = fields.text(raw, "speaker_label", here, required=False).strip()
        channel_label = fields.text(raw, "channel_label", here, required=False).strip() or channel
        label = speaker or channel_label
        number = None if speaker else channel_number(channel_label)  # a channel when it is the speaker
        item_id = raw.get("id", index)
        if _key(item_id) is None:
            raise fields.error(here, f"'id' must be a number, not {item_id!r}")
        if kind == "punctuation":
            items.append(_Item(item_id, None, content, label, number))
            continue
        if kind != "pronunciation":
            raise fields.error(here, f'\'type\' must be "pronunciation" or "punctuation", not {kind!r}')
        start, end = fields.span(raw, "start_time", "end_time", here, strings=True)
        if not label:
            label = speakers.get(round(start, 3), "")
        items.append(_Item(item_id, Word(start, end, content, _confidence(best)), "", label, number))
    return items


def _confidence(alternative: dict[str, Any]) -> float:
    """The word's confidence; a redacted word gives it in its redactions instead."""
    value = as_number(alternative.get("confidence"))
    if value is None:
        redactions = alternative.get("redactions")
        if isinstance(redactions, list) and redactions and isinstance(redactions[0], dict):
            value = as_number(redactions[0].get("confidence"))
    return value if value is not None else 1.0


def _channel_items(raw: object, fields: Fields) -> list[_Item]:
    where = "results.channel_labels"
    channels = fields.array(fields.mapping(raw, where), "channels", where)
    items: list[_Item] = []
    for index, channel in enumerate(channels):
        here = f"{where}.channels {index}"
        channel = fields.mapping(channel, here)
        label = fields.text(channel, "channel_label", here).strip()
        items += _items(fields.array(channel, "items", here), f"{here}, items", fields, {}, channel=label)
    return items


def _words(items: list[_Item]) -> list[tuple[object, LabelledWord]]:
    """(item id, word) for each pronunciation item, its punctuation attached (within its own channel)."""
    words: list[tuple[object, LabelledWord]] = []
    last: dict[int | None, int] = {}  # channel -> index in words of its last word
    for item in items:
        if item.word is None:
            if item.channel in last:
                key, word = words[last[item.channel]]
                holder = [word.word]
                attach_punctuation(holder, item.mark)
                words[last[item.channel]] = (key, replace(word, word=holder[0]))
            continue
        last[item.channel] = len(words)
        words.append((_key(item.id), LabelledWord(item.word, item.label, item.channel)))
    return words


def _key(item_id: object) -> int | str | None:
    """An item's id as audio_segments refer to it (Amazon writes numbers, sometimes as strings); None: not an id."""
    number = as_number(item_id)
    if number is not None and number.is_integer():
        return int(number)
    return item_id if isinstance(item_id, str) else None


def _segment_turn(index: int, raw: object, by_id: dict[object, LabelledWord], fields: Fields) -> Turn:
    here = f"results.audio_segments {index}"
    raw = fields.mapping(raw, here)
    start, end = fields.span(raw, "start_time", "end_time", here, strings=True)
    found: list[LabelledWord] = []
    for item_id in fields.array(raw, "items", here, required=False):
        key = _key(item_id)
        if key is not None and key in by_id:
            found.append(by_id[key])
        elif not isinstance(key, int):
            raise fields.error(here, f"'items' must list item ids (numbers), not {item_id!r}")
        # an id with no word is a punctuation item: its mark is already on the word before it
    words = [w.word for w in found]
    speaker = fields.text(raw, "speaker_label", here, required=False).strip()
    channel = fields.text(raw, "channel_label", here, required=False).strip()
    text = fields.text(raw, "transcript", here, required=False)
    label = speaker or channel or majority_label(w.label for w in found)
    return Turn(
        label=label,
        start=start,
        end=end,
        text=turn_text(text, words),
        words=words,
        channel=channel_number(label),  # set when the speaker is a channel ("ch_1")
    )


def _language(results: dict[str, Any], items: list[Any]) -> str | None:
    code = results.get("language_code")
    if not isinstance(code, str):
        code = next((i.get("language_code") for i in items if isinstance(i, dict) and i.get("language_code")), None)
    return language_subtag(code)
