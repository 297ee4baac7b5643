"""Regenerate the diarization fixtures (two_voices_mono.wav, one_voice_mono.wav and their .json sidecars).

Needs espeak-ng and sox (``apt-get install -y espeak-ng sox``) only to regenerate; the tests use the committed files.
Each utterance is synthesised on its own, its leading and trailing silence is trimmed, and it is placed at an exact
offset, so the sidecar holds the true speech times. Run: ``python tests/audio/data/make_diarize_fixtures.py``.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

RATE = 16000
HERE = Path(__file__).parent
AGENT = ("en-us+f2", 170)  # female voice
CUSTOMER = ("en-gb", 165)  # male voice

TWO_VOICES = [
    ("agent", "Maple Bank, this is Priya."),
    ("customer", "Hi, my card was declined at the shop today."),
    ("agent", "Sorry about that. Let me check your account."),
    ("customer", "Thanks, I only used it twice this week."),
    ("agent", "There was a fraud block. It is removed now."),
]
ONE_VOICE = [("customer", "Hello, I am calling about my order."), ("customer", "It still has not arrived.")]


def synth(text: str, voice: str, speed: int, tmp: Path) -> np.ndarray:
    raw, res = tmp / "raw.wav", tmp / "res.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    subprocess.run(["sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(res), "vol", "0.85"], check=True)
    with wave.open(str(res)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    loud = np.nonzero(np.abs(pcm) > 300)[0]
    return pcm[loud[0] : loud[-1] + 1]


def build(name: str, script: list[tuple[str, str]], gaps: list[float]) -> None:
    voices = {"agent": AGENT, "customer": CUSTOMER}
    turns, pieces, t = [], [], 0.5
    with tempfile.TemporaryDirectory() as tmp:
        for k, (speaker, text) in enumerate(script):
            pcm = synth(text, *voices[speaker], Path(tmp))
            start = round(t, 3)
            turns.append({"speaker": speaker, "start": start, "end": round(start + len(pcm) / RATE, 3), "text": text})
            pieces.append((round(start * RATE), pcm))
            t = turns[-1]["end"] + (gaps[k] if k < len(gaps) else 0.0)
    mix = np.zeros(round((turns[-1]["end"] + 0.5) * RATE))
    for offset, pcm in pieces:
        mix[offset : offset + len(pcm)] += pcm
    mix += np.random.default_rng(0).normal(0.0, 25.0, len(mix))  # about -62 dBFS of noise, like the devset
    with wave.open(str(HERE / f"{name}.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.clip(np.round(mix), -32768, 32767).astype("<i2").tobytes())
    used = {speaker for speaker, _ in script}
    sidecar = {
        "sample_rate": RATE,
        "voices": {k: f"{v} -s {s}" for k, (v, s) in voices.items() if k in used},
        "turns": turns,
    }
    (HERE / f"{name}.json").write_text(json.dumps(sidecar, indent=1) + "\n")


if __name__ == "__main__":
    build("two_voices_mono", TWO_VOICES, [0.45, 0.6, 0.4, 0.55])
    build("one_voice_mono", ONE_VOICE, [0.5])
