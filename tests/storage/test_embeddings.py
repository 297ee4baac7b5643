"""Sentence embeddings kept in the library: processing a call stores them, and the next analysis reuses them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlmodel import func, select

from callcoach.core.analysis import detector_texts
from callcoach.core.detectors.detector import default_detector
from callcoach.services.processing import process_queue
from callcoach.storage import Library
from callcoach.storage.embeddings import load_vectors, store_vectors, text_key
from callcoach.storage.tables import EmbeddingRow
from callcoach.transcripts import load_transcript
from tests.storage.helpers import enqueue, write_call


def test_vectors_round_trip_and_are_never_rewritten(library: Library) -> None:
    vector = np.arange(384, dtype=np.float32) / 384
    with library.write() as session:
        store_vectors(session, {"I'm sorry about the wait.": vector})
    with library.write() as session:
        store_vectors(session, {"I'm sorry about the wait.": vector * 0})  # an existing key stays as it was
    with library.read() as session:
        loaded = load_vectors(session, ["I'm sorry about the wait.", "never stored"])
        rows = session.exec(select(func.count()).select_from(EmbeddingRow)).one()
    assert list(loaded) == ["I'm sorry about the wait."]
    assert np.array_equal(loaded["I'm sorry about the wait."], vector)
    assert rows == 1
    assert len(text_key("x")) == 64


def test_processing_stores_the_calls_embeddings(library: Library, tmp_path: Path) -> None:
    path = write_call(tmp_path, 1)
    enqueue(library, path)
    process_queue(library)
    texts = set(detector_texts(load_transcript(path)))
    with library.read() as session:
        stored = load_vectors(session, texts)
    assert set(stored) == texts
    fresh = default_detector().encoder.encode_views(sorted(texts))
    assert np.allclose(np.vstack([stored[t] for t in sorted(texts)]), fresh, atol=1e-6)


def test_upgrading_a_v4_library_drops_its_one_view_vectors(tmp_path: Path) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from callcoach.storage import open_library
    from callcoach.storage.migrations import upgrade

    path = tmp_path / "library.sqlite"
    url = make_url(f"sqlite:///{path}")
    engine = create_engine(url)
    upgrade(engine, url, target=4)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO embeddings (text_sha256, vector) VALUES (?, ?)",
            (text_key("Sorry about that."), np.ones(384, dtype="<f4").tobytes()),
        )
    engine.dispose()
    library = open_library(str(path))
    try:
        assert library.migration.from_version == 4
        with library.read() as session:
            assert load_vectors(session, ["Sorry about that."]) == {}
    finally:
        library.close()


def test_processing_reports_unsure_findings_as_possible(library: Library, tmp_path: Path) -> None:
    from callcoach.core.analysis import Settings
    from callcoach.services.processing import ProcessOptions
    from callcoach.storage import repository
    from callcoach.storage.tables import CallRow

    path = write_call(tmp_path, 1)  # with the agent's restatement taken out, so a missing paraphrase is found
    path.write_text(path.read_text().replace("So your card was declined twice today.", "What's the card number?"))
    (call_id,) = enqueue(library, path)
    process_queue(library, ProcessOptions(analysis=Settings(possible_below=1.01)))
    with library.read() as session:
        doc = repository.load_document(session, session.get(CallRow, call_id))
    learned = [f for f in doc["findings"] if "confidence" in f]
    assert learned and all(f["possible"] for f in learned)
