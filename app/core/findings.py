"""Coaching findings from tagged segments: missed empathy and paraphrase, negative language and more.

A finding spans the customer turn and the agent reply it concerns, so a reviewer lands on the moment
and hears both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from callcoach.core.coaching_tips import acknowledge, restate
from callcoach.core.model import Finding, Segment
from callcoach.core.phrases import Phrases

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


@dataclass
class Turn:
    """A speaker's turn. `listening` holds the other side's backchannels heard during it ("mm-hmm")."""

    speaker: str
    segments: list[Segment]
    listening: list[Segment] = field(default_factory=list)

    @property
    def real(self) -> bool:
        """A turn that says something: not only backchannels."""
        return bool(self.segments)


def conversation(turns: list[list[Segment]], backchannel: set[int], merge_customer: bool) -> list[Turn]:
    """Turns as a listener hears them: an agent turn of nothing but backchannels is no reply, and (in a
    recording, `merge_customer`) the customer's turn goes on across it, so a problem told in fragments with
    "mm-hmm" between them is one turn."""
    out: list[Turn] = []
    for segments in turns:
        speaker = segments[0].speaker
        only_backchannels = all(s.id in backchannel for s in segments)
        previous = out[-1] if out else None
        if speaker == "agent" and only_backchannels and previous is not None and previous.speaker == "customer":
            previous.listening.extend(segments)
            continue
        if merge_customer and speaker == "customer" and previous is not None and previous.speaker == "customer":
            previous.segments.extend(segments)
            continue
        if speaker == "agent" and only_backchannels:
            out.append(Turn(speaker, [], list(segments)))  # backchannels with no customer turn to attach to
            continue
        out.append(Turn(speaker, list(segments)))
    return out


def quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def missing_response(turns: list[Turn], flagged: set[int], tag: str, fallback_tip: str) -> list[Finding]:
    """One finding per flagged customer turn that none of the agent's next two real turns answers with `tag`
    (empathy: missing_empathy; paraphrase: missing_paraphrase).

    Its confidence is the weaker of the two judgements behind it: that the customer turn needed the response,
    and that no reply gave it. The tip is built from what this customer said (`fallback_tip` when nothing in
    it can be said back).
    """
    empathy = tag == "empathy"
    kind, cue = ("missing_empathy", "distress") if empathy else ("missing_paraphrase", "problem_statement")
    what = "customer distress not acknowledged" if empathy else "problem not restated"
    findings = []
    for index, turn in enumerate(turns):
        if turn.speaker != "customer" or not turn.segments or turn.segments[0].id not in flagged:
            continue
        replies = [t for t in turns[index + 1 :] if t.speaker == "agent" and t.real][:REPLY_WINDOW]
        said = [s for t in replies for s in t.segments]
        if not replies or any(tag in s.tags for s in said):
            continue
        first = turn.segments[0]
        needed = first.tag_scores.get(cue, 1.0)
        answered = max((s.tag_scores.get(tag, 0.0) for s in said), default=0.0)
        text = " ".join(s.text for s in turn.segments)
        findings.append(
            Finding(
                kind=kind,
                speaker="agent",
                start=first.start,
                end=max(s.end for s in said),
                segment_ids=[s.id for s in turn.segments] + [s.id for s in said],
                detail=f"{what}: '{quote(text)}'",
                suggestion=acknowledge(text, fallback_tip) if empathy else restate(text, fallback_tip),
                confidence=round(min(needed, 1.0 - answered), 3),
            )
        )
    return findings


def likeliest_solution(agent: list[Segment]) -> tuple[Segment, float] | None:
    """The model-scored agent segment likeliest to offer a solution or options, with that score (None when the
    model scored none). `no_solution` is as sure as one minus this score, and the rubric points at it."""
    scored = [
        (s, max(s.tag_scores.get("solution", 0.0), s.tag_scores.get("options", 0.0))) for s in agent if s.tag_scores
    ]
    return max(scored, key=lambda pair: pair[1]) if scored else None


def _no_solution_confidence(agent: list[Segment]) -> float | None:
    """How sure the detectors are that no agent turn offered a solution or options (None: a rule alone)."""
    likeliest = likeliest_solution(agent)
    return round(1.0 - likeliest[1], 3) if likeliest else None


def call_level_findings(segments: list[Segment], problem_ids: list[int], phrases: Phrases) -> list[Finding]:
    """Findings about the call as a whole: profanity, no solution, no closing, no boundary."""
    agent = [s for s in segments if s.speaker == "agent"]
    findings = [
        Finding("agent_profanity", "agent", s.start, s.end, [s.id], f"agent profanity: '{quote(s.text)}'",
                phrases.suggestions["agent_profanity"])
        for s in agent if "profanity" in s.tags
    ]  # fmt: skip
    if not agent:
        return findings
    if problem_ids and not any({"solution", "options", "escalation"} & set(s.tags) for s in agent):
        first = next(s for s in segments if s.id == problem_ids[0])
        findings.append(
            Finding("no_solution", "agent", first.start, agent[-1].end, [first.id, agent[-1].id],
                    "no concrete solution, option or escalation was offered", phrases.suggestions["no_solution"],
                    confidence=_no_solution_confidence(agent))
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
