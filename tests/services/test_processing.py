"""The `process` job: what it saves, how failures and cancellation leave the queue, and abandoned claims."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from callcoach.core.analysis import analyze
from callcoach.core.jobs import Cancelled
from callcoach.core.model import Word
from callcoach.core.rubric import default_rubric
from callcoach.core.serialize import from_dict, to_dict
from callcoach.services.processing import ProcessOptions, process_queue
from callcoach.storage import Library, open_library, queue, repository
from callcoach.storage.tables import CallRow, RubricRow, SegmentRow, WordRow, utcnow
from callcoach.transcripts import load_transcript
from tests.storage.helpers import STEREO, enqueue, segment_count, status, write_broken, write_call, write_unscorable


def test_saved_analysis_is_exactly_what_analyze_reports(library: Library, tmp_path: Path) -> None:
    path = write_call(tmp_path, 1)
    (call_id,) = enqueue(library, path)
    outcomes = process_queue(library)
    assert [(o.call_id, o.status) for o in outcomes] == [(call_id, "analysed")]
    expected = to_dict(analyze(load_transcript(path), default_rubric()))
    with library.read() as session:
        call = session.get(CallRow, call_id)
        assert call.status == "analysed" and call.claimed_by is None
        assert call.duration == pytest.approx(17.0) and call.overall == expected["scores"]["overall"]
        assert repository.load_document(session, call) == expected
        rubric = session.get(RubricRow, call.rubric_id)
    rubric_bytes = Path(default_rubric().source).read_bytes()
    assert (rubric.name, rubric.version) == ("CallCoach default", "1")
    assert rubric.sha256 == hashlib.sha256(rubric_bytes).hexdigest()
    assert segment_count(library, call_id) == 4


def test_a_failed_file_gets_its_reason_and_the_queue_goes_on(library: Library, tmp_path: Path) -> None:
    good1, bad, good2 = write_call(tmp_path, 1), write_broken(tmp_path), write_call(tmp_path, 2)
    missing = write_call(tmp_path, 3)
    ids = enqueue(library, good1, bad, missing, good2)
    missing.unlink()
    seen = []
    outcomes = process_queue(library, on_done=seen.append)
    assert [o.status for o in outcomes] == ["analysed", "failed", "failed", "analysed"] == [o.status for o in seen]
    broken, gone = status(library, ids[1]), status(library, ids[2])
    assert broken.status == "failed" and "broken.vtt" in broken.failure_reason and "no cues" in broken.failure_reason
    assert gone.status == "failed" and "not found" in gone.failure_reason
    assert segment_count(library, ids[1]) == 0
    assert process_queue(library) == []  # failed calls are not retried on their own
    assert queue.requeue_failed(library) == 2
    assert status(library, ids[1]).status == "queued"


def test_cancel_puts_the_call_in_hand_back_in_the_queue(library: Library, tmp_path: Path) -> None:
    ids = enqueue(library, write_call(tmp_path, 1), write_call(tmp_path, 2))
    started = []
    with pytest.raises(Cancelled):
        process_queue(library, on_start=started.append, cancel=lambda: bool(started))
    assert [c.id for c in started] == [ids[0]]
    for call_id in ids:
        call = status(library, call_id)
        assert (call.status, call.claimed_by) == ("queued", None)
        assert segment_count(library, call_id) == 0
    assert [o.status for o in process_queue(library)] == ["analysed", "analysed"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _claim_as(library: Library, call_id: int, worker: str, age: timedelta = timedelta(0)) -> None:
    with library.write() as session:
        call = session.get(CallRow, call_id)
        call.status, call.claimed_by, call.claimed_at = "transcribing", worker, utcnow() - age


def test_a_call_claimed_by_a_dead_process_is_taken_back(library: Library, tmp_path: Path) -> None:
    (call_id,) = enqueue(library, write_call(tmp_path, 1))
    _claim_as(library, call_id, f"{socket.gethostname()}:{_dead_pid()}")
    assert [o.call_id for o in process_queue(library)] == [call_id]
    assert status(library, call_id).status == "analysed"


def test_a_live_workers_claim_is_respected_until_its_heartbeat_is_stale(library: Library, tmp_path: Path) -> None:
    (call_id,) = enqueue(library, write_call(tmp_path, 1))
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _claim_as(library, call_id, f"{socket.gethostname()}:{live.pid}")
        assert process_queue(library) == []
        assert status(library, call_id).status == "transcribing"
        _claim_as(library, call_id, f"{socket.gethostname()}:{live.pid}", age=timedelta(minutes=11))
        assert [o.status for o in process_queue(library)] == ["analysed"]
    finally:
        live.kill()
        live.wait()


def test_another_hosts_claim_counts_only_by_its_heartbeat(library: Library, tmp_path: Path) -> None:
    (call_id,) = enqueue(library, write_call(tmp_path, 1))
    _claim_as(library, call_id, "other-machine:1234", age=timedelta(minutes=2))
    assert process_queue(library, ProcessOptions(stale_after=timedelta(minutes=5))) == []
    assert [o.call_id for o in process_queue(library, ProcessOptions(stale_after=timedelta(minutes=1)))] == [call_id]


def test_a_result_for_a_call_taken_over_is_discarded(library: Library, tmp_path: Path) -> None:
    path = write_call(tmp_path, 1)
    (call_id,) = enqueue(library, path)
    claimed = queue.claim_next(library, "host-a:1")
    assert claimed is not None and claimed.id == call_id
    _claim_as(library, call_id, "host-b:2")  # host-a looked dead and host-b took over
    doc = to_dict(analyze(load_transcript(path)))
    with pytest.raises(queue.ClaimLost):
        queue.save_analysis(library, call_id, "host-a:1", doc, queue.RubricSnapshot.of(default_rubric()), None)
    assert segment_count(library, call_id) == 0 and status(library, call_id).claimed_by == "host-b:2"


def test_a_recording_is_transcribed_with_word_timings(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    import av

    (call_id,) = enqueue(library, STEREO)
    opened: list[str] = []
    real_open = av.open
    monkeypatch.setattr(av, "open", lambda name, *a, **k: (opened.append(str(name)), real_open(name, *a, **k))[1])
    assert [o.status for o in process_queue(library)] == ["analysed"]
    assert opened == [str(STEREO)] * 2, "the recording is probed once and decoded once per processing run"
    call = status(library, call_id)
    assert call.channels == 2 and call.model == "tiny.en" and call.duration == pytest.approx(15.4, abs=0.1)
    with library.read() as session:
        words = session.exec(select(func.count()).select_from(WordRow)).one()
        doc = repository.load_document(session, call)
    assert words > 20
    assert all(s["words"] for s in doc["segments"])
    assert "how can i help" in " ".join(s["text"] for s in doc["segments"] if s["speaker"] == "agent").lower()


def test_a_stored_recording_loads_back_word_for_word(library: Library, tmp_path: Path) -> None:
    # load_analysis builds segments and words straight from the rows: it must equal the document path
    transcript = load_transcript(write_call(tmp_path, 2))
    for segment in transcript.segments:
        tokens = segment.text.split()
        step = (segment.end - segment.start) / len(tokens)
        segment.words = [
            Word(segment.start + k * step, segment.start + (k + 1) * step, f" {w}", 0.5 + k / 100)
            for k, w in enumerate(tokens)
        ]
    doc = to_dict(analyze(transcript, default_rubric()))
    (call_id,) = enqueue(library, tmp_path / "call2.vtt")
    claimed = queue.claim_next(library, "me:1")
    assert claimed is not None and claimed.id == call_id
    queue.save_analysis(library, call_id, "me:1", doc, queue.RubricSnapshot.of(default_rubric()), 1)
    with library.read() as session:
        call = session.get(CallRow, call_id)
        loaded = repository.load_analysis(session, call, library.label)
        assert repository.load_document(session, call) == doc
    assert to_dict(loaded) == doc and loaded == from_dict(doc)
    assert sum(len(s.words) for s in loaded.transcript.segments) > 20
    assert loaded.transcript.segments[1].words[2].probability == pytest.approx(0.52)


def test_two_workers_share_the_queue_without_doing_a_call_twice(library: Library, tmp_path: Path, monkeypatch) -> None:
    ids = enqueue(library, *(write_call(tmp_path, n) for n in range(12)))
    monkeypatch.setattr(queue, "worker_id", lambda: f"{socket.gethostname()}:{threading.current_thread().name}")
    results: dict[str, list[int]] = {}

    def work(name: str) -> None:
        results[name] = [o.call_id for o in process_queue(open_library(library.label))]

    threads = [threading.Thread(target=work, args=(name,), name=name) for name in ("worker-a", "worker-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    done = results["worker-a"] + results["worker-b"]
    assert sorted(done) == ids  # every call exactly once
    with library.read() as session:
        assert session.exec(select(func.count()).select_from(SegmentRow)).one() == 4 * len(ids)


def test_a_call_that_cannot_be_scored_needs_attention_and_is_never_a_score(library: Library, tmp_path: Path) -> None:
    from callcoach.services.calls import ReviewEdit, agent_records, edit_review, list_calls, stored_call

    (call_id,) = enqueue(library, write_unscorable(tmp_path))
    (outcome,) = process_queue(library)
    assert outcome.status == "attention" and outcome.overall is None
    (row,) = list_calls(library)
    assert row.status == "attention" and row.overall is None and row.passed is None
    assert row.reason and "nothing the agent said" in row.reason  # the library row says why
    doc = stored_call(library, call_id).document
    assert doc is not None and doc["scores"]["overall"] is None and doc["scores"]["attention"]
    (record,) = agent_records(library, "Lee")
    assert record.overall is None and record.attention  # left out of the agent's figures, with the reason

    # a comment alone scores nothing; scoring a criterion by hand gives the call its (reviewed) score
    edit_review(library, call_id, ReviewEdit("Kim", comment="listened: the line was dead"))
    assert list_calls(library)[0].status == "attention"
    result = edit_review(library, call_id, ReviewEdit("Kim", overrides=[("empathy", 40.0)], reason="dead air"))
    assert result.overall == 40
    (row,) = list_calls(library)
    assert (row.status, row.overall, row.passed) == ("reviewed", 40, False)


def test_processing_again_keeps_the_review_and_uses_the_model_asked_for(library: Library, tmp_path: Path) -> None:
    from callcoach.services.calls import ReviewEdit, edit_review, stored_call
    from callcoach.services.processing import EngineCache, Transcriber, process_again

    used: list[tuple[str, object]] = []

    def transcribe(path, *, model, engine, **_options):
        used.append((model, engine))
        return load_transcript(write_unscorable(tmp_path / "fake", len(used)))

    engines = EngineCache(Transcriber(load=lambda model: f"engine:{model}", transcribe=transcribe))
    (call_id,) = enqueue(library, STEREO)
    process_queue(library, ProcessOptions(engines=engines))
    edit_review(library, call_id, ReviewEdit("Kim", comment="an English-only model on this call? try base"))
    options = process_again(library, call_id, "base", ProcessOptions(engines=engines))
    assert status(library, call_id).status == "queued"
    (outcome,) = process_queue(library, options)
    assert outcome.status == "attention"
    assert used == [("tiny.en", "engine:tiny.en"), ("base", "engine:base")]
    review = stored_call(library, call_id).review
    assert review is not None and [c.text for c in review.comments] == ["an English-only model on this call? try base"]


def test_a_file_that_changes_under_the_library_is_never_analysed_silently(library: Library, tmp_path: Path) -> None:
    path = write_call(tmp_path, 1)
    (call_id,) = enqueue(library, path)
    write_call(tmp_path, 2, name=path.name)  # replaced before it was ever analysed: analysed as it is, and said so
    (outcome,) = process_queue(library)
    assert outcome.status == "analysed" and any("changed since it was imported" in w for w in outcome.warnings)
    assert status(library, call_id).content_hash == repository.file_sha256(path)  # a re-import is still recognised

    write_call(tmp_path, 3, name=path.name)  # replaced after its analysis: its review is about the old content
    queue.requeue(library, call_id)
    (outcome,) = process_queue(library)
    assert outcome.status == "failed" and "the file changed since it was analysed" in outcome.reason


def test_a_moved_file_is_found_again_by_importing_it_at_its_new_place(library: Library, tmp_path: Path) -> None:
    from callcoach.services.calls import ReviewEdit, edit_review, stored_call
    from callcoach.services.importing import import_files

    path = write_call(tmp_path / "old", 1)
    (call_id,) = enqueue(library, path)
    process_queue(library)
    edit_review(library, call_id, ReviewEdit("Kim", comment="good opening"))
    moved = tmp_path / "new" / path.name
    moved.parent.mkdir()
    path.rename(moved)
    queue.requeue(library, call_id)  # processed again after the move: its file is not where it was
    (outcome,) = process_queue(library)
    assert outcome.status == "failed" and "moved or deleted" in outcome.reason and f"relink {call_id}" in outcome.reason

    summary = import_files(library, [moved])
    (item,) = summary.imported
    assert (item.call_id, item.new, item.relinked) == (call_id, False, True)
    assert status(library, call_id).status == "queued" and status(library, call_id).file_path == str(moved.resolve())
    (outcome,) = process_queue(library)
    assert outcome.status == "analysed"
    review = stored_call(library, call_id).review
    assert review is not None and [c.text for c in review.comments] == ["good opening"]
