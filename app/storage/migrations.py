"""Schema versions of the library, and the steps that bring an older library up to date without loss.

Every version's schema is frozen here as SQLAlchemy Core, never taken from the live sqlmodel classes (which
follow the newest version). A new library is created as version 1 and brought forward by the very steps an old
library takes, so both always end up with the same schema; tests/storage/test_migrations.py checks that result
against app/storage/tables.py. To change the schema: append a step to STEPS and bump nothing else; never edit a
released step. Before an existing SQLite library is migrated, a consistent copy is saved next to it as
``library.sqlite.bak-v{N}-{timestamp}``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import URL

from callcoach.core.errors import InputError
from callcoach.storage.location import display, sqlite_path


@dataclass(frozen=True)
class MigrationResult:
    from_version: int  # 0: the library was just created
    to_version: int
    backup: Path | None = None

    @property
    def upgraded(self) -> bool:
        return 0 < self.from_version < self.to_version


def _ts() -> DateTime:
    return DateTime(timezone=True)  # what sqlmodel's UTCDateTime expects (timestamptz on PostgreSQL)


def _id() -> Column:
    return Column("id", Integer, primary_key=True)


def _fk(name: str, target: str, ondelete: str = "CASCADE", nullable: bool = False, index: bool = True) -> Column:
    return Column(name, Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


def v1_metadata() -> MetaData:
    """The first released schema, frozen (tests/storage/data/make_v1_library.py builds its fixture from it)."""
    md = MetaData()
    Table(
        "schema_version",
        md,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("applied_at", _ts(), nullable=False),
    )
    Table(
        "agents",
        md,
        _id(),
        Column("name", String, nullable=False, unique=True),
        Column("created_at", _ts(), nullable=False),
    )
    Table(
        "rubrics",
        md,
        _id(),
        Column("name", String, nullable=False),
        Column("version", String, nullable=False),
        Column("sha256", String(64), nullable=False, unique=True),
        Column("toml", Text, nullable=False),
        Column("created_at", _ts(), nullable=False),
    )
    Table(
        "calls",
        md,
        _id(),
        Column("file_path", Text, nullable=False),
        Column("content_hash", String(64), nullable=False, unique=True),
        Column("kind", String, nullable=False),
        _fk("agent_id", "agents.id", ondelete="SET NULL", nullable=True),
        Column("recorded_at", _ts()),
        Column("imported_at", _ts(), nullable=False),
        Column("status", String, nullable=False, index=True),
        Column("failure_reason", Text),
        Column("claimed_by", String),
        Column("claimed_at", _ts()),
        Column("duration", Float),
        Column("language", String),
        Column("model", String),
        Column("overall", Float),
        Column("passed", Boolean),
        _fk("rubric_id", "rubrics.id", ondelete="RESTRICT", nullable=True),
        Column("analysis", JSON),
        Column("analysed_at", _ts()),
    )
    Table(
        "segments",
        md,
        _id(),
        _fk("call_id", "calls.id", index=False),
        Column("idx", Integer, nullable=False),
        Column("speaker", String, nullable=False),
        Column("start", Float, nullable=False),
        Column("end", Float, nullable=False),
        Column("text", Text, nullable=False),
        Column("sentiment", Float),
        Column("tags", JSON, nullable=False),
        UniqueConstraint("call_id", "idx", name="uq_segments_call_idx"),
    )
    Table(
        "words",
        md,
        _id(),
        _fk("segment_id", "segments.id"),
        Column("idx", Integer, nullable=False),
        Column("start", Float, nullable=False),
        Column("end", Float, nullable=False),
        Column("word", Text, nullable=False),
        Column("probability", Float, nullable=False),
    )
    Table(
        "findings",
        md,
        _id(),
        _fk("call_id", "calls.id"),
        Column("idx", Integer, nullable=False),
        Column("kind", String, nullable=False),
        Column("speaker", String, nullable=False),
        Column("start", Float, nullable=False),
        Column("end", Float, nullable=False),
        Column("segment_ids", JSON, nullable=False),
        Column("detail", Text, nullable=False),
        Column("suggestion", Text),
    )
    Table(
        "reviews",
        md,
        _id(),
        Column("call_id", Integer, ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, unique=True),
        Column("reviewer", String),
        Column("created_at", _ts(), nullable=False),
    )
    Table(
        "overrides",
        md,
        _id(),
        _fk("review_id", "reviews.id"),
        Column("criterion_id", String, nullable=False),
        Column("score", Float, nullable=False),
        Column("reason", Text, nullable=False),
        Column("reviewer", String, nullable=False),
        Column("at", _ts(), nullable=False),
    )
    Table(
        "comments",
        md,
        _id(),
        _fk("review_id", "reviews.id"),
        Column("text", Text, nullable=False),
        Column("author", String, nullable=False),
        Column("at", _ts(), nullable=False),
        Column("call_time", Float),
    )
    return md


def _v1(conn: Connection) -> None:
    """Create the first schema (a new library starts here, then takes every later step)."""
    v1_metadata().create_all(conn)


def _v2(conn: Connection) -> None:
    """Add calls.channels, reviews.updated_at (backfilled from the latest edit) and agent acknowledgements."""
    _add_column(conn, "calls", Column("channels", Integer))
    _add_column(conn, "reviews", Column("updated_at", _ts()))
    conn.execute(text("UPDATE reviews SET updated_at = created_at"))
    for child in ("overrides", "comments"):
        latest = f"SELECT MAX(c.at) FROM {child} c WHERE c.review_id = reviews.id"
        newer = f"SELECT 1 FROM {child} c WHERE c.review_id = reviews.id AND c.at > reviews.updated_at"
        conn.execute(text(f"UPDATE reviews SET updated_at = ({latest}) WHERE EXISTS ({newer})"))
    md = MetaData()
    Table("reviews", md, _id())  # only so the foreign key below resolves; not created
    Table(
        "acknowledgements",
        md,
        _id(),
        _fk("review_id", "reviews.id"),
        Column("status", String, nullable=False),
        Column("comment", Text, nullable=False),
        Column("agent", String, nullable=False),
        Column("at", _ts(), nullable=False),
    ).create(conn)


def _v3(conn: Connection) -> None:
    """Add the learned detectors' confidences (segments.tag_scores, segments.restates, findings.confidence and
    findings.possible) and the embeddings cache table."""
    _add_column(conn, "segments", Column("tag_scores", JSON))
    _add_column(conn, "segments", Column("restates", Integer))
    _add_column(conn, "findings", Column("confidence", Float))
    _add_column(conn, "findings", Column("possible", Boolean))
    md = MetaData()
    Table(
        "embeddings",
        md,
        Column("text_sha256", String(64), primary_key=True),
        Column("vector", LargeBinary, nullable=False),
    ).create(conn)


def _v4(conn: Connection) -> None:
    """Add calls.speakers: who is who in a call's file, as the user said it at import or in the review screen
    (`--agent-speaker`, `--speakers`, a swap), so that processing the call again keeps it."""
    _add_column(conn, "calls", Column("speakers", JSON))


def _v5(conn: Connection) -> None:
    """Empty the embeddings cache: its rows held one 384-float vector per text, and the detectors now read three
    views of the encoder per text (1,152 floats). It is only a cache; the next analysis of a call refills it."""
    conn.execute(text("DELETE FROM embeddings"))


_PG_LOCK_KEY = 0xCA11C0AC  # any constant: serialises migrations of one PostgreSQL library
STEPS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5}
CURRENT_VERSION = max(STEPS)


def _add_column(conn: Connection, table: str, column: Column) -> None:
    kind = column.type.compile(dialect=conn.dialect)
    name = conn.dialect.identifier_preparer.quote(column.name)
    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def schema_version(conn: Connection, label: str) -> int:
    """The library's schema version; 0 for an empty database. Refuses a database that is something else."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" not in names:
        if names:
            raise InputError(
                label,
                "this database is not a CallCoach library (it holds other tables)",
                hint="choose another location with --db or CALLCOACH_DB",
            )
        return 0
    return int(conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() or 0)


def upgrade(engine: Engine, url: URL, target: int = CURRENT_VERSION) -> MigrationResult:
    """Create or bring the library at ``url`` up to ``target`` in one transaction, after backing up an existing one."""
    label = display(url)
    engine = engine.execution_options(callcoach_write=True)  # BEGIN IMMEDIATE: one migrator at a time
    with engine.connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
        version = schema_version(conn, label)
        if version > CURRENT_VERSION:
            raise InputError(
                label,
                f"this library has schema version {version}, newer than this CallCoach understands ({CURRENT_VERSION})",
                hint="update CallCoach to open it; the library was left untouched",
            )
        if version >= target:
            return MigrationResult(version, version)
        backup = _backup(url, version) if version else None
        for step in range(version + 1, target + 1):
            STEPS[step](conn)
            conn.execute(
                text("INSERT INTO schema_version (version, applied_at) VALUES (:v, :at)"),
                {"v": step, "at": datetime.now(UTC)},
            )
    return MigrationResult(version, target, backup)


def _backup(url: URL, version: int) -> Path | None:
    """A consistent copy of a SQLite library (WAL contents included) taken with SQLite's backup API."""
    path = sqlite_path(url)
    if path is None:
        return None  # a server database is backed up by its administrator's own tools
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    n = 1
    while target.exists():  # two upgrades within one second (never overwrite a backup)
        n += 1
        target = path.with_name(f"{path.name}.bak-v{version}-{stamp}-{n}")
    try:
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except (sqlite3.Error, OSError) as exc:
        raise InputError(
            path, f"cannot back up the library before upgrading it: {exc}", hint="free some disk space"
        ) from None
    return target
