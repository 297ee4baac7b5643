"""Small calls written on the fly, and a library in a temporary folder, for the storage and CLI tests."""

from __future__ import annotations

from pathlib import Path

CALL = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Agent>Thanks for calling Harbor Bank, this is Lee. How can I help? (call {n})

00:00:03.500 --> 00:00:09.000
<v Customer>My debit card was declined at the pharmacy twice today and I'm really worried.

00:00:09.500 --> 00:00:13.000
<v Agent>I'm sorry, that sounds stressful. So your card was declined twice today.

00:00:13.500 --> 00:00:17.000
<v Agent>I've removed the block. You can use it right away. Thank you for calling.
"""

BROKEN = "WEBVTT\n\nthis file has no cues at all\n"


def write_call(folder: Path, n: int, name: str | None = None) -> Path:
    """A valid transcript; ``n`` makes its content (and so its hash) unique."""
    path = folder / (name or f"call{n}.vtt")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CALL.format(n=n), encoding="utf-8")
    return path


def write_broken(folder: Path, name: str = "broken.vtt") -> Path:
    path = folder / name
    path.write_text(BROKEN, encoding="utf-8")
    return path
