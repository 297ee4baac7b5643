"""The baseline for bench/devset_score.py: the phrase-rule analysis CallCoach had before the learned detectors.

Kept verbatim (tags from the phrase lists and hand-written rules in app/core/agent_tags.py and customer_cues.py)
so every figure of the learned detectors is printed beside what the rules did on the same data. Not product code.
"""

from __future__ import annotations

from dataclasses import replace

from callcoach.core import agent_tags, customer_cues, timeline, timing
from callcoach.core import findings as coaching
from callcoach.core.agent_tags import NegativeHit
from callcoach.core.analysis import finding_counts, tag_counts
from callcoach.core.facts import CallFacts
from callcoach.core.findings import quote
from callcoach.core.metrics import Metrics
from callcoach.core.model import Analysis, Finding, Segment, Transcript
from callcoach.core.phrases import Phrases, default_phrases
from callcoach.core.rubric import Rubric, default_rubric, score_call
from callcoach.core.sentiment import agent_sentiment, customer_sentiment
from callcoach.core.text import content_words


def analyze_rules(transcript: Transcript, rubric: Rubric | None = None, phrases: Phrases | None = None) -> Analysis:
    phrases = phrases or default_phrases()
    rubric = rubric or default_rubric()
    segments = [replace(s, tags=[]) for s in sorted(transcript.segments, key=lambda s: (s.start, s.id))]
    distress: dict[int, str] = {}
    problems: dict[int, str] = {}
    negative: dict[int, agent_tags.NegativeHit] = {}

    # A recording is split into sentences; judge a customer's whole turn, tag each agent sentence.
    merge_gap = coaching.TURN_GAP if any(s.words for s in segments) else 0.0
    turns = coaching.group_turns(segments, merge_gap)
    customer_words: set[str] = set()
    problem_words: set[str] = set()
    previous: list[Segment] | None = None
    for turn in turns:
        if turn[0].speaker == "customer":
            _customer_turn(turn, previous, customer_words, problem_words, distress, problems, phrases)
        else:
            for i, segment in enumerate(turn):
                following = " ".join(s.text for s in turn[i + 1 : i + 2])
                segment.tags = _agent_tags(segment, following, problem_words or customer_words, phrases, negative)
                segment.sentiment = agent_sentiment(segment.text, segment.tags, phrases)
        previous = turn

    duration = transcript.length
    findings: list[Finding] = []
    interruptions: list[Finding] = []
    periods: list[tuple[float, float]] = []
    if transcript.has_timing:
        interruptions = timing.find_interruptions(segments, lambda s: agent_tags.is_backchannel(s.text, phrases))
        periods = timing.non_talk_periods(segments, duration)
        findings += interruptions + timing.long_silence_findings(periods, segments)
    findings += agent_tags_findings(segments, turns, distress, problems, negative, phrases)
    findings.sort(key=lambda f: (f.start, f.kind))

    talk = timing.talk_metrics(segments, duration, interruptions) if transcript.has_timing else None
    metrics = Metrics(talk, tag_counts(segments), finding_counts(findings))
    curve = timeline.sentiment_timeline(segments, duration)
    facts = CallFacts(segments, list(distress), list(problems), findings, metrics, curve)
    return Analysis(replace(transcript, segments=segments), findings, metrics, curve, score_call(rubric, facts))


def _customer_turn(
    turn: list[Segment],
    previous: list[Segment] | None,
    customer_words: set[str],
    problem_words: set[str],
    distress: dict[int, str],
    problems: dict[int, str],
    phrases: Phrases,
) -> None:
    """Flag a customer turn (distress, problem statement) on its first segment; tag and score each segment."""
    text = " ".join(s.text for s in turn)
    whole = Segment(turn[0].id, "customer", turn[0].start, turn[-1].end, text)
    cue = customer_cues.classify_customer(
        whole,
        customer_words,
        problem_before=bool(problem_words),
        follows_agent=previous is not None and previous[0].speaker == "agent",
        phrases=phrases,
    )
    if cue.distress:
        distress[whole.id] = cue.distress_reason or "distress"
    if cue.problem:
        problems[whole.id] = "states a problem"
        problem_words.update(content_words(text, phrases.stopwords))
    customer_words.update(content_words(text, phrases.stopwords))
    for segment in turn:
        tags = []
        if cue.distress:
            tags.append("distress")
        if cue.sarcasm:
            tags.append("sarcasm")
        if cue.problem:
            tags.append("problem_statement")
        if agent_tags.profanity(segment.text, phrases):
            tags.append("profanity")
        if agent_tags.is_backchannel(segment.text, phrases):
            tags.append("backchannel")
        segment.tags = tags
        segment.sentiment = customer_sentiment(segment.text, cue.distress, cue.sarcasm)


def _agent_tags(
    segment: Segment,
    following: str,
    problem_context: set[str],
    phrases: Phrases,
    negative: dict[int, agent_tags.NegativeHit],
) -> list[str]:
    hit = agent_tags.negative_language(segment.text, phrases, following)
    tags = agent_tags.simple_tags(segment.text, phrases)
    if agent_tags.empathy(segment.text, phrases, hit):
        tags.append("empathy")
    if agent_tags.paraphrase(segment.text, problem_context, phrases):
        tags.append("paraphrase")
    if hit:
        negative[segment.id] = hit
        tags.append("negative_language")
    if agent_tags.profanity(segment.text, phrases):
        tags.append("profanity")
    if agent_tags.is_backchannel(segment.text, phrases):
        tags.append("backchannel")
    return sorted(set(tags))


def agent_tags_findings(
    segments: list[Segment],
    turns: list[list[Segment]],
    distress: dict[int, str],
    problems: dict[int, str],
    negative: dict[int, agent_tags.NegativeHit],
    phrases: Phrases,
) -> list[Finding]:
    return (
        missing_response(
            turns, distress, "empathy", "missing_empathy", "customer distress not acknowledged",
            phrases.suggestions["missing_empathy"],
        )
        + missing_response(
            turns, problems, "paraphrase", "missing_paraphrase", "problem not restated",
            phrases.suggestions["missing_paraphrase"],
        )
        + negative_language_findings(turns, negative)
        + coaching.call_level_findings(segments, list(problems), phrases)
    )  # fmt: skip


def missing_response(
    turns: list[list[Segment]], flagged: dict[int, str], tag: str, kind: str, what: str, suggestion: str
) -> list[Finding]:
    """One finding per flagged customer turn that none of the next two agent turns answers with `tag`."""
    findings = []
    for index, turn in enumerate(turns):
        hits = [s for s in turn if s.id in flagged]
        if not hits:
            continue
        replies = [t for t in turns[index + 1 :] if t[0].speaker == "agent"][: coaching.REPLY_WINDOW]
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
                detail=f"{what} ({flagged[first.id]}): '{quote(' '.join(s.text for s in hits))}'",
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
                detail=f"{hit.rule.name.replace('_', ' ')}: '{quote(hit.sentence)}'",
                suggestion=hit.rule.suggestion,
            )
        )
    return findings
