"""The services' and tools' JSON transcripts: each layout is told from its content and read with the file's labels.

One fixture per format and layout (tests/transcripts/data/formats/README.md says where each layout comes from);
the smaller layouts are written inline. Roles are not decided here (transcripts.speakers does that): the turns
carry the speakers exactly as the file names them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from callcoach.core.model import Word
from callcoach.transcripts.json_import import parse_json
from tests.transcripts.json_formats import FORMATS, fixture_data, labels, parse_data, parse_fixture, rows


def alternating(first: str, second: str, count: int) -> list[str]:
    return [first if i % 2 == 0 else second for i in range(count)]


# --- Amazon Transcribe ---------------------------------------------------------------------------------


def test_transcribe_speaker_labels_older_layout() -> None:
    parsed = parse_fixture("aws_transcribe_speaker_labels.json")
    assert labels(parsed) == alternating("spk_0", "spk_1", 9)  # the customer speaks first; the agent is spk_1
    assert rows(parsed)[:2] == [
        ("spk_0", 0.4, 2.91, "Hello? Is this the support line?"),
        (
            "spk_1",
            3.61,
            10.54,
            "Yes, thank you for calling Brightline Broadband, this is Priya. How can I help you today?",
        ),
    ]
    first = parsed.turns[0]
    # times are strings of seconds in the file; punctuation items are attached to the word before them
    assert first.words[0] == Word(0.4, 0.8, "Hello?", 0.99)
    assert [w.word for w in first.words] == ["Hello?", "Is", "this", "the", "support", "line?"]
    assert all(t.channel is None for t in parsed.turns)
    assert (parsed.unit, parsed.vendor, parsed.duration) == ("turn", None, None)


def test_transcribe_audio_segments_newer_layout() -> None:
    parsed = parse_fixture("aws_transcribe_audio_segments.json")
    assert labels(parsed) == alternating("spk_0", "spk_1", 10)
    assert parsed.unit == "segment"
    assert rows(parsed)[4] == (
        "spk_0",
        21.11,
        27.45,
        "Last month was an estimate, and this bill caught up with a real meter reading.",
    )
    # the segment's words are its items, by id, with their punctuation
    assert [w.word for w in parsed.turns[0].words][:3] == ["Good", "morning,", "thank"]
    assert parsed.turns[0].words[-1] == Word(5.27, 5.63, "help?", 0.95)
    assert sum(len(t.words) for t in parsed.turns) == 96


def test_transcribe_channel_labels() -> None:
    parsed = parse_fixture("aws_transcribe_channel_labels.json")
    assert labels(parsed) == alternating("ch_1", "ch_0", 8)  # the agent is on the right channel
    assert [t.channel for t in parsed.turns] == alternating(1, 0, 8)  # type: ignore[arg-type]
    assert rows(parsed)[3] == ("ch_0", 19.47, 22.16, "It's P L four four seven two.")
    assert parsed.turns[0].text == "Thank you for calling Parcel Point, my name is Sam. How can I help you?"


def item(word: str, start: float, end: float, **extra: Any) -> dict[str, Any]:
    return {
        "type": "pronunciation",
        "start_time": f"{start}",
        "end_time": f"{end}",
        "alternatives": [{"confidence": "0.9", "content": word}],
        **extra,
    }


def mark(content: str, **extra: Any) -> dict[str, Any]:
    return {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": content}], **extra}


def transcribe(**results: Any) -> dict[str, Any]:
    return {"jobName": "j", "status": "COMPLETED", "results": {"transcripts": [{"transcript": "..."}], **results}}


def test_transcribe_channels_interleave_in_time() -> None:
    """A reply on the other channel, said while one speaker talks, ends that speaker's turn."""
    left = [item("Hello", 0.0, 0.4), item("there", 0.5, 0.9), item("again", 1.6, 2.0), mark(".")]
    right = [item("Mhm", 1.0, 1.3), mark(".")]
    data = transcribe(
        items=[*left, *right],
        channel_labels={
            "channels": [{"channel_label": "ch_0", "items": left}, {"channel_label": "ch_1", "items": right}],
            "number_of_channels": 2,
        },
    )
    parsed = parse_data(data)
    assert [(t.label, t.channel, t.text) for t in parsed.turns] == [
        ("ch_0", 0, "Hello there"),
        ("ch_1", 1, "Mhm."),
        ("ch_0", 0, "again."),
    ]


def test_transcribe_older_layout_finds_each_words_speaker_by_its_start_time() -> None:
    items = [item("Hi", 0.0, 0.3), mark(","), item("hello", 0.4, 0.8), item("Yes", 1.2, 1.5), item("Still", 6.0, 6.4)]
    segments = [
        {"start_time": "0.0", "end_time": "0.8", "speaker_label": "spk_1", "items": [
            {"start_time": "0.0", "end_time": "0.3", "speaker_label": "spk_1"},
            {"start_time": "0.4", "end_time": "0.8", "speaker_label": "spk_1"},
        ]},
        {"start_time": "1.2", "end_time": "6.4", "speaker_label": "spk_0", "items": [
            {"start_time": "1.2", "end_time": "1.5", "speaker_label": "spk_0"},
            {"start_time": "6.0", "end_time": "6.4", "speaker_label": "spk_0"},
        ]},
    ]  # fmt: skip
    parsed = parse_data(transcribe(items=items, speaker_labels={"speakers": 2, "segments": segments}))
    # a pause of 3 s or more starts a new turn of the same speaker
    assert rows(parsed) == [
        ("spk_1", 0.0, 0.8, "Hi, hello"),
        ("spk_0", 1.2, 1.5, "Yes"),
        ("spk_0", 6.0, 6.4, "Still"),
    ]


def test_transcribe_without_speakers_or_channels_has_no_labels() -> None:
    parsed = parse_data(transcribe(items=[item("Hello", 0.0, 0.4), mark("."), item("Hi", 0.6, 0.9)]))
    assert rows(parsed) == [("", 0.0, 0.9, "Hello. Hi")]


def test_transcribe_language_and_redacted_word() -> None:
    redacted = {
        "type": "pronunciation",
        "start_time": "0.5",
        "end_time": "0.9",
        "alternatives": [{"content": "[PII]", "redactions": [{"confidence": "0.87", "type": "NAME"}]}],
        "speaker_label": "spk_0",
    }
    data = transcribe(language_code="en-GB", items=[item("I'm", 0.0, 0.4, speaker_label="spk_0"), redacted])
    parsed = parse_data(data)
    assert parsed.language == "en"
    assert parsed.turns[0].words[1] == Word(0.5, 0.9, "[PII]", 0.87)


def test_transcribe_audio_segments_with_channels_or_without_labels() -> None:
    items = [
        {**item("Hello", 0.0, 0.4, channel_label="ch_1"), "id": 0},
        {**mark(".", channel_label="ch_1"), "id": 1},
        {**item("Hi", 0.6, 0.9, speaker_label="spk_3"), "id": 2},
    ]
    segments = [
        {
            "id": 0,
            "transcript": "Hello.",
            "start_time": "0.0",
            "end_time": "0.4",
            "channel_label": "ch_1",
            "items": [0, 1],
        },
        {"id": 1, "transcript": "Hi", "start_time": "0.6", "end_time": "0.9", "items": [2]},  # no label of its own
    ]
    parsed = parse_data(transcribe(items=items, audio_segments=segments))
    assert [(t.label, t.channel, t.words) for t in parsed.turns] == [
        ("ch_1", 1, [Word(0.0, 0.4, "Hello.", 0.9)]),
        ("spk_3", None, [Word(0.6, 0.9, "Hi", 0.9)]),  # the label its words carry
    ]


# --- AWS Post-Call Analytics ---------------------------------------------------------------------------


def test_pca_fixture_turns() -> None:
    parsed = parse_fixture("aws_pca.json")
    # SpeakerLabels name spk_1 "Agent" and spk_0 "Customer": the display names are the labels
    assert labels(parsed) == [{"A": "Agent", "C": "Customer"}[who] for who in "ACACACAACAC"]
    assert [t.channel for t in parsed.turns][:2] == [1, 0]  # ChannelIdentification: spk_N is channel N
    assert rows(parsed)[1] == (
        "Customer",
        6.97,
        12.39,
        "Hi, I want to cancel my membership because the gym near me closed.",
    )
    # WordConfidence words: PCA's leading spaces are dropped, punctuation stays on the word
    assert parsed.turns[0].words[:2] == [Word(0.4, 0.8, "Thank", 0.99), Word(0.86, 1.19, "you", 0.97)]
    assert parsed.turns[0].words[-1].word == "today?"
    assert (parsed.unit, parsed.duration, parsed.language) == ("segment", 50.98, "en")


def pca(*segments: dict[str, Any], **analytics: Any) -> dict[str, Any]:
    return {"ConversationAnalytics": {"LanguageCode": "en-US", **analytics}, "SpeechSegments": list(segments)}


def speech(speaker: str, start: float, end: float, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "SegmentStartTime": start,
        "SegmentEndTime": end,
        "SegmentSpeaker": speaker,
        "OriginalText": text,
        "DisplayText": text,
        "WordConfidence": [{"Text": text.split()[0], "Confidence": 0.9, "StartTime": start, "EndTime": start + 0.3}],
        **extra,
    }


def test_pca_without_display_names_keeps_spk_labels() -> None:
    labels_map = [{"Speaker": "spk_0", "DisplayText": "Unknown_0"}, {"Speaker": "spk_1", "DisplayText": ""}]
    parsed = parse_data(
        pca(speech("spk_0", 0, 1, "Hello."), speech("spk_1", 1.5, 2.5, "Hi there."), SpeakerLabels=labels_map)
    )
    assert labels(parsed) == ["spk_0", "spk_1"]
    assert all(t.channel is None for t in parsed.turns)  # no ChannelIdentification given


def test_pca_edited_text_and_ivr_segments() -> None:
    edited = speech("spk_1", 2.0, 4.0, "Thanks for waiting.", OriginalText="Thanks for wading.", TextEdited=1)
    ivr = speech("spk_2", 0.0, 1.5, "Press one for sales.", IVRSegment=True)
    parsed = parse_data(pca(ivr, speech("spk_0", 1.6, 1.9, "Hi."), edited))
    assert rows(parsed) == [("spk_0", 1.6, 1.9, "Hi."), ("spk_1", 2.0, 4.0, "Thanks for waiting.")]
    assert parsed.turns[1].words == []  # the reviewer's text no longer matches the recognised words
    assert parsed.warnings == ["1 IVR segment skipped"]


# --- Transcribe Call Analytics and Contact Lens -------------------------------------------------------


def test_tca_fixture_turns() -> None:
    parsed = parse_fixture("aws_tca.json")
    assert labels(parsed) == alternating("AGENT", "CUSTOMER", 10)
    assert rows(parsed)[1] == ("CUSTOMER", 7.17, 11.37, "Hi, my card was declined twice today and I'm abroad.")
    assert parsed.turns[0].words[4:6] == [Word(2.17, 2.6, "Harbor", 0.88), Word(2.66, 3.02, "Bank,", 0.95)]
    assert parsed.turns[2].words == []  # no Items in that turn
    assert (parsed.unit, parsed.language, parsed.duration) == ("turn", "en", 45.02)


def test_contact_lens_fixture_maps_participant_ids_to_roles() -> None:
    parsed = parse_fixture("contact_lens.json")
    assert labels(parsed) == alternating("CUSTOMER", "AGENT", 9)  # the customer speaks first
    assert rows(parsed)[4] == ("CUSTOMER", 21.38, 22.2, "It's [PII].")


def test_contact_lens_participant_id_without_a_role_is_the_label() -> None:
    turn = {"ParticipantId": "p-77", "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Content": "Hi."}
    assert labels(parse_data({"Participants": [], "Transcript": [turn]})) == ["p-77"]


def test_contact_lens_realtime_segments() -> None:
    turn = {"ParticipantRole": "CUSTOMER", "BeginOffsetMillis": 1200, "EndOffsetMillis": 2400, "Content": "Hi"}
    data = {"EventType": "SEGMENTS", "Segments": [{"Utterance": {"Content": "H"}}, {"Transcript": turn}]}
    assert rows(parse_data(data)) == [("CUSTOMER", 1.2, 2.4, "Hi")]


def test_existing_call_analytics_fixture_still_reads() -> None:
    path = FORMATS.parent / "amazon_call_analytics.json"
    parsed = parse_json(path.read_text(encoding="utf-8"), str(path))
    assert rows(parsed) == [
        ("AGENT", 0.25, 3.5, "Good morning, you're through to Parcel Help."),
        ("CUSTOMER", 4.0, 9.125, "My parcel was due on Monday and it still hasn't arrived."),
    ]
    assert parsed.turns[0].words == [Word(0.25, 0.6, "Good", 0.99), Word(0.6, 1.0, "morning,", 0.95)]


# --- Bedrock Data Automation -------------------------------------------------------------------------


def test_bedrock_fixture() -> None:
    parsed = parse_fixture("bedrock_audio.json")
    assert labels(parsed)[:4] == ["spk_0", "spk_1", "spk_0", "spk_1"]  # the customer (spk_0) speaks first
    assert [t.channel for t in parsed.turns][:2] == [1, 0]  # the agent is on the left channel
    assert rows(parsed)[1] == (
        "spk_1",
        1.85,
        7.76,
        "Thank you for calling Techfix Repairs, this is Maria. How can I help you?",
    )
    assert parsed.turns[0].words == [Word(0.4, 0.8, "Hello,"), Word(0.86, 1.15, "hi.")]
    assert (parsed.unit, parsed.duration, parsed.language) == ("segment", 42.72, "en")


def bda_segment(start: int, end: int, text: str, indices: list[int], **labels_: Any) -> dict[str, Any]:
    return {
        "start_timestamp_millis": start,
        "end_timestamp_millis": end,
        "segment_index": 0,
        "type": "TRANSCRIPT",
        "text": text,
        "audio_item_indices": indices,
        **labels_,
    }


def test_bedrock_channel_labels_only_and_punctuation_items() -> None:
    items = [
        {"item_index": 0, "content": "Hello", "start_timestamp_millis": 0, "end_timestamp_millis": 400},
        {"item_index": 1, "content": ".", "start_timestamp_millis": 400, "end_timestamp_millis": 400},
    ]
    segment = bda_segment(0, 400, "Hello.", [0, 1], channel={"channel_label": "ch_1"})
    parsed = parse_data({"metadata": {"semantic_modality": "AUDIO"}, "audio_items": items, "audio_segments": [segment]})
    assert [(t.label, t.channel, t.words) for t in parsed.turns] == [("ch_1", 1, [Word(0.0, 0.4, "Hello.")])]


def test_bedrock_without_labels_and_other_segment_types() -> None:
    segments = [bda_segment(0, 500, "Hi.", []), {**bda_segment(600, 900, "", []), "type": "MUSIC"}]
    parsed = parse_data({"metadata": {"semantic_modality": "AUDIO"}, "audio_segments": segments})
    assert rows(parsed) == [("", 0.0, 0.5, "Hi.")]


def test_bedrock_keeps_channels_only_when_they_tell_speakers_apart() -> None:
    mono = {"channel": {"channel_label": "ch_0"}}
    segments = [
        bda_segment(0, 500, "Hi.", [], speaker={"speaker_label": "spk_0"}, **mono),
        bda_segment(600, 900, "Hello.", [], speaker={"speaker_label": "spk_1"}, **mono),
    ]
    parsed = parse_data({"metadata": {"semantic_modality": "AUDIO"}, "audio_segments": segments})
    assert [(t.label, t.channel) for t in parsed.turns] == [("spk_0", None), ("spk_1", None)]


# --- Deepgram -----------------------------------------------------------------------------------------


def test_deepgram_utterances_fixture() -> None:
    parsed = parse_fixture("deepgram_utterances.json")
    assert labels(parsed) == alternating("Speaker 0", "Speaker 1", 9)  # the agent is speaker 1
    assert rows(parsed)[2] == (
        "Speaker 0",
        9.35,
        15.2,
        "My flight to Lisbon was cancelled and I need to get there by Thursday.",
    )
    assert parsed.turns[0].words[:2] == [Word(0.4, 0.69, "Hi,", 0.99), Word(0.75, 1.15, "hello,", 0.97)]
    assert (parsed.unit, parsed.duration, parsed.language, parsed.model) == ("utterance", 42.29, "en", "general-nova-3")


def test_deepgram_diarized_words_fixture() -> None:
    parsed = parse_fixture("deepgram_words.json")
    assert labels(parsed) == alternating("Speaker 0", "Speaker 1", 8)
    assert rows(parsed)[0] == ("Speaker 0", 0.4, 5.41, "Thanks for calling Vela Mobile, this is Chris. How can I help?")
    assert parsed.unit == "turn"


def test_deepgram_multichannel_fixture() -> None:
    parsed = parse_fixture("deepgram_multichannel.json")
    assert labels(parsed) == alternating("ch_1", "ch_0", 8)  # the agent is channel 1
    assert [t.channel for t in parsed.turns] == alternating(1, 0, 8)  # type: ignore[arg-type]
    # the agent's two utterances with a short pause in between make one turn
    assert parsed.turns[4].text == (
        "I found it. The payment card had expired, so the booking was released. I can book the same room again now."
    )


def deepgram_word(word: str, start: float, end: float, **extra: Any) -> dict[str, Any]:
    return {
        "word": word.lower().strip(".,?"),
        "punctuated_word": word,
        "start": start,
        "end": end,
        "confidence": 0.9,
        **extra,
    }


def test_deepgram_one_channel_without_diarization_has_no_labels() -> None:
    words = [deepgram_word("Hello.", 0.0, 0.4), deepgram_word("Hi.", 0.6, 0.9)]
    data = {"metadata": {"channels": 1}, "results": {"channels": [{"alternatives": [{"words": words}]}]}}
    assert rows(parse_data(data)) == [("", 0.0, 0.9, "Hello. Hi.")]


def test_deepgram_multichannel_utterances_are_labelled_by_channel() -> None:
    utterances = [
        {"start": 0.0, "end": 1.0, "channel": 1, "speaker": 0, "transcript": "Thanks for calling.", "words": []},
        {"start": 1.2, "end": 2.0, "channel": 0, "speaker": 0, "transcript": "Hi.", "words": []},
    ]
    data = {"metadata": {"channels": 2}, "results": {"channels": [{}, {}], "utterances": utterances}}
    parsed = parse_data(data)
    assert [(t.label, t.channel) for t in parsed.turns] == [("ch_1", 1), ("ch_0", 0)]


# --- AssemblyAI ---------------------------------------------------------------------------------------


def test_assemblyai_utterances_fixture() -> None:
    parsed = parse_fixture("assemblyai_utterances.json")
    assert labels(parsed) == alternating("A", "B", 9)  # the agent is B
    assert rows(parsed)[0] == ("A", 0.4, 5.29, "Hi there, I'm calling about a claim I made two weeks ago.")  # ms
    assert parsed.turns[0].words[:2] == [Word(0.4, 0.69, "Hi", 0.99), Word(0.75, 1.15, "there,", 0.97)]
    assert (parsed.unit, parsed.duration, parsed.language, parsed.model) == ("utterance", 44.0, "en", "universal")


def test_assemblyai_words_fixture() -> None:
    parsed = parse_fixture("assemblyai_words.json")  # "utterances": null
    assert labels(parsed) == alternating("A", "B", 8)
    assert rows(parsed)[1] == ("B", 5.85, 9.7, "I can't log in on my TV since the update.")
    assert parsed.unit == "turn"


def test_assemblyai_multichannel_channels_count_from_one() -> None:
    utterances = [
        {"speaker": "1", "channel": "1", "start": 0, "end": 900, "text": "Thanks for calling.", "words": []},
        {"speaker": "2", "channel": "2", "start": 1000, "end": 1500, "text": "Hi.", "words": []},
    ]
    parsed = parse_data({"status": "completed", "multichannel": True, "utterances": utterances, "words": []})
    assert [(t.label, t.channel, t.start) for t in parsed.turns] == [("1", 0, 0.0), ("2", 1, 1.0)]


def test_assemblyai_without_speaker_labels_has_no_labels() -> None:
    words = [{"text": "Hello.", "start": 0, "end": 400, "confidence": 0.9, "speaker": None}]
    parsed = parse_data({"status": "completed", "speaker_labels": False, "utterances": None, "words": words})
    assert rows(parsed) == [("", 0.0, 0.4, "Hello.")]


# --- whisper and WhisperX -----------------------------------------------------------------------------


def test_whisper_fixture_has_no_speakers() -> None:
    parsed = parse_fixture("whisper.json")
    assert labels(parsed) == [""] * 8  # the loader refuses it: no speaker information
    assert rows(parsed)[0] == ("", 0.4, 5.21, "Thank you for calling Greenleaf Garden Centre, how can I help?")
    assert parsed.turns[0].words[:2] == [Word(0.4, 0.8, "Thank", 0.99), Word(0.86, 1.19, "you", 0.97)]  # no spaces
    assert (parsed.unit, parsed.language) == ("segment", "en")


def test_whisperx_fixture() -> None:
    parsed = parse_fixture("whisperx.json")
    assert labels(parsed) == alternating("SPEAKER_00", "SPEAKER_01", 9)  # the agent is SPEAKER_01
    assert parsed.turns[1].words[0] == Word(3.36, 3.69, "Yes,", 0.99)  # WhisperX's "score"
    assert rows(parsed)[4] == ("SPEAKER_00", 18.68, 20.7, "It's about 2 months old.")
    assert parsed.turns[4].words == []  # "2" could not be aligned: the segment keeps no word timings
    # the last segment has no speaker: its words name one
    assert "speaker" not in fixture_data("whisperx.json")["segments"][-1]
    assert rows(parsed)[-1] == ("SPEAKER_00", 34.67, 35.84, "No, that's all.")


def test_whisperx_segment_without_any_speaker_is_left_unlabelled() -> None:
    segments = [
        {"start": 0.0, "end": 1.0, "text": " Hello.", "speaker": "SPEAKER_01"},
        {"start": 1.2, "end": 2.0, "text": " Hi.", "words": [{"word": "Hi.", "start": 1.2, "end": 2.0, "score": 0.5}]},
    ]
    parsed = parse_data({"segments": segments, "word_segments": [], "language": "en"})
    assert labels(parsed) == ["SPEAKER_01", ""]  # the loader gives it the speaker before


# --- CallCoach's own JSON -----------------------------------------------------------------------------


def test_callcoach_fixture_keeps_the_speakers_as_written() -> None:
    path = FORMATS.parent / "call.json"
    parsed = parse_json(path.read_text(encoding="utf-8"), str(path))
    assert rows(parsed) == [
        ("agent", 0.25, 3.5, "Good morning, you're through to Parcel Help. How can I help?"),
        ("customer", 4.0, 9.125, "My parcel was due on Monday and it still hasn't arrived."),
        ("agent", 70.0, 72.75, "I'm sorry about the wait. Let me check that for you."),
    ]
    assert parsed.turns[0].words == [Word(0.25, 0.6, "Good", 0.97), Word(0.6, 1.0, "morning,", 0.91)]
    assert (parsed.duration, parsed.language, parsed.model, parsed.vendor) == (75.0, "en", "tiny.en", None)


def test_callcoach_json_without_schema_with_other_names() -> None:
    data = {
        "segments": [
            {"speaker": " Rep ", "start": 0, "end": 1, "text": "Hi\n there."},
            {"speaker": "Bob", "start": 2, "end": 3, "text": "Hello."},
        ]
    }
    parsed = parse_data(data)
    assert rows(parsed) == [("Rep", 0.0, 1.0, "Hi there."), ("Bob", 2.0, 3.0, "Hello.")]  # roles: the loader's job


# --- detection ---------------------------------------------------------------------------------------

FIXTURE_UNITS = [
    ("aws_transcribe_speaker_labels.json", "turn", None),
    ("aws_transcribe_audio_segments.json", "segment", None),
    ("aws_transcribe_channel_labels.json", "turn", None),
    ("aws_pca.json", "segment", "AWS Post-Call Analytics"),
    ("aws_tca.json", "turn", "Amazon Transcribe Call Analytics"),
    ("contact_lens.json", "turn", "Amazon Connect Contact Lens"),
    ("bedrock_audio.json", "segment", None),
    ("deepgram_utterances.json", "utterance", None),
    ("deepgram_words.json", "turn", None),
    ("deepgram_multichannel.json", "turn", None),
    ("assemblyai_utterances.json", "utterance", None),
    ("assemblyai_words.json", "turn", None),
    ("whisper.json", "segment", None),
    ("whisperx.json", "segment", None),
]


@pytest.mark.parametrize(("name", "unit", "source"), FIXTURE_UNITS)
def test_every_fixture_is_detected_from_its_content(name: str, unit: str, source: str | None) -> None:
    text = (FORMATS / name).read_text(encoding="utf-8")
    parsed = parse_json(text, "transcript.txt")  # the name says nothing
    assert parsed.unit == unit
    assert (parsed.vendor.source if parsed.vendor else None) == source
    assert 6 <= len(parsed.turns) <= 12
    assert all(t.text and t.end >= t.start for t in parsed.turns)
    assert [t.start for t in parsed.turns] == sorted(t.start for t in parsed.turns)


def test_every_fixture_is_listed_in_the_readme() -> None:
    readme = (FORMATS / "README.md").read_text(encoding="utf-8")
    for path in FORMATS.glob("*.json"):
        assert f"`{path.name}`" in readme
        json.loads(path.read_text(encoding="utf-8"))  # valid JSON
    assert {name for name, _, _ in FIXTURE_UNITS} == {p.name for p in FORMATS.glob("*.json")}


def test_whisper_segments_are_not_taken_for_callcoach_json() -> None:
    """A plain whisper file used to fail as CallCoach JSON with "segment 0: missing 'speaker'"."""
    data = {"text": " Hi.", "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": " Hi.", "tokens": [1]}]}
    assert rows(parse_data(data)) == [("", 0.0, 1.0, "Hi.")]
