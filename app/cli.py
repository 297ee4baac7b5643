"""The `callcoach` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from app.core.analysis import analyze
from app.core.errors import InputError
from app.core.rubric import default_rubric, load_rubric
from app.core.serialize import summary, to_dict
from app.transcripts import load_transcript

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callcoach", description="Quality review of recorded customer-service calls, on this computer."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="analyse a call transcript (WebVTT, SRT, CallCoach or Amazon JSON)")
    p.add_argument("path", help="the transcript file")
    p.add_argument("--json", action="store_true", help="print the callcoach.analysis/1 JSON document")
    p.add_argument("--rubric", metavar="FILE", help="score against this rubric instead of the default")
    return parser


def cmd_analyze(args: argparse.Namespace) -> int:
    rubric = load_rubric(args.rubric) if args.rubric else default_rubric()
    transcript = load_transcript(args.path)
    analysis = analyze(transcript, rubric)
    if args.json:
        json.dump(to_dict(analysis), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(summary(analysis))
    for warning in transcript.warnings:
        print(f"callcoach: warning: {args.path}: {warning}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"analyze": cmd_analyze}[args.command](args)
    except InputError as exc:
        print(f"callcoach: error: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
