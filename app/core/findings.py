"""Coaching findings from tagged segments: missed empathy and paraphrase, negative language and more.

A finding spans the customer turn and the agent reply it concerns, so a reviewer lands on the moment
and hears both sides.
"""

from __future__ import annotations

from app.core.agent_tags import NegativeHit
from app.core.model import Finding, Segment
from app.core.phrases import Phrases

REPLY_WINDOW = 2  # the next two agent turns may carry the expected response
TURN_GAP = 1.0  # in a recording, one speaker's sentences closer than this form one turn


def group_turns(segments: list[Segment], merge_gap: float) -> list[list[Segment]]:
    """Consecutive same-speaker segments less than `merge_gap` apart, as turns.

    A transcript file's cues are turns as they stand (merge_gap 0); a recording is split into sentences,
    and a speaker's sentences without a real pause between them are one turn.
    """
    turns: list[list[Segment]] = []
    for segment in segments:
        last = turns[-1][-1] if turns else None
        if last is not None and last.speaker == segment.speaker and segment.start - last.end < merge_gap:
            turns[-1].append(segment)
        else:
            turns.append([segment])
    return turns


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def missing_response(
    turns: list[list[Segment]], flagged: dict[int, str], tag: str, kind: str, what: str, suggestion: str
) -> list[Finding]:
    """One finding per flagged customer turn that none of the next two agent turns answers with `tag`."""
    findings = []
    for index, turn in enumerate(turns):
        hits = [s for s in turn if s.id in flagged]
        if not hits:
            continue
        replies = [t for t in turns[index + 1 :] if t[0].speaker == "agent"][:REPLY_WINDOW]
        if not replies or any(tag in s.tags for t in replies for s in t):
            continue
        first = hits[0]
        findings.append(
            Finding(
                kind=kind,
                speaker="agent",
                start=first.start,
                end=max(s.end for t in replies for s in t),
                segment_ids=[s.id for s in hits] + [s.id for t in replies for s in t],
                detail=f"{what} ({flagged[first.id]}): '{_quote(' '.join(s.text for s in hits))}'",
                suggestion=suggestion,
            )
        )
    return findings


def negative_language_findings(turns: list[list[Segment]], hits: dict[int, NegativeHit]) -> list[Finding]:
    """One finding per agent turn with negative language, quoting its first instance."""
    findings = []
    for turn in turns:
        flagged = [s for s in turn if s.id in hits]
        if not flagged:
            continue
        hit = hits[flagged[0].id]
        findings.append(
            Finding(
                kind="negative_language",
                speaker="agent",
                start=flagged[0].start,
                end=flagged[-1].end,
                segment_ids=[s.id for s in flagged],
                detail=f"{hit.rule.name.replace('_', ' ')}: '{_quote(hit.sentence)}'",
                suggestion=hit.rule.suggestion,
            )
        )
    return findings


def call_level_findings(segments: list[Segment], problem_ids: list[int], phrases: Phrases) -> list[Finding]:
    """Findings about the call as a whole: profanity, no solution, no closing, no boundary."""
    agent = [s for s in segments if s.speaker == "agent"]
    findings = [
        Finding("agent_profanity", "agent", s.start, s.end, [s.id], f"agent profanity: '{_quote(s.text)}'",
                phrases.suggestions["agent_profanity"])
        for s in agent if "profanity" in s.tags
    ]  # fmt: skip
    if not agent:
        return findings
    if problem_ids and not any({"solution", "options", "escalation"} & set(s.tags) for s in agent):
        first = next(s for s in segments if s.id == problem_ids[0])
        findings.append(
            Finding("no_solution", "agent", first.start, agent[-1].end, [first.id, agent[-1].id],
                    "no concrete solution, option or escalation was offered", phrases.suggestions["no_solution"])
        )  # fmt: skip
    if len(segments) >= 6 and not any({"closing_summary", "next_steps"} & set(s.tags) for s in agent[-3:]):
        last = agent[-1]
        findings.append(
            Finding("no_closing_summary", "agent", last.start, last.end, [last.id],
                    "the call ends without a summary of what happens next", phrases.suggestions["no_closing_summary"])
        )  # fmt: skip
    abuse = [s for s in segments if s.speaker == "customer" and "profanity" in s.tags]
    if len(abuse) >= 2 and not any("boundary" in s.tags for s in agent):
        findings.append(
            Finding("missing_boundary", "agent", abuse[0].start, abuse[-1].end, [s.id for s in abuse],
                    f"the customer swore {len(abuse)} times and no boundary was set",
                    phrases.suggestions["missing_boundary"])
        )  # fmt: skip
    return findings
