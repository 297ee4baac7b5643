"""WebVTT transcripts whose cues carry the speaker as a voice tag (<v Agent>) or a "Name:" prefix.

Layouts met in practice: CallCoach's own export (<v Agent>), Teams (<v Jane Doe>, one utterance split over
cues whose ids run ".../49-0", ".../49-1"), Zoom ("Ashlee Kupor (SL): text", and cues with no name that carry
on the speaker before), WhisperX ("[SPEAKER_00]: text"). The speakers keep the file's names here; their roles
are decided for the whole file afterwards (transcripts.speakers).

webvtt-py reads the cues but silently skips a cue it cannot parse. A skipped cue is a hole in the call
that would skew every metric, so the file is checked line by line first and every problem is reported
with its line number.
"""

from __future__ import annotations

import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from callcoach.core.errors import InputError
from callcoach.transcripts.common import (
    Parsed,
    TimingLine,
    Turn,
    blocks,
    collapse,
    language_subtag,
    looks_like_timing,
    match_timing_lines,
    split_lines,
    strip_markup,
)
from callcoach.transcripts.roles import find_speaker_prefix, speaker_labels

_TIMESTAMP = r"(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"\s*{_TIMESTAMP}[ \t]*-->[ \t]*{_TIMESTAMP}(?:[ \t]+.*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*[ \t]+([^>]+)>")
_OTHER_BLOCKS = ("NOTE", "STYLE", "REGION")
_SPLIT_CUE_ID = re.compile(r"(.+)-\d+")  # Teams: "<utterance id>/<n>-<part>"
_TIMING_HINT = "expected HH:MM:SS.mmm --> HH:MM:SS.mmm (or MM:SS.mmm), e.g. 00:01:02.500 --> 00:01:05.000"


def parse_vtt(text: str, path: str) -> Parsed:
    """Read a WebVTT transcript: one segment per cue, with the cue's exact start and end."""
    lines = split_lines(text)
    timings = _check_layout(lines, path)
    warnings = _stray_text(lines)
    try:
        vtt = webvtt.from_string(text)
    except (MalformedFileError, MalformedCaptionError) as exc:  # our checks should have caught it
        raise InputError(path, f"not a valid WebVTT file: {exc}") from None
    captions = list(vtt.captions)
    cue_lines = match_timing_lines(
        path,
        timings,
        [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in captions],
        unit="cue",
    )
    texts = [collapse(strip_markup(" ".join(caption.lines))) for caption in captions]
    voices = [
        _voice(caption, line + 1, warnings) if text else ""
        for caption, text, line in zip(captions, texts, cue_lines, strict=True)
    ]
    prefixes = [
        find_speaker_prefix(text) if text and not voice else None for text, voice in zip(texts, voices, strict=True)
    ]
    named = speaker_labels(prefixes)
    turns: list[Turn] = []
    previous_part: str | None = None  # the utterance id of the cue before, when it is one part of a split cue
    for caption, text, voice, prefix, is_name in zip(captions, texts, voices, prefixes, named, strict=True):
        label = voice
        if not voice and prefix is not None and is_name:
            label, text = prefix.name, collapse(prefix.text)  # else: no name, it carries on the speaker before
        start, end = caption.start_time.in_milliseconds() / 1000, caption.end_time.in_milliseconds() / 1000
        part = _utterance_id(caption.identifier)
        last = turns[-1] if turns else None
        if part is not None and part == previous_part and last is not None and last.label == label and text:
            last.end, last.text = max(last.end, end), collapse(f"{last.text} {text}")
        else:
            turns.append(Turn(label, start, end, text))
        previous_part = part
    return Parsed(
        turns,
        unit="cue",
        duration=_header_duration(vtt.metadata),
        language=_header_language(vtt.metadata),
        warnings=warnings,
    )


def _check_layout(lines: list[str], path: str) -> list[TimingLine]:
    """Check the header and every timing line; return the timing lines in file order."""
    if not lines[0].startswith("WEBVTT"):
        looks_srt = any("-->" in line and "," in line for line in lines[:50])
        raise InputError(
            path,
            "not a WebVTT file: the first line must be WEBVTT",
            line=1,
            hint="it looks like SRT: rename it to .srt" if looks_srt else "add a first line 'WEBVTT'",
        )
    timings: list[TimingLine] = []
    for first_number, block in blocks(lines, whitespace_separates=False):
        for offset, line in enumerate(block):
            number = first_number + offset
            if "-->" in line:
                timings.append(_timing(line, number, path))
            elif _timing_position(block, offset) and looks_like_timing(line):
                raise InputError(path, f"malformed cue timing '{line.strip()}'", line=number, hint=_TIMING_HINT)
    if not timings:
        raise InputError(
            path,
            "no cues found",
            hint="a cue is a timing line like 00:00:01.000 --> 00:00:04.000 followed by its text",
        )
    return timings


def _timing_position(block: list[str], offset: int) -> bool:
    """Whether a line stands where a cue's timing line goes: first, or second after a cue id."""
    if offset == 0:
        return True
    return offset == 1 and "-->" not in block[0] and not block[0].startswith(_OTHER_BLOCKS)


def _timing(line: str, number: int, path: str) -> TimingLine:
    match = _TIMING.fullmatch(line)
    if not match:
        raise InputError(path, f"malformed cue timing '{line.strip()}'", line=number, hint=_TIMING_HINT)
    start_ms, end_ms = _ms(match.groups()[:4]), _ms(match.groups()[4:])
    if end_ms < start_ms:
        raise InputError(
            path,
            f"cue ends before it starts '{line.strip()}'",
            line=number,
            hint="the second time is the end of the cue",
        )
    return TimingLine(number, start_ms, end_ms)


def _ms(groups: tuple[str | None, ...]) -> int:
    hours, minutes, seconds, millis = groups
    return ((int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)) * 1000 + int(millis or 0)


def _stray_text(lines: list[str]) -> list[str]:
    """Warn about text blocks that are not cues: WebVTT ignores them, the reviewer should know.

    The usual cause is an empty line inside a cue's text, which cuts the cue short.
    """
    return [
        f"line {number}: text outside any cue was ignored: '{block[0].strip()[:60]}'"
        for number, block in blocks(lines, whitespace_separates=False)[1:]  # the first is the header
        if not any("-->" in line for line in block) and not block[0].startswith(_OTHER_BLOCKS)
    ]


def _voice(caption: webvtt.Caption, line: int, warnings: list[str]) -> str:
    """The cue's speaker from its voice tag ("" without one)."""
    voices = [v.strip() for v in _VOICE.findall(caption.raw_text)]
    voice = (caption.voice or "").strip() or (voices[0] if voices else "")
    if voice and {v.casefold() for v in voices} - {voice.casefold()}:
        warnings.append(f"line {line}: cue has more than one speaker; all of it is read as '{voice}'")
    return voice


def _utterance_id(identifier: str | None) -> str | None:
    """Teams splits one utterance over cues "<id>/49-0", "<id>/49-1": the part before the last dash."""
    match = _SPLIT_CUE_ID.fullmatch(identifier or "")
    return match.group(1) if match and "/" in match.group(1) else None


def _header_duration(metadata: list[str]) -> float | None:
    """The call's length from a 'Duration: 88.000' header line (CallCoach's own exports write it)."""
    for line in metadata:
        key, _, value = line.partition(":")
        if key.strip().casefold() == "duration":
            try:
                seconds = float(value)
            except ValueError:
                return None
            return seconds if seconds >= 0 else None
    return None


def _header_language(metadata: list[str]) -> str | None:
    """The 'Language: en' header line some tools (YouTube, Otter) write."""
    for line in metadata:
        key, _, value = line.partition(":")
        if key.strip().casefold() == "language":
            return language_subtag(value)
    return None
