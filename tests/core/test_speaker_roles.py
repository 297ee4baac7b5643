"""The agent among two speakers, decided from what each says; and swapping the two."""

from __future__ import annotations

from callcoach.core.analysis import analyze
from callcoach.core.model import SpeakerChoice
from callcoach.core.rubric import default_rubric
from callcoach.core.serialize import from_dict, to_dict
from callcoach.core.speaker_roles import (
    AUTOMATIC_CHOICE,
    UNSURE_CHOICE,
    can_swap_speakers,
    decide_agent,
    describe_choice,
    swapped,
)
from callcoach.core.vendor import VendorAnalytics
from tests.calls import make_call

AGENT = "Thank you for calling Harbour Hotels, my name is Lee. How can I help? Let me check your booking."
CUSTOMER = "Hi, I booked a room for Friday and I was charged twice. I need one of them refunded."


def test_the_speaker_with_agent_phrases_is_the_agent_wherever_they_are() -> None:
    assert decide_agent((AGENT, CUSTOMER)).agent == 0
    decision = decide_agent((CUSTOMER, AGENT), first_speaker=0)
    assert (decision.agent, decision.confident) == (1, True)


def test_without_phrases_the_first_speaker_is_taken_and_marked_unsure() -> None:
    decision = decide_agent(("Hello?", "Hello."), first_speaker=1)
    assert (decision.agent, decision.confident) == (1, False)


def call():
    transcript = make_call([("agent", 0.0, 4.0, AGENT), ("customer", 4.5, 9.0, CUSTOMER)])
    transcript.speakers = SpeakerChoice({"spk_1": "agent", "spk_0": "customer"}, "automatic", "agent phrases: +4")
    transcript.warnings = [f"{AUTOMATIC_CHOICE}: 'spk_1' is the agent", "another warning"]
    return transcript


def test_swapped_flips_every_segment_and_the_choice_and_drops_the_automatic_warning() -> None:
    transcript = call()
    transcript.warnings.append(f"{UNSURE_CHOICE}; the first speaker is taken as agent")
    flipped = swapped(transcript)
    assert [s.speaker for s in flipped.segments] == ["customer", "agent"]
    assert flipped.speakers == SpeakerChoice({"spk_1": "customer", "spk_0": "agent"}, "swapped")
    assert flipped.warnings == ["another warning"]
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]  # the original is left alone
    assert swapped(flipped).speakers == SpeakerChoice({"spk_1": "agent", "spk_0": "customer"}, "swapped")


def test_what_the_service_reported_follows_the_speakers() -> None:
    transcript = call()
    transcript.vendor = VendorAnalytics(
        "Amazon", sentiment={"agent": 2.0, "customer": -1.0}, interruptions={"agent": 3}
    )
    flipped = swapped(transcript).vendor
    assert flipped is not None
    assert (flipped.sentiment, flipped.interruptions) == ({"customer": 2.0, "agent": -1.0}, {"customer": 3})


def test_who_can_be_swapped() -> None:
    assert can_swap_speakers(analyze(call(), default_rubric()))
    one = make_call([("agent", 0.0, 4.0, AGENT)])
    one.speakers = SpeakerChoice({"spk_0": "agent"}, "automatic")
    assert not can_swap_speakers(analyze(one, default_rubric()))
    old = make_call([("agent", 0.0, 4.0, AGENT), ("customer", 4.5, 9.0, CUSTOMER)])  # analysed before v4: no labels
    assert not can_swap_speakers(analyze(old, default_rubric()))


def test_the_choice_is_described_the_same_everywhere() -> None:
    assert describe_choice(call().speakers) == (
        "Agent: spk_1 · Customer: spk_0 — chosen automatically from what each says (agent phrases: +4)"
    )
    assert describe_choice(SpeakerChoice({"a": "customer", "b": "agent"}, "swapped")).endswith("— swapped by hand")


def test_the_choice_survives_the_json_document() -> None:
    doc = to_dict(analyze(call(), default_rubric()))
    assert doc["speakers"] == {
        "labels": {"spk_1": "agent", "spk_0": "customer"},
        "chosen": "automatic",
        "reason": "agent phrases: +4",
    }
    assert from_dict(doc).transcript.speakers == call().speakers
