"""Decode any common recording into float32 sample arrays at the rate the recogniser wants.

PyAV (with the ffmpeg bundled in its wheel) demuxes and decodes, so no system ffmpeg is needed. Anything wrong with
a user's file becomes an ``InputError`` naming the file, the problem and what to do; damage that still leaves some
audio becomes a warning instead, so a half-copied recording can still be reviewed. Long recordings stream through
``iter_audio_chunks`` with bounded memory. Channels are kept apart because contact-centre recordings usually put
agent and customer on separate channels (DESIGN.md "Pipeline").
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import av
import av.error
import numpy as np

from callcoach.core.errors import InputError
from callcoach.core.jobs import Cancelled

if TYPE_CHECKING:
    from av.audio.frame import AudioFrame
    from av.audio.stream import AudioStream
    from av.container import InputContainer

# Suffix -> the ffmpeg demuxer that reads it; the tests check every one exists in the bundled ffmpeg.
SUFFIX_DEMUXERS: dict[str, str] = {
    ".wav": "wav",
    ".mp3": "mp3",
    ".m4a": "mov,mp4,m4a,3gp,3g2,mj2",
    ".mp4": "mov,mp4,m4a,3gp,3g2,mj2",
    ".3gp": "mov,mp4,m4a,3gp,3g2,mj2",
    ".aac": "aac",
    ".flac": "flac",
    ".ogg": "ogg",
    ".oga": "ogg",
    ".opus": "ogg",
    ".webm": "matroska,webm",
    ".mka": "matroska,webm",
    ".wma": "asf",
    ".aif": "aiff",
    ".aiff": "aiff",
    ".au": "au",
    ".amr": "amr",
    ".caf": "caf",
}
AUDIO_SUFFIXES: tuple[str, ...] = tuple(SUFFIX_DEMUXERS)

CancelFn = Callable[[], bool]
ProgressFn = Callable[[float], None]

_REEXPORT_HINT = "export the recording again (WAV, MP3 or FLAC)"
# The WAV demuxer cuts PCM into 4 KB packets by default: larger ones make a 3-hour file decode ~10x faster.
TRUNCATED = "the file seems truncated"  # a warning's start: the rest of the call is missing (it cannot be scored)

# Demuxers without the option ignore it.
_OPEN_OPTIONS = {"max_size": "65536"}
_PREALLOCATE_SECONDS = 3600.0


@dataclass(frozen=True)
class AudioInfo:
    """What ``probe`` learnt about a recording without decoding it."""

    path: str
    duration: float  # seconds, from the stream or container header, or counted from the packets when missing
    sample_rate: int  # of the source, before resampling
    channels: int  # of the source
    codec: str
    container: str


def probe(path: str | Path) -> AudioInfo:
    """Check that ``path`` has a decodable, non-empty audio stream and describe it; raises ``InputError``."""
    container, _stream, info = _open(path)
    container.close()
    return info


def load_audio(
    path: str | Path,
    sample_rate: int = 16000,
    *,
    keep_channels: bool = True,
    max_seconds: float | None = None,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    warnings: list[str] | None = None,
) -> np.ndarray:
    """The whole recording as float32 ``(channels, samples)`` at ``sample_rate``.

    Stereo stays two channels (agent and customer are usually one each); more than two keeps the first two, with
    a warning; ``keep_channels=False`` averages all channels into one. ``progress`` gets the fraction decoded,
    0 to 1; ``cancel()`` returning True raises ``Cancelled``. Problems that still leave audio (a truncated file,
    damaged packets, dropped channels) are appended to ``warnings``.
    """
    _check_rate(sample_rate)
    if max_seconds is not None and max_seconds <= 0:
        raise ValueError(f"max_seconds must be positive, got {max_seconds}")
    source = _open(path)
    buffer: np.ndarray | None = None
    used = 0
    for block in _blocks(source, sample_rate, keep_channels, max_seconds, cancel, progress, warnings):
        n = block.shape[1]
        if buffer is None:
            # Preallocate from the declared duration so a long call is not held twice (list of blocks + concat);
            # capped, since a damaged header can declare anything, and grown if the audio turns out longer.
            expected = min(source[2].duration, max_seconds or math.inf, _PREALLOCATE_SECONDS)
            buffer = np.empty((block.shape[0], int(expected * sample_rate) + sample_rate), dtype=np.float32)
        if used + n > buffer.shape[1]:
            grown = np.empty((buffer.shape[0], max(used + n, int(buffer.shape[1] * 1.5))), dtype=np.float32)
            grown[:, :used] = buffer[:, :used]
            buffer = grown
        buffer[:, used : used + n] = block
        used += n
    assert buffer is not None  # _blocks raises InputError when it decodes nothing
    return _compact(buffer, used)


def iter_audio_chunks(
    path: str | Path,
    chunk_seconds: float = 30.0,
    sample_rate: int = 16000,
    keep_channels: bool = True,
    cancel: CancelFn | None = None,
    warnings: list[str] | None = None,
    progress: ProgressFn | None = None,
) -> Iterator[tuple[float, np.ndarray]]:
    """Yield ``(start_seconds, (channels, n) float32)`` chunks of ``chunk_seconds`` (the last may be shorter).

    Memory stays bounded by one chunk whatever the recording's length, so a 3-hour file can be transcribed.
    The file is opened and checked here, so a missing or unreadable file raises ``InputError`` at the call;
    undecodable data raises it during iteration. Warnings are appended before the last chunk is yielded;
    ``progress`` and ``cancel`` behave as in ``load_audio``.
    """
    _check_rate(sample_rate)
    if not chunk_seconds > 0:
        raise ValueError(f"chunk_seconds must be positive, got {chunk_seconds}")
    source = _open(path)
    chunk_n = max(1, round(chunk_seconds * sample_rate))
    return _chunks(source, chunk_n, sample_rate, keep_channels, cancel, progress, warnings)


# --- internals -------------------------------------------------------------------------------------------------

_Source = tuple["InputContainer", "AudioStream", AudioInfo]


def _compact(buffer: np.ndarray, used: int) -> np.ndarray:
    """The first ``used`` columns as a C-contiguous array, moved in place rather than copied when nearly full."""
    channels, capacity = buffer.shape
    if used == capacity:
        return buffer
    if used < capacity // 2:  # far shorter than declared (truncated): release the rest
        return buffer[:, :used].copy()
    flat = buffer.reshape(-1)
    for channel in range(1, channels):  # numpy buffers the overlapping move
        flat[channel * used : (channel + 1) * used] = buffer[channel, :used]
    return flat[: channels * used].reshape(channels, used)


def _check_rate(sample_rate: int) -> None:
    if not isinstance(sample_rate, int) or sample_rate <= 0:
        raise ValueError(f"sample_rate must be a positive int, got {sample_rate!r}")


def _chunks(
    source: _Source,
    chunk_n: int,
    sample_rate: int,
    keep_channels: bool,
    cancel: CancelFn | None,
    progress: ProgressFn | None,
    warnings: list[str] | None,
) -> Iterator[tuple[float, np.ndarray]]:
    pending: list[np.ndarray] = []
    pending_n = 0
    start = 0
    for block in _blocks(source, sample_rate, keep_channels, None, cancel, progress, warnings):
        pending.append(block)
        pending_n += block.shape[1]
        while pending_n >= chunk_n:
            joined = pending[0] if len(pending) == 1 else np.concatenate(pending, axis=1)
            yield start / sample_rate, np.ascontiguousarray(joined[:, :chunk_n])
            start += chunk_n
            rest = joined[:, chunk_n:]  # a view: at most one chunk plus one block stays pinned
            pending = [rest] if rest.shape[1] else []
            pending_n = rest.shape[1]
    if pending_n:
        yield start / sample_rate, np.ascontiguousarray(np.concatenate(pending, axis=1))


@dataclass
class _DecodeState:
    damaged: int = 0  # packets the decoder rejected and that were skipped
    failure: str | None = None  # why demuxing stopped before the end, if it did


def _blocks(
    source: _Source,
    sample_rate: int,
    keep_channels: bool,
    max_seconds: float | None,
    cancel: CancelFn | None,
    progress: ProgressFn | None,
    warnings: list[str] | None,
) -> Iterator[np.ndarray]:
    """Resampled blocks in order; reports progress, applies ``max_seconds`` and judges the result at the end."""
    container, stream, info = source
    limit = math.inf if max_seconds is None else round(max_seconds * sample_rate)
    target = min(info.duration * sample_rate, limit)  # samples expected, for progress
    state = _DecodeState()
    converter = _Converter(sample_rate, keep_channels)
    produced = 0
    reported = 0.0
    warned_channels = False
    with closing(container), closing(_raw_blocks(container, stream, converter, cancel, state, info.path)) as raw:
        if progress is not None:
            progress(0.0)
        for block in raw:
            if produced + block.shape[1] > limit:
                block = block[:, : int(limit - produced)]
            produced += block.shape[1]
            if converter.dropped and not warned_channels:
                _warn(warnings, f"the recording has {converter.dropped} channels: only the first two were kept")
                warned_channels = True
            if progress is not None and target > 0:
                fraction = min(produced / target, 0.999)
                if fraction - reported >= 0.005:  # at most ~200 calls, whatever the file's length
                    reported = fraction
                    progress(fraction)
            if block.shape[1]:
                yield block
            if produced >= limit:
                break
    if produced == 0:  # probe found a non-zero duration, so the data is there but undecodable
        raise InputError(
            info.path,
            "no audio could be decoded",
            hint=f"the {info.codec} data is damaged or not what the file claims to be; {_REEXPORT_HINT}",
        )
    if produced < limit:  # decoded to the end: did the end come too soon?
        seconds = produced / sample_rate
        expected = max(info.duration, _wav_header(info.path)[1] or 0.0)
        if state.damaged:
            _warn(
                warnings,
                f"the file seems damaged: {state.damaged} audio packet(s) could not be decoded and were skipped "
                f"({seconds:.1f} s of {expected:.1f} s decoded)",
            )
        elif state.failure or seconds < expected - max(0.5, 0.03 * expected):
            _warn(warnings, f"{TRUNCATED}: decoding stopped at {seconds:.1f} s of {expected:.1f} s")
    if progress is not None:
        progress(1.0)


def _raw_blocks(
    container: InputContainer,
    stream: AudioStream,
    converter: _Converter,
    cancel: CancelFn | None,
    state: _DecodeState,
    name: str,
) -> Iterator[np.ndarray]:
    """Decode packet by packet, skipping packets the decoder rejects and stopping where demuxing fails."""
    try:
        for packet in container.demux(stream):
            if cancel is not None and cancel():
                raise Cancelled(f"{name}: decoding was cancelled")
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                state.damaged += 1
                continue
            for frame in frames:
                yield from converter.push(frame)
    except av.error.FFmpegError as exc:
        state.failure = _reason(exc)
    yield from converter.flush()


class _Converter:
    """Frames of any sample format, layout and rate -> float32 ``(channels, n)`` arrays at one rate.

    The resampler keeps the source layout (no ffmpeg rematrixing, which would mix agent and customer or scale a
    downmix by 0.707); channels are then picked or averaged in numpy. It is rebuilt, after a flush, whenever the
    frames' format changes mid-stream, which PyAV's resampler refuses.
    """

    def __init__(self, rate: int, keep_channels: bool):
        self.rate = rate
        self.keep_channels = keep_channels
        self.channels: int | None = None  # output channels, fixed by the first frame
        self.dropped = 0  # source channel count when more than two were cut to two
        self._resampler: av.AudioResampler | None = None
        self._key: tuple[str, str, int] | None = None

    def push(self, frame: AudioFrame) -> list[np.ndarray]:
        key = (frame.format.name, frame.layout.name, frame.rate)
        out: list[np.ndarray] = []
        if key != self._key:
            out.extend(self.flush())
            self._resampler = av.AudioResampler(format="fltp", layout=frame.layout, rate=self.rate)
            self._key = key
        assert self._resampler is not None
        out.extend(self._fit(f.to_ndarray()) for f in self._resampler.resample(frame))
        return out

    def flush(self) -> list[np.ndarray]:
        if self._resampler is None:
            return []
        frames = self._resampler.resample(None)
        self._resampler = None
        self._key = None
        return [self._fit(f.to_ndarray()) for f in frames]

    def _fit(self, samples: np.ndarray) -> np.ndarray:
        samples = samples.astype(np.float32, copy=False)
        if not self.keep_channels:
            return samples.mean(axis=0, keepdims=True, dtype=np.float32) if samples.shape[0] > 1 else samples
        if self.channels is None:
            self.channels = min(samples.shape[0], 2)
            if samples.shape[0] > 2:
                self.dropped = samples.shape[0]
        if samples.shape[0] > self.channels:
            return np.ascontiguousarray(samples[: self.channels])
        if samples.shape[0] < self.channels:  # the layout shrank mid-stream: keep the output shape stable
            return np.repeat(samples[:1], self.channels, axis=0)
        return samples


def _open(path: str | Path) -> _Source:
    """Open ``path`` and pick its audio stream, turning every failure into an ``InputError``."""
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "file not found", hint="check the path, and that the file was not moved") from None
    except OSError as exc:
        raise InputError(name, f"cannot read the file: {exc.strerror or exc}", hint="check its permissions") from None
    if file.is_dir():
        raise InputError(name, "this is a folder, not an audio file", hint="choose a recording inside it")
    if size == 0:
        raise InputError(name, "the file is empty", hint="the recording was not saved or copied completely")
    try:
        container = av.open(name, container_options=_OPEN_OPTIONS, metadata_errors="ignore")
    except av.error.InvalidDataError:
        raise InputError(
            name, "not an audio file: PyAV/ffmpeg cannot read it", hint="check the file was exported as audio"
        ) from None
    except PermissionError:
        raise InputError(name, "cannot read the file: permission denied", hint="check its permissions") from None
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(
            name, f"PyAV/ffmpeg cannot open it: {_reason(exc)}", hint="check the file was exported as audio"
        ) from None
    try:
        stream, info = _pick_stream(container, name)
    except BaseException:
        container.close()
        raise
    return container, stream, info


def _pick_stream(container: InputContainer, name: str) -> tuple[AudioStream, AudioInfo]:
    streams = list(container.streams.audio)
    if not streams:
        raise InputError(
            name, "no audio stream (video-only or data file)", hint="export the call's audio track, e.g. as WAV"
        )
    decodable = [s for s in streams if s.codec_context is not None]
    if not decodable:
        raise InputError(
            name,
            f"unsupported audio codec ({_unknown_codec(name)}): this PyAV/ffmpeg build cannot decode it",
            hint="convert it to WAV, MP3 or FLAC",
        )
    stream = decodable[0]
    context = stream.codec_context
    duration = _declared_duration(container, stream)
    if duration is None:
        duration = _counted_duration(name, stream.index)
    if duration <= 0:
        declared = _wav_header(name)[1]
        if declared:
            raise InputError(
                name,
                f"no audio could be decoded: the header declares {declared:.1f} s of audio but the file holds none",
                hint="the file seems truncated; copy or export it again",
            )
        raise InputError(name, "the recording contains no audio samples", hint="check the call was recorded")
    info = AudioInfo(
        path=name,
        duration=duration,
        sample_rate=int(context.sample_rate or 0),
        channels=int(context.channels or 0),
        codec=context.codec.canonical_name or context.name,
        container=container.format.name,
    )
    return stream, info


def _declared_duration(container: InputContainer, stream: AudioStream) -> float | None:
    """Duration from the stream header, else the container's; None when neither says (e.g. browser webm)."""
    if stream.duration and stream.duration > 0 and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    return None


def _counted_duration(name: str, index: int) -> float:
    """Duration from the packets' timestamps: demuxing without decoding is fast even for long files."""
    first: int | None = None
    time_base = None
    end = 0
    total = 0
    try:
        with av.open(name, container_options=_OPEN_OPTIONS, metadata_errors="ignore") as container:
            stream = container.streams[index]
            time_base = stream.time_base
            for packet in container.demux(stream):
                if packet.size == 0 or not packet.duration:
                    continue
                total += packet.duration
                if packet.pts is not None:
                    first = packet.pts if first is None else min(first, packet.pts)
                    end = max(end, packet.pts + packet.duration)
    except av.error.FFmpegError:
        pass  # damaged or truncated: the packets read so far are the duration
    if not time_base:
        return 0.0
    return float(max(end - (first or 0), total) * time_base)


def _unknown_codec(name: str) -> str:
    """Name what we can of a codec ffmpeg has no decoder for (PyAV exposes nothing for such streams)."""
    tag = _wav_header(name)[0]
    return f"WAV format tag 0x{tag:04X}" if tag is not None else "unknown codec"


def _wav_header(name: str) -> tuple[int | None, float | None]:
    """(format tag, declared data seconds) of a RIFF/WAVE file, else (None, None).

    ffmpeg silently shortens a WAV's duration to what the file holds, so the header is read here to notice a
    truncated recording. Streaming writers leave the data size 0 or 0xFFFFFFFF: then no duration is declared.
    """
    tag: int | None = None
    byte_rate = 0
    try:
        with open(name, "rb") as file:
            head = file.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None, None
            for _ in range(64):  # a bounded walk over the chunks before "data"
                chunk = file.read(8)
                if len(chunk) < 8:
                    break
                kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if kind == b"fmt ":
                    body = file.read(min(size, 40))
                    if len(body) >= 12:
                        tag, _channels, _rate, byte_rate = struct.unpack("<HHII", body[:12])
                        if tag == 0xFFFE and len(body) >= 26:  # WAVE_FORMAT_EXTENSIBLE: the real tag is in the GUID
                            tag = struct.unpack("<H", body[24:26])[0]
                    file.seek(size + (size & 1) - len(body), 1)
                elif kind == b"data":
                    declared = size / byte_rate if byte_rate and 0 < size < 0xFFFFFFFF else None
                    return tag, declared
                else:
                    file.seek(size + (size & 1), 1)
    except (OSError, struct.error):
        pass
    return tag, None


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def _warn(warnings: list[str] | None, text: str) -> None:
    if warnings is not None and text not in warnings:
        warnings.append(text)
