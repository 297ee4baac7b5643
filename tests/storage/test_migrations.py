"""A library written by schema v1 (the committed data/library_v1.sqlite) opens, upgrades and loses nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel, select

from callcoach.storage import Library, open_library, repository
from callcoach.storage.migrations import CURRENT_VERSION
from callcoach.storage.reviews import load_review
from callcoach.storage.tables import AcknowledgementRow, CallRow, ReviewRow

V1 = Path(__file__).parent / "data" / "library_v1.sqlite"


@pytest.fixture
def upgraded(tmp_path: Path) -> Library:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(V1, path)
    lib = open_library(str(path))
    yield lib
    lib.close()


def _schema(path: Path) -> dict[str, dict[str, bool]]:
    """table -> column -> nullable, as the database file really has it."""
    engine = create_engine(f"sqlite:///{path}")
    inspector = inspect(engine)
    schema = {t: {c["name"]: c["nullable"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}
    engine.dispose()
    return schema


def test_fixture_is_still_a_v1_library() -> None:
    with sqlite3.connect(f"file:{V1}?mode=ro", uri=True) as raw:
        assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        columns = [r[1] for r in raw.execute("PRAGMA table_info(calls)")]
        assert "channels" not in columns


def test_v1_library_upgrades_without_losing_anything(upgraded: Library, tmp_path: Path) -> None:
    m = upgraded.migration
    assert (m.from_version, m.to_version) == (1, CURRENT_VERSION) and m.upgraded
    with sqlite3.connect(upgraded.label) as raw:
        assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == CURRENT_VERSION
    with upgraded.read() as session:
        calls = repository.list_calls(session)
        assert [(c.id, c.status, c.agent) for c in calls] == [
            (1, "analysed", "Priya"),
            (2, "reviewed", "José Núñez"),
            (3, "queued", "Priya"),
            (4, "failed", "José Núñez"),
        ]
        assert calls[3].reason == "/calls/2024-03-01/call4.mp3: no audio stream"
        doc = repository.load_document(session, session.get(CallRow, 1))
        assert len(doc["segments"]) == 4 and doc["findings"] is not None
        assert [w["word"] for w in doc["segments"][0]["words"]] == ["Thank", "you"]
        analysis = repository.load_analysis(session, session.get(CallRow, 2), upgraded.label)
        assert analysis.transcript.segments[1].speaker == "customer"
        review = load_review(session, 2)
        assert review is not None and review.reviewer == "maria"
        assert [(o.criterion_id, o.score, o.reason) for o in review.overrides] == [("empathy", 40.0, "tone was flat")]
        assert [(c.text, c.call_time) for c in review.comments] == [
            ("Blamed the customer here", 11.0),
            ("Coach on empathy — ¡ojo!", None),
        ]
        # v2's reviews.updated_at was backfilled from the latest edit, not left empty
        row = session.exec(select(ReviewRow)).one()
        assert row.updated_at == review.comments[-1].at


def test_what_v2_added_works_on_the_upgraded_library(upgraded: Library) -> None:
    with upgraded.write() as session:
        session.get(CallRow, 3).channels = 2
        session.add(AcknowledgementRow(review_id=1, status="disputed", comment="I was polite", agent="José Núñez"))
    with upgraded.read() as session:
        assert session.get(CallRow, 3).channels == 2
        assert load_review(session, 2).acknowledgement.status == "disputed"


def test_a_backup_of_the_v1_file_is_kept_next_to_it(upgraded: Library) -> None:
    backup = upgraded.migration.backup
    assert backup is not None and backup.parent == Path(upgraded.label).parent
    assert backup.name.startswith("library.sqlite.bak-v1-")
    with sqlite3.connect(backup) as raw:
        assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert raw.execute("SELECT COUNT(*) FROM segments").fetchone()[0] > 0
        assert raw.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 2


def test_opening_again_neither_migrates_nor_backs_up(upgraded: Library) -> None:
    again = open_library(upgraded.label)
    assert not again.migration.upgraded and again.migration.backup is None
    assert len(list(Path(upgraded.label).parent.glob("library.sqlite.bak-*"))) == 1
    again.close()


def test_upgraded_and_new_libraries_have_the_schema_of_the_tables(upgraded: Library, tmp_path: Path) -> None:
    fresh = open_library(str(tmp_path / "fresh.sqlite"))
    fresh.close()
    expected = {t.name: {c.name: bool(c.nullable) for c in t.columns} for t in SQLModel.metadata.sorted_tables}
    expected["schema_version"] = {"version": False, "applied_at": False}
    assert _schema(tmp_path / "fresh.sqlite") == expected
    assert _schema(Path(upgraded.label)) == expected
