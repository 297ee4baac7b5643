"""SRT transcripts whose blocks name the speaker: "Agent: ...", "[SPEAKER_00]: ...", "AGENT - ..." or <v Agent>.

The speakers keep the file's names here; their roles are decided for the whole file afterwards
(transcripts.speakers). A block that names nobody carries on the speaker before.

The `srt` library is lenient in a way that hides errors: a block with a broken timing line is folded
into the text of the block before it. So every timing line is checked here first, with its line number.
"""

from __future__ import annotations

import re
from datetime import timedelta

import srt

from callcoach.core.errors import InputError
from callcoach.transcripts.common import (
    Parsed,
    TimingLine,
    Turn,
    blocks,
    collapse,
    looks_like_timing,
    match_timing_lines,
    split_lines,
    strip_markup,
)
from callcoach.transcripts.roles import find_speaker_prefix, speaker_labels

_TIMESTAMP = r"(\d+):([0-5]\d):([0-5]\d)[,.](\d{3})"
_TIMING = re.compile(rf"\s*{_TIMESTAMP}[ \t]*-->[ \t]*{_TIMESTAMP}(?:[ \t]+.*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*[ \t]+([^>]+)>")
_BLOCK_HINT = "each block is a number, a timing line like 00:00:01,000 --> 00:00:04,000, then the text"


def parse_srt(text: str, path: str) -> Parsed:
    """Read an SRT transcript: one segment per subtitle block."""
    lines = split_lines(text)
    timings = _check_timings(lines, path)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        raise _parse_error(exc, text, path) from None
    except ValueError as exc:  # srt.TimestampParseError; our checks should have caught it
        raise InputError(path, f"not a valid SRT file: {exc}", hint=_BLOCK_HINT) from None
    block_lines = match_timing_lines(path, timings, [(_td_ms(s.start), _td_ms(s.end)) for s in subtitles], unit="block")
    raws = [subtitle.content for subtitle in subtitles]
    texts = [collapse(strip_markup(raw)) for raw in raws]
    voices = [v.group(1).strip() if (v := _VOICE.search(raw)) else "" for raw in raws]
    prefixes = [
        find_speaker_prefix(text) if text and not voice else None for text, voice in zip(texts, voices, strict=True)
    ]
    named = speaker_labels(prefixes)
    turns: list[Turn] = []
    warnings: list[str] = []
    for subtitle, timing_line, raw, text, voice, prefix, is_name in zip(
        subtitles, block_lines, raws, texts, voices, prefixes, named, strict=True
    ):
        label = voice
        if not voice and prefix is not None and is_name:
            label, text = prefix.name, prefix.text  # else: no name, it carries on the speaker before
        if label:
            warnings.extend(_other_speakers(raw, label, timing_line + 1))
        turns.append(Turn(label, _td_ms(subtitle.start) / 1000, _td_ms(subtitle.end) / 1000, collapse(text)))
    return Parsed(turns, unit="block", warnings=warnings)


def _check_timings(lines: list[str], path: str) -> list[TimingLine]:
    timings: list[TimingLine] = []
    for first_number, block in blocks(lines, whitespace_separates=True):
        for offset, line in enumerate(block):
            number = first_number + offset
            if "-->" in line:
                timings.append(_timing(line, number, path))
            elif (offset == 0 or (offset == 1 and block[0].strip().isdigit())) and looks_like_timing(line):
                raise _malformed(line, number, path)
    if not timings:
        raise InputError(path, "no subtitle blocks found", hint=_BLOCK_HINT)
    return timings


def _timing(line: str, number: int, path: str) -> TimingLine:
    match = _TIMING.fullmatch(line)
    if not match:
        raise _malformed(line, number, path)
    start_ms, end_ms = _ms(match.groups()[:4]), _ms(match.groups()[4:])
    if end_ms < start_ms:
        raise InputError(
            path,
            f"subtitle ends before it starts '{line.strip()}'",
            line=number,
            hint="the second time is the end of the subtitle",
        )
    return TimingLine(number, start_ms, end_ms)


def _malformed(line: str, number: int, path: str) -> InputError:
    return InputError(
        path,
        f"malformed subtitle timing '{line.strip()}'",
        line=number,
        hint="expected HH:MM:SS,mmm --> HH:MM:SS,mmm, e.g. 00:01:02,500 --> 00:01:05,000",
    )


def _ms(groups: tuple[str | None, ...]) -> int:
    hours, minutes, seconds, millis = (int(g or 0) for g in groups)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _td_ms(value: timedelta) -> int:  # exact, unlike total_seconds() * 1000
    return (value.days * 86_400 + value.seconds) * 1000 + value.microseconds // 1000


def _parse_error(exc: srt.SRTParseError, text: str, path: str) -> InputError:
    """Point at the first line the srt library could not place in a block."""
    unmatched: str = exc.unmatched_content
    offset = exc.expected_start + (len(unmatched) - len(unmatched.lstrip()))
    line = text.count("\n", 0, offset) + 1
    content = split_lines(unmatched.strip())[0] if unmatched.strip() else ""
    if text.lstrip().startswith("WEBVTT"):
        return InputError(path, "this is a WebVTT file, not SRT", line=1, hint="rename it to .vtt")
    return InputError(path, f"not an SRT block: '{content[:60]}'", line=line, hint=_BLOCK_HINT)


def _other_speakers(raw: str, label: str, first_line: int) -> list[str]:
    """Warn when a later line of the block is labelled as another speaker ("- Customer: ...").

    Each block is one segment, so such a block is read as one speaker; the reviewer should know.
    """
    for offset, line in enumerate(raw.split("\n")[1:], start=1):
        prefix = find_speaker_prefix(collapse(strip_markup(line)))
        if prefix is not None and prefix.name.casefold() != label.casefold():
            return [f"line {first_line + offset}: block has more than one speaker; all of it is read as '{label}'"]
    return []
