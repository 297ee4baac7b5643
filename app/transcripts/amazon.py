"""Amazon Transcribe Call Analytics results and Amazon Connect Contact Lens transcripts, with their analytics.

Teams that already run calls through AWS can review them here without transcribing again. Layouts read:
- Transcribe Call Analytics (TCA) output: a top-level "Transcript" list of turns with ParticipantRole
  AGENT/CUSTOMER, BeginOffsetMillis, EndOffsetMillis, Content, word-level "Items" and per-second
  "LoudnessScores"; issues, outcomes and action items as CharacterOffsets {Begin, End} into the turn's Content;
- Contact Lens output: turns that give a ParticipantId, which "Participants" maps to a role, "LoudnessScore"
  (singular) and CharacterOffsets {BeginOffsetChar, EndOffsetChar};
- Contact Lens real-time events: a "Segments" list whose entries hold a "Transcript" turn.
Each turn keeps its role as the file writes it ("AGENT"); the loader decides the roles. What AWS computed itself
(Categories, and from ConversationCharacteristics the sentiment, interruptions, talk and non-talk time; loudness,
issues, outcomes and action items from the turns) is kept as VendorAnalytics, keyed by the same labels, to be
shown beside CallCoach's own analysis. The duration is AWS's TotalConversationDurationMillis where given.
"""

from __future__ import annotations

from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Word
from callcoach.core.vendor import VendorAnalytics, VendorMoment
from callcoach.transcripts.common import Parsed, Turn, collapse, is_number, language_subtag
from callcoach.transcripts.json_fields import as_mapping, quoted

_ROLE_HINT = "each turn needs the ParticipantRole (AGENT or CUSTOMER) or a ParticipantId listed in 'Participants'"
TCA = "Amazon Transcribe Call Analytics"
CONTACT_LENS = "Amazon Connect Contact Lens"
SENTIMENT_SCALE = "-5 to +5"
AUTOMATED = frozenset({"SYSTEM", "CUSTOM_BOT"})
_MOMENTS = {"IssuesDetected": "issues", "OutcomesDetected": "outcomes", "ActionItemsDetected": "action_items"}


def looks_like_amazon(data: dict[str, Any]) -> bool:
    """Whether a decoded JSON object has one of the Amazon layouts."""
    if isinstance(data.get("Transcript"), list):
        return True
    segments = data.get("Segments")
    return isinstance(segments, list) and any(isinstance(s, dict) and "Transcript" in s for s in segments)


def parse_amazon(data: dict[str, Any], path: str) -> Parsed:
    """Turn each Transcript turn into a Turn (milliseconds to seconds), and keep AWS's analytics."""
    raw_turns = _turns(data)
    if not raw_turns:
        raise InputError(path, "the Amazon transcript has no turns ('Transcript' is empty)")
    roles = _participant_roles(data.get("Participants"))
    read = [(raw, _turn(index, raw, roles, path)) for index, raw in enumerate(raw_turns)]
    # Contact Lens also transcribes the automated side (SYSTEM prompts, a CUSTOM_BOT): nobody to coach there.
    kept = [(raw, turn) for raw, turn in read if turn.label.upper() not in AUTOMATED]
    warnings = []
    if len(kept) < len(read):
        skipped = len(read) - len(kept)
        warnings.append(f"{skipped} automated turn{'s' if skipped != 1 else ''} (SYSTEM, CUSTOM_BOT) skipped")
    if not kept:
        raise InputError(path, "the Amazon transcript has only automated turns (SYSTEM, CUSTOM_BOT)")
    raw_kept, turns = [raw for raw, _ in kept], [turn for _, turn in kept]
    source = CONTACT_LENS if _is_contact_lens(data, raw_turns) else TCA
    vendor = _vendor(source, data, raw_kept, turns)
    return Parsed(
        turns,
        unit="turn",
        duration=_duration(data),
        language=language_subtag(data.get("LanguageCode")),
        warnings=warnings,
        vendor=None if vendor.is_empty() else vendor,
    )


def _duration(data: dict[str, Any]) -> float | None:
    """The call's length as AWS measured it (ConversationCharacteristics.TotalConversationDurationMillis)."""
    characteristics = data.get("ConversationCharacteristics")
    total = characteristics.get("TotalConversationDurationMillis") if isinstance(characteristics, dict) else None
    return total / 1000 if is_number(total) and total >= 0 else None


def _turns(data: dict[str, Any]) -> list[object]:
    if isinstance(data.get("Transcript"), list):
        return data["Transcript"]
    return [s["Transcript"] for s in data["Segments"] if isinstance(s, dict) and "Transcript" in s]


def _is_contact_lens(data: dict[str, Any], raw_turns: list[object]) -> bool:
    """Contact Lens names participants by id and its file carries the contact's metadata; TCA gives roles."""
    if "Segments" in data and "Transcript" not in data:
        return True
    if any(key in data for key in ("CustomerMetadata", "Version")):
        return True
    return any(isinstance(t, dict) and "ParticipantId" in t and "ParticipantRole" not in t for t in raw_turns)


def _participant_roles(participants: object) -> dict[str, str]:
    if not isinstance(participants, list):
        return {}
    return {
        str(p["ParticipantId"]): p["ParticipantRole"].strip()
        for p in participants
        if isinstance(p, dict) and isinstance(p.get("ParticipantRole"), str) and "ParticipantId" in p
    }


def _turn(index: int, raw: object, roles: dict[str, str], path: str) -> Turn:
    where = f"Transcript item {index}"
    if not isinstance(raw, dict):
        raise InputError(path, f"{where} must be an object")
    label = raw.get("ParticipantRole")
    if not isinstance(label, str) or not label.strip():
        participant = raw.get("ParticipantId")
        label = roles.get(str(participant)) or (participant if isinstance(participant, str) else None)
    if not isinstance(label, str) or not label.strip():
        raise InputError(path, f"{where}: missing 'ParticipantRole'", hint=_ROLE_HINT)
    for key in ("BeginOffsetMillis", "EndOffsetMillis"):
        if key not in raw:
            raise InputError(path, f"{where}: missing '{key}'", hint="only voice calls have timings")
        if not is_number(raw[key]) or raw[key] < 0:
            raise InputError(path, f"{where}: '{key}' must be a number of milliseconds")
    content = raw.get("Content", "")
    if not isinstance(content, str):
        raise InputError(path, f"{where}: 'Content' must be a string")
    start, end = raw["BeginOffsetMillis"] / 1000, raw["EndOffsetMillis"] / 1000
    if end < start:
        raise InputError(path, f"{where}: 'EndOffsetMillis' is before 'BeginOffsetMillis'")
    return Turn(label=label.strip(), start=start, end=end, text=collapse(content), words=_words(raw))


def _words(turn: dict[str, Any]) -> list[Word]:
    """Word timings from the turn's Items; punctuation is attached to the word before it.

    Items are optional extras: if they are missing or incomplete the turn simply has no words.
    """
    items = turn.get("Items")
    if not isinstance(items, list):
        return []
    words: list[Word] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("Content"), str):
            return []
        kind = str(item.get("Type", "pronunciation")).lower()
        if kind == "punctuation":
            if words:
                last = words[-1]
                words[-1] = Word(last.start, last.end, last.word + item["Content"], last.probability)
            continue
        begin, end = item.get("BeginOffsetMillis"), item.get("EndOffsetMillis")
        confidence = item.get("Confidence", 1.0)
        if not (is_number(begin) and is_number(end)):
            return []
        probability = float(confidence) if is_number(confidence) else 1.0
        words.append(Word(begin / 1000, end / 1000, item["Content"], probability))
    return words


def _vendor(source: str, data: dict[str, Any], raw_turns: list[object], turns: list[Turn]) -> VendorAnalytics:
    """AWS's own analytics; per-speaker figures keyed by role as the file writes it, like the turns."""
    vendor = VendorAnalytics(source)
    characteristics = as_mapping(data.get("ConversationCharacteristics"))
    sentiment = as_mapping(as_mapping(characteristics.get("Sentiment")).get("OverallSentiment"))
    vendor.sentiment = {str(k).strip(): float(v) for k, v in sentiment.items() if is_number(v)}
    if vendor.sentiment:
        vendor.sentiment_scale = SENTIMENT_SCALE
    interruptions = as_mapping(characteristics.get("Interruptions"))
    if interruptions:
        by_interrupter = as_mapping(interruptions.get("InterruptionsByInterrupter"))
        counts = {str(k).strip(): len(v) for k, v in by_interrupter.items() if isinstance(v, list)}
        vendor.interruptions = {turn.label: 0 for turn in turns} | counts
    talk = as_mapping(as_mapping(characteristics.get("TalkTime")).get("DetailsByParticipant"))
    vendor.talk_time = {
        str(k).strip(): v["TotalTimeMillis"] / 1000
        for k, v in talk.items()
        if isinstance(v, dict) and is_number(v.get("TotalTimeMillis"))
    }
    quiet = as_mapping(characteristics.get("NonTalkTime")).get("TotalTimeMillis")
    if is_number(quiet):
        vendor.non_talk_time = quiet / 1000
    categories = as_mapping(data.get("Categories")).get("MatchedCategories")
    if isinstance(categories, list):
        vendor.categories = [c.strip() for c in categories if isinstance(c, str) and c.strip()]
    loudness: dict[str, list[float]] = {}
    for raw, turn in zip(raw_turns, turns, strict=True):
        assert isinstance(raw, dict)  # checked by _turn
        scores = raw.get("LoudnessScores", raw.get("LoudnessScore"))
        if isinstance(scores, list):
            loudness.setdefault(turn.label, []).extend(float(s) for s in scores if is_number(s))
        for key, name in _MOMENTS.items():
            getattr(vendor, name).extend(_moments(raw.get(key), raw.get("Content"), turn.start))
    vendor.loudness = {label: sum(v) / len(v) for label, v in loudness.items() if v}
    return vendor


def _moments(raw: object, content: object, start: float) -> list[VendorMoment]:
    """Issues, outcomes or action items of one turn: the words at their character offsets, said at the turn's start."""
    if not isinstance(raw, list):
        return []
    text = content if isinstance(content, str) else ""
    found: list[VendorMoment] = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        offsets = as_mapping(entry.get("CharacterOffsets"))
        begin, end = (
            offsets.get("Begin", offsets.get("BeginOffsetChar")),
            offsets.get("End", offsets.get("EndOffsetChar")),
        )
        said = quoted(text, begin, end, entry.get("Text"))
        if said:
            found.append(VendorMoment(said, start))
    return found
