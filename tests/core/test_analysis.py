"""The whole analysis of one hand-written call: tags, findings, metrics, timeline, scores."""

import re

from callcoach.core.analysis import analyze
from callcoach.core.model import Transcript
from callcoach.core.serialize import SCHEMA, summary, to_dict
from tests.calls import make_call


def kinds(analysis) -> list[str]:
    return [f.kind for f in analysis.findings]


def test_tags_on_the_difficult_call(difficult_call: Transcript) -> None:
    a = analyze(difficult_call)
    seg = {s.id: s for s in a.transcript.segments}
    assert "negative_language" in seg[2].tags
    assert {"empathy", "paraphrase", "apology"} <= set(seg[4].tags)
    assert "options" in seg[6].tags
    assert {"distress", "problem_statement"} <= set(seg[1].tags)
    assert "greeting" in seg[0].tags


def test_findings_on_the_difficult_call(difficult_call: Transcript) -> None:
    a = analyze(difficult_call)
    found = kinds(a)
    assert found.count("interruption") == 1
    interruption = next(f for f in a.findings if f.kind == "interruption")
    assert interruption.speaker == "agent" and interruption.segment_ids == [1, 2]
    assert abs((interruption.end - interruption.start) - 1.0) < 1e-6
    negative = next(f for f in a.findings if f.kind == "negative_language")
    assert negative.segment_ids == [2] and negative.suggestion
    # empathy arrived in the second agent reply, so distress was answered in time
    assert "missing_empathy" not in found
    assert "long_silence" in found  # 14 s of dead air before the options


def test_missing_empathy_spans_customer_and_replies() -> None:
    call = make_call(
        [
            ("customer", 0.0, 5.0, "This is ridiculous, my card was charged twice for one order!!"),
            ("agent", 5.5, 8.0, "What is the order number?"),
            ("customer", 8.5, 9.5, "It's 5512."),
            ("agent", 10.0, 14.0, "The second charge will drop off within three days."),
            ("agent", 14.5, 16.0, "Anything else?"),
        ]
    )
    a = analyze(call)
    missing = [f for f in a.findings if f.kind == "missing_empathy"]
    assert len(missing) == 1
    assert (missing[0].start, missing[0].end) == (0.0, 14.0)
    assert missing[0].segment_ids == [0, 1, 3]


def test_metrics_and_timeline(difficult_call: Transcript) -> None:
    a = analyze(difficult_call)
    assert a.metrics.talk is not None
    agent = a.metrics.talk.speakers["agent"]
    assert agent.interruptions_made == 1
    assert 0.5 < agent.talk_ratio < 0.8
    assert a.metrics.talk.non_talk_time >= 13.9
    change = a.timeline.customer_change
    assert change.start is not None and change.end is not None and change.start < 0 < change.end
    assert len(a.timeline.quarters["customer"]) == 4


def test_agent_empathy_is_not_negative_sentiment(difficult_call: Transcript) -> None:
    a = analyze(difficult_call)
    seg = {s.id: s for s in a.transcript.segments}
    assert seg[4].sentiment >= 0  # "I'm sorry for the frustration" is support, not negativity
    assert seg[2].sentiment < 0
    assert seg[1].sentiment < 0


def test_scores_carry_evidence_and_notes(difficult_call: Transcript) -> None:
    a = analyze(difficult_call)
    criteria = {c.id: c for c in a.scores.criteria}
    assert sum(c.weight for c in a.scores.criteria) == 100
    assert criteria["positive_language"].evidence == [2]
    assert criteria["positive_language"].score == 75
    # every distress moment (the complaint, and perhaps "Nobody told me about any form.") got its empathy in time
    acknowledged = re.search(r"\b(\d+) of (\d+) distress moments acknowledged", criteria["empathy"].note)
    assert criteria["empathy"].score == 100 and acknowledged and acknowledged[1] == acknowledged[2] != "0"
    assert all(c.note for c in a.scores.criteria)
    assert 0 <= a.scores.overall <= 100


def test_analysis_is_deterministic(difficult_call: Transcript) -> None:
    first = to_dict(analyze(difficult_call))
    second = to_dict(analyze(difficult_call))
    assert first == second


def test_json_document_shape(difficult_call: Transcript) -> None:
    doc = to_dict(analyze(difficult_call))
    assert doc["schema"] == SCHEMA
    assert {"source", "duration", "segments", "findings", "metrics", "scores", "timeline", "warnings"} <= set(doc)
    seg = doc["segments"][0]
    assert {"id", "speaker", "start", "end", "text", "sentiment", "tags"} <= set(seg)
    finding = doc["findings"][0]
    assert {"kind", "speaker", "start", "end", "segment_ids", "detail"} <= set(finding)
    crit = doc["scores"]["criteria"][0]
    assert {"id", "name", "weight", "score", "evidence", "note"} <= set(crit)


def test_agent_profanity_auto_fails() -> None:
    call = make_call(
        [
            ("customer", 0.0, 4.0, "My parcel is late again."),
            ("agent", 4.5, 7.0, "Well that's a damn shame, I'll resend it today."),
        ]
    )
    a = analyze(call)
    assert "agent_profanity" in kinds(a)
    assert a.scores.overall == 0 and not a.scores.passed
    assert a.scores.auto_failed == ["Agent used profanity"]


def test_transcript_without_timing_has_no_timing_findings() -> None:
    call = make_call([("customer", 0, 5, "Hi there."), ("agent", 1, 6, "Hello, how can I help?")])
    call.has_timing = False
    a = analyze(call)
    assert "interruption" not in kinds(a)
    assert a.metrics.talk is None and "speakers" not in to_dict(a)["metrics"]


def test_summary_is_readable(difficult_call: Transcript) -> None:
    text = summary(analyze(difficult_call))
    assert "Overall" in text and "Coaching moments" in text
    assert "negative_language" in text and "try:" in text


def test_json_document_round_trips(difficult_call: Transcript) -> None:
    from callcoach.core.serialize import from_dict

    doc = to_dict(analyze(difficult_call))
    assert to_dict(from_dict(doc)) == doc


def test_analyze_returns_new_objects_and_leaves_its_input_alone(difficult_call: Transcript) -> None:
    """The review screen re-analyses a corrected transcript it still shows: analyze must not change that one."""
    import copy
    from dataclasses import replace

    stale = replace(difficult_call, segments=[replace(s, tags=["greeting"]) for s in difficult_call.segments])
    before = copy.deepcopy(stale)
    a = analyze(stale)
    assert stale == before
    assert a.transcript is not stale and not any(
        new is old or new.tags is old.tags for new, old in zip(a.transcript.segments, stale.segments, strict=True)
    )
    assert a.transcript.segments[2].tags != ["greeting"]  # the stale tags were replaced, in the new objects only
