"""A call's review work, as plain functions the worker layer runs off the GUI thread (no Qt here).

Loading gathers everything the review screen shows; each edit is saved in its own committed transaction the
moment it is made (callcoach.storage.reviews), so a crash loses nothing a person typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.model import Analysis
from callcoach.core.review import CallInfo, Review
from callcoach.core.rubric import Rubric, load_rubric
from callcoach.core.serialize import to_dict
from callcoach.storage import Library, embeddings, queue, repository, reviews


@dataclass
class CallBundle:
    """Everything ReviewScreen.show_call needs, loaded together."""

    call_id: int
    analysis: Analysis
    review: Review | None
    info: CallInfo
    audio_path: Path | None  # the recording; None for a transcript import
    rubric: Rubric | None  # what a transcript correction is re-scored with (None: the default rubric)


def load_call_job(
    library: Library, call_id: int, rubric_file: str = "", *, progress: ProgressFn, cancel: CancelFn
) -> CallBundle:
    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
        info = repository.call_info(session, call)
        review = reviews.load_review(session, call_id)
        audio = Path(call.file_path) if call.kind == "recording" else None
        embeddings.warm_encoder(session, analysis.transcript)  # a correction then re-encodes one line
    check_cancel(cancel)
    rubric = load_rubric(rubric_file) if rubric_file else None
    report(progress, 1.0)
    return CallBundle(call_id, analysis, review, info, audio, rubric)


def save_override_job(
    library: Library,
    call_id: int,
    criterion_id: str,
    score: float,
    reason: str,
    reviewer: str,
    *,
    progress: ProgressFn,
    cancel: CancelFn,
) -> float:
    """Store one override; returns the call's new overall score."""
    with library.write() as session:
        call = repository.get_call(session, call_id, library.label)
        return reviews.add_override(session, call, library.label, criterion_id, score, reason, reviewer)


def save_comment_job(
    library: Library,
    call_id: int,
    text: str,
    author: str,
    call_time: float | None,
    *,
    progress: ProgressFn,
    cancel: CancelFn,
) -> None:
    with library.write() as session:
        call = repository.get_call(session, call_id, library.label)
        reviews.add_comment(session, call, library.label, text, author, call_time)


def save_acknowledgement_job(
    library: Library, call_id: int, status: str, comment: str, agent: str, *, progress: ProgressFn, cancel: CancelFn
) -> None:
    with library.write() as session:
        call = repository.get_call(session, call_id, library.label)
        reviews.add_acknowledgement(session, call, library.label, status, comment, agent)  # type: ignore[arg-type]


def save_analysis_job(
    library: Library, call_id: int, analysis: Analysis, *, progress: ProgressFn, cancel: CancelFn
) -> float:
    """Store a corrected transcript's new analysis (reviews and overrides stay); returns the call's new overall."""
    document = to_dict(analysis)
    with library.write() as session:
        call = repository.get_call(session, call_id, library.label)
        embeddings.remember_call(session, analysis.transcript)
        return queue.replace_analysis(session, call, document)


def export_scorecard_job(
    analysis: Analysis,
    path: Path,
    info: CallInfo,
    review: Review | None,
    redact: bool,
    *,
    progress: ProgressFn,
    cancel: CancelFn,
) -> Path:
    """Write the call's PDF scorecard (ReportLab: seconds for a long call, so never on the GUI thread)."""
    from callcoach.reporting.scorecard import render_scorecard

    check_cancel(cancel)
    render_scorecard(analysis, path, info=info, review=review, redact=redact)
    report(progress, 1.0)
    return path


def scorecard_file_name(info: CallInfo) -> str:
    """The default file name of a call's scorecard: the call's file name without its suffix."""
    stem = Path(info.title).stem or f"call-{info.call_id}"
    return f"{stem}-scorecard.pdf"
