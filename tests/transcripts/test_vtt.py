"""WebVTT import: every cue becomes one segment, and every broken line is reported with its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.transcripts import load_transcript

DATA = Path(__file__).parent / "data"

EXPECTED = [
    (0, "agent", 0.25, 3.5, "Good morning, you're through to Parcel Help. How can I help?"),
    (1, "customer", 4.0, 9.125, "My parcel was due on Monday and it still hasn't arrived."),
]

PLAIN = """WEBVTT

00:00:00.250 --> 00:00:03.500
<v Agent>Good morning, you're through to Parcel Help. How can I help?</v>

00:00:04.000 --> 00:00:09.125
<v Customer>My parcel was due on Monday and it still hasn't arrived.</v>
"""


def write(tmp_path: Path, text: str, name: str = "call.vtt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(path: Path) -> list[tuple[int, str, float, float, str]]:
    return [(s.id, s.speaker, s.start, s.end, s.text) for s in load_transcript(path).segments]


def error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_transcript(path)
    return caught.value


def test_fixture_file_gives_one_segment_per_cue() -> None:
    transcript = load_transcript(DATA / "call.vtt")
    assert transcript.source == str(DATA / "call.vtt")
    assert [(s.id, s.speaker, s.start, s.end, s.text) for s in transcript.segments] == [
        *EXPECTED,
        (2, "agent", 70.0, 72.75, "I'm sorry about the wait. Let me check that for you."),
    ]
    assert transcript.has_timing is True
    assert transcript.duration is None
    assert transcript.warnings == []
    assert all(s.words == [] for s in transcript.segments)


LAYOUTS = {
    "plain": PLAIN,
    "cue identifiers": PLAIN.replace("\n00:00:00.250", "\n1\n00:00:00.250").replace(
        "\n00:00:04.000", "\nsecond-cue\n00:00:04.000"
    ),
    "wrapped lines": PLAIN.replace("Help. How", "Help.\n   How").replace("Monday and", "Monday\nand"),
    "missing </v>": PLAIN.replace("</v>", ""),
    "NOTE block": PLAIN.replace("WEBVTT\n", "WEBVTT\n\nNOTE invented call\nfor the tests\n"),
    "STYLE block": PLAIN.replace("WEBVTT\n", "WEBVTT\n\nSTYLE\n::cue(v[voice=Agent]) { color: blue }\n"),
    "header text and metadata": PLAIN.replace("WEBVTT\n", "WEBVTT - parcel call\nKind: captions\n"),
    "cue settings": PLAIN.replace("00:00:03.500", "00:00:03.500 align:start line:0"),
    "short timestamps": PLAIN.replace("00:00:00.250 --> 00:00:03.500", "00:00.250 --> 00:03.500"),
    "voice class and inline markup": PLAIN.replace("<v Agent>Good", "<v.loud Agent><i>Good</i>").replace(
        "Monday", "<b>Monday</b>"
    ),
    "CRLF": PLAIN.replace("\n", "\r\n"),
    "lowercase speaker names": PLAIN.replace("<v Agent>", "<v agent>").replace("<v Customer>", "<v CUSTOMER>"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_variants_give_the_same_segments(tmp_path: Path, layout: str) -> None:
    assert rows(write(tmp_path, LAYOUTS[layout])) == EXPECTED


def test_bom_is_ignored(tmp_path: Path) -> None:
    assert rows(write(tmp_path, PLAIN, encoding="utf-8-sig")) == EXPECTED
    assert (tmp_path / "call.vtt").read_bytes().startswith(b"\xef\xbb\xbf")


def test_speaker_prefix_instead_of_voice_tag(tmp_path: Path) -> None:
    text = PLAIN.replace("<v Agent>", "Rep: ").replace("<v Customer>", "[Caller] ").replace("</v>", "")
    assert rows(write(tmp_path, text)) == EXPECTED


def test_character_references_are_decoded(tmp_path: Path) -> None:
    text = PLAIN.replace("How can I help?", "Fees &amp; refunds &lt;here&gt;, AT&T.")
    assert load_transcript(write(tmp_path, text)).segments[0].text.endswith("Parcel Help. Fees & refunds <here>, AT&T.")


def test_cues_are_sorted_by_start_and_renumbered(tmp_path: Path) -> None:
    first, second = PLAIN.split("\n\n")[1], PLAIN.split("\n\n")[2]
    transcript = load_transcript(write(tmp_path, f"WEBVTT\n\n{second}\n\n{first}\n"))
    assert [(s.id, s.speaker, s.start) for s in transcript.segments] == [
        (0, "agent", 0.25),
        (1, "customer", 4.0),
    ]
    assert any("sorted" in w for w in transcript.warnings)


def test_empty_cue_is_dropped_with_a_warning(tmp_path: Path) -> None:
    text = PLAIN + "\n00:00:10.000 --> 00:00:11.000\n<v Agent></v>\n"
    transcript = load_transcript(write(tmp_path, text))
    assert len(transcript.segments) == 2
    assert transcript.warnings == ["1 empty cue skipped"]


def test_only_empty_cues_is_an_error(tmp_path: Path) -> None:
    err = error(write(tmp_path, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent> </v>\n"))
    assert "no text found" in err.problem


def test_text_outside_a_cue_is_reported_as_a_warning(tmp_path: Path) -> None:
    text = PLAIN.replace("How can I help?</v>\n", "How can I help?</v>\n\nand one more thing\n")
    transcript = load_transcript(write(tmp_path, text))
    assert len(transcript.segments) == 2
    assert transcript.warnings == ["line 6: text outside any cue was ignored: 'and one more thing'"]


def test_language_from_header_metadata(tmp_path: Path) -> None:
    text = PLAIN.replace("WEBVTT\n", "WEBVTT\nKind: captions\nLanguage: en-GB\n")
    assert load_transcript(write(tmp_path, text)).language == "en"


# --- malformed files: the error names the line --------------------------------------------------


def test_missing_header(tmp_path: Path) -> None:
    err = error(write(tmp_path, PLAIN.replace("WEBVTT\n", "")))
    assert err.line == 1
    assert err.problem == "not a WebVTT file: the first line must be WEBVTT"
    assert err.path == str(tmp_path / "call.vtt")


def test_srt_content_in_a_vtt_file_gets_a_rename_hint(tmp_path: Path) -> None:
    err = error(write(tmp_path, (DATA / "call.srt").read_text(encoding="utf-8")))
    assert err.line == 1
    assert "rename it to .srt" in (err.hint or "")


@pytest.mark.parametrize(
    "bad",
    [
        "00:00:04.000 -> 00:00:09.125",  # arrow too short: not even a "-->" line
        "00:00:04,000 --> 00:00:09,125",  # SRT commas
        "00:00:04.000 --> 00:00:9.125",  # one-digit seconds
        "00:00:04.000 --> 00:00:61.000",  # 61 seconds
        "00:00:04.0 --> 00:00:09.125",  # not milliseconds
        "00:00:04.000 -->",
        "00:00:04.000 --> 00:00:09.125align:start",  # settings must be separated by a space
    ],
)
def test_malformed_timing_line_is_reported_with_its_line(tmp_path: Path, bad: str) -> None:
    err = error(write(tmp_path, PLAIN.replace("00:00:04.000 --> 00:00:09.125", bad)))
    assert err.line == 6
    assert err.problem == f"malformed cue timing '{bad.strip()}'"
    assert "HH:MM:SS.mmm" in (err.hint or "")


def test_malformed_timing_after_a_cue_id(tmp_path: Path) -> None:
    text = PLAIN.replace("\n00:00:04.000 --> 00:00:09.125", "\n7\n00:00:04.000 - 00:00:09.125")
    err = error(write(tmp_path, text))
    assert (err.line, err.problem) == (7, "malformed cue timing '00:00:04.000 - 00:00:09.125'")


def test_cue_text_that_starts_with_a_time_is_text(tmp_path: Path) -> None:
    text = PLAIN.replace("<v Customer>My parcel", "<v Customer>\n10:30 - 11:00 suits me. My parcel")
    assert load_transcript(write(tmp_path, text)).segments[1].text.startswith("10:30 - 11:00 suits me.")


def test_end_before_start(tmp_path: Path) -> None:
    err = error(write(tmp_path, PLAIN.replace("00:00:04.000 --> 00:00:09.125", "00:00:09.125 --> 00:00:04.000")))
    assert err.line == 6
    assert "ends before it starts" in err.problem


def test_cue_without_speaker_carries_on_the_speaker_before(tmp_path: Path) -> None:
    transcript = load_transcript(write(tmp_path, PLAIN.replace("<v Customer>", "")))
    assert [s.speaker for s in transcript.segments] == ["agent", "agent"]
    assert "1 cue names no speaker; it carries on the speaker before it" in transcript.warnings


def test_no_cue_names_a_speaker(tmp_path: Path) -> None:
    err = error(write(tmp_path, PLAIN.replace("<v Customer>", "").replace("<v Agent>", "")))
    assert err.problem == "the transcript has no speaker information: no part of it says who is speaking"
    assert err.hint is not None and "import the recording instead" in err.hint


def test_a_named_agent_makes_the_other_speaker_the_customer(tmp_path: Path) -> None:
    transcript = load_transcript(write(tmp_path, PLAIN.replace("<v Customer>", "<v Bob>")))
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]
    assert transcript.speakers is not None
    assert transcript.speakers.roles == {"Agent": "agent", "Bob": "customer"}


def test_prefix_names_are_speakers(tmp_path: Path) -> None:
    text = PLAIN.replace("<v Customer>", "Speaker 2: ").replace("<v Agent>", "Speaker 1: ")
    transcript = load_transcript(write(tmp_path, text))
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]
    assert transcript.segments[1].text.startswith("My parcel")
    assert transcript.speakers is not None and transcript.speakers.how == "automatic"


def test_no_cues(tmp_path: Path) -> None:
    err = error(write(tmp_path, "WEBVTT\n\nNOTE nothing was said\n"))
    assert err.problem == "no cues found"


def test_binary_garbage_named_vtt(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_bytes(bytes(range(256)) * 4)
    err = error(path)
    assert "not a UTF-8 text file" in err.problem or "binary" in err.problem


def test_empty_file(tmp_path: Path) -> None:
    err = error(write(tmp_path, ""))
    assert err.problem == "the file is empty"


def test_two_voices_in_one_cue_are_read_as_the_first_with_a_warning(tmp_path: Path) -> None:
    text = PLAIN.replace("arrived.</v>", "arrived.</v> <v Agent>Oh no.</v>")
    transcript = load_transcript(write(tmp_path, text))
    assert (transcript.segments[1].speaker, transcript.segments[1].text) == (
        "customer",
        "My parcel was due on Monday and it still hasn't arrived. Oh no.",
    )
    assert transcript.warnings == ["line 7: cue has more than one speaker; all of it is read as 'Customer'"]
