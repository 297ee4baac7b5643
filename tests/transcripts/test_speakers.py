"""Who is the agent in a transcript: given by the user, named by the file, or chosen from what is said."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.transcripts import load_transcript
from callcoach.transcripts.common import Turn
from callcoach.transcripts.speakers import SpeakerOptions, assign_roles, parse_mapping

FORMATS = Path(__file__).parent / "data" / "formats"


def turns(*spoken: tuple[str, str]) -> list[Turn]:
    return [Turn(label, float(i), float(i) + 0.9, text) for i, (label, text) in enumerate(spoken)]


CALL = turns(
    ("spk_0", "Hi, I'm calling about my bill, I was charged twice."),
    ("spk_1", "Thank you for calling. I'm sorry about that, let me check your account."),
    ("spk_0", "Thanks."),
    ("spk_1", "I can see the second payment; I'll refund it today. Is there anything else?"),
)


def test_two_unknown_speakers_the_agent_is_chosen_from_what_is_said() -> None:
    choice = assign_roles(CALL, SpeakerOptions(), "call.json")
    assert choice.roles == {"spk_0": "customer", "spk_1": "agent"}
    assert (choice.how, choice.confident) == ("automatic", True)
    assert choice.reason.startswith("agent phrases:")


def test_the_agent_is_not_simply_the_first_speaker() -> None:
    swapped = [Turn({"spk_0": "spk_1", "spk_1": "spk_0"}[t.label], t.start, t.end, t.text) for t in CALL]
    assert assign_roles(swapped, SpeakerOptions(), "call.json").roles == {"spk_1": "customer", "spk_0": "agent"}


def test_no_clear_phrases_takes_the_first_speaker_and_says_it_is_unsure() -> None:
    choice = assign_roles(turns(("A", "Hello."), ("B", "Hello there.")), SpeakerOptions(), "call.json")
    assert choice.roles == {"A": "agent", "B": "customer"}
    assert not choice.confident
    assert "first speaker" in choice.reason


def test_agent_speaker_option_wins_over_what_is_said() -> None:
    choice = assign_roles(CALL, SpeakerOptions(agent="spk_0"), "call.json")
    assert choice.roles == {"spk_0": "agent", "spk_1": "customer"}
    assert choice.how == "given"


def test_labels_are_matched_without_regard_to_case() -> None:
    assert assign_roles(CALL, SpeakerOptions(agent="SPK_1"), "call.json").roles["spk_1"] == "agent"


def test_an_unknown_agent_speaker_names_every_speaker_found() -> None:
    with pytest.raises(InputError) as caught:
        assign_roles(CALL, SpeakerOptions(agent="spk_7"), "call.json")
    assert caught.value.problem == (
        "there is no speaker 'spk_7' in the file; speakers found: spk_0 (11 words), spk_1 (27 words)"
    )


def test_three_speakers_without_a_mapping_is_an_error_naming_all_of_them() -> None:
    three = [*CALL, Turn("spk_2", 9.0, 10.0, "Supervisor here.")]
    with pytest.raises(InputError) as caught:
        assign_roles(three, SpeakerOptions(), "call.json")
    err = caught.value
    assert err.problem == (
        "3 speakers, and CallCoach scores one agent and one customer; "
        "speakers found: spk_0 (11 words), spk_1 (27 words), spk_2 (2 words)"
    )
    assert err.hint == (
        'say who is who with --speakers "spk_0=customer,spk_1=agent,spk_2=customer" '
        "(extra speakers may be mapped to agent or customer)"
    )


def test_extra_speakers_may_be_mapped_to_either_role() -> None:
    three = [*CALL, Turn("spk_2", 9.0, 10.0, "Supervisor here.")]
    mapping = parse_mapping("spk_0=customer, spk_1=agent, spk_2=agent")
    choice = assign_roles(three, SpeakerOptions(mapping=mapping), "call.json")
    assert choice.roles == {"spk_0": "customer", "spk_1": "agent", "spk_2": "agent"}


def test_agent_speaker_with_three_speakers_still_needs_the_others() -> None:
    three = [*CALL, Turn("spk_2", 9.0, 10.0, "Supervisor here.")]
    with pytest.raises(InputError, match="3 speakers"):
        assign_roles(three, SpeakerOptions(agent="spk_1"), "call.json")


def test_a_single_unknown_speaker_is_an_error_that_says_how_to_map_it() -> None:
    with pytest.raises(InputError) as caught:
        assign_roles(turns(("Jane Doe", "Thank you for calling.")), SpeakerOptions(), "call.vtt")
    assert caught.value.hint == 'if it is the agent, use --agent-speaker "Jane Doe"'


def test_channels_follow_the_agent_channel_setting() -> None:
    two = [Turn("ch_0", 0, 1, "Hello.", channel=0), Turn("ch_1", 1, 2, "Hi.", channel=1)]
    assert assign_roles(two, SpeakerOptions(agent_channel="right"), "x.json").roles == {
        "ch_0": "customer",
        "ch_1": "agent",
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("spk_0", "'spk_0' is not LABEL=ROLE (for example spk_0=customer)"),
        ("spk_0=boss", "'spk_0=boss': the role must be agent or customer, not 'boss'"),
        ("a=agent,A=customer", "'A' is given twice"),
        (" , ", "no speakers given (for example spk_0=customer,spk_1=agent)"),
    ],
)
def test_bad_speaker_mappings(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_mapping(text)
    assert str(caught.value) == problem


def test_zoom_names_continuation_cues_and_the_agent_chosen() -> None:
    transcript = load_transcript(FORMATS / "zoom.vtt")
    assert [s.speaker for s in transcript.segments] == [
        "customer",
        "agent",
        "agent",
        "customer",
        "agent",
        "agent",
        "customer",
        "agent",
    ]
    assert transcript.segments[1].text == "Thank you for calling, this is Ashlee. I'm sorry about the double charge."
    assert transcript.speakers is not None
    assert transcript.speakers.roles == {"Dana Whitfield": "customer", "Ashlee Kupor (SL)": "agent"}
    assert any("'Ashlee Kupor (SL)' is the agent" in w for w in transcript.warnings)


def test_teams_split_cues_are_one_segment_each() -> None:
    transcript = load_transcript(FORMATS / "teams.vtt")
    assert [(s.speaker, s.start, s.end) for s in transcript.segments] == [
        ("agent", 0.52, 5.01),
        ("customer", 5.6, 12.3),
        ("agent", 12.9, 17.45),
        ("customer", 18.0, 19.2),
        ("agent", 20.1, 25.7),
    ]
    assert (
        transcript.segments[0].text
        == "Thank you for calling Northwind support, this is Priya. How can I help you today?"
    )
    assert transcript.speakers is not None and transcript.speakers.agent_labels == ["Priya Shah"]


@pytest.mark.parametrize("name", ["speaker_prefix.srt", "speaker_prefix.vtt"])
def test_speaker_00_prefixes(name: str) -> None:
    transcript = load_transcript(FORMATS / name)
    assert [s.speaker for s in transcript.segments] == ["customer", "agent", "customer", "agent", "customer"]
    assert transcript.segments[0].text == "Hello, I'm calling about my order, it never arrived."


def test_agent_speaker_option_through_the_loader() -> None:
    transcript = load_transcript(FORMATS / "speaker_prefix.srt", SpeakerOptions(agent="SPEAKER_00"))
    assert [s.speaker for s in transcript.segments][:2] == ["agent", "customer"]
    assert not any("chosen automatically" in w for w in transcript.warnings)


# Every two-speaker fixture, in every format: the agent found automatically (or named by the file).
AGENTS = {
    "assemblyai_utterances.json": "B",
    "assemblyai_words.json": "A",
    "aws_pca.json": None,  # PCA's SpeakerLabels name the agent
    "aws_tca.json": None,
    "aws_transcribe_audio_segments.json": "spk_0",
    "aws_transcribe_channel_labels.json": "ch_1",
    "aws_transcribe_speaker_labels.json": "spk_1",
    "bedrock_audio.json": "spk_1",
    "contact_lens.json": None,
    "deepgram_multichannel.json": "ch_1",
    "deepgram_utterances.json": "Speaker 1",
    "deepgram_words.json": "Speaker 0",
    "speaker_prefix.srt": "SPEAKER_01",
    "speaker_prefix.vtt": "SPEAKER_01",
    "teams.vtt": "Priya Shah",
    "whisperx.json": "SPEAKER_01",
    "zoom.vtt": "Ashlee Kupor (SL)",
}


def test_every_fixture_is_listed() -> None:
    files = {p.name for p in FORMATS.iterdir() if p.suffix in (".json", ".vtt", ".srt")}
    assert files - {"whisper.json"} == set(AGENTS)


@pytest.mark.parametrize("name", sorted(AGENTS))
def test_the_agent_of_every_format_is_found(name: str) -> None:
    transcript = load_transcript(FORMATS / name)
    assert {s.speaker for s in transcript.segments} == {"agent", "customer"}
    expected = AGENTS[name]
    if expected is None:
        assert transcript.speakers is not None and transcript.speakers.how == "named"  # AGENT / CUSTOMER
        assert not any("chosen automatically" in w for w in transcript.warnings)
        return
    assert transcript.speakers is not None and transcript.speakers.how == "automatic"
    assert transcript.speakers.agent_labels == [expected]
    assert transcript.speakers.confident


@pytest.mark.parametrize("name", sorted(n for n, agent in AGENTS.items() if agent is not None))
def test_agent_speaker_turns_every_format_around(name: str) -> None:
    automatic = load_transcript(FORMATS / name)
    assert automatic.speakers is not None
    customer = next(label for label, role in automatic.speakers.roles.items() if role == "customer")
    given = load_transcript(FORMATS / name, SpeakerOptions(agent=customer))
    flip = {"agent": "customer", "customer": "agent"}
    assert [s.speaker for s in given.segments] == [flip[s.speaker] for s in automatic.segments]


def test_a_transcript_without_speakers_is_refused_with_what_to_do() -> None:
    with pytest.raises(InputError) as caught:
        load_transcript(FORMATS / "whisper.json")
    assert "no speaker information" in caught.value.problem
    assert caught.value.hint is not None and "import the recording instead" in caught.value.hint


def test_a_role_given_for_one_of_two_speakers_makes_the_other_the_opposite() -> None:
    named = turns(("Agent", "Thank you for calling."), ("Customer", "Hi, my bill is wrong."))
    assert assign_roles(named, SpeakerOptions(agent="Customer"), "x.srt").roles == {
        "Agent": "customer",
        "Customer": "agent",
    }
    assert assign_roles(named, SpeakerOptions(mapping={"Agent": "customer"}), "x.srt").roles["Customer"] == "agent"
    two = [Turn("ch_0", 0, 1, "Hello.", channel=0), Turn("ch_1", 1, 2, "Hi.", channel=1)]
    options = SpeakerOptions(agent="ch_0", agent_channel="right")  # what the user says about this file wins
    assert assign_roles(two, options, "x.json").roles == {"ch_0": "agent", "ch_1": "customer"}


def test_labels_that_differ_only_in_case_or_spacing_are_one_speaker(tmp_path: Path) -> None:
    text = (FORMATS / "speaker_prefix.srt").read_text().replace("[SPEAKER_01]: Thanks.", "[speaker_01]: Thanks.")
    path = tmp_path / "call.srt"
    path.write_text(text)
    transcript = load_transcript(path)
    assert transcript.speakers is not None
    assert transcript.speakers.roles == {"SPEAKER_00": "customer", "SPEAKER_01": "agent"}
    assert [s.speaker for s in transcript.segments] == ["customer", "agent", "customer", "agent", "customer"]


def test_the_hint_for_three_speakers_keeps_the_roles_already_known() -> None:
    three = turns(("Customer", "My bill is wrong."), ("Agent", "Let me check."), ("Bob", "Hello?"))
    with pytest.raises(InputError) as caught:
        assign_roles(three, SpeakerOptions(), "x.srt")
    assert '--speakers "Customer=customer,Agent=agent,Bob=customer"' in (caught.value.hint or "")


def zoom(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zoom.vtt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lower_case_zoom_name_that_recurs_is_a_speaker(tmp_path: Path) -> None:
    text = (FORMATS / "zoom.vtt").read_text().replace("Ashlee Kupor (SL):", "ashlee.kupor:")
    transcript = load_transcript(zoom(tmp_path, text))
    assert transcript.speakers is not None
    assert transcript.speakers.roles == {"Dana Whitfield": "customer", "ashlee.kupor": "agent"}
    assert transcript.segments[1].text.startswith("Thank you for calling")


def test_a_capitalised_phrase_seen_once_is_text_not_a_third_speaker(tmp_path: Path) -> None:
    text = (
        (FORMATS / "zoom.vtt")
        .read_text()
        .replace("It should be back on your card", "Refund Reference: it should be back on your card")
    )
    transcript = load_transcript(zoom(tmp_path, text))
    assert transcript.speakers is not None and len(transcript.speakers.roles) == 2
    assert transcript.segments[5].speaker == "agent"
    assert transcript.segments[5].text.startswith("Refund Reference: it should be back")


def test_two_speakers_named_once_each_are_still_speakers(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBob: Thank you for calling, how can I help?\n\n"
    text += "00:00:02.500 --> 00:00:05.000\nAlice: I was charged twice for my order.\n"
    transcript = load_transcript(zoom(tmp_path, text))
    assert [s.speaker for s in transcript.segments] == ["agent", "customer"]
