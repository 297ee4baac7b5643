"""load_transcript: dispatch by suffix, and clear errors for files that cannot be read at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.transcripts import TRANSCRIPT_SUFFIXES, load_transcript

DATA = Path(__file__).parent / "data"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent>Café ümlaut 日本</v>\n"


def error(path: str | Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_transcript(path)
    return caught.value


def test_suffixes() -> None:
    assert TRANSCRIPT_SUFFIXES == (".vtt", ".srt", ".json")


@pytest.mark.parametrize("name", ["call.vtt", "call.srt", "call.json", "amazon_call_analytics.json"])
def test_every_format_gives_the_same_call(name: str) -> None:
    transcript = load_transcript(DATA / name)
    assert [s.speaker for s in transcript.segments][:2] == ["agent", "customer"]
    assert [(s.start, s.end) for s in transcript.segments][:2] == [(0.25, 3.5), (4.0, 9.125)]
    assert transcript.segments[1].text == "My parcel was due on Monday and it still hasn't arrived."


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "call.vtt").write_text(VTT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_transcript("call.vtt").source == "call.vtt"
    assert load_transcript(tmp_path / "call.vtt").source == str(tmp_path / "call.vtt")


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "CALL.VTT"
    path.write_text(VTT, encoding="utf-8")
    assert load_transcript(path).segments[0].text == "Café ümlaut 日本"


def test_unsupported_suffix(tmp_path: Path) -> None:
    err = error(tmp_path / "call.txt")
    assert err.problem == "unsupported transcript format '.txt'"
    assert ".vtt" in (err.hint or "") and ".srt" in (err.hint or "") and ".json" in (err.hint or "")


def test_no_suffix(tmp_path: Path) -> None:
    assert "no extension" in error(tmp_path / "call").problem


def test_missing_file(tmp_path: Path) -> None:
    err = error(tmp_path / "nope.vtt")
    assert (err.problem, err.path) == ("file not found", str(tmp_path / "nope.vtt"))


def test_folder(tmp_path: Path) -> None:
    (tmp_path / "calls.vtt").mkdir()
    assert "folder" in error(tmp_path / "calls.vtt").problem


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "call.srt"
    path.write_bytes(content)
    assert error(path).problem == "the file is empty"


def test_not_utf8_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_bytes(VTT.encode("latin-1", errors="replace"))
    err = error(path)
    assert (err.problem, err.line) == ("not a UTF-8 text file", 4)


def test_binary_data(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_bytes(b"PK\x03\x04\x00\x00\x00binary")
    assert "binary" in error(path).problem


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_bytes(VTT.encode("utf-16"))
    assert load_transcript(path).segments[0].text == "Café ümlaut 日本"


def test_package_does_not_import_qt() -> None:
    code = "import sys, callcoach.transcripts; assert 'PySide6' not in sys.modules, 'PySide6 imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr
