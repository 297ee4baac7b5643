"""The analysis pipeline for one transcript: tags, sentiment, findings, metrics, timeline, scores.

Pure and deterministic: the same transcript and rubric always give the same result, which is what lets
a reviewer trust a re-run and a test pin the behaviour down.
"""

from __future__ import annotations

from app.core import agent_tags, customer_cues, timeline, timing
from app.core import findings as coaching
from app.core.facts import CallFacts
from app.core.model import Analysis, Finding, Segment, Transcript
from app.core.phrases import Phrases, default_phrases
from app.core.rubric import Rubric, default_rubric, score_call
from app.core.sentiment import agent_sentiment, customer_sentiment
from app.core.text import content_words


def analyze(transcript: Transcript, rubric: Rubric | None = None, phrases: Phrases | None = None) -> Analysis:
    phrases = phrases or default_phrases()
    rubric = rubric or default_rubric()
    segments = sorted(transcript.segments, key=lambda s: (s.start, s.id))
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

    metrics = timing.talk_metrics(segments, duration, interruptions) if transcript.has_timing else {}
    metrics["tags"] = _tag_counts(segments)
    metrics["findings"] = _finding_counts(findings)
    curve = timeline.sentiment_timeline(segments, duration)
    metrics["sentiment"] = {
        "mean": curve.get("mean"),
        "quarters": curve.get("quarters"),
        "customer_change": curve.get("customer_change"),
    }
    facts = CallFacts(segments, list(distress), list(problems), findings, metrics, curve)
    transcript.segments = segments
    return Analysis(transcript, findings, metrics, curve, score_call(rubric, facts))


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
        coaching.missing_response(
            turns, distress, "empathy", "missing_empathy", "customer distress not acknowledged",
            phrases.suggestions["missing_empathy"],
        )
        + coaching.missing_response(
            turns, problems, "paraphrase", "missing_paraphrase", "problem not restated",
            phrases.suggestions["missing_paraphrase"],
        )
        + coaching.negative_language_findings(turns, negative)
        + coaching.call_level_findings(segments, list(problems), phrases)
    )  # fmt: skip


def _tag_counts(segments: list[Segment]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {"agent": {}, "customer": {}}
    for s in segments:
        for tag in s.tags:
            counts[s.speaker][tag] = counts[s.speaker].get(tag, 0) + 1
    return counts


def _finding_counts(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts
