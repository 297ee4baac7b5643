"""Signals and files made at test time with PyAV's own encoders, so audio tests need no committed media."""

from __future__ import annotations

import struct
import wave
from collections.abc import Sequence
from pathlib import Path

import av
import numpy as np
import pytest


def tones(freqs: Sequence[float], seconds: float, rate: int, amplitude: float = 0.5) -> np.ndarray:
    """One sine per channel, float32 (channels, samples): distinct tones make swapped or mixed channels visible."""
    t = np.arange(round(seconds * rate)) / rate
    return np.stack([amplitude * np.sin(2 * np.pi * f * t) for f in freqs]).astype(np.float32)


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))


def write_wav(path: Path, signal: np.ndarray, rate: int) -> Path:
    """16-bit PCM through the stdlib, independent of the decoder under test."""
    pcm = (np.clip(signal, -1, 1) * 32767).astype("<i2").T.copy()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(signal.shape[0])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def wav_with_tag(path: Path, tag: int, data: bytes, rate: int = 8000, byte_rate: int = 2000) -> Path:
    """A hand-made WAV header with any format tag, for codecs no encoder produces."""
    fmt = struct.pack("<HHIIHH", tag, 1, rate, byte_rate, 1, 0)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def require_encoder(name: str) -> None:
    try:
        av.codec.Codec(name, "w")
    except av.codec.codec.UnknownCodecError:
        pytest.skip(f"the ffmpeg bundled with this PyAV has no {name} encoder")


def encode(
    path: Path, signal: np.ndarray, rate: int, codec: str, options: dict[str, str] | None = None, bit_rate: int = 0
) -> Path:
    """Encode float32 (channels, samples) with PyAV into the container ``path``'s suffix implies."""
    require_encoder(codec)
    layout = "mono" if signal.shape[0] == 1 else "stereo"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout, options=options or {})
        if bit_rate:
            stream.codec_context.bit_rate = bit_rate
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(signal), format="fltp", layout=layout)
        frame.rate = rate
        frame.pts = 0
        target = stream.codec_context.codec.audio_formats[0].name
        resampler = av.AudioResampler(format=target, layout=layout, rate=rate)
        for converted in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(converted):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
