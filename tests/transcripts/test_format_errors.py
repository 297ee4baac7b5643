"""Malformed service files: every message names the file, the place in it, what is wrong, and what to do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.transcripts.json_formats import fixture_data, input_error

Break = Callable[[dict[str, Any]], None]


def check(name: str, breaks: Break, problem: str, hint: str | None) -> None:
    data = fixture_data(name)
    breaks(data)
    err = input_error(data)
    assert err.problem == problem
    if hint is not None:
        assert hint in (err.hint or "")


def setter(*path: Any, value: Any) -> Break:
    def apply(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


def deleter(*path: Any) -> Break:
    def apply(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return apply


AWS = "use the JSON file the Amazon Transcribe job wrote, unchanged"


@pytest.mark.parametrize(
    ("name", "breaks", "problem", "hint"),
    [
        (
            "aws_transcribe_speaker_labels.json",
            setter("status", value="IN_PROGRESS"),
            "the Amazon Transcribe job is IN_PROGRESS, not COMPLETED",
            "download its transcript once the job has completed",
        ),
        (
            "aws_transcribe_speaker_labels.json",
            deleter("results", "items"),
            "results: missing 'items' (the words and their times)",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            setter("results", "items", value=[]),
            "the Amazon Transcribe job found no speech ('results.items' is empty)",
            "import the recording itself",
        ),
        (
            "aws_transcribe_speaker_labels.json",
            setter("results", "items", value={"0": {}}),
            "results: 'items' must be a list",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            deleter("results", "items", 12, "start_time"),
            "results.items 12: missing 'start_time'",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            setter("results", "items", 12, "start_time", value="soon"),
            "results.items 12: 'start_time' must be a number of seconds, not 'soon'",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            setter("results", "items", 0, "end_time", value="0.1"),
            "results.items 0: 'end_time' (0.1) is before 'start_time' (0.4)",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            setter("results", "items", 0, "type", value="word"),
            "results.items 0: 'type' must be \"pronunciation\" or \"punctuation\", not 'word'",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            setter("results", "items", 0, "alternatives", value=[]),
            "results.items 0: missing 'alternatives' (the word's content)",
            AWS,
        ),
        (
            "aws_transcribe_speaker_labels.json",
            deleter("results", "speaker_labels", "segments", 2, "speaker_label"),
            "results.speaker_labels.segments 2: missing 'speaker_label'",
            AWS,
        ),
        (
            "aws_transcribe_audio_segments.json",
            setter("results", "audio_segments", 3, "items", value=["seven"]),
            "results.audio_segments 3: 'items' must list item ids (numbers), not 'seven'",
            AWS,
        ),
        (
            "aws_transcribe_audio_segments.json",
            deleter("results", "audio_segments", 1, "end_time"),
            "results.audio_segments 1: missing 'end_time'",
            AWS,
        ),
        (
            "aws_transcribe_channel_labels.json",
            setter("results", "channel_labels", "channels", value={"ch_0": []}),
            "results.channel_labels: 'channels' must be a list",
            AWS,
        ),
        (
            "aws_transcribe_channel_labels.json",
            deleter("results", "channel_labels", "channels", 1, "items", 0, "end_time"),
            "results.channel_labels.channels 1, items 0: missing 'end_time'",
            AWS,
        ),
    ],
)
def test_transcribe_errors(name: str, breaks: Break, problem: str, hint: str | None) -> None:
    check(name, breaks, problem, hint)


PCA = "use the results JSON that Post-Call Analytics wrote for the call, unchanged"


@pytest.mark.parametrize(
    ("breaks", "problem", "hint"),
    [
        (
            setter("SpeechSegments", value=[]),
            "the Post-Call Analytics file has no speech ('SpeechSegments' is empty)",
            "import the recording itself",
        ),
        (setter("SpeechSegments", value="none"), "'SpeechSegments' must be a list", PCA),
        (setter("ConversationAnalytics", value=[]), "ConversationAnalytics: must be an object", PCA),
        (setter("SpeechSegments", 2, value="text"), "SpeechSegments 2: must be an object", PCA),
        (deleter("SpeechSegments", 2, "SegmentStartTime"), "SpeechSegments 2: missing 'SegmentStartTime'", PCA),
        (
            setter("SpeechSegments", 2, "SegmentEndTime", value=[1]),
            "SpeechSegments 2: 'SegmentEndTime' must be a number of seconds, not [1]",
            PCA,
        ),
        (
            setter("SpeechSegments", 2, "SegmentSpeaker", value=1),
            "SpeechSegments 2: 'SegmentSpeaker' must be a string",
            PCA,
        ),
        (
            setter("SpeechSegments", 2, "SegmentSpeaker", value=" "),
            "SpeechSegments 2: 'SegmentSpeaker' is empty (it names the speaker, such as \"spk_0\")",
            PCA,
        ),
        (
            setter("SpeechSegments", 2, "SegmentEndTime", value=1.0),
            "SpeechSegments 2: 'SegmentEndTime' (1) is before 'SegmentStartTime' (13.09)",
            PCA,
        ),
    ],
)
def test_pca_errors(breaks: Break, problem: str, hint: str) -> None:
    check("aws_pca.json", breaks, problem, hint)


@pytest.mark.parametrize(
    ("turn", "problem"),
    [
        ({"ParticipantRole": "AGENT", "EndOffsetMillis": 5, "Content": "x"}, "missing 'BeginOffsetMillis'"),
        ({"ParticipantRole": "AGENT", "BeginOffsetMillis": "0", "EndOffsetMillis": 5, "Content": "x"}, "number"),
        ({"BeginOffsetMillis": 0, "EndOffsetMillis": 5, "Content": "x"}, "missing 'ParticipantRole'"),
        ({"ParticipantRole": "AGENT", "BeginOffsetMillis": 9, "EndOffsetMillis": 5, "Content": "x"}, "before"),
        ({"ParticipantRole": "AGENT", "BeginOffsetMillis": 0, "EndOffsetMillis": 5, "Content": 7}, "'Content'"),
    ],
)
def test_call_analytics_invalid_turn_names_its_index(turn: dict[str, Any], problem: str) -> None:
    good = {"ParticipantRole": "CUSTOMER", "BeginOffsetMillis": 0, "EndOffsetMillis": 5, "Content": "Hi"}
    err = input_error({"Transcript": [good, turn]})
    assert err.problem.startswith("Transcript item 1:")
    assert problem in err.problem


def test_call_analytics_without_turns() -> None:
    assert input_error({"Transcript": []}).problem == "the Amazon transcript has no turns ('Transcript' is empty)"


BDA = "use the result.json that Bedrock Data Automation wrote for the audio file, unchanged"


@pytest.mark.parametrize(
    ("breaks", "problem", "hint"),
    [
        (
            setter("metadata", "semantic_modality", value="DOCUMENT"),
            "this Bedrock Data Automation output is for document, not audio",
            None,
        ),
        (
            setter("audio_segments", value=[]),
            "the Bedrock Data Automation output has no transcript ('audio_segments' holds none)",
            "switch on the audio transcript",
        ),
        (
            deleter("audio_segments", 3, "start_timestamp_millis"),
            "audio_segments 3: missing 'start_timestamp_millis'",
            BDA,
        ),
        (
            setter("audio_segments", 3, "end_timestamp_millis", value="20.4"),
            "audio_segments 3: 'end_timestamp_millis' must be a number of milliseconds, not '20.4'",
            BDA,
        ),
        (setter("audio_segments", 3, "text", value=None), "audio_segments 3: missing 'text'", BDA),
        (setter("audio_segments", 3, "speaker", value="spk_1"), "audio_segments 3, speaker: must be an object", BDA),
        (deleter("audio_items", 5, "end_timestamp_millis"), "audio_items 5: missing 'end_timestamp_millis'", BDA),
    ],
)
def test_bedrock_errors(breaks: Break, problem: str, hint: str | None) -> None:
    check("bedrock_audio.json", breaks, problem, hint)


DEEPGRAM = "use the JSON response Deepgram returned, unchanged"


@pytest.mark.parametrize(
    ("name", "breaks", "problem"),
    [
        (
            "deepgram_words.json",
            deleter("results", "channels", 0, "alternatives", 0, "words", 4, "start"),
            "results.channels 0, alternative 0, word 4: missing 'start'",
        ),
        (
            "deepgram_words.json",
            setter("results", "channels", 0, "alternatives", value={}),
            "results.channels 0: 'alternatives' must be a list",
        ),
        (
            "deepgram_words.json",
            lambda d: d["results"]["channels"][0]["alternatives"][0]["words"][4].update(
                word=None, punctuated_word=None
            ),
            "results.channels 0, alternative 0, word 4: missing 'word'",
        ),
        (
            "deepgram_utterances.json",
            setter("results", "utterances", 2, "start", value="9.35"),
            "results.utterances 2: 'start' must be a number of seconds, not '9.35'",
        ),
        (
            "deepgram_utterances.json",
            setter("results", "utterances", 2, "words", value="many"),
            "results.utterances 2: 'words' must be a list",
        ),
    ],
)
def test_deepgram_errors(name: str, breaks: Break, problem: str) -> None:
    check(name, breaks, problem, DEEPGRAM)


def test_deepgram_without_any_words() -> None:
    data = fixture_data("deepgram_words.json")
    data["results"]["channels"][0]["alternatives"][0]["words"] = []
    err = input_error(data)
    assert err.problem == "Deepgram found no speech in the recording (no channel has any words)"
    assert "import the recording itself" in (err.hint or "")


ASSEMBLYAI = "use the transcript JSON AssemblyAI returned, unchanged"


@pytest.mark.parametrize(
    ("breaks", "problem", "hint"),
    [
        (
            setter("status", value="processing"),
            "the AssemblyAI transcript is still processing, not completed",
            "fetch the transcript again once its status is completed",
        ),
        (
            lambda d: d.update(status="error", error="Download error, unable to download the audio"),
            "the AssemblyAI transcription failed: Download error, unable to download the audio",
            "transcribe the recording again",
        ),
        (deleter("utterances", 3, "start"), "utterances 3: missing 'start'", ASSEMBLYAI),
        (
            setter("utterances", 3, "end", value="23030"),
            "utterances 3: 'end' must be a number of milliseconds, not '23030'",
            ASSEMBLYAI,
        ),
        (setter("utterances", 3, "speaker", value=2), "utterances 3: 'speaker' must be a string", ASSEMBLYAI),
        (setter("utterances", 3, "words", 0, "text", value=None), "utterances 3, word 0: missing 'text'", ASSEMBLYAI),
        (
            lambda d: d.update(utterances=[], words=[]),
            "the AssemblyAI transcript has no words (both 'utterances' and 'words' are empty)",
            "import the recording itself",
        ),
    ],
)
def test_assemblyai_errors(breaks: Break, problem: str, hint: str) -> None:
    check("assemblyai_utterances.json", breaks, problem, hint)


WHISPER = "use the JSON file whisper or WhisperX wrote, unchanged"


@pytest.mark.parametrize(
    ("name", "breaks", "problem"),
    [
        ("whisper.json", deleter("segments", 2, "start"), "segment 2: missing 'start'"),
        ("whisper.json", setter("segments", 2, "text", value=3), "segment 2: 'text' must be a string"),
        ("whisper.json", setter("segments", 2, value=[]), "segment 2: must be an object with start, end and text"),
        (
            "whisperx.json",
            setter("segments", 1, "words", 0, value="Yes,"),
            "segment 1, word 0: must be an object with the word",
        ),
        (
            "whisperx.json",
            setter("segments", 1, "words", 0, "end", value=-1),
            "segment 1, word 0: 'end' must not be negative",
        ),
        ("whisperx.json", setter("segments", 1, "speaker", value=1), "segment 1: 'speaker' must be a string"),
    ],
)
def test_whisper_errors(name: str, breaks: Break, problem: str) -> None:
    check(name, breaks, problem, WHISPER)


def test_whisper_without_segments() -> None:
    data = fixture_data("whisper.json")
    data["segments"] = []
    assert input_error(data).problem == "'segments' is empty: the transcript has no speech"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([{"start": 0}], "the JSON must be an object, not a list or a single value"),
        ({"transcript": "hello"}, "not a transcript JSON file"),
    ],
)
def test_not_a_transcript(data: Any, problem: str) -> None:
    err = input_error(data)
    assert err.problem == problem
    assert "Deepgram" in (err.hint or "") and "WhisperX" in (err.hint or "")  # the hint lists the formats read


def test_json_syntax_error_reports_the_line() -> None:
    err = input_error('{\n  "segments": [\n    {"speaker": "agent", "start": 0, "end": 1, "text": "Hi"},\n  ]\n}\n')
    assert err.line == 4
    assert err.problem.startswith("invalid JSON:")


@pytest.mark.parametrize(
    ("segment", "problem"),
    [
        ({"speaker": "agent", "start": 0, "end": 1}, "segment 1: missing 'text'"),
        ({"speaker": "agent", "start": "0.5", "end": 1, "text": "x"}, "segment 1: 'start' must be a number"),
        ({"speaker": "agent", "start": 5, "end": 4, "text": "x"}, "segment 1: 'end' (4) is before 'start' (5)"),
        (
            {"speaker": 1, "start": 0, "end": 1, "text": "x"},
            'segment 1: \'speaker\' must be a string such as "agent" or "customer"',
        ),
        ({"speaker": "agent", "start": 0, "end": 1, "text": "x", "words": "x"}, "segment 1: 'words' must be a list"),
    ],
)
def test_callcoach_json_errors(segment: dict[str, Any], problem: str) -> None:
    data = {
        "schema": "callcoach.analysis/1",
        "segments": [{"speaker": "agent", "start": 0, "end": 1, "text": "Hi"}, segment],
    }
    assert input_error(data).problem == problem


def test_callcoach_json_unknown_schema() -> None:
    err = input_error({"schema": "callcoach.analysis/9", "segments": []})
    assert (err.problem, err.hint) == (
        "unsupported schema 'callcoach.analysis/9'",
        "this version reads callcoach.analysis/1",
    )
