"""Whole `callcoach analyze` on a recording vs bare faster-whisper on the same file, in the same run.

Baseline: faster-whisper with the same model and int8, default settings plus word timestamps, the
channels transcribed one after the other. CallCoach: decode, both channels in parallel with the
voice-activity filter, diarization for mono, role decision, analysis.

Usage: .venv/bin/python bench/transcription_speed.py [--model tiny.en] [--minutes 4] [DEVSET_DIR]
Prints figures; asserts nothing. The test call is built by concatenating the devset's stereo calls.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from callcoach.core.analysis import analyze  # noqa: E402
from callcoach.transcription.models import resolve_model  # noqa: E402
from callcoach.transcription.pipeline import transcribe_recording  # noqa: E402
from callcoach.transcription.whisper_engine import WhisperEngine  # noqa: E402


def build_call(devset: Path, minutes: float, out: Path, mono: bool) -> float:
    """Concatenate the devset stereo calls (with 1 s gaps) up to `minutes`; returns the length in s."""
    pieces, total, rate = [], 0, 16000
    files = sorted((devset / "audio").glob("[0-9][0-9][0-9].wav"))
    while total < minutes * 60 * rate:
        for path in files:
            with wave.open(str(path)) as w:
                rate = w.getframerate()
                data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).reshape(-1, 2)
            pieces += [data, np.zeros((rate, 2), dtype=np.int16)]
            total += len(data) + rate
    audio = np.concatenate(pieces)[: int(minutes * 60 * rate)]
    if mono:
        audio = audio.mean(axis=1, keepdims=True).astype(np.int16)
    with wave.open(str(out), "wb") as w:
        w.setnchannels(audio.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(audio.tobytes())
    return len(audio) / rate


def bare(model_path: str, path: Path, stereo: bool) -> float:
    from faster_whisper import WhisperModel, decode_audio

    t0 = time.perf_counter()
    model = WhisperModel(model_path, device="cpu", compute_type="int8")
    channels = decode_audio(str(path), split_stereo=True) if stereo else (decode_audio(str(path)),)
    for channel in channels:
        segments, _ = model.transcribe(channel, language="en", word_timestamps=True)
        list(segments)
    return time.perf_counter() - t0


def ours(model_name: str, path: Path) -> float:
    t0 = time.perf_counter()
    engine = WhisperEngine(resolve_model(model_name))
    analyze(transcribe_recording(path, engine=engine))
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("devset", nargs="?", default=str(ROOT.parent / "shared" / "devset"))
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--minutes", type=float, default=4.0)
    args = parser.parse_args()
    model = resolve_model(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        for label, mono in (("stereo", False), ("mono", True)):
            path = Path(tmp) / f"call_{label}.wav"
            seconds = build_call(Path(args.devset), args.minutes, path, mono)
            base_t = bare(str(model.path), path, stereo=not mono)
            ours_t = ours(args.model, path)
            print(
                f"{label:6s} {seconds / 60:.1f} min, model {args.model}: bare faster-whisper {base_t:6.1f} s "
                f"(RTF {base_t / seconds:.3f}) | callcoach analyze {ours_t:6.1f} s (RTF {ours_t / seconds:.3f}) "
                f"| speed-up x{base_t / ours_t:.2f}"
            )


if __name__ == "__main__":
    main()
