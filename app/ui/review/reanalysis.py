"""Re-run a call's analysis after a reviewer corrected its transcript, off the GUI thread.

analyze() writes tags and sentiment into the segments it is given, so it always gets fresh copies: the
widgets keep painting the old analysis, untouched, until the new one arrives. A newer edit cancels the run
of an older one; only the latest result is delivered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from callcoach.core.analysis import Settings, analyze
from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.model import Analysis, Segment, Transcript
from callcoach.core.rubric import Rubric
from callcoach.workers import Task, TaskRunner


def working_copy(transcript: Transcript, segments: Sequence[Segment] | None = None) -> Transcript:
    """A transcript analyze() may write into without touching the one on screen (words are immutable)."""
    source = transcript.segments if segments is None else segments
    copies = [dataclasses.replace(s, tags=list(s.tags), words=list(s.words)) for s in source]
    return dataclasses.replace(transcript, segments=copies, warnings=list(transcript.warnings))


def edited(transcript: Transcript, segment_id: int, speaker: str, text: str) -> Transcript:
    """A working copy with one line's speaker and text corrected."""
    copy = working_copy(transcript)
    for i, s in enumerate(copy.segments):
        if s.id == segment_id:
            words = s.words if text == s.text else []
            copy.segments[i] = dataclasses.replace(s, speaker=speaker, text=text, words=words)  # type: ignore[arg-type]
    return copy


def analyze_job(
    transcript: Transcript,
    rubric: Rubric | None,
    settings: Settings | None = None,
    *,
    progress: ProgressFn,
    cancel: CancelFn,
) -> Analysis:
    """The callcoach.core.jobs form of analyze(): the analysis itself is quick, so it checks cancel around it."""
    check_cancel(cancel)
    analysis = analyze(transcript, rubric, settings=settings)
    check_cancel(cancel)
    report(progress, 1.0)
    return analysis


class Reanalyzer(QObject):
    analysis_ready = Signal(object)  # the new Analysis
    failed = Signal(str)  # a message for the user
    busy_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, rubric: Rubric | None = None, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.rubric = rubric
        self.settings = Settings()  # the review screen's controller sets the user's
        self._task: Task | None = None

    def request(self, transcript: Transcript) -> Task:
        """Analyse a working copy of `transcript`; cancels a run still going for an older version."""
        if self._task is not None:
            self._task.cancel()
        task = self._runner.submit(analyze_job, working_copy(transcript), self.rubric, self.settings, name="reanalyse")
        self._task = task
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)
        task.done.connect(self._done)
        self.busy_changed.emit(True)
        return task

    def is_busy(self) -> bool:
        return self._task is not None

    def cancel(self) -> bool:
        """Drop the run in progress (another call is being opened: its result must not land there).
        Returns whether there was one."""
        task, self._task = self._task, None
        if task is None:
            return False
        task.cancel()
        self.busy_changed.emit(False)
        return True

    # Slots, not lambdas: a lambda holding its Task would keep every Task alive through its own connections.
    def _latest(self) -> bool:
        return self._task is not None and self.sender() is self._task

    def _finished(self, analysis: Analysis) -> None:
        if self._latest():
            self.analysis_ready.emit(analysis)

    def _failed(self, message: str, _error: object) -> None:
        if self._latest():
            self.failed.emit(message)

    def _done(self) -> None:
        if self._latest():
            self._task = None
            self.busy_changed.emit(False)
