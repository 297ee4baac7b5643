"""Exports: each format parses back with its own library, and every one is redacted by default."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import srt
import webvtt

from callcoach.core.analysis import analyze
from callcoach.core.model import Word
from callcoach.core.serialize import SCHEMA, from_dict
from callcoach.reporting.exports import FORMATS, export_text
from callcoach.transcripts.srt_import import parse_srt
from callcoach.transcripts.vtt import parse_vtt
from tests.reporting.conftest import CARD, PHONE, TURNS, make_call


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_redacted_by_default(analysis, fmt):
    text = export_text(analysis, fmt)
    assert CARD not in text and PHONE not in text
    assert "[card]" in text and "[phone]" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_redact_keeps_the_numbers(analysis, fmt):
    text = export_text(analysis, fmt, redact=False)
    assert CARD in text and PHONE in text


def test_unknown_format_is_a_value_error(analysis):
    with pytest.raises(ValueError, match="unknown export format 'docx'"):
        export_text(analysis, "docx")


def test_export_leaves_the_analysis_untouched(analysis):
    export_text(analysis, "json")
    assert CARD in analysis.transcript.segments[1].text


def test_vtt_parses_back_with_the_same_cues_and_voices(analysis):
    text = export_text(analysis, "vtt")
    captions = webvtt.from_string(text).captions
    segments = analysis.transcript.segments
    assert len(captions) == len(segments)
    assert [c.voice for c in captions] == [s.speaker.capitalize() for s in segments]
    assert captions[2].start == "00:00:14.200" and captions[2].end == "00:00:19.000"


def test_vtt_round_trips_through_the_importer(analysis):
    parsed = parse_vtt(export_text(analysis, "vtt", redact=False), "export.vtt")
    assert [(s.label.casefold(), s.start, s.end, s.text) for s in parsed.turns] == [
        (s.speaker, s.start, s.end, s.text) for s in analysis.transcript.segments
    ]


def test_vtt_escapes_markup_characters():
    analysis = analyze(make_call([("agent", 0.0, 2.0, "Terms & conditions <apply> --> see page 2")]))
    text = export_text(analysis, "vtt")
    assert "&amp;" in text and "&lt;apply&gt;" in text and "-->" not in text.splitlines()[-1]
    parsed = parse_vtt(text, "x.vtt")
    assert parsed.turns[0].text == "Terms & conditions <apply> --> see page 2"


def test_srt_parses_with_speaker_prefixes(analysis):
    text = export_text(analysis, "srt")
    subtitles = list(srt.parse(text))
    assert len(subtitles) == len(analysis.transcript.segments)
    assert subtitles[0].content.startswith("Agent: Thank you for calling")
    assert subtitles[1].content.startswith("Customer: ")
    assert subtitles[2].start.total_seconds() == pytest.approx(14.2)
    parsed = parse_srt(text, "export.srt")
    assert [s.label.casefold() for s in parsed.turns] == [s.speaker for s in analysis.transcript.segments]


def test_csv_has_a_header_and_one_row_per_segment(analysis):
    rows = list(csv.reader(io.StringIO(export_text(analysis, "csv"))))
    assert rows[0] == ["id", "speaker", "start", "end", "sentiment", "tags", "text"]
    assert len(rows) == len(analysis.transcript.segments) + 1
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["speaker"] == "customer" and second["start"] == "4.500"
    assert "distress" in second["tags"].split(";")
    assert "[card]" in second["text"]
    assert rows[6][-1] == "The refund, please. You can reach me on [phone] if anything goes wrong."  # commas quoted


def test_json_round_trips_through_from_dict(analysis):
    doc = json.loads(export_text(analysis, "json"))
    assert doc["schema"] == SCHEMA
    back = from_dict(doc)
    assert len(back.transcript.segments) == len(analysis.transcript.segments)
    assert back.scores.overall == analysis.scores.overall
    assert [f.kind for f in back.findings] == [f.kind for f in analysis.findings]
    assert "[card]" in back.transcript.segments[1].text
    assert all(CARD not in f.detail for f in back.findings)


def test_txt_lists_each_segment_with_time_and_speaker(analysis):
    lines = export_text(analysis, "txt").splitlines()
    assert (
        lines[2] == "[0:00] Agent: Thank you for calling Harbourline Energy, my name is Zoë. How can I help you today?"
    )
    assert len(lines) == 2 + len(analysis.transcript.segments)


def test_word_timings_do_not_leak_a_redacted_number():
    analysis = analyze(make_call(TURNS[:2]))
    said = ["My", "card", "is", "four"] + ["one"] * 15 + ["thanks"]
    analysis.transcript.segments[1].text = " ".join(said)
    analysis.transcript.segments[1].words = [Word(5 + i * 0.4, 5.3 + i * 0.4, " " + w) for i, w in enumerate(said)]
    doc = json.loads(export_text(analysis, "json"))
    words = [w["word"] for w in doc["segments"][1]["words"]]
    assert words == [" My", " card", " is", " [card]", " thanks"]
    card = doc["segments"][1]["words"][3]
    assert card["start"] == pytest.approx(6.2) and card["end"] == pytest.approx(12.5)
    assert doc["segments"][1]["text"] == "My card is [card] thanks"


def test_exports_do_not_load_reportlab():
    code = (
        "import sys, callcoach.reporting.exports, callcoach.reporting.redact;"
        " sys.exit(1 if 'reportlab' in sys.modules else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_a_vtt_export_keeps_the_calls_length(analysis) -> None:
    """A call often goes on after its last cue; re-reading the export must give the same call length."""
    import dataclasses
    import tempfile
    from pathlib import Path

    from callcoach.transcripts import load_transcript

    longer = dataclasses.replace(analysis, transcript=dataclasses.replace(analysis.transcript, duration=321.5))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "call.vtt"
        path.write_text(export_text(longer, "vtt", redact=False), encoding="utf-8")
        assert load_transcript(path).length == 321.5
