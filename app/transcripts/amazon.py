"""Amazon Transcribe Call Analytics results (and Amazon Connect Contact Lens transcripts).

Teams that already run calls through AWS can review them here without transcribing again. Layouts read:
- post-call analytics output: a top-level "Transcript" list of turns with ParticipantRole AGENT/CUSTOMER,
  BeginOffsetMillis, EndOffsetMillis, Content and word-level "Items";
- Contact Lens output, whose turns may give only a ParticipantId that "Participants" maps to a role;
- Contact Lens real-time events: a "Segments" list whose entries hold a "Transcript" turn.
AWS's own analytics (Categories, ConversationCharacteristics, Sentiment) are not imported: CallCoach
computes its own, the same way for every source. The duration is left unset (the end of the last turn).
"""

from __future__ import annotations

from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import Segment, Speaker, Word
from callcoach.transcripts.common import Parsed, collapse, is_number, language_subtag
from callcoach.transcripts.roles import resolve_speaker

_ROLE_HINT = "CallCoach reads AGENT and CUSTOMER turns"


def looks_like_amazon(data: dict[str, Any]) -> bool:
    """Whether a decoded JSON object has one of the Amazon layouts."""
    if isinstance(data.get("Transcript"), list):
        return True
    segments = data.get("Segments")
    return isinstance(segments, list) and any(isinstance(s, dict) and "Transcript" in s for s in segments)


def parse_amazon(data: dict[str, Any], path: str) -> Parsed:
    """Turn each Transcript turn into a segment (milliseconds to seconds)."""
    turns = _turns(data)
    if not turns:
        raise InputError(path, "the Amazon transcript has no turns ('Transcript' is empty)")
    roles = _participant_roles(data.get("Participants"))
    segments = [_segment(index, turn, roles, path) for index, turn in enumerate(turns)]
    return Parsed(
        segments,
        unit="turn",
        language=language_subtag(data.get("LanguageCode")),
    )


def _turns(data: dict[str, Any]) -> list[object]:
    if isinstance(data.get("Transcript"), list):
        return data["Transcript"]
    return [s["Transcript"] for s in data["Segments"] if isinstance(s, dict) and "Transcript" in s]


def _participant_roles(participants: object) -> dict[str, str]:
    if not isinstance(participants, list):
        return {}
    return {
        str(p["ParticipantId"]): p["ParticipantRole"]
        for p in participants
        if isinstance(p, dict) and isinstance(p.get("ParticipantRole"), str) and "ParticipantId" in p
    }


def _segment(index: int, turn: object, roles: dict[str, str], path: str) -> Segment:
    where = f"Transcript item {index}"
    if not isinstance(turn, dict):
        raise InputError(path, f"{where} must be an object")
    role_name = turn.get("ParticipantRole") or roles.get(str(turn.get("ParticipantId")))
    if not isinstance(role_name, str):
        raise InputError(path, f"{where}: missing 'ParticipantRole'", hint=_ROLE_HINT)
    speaker: Speaker = resolve_speaker(role_name, path, where=f"{where}: ")
    for key in ("BeginOffsetMillis", "EndOffsetMillis"):
        if key not in turn:
            raise InputError(path, f"{where}: missing '{key}'", hint="only voice calls have timings")
        if not is_number(turn[key]) or turn[key] < 0:
            raise InputError(path, f"{where}: '{key}' must be a number of milliseconds")
    content = turn.get("Content", "")
    if not isinstance(content, str):
        raise InputError(path, f"{where}: 'Content' must be a string")
    start, end = turn["BeginOffsetMillis"] / 1000, turn["EndOffsetMillis"] / 1000
    if end < start:
        raise InputError(path, f"{where}: 'EndOffsetMillis' is before 'BeginOffsetMillis'")
    return Segment(id=index, speaker=speaker, start=start, end=end, text=collapse(content), words=_words(turn))


def _words(turn: dict[str, Any]) -> list[Word]:
    """Word timings from the turn's Items; punctuation is attached to the word before it.

    Items are optional extras: if they are missing or incomplete the segment simply has no words.
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
