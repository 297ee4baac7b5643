"""When a call was recorded, for an import that names no date (the desktop import never does).

Without a date a call has no "Call date" on its scorecard, no date in the library and is placed by its import
date in a trend report, so the import takes the best date the file itself offers: the recording's own creation
time from its container metadata (what a phone system or recorder writes), else the file's modification time.
An explicit date always wins. The result is time-zone aware, in local time, and stored like `--recorded-at`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from callcoach.core.errors import InputError
from callcoach.transcripts import TRANSCRIPT_SUFFIXES

# Container tags that carry a recording's date, best first: ffmpeg's creation_time (mp4/m4a, mov, flac, mp3),
# then date (WAV's ICRD, ID3's TDRC, Vorbis comments). Matched case-insensitively: taggers differ.
METADATA_KEYS = ("creation_time", "date")
# A device without a clock writes a zero time (1904 or 1970); a date after tomorrow is a clock set wrong.
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


def recorded_at(path: Path, explicit: datetime | None = None) -> datetime:
    """`explicit` if given, else the recording's metadata date, else the file's modification time (local, aware)."""
    if explicit is not None:
        return explicit.astimezone()
    if path.suffix.lower() not in TRANSCRIPT_SUFFIXES:
        tags = _container_tags(path)
        for key in METADATA_KEYS:
            if (found := parse_metadata_time(tags.get(key))) is not None:
                return found
    return modified_at(path)


def parse_metadata_time(value: str | None, now: datetime | None = None) -> datetime | None:
    """A metadata date as a local, aware datetime; None when missing, not a full ISO date, or implausible.

    A time without a zone is taken as local, as `--recorded-at` is; a bare year ("2024", common in ID3) is no date.
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip()).astimezone()
    except (ValueError, OverflowError):  # not ISO ("2024", "yesterday"), or out of range in this zone
        return None
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    return moment if EARLIEST <= moment <= latest else None


def modified_at(path: Path) -> datetime:
    """The file's modification time: a copy from a recorder or a download usually keeps it."""
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return datetime.fromtimestamp(stamp, UTC).astimezone()


def _container_tags(path: Path) -> dict[str, str]:
    """The container's metadata with lower-case keys; empty when PyAV cannot open the file (process reports that)."""
    import av  # PyAV loads ffmpeg: only when a recording is imported

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            return {str(k).lower(): str(v) for k, v in container.metadata.items()}
    except (av.error.FFmpegError, OSError, ValueError):
        return {}
