"""The commands that need no library: `analyze` a file, list the `models`, open the desktop app (`gui`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from callcoach.cli.common import EXIT_OK, Handler, recording_options, speaker_options, speakers_from
from callcoach.core.analysis import POSSIBLE_BELOW, Settings, analyze
from callcoach.core.errors import InputError
from callcoach.core.model import Transcript
from callcoach.core.rubric import default_rubric, load_rubric
from callcoach.core.serialize import summary, to_dict
from callcoach.transcripts import TRANSCRIPT_SUFFIXES
from callcoach.transcripts.speakers import SpeakerOptions


def register(sub: Any) -> dict[str, Handler]:
    p = sub.add_parser(
        "analyze",
        parents=[recording_options(), speaker_options()],
        help="analyse a call recording or transcript (nothing is stored)",
        description="Transcribe a recording locally (or read a transcript), analyse it and score it.",
    )
    p.add_argument("path", help="a recording (wav, mp3, m4a, flac, ogg, opus) or a transcript (vtt, srt, json)")
    p.add_argument("--json", action="store_true", help="print the callcoach.analysis/1 JSON document")
    p.add_argument(
        "--possible-below",
        type=float,
        default=POSSIBLE_BELOW,
        metavar="P",
        help=f"report a finding whose confidence is below P (0-1) as 'possible', not scored (default {POSSIBLE_BELOW})",
    )
    sub.add_parser("models", help="list the transcription models and which is the default")
    p = sub.add_parser("gui", help="open the desktop app (also: `python -m callcoach` without arguments)")
    p.add_argument(
        "--db",
        metavar="PATH|URL",
        help="library file or SQLAlchemy URL for this session (default: the app's setting, $CALLCOACH_DB, "
        "else the user data folder)",
    )
    return {"analyze": cmd_analyze, "models": cmd_models, "gui": cmd_gui}


def load_call(
    path: str, model: str, agent_channel: str, show_progress: bool, speakers: SpeakerOptions | None = None
) -> Transcript:
    """A transcript file is read; anything else is treated as a recording and transcribed locally."""
    from callcoach.audio.decode import AUDIO_SUFFIXES
    from callcoach.cli.common import ctrl_c_cancels
    from callcoach.cli.progress import ProgressBar
    from callcoach.services.processing import read_call

    suffix = Path(path).suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES and suffix not in AUDIO_SUFFIXES:
        raise InputError(
            path,
            f"unsupported file type '{suffix or '(none)'}'",
            hint=f"recordings: {' '.join(AUDIO_SUFFIXES)}; transcripts: {' '.join(TRANSCRIPT_SUFFIXES)}",
        )
    bar = ProgressBar("transcribing", enabled=show_progress and suffix in AUDIO_SUFFIXES)
    try:
        # Ctrl-C sets the cancel flag the transcription polls between Whisper windows, so both channels' threads
        # stop within about a second (a KeyboardInterrupt alone waited for them to finish their block).
        with ctrl_c_cancels() as stop:
            transcript, _ = read_call(
                Path(path),
                model=model,
                agent_channel=agent_channel,
                speakers=speakers,
                progress=bar,
                cancel=stop.is_set,
            )
            return transcript
    finally:
        bar.close()


def cmd_analyze(args: argparse.Namespace) -> int:
    rubric = load_rubric(args.rubric) if args.rubric else default_rubric()
    transcript = load_call(
        args.path, args.model, args.agent_channel, show_progress=not args.json, speakers=speakers_from(args)
    )
    analysis = analyze(transcript, rubric, settings=Settings(possible_below=args.possible_below))
    if args.json:
        json.dump(to_dict(analysis), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(summary(analysis))
    for warning in transcript.warnings:
        print(f"callcoach: warning: {args.path}: {warning}", file=sys.stderr)
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from callcoach.transcription.models import describe_models, list_models

    print(describe_models(list_models()))
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from callcoach.ui.app import run  # PySide6 loads only here: the other commands never pay for Qt

    return run(db=args.db)
