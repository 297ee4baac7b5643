"""One call in the library: loading it for review, listing, the reviewer's and the agent's edits, a corrected
transcript's new analysis, and what goes out of the library (exports, the PDF scorecard, an agent's report).

Each edit is saved in its own committed transaction the moment it is made, so a crash loses nothing a person typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session

from callcoach.core.analysis import Settings
from callcoach.core.errors import InputError
from callcoach.core.formatting import clock
from callcoach.core.formatting import score as fmt_score
from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.model import Analysis
from callcoach.core.review import CallInfo, CallRecord, Review
from callcoach.core.rubric import Rubric, default_rubric, load_rubric
from callcoach.core.serialize import to_dict
from callcoach.core.speaker_roles import can_swap_speakers, swapped
from callcoach.services.embedding_cache import analyze_with_library_cache, remember_call, warm_encoder
from callcoach.storage import Library, queue, repository, reviews
from callcoach.storage.repository import CallSummary
from callcoach.storage.tables import CallRow
from callcoach.transcripts.speakers import SpeakerOptions


@dataclass
class CallBundle:
    """Everything the review screen shows of one call, loaded together."""

    call_id: int
    analysis: Analysis
    review: Review | None
    info: CallInfo
    audio_path: Path | None  # the recording; None for a transcript import
    rubric: Rubric | None  # what a transcript correction is re-scored with (None: the default rubric)


def list_calls(library: Library, agent: str | None = None, status: str | None = None) -> list[CallSummary]:
    with library.read() as session:
        return repository.list_calls(session, agent=agent, status=status)


def load_call(
    library: Library,
    call_id: int,
    rubric_file: str = "",
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> CallBundle:
    """An analysed call for review; the encoder gets its stored embeddings, so a correction re-encodes one line."""
    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
        info = repository.call_info(session, call)
        review = reviews.load_review(session, call_id)
        audio = Path(call.file_path) if call.kind == "recording" else None
        warm_encoder(session, analysis.transcript)
    check_cancel(cancel)
    rubric = load_rubric(rubric_file) if rubric_file else None
    report(progress, 1.0)
    return CallBundle(call_id, analysis, review, info, audio, rubric)


@dataclass(frozen=True)
class StoredCall:
    """What `show` prints: the list row, the stored analysis document (None until analysed) and the review."""

    summary: CallSummary
    document: dict[str, Any] | None
    review: Review | None


def stored_call(library: Library, call_id: int) -> StoredCall:
    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        summary = repository.call_summary(session, call)
        document = repository.load_document(session, call) if call.analysis is not None else None
        return StoredCall(summary, document, reviews.load_review(session, call_id))


def analysed_call(library: Library, call_id: int) -> tuple[Analysis, CallInfo, Review | None]:
    """An analysed call as the scorecard and exports need it (refuses a call that is not analysed)."""
    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
        return analysis, repository.call_info(session, call), reviews.load_review(session, call_id)


# ---- the review --------------------------------------------------------------------------------------------------

Acknowledgement = Literal["acknowledged", "disputed"]


@dataclass(frozen=True)
class ReviewEdit:
    """One person's change to a call's review: score overrides (with the reason), a comment, or the agent's answer.

    Everything in one edit is saved in one transaction: all of it or none.
    """

    who: str  # for the agent's answer: the agent; empty means the call's assigned agent
    overrides: list[tuple[str, float]] = field(default_factory=list)
    reason: str = ""
    comment: str | None = None
    call_time: float | None = None  # the moment of the call a reviewer's comment is about
    acknowledgement: Acknowledgement | None = None  # the agent's answer; `comment` is then the agent's words


@dataclass(frozen=True)
class ReviewResult:
    overall: float | None  # the call's overall score after the edit (None: unchanged by it)
    done: list[str]  # a sentence per change, for the command line


def edit_review(
    library: Library,
    call_id: int,
    edit: ReviewEdit,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ReviewResult:
    overall: float | None = None
    done: list[str] = []
    with library.write() as session:
        call = repository.get_call(session, call_id, library.label)
        for criterion, score in edit.overrides:
            overall = reviews.add_override(session, call, library.label, criterion, score, edit.reason, edit.who)
            done.append(f"{criterion} set to {fmt_score(score)} (overall now {fmt_score(overall)})")
        if edit.acknowledgement is not None:
            agent = edit.who.strip() or _assigned_agent(session, call, library.label)
            reviews.add_acknowledgement(session, call, library.label, edit.acknowledgement, edit.comment or "", agent)
            done.append(f"review {edit.acknowledgement} by {agent}")
        elif edit.comment:
            reviews.add_comment(session, call, library.label, edit.comment, edit.who, edit.call_time)
            done.append("comment saved" + (f" at {clock(edit.call_time)}" if edit.call_time is not None else ""))
    report(progress, 1.0)
    return ReviewResult(overall, done)


def _assigned_agent(session: Session, call: CallRow, label: str) -> str:
    """Who answers for the agent when nobody said: the call's agent, never the login name of whoever runs this."""
    summary = repository.call_summary(session, call)
    if summary.agent:
        return summary.agent
    said = f" (the agent says their name is {summary.agent_said})" if summary.agent_said else ""
    raise InputError(
        label,
        f"call {summary.id} has no agent to answer in the name of{said}",
        hint="name the agent answering (callcoach review --as NAME), or assign the call's agent first",
    )


def save_corrected_analysis(
    library: Library,
    call_id: int,
    analysis: Analysis,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> float:
    """Store a corrected transcript's new analysis (reviews and overrides stay); returns the call's new overall.

    A reviewer's swap of agent and customer is kept with the call too: processing it again keeps it.
    """
    document = to_dict(analysis)
    choice = analysis.transcript.speakers
    with library.write() as session:
        call = repository.get_call(session, call_id, library.label)
        remember_call(session, analysis.transcript)
        overall = queue.replace_analysis(session, call, document)
        if choice is not None and choice.how == "swapped":  # not an option's or a setting's choice: that stays theirs
            call.speakers = SpeakerOptions(mapping=dict(choice.roles)).to_json()
        return overall


def swap_speakers(
    library: Library,
    call_id: int,
    rubric: Rubric | None = None,
    settings: Settings | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> float | None:
    """Swap agent and customer on an analysed call and analyse it again (its review stays); returns the new overall.

    The swap is kept with the call, so processing it again later keeps it too.
    """
    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
    if not can_swap_speakers(analysis):
        raise InputError(
            library.label,
            f"call {call_id}'s agent and customer cannot be swapped",
            hint="both must speak; a call analysed before this version is processed again first",
        )
    check_cancel(cancel)
    new = analyze_with_library_cache(library, swapped(analysis.transcript), rubric or default_rubric(), settings)
    check_cancel(cancel)
    overall = save_corrected_analysis(library, call_id, new)
    report(progress, 1.0)
    return overall


# ---- tidying the library -----------------------------------------------------------------------------------


def delete_calls(
    library: Library, call_ids: list[int], *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
) -> list[str]:
    """Remove calls, their analyses and reviews (the recording files stay where they are); returns the files."""
    files = repository.delete_calls(library, call_ids)
    report(progress, 1.0)
    return files


def assign_agent(
    library: Library,
    call_ids: list[int],
    agent: str | None,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> None:
    repository.assign_agent(library, call_ids, agent)
    report(progress, 1.0)


# ---- out of the library ------------------------------------------------------------------------------------------


def write_scorecard(
    analysis: Analysis,
    path: Path,
    info: CallInfo,
    review: Review | None,
    redact: bool = True,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Path:
    """Write a call's PDF scorecard (ReportLab: seconds for a long call, so never on the GUI thread)."""
    from callcoach.reporting.scorecard import render_scorecard

    check_cancel(cancel)
    render_scorecard(analysis, path, info=info, review=review, redact=redact)
    report(progress, 1.0)
    return path


def write_stored_scorecard(
    library: Library, call_id: int, path: Path, agent: str | None = None, redact: bool = True
) -> Path:
    analysis, info, review = analysed_call(library, call_id)
    return write_scorecard(analysis, path, replace(info, agent=agent) if agent else info, review, redact)


def scorecard_file_name(info: CallInfo) -> str:
    """The default file name of a call's scorecard: the call's file name without its suffix."""
    stem = Path(info.title).stem or f"call-{info.call_id}"
    return f"{stem}-scorecard.pdf"


def export_text(library: Library, call_id: int, fmt: str, redact: bool = True) -> str:
    """The call in an export format; the JSON one carries its review and reviewed overall."""
    from callcoach.reporting.exports import export_text as render

    with library.read() as session:
        call = repository.get_call(session, call_id, library.label)
        analysis = repository.load_analysis(session, call, library.label)
        review = reviews.load_review(session, call_id)
    overall = call.overall if review is not None else None  # stored with the review's overrides applied
    return render(analysis, fmt, redact=redact, review=review, overall=overall)


def agent_records(library: Library, agent: str, since: date | None = None) -> list[CallRecord]:
    """An agent's analysed calls for the trend report; refuses an unknown agent and an agent with none."""
    with library.read() as session:
        if repository.find_agent(session, agent) is None:
            known = ", ".join(repository.agent_names(session)) or "none yet (import with --agent NAME)"
            raise InputError(library.label, f"no agent named {agent!r}", hint=f"agents: {known}")
        records = repository.call_records(session, agent, since)
    if not records:
        when = f" since {since.isoformat()}" if since else ""
        raise InputError(library.label, f"agent {agent!r} has no analysed calls{when}")
    return records
