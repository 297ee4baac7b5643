"""SRT import: the speaker comes from a label at the start of each block; broken blocks are never folded
into the text of their neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.transcripts import load_transcript

DATA = Path(__file__).parent / "data"

PLAIN = """1
00:00:00,250 --> 00:00:03,500
Agent: Good morning, you're through to Parcel Help.

2
00:00:04,000 --> 00:00:09,125
Customer: My parcel still hasn't arrived.

3
00:00:10,000 --> 00:00:12,000
Agent: Let me check that for you.
"""
EXPECTED = [
    (0, "agent", 0.25, 3.5, "Good morning, you're through to Parcel Help."),
    (1, "customer", 4.0, 9.125, "My parcel still hasn't arrived."),
    (2, "agent", 10.0, 12.0, "Let me check that for you."),
]


def write(tmp_path: Path, text: str, name: str = "call.srt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def rows(path: Path) -> list[tuple[int, str, float, float, str]]:
    return [(s.id, s.speaker, s.start, s.end, s.text) for s in load_transcript(path).segments]


def error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_transcript(path)
    return caught.value


def test_fixture_file() -> None:
    transcript = load_transcript(DATA / "call.srt")
    assert [(s.id, s.speaker, s.start, s.end, s.text) for s in transcript.segments] == [
        (0, "agent", 0.25, 3.5, "Good morning, you're through to Parcel Help. How can I help?"),
        (1, "customer", 4.0, 9.125, "My parcel was due on Monday and it still hasn't arrived."),
        (2, "agent", 70.0, 72.75, "I'm sorry about the wait. Let me check that for you."),
    ]
    assert transcript.has_timing is True
    assert transcript.warnings == []


@pytest.mark.parametrize(
    ("agent_label", "customer_label"),
    [
        ("Agent:", "Customer:"),
        ("AGENT:", "customer:"),
        ("[Agent]", "[Customer]"),
        ("[Rep]:", "[Caller]:"),
        ("AGENT -", "CUSTOMER -"),
        ("Support Agent:", "Caller 1:"),
        ("<v Agent>", "<v Customer>"),
        ("<i>Agent:</i>", "<font color='red'>Customer:</font>"),
    ],
)
def test_speaker_labels(tmp_path: Path, agent_label: str, customer_label: str) -> None:
    text = PLAIN.replace("Agent:", agent_label).replace("Customer:", customer_label)
    assert rows(write(tmp_path, text)) == EXPECTED


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),  # CRLF
        lambda t: "\ufeff" + t,  # BOM
        lambda t: t.replace("1\n00:00:00", "00:00:00").replace("2\n00:00:04", "00:00:04"),  # no indexes
        lambda t: t.replace(",", ".", 2),  # "." instead of "," in one timing line
        lambda t: t.rstrip("\n"),  # no final newline
    ],
    ids=["crlf", "bom", "no-index", "dot-millis", "no-final-newline"],
)
def test_layout_variants(tmp_path: Path, variant) -> None:
    assert rows(write(tmp_path, variant(PLAIN))) == EXPECTED


def test_wrapped_lines_and_markup_are_joined_into_one_line(tmp_path: Path) -> None:
    text = PLAIN.replace("Parcel Help.", "Parcel\n<i>Help</i>.   {\\an8}")
    assert rows(write(tmp_path, text))[0][4] == "Good morning, you're through to Parcel Help."


def test_bad_timing_line_is_not_folded_into_the_block_before(tmp_path: Path) -> None:
    # The srt library alone would read block 2 as more text of block 1.
    err = error(write(tmp_path, PLAIN.replace("00:00:04,000 --> 00:00:09,125", "00:00:04,000 --> 00:00:0X,125")))
    assert err.line == 6
    assert err.problem == "malformed subtitle timing '00:00:04,000 --> 00:00:0X,125'"


def test_timing_line_with_a_short_arrow(tmp_path: Path) -> None:
    err = error(write(tmp_path, PLAIN.replace("00:00:04,000 --> 00:00:09,125", "00:00:04,000 -> 00:00:09,125")))
    assert err.line == 6


def test_junk_between_blocks(tmp_path: Path) -> None:
    err = error(write(tmp_path, "some notes\n\n" + PLAIN))
    assert err.line == 1
    assert "not an SRT block" in err.problem


def test_end_before_start(tmp_path: Path) -> None:
    err = error(write(tmp_path, PLAIN.replace("00:00:10,000 --> 00:00:12,000", "00:00:12,000 --> 00:00:10,000")))
    assert (err.line, "ends before it starts" in err.problem) == (10, True)


def test_block_without_speaker_carries_on_the_speaker_before(tmp_path: Path) -> None:
    transcript = load_transcript(write(tmp_path, PLAIN.replace("Customer: ", "")))
    assert [s.speaker for s in transcript.segments] == ["agent", "agent", "agent"]
    assert transcript.warnings == ["1 block names no speaker; it carries on the speaker before it"]


def test_speaker_00_prefixes_get_their_roles_from_what_is_said(tmp_path: Path) -> None:
    text = PLAIN.replace("Agent: ", "[SPEAKER_01]: ").replace("Customer: ", "SPEAKER_00: ")
    transcript = load_transcript(write(tmp_path, text))
    assert [s.speaker for s in transcript.segments] == ["agent", "customer", "agent"]
    assert transcript.segments[1].text == "My parcel still hasn't arrived."
    assert transcript.speakers is not None
    assert transcript.speakers.roles == {"SPEAKER_01": "agent", "SPEAKER_00": "customer"}
    assert any(w.startswith("the agent was chosen automatically: 'SPEAKER_01'") for w in transcript.warnings)


def test_a_named_agent_makes_the_other_speaker_the_customer(tmp_path: Path) -> None:
    transcript = load_transcript(write(tmp_path, PLAIN.replace("Customer:", "Bob:")))
    assert [s.speaker for s in transcript.segments] == ["agent", "customer", "agent"]


def test_vtt_content_named_srt(tmp_path: Path) -> None:
    err = error(write(tmp_path, (DATA / "call.vtt").read_text(encoding="utf-8")))
    assert err.line == 1
    assert err.hint == "rename it to .vtt"


def test_no_blocks(tmp_path: Path) -> None:
    err = error(write(tmp_path, "Agent: hello\nCustomer: hi\n"))
    assert err.problem == "no subtitle blocks found"


def test_two_speakers_in_one_block_are_read_as_the_first_with_a_warning(tmp_path: Path) -> None:
    text = PLAIN.replace("Customer: My parcel still hasn't arrived.", "- Customer: Hi.\n- Agent: Hello.")
    transcript = load_transcript(write(tmp_path, text))
    assert (transcript.segments[1].speaker, transcript.segments[1].text) == ("customer", "Hi. - Agent: Hello.")
    assert transcript.warnings == ["line 8: block has more than one speaker; all of it is read as 'Customer'"]
