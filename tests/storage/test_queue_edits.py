"""Storing a corrected transcript's analysis, removing a queued call, skipping one call, reusing a loaded model."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from callcoach.core.analysis import analyze
from callcoach.core.errors import InputError
from callcoach.core.review import reviewed_overall
from callcoach.core.serialize import to_dict
from callcoach.services.processing import EngineCache, ProcessOptions, Transcriber, process_queue
from callcoach.storage import Library, queue, repository, reviews
from callcoach.storage.tables import CallRow
from tests.storage.helpers import STEREO, enqueue, segment_count, status, write_call

CORRECTED = "I've removed the block. You can use it right away. Thank you for calling Harbor Bank."


@pytest.fixture
def analysed(library: Library, tmp_path: Path) -> int:
    (call_id,) = enqueue(library, write_call(tmp_path, 1))
    process_queue(library)
    return call_id


def corrected_doc(library: Library, call_id: int) -> dict:
    """The call's analysis re-run after a reviewer corrected its last line, as the review screen does."""
    with library.read() as session:
        analysis = repository.load_analysis(session, session.get(CallRow, call_id), "test")
    segments = list(analysis.transcript.segments)
    segments[-1] = dataclasses.replace(segments[-1], text=CORRECTED, words=[], tags=[])
    segments[1] = dataclasses.replace(segments[1], speaker="agent", tags=[])
    return to_dict(analyze(dataclasses.replace(analysis.transcript, segments=segments)))


def test_replace_analysis_stores_the_new_document_and_keeps_the_review(library: Library, analysed: int) -> None:
    with library.write() as session:
        call = session.get(CallRow, analysed)
        reviews.add_override(session, call, "test", "closing", 10.0, "no summary", "maria")
        reviews.add_comment(session, call, "test", "listen to the close", "maria", None)
    doc = corrected_doc(library, analysed)
    with library.write() as session:
        overall = queue.replace_analysis(session, session.get(CallRow, analysed), doc)

    with library.read() as session:
        call = session.get(CallRow, analysed)
        review = reviews.load_review(session, analysed)
        assert repository.load_document(session, call) == doc
        segments = repository.load_analysis(session, call, "test").transcript.segments
    assert segments[-1].text == CORRECTED and segments[-1].words == [] and segments[1].speaker == "agent"
    assert segment_count(library, analysed) == 4
    assert call.status == "reviewed" and call.overall == overall
    assert [(o.criterion_id, o.score) for o in review.overrides] == [("closing", 10.0)]
    assert [c.text for c in review.comments] == ["listen to the close"]
    assert overall == reviewed_overall(reviews.stored_scores(call), review)
    assert call.passed == (not reviews.stored_scores(call).auto_failed and overall >= doc["scores"]["pass_threshold"])


def test_replace_analysis_refuses_a_call_not_analysed(library: Library, tmp_path: Path, analysed: int) -> None:
    doc = corrected_doc(library, analysed)
    (queued,) = enqueue(library, write_call(tmp_path, 2))
    with pytest.raises(InputError, match="not analysed yet"), library.write() as session:
        queue.replace_analysis(session, session.get(CallRow, queued), doc)
    assert segment_count(library, queued) == 0


def test_dequeue_removes_only_a_waiting_call(library: Library, tmp_path: Path, analysed: int) -> None:
    waiting, claimed = enqueue(library, write_call(tmp_path, 2), write_call(tmp_path, 3))
    with library.write() as session:
        session.get(CallRow, claimed).status = "transcribing"
    with library.write() as session:
        assert queue.dequeue(session, waiting).endswith("call2.vtt")
    assert status(library, waiting) is None
    for call_id, state in ((claimed, "being processed"), (analysed, "analysed")):
        with pytest.raises(InputError, match=f"is {state}, not waiting"), library.write() as session:
            queue.dequeue(session, call_id)
        assert status(library, call_id) is not None
    with pytest.raises(InputError, match="no such call"), library.write() as session:
        queue.dequeue(session, waiting)


def test_a_skipped_call_goes_back_to_the_queue_and_the_run_goes_on(library: Library, tmp_path: Path) -> None:
    first, second = enqueue(library, write_call(tmp_path, 1), write_call(tmp_path, 2))
    outcomes = process_queue(library, skip=lambda call_id: call_id == first)
    assert [(o.call_id, o.status) for o in outcomes] == [(first, "skipped"), (second, "analysed")]
    call = status(library, first)
    assert (call.status, call.claimed_by) == ("queued", None) and segment_count(library, first) == 0
    assert [(o.call_id, o.status) for o in process_queue(library)] == [(first, "analysed")]  # a later run takes it


class CountingEngine:
    made: ClassVar[list[CountingEngine]] = []

    def __init__(self, model) -> None:
        self.model = model
        CountingEngine.made.append(self)


@dataclass
class FakeModel:
    transcriber: Transcriber
    used: list[object]


@pytest.fixture
def fake_model() -> FakeModel:
    """No real model: recordings get a demo transcript; every engine construction is counted (CountingEngine.made),
    and every engine a transcription was given (`fake_model.used`)."""
    used: list[object] = []

    def transcribe(path, *, engine=None, progress=None, cancel=None, **_options):
        from callcoach.transcripts import load_transcript

        used.append(engine)
        return load_transcript(write_call(Path(path).parent.parent / "fake", len(used)))

    CountingEngine.made = []
    return FakeModel(Transcriber(load=CountingEngine, transcribe=transcribe), used)


def recordings(tmp_path: Path, count: int, first: int = 0) -> list[Path]:
    """Copies of the stereo test call, each with different bytes (so each is a new call)."""
    paths = []
    for i in range(first, first + count):
        path = tmp_path / "in" / f"call{i}.flac"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(STEREO.read_bytes() + bytes([i]))
        paths.append(path)
    return paths


def test_a_shared_engine_cache_loads_the_model_once_across_runs(
    library: Library, tmp_path: Path, fake_model: FakeModel
) -> None:
    engines = EngineCache(fake_model.transcriber)
    first, second, third = recordings(tmp_path, 3)
    for batch in ([first, second], [third]):
        enqueue(library, *batch)
        outcomes = process_queue(library, ProcessOptions(model="tiny", engines=engines))
        assert {o.status for o in outcomes} == {"analysed"}
    assert len(CountingEngine.made) == 1 and engines.loads == 1
    assert fake_model.used == [CountingEngine.made[0]] * 3 and CountingEngine.made[0].model == "tiny"

    engines.keep_only("base")  # the model setting changed: the loaded one is dropped, the next run loads anew
    enqueue(library, *recordings(tmp_path, 1, first=3))
    process_queue(library, ProcessOptions(model="base", engines=engines))
    assert [e.model for e in CountingEngine.made] == ["tiny", "base"] and engines.loads == 2


def test_without_a_shared_cache_each_run_loads_its_own_model(
    library: Library, tmp_path: Path, fake_model: FakeModel
) -> None:
    """The CLI: one model per `process` run, loaded on the first recording only."""
    paths = recordings(tmp_path, 3)
    enqueue(library, *paths[:2])
    process_queue(library, ProcessOptions(model="tiny", transcriber=fake_model.transcriber))
    enqueue(library, write_call(tmp_path, 9))
    process_queue(
        library, ProcessOptions(model="tiny", transcriber=fake_model.transcriber)
    )  # transcripts only: no model loaded
    enqueue(library, paths[2])
    process_queue(library, ProcessOptions(model="tiny", transcriber=fake_model.transcriber))
    assert len(CountingEngine.made) == 2
