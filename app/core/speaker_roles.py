"""Which speaker is the agent: decided from what is said, not from channel position alone.

Agents greet, introduce themselves, offer help, put on hold and close; customers describe their problem.
The scores are simple counts over phrase patterns; position (who speaks first) only breaks a near-tie.
Recordings (two channels or two voices) and transcripts whose speakers are "spk_0"/"spk_1" use the same rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from callcoach.core.model import OTHER_ROLE, SPEAKERS, Analysis, Segment, SpeakerChoice, Transcript

# How the warnings about an automatic choice start (transcripts.speakers and the recording pipeline write them;
# a swap removes them).
AUTOMATIC_CHOICE = "the agent was chosen automatically"
UNSURE_CHOICE = "could not tell agent from customer by what was said"

# How a recording's two speakers are named where a choice is shown or kept (SpeakerChoice labels).
STEREO_TRACKS = ("left channel", "right channel")
MONO_TRACKS = ("first voice", "second voice")
TRACK_LABELS = {label: track for labels in (STEREO_TRACKS, MONO_TRACKS) for track, label in enumerate(labels)}

AGENT_CUES = [
    r"\bthank(s| you) for (calling|contacting|holding|waiting|your patience)\b",
    r"\bmy name is\b",
    r"\bthis is \w+( speaking)?\b",
    r"\bhow (can|may) i (help|assist)\b",
    r"\bwhat can i do for you\b",
    r"\b(let me|i'll|i will|i can) (check|look|see|pull|find|send|book|arrange|put)\b",
    r"\b(one moment|bear with me|please hold)\b",
    r"\byou're (fully )?covered\b",
    r"\bis there anything else\b",
    r"\b(can|could) i (have|get) (your|the)\b",
    r"\bwe can\b",
    r"\bour (records|system|team|policy)\b",
    r"\bthank(s| you) for (choosing|being)\b",
    r"\byour (account|order|booking|reservation|policy|claim|card|payment|details|postcode|date of birth|email)\b",
    r"\b(i'd be|i am|i'm) (happy|glad) to help\b",
]
CUSTOMER_CUES = [
    r"\bmy (\w+ )?(bill|order|account|card|machine|phone|internet|package|parcel|refund|booking|claim|prescription)\b",
    r"\bi (was|have been|got) (charged|billed|told|waiting)\b",
    r"\bi('m| am) calling (about|because)\b",
    r"\bi (need|want|would like)\b",
    r"\b(do|will|can) i (pay|get|have)\b",
    r"\bthank you so much\b",
    r"\bi('ve| have) (been|tried|called)\b",
    r"\bi (just )?(bought|ordered|booked|paid|received)\b",
]


@dataclass(frozen=True)
class RoleDecision:
    agent: int  # index of the speaker (channel or cluster) that is the agent
    scores: tuple[float, float]
    confident: bool
    reason: str


def _score(text: str) -> float:
    text = text.lower()
    agent = sum(len(re.findall(p, text)) for p in AGENT_CUES)
    customer = sum(len(re.findall(p, text)) for p in CUSTOMER_CUES)
    return float(agent - customer)


def decide_agent(texts: tuple[str, str], first_speaker: int | None = None) -> RoleDecision:
    """Pick the agent among two speakers from their words; `first_speaker` breaks a near-tie."""
    scores = (_score(texts[0]), _score(texts[1]))
    margin = scores[0] - scores[1]
    if abs(margin) >= 1:
        agent = 0 if margin > 0 else 1
        return RoleDecision(agent, scores, True, f"agent phrases: {scores[agent]:+.0f} vs {scores[1 - agent]:+.0f}")
    if first_speaker is not None:
        return RoleDecision(first_speaker, scores, False, "no clear agent phrases; the first speaker is taken as agent")
    return RoleDecision(0, scores, False, "no clear agent phrases; the first channel is taken as agent")


def swapped(transcript: Transcript) -> Transcript:
    """The same call with agent and customer the other way round (a reviewer's one-click fix of the choice).

    Analysis results in the segments (tags, sentiment) are dropped: they belong to the old roles. What the
    transcription service reported per speaker follows the speakers.
    """
    choice = transcript.speakers
    assert choice is not None, "can_swap_speakers() first: without the labels a swap cannot be kept"
    segments = [
        Segment(s.id, OTHER_ROLE[s.speaker], s.start, s.end, s.text, list(s.words)) for s in transcript.segments
    ]
    warnings = [w for w in transcript.warnings if not w.startswith((AUTOMATIC_CHOICE, UNSURE_CHOICE))]
    vendor = transcript.vendor.with_roles(OTHER_ROLE) if transcript.vendor is not None else None
    return replace(transcript, segments=segments, speakers=choice.swapped(), warnings=warnings, vendor=vendor)


def describe_choice(choice: SpeakerChoice) -> str:
    """Who is who, as the summary and the review screen say it: "Agent: spk_1 · Customer: spk_0 — chosen ..."."""
    names = {role: ", ".join(label for label, r in choice.roles.items() if r == role) for role in SPEAKERS}
    who = f"Agent: {names['agent'] or '—'} · Customer: {names['customer'] or '—'}"
    how = {
        "automatic": f"chosen automatically from what each says ({choice.reason})",
        "given": choice.reason or "as given",
        "swapped": "swapped by hand",
        "named": "as the file names them",
    }[choice.how]
    return f"{who} — {how}"


def can_swap_speakers(analysis: Analysis) -> bool:
    """Whether agent and customer can be swapped: both speak, and the call knows which label is which (every
    call analysed since this version; an older one is processed again first)."""
    t = analysis.transcript
    if {s.speaker for s in t.segments} != {"agent", "customer"}:
        return False
    return t.speakers is not None and t.speakers.swappable
