"""Coaching findings from tagged segments: missed empathy and paraphrase, negative language and more.

A finding spans the customer turn and the agent reply it concerns, so a reviewer lands on the moment
and hears both sides.
"""

from __future__ import annotations

from app.core.agent_tags import NegativeHit
from app.core.model import Finding, Segment
from app.core.phrases import Phrases

REPLY_WINDOW = 2  # the next two agent turns may carry the expected response


def _next_agent_turns(segments: list[Segment], index: int) -> list[Segment]:
    return [s for s in segments[index + 1 :] if s.speaker == "agent"][:REPLY_WINDOW]


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def missing_response(
    segments: list[Segment], flagged: dict[int, str], tag: str, kind: str, what: str, suggestion: str
) -> list[Finding]:
    """One finding per flagged customer turn that none of the next two agent turns answers with `tag`."""
    findings = []
    for index, segment in enumerate(segments):
        if segment.id not in flagged:
            continue
        replies = _next_agent_turns(segments, index)
        if not replies or any(tag in r.tags for r in replies):
            continue
        findings.append(
            Finding(
                kind=kind,
                speaker="agent",
                start=segment.start,
                end=max(r.end for r in replies),
                segment_ids=[segment.id] + [r.id for r in replies],
                detail=f"{what} ({flagged[segment.id]}): '{_quote(segment.text)}'",
                suggestion=suggestion,
            )
        )
    return findings


def negative_language_findings(segments: list[Segment], hits: dict[int, NegativeHit]) -> list[Finding]:
    return [
        Finding(
            kind="negative_language",
            speaker="agent",
            start=s.start,
            end=s.end,
            segment_ids=[s.id],
            detail=f"{hits[s.id].rule.name.replace('_', ' ')}: '{_quote(hits[s.id].sentence)}'",
            suggestion=hits[s.id].rule.suggestion,
        )
        for s in segments
        if s.id in hits
    ]


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
