"""The agent's name as they say it ("my name is Priya", "this is Travis speaking"): a suggestion for a call that
was imported without one, never set on its own (a reviewer confirms it)."""

from __future__ import annotations

import re

from callcoach.core.model import Segment

FIRST_TURNS = 3  # an agent introduces themselves at the start of the call
_NAME = r"([A-ZÀ-Ý][a-zà-ÿ'-]+(?: [A-ZÀ-Ý][a-zà-ÿ'-]+)?)"
_SAID = (  # the phrase in any case, the name capitalised (as Whisper and transcripts write names)
    re.compile(rf"(?i:\bmy name(?: is|'s))\s+{_NAME}"),
    re.compile(rf"(?i:\bthis is)\s+{_NAME}(?=\s+(?i:speaking|here|from|with|at|on)\b|[,.!]|\s+(?i:how)\b)"),
    re.compile(rf"(?i:\byou'?re (?:speaking|talking) (?:to|with))\s+{_NAME}"),
    re.compile(rf"\b{_NAME}\s+(?i:speaking)\b"),
)
_NOT_NAMES = frozenset(
    {"Thank", "Thanks", "Hello", "Hi", "Good", "Customer", "Service", "Support", "Billing", "The", "How", "What",
     "And", "I", "Can", "From", "With", "Speaking", "Calling", "Here", "Your", "Today"}
)  # fmt: skip


def said_name(segments: list[Segment]) -> str | None:
    """The name the agent gives in their first turns, if any."""
    turns = [s.text for s in segments if s.speaker == "agent"][:FIRST_TURNS]
    for text in turns:
        for pattern in _SAID:
            for match in pattern.finditer(text):
                name = match.group(1)
                first = name.split()[0]
                if first not in _NOT_NAMES:
                    return name if name.split()[-1] not in _NOT_NAMES else first
    return None


def suggested_agent(assigned: str | None, said: str | None) -> str:
    """Whom agent mode first offers to act as: the call's agent, else the name said on the call, else nobody ("")."""
    return (assigned or "").strip() or (said or "").strip()
