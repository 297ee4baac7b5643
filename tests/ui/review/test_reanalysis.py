"""Re-analysis of a corrected transcript: off the GUI thread, on copies, latest edit wins."""

from __future__ import annotations

from callcoach.core.analysis import analyze
from callcoach.core.model import Analysis
from callcoach.transcripts import load_transcript
from callcoach.ui.review.reanalysis import Reanalyzer, edited, working_copy
from callcoach.workers import TaskRunner
from tests.qt_helpers import DEMO_VTT


def test_edited_changes_a_copy_only(demo_analysis: Analysis) -> None:
    transcript = demo_analysis.transcript
    original = transcript.segments[2]
    copy = edited(transcript, original.id, "customer", "Changed.")
    changed = next(s for s in copy.segments if s.id == original.id)
    assert (changed.speaker, changed.text) == ("customer", "Changed.")
    assert (original.speaker, original.text) != ("customer", "Changed.")
    assert copy.segments is not transcript.segments


def test_analyze_writes_into_the_working_copy_only() -> None:
    transcript = load_transcript(DEMO_VTT)
    before = [(s.tags, s.sentiment) for s in transcript.segments]
    analyze(working_copy(transcript))
    assert [(s.tags, s.sentiment) for s in transcript.segments] == before


def test_only_the_latest_request_is_delivered(qtbot, qapp, demo_analysis: Analysis) -> None:
    runner = TaskRunner(max_threads=1)
    reanalyzer = Reanalyzer(runner)
    delivered: list[Analysis] = []
    reanalyzer.analysis_ready.connect(delivered.append)
    first = edited(demo_analysis.transcript, 2, "agent", "First version.")
    second = edited(demo_analysis.transcript, 2, "agent", "Second version.")
    reanalyzer.request(first)
    with qtbot.waitSignal(reanalyzer.busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
        reanalyzer.request(second)
    runner.wait_all()
    assert len(delivered) == 1
    assert next(s for s in delivered[0].transcript.segments if s.id == 2).text == "Second version."
    assert not reanalyzer.is_busy()
    runner.shutdown()
