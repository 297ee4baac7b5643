"""The date a call gets when its import names none: the recording's metadata, else the file's modification time."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import av
import numpy as np
import pytest

from callcoach.storage import Library, call_date, repository
from tests.storage.helpers import write_call

MTIME = datetime(2023, 6, 15, 9, 45, tzinfo=UTC)
TAGGED = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)


def touch(path: Path, when: datetime = MTIME) -> Path:
    """Give `path` a known modification time, far from today, so the fallback cannot be mistaken for 'now'."""
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def write_audio(path: Path, tags: dict[str, str] | None = None) -> Path:
    """A tenth of a second of silence written by PyAV (the ffmpeg the app decodes with), with container tags."""
    codec = {".wav": "pcm_s16le", ".flac": "flac"}[path.suffix]
    with av.open(str(path), "w") as container:
        container.metadata.update(tags or {})
        stream = container.add_stream(codec, rate=8000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 800), dtype=np.int16), format="s16", layout="mono")
        frame.sample_rate = 8000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return touch(path)


def test_an_explicit_date_wins_over_metadata_and_mtime(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "call.flac", {"creation_time": "2021-03-04T05:06:07Z"})
    explicit = datetime(2024, 5, 1, 14, 30)  # naive, as `--recorded-at 2024-05-01T14:30` parses: local time
    got = call_date.recorded_at(path, explicit)
    assert got == explicit.astimezone() and got.tzinfo is not None


@pytest.mark.parametrize(
    ("name", "tags"),
    [
        ("call.flac", {"creation_time": "2021-03-04T05:06:07.000000Z"}),  # as ffmpeg and most recorders write it
        ("call.wav", {"date": "2021-03-04T05:06:07+00:00"}),  # WAV keeps a date in its ICRD tag
    ],
)
def test_a_recording_is_dated_by_its_metadata(tmp_path: Path, name: str, tags: dict[str, str]) -> None:
    path = write_audio(tmp_path / name, tags)
    with av.open(str(path)) as container:  # the tag survived the round trip: the test checks what it means to
        assert set(tags) <= set(container.metadata)
    assert call_date.recorded_at(path) == TAGGED


def test_a_recording_without_a_date_tag_gets_its_mtime(tmp_path: Path) -> None:
    path = write_audio(tmp_path / "call.wav")
    got = call_date.recorded_at(path)
    assert got == MTIME and got.utcoffset() == MTIME.astimezone().utcoffset()  # local time, like --recorded-at


@pytest.mark.parametrize("value", ["not a date", "2021", "1904-01-01T00:00:00Z", "2999-01-01T00:00:00Z"])
def test_an_unusable_metadata_date_falls_back_to_mtime(tmp_path: Path, value: str) -> None:
    path = write_audio(tmp_path / "call.flac", {"creation_time": value})
    assert call_date.recorded_at(path) == MTIME


def test_a_transcript_gets_its_mtime(tmp_path: Path) -> None:
    assert call_date.recorded_at(touch(write_call(tmp_path, 1))) == MTIME


def test_a_file_ffmpeg_cannot_open_still_gets_its_mtime(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(b"RIFF and nothing a decoder wants")
    assert call_date.recorded_at(touch(path)) == MTIME  # `process` reports the broken file; the import goes on


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-04T05:06:07Z", TAGGED),
        ("2021-03-04T05:06:07.250+02:00", datetime(2021, 3, 4, 3, 6, 7, 250_000, tzinfo=UTC)),
        ("2021-03-04 05:06:07", datetime(2021, 3, 4, 5, 6, 7).astimezone()),  # no zone: local, as --recorded-at
        ("2021-03-04", datetime(2021, 3, 4).astimezone()),
        ("", None),
        (None, None),
        ("2021", None),
        ("04/03/2021", None),
        ("0001-01-01", None),
        ("1970-01-01T00:00:00Z", None),
        ("2024-06-03T00:00:00Z", None),  # two days after `now` below: a clock set wrong
    ],
)
def test_parse_metadata_time(value: str | None, expected: datetime | None) -> None:
    now = datetime(2024, 6, 1, tzinfo=UTC)
    got = call_date.parse_metadata_time(value, now=now)
    assert got == expected
    assert got is None or got.tzinfo is not None


def test_import_file_stores_the_guessed_date_and_keeps_an_explicit_one(library: Library, tmp_path: Path) -> None:
    imported = repository.import_file(library, touch(write_call(tmp_path, 1)), "transcript", "Lee")
    first = imported.call
    assert imported.added and not imported.relinked
    second = repository.import_file(
        library, touch(write_call(tmp_path, 2)), "transcript", "Lee", datetime(2024, 5, 1, 14, 30)
    ).call
    with library.read() as session:
        dates = {s.id: s.recorded_at for s in repository.list_calls(session)}
    assert dates == {first.id: MTIME, second.id: datetime(2024, 5, 1, 14, 30).astimezone()}
