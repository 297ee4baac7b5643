"""What AWS computed itself (sentiment, categories, issues, outcomes, action items, loudness, interruptions) is kept.

Per-speaker figures are keyed by the same labels as the turns, so that the loader can re-key both by role.
"""

from __future__ import annotations

from typing import Any

import pytest

from callcoach.core.vendor import VendorMoment
from tests.transcripts.json_formats import fixture_data, input_error, parse_data, parse_fixture


def test_tca_analytics() -> None:
    vendor = parse_fixture("aws_tca.json").vendor
    assert vendor is not None
    assert vendor.source == "Amazon Transcribe Call Analytics"
    assert vendor.sentiment == {"AGENT": 2.5, "CUSTOMER": 0.6}
    assert vendor.sentiment_scale == "-5 to +5"
    assert vendor.interruptions == {"AGENT": 0, "CUSTOMER": 1}
    assert vendor.talk_time == {"AGENT": pytest.approx(27.149), "CUSTOMER": pytest.approx(11.97)}
    assert vendor.non_talk_time == 0.0
    assert vendor.categories == ["card-declined", "positive-resolution"]  # the stray space AWS's sample has is gone
    # an issue's text is the words of its turn at its character offsets; it is said when the turn starts
    assert vendor.issues == [VendorMoment("my card was declined twice today", 7.17)]
    assert vendor.outcomes == [VendorMoment("I have removed it, so the card works again", 19.65)]
    assert vendor.action_items == [
        VendorMoment("I will also add a travel note to your account for the next two weeks", 29.92)
    ]
    assert vendor.loudness == {"AGENT": pytest.approx(78.59, abs=0.01), "CUSTOMER": pytest.approx(80.946, abs=0.01)}


def test_tca_loudness_is_the_mean_of_every_second_of_the_speakers_turns() -> None:
    data = fixture_data("aws_tca.json")
    agent = [s for t in data["Transcript"] if t["ParticipantRole"] == "AGENT" for s in t["LoudnessScores"]]
    vendor = parse_data(data).vendor
    assert vendor is not None
    assert vendor.loudness["AGENT"] == pytest.approx(sum(agent) / len(agent))


def test_contact_lens_analytics() -> None:
    vendor = parse_fixture("contact_lens.json").vendor
    assert vendor is not None
    assert vendor.source == "Amazon Connect Contact Lens"
    assert vendor.sentiment == {"AGENT": 1.9, "CUSTOMER": 0.4}
    assert vendor.interruptions == {"AGENT": 0, "CUSTOMER": 0}  # Contact Lens counted none: that is kept as 0
    assert vendor.talk_time == {"AGENT": 14.21, "CUSTOMER": 10.68}
    assert vendor.categories == ["prescription-delay"]
    # Contact Lens' offsets are BeginOffsetChar/EndOffsetChar; its loudness is "LoudnessScore"
    assert vendor.issues == [VendorMoment("My prescription refill was supposed to be ready yesterday", 8.09)]
    assert set(vendor.loudness) == {"AGENT", "CUSTOMER"}
    assert vendor.outcomes == vendor.action_items == []


def test_pca_analytics() -> None:
    vendor = parse_fixture("aws_pca.json").vendor
    assert vendor is not None
    assert vendor.source == "AWS Post-Call Analytics"
    # keyed by the display names, like the turns ("Agent" is spk_1)
    assert vendor.sentiment == {"Customer": -0.8, "Agent": 2.1}
    assert vendor.sentiment_scale == "-5 to +5"
    assert vendor.talk_time == {"Customer": 14.02, "Agent": 30.16}
    assert vendor.non_talk_time == 3.3
    assert vendor.interruptions == {"Agent": 0, "Customer": 1}
    assert vendor.categories == ["cancellation", "retention-offer"]
    assert vendor.issues == [VendorMoment("I want to cancel my membership because the gym near me closed", 6.97)]
    assert vendor.outcomes == [VendorMoment("I have cancelled your membership, and you won't be charged again", 32.73)]
    assert vendor.action_items == [VendorMoment("I will email you the confirmation today", 39.18)]
    assert vendor.loudness["Customer"] > vendor.loudness["Agent"]  # the customer who interrupts is louder


def pca_segment(speaker: str, start: float, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "SegmentStartTime": start,
        "SegmentEndTime": start + 1,
        "SegmentSpeaker": speaker,
        "OriginalText": text,
        **extra,
    }


def test_pca_standard_mode_has_no_interruption_counts() -> None:
    """Standard Transcribe jobs detect no interruptions: PCA's False everywhere is not a count of zero."""
    data = {
        "ConversationAnalytics": {
            "SentimentTrends": {"spk_0": {"SentimentScore": 1.2}, "spk_1": {"SentimentScore": -0.4}},
            "SpeakerTime": {"spk_0": {"TotalTimeSecs": 1.0}, "spk_1": {"TotalTimeSecs": 1.0}},
            "SourceInformation": [{"TranscribeJobInfo": {"TranscribeApiType": "standard", "ChannelIdentification": 0}}],
        },
        "SpeechSegments": [
            pca_segment("spk_0", 0, "Hello.", SegmentInterruption=False),
            pca_segment("spk_1", 2, "Hi.", SegmentInterruption=False),
        ],
    }
    vendor = parse_data(data).vendor
    assert vendor is not None
    assert vendor.interruptions == {}
    assert vendor.sentiment == {"spk_0": 1.2, "spk_1": -0.4}
    assert vendor.non_talk_time is None


def test_pca_call_level_items_are_used_when_no_segment_has_them() -> None:
    data = {
        "ConversationAnalytics": {"IssuesDetected": [{"Text": "my order is late", "BeginOffset": 0, "EndOffset": 16}]},
        "SpeechSegments": [pca_segment("spk_0", 0, "My order is late.")],
    }
    vendor = parse_data(data).vendor
    assert vendor is not None
    assert vendor.issues == [VendorMoment("my order is late", None)]  # no time: the call-level list has none


def test_no_analytics_means_no_vendor() -> None:
    turn = {"ParticipantRole": "AGENT", "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Content": "Hi."}
    assert parse_data({"Transcript": [turn]}).vendor is None
    assert parse_data({"SpeechSegments": [pca_segment("spk_0", 0, "Hi.")]}).vendor is None
    assert parse_fixture("aws_transcribe_speaker_labels.json").vendor is None


def test_tca_offsets_outside_the_text_fall_back_to_the_given_text() -> None:
    turn = {
        "ParticipantRole": "CUSTOMER",
        "BeginOffsetMillis": 1000,
        "EndOffsetMillis": 2000,
        "Content": "Hi.",
        "IssuesDetected": [{"CharacterOffsets": {"Begin": 40, "End": 60}, "Text": "the router is broken"}],
        "LoudnessScores": [71.5, None, 72.5],  # a second with no score
    }
    vendor = parse_data({"Transcript": [turn]}).vendor
    assert vendor is not None
    assert vendor.issues == [VendorMoment("the router is broken", 1.0)]
    assert vendor.loudness == {"CUSTOMER": 72.0}


def test_callcoach_json_keeps_the_vendor_analytics_of_an_earlier_import() -> None:
    vendor = {"source": "Amazon Transcribe Call Analytics", "sentiment": {"agent": 2.5}, "categories": ["refund"]}
    segment = {"speaker": "agent", "start": 0, "end": 1, "text": "Hi."}
    parsed = parse_data({"schema": "callcoach.analysis/1", "segments": [segment], "vendor": vendor})
    assert parsed.vendor is not None
    assert parsed.vendor.to_json() == vendor


@pytest.mark.parametrize(
    "vendor", [["x"], {"source": "x", "sentiment": {"agent": "high"}}, {"source": "x", "issues": [1]}]
)
def test_callcoach_json_with_a_broken_vendor_key(vendor: Any) -> None:
    segment = {"speaker": "agent", "start": 0, "end": 1, "text": "Hi."}
    err = input_error({"schema": "callcoach.analysis/1", "segments": [segment], "vendor": vendor})
    assert err.problem == "'vendor' is not the analytics of a transcription service"
    assert "remove the 'vendor' key" in (err.hint or "")
