"""Who is who, kept with a call in the library: said at import, changed when processing again, swapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.services.calls import load_call, swap_speakers
from callcoach.services.importing import import_files
from callcoach.services.processing import process_again, process_queue
from callcoach.storage import Library, repository
from callcoach.storage.tables import CallRow
from callcoach.transcripts.speakers import SpeakerOptions
from tests.calls import DIARIZED_SRT

CALL = DIARIZED_SRT


def write(tmp_path: Path, text: str = CALL, name: str = "call.srt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def roles(library: Library, call_id: int) -> list[str]:
    return [s.speaker for s in load_call(library, call_id).analysis.transcript.segments]


def test_without_options_the_agent_is_chosen_and_the_choice_is_kept(library: Library, tmp_path: Path) -> None:
    summary = import_files(library, [write(tmp_path)])
    (outcome,) = process_queue(library)
    assert roles(library, summary.imported[0].call_id) == ["customer", "agent", "agent", "customer"]
    assert any(w.startswith("the agent was chosen automatically: 'spk_1'") for w in outcome.warnings)
    analysis = load_call(library, summary.imported[0].call_id).analysis
    assert analysis.transcript.speakers is not None and analysis.transcript.speakers.how == "automatic"


def test_the_agent_speaker_given_at_import_is_kept_for_processing(library: Library, tmp_path: Path) -> None:
    summary = import_files(library, [write(tmp_path)], speakers=SpeakerOptions(agent="spk_0"))
    call_id = summary.imported[0].call_id
    with library.read() as session:
        assert session.get(CallRow, call_id).speakers == {"agent": "spk_0"}
    process_queue(library)
    assert roles(library, call_id) == ["agent", "customer", "customer", "agent"]


def test_processing_again_with_other_speakers_keeps_them(library: Library, tmp_path: Path) -> None:
    call_id = import_files(library, [write(tmp_path)]).imported[0].call_id
    process_queue(library)
    process_again(library, call_id, speakers=SpeakerOptions(mapping={"spk_0": "agent", "spk_1": "customer"}))
    process_queue(library)
    assert roles(library, call_id) == ["agent", "customer", "customer", "agent"]
    process_again(library, call_id)  # nothing said: what was said before stays
    process_queue(library)
    assert roles(library, call_id) == ["agent", "customer", "customer", "agent"]


def test_a_wrong_speaker_fails_only_that_call_with_every_speaker_named(library: Library, tmp_path: Path) -> None:
    call_id = import_files(library, [write(tmp_path)], speakers=SpeakerOptions(agent="spk_9")).imported[0].call_id
    (outcome,) = process_queue(library)
    assert outcome.status == "failed"
    assert "there is no speaker 'spk_9' in the file; speakers found: spk_0" in (outcome.reason or "")
    with library.read() as session:
        assert session.get(CallRow, call_id).status == "failed"


def test_a_swap_reanalyses_keeps_the_review_and_survives_processing_again(library: Library, tmp_path: Path) -> None:
    from callcoach.services.calls import ReviewEdit, edit_review

    call_id = import_files(library, [write(tmp_path)]).imported[0].call_id
    process_queue(library)
    edit_review(library, call_id, ReviewEdit("Sam", comment="check the refund"))
    before = load_call(library, call_id).analysis
    swap_speakers(library, call_id)
    after = load_call(library, call_id)
    assert [s.speaker for s in after.analysis.transcript.segments] == ["agent", "customer", "customer", "agent"]
    assert after.analysis.transcript.speakers is not None
    assert after.analysis.transcript.speakers.how == "swapped"
    assert not any(w.startswith("the agent was chosen automatically") for w in after.analysis.transcript.warnings)
    assert after.analysis.metrics != before.metrics  # analysed again, with the roles the other way
    assert after.review is not None and [c.text for c in after.review.comments] == ["check the refund"]
    process_again(library, call_id)
    process_queue(library)
    assert roles(library, call_id) == ["agent", "customer", "customer", "agent"]


def test_a_call_with_one_speaker_cannot_be_swapped(library: Library, tmp_path: Path) -> None:
    text = "1\n00:00:00,000 --> 00:00:02,000\nAgent: Thank you for calling, how can I help?\n"
    call_id = import_files(library, [write(tmp_path, text)]).imported[0].call_id
    process_queue(library)
    with pytest.raises(InputError, match="cannot be swapped"):
        swap_speakers(library, call_id)


def test_named_speakers_are_kept_as_named_and_not_warned_about(library: Library, tmp_path: Path) -> None:
    text = CALL.replace("spk_0:", "Caller:").replace("spk_1:", "Rep:")
    call_id = import_files(library, [write(tmp_path, text)]).imported[0].call_id
    process_queue(library)
    with library.read() as session:
        document = repository.load_document(session, session.get(CallRow, call_id))
    assert document["speakers"] == {"labels": {"Caller": "customer", "Rep": "agent"}, "chosen": "named"}
    assert not any("chosen automatically" in w for w in document["warnings"])
    swap_speakers(library, call_id)  # a wrong label can be swapped too, and processing again keeps it
    process_again(library, call_id)
    process_queue(library)
    assert roles(library, call_id) == ["agent", "customer", "customer", "agent"]


def test_a_correction_keeps_no_speaker_choice_of_its_own(library: Library, tmp_path: Path) -> None:
    from callcoach.services.calls import save_corrected_analysis

    call_id = import_files(library, [write(tmp_path)], speakers=SpeakerOptions(agent="spk_0")).imported[0].call_id
    process_queue(library)
    save_corrected_analysis(library, call_id, load_call(library, call_id).analysis)
    with library.read() as session:
        assert session.get(CallRow, call_id).speakers == {"agent": "spk_0"}  # as given, not a swap's mapping


def test_a_speaker_label_meant_for_transcripts_is_reported_on_a_recording(library: Library, tmp_path: Path) -> None:
    from callcoach.services.processing import ProcessOptions, Transcriber
    from callcoach.transcripts import load_transcript
    from tests.storage.helpers import STEREO

    def fake(path, **_options):
        return load_transcript(Path(__file__).resolve().parents[1] / "transcripts" / "data" / "call.vtt")

    import shutil

    recording = tmp_path / "call.flac"
    shutil.copy(STEREO, recording)
    import_files(library, [recording], speakers=SpeakerOptions(agent="spk_1"))
    (outcome,) = process_queue(library, ProcessOptions(transcriber=Transcriber(load=lambda m: None, transcribe=fake)))
    assert any("the speakers given name no part of a recording" in w for w in outcome.warnings)


@pytest.mark.parametrize(
    ("options", "track"),
    [
        (SpeakerOptions(), None),
        (SpeakerOptions(agent="Right channel"), 1),
        (SpeakerOptions(mapping={"left channel": "customer", "right channel": "agent"}), 1),
        (SpeakerOptions(mapping={"first voice": "agent", "second voice": "customer"}), 0),
        (SpeakerOptions(agent="spk_1"), None),  # a transcript's label means nothing for a recording
    ],
)
def test_what_was_said_picks_a_recordings_agent_track(options: SpeakerOptions, track: int | None) -> None:
    from callcoach.services.processing import recording_agent_track

    assert recording_agent_track(options) == track
