"""The agent among two speakers, decided from what each says; and swapping the two."""

from __future__ import annotations

from callcoach.core.analysis import analyze
from callcoach.core.model import SpeakerChoice
from callcoach.core.rubric import default_rubric
from callcoach.core.serialize import from_dict, to_dict
from callcoach.core.speaker_roles import AUTOMATIC_CHOICE, can_swap_speakers, decide_agent, swapped
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
    flipped = swapped(transcript)
    assert [s.speaker for s in flipped.segments] == ["customer", "agent"]
    assert flipped.speakers == SpeakerChoice({"spk_1": "customer", "spk_0": "agent"}, "given", "swapped by hand")
    assert flipped.warnings == ["another warning"]
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]  # the original is left alone


def test_swapping_a_call_with_named_speakers_records_the_labels() -> None:
    transcript = make_call([("agent", 0.0, 4.0, AGENT), ("customer", 4.5, 9.0, CUSTOMER)])
    assert swapped(transcript).speakers == SpeakerChoice(
        {"agent": "customer", "customer": "agent"}, "given", "swapped by hand"
    )


def test_who_can_be_swapped() -> None:
    analysis = analyze(call(), default_rubric())
    assert can_swap_speakers(analysis, "transcript")
    one = analyze(make_call([("agent", 0.0, 4.0, AGENT)]), default_rubric())
    assert not can_swap_speakers(one, "transcript")
    old_recording = analyze(make_call([("agent", 0.0, 4.0, AGENT), ("customer", 4.5, 9.0, CUSTOMER)]), default_rubric())
    assert not can_swap_speakers(old_recording, "recording")  # analysed before the choice was kept


def test_the_choice_survives_the_json_document() -> None:
    doc = to_dict(analyze(call(), default_rubric()))
    assert doc["speakers"] == {
        "labels": {"spk_1": "agent", "spk_0": "customer"},
        "chosen": "automatic",
        "reason": "agent phrases: +4",
    }
    assert from_dict(doc).transcript.speakers == call().speakers
