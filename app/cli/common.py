"""What every command shares: the exit codes, the library and redaction options, opening the library, Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from callcoach.core.errors import InputError

if TYPE_CHECKING:
    from callcoach.storage import Library
    from callcoach.transcripts.speakers import SpeakerOptions

EXIT_OK = 0
EXIT_FAILED = 1  # `process`: a call failed (its file needs fixing); a script or cron job learns it
EXIT_BAD_INPUT = 2  # a file, a setting or an argument is wrong: the message says which and what to do
EXIT_INTERRUPTED = 130  # Ctrl-C

Handler = Callable[[argparse.Namespace], int]
CHANNELS = ("left", "right", "auto")


def db_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH|URL",
        help="library file or SQLAlchemy URL (default: $CALLCOACH_DB, else the user data folder)",
    )
    return parent


def redact_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--no-redact", action="store_true", help="keep card, account and phone numbers and e-mails")
    return parent


def recording_options(default_model: str = "tiny.en") -> argparse.ArgumentParser:
    """How a recording is transcribed and scored (analyze, process, scorecard of a file)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--model", default=default_model, help="tiny.en (default), base, or a CTranslate2 Whisper model folder"
    )
    parent.add_argument(
        "--agent-channel",
        choices=CHANNELS,
        default="auto",
        help="which stereo channel is the agent; auto (default) decides from what is said",
    )
    parent.add_argument("--rubric", metavar="FILE", help="score against this rubric (TOML) instead of the default")
    return parent


def speaker_options() -> argparse.ArgumentParser:
    """Who is who in a transcript whose speakers are not named Agent and Customer (spk_0, SPEAKER_00, names)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--agent-speaker",
        metavar="NAME",
        help="the speaker who is the agent, as the file names it (spk_1, SPEAKER_00, B, a Zoom name, or "
        "'right channel' / 'second voice' for a recording); the other speaker is the customer. "
        "Default: decided from what each speaker says",
    )
    parent.add_argument(
        "--speakers",
        metavar="MAP",
        help='every speaker\'s role, e.g. "spk_0=customer,spk_1=agent,spk_2=agent" (extra speakers may be '
        "mapped to agent or customer)",
    )
    return parent


def speakers_from(args: argparse.Namespace) -> SpeakerOptions | None:
    """The speaker options given on the command line; None when neither was."""
    from callcoach.transcripts.speakers import SpeakerOptions, parse_mapping

    agent, mapping_text = getattr(args, "agent_speaker", None), getattr(args, "speakers", None)
    if agent is None and mapping_text is None:
        return None
    try:
        mapping = parse_mapping(mapping_text) if mapping_text is not None else {}
    except ValueError as exc:
        raise InputError("--speakers", str(exc), hint='e.g. --speakers "spk_0=customer,spk_1=agent"') from None
    if agent is not None and not agent.strip():
        raise InputError("--agent-speaker", "no speaker given", hint="e.g. --agent-speaker spk_1")
    return SpeakerOptions(agent.strip() if agent else None, mapping, getattr(args, "agent_channel", "auto"))


def open_library(args: argparse.Namespace, *, existing: bool = False) -> Library:
    """The library of --db / CALLCOACH_DB (see services.library); an upgrade of its schema is mentioned."""
    from callcoach.services.library import open_library as open_it

    library = open_it(args.db, existing=existing)
    m = library.migration
    if m is not None and m.upgraded:
        saved = f"; the old version is saved as {m.backup}" if m.backup else ""
        print(
            f"callcoach: upgraded the library from schema v{m.from_version} to v{m.to_version}{saved}", file=sys.stderr
        )
    return library


def output_path(name: str) -> Path:
    path = Path(name)
    if not path.parent.is_dir():
        raise InputError(path, "the folder to write into does not exist")
    return path


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


@contextmanager
def ctrl_c_cancels() -> Iterator[threading.Event]:
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
