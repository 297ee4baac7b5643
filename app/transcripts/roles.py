"""Map the speaker names found in transcripts to the two roles the analysis knows: agent and customer.

Transcripts name speakers in many ways ("Rep", "Support Agent", "Caller", "CUSTOMER", "Agent 1"). The
analysis judges agent behaviour, so a wrong role would score the wrong person: a name we cannot place
is an error that names it, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from callcoach.core.errors import InputError
from callcoach.core.model import Speaker

SPEAKER_HINT = "name speakers Agent and Customer (or Rep/Caller)"

# Single words that name the service side or the calling side.
AGENT_WORDS = frozenset(
    {
        "agent",
        "rep",
        "representative",
        "csr",
        "advisor",
        "adviser",
        "associate",
        "support",
        "operator",
        "specialist",
        "staff",
        "employee",
        "consultant",
        "clerk",
        "receptionist",
        "technician",
        "supervisor",
        "manager",
        "helpdesk",
    }
)
CUSTOMER_WORDS = frozenset(
    {
        "customer",
        "caller",
        "client",
        "user",
        "member",
        "guest",
        "consumer",
        "patient",
        "buyer",
        "shopper",
        "subscriber",
        "policyholder",
        "cardholder",
        "passenger",
        "visitor",
    }
)
# Last words that make a phrase the service side even when it starts with "customer".
_SERVICE_HEADS = frozenset({"service", "services", "care", "team", "desk", "center", "centre", "success"})
_CUSTOMER_PHRASES = frozenset({"account holder", "end user"})

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)")
# A speaker-like label: capitalised words or numbers ("Bob", "Speaker 1", "SPEAKER_01", "Dr. Lee"), or a Zoom
# name with its suffix ("Ashlee Kupor (SL)").
_NAME_LIKE = re.compile(r"[A-Z][\w'’.-]*(?:[ _-]+(?:[A-Z][\w'’.-]*|\d+|\([^()\n]{1,24}\))){0,4}")
# A diarization label, in any case ("spk_0", "SPEAKER_01", "speaker 2", "ch_1"): a speaker wherever it stands.
_DIARIZED = re.compile(r"(?i:spk|spkr|speaker|ch|channel)[ _-]?\d{1,3}")
# A name in lower case, as some meeting tools write a login ("ashlee.kupor", "john smith"): a speaker only
# when it labels several lines of the file.
_LOOSE_NAME = re.compile(r"[a-z][\w'’.-]*(?:[ _-]+[a-z][\w'’.-]*){0,2}")

_BRACKET_PREFIX = re.compile(r"\s*\[([^\]\n]{1,40})\]\s*:?\s*(.*)", re.DOTALL)
_COLON_PREFIX = re.compile(r"\s*([^:\n]{1,40}?)\s*:\s*(.*)", re.DOTALL)
_DIALOGUE_DASH = re.compile(r"^\s*[-–—]\s+")
_DASH_PREFIX = re.compile(r"\s*([^\n]{1,40}?)\s*[-–—]\s+(.*)", re.DOTALL)


def normalise(name: str) -> str:
    """Lower case, punctuation to spaces, 'Agent1' to 'agent 1': the form the word lists use."""
    lowered = _LETTER_DIGIT.sub(" ", name.casefold())
    return " ".join(_NON_ALNUM.sub(" ", lowered).split())


def role_for_name(name: str) -> Speaker | None:
    """Return the role a speaker name stands for, or None when it could be either or neither."""
    words = normalise(name).split()
    while words and words[-1].isdigit():  # "Agent 2", "Caller #1"
        words.pop()
    if not words:
        return None
    phrase = " ".join(words)
    first, last = words[0], words[-1]
    if phrase in _CUSTOMER_PHRASES:
        return "customer"
    # The last word is the head of an English noun phrase: "support agent", "customer service rep".
    if last in AGENT_WORDS or (len(words) > 1 and last in _SERVICE_HEADS):
        return "agent"
    if last in CUSTOMER_WORDS:
        return "customer"
    # A role followed by a person's name: "Agent Smith", "Customer Jane Doe".
    if first in AGENT_WORDS:
        return "agent"
    if first in CUSTOMER_WORDS:
        return "customer"
    return None


def resolve_speaker(name: str, path: str, line: int | None = None, where: str = "") -> Speaker:
    """Role for a speaker name, or an InputError naming the unknown speaker and how to fix it."""
    role = role_for_name(name)
    if role is None:
        raise InputError(path, f"{where}unknown speaker '{name.strip()}'", line=line, hint=SPEAKER_HINT)
    return role


@dataclass(frozen=True)
class SpeakerPrefix:
    """A speaker label at the start of a text ("Agent: ...", "[Caller] ...", "AGENT - ...", "Bob: ...")."""

    name: str
    text: str  # the rest of the text, after the label
    role: Speaker | None  # None: it looks like a speaker label, but not one we can place
    kind: str = "role"  # "role" or "label" (a speaker wherever it stands), "name" or "loose" (see speaker_labels)


def find_speaker_prefix(text: str) -> SpeakerPrefix | None:
    """Find what may be a speaker label at the start of a text.

    A known role name counts in any of the three forms. Otherwise only before a colon or in brackets: a
    bracketed or diarization label ("[Bob]", "SPEAKER_00:"), a capitalised name ("Bob:", "Ashlee Kupor (SL):")
    or a lower-case one ("ashlee.kupor:"); whether a name is a speaker is decided over the whole file
    (speaker_labels), since "Order number: 4471" is text. A subtitle dialogue dash ("- Agent: ...") is allowed.
    """
    text = _DIALOGUE_DASH.sub("", text, count=1)
    for pattern, unknown_allowed in ((_BRACKET_PREFIX, True), (_COLON_PREFIX, True), (_DASH_PREFIX, False)):
        match = pattern.fullmatch(text)
        if not match:
            continue
        name, rest = match.group(1).strip(), match.group(2)
        role = role_for_name(name)
        if role is not None:
            return SpeakerPrefix(name, rest, role, "role")
        if not unknown_allowed:
            continue
        if pattern is _BRACKET_PREFIX or _DIARIZED.fullmatch(name):
            return SpeakerPrefix(name, rest, None, "label")
        if _NAME_LIKE.fullmatch(name):
            return SpeakerPrefix(name, rest, None, "name")
        if _LOOSE_NAME.fullmatch(name):
            return SpeakerPrefix(name, rest, None, "loose")
    return None


def speaker_labels(prefixes: Sequence[SpeakerPrefix | None]) -> list[bool]:
    """Which of a file's line prefixes are speakers (the others are part of the text).

    Role names and diarization or bracketed labels always are. A name is when it labels two lines or more: a
    speaker speaks more than once, "Order number:" rarely recurs. A capitalised name that labels one line only
    counts when the file would otherwise name fewer than two speakers ("Bob: hi" / "Alice: hello").
    """
    found = [p for p in prefixes if p is not None]
    counts: dict[str, int] = {}
    for prefix in found:
        counts[label_key(prefix.name)] = counts.get(label_key(prefix.name), 0) + 1
    sure = {label_key(p.name) for p in found if p.kind in ("role", "label") or counts[label_key(p.name)] > 1}
    once_ok = len(sure) < 2
    return [p is not None and (label_key(p.name) in sure or (once_ok and p.kind == "name")) for p in prefixes]


def label_key(label: str) -> str:
    """How speaker labels are compared: case and spacing aside ("SPK_1" is "spk_1", "Jane  Doe" is "Jane Doe")."""
    return " ".join(label.split()).casefold()
