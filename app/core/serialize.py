"""The `callcoach.analysis/1` JSON document and the readable summary of an analysis."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from callcoach.core.formatting import clock
from callcoach.core.metrics import Metrics, Timeline
from callcoach.core.model import Analysis, CriterionScore, Finding, Scores, Segment, SpeakerChoice, Transcript, Word
from callcoach.core.speaker_roles import describe_choice
from callcoach.core.vendor import VendorAnalytics

if TYPE_CHECKING:
    from callcoach.core.review import Review

SCHEMA = "callcoach.analysis/1"


def _segment(s: Segment) -> dict:
    out: dict = {
        "id": s.id,
        "speaker": s.speaker,
        "start": round(s.start, 3),
        "end": round(s.end, 3),
        "text": s.text,
        "sentiment": s.sentiment,
        "tags": list(s.tags),
    }
    if s.tag_scores:
        out["tag_scores"] = dict(sorted(s.tag_scores.items()))
    if s.restates is not None:
        out["restates"] = s.restates
    if s.words:
        out["words"] = [
            {
                "start": round(w.start, 3),
                "end": round(w.end, 3),
                "word": w.word,
                "probability": round(w.probability, 3),
            }
            for w in s.words
        ]
    return out


def finding_dict(f: Finding) -> dict:
    out = {k: v for k, v in asdict(f).items() if k not in ("suggestion", "confidence", "possible")}
    if f.suggestion is not None:
        out["suggestion"] = f.suggestion
    if f.confidence is not None:
        out["confidence"] = f.confidence
    if f.possible:
        out["possible"] = True
    return out


def to_dict(analysis: Analysis) -> dict:
    t = analysis.transcript
    scores = analysis.scores
    return {
        "schema": SCHEMA,
        "source": t.source,
        "duration": round(t.length, 3),
        "language": t.language,
        "model": t.model,
        "warnings": list(t.warnings),
        "segments": [_segment(s) for s in t.segments],
        "findings": [finding_dict(f) for f in analysis.findings],
        "metrics": analysis.metrics.to_json(analysis.timeline),
        "timeline": analysis.timeline.to_json(),
        "scores": {
            "overall": scores.overall,
            "passed": scores.passed,
            "pass_threshold": scores.pass_threshold,
            "rubric": scores.rubric,
            "rubric_version": scores.rubric_version,
            "auto_failed": scores.auto_failed,
            "criteria": [asdict(c) for c in scores.criteria],
            **({"attention": list(scores.attention)} if scores.attention else {}),
        },
        **({"agent_said": analysis.agent_said} if analysis.agent_said else {}),
        **({"speakers": t.speakers.to_json()} if t.speakers is not None else {}),
        **({"vendor": t.vendor.to_json()} if t.vendor is not None else {}),
    }


def summary(analysis: Analysis, reviewed: float | None = None) -> str:
    """A reviewer-readable plain-text summary: score, criteria, coaching moments.

    ``reviewed``: the call's overall with a reviewer's overrides; the one overall shown, marked as reviewed.
    """
    t, scores = analysis.transcript, analysis.scores
    overall = scores.overall if reviewed is None else reviewed
    verdict = "PASS" if scores.passes(overall) else "FAIL"
    marked = (
        f"reviewed; automatic {'none' if scores.overall is None else f'{scores.overall:g}'}, "
        if reviewed is not None
        else ""
    )
    lines = [
        f"{t.source}",
        f"  {clock(t.length)} long, {len(t.segments)} segments"
        + (f", language {t.language}" if t.language else "")
        + (f", model {t.model}" if t.model else ""),
        *([f"  {describe_choice(t.speakers)}"] if t.speakers is not None and t.speakers.how != "named" else []),
        "",
        f"Overall {overall:g}/100  {verdict} ({marked}pass at {scores.pass_threshold:g}, rubric '{scores.rubric}')"
        if overall is not None
        else f"NEEDS ATTENTION: no automatic score (rubric '{scores.rubric}'); {'; '.join(scores.attention)}",
    ]
    if scores.auto_failed:
        lines.append(f"  auto-fail: {', '.join(scores.auto_failed)}")
    for c in scores.criteria:
        value = "n/a" if c.score is None else f"{c.score:5.1f}"
        lines.append(f"  {c.name:<24} {value:>5}  (weight {c.weight:g})  {c.note}")
    talk = analysis.metrics.talk
    if talk is not None:
        a, c = talk.speakers["agent"], talk.speakers["customer"]
        lines += [
            "",
            f"Talk: agent {a.talk_ratio:.0%}, customer {c.talk_ratio:.0%}; "
            f"non-talk {talk.non_talk_time:.0f} s; "
            f"interruptions: agent {a.interruptions_made}, customer {c.interruptions_made}",
        ]
    change = analysis.timeline.customer_change
    if change.start is not None and change.end is not None:
        lines.append(f"Customer sentiment: {change.start:+.2f} at the start → {change.end:+.2f} at the end")
    if analysis.findings:
        lines += ["", "Coaching moments:"]
        for f in analysis.findings:
            lines.append(f"  [{clock(f.start)}] {f.kind}{' (possible)' if f.possible else ''}: {f.detail}")
            if f.suggestion:
                lines.append(f"           try: {f.suggestion}")
    return "\n".join(lines)


def from_dict(doc: dict) -> Analysis:
    """Rebuild an Analysis from its callcoach.analysis/1 document (as stored in the library)."""
    segments = [
        Segment(
            id=s["id"],
            speaker=s["speaker"],
            start=float(s["start"]),
            end=float(s["end"]),
            text=s["text"],
            words=[Word(w["start"], w["end"], w["word"], w.get("probability", 1.0)) for w in s.get("words", [])],
            sentiment=s.get("sentiment"),
            tags=list(s.get("tags", [])),
            tag_scores=dict(s.get("tag_scores", {})),
            restates=s.get("restates"),
        )
        for s in doc["segments"]
    ]
    transcript = Transcript(
        source=doc.get("source", ""),
        segments=segments,
        duration=doc.get("duration"),
        language=doc.get("language"),
        model=doc.get("model"),
        warnings=list(doc.get("warnings", [])),
        attention=list(doc["scores"].get("attention", [])),
        speakers=SpeakerChoice.from_json(doc["speakers"]) if "speakers" in doc else None,
        vendor=VendorAnalytics.from_json(doc["vendor"]) if "vendor" in doc else None,
    )
    findings = [
        Finding(
            f["kind"],
            f["speaker"],
            f["start"],
            f["end"],
            list(f["segment_ids"]),
            f["detail"],
            f.get("suggestion"),
            f.get("confidence"),
            bool(f.get("possible", False)),
        )
        for f in doc["findings"]
    ]
    sc = doc["scores"]
    scores = Scores(
        overall=sc["overall"],
        passed=sc["passed"],
        pass_threshold=sc["pass_threshold"],
        rubric=sc["rubric"],
        rubric_version=sc["rubric_version"],
        criteria=[CriterionScore(**c) for c in sc["criteria"]],
        auto_failed=list(sc.get("auto_failed", [])),
        attention=list(sc.get("attention", [])),
    )
    metrics, timeline = Metrics.from_json(doc.get("metrics") or {}), Timeline.from_json(doc.get("timeline") or {})
    return Analysis(transcript, findings, metrics, timeline, scores, doc.get("agent_said"))


def review_dict(review: Review | None, overall: float | None) -> dict[str, Any] | None:
    """A call's review as JSON (`show --json`, the JSON export): overrides, comments, the agent's answer."""
    if review is None:
        return None
    ack = review.acknowledgement
    return {
        "reviewer": review.reviewer,
        "overall": overall,
        "overrides": [
            {
                "criterion": o.criterion_id,
                "score": o.score,
                "reason": o.reason,
                "reviewer": o.reviewer,
                "at": o.at.isoformat(),
            }
            for o in review.overrides
        ],
        "comments": [
            {"text": c.text, "author": c.author, "at": c.at.isoformat(), "call_time": c.call_time}
            for c in review.comments
        ],
        "acknowledgement": None
        if ack is None
        else {"status": ack.status, "comment": ack.comment, "agent": ack.agent, "at": ack.at.isoformat()},
    }
