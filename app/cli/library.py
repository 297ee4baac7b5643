"""The library commands: `import` files into the queue, `process` it, `list` the calls, `show` one."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callcoach.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Handler,
    db_options,
    open_library,
    recording_options,
    redact_options,
    speaker_options,
    speakers_from,
    when,
)
from callcoach.core.errors import InputError
from callcoach.core.formatting import clock, score

if TYPE_CHECKING:
    from callcoach.core.review import Review

from callcoach.core.status import STATUSES


def register(sub: Any) -> dict[str, Handler]:
    db = db_options()
    p = sub.add_parser(
        "import", parents=[db, speaker_options()], help="add recordings or transcripts (files or folders) to the queue"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="call files, or folders searched for them recursively")
    p.add_argument("--agent", metavar="NAME", help="the agent on these calls")
    p.add_argument(
        "--recorded-at",
        metavar="ISO",
        help="when the calls were recorded, e.g. 2024-05-01T14:30 (default: each file's own date)",
    )

    p = sub.add_parser(
        "process",
        parents=[db, recording_options(), speaker_options()],
        help="transcribe and analyse the queued calls (exit status 1 when a call failed); "
        "--agent-speaker and --speakers apply to the calls given with --again",
    )
    p.add_argument("--retry-failed", action="store_true", help="queue the failed calls again first")
    p.add_argument(
        "--again",
        type=int,
        action="append",
        metavar="ID",
        help="queue this call again first (its review and comments stay), processed with --model; repeatable",
    )

    p = sub.add_parser("relink", parents=[db], help="point a call at its recording's new place (it was moved)")
    p.add_argument("id", type=int, help="the call's id (see `callcoach list`)")
    p.add_argument("path", help="where the same file is now (its content must be the one imported)")

    p = sub.add_parser(
        "delete", parents=[db], help="remove calls with their analysis and review (never the recording files)"
    )
    p.add_argument("ids", type=int, nargs="+", metavar="ID", help="the calls' ids (see `callcoach list`)")

    p = sub.add_parser("assign", parents=[db], help="set the agent of calls already in the library")
    p.add_argument("ids", type=int, nargs="+", metavar="ID", help="the calls' ids (see `callcoach list`)")
    p.add_argument("--agent", required=True, metavar="NAME", help='the agent on these calls ("" clears it)')

    p = sub.add_parser("list", parents=[db], help="list the calls in the library")
    p.add_argument("--agent", metavar="NAME", help="only this agent's calls")
    p.add_argument("--status", choices=STATUSES, help="only calls with this status")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = sub.add_parser("show", parents=[db, redact_options()], help="show one call's analysis and review")
    p.add_argument("id", type=int, help="the call's id (see `callcoach list`)")
    p.add_argument("--json", action="store_true", help="the stored analysis document plus a 'review' object")
    return {
        "import": cmd_import,
        "process": cmd_process,
        "relink": cmd_relink,
        "delete": cmd_delete,
        "assign": cmd_assign,
        "list": cmd_list,
        "show": cmd_show,
    }


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError("--recorded-at", f"not an ISO date/time: {value!r}", hint="e.g. 2024-05-01T14:30") from None


def cmd_import(args: argparse.Namespace) -> int:
    from callcoach.services.importing import collect_files, import_files

    recorded_at = _parse_time(args.recorded_at)
    collected = collect_files(args.paths)
    if collected.errors:  # a named file that cannot be imported: nothing is imported, the command says which
        raise collected.errors[0]
    if not collected.files:
        others = f" ({len(collected.skipped)} other file{'s' if len(collected.skipped) != 1 else ''} skipped)"
        raise InputError(
            ", ".join(args.paths),
            "no recordings or transcripts found" + (others if collected.skipped else ""),
            hint=f"CallCoach imports {' '.join(_call_suffixes())}",
        )
    speakers = speakers_from(args)
    summary = import_files(open_library(args), collected.files, args.agent, recorded_at, speakers)
    for item in summary.imported:
        if item.new:
            print(f"{item.path}: queued as call {item.call_id}")
        elif item.relinked:
            print(f"{item.path}: call {item.call_id} had moved here: relinked (its review stays)")
        else:
            again = " (it failed: fix it, then `callcoach process --retry-failed`)" if item.failed else ""
            if item.agent_set:
                again += f"; its agent is now {item.agent}"
            elif args.agent and item.agent != args.agent.strip():
                shown = item.agent or "none"
                again += f"; its agent stays {shown}: `callcoach assign {item.call_id} --agent NAME` changes it"
            if speakers is not None:
                again += f"; its speakers stay as they were: `callcoach process --again {item.call_id}` with them"
            print(f"{item.path}: already in the library as call {item.call_id}{again}")
    added, known, skipped = len(summary.added), len(summary.known), len(collected.skipped)
    others = f", skipped {skipped} other file{'s' if skipped != 1 else ''}" if skipped else ""
    print(f"imported {added} call{'s' if added != 1 else ''}, {known} already in the library{others}")
    for error in summary.errors:  # a file that could not be read; the others are imported
        print(f"callcoach: error: {error}", file=sys.stderr)
    if summary.errors:
        return EXIT_BAD_INPUT
    if added:
        print("run `callcoach process` to transcribe and analyse them")
    return EXIT_OK


def _call_suffixes() -> list[str]:
    from callcoach.audio.decode import AUDIO_SUFFIXES
    from callcoach.transcripts import TRANSCRIPT_SUFFIXES

    return [*AUDIO_SUFFIXES, *TRANSCRIPT_SUFFIXES]


def cmd_process(args: argparse.Namespace) -> int:
    from callcoach.cli.common import ctrl_c_cancels
    from callcoach.cli.progress import ProgressBar
    from callcoach.core.jobs import Cancelled
    from callcoach.core.rubric import default_rubric, load_rubric
    from callcoach.services.processing import Outcome, ProcessOptions, process_again, process_queue
    from callcoach.storage import queue

    rubric = load_rubric(args.rubric) if args.rubric else default_rubric()
    library = open_library(args)
    if args.retry_failed:
        print(f"queued {queue.requeue_failed(library)} failed call(s) again")
    bars: list[ProgressBar] = []

    def start(call) -> None:
        bars.append(ProgressBar(f"call {call.id} {Path(call.file_path).name}", stream=sys.stderr))

    def done(outcome: Outcome) -> None:
        bars.pop().close()
        if outcome.status == "analysed":
            print(f"call {outcome.call_id} done: {outcome.file} (overall {score(outcome.overall)}/100)")
            for warning in outcome.warnings:
                print(f"  warning: {warning}")
        elif outcome.status == "attention":
            print(f"call {outcome.call_id} needs attention: {outcome.file} (no automatic score)")
            for warning in outcome.warnings:
                print(f"  warning: {warning}")
        else:  # a failure goes to stderr, so a script sees it apart from the progress report
            stream = sys.stderr if outcome.status == "failed" else sys.stdout
            print(f"call {outcome.call_id} {outcome.status}: {outcome.reason}", file=stream)
        sys.stdout.flush()

    options = ProcessOptions(model=args.model, agent_channel=args.agent_channel, rubric=rubric)
    speakers = speakers_from(args)
    if speakers is not None and not args.again:
        raise InputError(
            "--agent-speaker" if args.agent_speaker else "--speakers",
            "applies to the calls processed again",
            hint="give the calls with --again ID, or say who is who at import",
        )
    for call_id in args.again or []:
        process_again(library, call_id, args.model, options, speakers)
        print(f"queued call {call_id} again (model {args.model})")
    with ctrl_c_cancels() as stop:
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
    attention = sum(o.status == "attention" for o in outcomes)
    need = f", {attention} need attention (no score)" if attention else ""
    print(f"processed {len(outcomes)} call(s): {len(outcomes) - failed - attention} analysed{need}, {failed} failed")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_relink(args: argparse.Namespace) -> int:
    from callcoach.services.importing import relink

    call = relink(open_library(args, existing=True), args.id, Path(args.path))
    queued = "; it is queued to be processed" if call.status == "queued" else ""
    print(f"call {args.id} now points at {call.file_path}{queued}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from callcoach.services.calls import delete_calls

    files = delete_calls(open_library(args, existing=True), args.ids)
    for call_id, file in zip(args.ids, files, strict=True):
        print(f"call {call_id} deleted ({file} itself is untouched)")
    return EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    from callcoach.services.calls import assign_agent

    assign_agent(open_library(args, existing=True), args.ids, args.agent)
    who = f"agent {args.agent.strip()}" if args.agent.strip() else "no agent"
    print(f"{len(args.ids)} call{'s' if len(args.ids) != 1 else ''} now with {who}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from callcoach.services.calls import list_calls

    calls = list_calls(open_library(args, existing=True), agent=args.agent, status=args.status)
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
        shown = score(c.overall, missing="-")
        agent, length = (c.agent or (f"{c.agent_said}?" if c.agent_said else "-"))[:16], clock(c.duration, missing="-")
        print(f"{c.id:>5}  {c.status:<12} {agent:<16} {length:>6} {shown:>5}  {when(c.recorded_at):<16}  {c.file}")
        if c.reason:
            print(f"{'':>7}{c.reason}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from callcoach.core.serialize import from_dict, review_dict, summary, to_dict
    from callcoach.services.calls import stored_call

    stored = stored_call(open_library(args, existing=True), args.id)
    info, doc, review = stored.summary, stored.document, stored.review
    if not args.no_redact:  # what a customer read out stays out of terminals and pasted logs too
        from callcoach.reporting.exports import redacted, redacted_review

        doc = to_dict(redacted(from_dict(doc))) if doc is not None else None
        review = redacted_review(review)
    if args.json:
        out = {**(doc or {}), "call": info.to_json(), "review": review_dict(review, info.overall)}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"Call {info.id}: {info.file}")
    print(f"  agent {info.agent or '-'}, recorded {when(info.recorded_at)}, status {info.status}")
    if not info.agent and info.agent_said:
        print(f"  the agent says their name is {info.agent_said}: `callcoach assign {info.id} --agent NAME` sets it")
    if info.reason:
        print(f"  {info.reason}")
    if doc is not None:
        print()
        reviewed = info.overall if review is not None and review.latest_overrides() else None
        print(summary(from_dict(doc), reviewed=reviewed))
    print()
    print(_review_text(review, doc, info.overall))
    return EXIT_OK


def _review_text(review: Review | None, doc: dict | None, overall: float | None) -> str:
    if review is None:
        return "Not reviewed yet."
    names = {c["id"]: (c["name"], c["score"]) for c in doc["scores"]["criteria"]} if doc else {}
    lines = [f"Review by {review.reviewer or '-'}: overall {score(overall)}" if overall is not None else "Review"]
    for o in review.overrides:
        name, auto = names.get(o.criterion_id, (o.criterion_id, None))
        was = score(auto)
        lines.append(f'  {name}: {was} -> {score(o.score)}  "{o.reason}" ({o.reviewer}, {when(o.at)})')
    for c in review.comments:
        where = f"[{clock(c.call_time)}] " if c.call_time is not None else ""
        lines.append(f"  {where}{c.text} ({c.author}, {when(c.at)})")
    ack = review.acknowledgement
    if ack is not None:
        said = f': "{ack.comment}"' if ack.comment else ""
        lines.append(f"  {ack.status} by {ack.agent}, {when(ack.at)}{said}")
    return "\n".join(lines)
