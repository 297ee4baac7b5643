"""The analysis pipeline for one transcript: tags, sentiment, findings, metrics, timeline, scores.

Pure and deterministic: the same transcript and rubric always give the same result, and the transcript passed
in is left as it was (the analysis works on copies of its segments). Tags come from the learned detectors
(app/core/detectors) with the phrase lists' always/never overrides on top; the practice tags without a trained
head (apology, thanks, greeting, boundary, escalation), backchannels and profanity come from the phrase lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from callcoach.core import agent_tags, timeline, timing
from callcoach.core import findings as coaching
from callcoach.core.agent_name import said_name
from callcoach.core.coaching_tips import has_rewrite, rephrase
from callcoach.core.detectors.detector import Detector, default_detector
from callcoach.core.detectors.features import Unit
from callcoach.core.detectors.heads import AGENT_HEADS, CUSTOMER_HEADS
from callcoach.core.detectors.scoring import texts_to_embed
from callcoach.core.facts import CallFacts
from callcoach.core.metrics import Metrics
from callcoach.core.model import Analysis, Finding, Segment, Transcript
from callcoach.core.phrases import Phrases, any_match, default_phrases
from callcoach.core.rubric import Rubric, default_rubric, score_call
from callcoach.core.sentiment import agent_sentiment, customer_sentiment
from callcoach.core.text import normalize

POSSIBLE_BELOW = 0.6  # a finding whose confidence is below this is shown as "possible", not as a fault
_RULE_TAGS = ("apology", "thanks", "greeting", "boundary", "escalation")  # no trained head: the phrase list decides


@dataclass(frozen=True)
class Settings:
    """What a reviewer may change about how findings are reported."""

    possible_below: float = POSSIBLE_BELOW


def analyze(
    transcript: Transcript,
    rubric: Rubric | None = None,
    phrases: Phrases | None = None,
    detector: Detector | None = None,
    settings: Settings | None = None,
) -> Analysis:
    phrases = phrases or default_phrases()
    rubric = rubric or default_rubric()
    detector = detector or default_detector()
    settings = settings or Settings()
    segments = [
        replace(s, tags=[], tag_scores={}, sentiment=None, restates=None)
        for s in sorted(transcript.segments, key=lambda s: (s.start, s.id))
    ]
    backchannel, conversation, units, owners = _detector_view(segments, phrases)
    results = detector.score(units)
    flags = _apply(conversation, units, owners, results, detector, phrases, backchannel)

    duration = transcript.length
    findings: list[Finding] = []
    interruptions: list[Finding] = []
    periods: list[tuple[float, float]] = []
    if transcript.has_timing:
        interruptions = timing.find_interruptions(segments, lambda s: s.id in backchannel)
        periods = timing.non_talk_periods(segments, duration)
        findings += interruptions + timing.long_silence_findings(periods, segments)
    tips = phrases.suggestions
    findings += coaching.missing_response(conversation, flags.distress, "empathy", tips["missing_empathy"])
    findings += coaching.missing_response(conversation, flags.problems, "paraphrase", tips["missing_paraphrase"])
    findings += _negative_findings(conversation)
    findings += coaching.call_level_findings(segments, sorted(flags.problems), phrases)
    findings = [_mark_possible(f, settings) for f in findings]
    findings.sort(key=lambda f: (f.start, f.kind))

    talk = timing.talk_metrics(segments, duration, interruptions) if transcript.has_timing else None
    metrics = Metrics(talk, tag_counts(segments), finding_counts(findings))
    curve = timeline.sentiment_timeline(segments, duration)
    facts = CallFacts(segments, sorted(flags.distress), sorted(flags.problems), findings, metrics, curve)
    attention = needs_attention(transcript, segments)
    result = replace(transcript, segments=segments, warnings=list(transcript.warnings), attention=attention)
    scores = score_call(rubric, facts)
    if attention:  # the criteria stay for the reviewer to see; no automatic overall, no pass/fail
        scores = replace(scores, overall=None, passed=None, attention=list(attention))
    return Analysis(result, findings, metrics, curve, scores, said_name(segments))


def needs_attention(transcript: Transcript, segments: list[Segment]) -> list[str]:
    """Why this call cannot be scored automatically: what transcription found, and a call with no agent speech."""
    reasons = list(transcript.attention)
    if not reasons and not any(s.speaker == "agent" and s.text.strip() for s in segments):
        reasons.append("nothing the agent said was found, so there is nothing to score")
    return reasons


def _detector_view(
    segments: list[Segment], phrases: Phrases
) -> tuple[set[int], list[coaching.Turn], list[Unit], list[list[Segment]]]:
    """The backchannels, the conversation's turns, and the units the detectors score with their segments.

    A recording is split into sentences: a speaker's sentences without a real pause are one turn, and a
    customer's turn goes on across the agent's backchannels. A transcript file's cues are turns as they stand.
    """
    backchannel = {s.id for s in segments if agent_tags.is_backchannel(s.text, phrases)}
    recording = any(s.words for s in segments)
    turns = coaching.group_turns(segments, coaching.TURN_GAP if recording else 0.0)
    conversation = coaching.conversation(turns, backchannel, merge_customer=recording)
    units, owners = _units(conversation, backchannel)
    return backchannel, conversation, units, owners


def detector_texts(transcript: Transcript, phrases: Phrases | None = None) -> list[str]:
    """The texts analyze() will embed for this transcript: the library looks their vectors up first."""
    segments = sorted(transcript.segments, key=lambda s: (s.start, s.id))
    return texts_to_embed(_detector_view(segments, phrases or default_phrases())[2])


@dataclass
class _Flags:
    distress: set[int]  # the first segment id of each customer turn in distress
    problems: set[int]  # ... and of each that states a problem


def _units(conversation: list[coaching.Turn], backchannel: set[int]) -> tuple[list[Unit], list[list[Segment]]]:
    """The detectors' view: each speaker turn as one unit, as the corpus was labelled (a recording's sentences
    without a pause between them are one turn; the agent's backchannels are left out)."""
    units: list[Unit] = []
    owners: list[list[Segment]] = []
    for turn in conversation:
        said = [s for s in turn.segments if turn.speaker == "customer" or s.id not in backchannel]
        if said:
            units.append(Unit(turn.speaker, " ".join(s.text for s in said)))
            owners.append(said)
    return units, owners


def _decide(tag: str, text: str, scores: dict[str, float], detector: Detector, phrases: Phrases) -> bool:
    """The model's call at the head's threshold, then the phrase lists' final word: `always` raises the tag and
    `never` keeps it off (never wins). An overridden tag's confidence becomes 1 or 0 in `scores`: the team's list
    is certain, and a finding built on it is not "possible"."""
    always, never = phrases.overrides.get(tag, ((), ()))
    norm = normalize(text)
    if any_match(never, norm):
        scores[tag] = 0.0
        return False
    if any_match(always, norm):
        scores[tag] = 1.0
        return True
    return scores[tag] >= detector.threshold(tag)


def _apply(
    conversation: list[coaching.Turn],
    units: list[Unit],
    owners: list[list[Segment]],
    results: list,
    detector: Detector,
    phrases: Phrases,
    backchannel: set[int],
) -> _Flags:
    flags = _Flags(set(), set())
    for unit, segs, result in zip(units, owners, results, strict=True):
        scores = dict(result.scores)
        if unit.speaker == "customer":
            on = {t: _decide(t, unit.text, scores, detector, phrases) for t in CUSTOMER_HEADS}
            on["distress"] = on["distress"] or on["sarcasm"]
            if on["distress"]:
                flags.distress.add(segs[0].id)
            if on["problem_statement"]:
                flags.problems.add(segs[0].id)
            for s in segs:
                s.tags = [t for t in CUSTOMER_HEADS if on[t]]
                s.tag_scores = {t: round(scores[t], 3) for t in CUSTOMER_HEADS}
            continue
        if result.restates is None:
            scores["paraphrase"] = 0.0  # nothing the customer said before to restate
        tags = {t for t in (*AGENT_HEADS, "paraphrase") if _decide(t, unit.text, scores, detector, phrases)}
        for s in segs:
            if "paraphrase" in tags and result.restates is not None:
                s.restates = owners[result.restates][0].id
            s.tags = sorted(tags | {t for t in agent_tags.simple_tags(s.text, phrases) if t in _RULE_TAGS})
            s.tag_scores = {t: round(scores[t], 3) for t in (*AGENT_HEADS, "paraphrase")}
    for turn in conversation:
        for s in turn.segments + turn.listening:
            if agent_tags.profanity(s.text, phrases):
                s.tags = sorted({*s.tags, "profanity"})
            if s.id in backchannel:
                s.tags = sorted({*s.tags, "backchannel"})
            if s.speaker == "agent":
                s.sentiment = agent_sentiment(s.text, s.tags, phrases)
            else:
                s.sentiment = customer_sentiment(s.text, "distress" in s.tags, "sarcasm" in s.tags)
    return flags


def _negative_findings(conversation: list[coaching.Turn]) -> list[Finding]:
    """One finding per agent turn with negative language, quoting it and rewriting that very sentence."""
    findings = []
    for turn in conversation:
        flagged = [s for s in turn.segments if "negative_language" in s.tags]
        if turn.speaker != "agent" or not flagged:
            continue
        worst = next((s for s in flagged if has_rewrite(s.text)), flagged[0])  # the sentence that says it
        findings.append(
            Finding(
                kind="negative_language",
                speaker="agent",
                start=flagged[0].start,
                end=flagged[-1].end,
                segment_ids=[s.id for s in flagged],
                detail=f"negative language: '{coaching.quote(worst.text)}'",
                suggestion=rephrase(worst.text),
                confidence=worst.tag_scores.get("negative_language"),
            )
        )
    return findings


def _mark_possible(finding: Finding, settings: Settings) -> Finding:
    if finding.confidence is None or finding.confidence >= settings.possible_below:
        return finding
    return replace(finding, possible=True)


def tag_counts(segments: list[Segment]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {"agent": {}, "customer": {}}
    for s in segments:
        for tag in s.tags:
            counts[s.speaker][tag] = counts[s.speaker].get(tag, 0) + 1
    return counts


def finding_counts(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts
