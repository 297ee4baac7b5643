"""`callcoach analyze`: exit codes, the one-line error, and the JSON document against its schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from callcoach.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo" / "demo_call.vtt"

VTT = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Agent>Thanks for calling Harbor Bank, this is Lee. How can I help?

00:00:03.500 --> 00:00:09.000
<v Customer>My debit card was declined at the pharmacy twice today and I'm really worried.

00:00:09.500 --> 00:00:13.000
<v Agent>That's our policy when a card looks suspicious.
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_on_demo_call(capsys) -> None:
    code, out, err = run(capsys, "analyze", str(DEMO))
    assert code == 0 and err == ""
    assert "Overall" in out and "Coaching moments" in out


def test_json_output_matches_schema(tmp_path: Path, capsys) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(VTT, encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(path), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "callcoach.analysis/1"
    assert doc["source"] == str(path)
    assert doc["duration"] == pytest.approx(13.0)
    assert [s["speaker"] for s in doc["segments"]] == ["agent", "customer", "agent"]
    assert [(s["start"], s["end"]) for s in doc["segments"]] == [(0.0, 3.0), (3.5, 9.0), (9.5, 13.0)]
    for s in doc["segments"]:
        assert isinstance(s["id"], int) and isinstance(s["text"], str) and isinstance(s["tags"], list)
        assert s["sentiment"] is None or -1 <= s["sentiment"] <= 1
    assert "negative_language" in doc["segments"][2]["tags"]
    assert {f["kind"] for f in doc["findings"]} >= {"negative_language", "missing_empathy"}
    for f in doc["findings"]:
        assert f["speaker"] in ("agent", "customer") and f["start"] <= f["end"] and f["segment_ids"]
    scores = doc["scores"]
    assert isinstance(scores["overall"], int | float)
    assert sum(c["weight"] for c in scores["criteria"]) == 100
    assert all("evidence" in c and "note" in c for c in scores["criteria"])


def test_custom_rubric(tmp_path: Path, capsys) -> None:
    rubric = tmp_path / "r.toml"
    rubric.write_text("name='Empathy only'\n[[criteria]]\nid='empathy'\nweight=100\n", encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(DEMO), "--json", "--rubric", str(rubric))
    assert code == 0
    assert json.loads(out)["scores"]["rubric"] == "Empathy only"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.vtt", "WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\n<v Agent>Hi\n", ":3:"),
        ("notes.vtt", "just some notes\n", "WEBVTT"),
        ("empty.srt", "", "empty"),
        ("bad.json", '{"segments": [', ":1:"),
        ("call.docx", "x", "unsupported file type"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and expected in err


def test_missing_file(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "analyze", str(tmp_path / "nope.vtt"))
    assert code == 2 and "not found" in err


def test_bad_rubric_exits_2(tmp_path: Path, capsys) -> None:
    rubric = tmp_path / "r.toml"
    rubric.write_text("[[criteria]]\nid='empathy'\nweight=50\n", encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(DEMO), "--rubric", str(rubric))
    assert code == 2 and "add up to 50" in err


def test_python_dash_m_app_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "callcoach", "analyze", str(DEMO), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["segments"]


def test_possible_below_marks_unsure_findings_possible(tmp_path: Path, capsys) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(VTT, encoding="utf-8")
    _, out, _ = run(capsys, "analyze", str(path), "--json", "--possible-below", "1.01")
    learned = [f for f in json.loads(out)["findings"] if "confidence" in f]
    assert learned and all(f["possible"] for f in learned)
    _, out, _ = run(capsys, "analyze", str(path), "--json", "--possible-below", "0")
    assert not any(f.get("possible") for f in json.loads(out)["findings"])


def test_ctrl_c_during_a_recording_stops_the_transcription_threads(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first Ctrl-C cancels the transcription itself: its threads stop at their next Whisper window instead
    of finishing their block while the command waits (up to 17 s before). Counted in progress reports, not timed."""
    import os
    import signal
    import wave

    import numpy as np

    from callcoach.audio.decode import load_audio
    from callcoach.cli import progress

    clip = load_audio(ROOT / "tests" / "transcription" / "data" / "call_mono.flac", 16000, keep_channels=False)
    audio = np.tile(clip[0], 4)  # a minute of mono call: two halves transcribed at once
    path = tmp_path / "minute.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())

    reports: list[tuple[bool, float]] = []  # (after the Ctrl-C, fraction)
    interrupted = False

    class Recorder:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def __call__(self, fraction: float) -> None:
            nonlocal interrupted
            reports.append((interrupted, fraction))
            if fraction > 0.05 and not interrupted:
                interrupted = True
                os.kill(os.getpid(), signal.SIGINT)

        def close(self) -> None:
            pass

    monkeypatch.setattr(progress, "ProgressBar", Recorder)
    code, out, err = run(capsys, "analyze", str(path), "--json")
    assert code == 130 and out == "" and "cancelled; nothing was written" in err
    after = [fraction for late, fraction in reports if late]
    assert interrupted and len(after) <= 4, after  # the old behaviour kept reporting until the block was done
