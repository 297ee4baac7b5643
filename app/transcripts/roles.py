"""Map the speaker names found in transcripts to the two roles the analysis knows: agent and customer.

Transcripts name speakers in many ways ("Rep", "Support Agent", "Caller", "CUSTOMER", "Agent 1"). The
analysis judges agent behaviour, so a wrong role would score the wrong person: a name we cannot place
is an error that names it, never a guess.
"""

from __future__ import annotations

import re
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
# A speaker-like label: capitalised words or numbers ("Bob", "Speaker 1", "SPEAKER_01", "Dr. Lee"), a Zoom
# name with its suffix ("Ashlee Kupor (SL)"), or a diarization label in lower case ("spk_0", "speaker 2").
_NAME_LIKE = re.compile(
    r"(?:[A-Z][\w'’.-]*|(?i:spk|spkr|speaker|ch|channel)[ _-]?\d{1,3})"
    r"(?:[ _-]+(?:[A-Z][\w'’.-]*|\d+|\([^()\n]{1,24}\))){0,4}"
)

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
    """A speaker label at the start of a text ("Agent: ...", "[Caller] ...", "AGENT - ...")."""

    name: str
    text: str  # the rest of the text, after the label
    role: Speaker | None  # None: it looks like a speaker label, but not one we can place


def find_speaker_prefix(text: str) -> SpeakerPrefix | None:
    """Find a speaker label at the start of a text.

    A known role name counts in any of the three forms. An unknown name counts only before a colon or in
    brackets and only if it looks like a name ("Bob", "Speaker 1"), so that it can be reported as an
    unknown speaker; ordinary text with a colon or a dash is not mistaken for a label. A subtitle
    dialogue dash before the label ("- Agent: ...") is allowed.
    """
    text = _DIALOGUE_DASH.sub("", text, count=1)
    for pattern, unknown_allowed in ((_BRACKET_PREFIX, True), (_COLON_PREFIX, True), (_DASH_PREFIX, False)):
        match = pattern.fullmatch(text)
        if not match:
            continue
        name, rest = match.group(1).strip(), match.group(2)
        role = role_for_name(name)
        if role is not None:
            return SpeakerPrefix(name, rest, role)
        if unknown_allowed and _NAME_LIKE.fullmatch(name):
            return SpeakerPrefix(name, rest, None)
    return None
