"""The library commands of `callcoach`: import, process, list, show, review, scorecard, report, export.

Every command opens the library from --db, else CALLCOACH_DB, else the user data folder. Storage, analysis and
reporting are imported inside the handlers, so `callcoach analyze` does not pay for SQLAlchemy or ReportLab.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callcoach.core.errors import InputError

if TYPE_CHECKING:
    from callcoach.core.review import Review
    from callcoach.storage import Library

Handler = Callable[[argparse.Namespace], int]
STATUSES = ("queued", "transcribing", "analysed", "reviewed", "failed")
EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130  # callcoach.cli returns 2 (EXIT_BAD_INPUT) on an InputError


def register(subparsers: Any) -> dict[str, Handler]:
    """Add the library subcommands to `callcoach`'s parser; returns the handler of each."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="PATH|URL",
        help="library file or SQLAlchemy URL (default: $CALLCOACH_DB, else the user data folder)",
    )
    redact = argparse.ArgumentParser(add_help=False)
    redact.add_argument("--no-redact", action="store_true", help="keep card, account and phone numbers and e-mails")
    recording = argparse.ArgumentParser(add_help=False)
    recording.add_argument("--model", default="tiny.en", help="Whisper model for recordings (see `callcoach models`)")
    recording.add_argument("--agent-channel", choices=("left", "right", "auto"), default="auto")
    recording.add_argument("--rubric", metavar="FILE", help="score against this rubric instead of the default")

    p = subparsers.add_parser(
        "import", parents=[db], help="add recordings or transcripts (files or folders) to the queue"
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--agent", metavar="NAME", help="the agent on these calls")
    p.add_argument(
        "--recorded-at",
        metavar="ISO",
        help="when the calls were recorded, e.g. 2024-05-01T14:30 (default: each file's own date)",
    )

    p = subparsers.add_parser(
        "process",
        parents=[db, recording],
        help="transcribe and analyse the queued calls (exit status 1 when a call failed)",
    )
    p.add_argument("--retry-failed", action="store_true", help="queue the failed calls again first")

    p = subparsers.add_parser("list", parents=[db], help="list the calls in the library")
    p.add_argument("--agent", metavar="NAME")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = subparsers.add_parser("show", parents=[db], help="show one call's analysis and review")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="the stored analysis document plus a 'review' object")

    p = subparsers.add_parser("review", parents=[db], help="override a score, comment, or (agent) acknowledge/dispute")
    p.add_argument("id", type=int)
    p.add_argument("--set", action="append", metavar="CRITERION=SCORE", help="override a criterion's score (0-100)")
    p.add_argument("--reason", metavar="TEXT", help="why the score was overridden (required with --set)")
    p.add_argument(
        "--comment", metavar="TEXT", help="a review comment, or the agent's words with --acknowledge/--dispute"
    )
    p.add_argument("--at", type=float, metavar="SECONDS", help="the moment of the call the comment is about")
    agent = p.add_mutually_exclusive_group()
    agent.add_argument("--acknowledge", action="store_true", help="agent mode: acknowledge the review")
    agent.add_argument("--dispute", action="store_true", help="agent mode: dispute the review (needs --comment)")
    p.add_argument(
        "--reviewer", metavar="NAME", default=_user(), help="who is making the change (default: %(default)s)"
    )

    p = subparsers.add_parser("scorecard", parents=[db, redact, recording], help="write a call's PDF scorecard")
    p.add_argument("target", metavar="ID|PATH", help="a call id, or a recording/transcript analysed on the fly")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--agent", metavar="NAME", help="the agent's name for the header")

    p = subparsers.add_parser("report", parents=[db, redact], help="write an agent's trend report over many calls")
    p.add_argument("--agent", required=True, metavar="NAME")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--since", metavar="DATE", help="only calls from this date on, e.g. 2024-05-01")

    p = subparsers.add_parser("export", parents=[db, redact], help="export a call's transcript and analysis")
    p.add_argument("id", type=int)
    p.add_argument("--format", required=True, choices=("vtt", "srt", "txt", "json", "csv"))
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of printing")

    return {
        "import": cmd_import,
        "process": cmd_process,
        "list": cmd_list,
        "show": cmd_show,
        "review": cmd_review,
        "scorecard": cmd_scorecard,
        "report": cmd_report,
        "export": cmd_export,
    }


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        return "reviewer"


def _open(args: argparse.Namespace, *, existing: bool = False) -> Library:
    """The library of --db / CALLCOACH_DB. `existing`: a command that reads (or edits) what is already there
    refuses a library file that does not exist, instead of creating an empty one from a mistyped path."""
    from sqlalchemy.exc import SQLAlchemyError

    from callcoach.storage import open_library
    from callcoach.storage.database import display, resolve_url, sqlite_path

    path = sqlite_path(resolve_url(args.db))
    if path is not None and path.is_dir():
        raise InputError(
            path, "this is a folder, not a library file", hint="give the library file, e.g. --db DIR/library.sqlite"
        )
    if existing and path is not None and not path.exists():
        raise InputError(
            path,
            "no library here",
            hint="check --db or CALLCOACH_DB for a typo; a new library is made by `callcoach import`",
        )
    try:
        library = open_library(args.db)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise InputError(display(resolve_url(args.db)), f"cannot open the library: {reason}") from None
    m = library.migration
    if m is not None and m.upgraded:
        saved = f"; the old version is saved as {m.backup}" if m.backup else ""
        print(
            f"callcoach: upgraded the library from schema v{m.from_version} to v{m.to_version}{saved}", file=sys.stderr
        )
    return library


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    m, s = divmod(round(seconds), 60)
    return f"{m}:{s:02d}"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


# ---- import ----------------------------------------------------------------------------------------------------


def collect_files(paths: list[str]) -> tuple[list[Path], int]:
    """The call files named or found (recursively) in folders, and how many other files were skipped."""
    from callcoach.storage.processing import call_kind

    found: list[Path] = []
    skipped = 0
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if call_kind(child):
                    found.append(child)
                else:
                    skipped += 1
        elif path.is_file():
            if call_kind(path) is None:
                raise InputError(path, f"not a recording or transcript ('{path.suffix or 'no extension'}')")
            found.append(path)
        else:
            raise InputError(path, "file or folder not found")
    return found, skipped


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError("--recorded-at", f"not an ISO date/time: {value!r}", hint="e.g. 2024-05-01T14:30") from None


def cmd_import(args: argparse.Namespace) -> int:
    from callcoach.storage import repository
    from callcoach.storage.processing import call_kind

    recorded_at = _parse_time(args.recorded_at)
    files, skipped = collect_files(args.paths)
    library = _open(args)
    added = known = 0
    for path in files:  # no --recorded-at: each file's own date (see callcoach.storage.call_date)
        call, new = repository.import_file(library, path, call_kind(path) or "", args.agent, recorded_at)
        if not new:
            known += 1
            again = " (it failed: fix it, then `callcoach process --retry-failed`)" if call.status == "failed" else ""
            print(f"{path}: already in the library as call {call.id}{again}")
        else:
            added += 1
            print(f"{path}: queued as call {call.id}")
    others = f", skipped {skipped} other file{'s' if skipped != 1 else ''}" if skipped else ""
    print(f"imported {added} call{'s' if added != 1 else ''}, {known} already in the library{others}")
    if added:
        print("run `callcoach process` to transcribe and analyse them")
    return EXIT_OK


# ---- process ---------------------------------------------------------------------------------------------------


@contextmanager
def _ctrl_c_cancels() -> Iterator[threading.Event]:
    """The first Ctrl-C asks the job to stop cleanly (the call in hand goes back to the queue); a second one quits."""
    flag = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def handler(_signum, _frame) -> None:
        if flag.is_set():
            raise KeyboardInterrupt
        flag.set()
        print("\ncallcoach: stopping; Ctrl-C again to quit at once", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_process(args: argparse.Namespace) -> int:
    from callcoach.core.jobs import Cancelled
    from callcoach.core.rubric import default_rubric, load_rubric
    from callcoach.progress_bar import ProgressBar
    from callcoach.storage import queue
    from callcoach.storage.processing import Outcome, ProcessOptions, process_queue

    rubric = load_rubric(args.rubric) if args.rubric else default_rubric()
    library = _open(args)
    if args.retry_failed:
        print(f"queued {queue.requeue_failed(library)} failed call(s) again")
    bars: list[ProgressBar] = []

    def start(call) -> None:
        bars.append(ProgressBar(f"call {call.id} {Path(call.file_path).name}", stream=sys.stderr))

    def done(outcome: Outcome) -> None:
        bars.pop().close()
        if outcome.status == "analysed":
            print(f"call {outcome.call_id} done: {outcome.file} (overall {outcome.overall:g}/100)")
            for warning in outcome.warnings:
                print(f"  warning: {warning}")
        else:  # a failure goes to stderr, so a script sees it apart from the progress report
            stream = sys.stderr if outcome.status == "failed" else sys.stdout
            print(f"call {outcome.call_id} {outcome.status}: {outcome.reason}", file=stream)
        sys.stdout.flush()

    options = ProcessOptions(model=args.model, agent_channel=args.agent_channel, rubric=rubric)
    with _ctrl_c_cancels() as stop:
        try:
            outcomes = process_queue(
                library,
                options,
                progress=lambda f: bars and bars[-1](f),
                cancel=stop.is_set,
                on_start=start,
                on_done=done,
            )
        except (Cancelled, KeyboardInterrupt):
            for bar in bars:
                bar.close()
            print("callcoach: stopped; finished calls are saved, the rest stay queued", file=sys.stderr)
            return EXIT_INTERRUPTED
    if not outcomes:
        print("nothing to process: no queued calls")
        return EXIT_OK
    failed = sum(o.status == "failed" for o in outcomes)
    print(f"processed {len(outcomes)} call(s): {len(outcomes) - failed} analysed, {failed} failed")
    return EXIT_FAILED if failed else EXIT_OK  # a script or cron job learns that a file needs fixing


# ---- list / show -----------------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from callcoach.storage import repository

    library = _open(args, existing=True)
    with library.read() as session:
        calls = repository.list_calls(session, agent=args.agent, status=args.status)
    if args.json:
        json.dump([c.to_json() for c in calls], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    if not calls:
        filtered = args.agent is not None or args.status is not None
        print("no calls match" if filtered else "the library is empty: add calls with `callcoach import PATH`")
        return EXIT_OK
    print(f"{'ID':>5}  {'STATUS':<12} {'AGENT':<16} {'LENGTH':>6} {'SCORE':>5}  {'RECORDED':<16}  FILE")
    for c in calls:
        score = "-" if c.overall is None else f"{c.overall:g}"
        agent, length, when = (c.agent or "-")[:16], _clock(c.duration), _when(c.recorded_at)
        print(f"{c.id:>5}  {c.status:<12} {agent:<16} {length:>6} {score:>5}  {when:<16}  {c.file}")
        if c.reason:
            print(f"{'':>7}{c.reason}")
    return EXIT_OK


def review_json(review: Review | None, overall: float | None) -> dict[str, Any] | None:
    if review is None:
        return None
    ack = review.acknowledgement
    return {
        "reviewer": review.reviewer,
        "overall": overall,
        "overrides": [
            {
                "criterion": o.criterion_id,
                "score": o.score,
                "reason": o.reason,
                "reviewer": o.reviewer,
                "at": o.at.isoformat(),
            }
            for o in review.overrides
        ],
        "comments": [
            {"text": c.text, "author": c.author, "at": c.at.isoformat(), "call_time": c.call_time}
            for c in review.comments
        ],
        "acknowledgement": None
        if ack is None
        else {"status": ack.status, "comment": ack.comment, "agent": ack.agent, "at": ack.at.isoformat()},
    }


def cmd_show(args: argparse.Namespace) -> int:
    from callcoach.core.serialize import from_dict
    from callcoach.storage import repository
    from callcoach.storage.reviews import load_review

    library = _open(args, existing=True)
    with library.read() as session:
        call = repository.get_call(session, args.id, library.label)
        info = repository.call_summary(session, call)
        doc = repository.load_document(session, call) if call.analysis is not None else None
        review = load_review(session, args.id)
    if args.json:
        out = {**(doc or {}), "call": info.to_json(), "review": review_json(review, info.overall)}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"Call {info.id}: {info.file}")
    print(f"  agent {info.agent or '-'}, recorded {_when(info.recorded_at)}, status {info.status}")
    if info.reason:
        print(f"  {info.reason}")
    if doc is not None:
        from callcoach.core.serialize import summary

        print()
        print(summary(from_dict(doc)))
    print()
    print(_review_text(review, doc, info.overall))
    return EXIT_OK


def _review_text(review: Review | None, doc: dict | None, overall: float | None) -> str:
    if review is None:
        return "Not reviewed yet."
    names = {c["id"]: (c["name"], c["score"]) for c in doc["scores"]["criteria"]} if doc else {}
    lines = [f"Review by {review.reviewer or '-'}: overall {overall:g}" if overall is not None else "Review"]
    for o in review.overrides:
        name, auto = names.get(o.criterion_id, (o.criterion_id, None))
        was = "n/a" if auto is None else f"{auto:g}"
        lines.append(f'  {name}: {was} -> {o.score:g}  "{o.reason}" ({o.reviewer}, {_when(o.at)})')
    for c in review.comments:
        where = f"[{_clock(c.call_time)}] " if c.call_time is not None else ""
        lines.append(f"  {where}{c.text} ({c.author}, {_when(c.at)})")
    ack = review.acknowledgement
    if ack is not None:
        said = f': "{ack.comment}"' if ack.comment else ""
        lines.append(f"  {ack.status} by {ack.agent}, {_when(ack.at)}{said}")
    return "\n".join(lines)


# ---- review ----------------------------------------------------------------------------------------------------


def _parse_set(value: str) -> tuple[str, float]:
    criterion, sep, score = value.rpartition("=")
    try:
        if not sep or not criterion.strip():
            raise ValueError
        return criterion.strip(), float(score)
    except ValueError:
        raise InputError("--set", f"expected CRITERION=SCORE, got {value!r}", hint="e.g. --set empathy=80") from None


def _check_review_args(args: argparse.Namespace) -> None:
    agent_mode = args.acknowledge or args.dispute
    usage = "callcoach review"
    if not (args.set or args.comment or agent_mode):
        raise InputError(
            usage,
            "nothing to do",
            hint="use --set CRITERION=SCORE --reason TEXT, --comment TEXT, --acknowledge or --dispute",
        )
    if args.set and agent_mode:
        raise InputError(usage, "an agent acknowledges or disputes a review; scores are the reviewer's to change")
    if args.set and not (args.reason and args.reason.strip()):
        raise InputError(usage, "--set needs --reason TEXT saying why the score is overridden")
    if args.reason and not args.set:
        raise InputError(usage, "--reason goes with --set")
    if args.dispute and not (args.comment and args.comment.strip()):
        raise InputError(usage, "--dispute needs --comment TEXT saying what is wrong")
    if args.at is not None and (agent_mode or not args.comment):
        raise InputError(usage, "--at goes with a reviewer's --comment")


def cmd_review(args: argparse.Namespace) -> int:
    from callcoach.storage import repository, reviews

    _check_review_args(args)
    overrides = [_parse_set(v) for v in args.set or []]
    library = _open(args, existing=True)
    done: list[str] = []
    with library.write() as session:  # one command, one transaction: all of it is saved or none
        call = repository.get_call(session, args.id, library.label)
        for criterion, score in overrides:
            overall = reviews.add_override(session, call, library.label, criterion, score, args.reason, args.reviewer)
            done.append(f"{criterion} set to {score:g} (overall now {overall:g})")
        if args.acknowledge or args.dispute:
            status = "acknowledged" if args.acknowledge else "disputed"
            reviews.add_acknowledgement(session, call, library.label, status, args.comment or "", args.reviewer)
            done.append(f"review {status} by {args.reviewer}")
        elif args.comment:
            reviews.add_comment(session, call, library.label, args.comment, args.reviewer, args.at)
            done.append("comment saved" + (f" at {_clock(args.at)}" if args.at is not None else ""))
    for line in done:
        print(f"call {args.id}: {line}")
    return EXIT_OK


# ---- scorecard / report / export ------------------------------------------------------------------------------


def _output(name: str) -> Path:
    path = Path(name)
    if not path.parent.is_dir():
        raise InputError(path, "the folder to write into does not exist")
    return path


def cmd_scorecard(args: argparse.Namespace) -> int:
    from dataclasses import replace

    out = _output(args.output)
    if args.target.isdigit():
        analysis, info, review = _stored_call(args, int(args.target))
        if args.agent:
            info = replace(info, agent=args.agent)
    else:
        (analysis, info), review = _analyse_file(args), None
    from callcoach.reporting.scorecard import render_scorecard

    render_scorecard(analysis, out, info=info, review=review, redact=not args.no_redact)
    print(f"scorecard written to {out}")
    return EXIT_OK


def _stored_call(args: argparse.Namespace, call_id: int):
    from callcoach.storage import repository
    from callcoach.storage.reviews import load_review

    library = _open(args, existing=True)
    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
        return analysis, repository.call_info(session, call), load_review(session, call_id)


def _analyse_file(args: argparse.Namespace):
    """A file given to `scorecard` is analysed on the fly and never stored."""
    from callcoach.core.analysis import analyze
    from callcoach.core.review import CallInfo
    from callcoach.core.rubric import default_rubric, load_rubric
    from callcoach.progress_bar import ProgressBar
    from callcoach.storage.processing import read_call

    path = Path(args.target)
    if not path.is_file():
        raise InputError(path, "file not found", hint="give a call id from `callcoach list` or a recording/transcript")
    rubric = load_rubric(args.rubric) if args.rubric else default_rubric()
    bar = ProgressBar("transcribing", stream=sys.stderr)
    try:
        transcript, _ = read_call(path, model=args.model, agent_channel=args.agent_channel, progress=bar)
    finally:
        bar.close()
    return analyze(transcript, rubric), CallInfo(title=path.name, agent=args.agent)


def cmd_report(args: argparse.Namespace) -> int:
    from callcoach.storage import repository

    out = _output(args.output)
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise InputError("--since", f"not a date: {args.since!r}", hint="e.g. 2024-05-01") from None
    library = _open(args, existing=True)
    with library.read() as session:
        if repository.find_agent(session, args.agent) is None:
            known = ", ".join(repository.agent_names(session)) or "none yet (import with --agent NAME)"
            raise InputError(library.label, f"no agent named {args.agent!r}", hint=f"agents: {known}")
        records = repository.call_records(session, args.agent, since)
    if not records:
        when = f" since {since.isoformat()}" if since else ""
        raise InputError(library.label, f"agent {args.agent!r} has no analysed calls{when}")
    from callcoach.reporting.agent_report import render_agent_report

    render_agent_report(args.agent, records, out, since=since, redact=not args.no_redact)
    print(f"report on {len(records)} call(s) written to {out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from callcoach.storage import repository

    out = _output(args.output) if args.output else None
    library = _open(args, existing=True)
    with library.read() as session:
        call = repository.get_call(session, args.id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
    from callcoach.reporting.exports import export_text

    text = export_text(analysis, args.format, redact=not args.no_redact)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        from callcoach.reporting.pdfout import write_text_atomic

        write_text_atomic(out, text, what=f"the {args.format} export")
        print(f"{args.format} written to {out}")
    return EXIT_OK
