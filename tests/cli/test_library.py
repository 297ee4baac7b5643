"""The library commands end to end through `callcoach`'s main(): import, process, list, show, review, and the
wiring of scorecard, report and export to callcoach.reporting (replaced here by recording fakes)."""

from __future__ import annotations

import errno
import getpass
import json
import os
import sqlite3
import sys
import types
from datetime import date, datetime
from pathlib import Path

import pytest

from callcoach.cli import main
from callcoach.core.analysis import analyze
from callcoach.core.model import Analysis
from callcoach.core.serialize import to_dict
from callcoach.transcripts import load_transcript
from tests.storage.helpers import write_broken, write_call, write_unscorable


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CALLCOACH_DB", raising=False)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lib.sqlite"
    monkeypatch.setenv("CALLCOACH_DB", str(path))
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def processed(capsys, tmp_path: Path, count: int = 1, agent: str = "Lee") -> list[Path]:
    paths = [write_call(tmp_path / "in", n) for n in range(1, count + 1)]
    assert run(capsys, "import", *map(str, paths), "--agent", agent)[0] == 0
    assert run(capsys, "process")[0] == 0
    return paths


def set_mtime(path: Path, when: datetime) -> Path:
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def listing(capsys, *args: str) -> list[dict]:
    code, out, _ = run(capsys, "list", "--json", *args)
    assert code == 0
    return json.loads(out)


# ---- import ----------------------------------------------------------------------------------------------------


def test_import_recognises_the_same_file_by_content(capsys, db: Path, tmp_path: Path) -> None:
    first = write_call(tmp_path, 1)
    copy = tmp_path / "renamed" / "copy.vtt"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    code, out, _ = run(capsys, "import", str(first))
    assert code == 0 and "queued as call 1" in out
    code, out, _ = run(capsys, "import", str(first), str(copy))
    assert code == 0
    assert out.count("already in the library as call 1") == 2
    assert "imported 0 calls, 2 already in the library" in out
    assert [c["id"] for c in listing(capsys)] == [1]


def test_import_of_a_folder_recurses_and_counts_what_it_skips(capsys, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "day"
    write_call(folder, 1)
    write_call(folder / "team-b", 2, name="second.SRT.vtt")
    (folder / "team-b" / "notes.txt").write_text("not a call")
    (folder / "cover.png").write_bytes(b"\x89PNG")
    code, out, _ = run(capsys, "import", str(folder), "--agent", "Ana Núñez", "--recorded-at", "2024-05-01T14:30")
    assert code == 0
    assert "imported 2 calls, 0 already in the library, skipped 2 other files" in out
    calls = listing(capsys)
    assert [Path(c["file"]).name for c in calls] == ["call1.vtt", "second.SRT.vtt"]
    assert {c["agent"] for c in calls} == {"Ana Núñez"} and {c["status"] for c in calls} == {"queued"}
    assert calls[0]["recorded_at"].startswith("2024-05-01T") and calls[0]["duration"] is None


def test_import_without_recorded_at_dates_each_call_from_its_file(capsys, db: Path, tmp_path: Path) -> None:
    old, new = datetime(2023, 6, 15, 9, 45), datetime(2024, 2, 1, 17, 0)  # local times, as --recorded-at reads
    run(capsys, "import", str(set_mtime(write_call(tmp_path, 1), old)), "--agent", "Lee")
    run(capsys, "import", str(set_mtime(write_call(tmp_path, 2), new)), "--agent", "Lee", "--recorded-at", "2022-01-05")
    dates = [datetime.fromisoformat(c["recorded_at"]) for c in listing(capsys)]
    assert dates == [old.astimezone(), datetime(2022, 1, 5).astimezone()]  # an explicit date always wins
    code, out, _ = run(capsys, "show", "1")
    assert code == 0 and "recorded 2023-06-15 09:45" in out


def test_report_since_counts_a_call_imported_without_a_date_by_its_files_date(
    capsys, db: Path, tmp_path: Path, reporting
) -> None:
    run(capsys, "import", str(set_mtime(write_call(tmp_path, 1), datetime(2023, 6, 15, 9, 45))), "--agent", "Lee")
    assert run(capsys, "process")[0] == 0
    code, out, _ = run(capsys, "report", "--agent", "Lee", "-o", str(tmp_path / "r.pdf"), "--since", "2023-06-01")
    assert code == 0 and "1 call(s)" in out
    ((_, records, _, since, _),) = reporting["report"]
    assert [r.call_id for r in records] == [1] and since == date(2023, 6, 1)
    assert records[0].recorded_at == datetime(2023, 6, 15, 9, 45).astimezone()  # the PDF prints this date
    code, _, err = run(capsys, "report", "--agent", "Lee", "-o", str(tmp_path / "r.pdf"), "--since", "2023-07-01")
    assert code == 2 and "no analysed calls since 2023-07-01" in err  # dated by the file, not by today's import


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.vtt"], "file or folder not found"),
        (["{tmp}/notes.txt"], "not a recording or transcript"),
        (["{tmp}/call1.vtt", "--recorded-at", "yesterday"], "not an ISO date/time"),
    ],
)
def test_import_errors_are_one_line_and_exit_2(capsys, db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    write_call(tmp_path, 1)
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = run(capsys, "import", *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and message in err and err.count("\n") == 1
    assert not db.exists() or listing(capsys) == []


def test_every_command_honours_callcoach_db_and_db_overrides_it(capsys, tmp_path: Path, monkeypatch) -> None:
    env_db, option_db = tmp_path / "env.sqlite", tmp_path / "option.sqlite"
    monkeypatch.setenv("CALLCOACH_DB", str(env_db))
    run(capsys, "import", str(write_call(tmp_path, 1)))
    run(capsys, "import", str(write_call(tmp_path, 2)), "--db", str(option_db))
    assert [Path(c["file"]).name for c in listing(capsys)] == ["call1.vtt"]
    assert [Path(c["file"]).name for c in listing(capsys, "--db", str(option_db))] == ["call2.vtt"]
    assert not (tmp_path / "data" / "library.sqlite").exists()
    monkeypatch.delenv("CALLCOACH_DB")
    run(capsys, "import", str(write_call(tmp_path, 3)))
    assert (tmp_path / "data" / "library.sqlite").exists()


# ---- process / list / show -------------------------------------------------------------------------------------


def test_process_goes_on_past_a_failed_file_and_exits_1(capsys, db: Path, tmp_path: Path) -> None:
    write_call(tmp_path / "in", 1)
    write_broken(tmp_path / "in", "a_broken.vtt")
    run(capsys, "import", str(tmp_path / "in"))
    code, out, err = run(capsys, "process")
    assert code == 1  # a script or cron job learns that a file needs fixing
    (failure,) = [line for line in err.splitlines() if line.startswith("call ")]
    assert failure.startswith("call 1 failed: ") and "a_broken.vtt" in failure and "no cues" in failure
    lines = out.splitlines()
    assert lines[0].startswith("call 2 done: ") and "overall" in lines[0]  # the good call after it still analysed
    assert lines[-1] == "processed 2 call(s): 1 analysed, 1 failed"
    assert [(c["id"], c["status"]) for c in listing(capsys)] == [(1, "failed"), (2, "analysed")]
    assert "no cues" in listing(capsys, "--status", "failed")[0]["reason"]
    assert run(capsys, "process") == (0, "nothing to process: no queued calls\n", "")  # the failure was last run's


def test_process_exits_0_when_every_call_is_analysed(capsys, db: Path, tmp_path: Path) -> None:
    run(capsys, "import", str(write_call(tmp_path, 1)), str(write_call(tmp_path, 2)))
    code, out, err = run(capsys, "process")
    assert (code, err) == (0, "") and out.endswith("processed 2 call(s): 2 analysed, 0 failed\n")


def test_process_retry_of_a_file_still_broken_exits_1(capsys, db: Path, tmp_path: Path) -> None:
    run(capsys, "import", str(write_broken(tmp_path)))
    assert run(capsys, "process")[0] == 1
    code, out, err = run(capsys, "process", "--retry-failed")
    assert code == 1 and "queued 1 failed call(s) again" in out and "call 1 failed: " in err


def test_list_filters_and_json_fields(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path, count=2, agent="Lee")
    run(capsys, "import", str(write_call(tmp_path, 7)), "--agent", "Ana")
    everything = listing(capsys)
    assert set(everything[0]) >= {"id", "agent", "file", "status", "duration", "overall", "recorded_at"}
    assert [(c["agent"], c["status"]) for c in everything] == [
        ("Lee", "analysed"),
        ("Lee", "analysed"),
        ("Ana", "queued"),
    ]
    assert everything[0]["duration"] == pytest.approx(17.0) and isinstance(everything[0]["overall"], float)
    assert [c["id"] for c in listing(capsys, "--agent", "Ana")] == [3]
    assert [c["id"] for c in listing(capsys, "--status", "analysed", "--agent", "Lee")] == [1, 2]
    assert listing(capsys, "--agent", "Nobody") == []
    code, out, _ = run(capsys, "list", "--status", "queued")
    assert code == 0 and "call7.vtt" in out and "call1.vtt" not in out


def test_show_json_is_the_analyze_document_plus_call_and_review(capsys, db: Path, tmp_path: Path) -> None:
    (path,) = processed(capsys, tmp_path)
    code, out, _ = run(capsys, "show", "1", "--json")
    assert code == 0
    doc = json.loads(out)
    call, review = doc.pop("call"), doc.pop("review")
    assert doc == json.loads(json.dumps(to_dict(analyze(load_transcript(path.resolve())))))
    assert call["status"] == "analysed" and review is None
    code, out, _ = run(capsys, "show", "1")
    assert code == 0 and "Overall" in out and "Not reviewed yet." in out


def test_a_missing_call_id_is_an_input_error(capsys, db: Path) -> None:
    from callcoach.storage import open_library

    open_library(str(db)).close()  # an existing, empty library
    for args in (["show", "42"], ["review", "42", "--comment", "hi"], ["export", "42", "--format", "txt"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and "no call with id 42" in err and str(db) in err


# ---- review ----------------------------------------------------------------------------------------------------


def test_review_override_comment_and_agent_answer_are_saved(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path)
    auto = listing(capsys)[0]["overall"]
    code, out, _ = run(capsys, "review", "1", "--set", "closing=5", "--reason", "no next steps", "--reviewer", "maria")
    assert code == 0 and "closing set to 5" in out
    assert run(capsys, "review", "1", "--comment", "Nice paraphrase", "--at", "9.5")[0] == 0
    assert run(capsys, "review", "1", "--dispute", "--comment", "I did summarise")[0] == 0  # the call's agent
    call = listing(capsys)[0]
    assert call["status"] == "reviewed" and call["overall"] < auto
    review = json.loads(run(capsys, "show", "1", "--json")[1])["review"]
    assert review["reviewer"] == getpass.getuser()  # the last reviewer to edit; the default name is the OS user
    assert [(o["criterion"], o["score"], o["reason"], o["reviewer"]) for o in review["overrides"]] == [
        ("closing", 5.0, "no next steps", "maria")
    ]
    assert [(c["text"], c["call_time"]) for c in review["comments"]] == [("Nice paraphrase", 9.5)]
    assert review["acknowledgement"]["status"] == "disputed" and review["acknowledgement"]["agent"] == "Lee"
    assert review["overall"] == call["overall"]
    assert run(capsys, "review", "1", "--acknowledge", "--as", "Lee Wong")[0] == 0
    text = run(capsys, "show", "1")[1]
    assert "acknowledged by Lee Wong" in text and "[0:10] Nice paraphrase" in text and '"no next steps"' in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "warmth=50", "--reason", "x"], "valid criteria: empathy, active_listening"),
        (["--set", "empathy=150", "--reason", "x"], "out of range"),
        (["--set", "empathy=high", "--reason", "x"], "expected CRITERION=SCORE"),
        (["--set", "empathy=50"], "--set needs --reason"),
        (["--dispute"], "--dispute needs --comment"),
        (["--acknowledge", "--set", "empathy=50", "--reason", "x"], "scores are the reviewer's"),
        (["--acknowledge", "--reviewer", "maria"], "in their own name: --as NAME"),
        (["--acknowledge", "--as", " "], "--as needs the agent's name"),
        (["--comment", "ok", "--as", "Lee"], "--as goes with --acknowledge or --dispute"),
        (["--comment", "late", "--at", "600"], "outside the call"),
        ([], "nothing to do"),
    ],
)
def test_invalid_review_commands_change_nothing(
    capsys, db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    processed(capsys, tmp_path)
    code, _, err = run(capsys, "review", "1", *args)
    assert code == 2 and message in err
    assert listing(capsys)[0]["status"] == "analysed"
    assert json.loads(run(capsys, "show", "1", "--json")[1])["review"] is None


def test_an_agent_answer_on_a_call_without_an_agent_needs_their_name(capsys, db: Path, tmp_path: Path) -> None:
    """Never the login name of whoever runs the command: the call's agent, or the name given with --as."""
    run(capsys, "import", str(write_call(tmp_path, 1)))
    assert run(capsys, "process")[0] == 0
    code, _, err = run(capsys, "review", "1", "--acknowledge")
    assert code == 2 and "call 1 has no agent" in err and "says their name is Lee" in err and "--as NAME" in err
    assert json.loads(run(capsys, "show", "1", "--json")[1])["review"] is None
    code, out, _ = run(capsys, "review", "1", "--dispute", "--comment", "Fine close", "--as", "Lee Wong")
    assert code == 0 and "disputed by Lee Wong" in out
    ack = json.loads(run(capsys, "show", "1", "--json")[1])["review"]["acknowledgement"]
    assert ack["agent"] == "Lee Wong" != getpass.getuser()


def test_reviewing_several_criteria_at_once_is_one_transaction(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path)
    code, _, err = run(capsys, "review", "1", "--set", "closing=50", "--set", "bogus=1", "--reason", "x")
    assert code == 2 and "bogus" in err
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT COUNT(*) FROM overrides").fetchone()[0] == 0


# ---- scorecard / report / export (reporting replaced by fakes) -------------------------------------------------


@pytest.fixture
def reporting(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    calls: dict[str, list] = {"scorecard": [], "report": [], "export": []}

    def render_scorecard(analysis, path, *, info, review=None, redact=True):
        calls["scorecard"].append((analysis, path, info, review, redact))

    def render_agent_report(agent, records, path, *, since=None, redact=True):
        calls["report"].append((agent, records, path, since, redact))

    def export_text(analysis, fmt, *, redact=True, review=None, overall=None):
        calls["export"].append((analysis, fmt, redact))
        return f"{fmt} of {len(analysis.transcript.segments)} segments"

    for name, fn in [("scorecard", render_scorecard), ("agent_report", render_agent_report), ("exports", export_text)]:
        module = types.ModuleType(f"callcoach.reporting.{name}")
        setattr(module, fn.__name__, fn)
        monkeypatch.setitem(sys.modules, f"callcoach.reporting.{name}", module)
    return calls


def test_scorecard_of_a_stored_call_passes_its_review_and_info(capsys, db, tmp_path, reporting) -> None:
    processed(capsys, tmp_path)
    run(capsys, "review", "1", "--comment", "Good call")
    code, out, _ = run(capsys, "scorecard", "1", "-o", str(tmp_path / "card.pdf"), "--no-redact")
    assert code == 0 and "scorecard written" in out
    ((analysis, path, info, review, redact),) = reporting["scorecard"]
    assert isinstance(analysis, Analysis) and len(analysis.transcript.segments) == 4
    assert path == tmp_path / "card.pdf" and redact is False
    assert (info.call_id, info.agent, info.title) == (1, "Lee", "call1.vtt")
    assert [c.text for c in review.comments] == ["Good call"]


def test_scorecard_of_a_file_is_analysed_on_the_fly_without_the_library(capsys, tmp_path, reporting) -> None:
    path = write_call(tmp_path, 1)
    code, _, _ = run(capsys, "scorecard", str(path), "-o", str(tmp_path / "card.pdf"), "--agent", "Zoë")
    assert code == 0
    ((analysis, _, info, review, redact),) = reporting["scorecard"]
    assert info.agent == "Zoë" and info.call_id is None and review is None and redact is True
    assert info.recorded_at is not None  # the file's own date: the header never says "Call date –" for it
    assert to_dict(analysis) == to_dict(analyze(load_transcript(path)))
    assert not (tmp_path / "data" / "library.sqlite").exists()


def test_report_collects_the_agents_analysed_calls(capsys, db, tmp_path, reporting) -> None:
    processed(capsys, tmp_path, count=2, agent="Lee")
    run(capsys, "import", str(write_call(tmp_path, 9)), "--agent", "Lee")  # queued: not in the report
    code, out, _ = run(capsys, "report", "--agent", "Lee", "-o", str(tmp_path / "lee.pdf"), "--since", "2000-01-01")
    assert code == 0 and "2 call(s)" in out
    ((agent, records, _, since, _),) = reporting["report"]
    assert agent == "Lee" and [r.call_id for r in records] == [1, 2] and since.isoformat() == "2000-01-01"
    code, _, err = run(capsys, "report", "--agent", "Nobody", "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "no agent named 'Nobody'" in err and "agents: Lee" in err
    code, _, err = run(capsys, "report", "--agent", "Lee", "-o", str(tmp_path / "x.pdf"), "--since", "2999-01-01")
    assert code == 2 and "no analysed calls since 2999-01-01" in err


def test_export_prints_or_writes_the_calls_analysis(capsys, db, tmp_path, reporting) -> None:
    processed(capsys, tmp_path)
    code, out, _ = run(capsys, "export", "1", "--format", "srt")
    assert code == 0 and out == "srt of 4 segments\n"
    code, _, _ = run(capsys, "export", "1", "--format", "csv", "-o", str(tmp_path / "call.csv"), "--no-redact")
    assert code == 0 and (tmp_path / "call.csv").read_text() == "csv of 4 segments"
    assert [(fmt, redact) for _, fmt, redact in reporting["export"]] == [("srt", True), ("csv", False)]
    run(capsys, "import", str(write_call(tmp_path, 5)))
    code, _, err = run(capsys, "export", "2", "--format", "txt")
    assert code == 2 and "has no analysis yet (it is queued)" in err


def test_export_to_a_full_disk_fails_clearly_and_keeps_the_old_file(capsys, db, tmp_path, reporting, monkeypatch):
    processed(capsys, tmp_path)
    target = tmp_path / "out" / "call.vtt"
    target.parent.mkdir()
    target.write_text("the previous export")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("callcoach.reporting.pdfout.os.replace", full)
    code, out, err = run(capsys, "export", "1", "--format", "vtt", "-o", str(target))
    assert code == 2 and out == ""
    assert err.strip() == (
        f"callcoach: error: {target}: cannot write the vtt export: No space left on device "
        "(free some space or choose another folder)"
    )
    assert target.read_text() == "the previous export" and sorted(target.parent.iterdir()) == [target]


def test_reading_commands_refuse_a_library_that_does_not_exist(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo" / "libary.sqlite"
    for command in (["list"], ["show", "1"], ["export", "1", "--format", "txt"], ["review", "1", "--comment", "x"]):
        code, _, err = run(capsys, *command, "--db", str(missing))
        assert code == 2, command
        assert "no library here" in err and str(missing) in err and "--db" in err
    assert not missing.exists() and not missing.parent.exists()


def test_a_folder_is_not_a_library(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "list", "--db", str(tmp_path))
    assert code == 2
    assert "is a folder, not a library file" in err


def test_a_call_that_cannot_be_scored_shows_as_needing_attention(capsys, db: Path, tmp_path: Path) -> None:
    path = write_unscorable(tmp_path / "in")
    assert run(capsys, "import", str(path), "--agent", "Lee")[0] == 0
    code, out, _ = run(capsys, "process")
    assert code == 0 and "call 1 needs attention" in out and "1 need attention (no score)" in out
    (row,) = listing(capsys)
    assert (row["status"], row["overall"]) == ("attention", None) and "nothing the agent said" in row["reason"]
    _, out, _ = run(capsys, "list")
    line = next(line for line in out.splitlines() if line.strip().startswith("1 "))
    assert "attention" in line and "PASS" not in out and "100" not in line
    assert "nothing the agent said" in out  # the reason under the row
    _, out, _ = run(capsys, "show", "1")
    assert "NEEDS ATTENTION" in out and "Overall" not in out.split("NEEDS ATTENTION")[0]


def test_process_again_queues_one_call_and_keeps_its_review(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path)
    assert run(capsys, "review", "1", "--comment", "check the greeting", "--reviewer", "Kim")[0] == 0
    code, out, err = run(capsys, "process", "--again", "1", "--model", "tiny.en")
    assert code == 0, err
    assert "queued call 1 again (model tiny.en)" in out and "call 1 done" in out
    _, out, _ = run(capsys, "show", "1", "--json")
    doc = json.loads(out)
    assert [c["text"] for c in doc["review"]["comments"]] == ["check the greeting"]
    code, _, err = run(capsys, "process", "--again", "7")
    assert code == 2 and "no call with id 7" in err


def test_a_read_only_library_gives_one_line_and_keeps_everything(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path)
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    code, out, err = run(capsys, "review", "1", "--comment", "a note", "--db", read_only)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "the library is read-only: this change was not saved" in err and str(db) in err
    assert run(capsys, "list", "--db", read_only)[0] == 0  # reading still works
    _, out, _ = run(capsys, "show", "1", "--json")
    assert json.loads(out)["review"] is None  # nothing was half-saved


def test_a_folder_without_calls_says_so(capsys, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "minutes.txt").write_text("not a call", encoding="utf-8")
    code, out, err = run(capsys, "import", str(folder))
    assert code == 2 and out == ""
    assert f"{folder}: no recordings or transcripts found (1 other file skipped)" in err and ".vtt" in err


def test_list_shows_a_dead_workers_call_as_queued_again(capsys, db: Path, tmp_path: Path) -> None:
    import socket

    from sqlalchemy import create_engine, text

    paths = [write_call(tmp_path / "in", 1)]
    assert run(capsys, "import", *map(str, paths))[0] == 0
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:  # a `process` that was killed while transcribing call 1
        conn.execute(
            text("UPDATE calls SET status = 'transcribing', claimed_by = :who, claimed_at = CURRENT_TIMESTAMP"),
            {"who": f"{socket.gethostname()}:{2**22 + 12345}"},
        )
    engine.dispose()
    (row,) = listing(capsys)
    assert row["status"] == "queued" and "stopped" in row["reason"] and "callcoach process" in row["reason"]


def test_relink_points_a_call_at_its_moved_file_and_refuses_another(capsys, db: Path, tmp_path: Path) -> None:
    (path,) = processed(capsys, tmp_path)
    moved = tmp_path / "archive" / path.name
    moved.parent.mkdir()
    path.rename(moved)
    other = write_call(tmp_path / "other", 9)
    code, _, err = run(capsys, "relink", "1", str(other))
    assert code == 2 and "not the file of call 1" in err
    code, out, err = run(capsys, "relink", "1", str(moved))
    assert code == 0, err
    assert f"call 1 now points at {moved.resolve()}" in out
    (row,) = listing(capsys)
    assert row["file"] == str(moved.resolve()) and row["status"] == "analysed"


def test_one_overall_everywhere_and_the_json_export_carries_the_review(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path)
    assert run(capsys, "review", "1", "--set", "empathy=100", "--reason", "heard it", "--reviewer", "Kim")[0] == 0
    (row,) = listing(capsys)
    _, out, _ = run(capsys, "show", "1")
    header = next(line for line in out.splitlines() if line.startswith("Overall"))
    assert header.startswith(f"Overall {row['overall']:g}/100") and "reviewed; automatic" in header
    assert f"Review by Kim: overall {row['overall']:g}" in out
    _, out, _ = run(capsys, "export", "1", "--format", "json")
    exported = json.loads(out)
    assert (
        exported["review"]["overall"] == row["overall"] and exported["review"]["overrides"][0]["reason"] == "heard it"
    )
    _, shown, _ = run(capsys, "show", "1", "--json")
    assert json.loads(shown)["review"] == exported["review"]


def test_delete_removes_calls_with_their_reviews_never_the_files(capsys, db: Path, tmp_path: Path) -> None:
    paths = processed(capsys, tmp_path, count=3)
    assert run(capsys, "review", "2", "--comment", "remove me")[0] == 0
    code, out, err = run(capsys, "delete", "1", "2")
    assert code == 0, err
    assert f"call 1 deleted ({paths[0].resolve()} itself is untouched)" in out
    assert [row["id"] for row in listing(capsys)] == [3] and all(p.exists() for p in paths)
    with sqlite3.connect(db) as raw:  # the analysis and the review went with the calls
        assert raw.execute("SELECT COUNT(*) FROM segments WHERE call_id IN (1, 2)").fetchone()[0] == 0
        assert raw.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 0
    code, _, err = run(capsys, "delete", "3", "7")
    assert code == 2 and "no call with id 7" in err and [row["id"] for row in listing(capsys)] == [3]  # all or none


def test_assign_sets_and_clears_the_agent_of_calls(capsys, db: Path, tmp_path: Path) -> None:
    processed(capsys, tmp_path, count=2, agent="Lee")
    code, out, _ = run(capsys, "assign", "1", "2", "--agent", "Priya Nair")
    assert code == 0 and "2 calls now with agent Priya Nair" in out
    assert {row["agent"] for row in listing(capsys)} == {"Priya Nair"}
    assert [row["id"] for row in listing(capsys, "--agent", "Priya Nair")] == [1, 2]
    assert run(capsys, "assign", "2", "--agent", "")[0] == 0
    assert [row["agent"] for row in listing(capsys)] == ["Priya Nair", None]


def test_a_call_without_an_agent_shows_the_name_the_agent_gave(capsys, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "in" / "intro.vtt"
    path.parent.mkdir(parents=True)
    path.write_text(
        "WEBVTT\n\n00:00.000 --> 00:04.000\n<v Agent>Thanks for calling, my name is Priya. How can I help?\n\n"
        "00:04.500 --> 00:08.000\n<v Customer>Hi Priya, my bill is wrong.\n",
        encoding="utf-8",
    )
    assert run(capsys, "import", str(path))[0] == 0 and run(capsys, "process")[0] == 0
    (row,) = listing(capsys)
    assert row["agent"] is None and row["agent_said"] == "Priya"  # suggested, never assigned on its own
    _, out, _ = run(capsys, "list")
    assert " Priya? " in out
    _, out, _ = run(capsys, "show", "1")
    assert "the agent says their name is Priya: `callcoach assign 1 --agent NAME`" in out


def test_import_with_an_agent_sets_it_on_a_call_already_in_the_library_without_one(capsys, db, tmp_path: Path) -> None:
    path = write_call(tmp_path / "in", 1)
    assert run(capsys, "import", str(path))[0] == 0
    code, out, _ = run(capsys, "import", str(path), "--agent", "Lee")
    assert code == 0 and "already in the library as call 1; its agent is now Lee" in out
    code, out, _ = run(capsys, "import", str(path), "--agent", "Sam")
    assert "its agent stays Lee: `callcoach assign 1 --agent NAME` changes it" in out
    assert [c["agent"] for c in listing(capsys)] == ["Lee"]
