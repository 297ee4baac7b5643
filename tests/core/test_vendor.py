"""A transcription service's own analytics: kept by role, in the JSON, and compared with CallCoach's."""

from __future__ import annotations

from callcoach.core.analysis import analyze
from callcoach.core.rubric import default_rubric
from callcoach.core.serialize import from_dict, to_dict
from callcoach.core.vendor import VendorAnalytics, VendorMoment
from callcoach.core.vendor_compare import compare
from tests.calls import make_call


def vendor() -> VendorAnalytics:
    return VendorAnalytics(
        "Amazon Transcribe Call Analytics",
        sentiment={"AGENT": 2.5, "CUSTOMER": -3.0},
        sentiment_scale="-5 to +5",
        interruptions={"AGENT": 2, "CUSTOMER": 0},
        talk_time={"AGENT": 6.0, "CUSTOMER": 4.0},
        categories=["refund-request"],
        issues=[VendorMoment("charged twice", 4.5)],
        action_items=[VendorMoment("I'll refund it today", 10.0)],
    )


def test_with_roles_rekeys_and_merges_extra_speakers() -> None:
    rekeyed = VendorAnalytics(
        "x", sentiment={"spk_0": 1.0, "spk_1": -1.0, "spk_2": 3.0}, interruptions={"spk_0": 1, "spk_2": 2}
    ).with_roles({"spk_0": "agent", "spk_1": "customer", "spk_2": "agent"})
    assert rekeyed.sentiment == {"agent": 2.0, "customer": -1.0}  # averaged
    assert rekeyed.interruptions == {"agent": 3}  # added up


def test_json_round_trip_and_empty_parts_left_out() -> None:
    v = vendor().with_roles({"AGENT": "agent", "CUSTOMER": "customer"})
    data = v.to_json()
    assert "loudness" not in data and "outcomes" not in data
    assert data["issues"] == [{"text": "charged twice", "start": 4.5}]
    assert VendorAnalytics.from_json(data) == v
    assert VendorAnalytics("x").is_empty() and not v.is_empty()


def call_with_vendor():
    transcript = make_call(
        [
            ("agent", 0.0, 4.0, "Thank you for calling, how can I help?"),
            ("customer", 4.5, 9.0, "I was charged twice and I'm really annoyed about it."),
            ("agent", 9.5, 14.0, "I'm sorry about that. I'll refund it today."),
        ]
    )
    transcript.vendor = vendor().with_roles({"AGENT": "agent", "CUSTOMER": "customer"})
    return analyze(transcript, default_rubric())


def test_the_document_keeps_the_vendor_analytics() -> None:
    doc = to_dict(call_with_vendor())
    assert doc["vendor"]["source"] == "Amazon Transcribe Call Analytics"
    assert doc["vendor"]["sentiment"] == {"agent": 2.5, "customer": -3.0}
    assert from_dict(doc).transcript.vendor == call_with_vendor().transcript.vendor


def test_comparison_marks_where_the_service_and_callcoach_disagree() -> None:
    comparison = compare(call_with_vendor())
    assert comparison is not None
    rows = {row.measure: row for row in comparison.rows}
    assert rows["Interruptions by the agent"].ours == "0" and rows["Interruptions by the agent"].differs
    assert not rows["Interruptions by the customer"].differs
    assert rows["Customer sentiment"].theirs == "negative (-3.0 of -5 to +5)"
    assert comparison.disagreements == sum(r.differs for r in comparison.rows) >= 1
    assert ("Issues", ["0:04 charged twice"]) in comparison.lists
    assert comparison.summary.startswith("Kept as the service reported it")


def test_no_vendor_no_comparison() -> None:
    assert compare(analyze(make_call([("agent", 0.0, 1.0, "Hello.")]), default_rubric())) is None


def test_a_hand_edited_vendor_object_is_refused_not_a_crash_later(tmp_path) -> None:
    import json

    import pytest

    from callcoach.core.errors import InputError
    from callcoach.transcripts import load_transcript

    for bad in ({"source": "x", "non_talk_time": "x"}, {"source": "x", "talk_time": {"agent": float("nan")}}):
        with pytest.raises(ValueError):
            VendorAnalytics.from_json(bad)
        doc = {"segments": [{"speaker": "agent", "start": 0, "end": 1, "text": "Hello."}], "vendor": bad}
        path = tmp_path / "call.json"
        path.write_text(json.dumps(doc))
        with pytest.raises(InputError, match="'vendor' is not the analytics of a transcription service"):
            load_transcript(path)
