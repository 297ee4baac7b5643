"""JSON import: CallCoach's own output read back, and Amazon Transcribe Call Analytics results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.transcripts import load_transcript

DATA = Path(__file__).parent / "data"


def callcoach(*segments: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"schema": "callcoach.analysis/1", **top, "segments": list(segments)}


def seg(speaker: str = "agent", start: Any = 0.0, end: Any = 1.0, text: Any = "Hello.", **extra: Any) -> dict:
    return {"speaker": speaker, "start": start, "end": end, "text": text, **extra}


def write(tmp_path: Path, data: Any, name: str = "call.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return path


def error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_transcript(path)
    return caught.value


# --- CallCoach JSON ------------------------------------------------------------------------------


def test_callcoach_fixture() -> None:
    transcript = load_transcript(DATA / "call.json")
    assert transcript.source == str(DATA / "call.json")  # the path given, not the JSON's "source"
    assert (transcript.duration, transcript.language, transcript.model) == (75.0, "en", "tiny.en")
    assert [(s.id, s.speaker, s.start, s.end) for s in transcript.segments] == [
        (0, "agent", 0.25, 3.5),
        (1, "customer", 4.0, 9.125),
        (2, "agent", 70.0, 72.75),
    ]
    assert transcript.segments[1].text == "My parcel was due on Monday and it still hasn't arrived."
    assert transcript.segments[0].words == [Word(0.25, 0.6, "Good", 0.97), Word(0.6, 1.0, "morning,", 0.91)]
    assert transcript.segments[1].words == []
    # sentiment and tags are the analysis' job: they are recomputed, not imported
    assert transcript.segments[0].sentiment is None
    assert transcript.segments[0].tags == []


def test_minimal_callcoach_json_without_schema_or_duration(tmp_path: Path) -> None:
    data = {"segments": [seg("Customer", 2.0, 3.0, "  It's\nbroken. "), seg("Rep", 0, 1, "Hi.")]}
    transcript = load_transcript(write(tmp_path, data))
    assert [(s.id, s.speaker, s.start, s.text) for s in transcript.segments] == [
        (0, "agent", 0.0, "Hi."),
        (1, "customer", 2.0, "It's broken."),
    ]
    assert transcript.duration is None
    assert transcript.language is None


def test_json_syntax_error_reports_the_line(tmp_path: Path) -> None:
    text = '{\n  "segments": [\n    {"speaker": "agent", "start": 0, "end": 1, "text": "Hi"},\n  ]\n}\n'
    err = error(write(tmp_path, text))
    assert err.line == 4
    assert err.problem.startswith("invalid JSON:")


@pytest.mark.parametrize(
    ("bad_segment", "problem"),
    [
        ({"speaker": "agent", "start": 0, "end": 1}, "segment 1: missing 'text'"),
        ({"speaker": "agent", "end": 1, "text": "x"}, "segment 1: missing 'start'"),
        (seg(start="0.5"), "segment 1: 'start' must be a number"),
        (seg(start=True), "segment 1: 'start' must be a number"),
        (seg(end=None), "segment 1: 'end' must be a number"),
        (seg(start=-1), "segment 1: 'start' must not be negative"),
        (seg(start=5, end=4), "segment 1: 'end' (4) is before 'start' (5)"),
        (seg(text=["a"]), "segment 1: 'text' must be a string"),
        (seg(speaker=1), 'segment 1: \'speaker\' must be a string such as "agent" or "customer"'),
        (seg(words="x"), "segment 1: 'words' must be a list"),
        (seg(words=[{"start": 0, "end": "1", "word": "Hi"}]), "segment 1, word 0: 'end' must be a number"),
        (seg(words=[{"start": 0, "end": 1}]), "segment 1, word 0: 'word' must be a string"),
        ("agent: hello", "segment 1 must be an object with speaker, start, end and text"),
    ],
)
def test_invalid_segment_names_its_index(tmp_path: Path, bad_segment: Any, problem: str) -> None:
    err = error(write(tmp_path, callcoach(seg(), bad_segment)))
    assert err.problem == problem


def test_nan_is_not_a_number(tmp_path: Path) -> None:
    err = error(write(tmp_path, '{"segments": [{"speaker": "agent", "start": NaN, "end": 1, "text": "x"}]}'))
    assert err.problem == "segment 0: 'start' must be a number"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (callcoach(), "'segments' is empty: the transcript has no speech"),
        ({"segments": {"0": seg()}}, "'segments' must be a list"),
        (callcoach(seg(), duration="long"), "'duration' must be a number of seconds"),
        ({"schema": "callcoach.analysis/9", "segments": [seg()]}, "unsupported schema 'callcoach.analysis/9'"),
        ([seg()], "the JSON must be an object, not a list or a single value"),
        ({"utterance": []}, "not a transcript JSON file"),
        (
            {"jobName": "j", "results": {"transcripts": [{"transcript": "hi"}]}},
            "results: missing 'items' (the words and their times)",
        ),
    ],
)
def test_invalid_file_layout(tmp_path: Path, data: Any, problem: str) -> None:
    assert error(write(tmp_path, data)).problem == problem


def test_all_segments_empty(tmp_path: Path) -> None:
    err = error(write(tmp_path, callcoach(seg(text=""), seg(text="  "))))
    assert err.problem == "no text found: every segment is empty"


# --- Amazon Transcribe Call Analytics ------------------------------------------------------------


def test_amazon_fixture() -> None:
    transcript = load_transcript(DATA / "amazon_call_analytics.json")
    assert [(s.id, s.speaker, s.start, s.end, s.text) for s in transcript.segments] == [
        (0, "agent", 0.25, 3.5, "Good morning, you're through to Parcel Help."),
        (1, "customer", 4.0, 9.125, "My parcel was due on Monday and it still hasn't arrived."),
    ]
    assert transcript.language == "en"
    assert transcript.duration == 9.5  # ConversationCharacteristics.TotalConversationDurationMillis
    # word timings from Items; the comma is attached to the word before it
    assert transcript.segments[0].words == [Word(0.25, 0.6, "Good", 0.99), Word(0.6, 1.0, "morning,", 0.95)]
    assert transcript.segments[1].words == []


def test_contact_lens_roles_from_participant_ids(tmp_path: Path) -> None:
    data = {
        "Participants": [
            {"ParticipantId": "p-1", "ParticipantRole": "CUSTOMER"},
            {"ParticipantId": "p-2", "ParticipantRole": "AGENT"},
        ],
        "Transcript": [
            {"ParticipantId": "p-2", "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Content": "Hi."},
            {"ParticipantId": "p-1", "BeginOffsetMillis": 1000, "EndOffsetMillis": 1500, "Content": "Hello."},
        ],
    }
    assert [s.speaker for s in load_transcript(write(tmp_path, data)).segments] == ["agent", "customer"]


def test_contact_lens_realtime_segments(tmp_path: Path) -> None:
    turn = {"ParticipantRole": "CUSTOMER", "BeginOffsetMillis": 1200, "EndOffsetMillis": 2400, "Content": "Hi"}
    data = {"EventType": "SEGMENTS", "Segments": [{"Utterance": {"Content": "H"}}, {"Transcript": turn}]}
    segments = load_transcript(write(tmp_path, data)).segments
    assert [(s.speaker, s.start, s.end, s.text) for s in segments] == [("customer", 1.2, 2.4, "Hi")]


def test_amazon_automated_turns_are_skipped(tmp_path: Path) -> None:
    turns = [
        {"ParticipantRole": "SYSTEM", "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Content": "Please hold."},
        {"ParticipantRole": "AGENT", "BeginOffsetMillis": 1000, "EndOffsetMillis": 2000, "Content": "Hello."},
        {"ParticipantRole": "CUSTOMER", "BeginOffsetMillis": 2100, "EndOffsetMillis": 3000, "Content": "Hi."},
    ]
    transcript = load_transcript(write(tmp_path, {"Transcript": turns}))
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]
    assert transcript.warnings == ["1 automated turn (SYSTEM, CUSTOM_BOT) skipped"]


@pytest.mark.parametrize(
    ("turn", "problem"),
    [
        ({"ParticipantRole": "AGENT", "EndOffsetMillis": 5, "Content": "x"}, "missing 'BeginOffsetMillis'"),
        ({"ParticipantRole": "AGENT", "BeginOffsetMillis": "0", "EndOffsetMillis": 5, "Content": "x"}, "number"),
        ({"BeginOffsetMillis": 0, "EndOffsetMillis": 5, "Content": "x"}, "missing 'ParticipantRole'"),
        ({"ParticipantRole": "AGENT", "BeginOffsetMillis": 9, "EndOffsetMillis": 5, "Content": "x"}, "before"),
    ],
)
def test_amazon_invalid_turn_names_its_index(tmp_path: Path, turn: dict, problem: str) -> None:
    good = {"ParticipantRole": "CUSTOMER", "BeginOffsetMillis": 0, "EndOffsetMillis": 5, "Content": "Hi"}
    err = error(write(tmp_path, {"Transcript": [good, turn]}))
    assert err.problem.startswith("Transcript item 1:")
    assert problem in err.problem
