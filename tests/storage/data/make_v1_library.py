"""Regenerate library_v1.sqlite: a library as the first schema version (v1) wrote it, for the upgrade test.

It is built with the frozen v1 schema of app/storage/migrations.py (never the live tables), so it keeps showing
what a v1 user has on disk after later versions change the schema. Commit the result; regenerate only if the v1
fixture itself must change (it normally never should). Run: ``python tests/storage/data/make_v1_library.py``.

Contents: agents "Priya" and "José Núñez"; call 1 analysed (with word timings on its first segment), call 2
reviewed (an override and two comments), call 3 queued, call 4 failed.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from callcoach.core.analysis import analyze  # noqa: E402
from callcoach.core.model import Word  # noqa: E402
from callcoach.core.rubric import default_rubric  # noqa: E402
from callcoach.core.serialize import to_dict  # noqa: E402
from callcoach.storage.database import open_library  # noqa: E402
from callcoach.storage.migrations import upgrade, v1_metadata  # noqa: E402
from callcoach.transcripts import load_transcript  # noqa: E402

OUT = HERE / "library_v1.sqlite"
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

CALL_A = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Agent>Thank you for calling Harbor Bank, this is Priya. How can I help?

00:00:03.500 --> 00:00:09.000
<v Customer>My card was declined twice today and I'm really worried.

00:00:09.500 --> 00:00:14.000
<v Agent>I'm sorry, that sounds stressful. So your card was declined twice today.

00:00:14.500 --> 00:00:18.000
<v Agent>I've removed the block. Thank you for calling.
"""

CALL_B = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Agent>Northwind Broadband, José speaking.

00:00:03.500 --> 00:00:10.000
<v Customer>My internet drops every evening, I'm fed up with this.

00:00:10.500 --> 00:00:13.000
<v Agent>That's our policy, you should have called earlier.
"""


def _doc(vtt: str, source: str, words: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "call.vtt"
        path.write_text(vtt, encoding="utf-8")
        transcript = load_transcript(path)
    transcript.source = source
    if words:
        first = transcript.segments[0]
        first.words = [Word(0.0, 0.4, "Thank", 0.97), Word(0.4, 0.6, "you", 0.99)]
    return to_dict(analyze(transcript, default_rubric()))


def main() -> None:
    OUT.unlink(missing_ok=True)
    library = open_library(str(OUT), migrate=False)
    assert upgrade(library.engine, library.url, target=1).to_version == 1
    t = v1_metadata().tables
    toml = Path(default_rubric().source).read_text(encoding="utf-8")
    with library.engine.begin() as conn:
        conn.execute(
            t["agents"].insert(),
            [{"id": 1, "name": "Priya", "created_at": T0}, {"id": 2, "name": "José Núñez", "created_at": T0}],
        )
        conn.execute(
            t["rubrics"].insert(),
            {
                "id": 1,
                "name": "CallCoach default",
                "version": "1",
                "sha256": hashlib.sha256(toml.encode()).hexdigest(),
                "toml": toml,
                "created_at": T0,
            },
        )
        for call_id, vtt, agent, words in ((1, CALL_A, 1, True), (2, CALL_B, 2, False)):
            source = f"/calls/2024-03-01/call{call_id}.vtt"
            doc = _doc(vtt, source, words)
            _insert_analysed(conn, t, call_id, source, agent, doc)
        conn.execute(
            t["calls"].insert(),
            [
                _call(3, "/calls/2024-03-01/call3.wav", "recording", 1, "queued"),
                {
                    **_call(4, "/calls/2024-03-01/call4.mp3", "recording", 2, "failed"),
                    "failure_reason": "/calls/2024-03-01/call4.mp3: no audio stream",
                },
            ],
        )
        conn.execute(t["calls"].update().where(t["calls"].c.id == 2).values(status="reviewed", overall=55.0))
        conn.execute(
            t["reviews"].insert(), {"id": 1, "call_id": 2, "reviewer": "maria", "created_at": T0 + timedelta(days=1)}
        )
        conn.execute(
            t["overrides"].insert(),
            {
                "review_id": 1,
                "criterion_id": "empathy",
                "score": 40.0,
                "reason": "tone was flat",
                "reviewer": "maria",
                "at": T0 + timedelta(days=1, minutes=5),
            },
        )
        conn.execute(
            t["comments"].insert(),
            [
                {
                    "review_id": 1,
                    "text": "Blamed the customer here",
                    "author": "maria",
                    "at": T0 + timedelta(days=1, minutes=6),
                    "call_time": 11.0,
                },
                {
                    "review_id": 1,
                    "text": "Coach on empathy — ¡ojo!",
                    "author": "maria",
                    "at": T0 + timedelta(days=1, minutes=9),
                    "call_time": None,
                },
            ],
        )
    library.close()
    with sqlite3.connect(OUT) as conn:  # one self-contained file in the repository, no -wal beside it
        conn.execute("PRAGMA journal_mode=DELETE")
    print(f"wrote {OUT}")


def _call(call_id: int, path: str, kind: str, agent: int, status: str) -> dict:
    return {
        "id": call_id,
        "file_path": path,
        "content_hash": f"{call_id:064x}",
        "kind": kind,
        "agent_id": agent,
        "recorded_at": T0 + timedelta(hours=call_id),
        "imported_at": T0 + timedelta(hours=call_id, minutes=30),
        "status": status,
        "failure_reason": None,
    }


def _insert_analysed(conn, t, call_id: int, source: str, agent: int, doc: dict) -> None:
    scores = doc["scores"]
    conn.execute(
        t["calls"].insert(),
        {
            **_call(call_id, source, "transcript", agent, "analysed"),
            "duration": doc["duration"],
            "language": doc["language"],
            "model": doc["model"],
            "overall": scores["overall"],
            "passed": scores["passed"],
            "rubric_id": 1,
            "analysis": {**doc, "segments": [], "findings": []},
            "analysed_at": T0 + timedelta(hours=call_id, minutes=31),
        },
    )
    for s in doc["segments"]:
        result = conn.execute(
            t["segments"].insert(),
            {
                "call_id": call_id,
                "idx": s["id"],
                "speaker": s["speaker"],
                "start": s["start"],
                "end": s["end"],
                "text": s["text"],
                "sentiment": s["sentiment"],
                "tags": s["tags"],
            },
        )
        segment_id = result.inserted_primary_key[0]
        for i, w in enumerate(s.get("words", [])):
            conn.execute(t["words"].insert(), {"segment_id": segment_id, "idx": i, **w})
    for i, f in enumerate(doc["findings"]):
        conn.execute(
            t["findings"].insert(),
            {
                "call_id": call_id,
                "idx": i,
                "kind": f["kind"],
                "speaker": f["speaker"],
                "start": f["start"],
                "end": f["end"],
                "segment_ids": f["segment_ids"],
                "detail": f["detail"],
                "suggestion": f.get("suggestion"),
            },
        )


if __name__ == "__main__":
    main()
