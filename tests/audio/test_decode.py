"""Decoding: formats, channels, resampling, streaming, cancel/progress, and a clear InputError for every bad file."""

from __future__ import annotations

import tracemalloc
import wave
from pathlib import Path

import av
import numpy as np
import pytest

from callcoach.audio.decode import (
    AUDIO_SUFFIXES,
    SUFFIX_DEMUXERS,
    AudioInfo,
    Cancelled,
    iter_audio_chunks,
    load_audio,
    probe,
)
from callcoach.core.errors import InputError
from tests.audio.signals import dominant_frequency, encode, tones, wav_with_tag, write_wav

RATE = 16000


def assert_separated(audio: np.ndarray, left: float = 440, right: float = 1000, tolerance: float = 2) -> None:
    """Left and right each carry their own tone (within ``tolerance`` Hz), and the other tone is absent."""
    assert audio.shape[0] == 2
    assert dominant_frequency(audio[0], RATE) == pytest.approx(left, abs=tolerance)
    assert dominant_frequency(audio[1], RATE) == pytest.approx(right, abs=tolerance)
    assert np.corrcoef(audio[0], audio[1])[0, 1] == pytest.approx(0, abs=0.05)


def test_every_suffix_has_a_demuxer_in_the_bundled_ffmpeg() -> None:
    assert AUDIO_SUFFIXES[:2] == (".wav", ".mp3")
    for suffix in AUDIO_SUFFIXES:
        assert av.ContainerFormat(SUFFIX_DEMUXERS[suffix], "r").is_input, suffix


@pytest.mark.parametrize("source_rate", [8000, 44100])
def test_stereo_wav_keeps_channels_apart_and_resamples_to_16k(tmp_path: Path, source_rate: int) -> None:
    path = write_wav(tmp_path / "call.wav", tones([440, 1000], 2.0, source_rate), source_rate)

    audio = load_audio(path)

    assert audio.dtype == np.float32 and audio.flags.c_contiguous
    assert audio.shape == (2, 2 * RATE)
    assert_separated(audio)
    assert np.sqrt(np.mean(audio[:, 1000:-1000] ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.02)


def test_probe_describes_the_source(stereo_wav: Path) -> None:
    info = probe(stereo_wav)

    assert info == AudioInfo(str(stereo_wav), 2.0, 8000, 2, "pcm_s16le", "wav")


def test_other_rates_on_request(stereo_wav: Path) -> None:
    assert load_audio(stereo_wav, sample_rate=8000).shape == (2, 16000)
    assert load_audio(stereo_wav, sample_rate=22050).shape == (2, 44100)


# suffix, encoder, source rate, encoder options, bit rate
FORMATS = [
    (".wav", "pcm_u8", 8000, None, 0),
    (".wav", "pcm_mulaw", 8000, None, 0),
    (".wav", "pcm_alaw", 8000, None, 0),
    (".mp3", "libmp3lame", 44100, None, 0),
    (".mp3", "libmp3lame", 8000, None, 0),
    (".m4a", "aac", 44100, None, 0),
    (".aac", "aac", 44100, None, 0),
    (".flac", "flac", 44100, None, 0),
    (".opus", "libopus", 48000, None, 0),
    (".webm", "libopus", 48000, None, 0),
    (".ogg", "vorbis", 44100, {"strict": "experimental"}, 0),
    (".wma", "wmav2", 44100, None, 64000),
]


@pytest.mark.parametrize(("suffix", "codec", "rate", "options", "bit_rate"), FORMATS, ids=lambda v: str(v))
def test_formats_round_trip(
    tmp_path: Path, suffix: str, codec: str, rate: int, options: dict[str, str] | None, bit_rate: int
) -> None:
    path = encode(tmp_path / f"call{suffix}", tones([440, 1000], 2.0, rate), rate, codec, options, bit_rate)
    warnings: list[str] = []

    info = probe(path)
    audio = load_audio(path, warnings=warnings)

    assert info.channels == 2 and info.sample_rate == rate
    assert info.duration == pytest.approx(2.0, abs=0.1)
    # Lossy encoders add priming and padding (AAC in ADTS and WMA are not trimmed): 0.1 s allows for it.
    assert audio.shape[1] / RATE == pytest.approx(2.0, abs=0.1)
    assert_separated(audio, tolerance=15)  # ffmpeg's own (experimental) Vorbis encoder smears 1000 Hz by ~10 Hz
    assert warnings == []


def test_mono_downmix_averages_the_channels(stereo_wav: Path) -> None:
    stereo = load_audio(stereo_wav)
    mono = load_audio(stereo_wav, keep_channels=False)

    assert mono.shape == (1, stereo.shape[1])
    np.testing.assert_allclose(mono[0], stereo.mean(axis=0), atol=1e-6)


def test_a_mono_file_stays_mono(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "mono.wav", tones([300], 1.0, 8000), 8000)

    assert load_audio(path).shape == (1, RATE)
    assert probe(path).channels == 1


def test_more_than_two_channels_keeps_the_first_two_with_a_warning(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "quad.wav", tones([440, 1000, 1500, 2500], 1.0, 8000, amplitude=0.2), 8000)
    warnings: list[str] = []

    audio = load_audio(path, warnings=warnings)

    assert_separated(audio)
    assert warnings == ["the recording has 4 channels: only the first two were kept"]


def test_max_seconds_stops_early_without_a_truncation_warning(stereo_wav: Path) -> None:
    warnings: list[str] = []

    audio = load_audio(stereo_wav, max_seconds=0.5, warnings=warnings)

    assert audio.shape == (2, RATE // 2)
    np.testing.assert_array_equal(audio, load_audio(stereo_wav)[:, : RATE // 2])
    assert warnings == []


def test_chunks_join_up_to_exactly_what_load_audio_returns(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "call.wav", tones([440, 1000], 5.0, 8000), 8000)

    chunks = list(iter_audio_chunks(path, chunk_seconds=1.3))

    assert all(c.flags.c_contiguous and c.dtype == np.float32 for _, c in chunks)
    starts = [start for start, _ in chunks]
    assert starts == pytest.approx([0.0, 1.3, 2.6, 3.9])
    assert [c.shape for _, c in chunks[:-1]] == [(2, 20800)] * 3
    np.testing.assert_array_equal(np.concatenate([c for _, c in chunks], axis=1), load_audio(path))


def test_chunks_can_be_mono(stereo_wav: Path) -> None:
    shapes = [c.shape for _, c in iter_audio_chunks(stereo_wav, chunk_seconds=1.0, keep_channels=False)]

    assert shapes == [(1, RATE), (1, RATE)]


def test_cancel_raises_cancelled(stereo_wav: Path) -> None:
    with pytest.raises(Cancelled):
        load_audio(stereo_wav, cancel=lambda: True)


def test_cancel_midway_through_chunks(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", tones([440], 30.0, 8000), 8000)
    asked = 0

    def cancel() -> bool:
        nonlocal asked
        asked += 1
        return asked > 3

    got = []
    with pytest.raises(Cancelled):
        for start, _chunk in iter_audio_chunks(path, chunk_seconds=2.0, cancel=cancel):
            got.append(start)
    assert 0 < len(got) < 15  # some chunks came out, then it stopped well before the end


def test_progress_goes_from_0_to_1_monotonically(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", tones([440], 30.0, 8000), 8000)
    seen: list[float] = []

    load_audio(path, progress=seen.append)

    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert len(seen) >= 4
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    streamed: list[float] = []
    for _ in iter_audio_chunks(path, chunk_seconds=5.0, progress=streamed.append):
        pass
    assert streamed[0] == 0.0 and streamed[-1] == 1.0 and streamed == sorted(streamed)


# --- bad input ---------------------------------------------------------------------------------------------------


def assert_input_error(path: Path, *words: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_audio(path)
    error = caught.value
    assert error.path == str(path) and str(path) in str(error)
    for word in words:
        assert word in error.message
    with pytest.raises(InputError) as again:
        list(iter_audio_chunks(path))
    assert again.value.message == error.message
    return error


def test_missing_file(tmp_path: Path) -> None:
    assert_input_error(tmp_path / "nowhere.wav", "file not found")
    with pytest.raises(InputError, match="file not found"):
        iter_audio_chunks(tmp_path / "nowhere.wav")  # raises at the call, before the first chunk is asked for


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp3"
    path.touch()
    assert_input_error(path, "the file is empty")


def test_a_folder(tmp_path: Path) -> None:
    assert_input_error(tmp_path, "folder")


def test_text_file_named_wav(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("Customer called about a refund.\n" * 20)
    error = assert_input_error(path, "not an audio file: PyAV/ffmpeg cannot read it")
    assert error.hint == "check the file was exported as audio"


def test_video_without_audio(tmp_path: Path) -> None:
    try:
        av.codec.Codec("mpeg4", "w")
    except av.codec.codec.UnknownCodecError:
        pytest.skip("no mpeg4 video encoder in this PyAV build")
    path = tmp_path / "screen.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width = stream.height = 64
        stream.pix_fmt = "yuv420p"
        for i in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    assert_input_error(path, "no audio stream (video-only or data file)")


def test_unsupported_codec_is_named(tmp_path: Path) -> None:
    path = wav_with_tag(tmp_path / "odd.wav", 0x9999, bytes(400))
    assert_input_error(path, "unsupported audio codec", "0x9999")


def test_undecodable_data(tmp_path: Path) -> None:
    path = wav_with_tag(tmp_path / "fake.wav", 0x0055, bytes(20000))  # says MP3 inside, holds only zeros
    assert_input_error(path, "no audio could be decoded", "mp3")


def test_zero_length_audio_stream(tmp_path: Path) -> None:
    path = tmp_path / "silent.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
    assert_input_error(path, "the recording contains no audio samples")
    with pytest.raises(InputError, match="no audio samples"):
        probe(path)


def test_wav_header_with_all_data_missing(tmp_path: Path) -> None:
    full = write_wav(tmp_path / "full.wav", tones([440], 3.0, 8000), 8000).read_bytes()
    path = tmp_path / "cut.wav"
    path.write_bytes(full[:44])
    assert_input_error(path, "no audio could be decoded", "3.0 s")


def test_truncated_wav_returns_what_is_there_with_a_warning(tmp_path: Path) -> None:
    full = write_wav(tmp_path / "full.wav", tones([440, 1000], 4.0, 8000), 8000).read_bytes()
    path = tmp_path / "cut.wav"
    path.write_bytes(full[: 44 + 4 * 8000 * 3])  # 3 of 4 seconds
    warnings: list[str] = []

    audio = load_audio(path, warnings=warnings)

    assert audio.shape == (2, 3 * RATE)
    assert warnings == ["the file seems truncated: decoding stopped at 3.0 s of 4.0 s"]


def test_truncated_mp3_returns_what_is_there_with_a_warning(tmp_path: Path) -> None:
    full = encode(tmp_path / "full.mp3", tones([440, 1000], 4.0, 44100), 44100, "libmp3lame").read_bytes()
    path = tmp_path / "cut.mp3"
    path.write_bytes(full[: len(full) // 2])
    warnings: list[str] = []

    audio = load_audio(path, warnings=warnings)

    assert audio.shape[1] / RATE == pytest.approx(2.0, abs=0.2)
    assert len(warnings) == 1 and warnings[0].startswith("the file seems truncated: decoding stopped at ")
    assert warnings[0].endswith(" of 4.0 s")
    chunk_warnings: list[str] = []
    list(iter_audio_chunks(path, warnings=chunk_warnings))
    assert chunk_warnings == warnings


def test_bad_arguments_are_programming_errors(stereo_wav: Path) -> None:
    with pytest.raises(ValueError):
        load_audio(stereo_wav, sample_rate=0)
    with pytest.raises(ValueError):
        iter_audio_chunks(stereo_wav, chunk_seconds=0)


# --- long recordings ---------------------------------------------------------------------------------------------


def test_three_hour_recording_streams_in_bounded_memory(tmp_path: Path) -> None:
    hours, rate, chunk_seconds = 3, 8000, 60.0
    path = tmp_path / "three_hours.wav"
    minute = (np.random.default_rng(0).standard_normal(rate * 60) * 30).astype("<i2").tobytes()  # low noise
    try:
        with wave.open(str(path), "wb") as out:  # ~173 MB, written a minute at a time
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            for _ in range(hours * 60):
                out.writeframes(minute)
        del minute

        starts: list[float] = []
        total = 0
        tracemalloc.start()
        try:
            for start, chunk in iter_audio_chunks(path, chunk_seconds=chunk_seconds):
                starts.append(start)
                total += chunk.shape[1]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        path.unlink(missing_ok=True)

    assert peak < 100 * 2**20, f"peak allocation {peak / 2**20:.0f} MB"
    assert total == hours * 3600 * RATE
    assert starts == [i * chunk_seconds for i in range(hours * 60)]
