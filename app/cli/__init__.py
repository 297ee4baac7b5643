"""The `callcoach` command line: one module per group of commands, each registering its subcommands.

Storage, transcription and reporting are imported inside the handlers, so `callcoach analyze` of a transcript
pays for neither SQLAlchemy nor ReportLab nor Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from callcoach.cli import analyze, library, reports, review
from callcoach.cli.common import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, Handler
from callcoach.core.errors import InputError
from callcoach.core.jobs import Cancelled


def _version() -> str:
    try:
        return version("callcoach")
    except PackageNotFoundError:  # a bundle without the package metadata
        return "unknown"


def parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    top = argparse.ArgumentParser(
        prog="callcoach",
        description="Quality review of recorded customer-service calls, on this computer: nothing leaves it.",
        epilog="`callcoach COMMAND --help` describes a command. Exit status: 0 done, 1 a call failed to process, "
        "2 bad input (the message says what to do), 130 interrupted.",
    )
    top.add_argument("--version", action="version", version=f"callcoach {_version()}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers: dict[str, Handler] = {}
    for group in (analyze, library, review, reports):
        handlers.update(group.register(sub))
    return top, handlers


def main(argv: Sequence[str] | None = None) -> int:
    top, handlers = parser()
    args = top.parse_args(argv)
    try:
        return handlers[args.command](args)
    except InputError as exc:
        print(f"callcoach: error: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (KeyboardInterrupt, Cancelled):
        print("callcoach: cancelled; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
