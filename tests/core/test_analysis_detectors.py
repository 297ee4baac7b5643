"""The analysis on top of the learned detectors: turns not fragments, confidence, possible findings, tips from
the call, the phrase lists' final word, and a transcript left as it was given."""

from __future__ import annotations

import json
from pathlib import Path

from callcoach.core.analysis import Settings, analyze
from callcoach.core.model import Segment, Transcript, Word
from callcoach.core.phrases import load_phrases
from callcoach.core.resources import resource_path
from callcoach.core.serialize import to_dict
from tests.calls import make_call


def _recording(turns: list[tuple[str, float, float, str]]) -> Transcript:
    """A transcribed recording: every segment has word timings, so sentences of one speaker form turns."""
    segments = []
    for i, (speaker, start, end, text) in enumerate(turns):
        tokens = text.split()
        step = (end - start) / len(tokens)
        words = [Word(start + k * step, start + (k + 1) * step, f" {w}") for k, w in enumerate(tokens)]
        segments.append(Segment(i, speaker, start, end, text, words))  # type: ignore[arg-type]
    return Transcript("recording.wav", segments, duration=turns[-1][2] + 1)


FRAGMENTS = [
    ("agent", 0.0, 3.0, "Thanks for calling Hartley Furniture, this is Dee, how can I help?"),
    ("customer", 3.5, 6.0, "hi yeah so um I ordered a corner sofa from you"),
    ("agent", 6.3, 6.8, "mm-hmm"),
    ("customer", 7.0, 10.0, "three weeks ago and it still hasn't turned up"),
    ("agent", 10.3, 10.8, "okay"),
    ("customer", 11.0, 14.0, "but the tracking page says it was delivered on Monday"),
    ("agent", 15.0, 20.0, "So the corner sofa you ordered three weeks ago shows as delivered on Monday, but it never "
     "actually arrived, is that right?"),
    ("customer", 20.5, 21.5, "Yes, exactly."),
    ("agent", 22.0, 27.0, "I'll open a trace with the courier now and call you back by five today with what they say."),
]  # fmt: skip


def test_a_problem_told_in_fragments_is_one_turn_and_the_restatement_answers_it() -> None:
    a = analyze(_recording(FRAGMENTS))
    seg = {s.id: s for s in a.transcript.segments}
    assert {"backchannel"} <= set(seg[2].tags) and {"backchannel"} <= set(seg[4].tags)
    assert "problem_statement" in seg[1].tags and "problem_statement" in seg[5].tags  # the turn, not a fragment
    assert "paraphrase" in seg[6].tags
    assert seg[6].restates == 1  # the customer turn it restates starts at its first fragment
    assert not [f for f in a.findings if f.kind == "missing_paraphrase"]


def test_a_backchannel_is_not_the_reply() -> None:
    call = make_call(
        [
            ("customer", 0.0, 5.0, "I've been on hold for an hour and nobody can tell me where my refund is!"),
            ("agent", 5.5, 6.0, "Mm-hmm."),
            ("agent", 6.5, 10.0, "What's the order number?"),
            ("customer", 10.5, 12.0, "It's 88231."),
            ("agent", 12.5, 16.0, "The refund was issued yesterday and shows in three to five days."),
        ]
    )
    a = analyze(call)
    missing = [f for f in a.findings if f.kind == "missing_empathy"]
    assert len(missing) == 1
    assert missing[0].segment_ids == [0, 2, 4]  # the two real replies; the "mm-hmm" is no reply


def test_every_learned_tag_has_a_confidence_in_the_json() -> None:
    doc = to_dict(analyze(_recording(FRAGMENTS)))
    for s in doc["segments"]:
        if "backchannel" in s["tags"]:
            continue
        assert s["tag_scores"], s
        assert all(0.0 <= v <= 1.0 and round(v, 3) == v for v in s["tag_scores"].values())
    assert json.dumps(doc) == json.dumps(to_dict(analyze(_recording(FRAGMENTS))))


def test_analyze_leaves_its_input_alone() -> None:
    call = _recording(FRAGMENTS)
    before = [(s.id, s.text, list(s.tags), s.sentiment, dict(s.tag_scores)) for s in call.segments]
    analyze(call)
    assert [(s.id, s.text, list(s.tags), s.sentiment, dict(s.tag_scores)) for s in call.segments] == before


UNHEARD = [
    ("agent", 0.0, 3.0, "Good morning, Lakeside Energy, Sam speaking."),
    ("customer", 3.5, 9.0, "My heating has been off since Friday, I have a newborn at home and I'm really worried."),
    ("agent", 9.5, 12.0, "We don't handle boilers, that's the landlord's job."),
    ("customer", 12.5, 14.0, "Right."),
    ("agent", 14.5, 17.0, "Give me your account number."),
]


def test_tips_are_built_from_this_call() -> None:
    a = analyze(make_call(UNHEARD))
    by_kind = {f.kind: f for f in a.findings}
    assert "newborn" in by_kind["missing_empathy"].suggestion
    assert "heating" in by_kind["missing_paraphrase"].suggestion
    assert "landlord's job" in by_kind["negative_language"].suggestion  # the agent's own sentence, rewritten


def test_findings_below_the_confidence_setting_are_possible_and_do_not_count() -> None:
    call = make_call(UNHEARD)
    sure = analyze(call)
    unsure = analyze(call, settings=Settings(possible_below=1.01))
    learned = [f for f in unsure.findings if f.confidence is not None]
    assert learned and all(f.possible for f in learned)
    assert not any(f.possible for f in sure.findings if f.confidence is not None and f.confidence >= 0.6)
    empathy = {c.id: c.score for c in sure.scores.criteria}["empathy"]
    assert empathy == 0.0
    assert {c.id: c.score for c in unsure.scores.criteria}["empathy"] == 100.0


def test_no_criterion_scores_zero_without_evidence() -> None:
    a = analyze(make_call(UNHEARD))
    zeros = [c for c in a.scores.criteria if c.score == 0.0]
    assert zeros
    assert all(c.evidence for c in zeros), zeros


def test_the_phrase_lists_have_the_final_word(tmp_path: Path) -> None:
    text = resource_path("phrases.toml").read_text(encoding="utf-8")
    head, distress = text.split("[overrides.distress]")
    section = "[overrides.negative_language]\nalways = ["
    head = head.replace(section, section + "'ring me', ")
    text = head + "[overrides.distress]" + distress.replace("never = []", "never = ['heating']", 1)
    path = tmp_path / "phrases.toml"
    path.write_text(text, encoding="utf-8")
    call = make_call([*UNHEARD, ("agent", 17.5, 19.0, "Ring me back when you have it.")])
    assert "negative_language" not in {s.id: s for s in analyze(call).transcript.segments}[5].tags
    a = analyze(call, phrases=load_phrases(path))
    seg = {s.id: s for s in a.transcript.segments}
    assert "negative_language" in seg[5].tags
    assert "distress" not in seg[1].tags
    assert not [f for f in a.findings if f.kind == "missing_empathy"]
