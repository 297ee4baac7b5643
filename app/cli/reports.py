"""What goes out of the library: a call's PDF `scorecard`, an agent's trend `report`, a call's `export`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from callcoach.cli.common import (
    EXIT_OK,
    Handler,
    db_options,
    open_library,
    output_path,
    recording_options,
    redact_options,
    speaker_options,
    speakers_from,
)
from callcoach.core.errors import InputError

FORMATS = ("vtt", "srt", "txt", "json", "csv")


def register(sub: Any) -> dict[str, Handler]:
    db, redact = db_options(), redact_options()
    p = sub.add_parser(
        "scorecard", parents=[db, redact, recording_options(), speaker_options()], help="write a call's PDF scorecard"
    )
    p.add_argument("target", metavar="ID|PATH", help="a call id, or a recording/transcript analysed on the fly")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--agent", metavar="NAME", help="the agent's name for the header")

    p = sub.add_parser("report", parents=[db, redact], help="write an agent's trend report over many calls")
    p.add_argument("--agent", required=True, metavar="NAME", help="the agent (as imported with --agent)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--since", metavar="DATE", help="only calls from this date on, e.g. 2024-05-01")

    p = sub.add_parser("export", parents=[db, redact], help="export a call's transcript and analysis")
    p.add_argument("id", type=int, help="the call's id (see `callcoach list`)")
    p.add_argument("--format", required=True, choices=FORMATS, help="subtitles (vtt, srt), text, JSON or CSV")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of printing")
    return {"scorecard": cmd_scorecard, "report": cmd_report, "export": cmd_export}


def cmd_scorecard(args: argparse.Namespace) -> int:
    from callcoach.services.calls import write_scorecard, write_stored_scorecard

    out = output_path(args.output)
    if args.target.isdigit():
        write_stored_scorecard(open_library(args, existing=True), int(args.target), out, args.agent, not args.no_redact)
    else:
        analysis, info = _analyse_file(args)
        write_scorecard(analysis, out, info, None, redact=not args.no_redact)
    print(f"scorecard written to {out}")
    return EXIT_OK


def _analyse_file(args: argparse.Namespace):
    """A file given to `scorecard` is analysed on the fly and never stored."""
    from callcoach.cli.progress import ProgressBar
    from callcoach.core.analysis import analyze
    from callcoach.core.review import CallInfo
    from callcoach.core.rubric import default_rubric, load_rubric
    from callcoach.services.processing import read_call

    path = Path(args.target)
    if not path.is_file():
        raise InputError(path, "file not found", hint="give a call id from `callcoach list` or a recording/transcript")
    rubric = load_rubric(args.rubric) if args.rubric else default_rubric()
    bar = ProgressBar("transcribing", stream=sys.stderr)
    try:
        transcript, _ = read_call(
            path, model=args.model, agent_channel=args.agent_channel, speakers=speakers_from(args), progress=bar
        )
    finally:
        bar.close()
    from callcoach.storage.call_date import recorded_at  # the recording's own date, as an import would give it

    return analyze(transcript, rubric), CallInfo(title=path.name, agent=args.agent, recorded_at=recorded_at(path))


def cmd_report(args: argparse.Namespace) -> int:
    from callcoach.services.calls import agent_records

    out = output_path(args.output)
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise InputError("--since", f"not a date: {args.since!r}", hint="e.g. 2024-05-01") from None
    records = agent_records(open_library(args, existing=True), args.agent, since)
    from callcoach.reporting.agent_report import render_agent_report

    render_agent_report(args.agent, records, out, since=since, redact=not args.no_redact)
    print(f"report on {len(records)} call(s) written to {out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from callcoach.services.calls import export_text

    out = output_path(args.output) if args.output else None
    text = export_text(open_library(args, existing=True), args.id, args.format, redact=not args.no_redact)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        from callcoach.reporting.pdfout import write_text_atomic

        write_text_atomic(out, text, what=f"the {args.format} export")
        print(f"{args.format} written to {out}")
    return EXIT_OK
