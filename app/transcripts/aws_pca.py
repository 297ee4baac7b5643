"""Output of AWS Post-Call Analytics (PCA), the aws-samples "amazon-transcribe-post-call-analytics" solution.

PCA runs Transcribe (standard or Call Analytics) on a team's recordings and writes one JSON per call:
{"ConversationAnalytics": {...}, "SpeechSegments": [...]}. Read here:
- SpeechSegments: SegmentStartTime/SegmentEndTime (seconds), SegmentSpeaker ("spk_0"), OriginalText and
  DisplayText (the text as a reviewer may have edited it, which is used), WordConfidence (words with their times;
  dropped when TextEdited says the text no longer matches them), IVRSegment (telephony IVR prompts: skipped, as they
  are neither agent nor customer), and per segment SegmentInterruption, LoudnessScores and the issues, action items
  and outcomes found in it (with character offsets into OriginalText);
- ConversationAnalytics: SpeakerLabels (spk_N -> the display name: "Agent", "Customer", "Caller" or an agent's
  name; PCA's placeholder "Unknown_N" is not a name), LanguageCode, Duration, SentimentTrends (per speaker,
  -5 to +5), SpeakerTime (talk time per speaker and NonTalkTime), CategoriesDetected, and the call-level
  IssuesDetected/ActionItemsDetected/OutcomesDetected (used only when no segment carries them, as they have no time),
  SourceInformation[0].TranscribeJobInfo (TranscribeApiType "analytics" or "standard", ChannelIdentification).
A speaker's label is its display name where SpeakerLabels gives one, else "spk_N"; the analytics are keyed the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.core.vendor import VendorAnalytics, VendorMoment
from callcoach.transcripts.common import Parsed, Turn, collapse, is_number, language_subtag
from callcoach.transcripts.json_fields import Fields, as_mapping, as_number, optional_number, quoted

SOURCE = "AWS Post-Call Analytics"
_HINT = "use the results JSON that Post-Call Analytics wrote for the call, unchanged"
_PLACEHOLDER = re.compile(r"Unknown_\d+")
_SPEAKER_NUMBER = re.compile(r"spk_(\d+)")
_MOMENTS = {"IssuesDetected": "issues", "OutcomesDetected": "outcomes", "ActionItemsDetected": "action_items"}


def looks_like_pca(data: dict[str, Any]) -> bool:
    return "SpeechSegments" in data


def parse_pca(data: dict[str, Any], path: str) -> Parsed:
    fields = Fields(path, _HINT)
    analytics = fields.mapping(data.get("ConversationAnalytics", {}), "ConversationAnalytics")
    segments = fields.array(data, "SpeechSegments", "")
    if not segments:
        raise InputError(
            path,
            "the Post-Call Analytics file has no speech ('SpeechSegments' is empty)",
            hint="check that the recording has speech, or import the recording itself",
        )
    names = _display_names(analytics.get("SpeakerLabels"))
    job = _job_info(analytics)
    by_channel = bool(job.get("ChannelIdentification"))
    turns: list[Turn] = []
    kept: list[dict[str, Any]] = []
    skipped = 0
    for index, raw in enumerate(segments):
        here = f"SpeechSegments {index}"
        raw = fields.mapping(raw, here)
        if raw.get("IVRSegment"):
            skipped += 1
            continue
        turns.append(_turn(raw, here, names, by_channel, fields))
        kept.append(raw)
    warnings = [f"{skipped} IVR segment{'s' if skipped > 1 else ''} skipped"] if skipped else []
    duration = as_number(analytics.get("Duration"))
    vendor = _vendor(analytics, kept, turns, names, analytics_mode=job.get("TranscribeApiType") == "analytics")
    return Parsed(
        turns,
        unit="segment",
        duration=duration if duration is not None and duration > 0 else None,
        language=language_subtag(analytics.get("LanguageCode")),
        warnings=warnings,
        vendor=None if vendor.is_empty() else vendor,
    )


def _display_names(raw: object) -> dict[str, str]:
    """spk_N -> the name PCA shows for it, where it has a real one."""
    names: dict[str, str] = {}
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict):
            continue
        speaker, name = entry.get("Speaker"), entry.get("DisplayText")
        if isinstance(speaker, str) and isinstance(name, str) and name.strip() and not _PLACEHOLDER.fullmatch(name):
            names[speaker.strip()] = name.strip()
    return names


def _job_info(analytics: Mapping[str, Any]) -> Mapping[str, Any]:
    sources = analytics.get("SourceInformation")
    if isinstance(sources, list) and sources and isinstance(sources[0], dict):
        info = sources[0].get("TranscribeJobInfo")
        if isinstance(info, dict):
            return info
    return {}


def _turn(raw: dict[str, Any], here: str, names: dict[str, str], by_channel: bool, fields: Fields) -> Turn:
    start, end = fields.span(raw, "SegmentStartTime", "SegmentEndTime", here, strings=True)
    speaker = fields.text(raw, "SegmentSpeaker", here).strip()
    if not speaker:
        raise fields.error(here, "'SegmentSpeaker' is empty (it names the speaker, such as \"spk_0\")")
    display = raw.get("DisplayText")
    text = display if isinstance(display, str) else fields.text(raw, "OriginalText", here)
    words = [] if raw.get("TextEdited") else _words(raw.get("WordConfidence"))
    number = _SPEAKER_NUMBER.fullmatch(speaker)
    return Turn(
        label=names.get(speaker, speaker),
        start=start,
        end=end,
        text=collapse(text),
        words=words,
        channel=int(number.group(1)) if by_channel and number else None,
    )


def _words(raw: object) -> list[Word]:
    """The words of WordConfidence ({Text, Confidence, StartTime, EndTime}); none if any is incomplete."""
    if not isinstance(raw, list):
        return []
    words: list[Word] = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("Text"), str):
            return []
        start, end = as_number(entry.get("StartTime")), as_number(entry.get("EndTime"))
        if start is None or end is None:
            return []
        confidence = optional_number(entry, "Confidence")
        text = entry["Text"].strip()
        if text:
            words.append(Word(start, max(start, end), text, 1.0 if confidence is None else confidence))
    return words


def _vendor(
    analytics: Mapping[str, Any],
    segments: list[dict[str, Any]],
    turns: list[Turn],
    names: dict[str, str],
    *,
    analytics_mode: bool,
) -> VendorAnalytics:
    def label(speaker: object) -> str:
        return names.get(str(speaker).strip(), str(speaker).strip())

    vendor = VendorAnalytics(SOURCE)
    for speaker, trend in as_mapping(analytics.get("SentimentTrends")).items():
        score = as_number(as_mapping(trend).get("SentimentScore"))
        if score is not None:
            vendor.sentiment[label(speaker)] = score
    if vendor.sentiment:
        vendor.sentiment_scale = "-5 to +5"
    for speaker, time in as_mapping(analytics.get("SpeakerTime")).items():
        seconds = as_number(as_mapping(time).get("TotalTimeSecs"))
        if seconds is None:
            continue
        if speaker == "NonTalkTime":
            vendor.non_talk_time = seconds
        else:
            vendor.talk_time[label(speaker)] = seconds
    categories = analytics.get("CategoriesDetected")
    if isinstance(categories, list):
        vendor.categories = [
            c["Name"].strip() for c in categories if isinstance(c, dict) and isinstance(c.get("Name"), str)
        ]
    interrupted = any(raw.get("SegmentInterruption") for raw in segments)
    if analytics_mode or interrupted:  # standard Transcribe jobs detect no interruptions: no count, not zero
        vendor.interruptions = {turn.label: 0 for turn in turns}
    loudness: dict[str, list[float]] = {}
    for raw, turn in zip(segments, turns, strict=True):
        if (analytics_mode or interrupted) and raw.get("SegmentInterruption"):
            vendor.interruptions[turn.label] += 1
        scores = raw.get("LoudnessScores")
        if isinstance(scores, list):
            loudness.setdefault(turn.label, []).extend(float(s) for s in scores if is_number(s))
        original = raw.get("OriginalText") if isinstance(raw.get("OriginalText"), str) else turn.text
        for key, name in _MOMENTS.items():
            getattr(vendor, name).extend(_moments(raw.get(key), original, turn.start))
    vendor.loudness = {speaker: sum(v) / len(v) for speaker, v in loudness.items() if v}
    for key, name in _MOMENTS.items():
        if not getattr(vendor, name):  # the call-level list repeats the segments' without their time
            setattr(vendor, name, _moments(analytics.get(key), "", None))
    return vendor


def _moments(raw: object, text: str, start: float | None) -> list[VendorMoment]:
    """The words at each item's character offsets (BeginOffset, EndOffset), else the item's own Text."""
    found: list[VendorMoment] = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict):
            continue
        said = quoted(text, entry.get("BeginOffset"), entry.get("EndOffset"), entry.get("Text"))
        if said:
            found.append(VendorMoment(said, start))
    return found
