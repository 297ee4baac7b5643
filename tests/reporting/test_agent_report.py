"""The agent report over several calls, read back through poppler."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from callcoach.core.analysis import Settings, analyze
from callcoach.core.model import Analysis
from callcoach.core.review import CallRecord
from callcoach.reporting.agent_report import render_agent_report
from tests.reporting.conftest import (
    AGENT,
    TURNS,
    colour_pixels,
    make_call,
    needs_poppler,
    pdf_text,
    render_page,
    word_box,
)

pytestmark = needs_poppler

GOOD_CALL = [
    ("agent", 0.0, 4.0, "Thank you for calling Harbourline Energy, my name is Zoë. How can I help you today?"),
    ("customer", 4.5, 10.0, "I was billed twice this month and I'm really annoyed about it."),
    (
        "agent",
        10.5,
        17.0,
        "I'm sorry, I can see why that's frustrating. So you were charged twice for the same month, is that right?",
    ),
    ("customer", 17.5, 19.0, "Yes, exactly."),
    (
        "agent",
        19.5,
        27.0,
        "I can either refund the second charge today or credit it to next month's bill. Which works best for you?",
    ),
    ("customer", 27.5, 30.0, "The refund today, please."),
    (
        "agent",
        30.5,
        38.0,
        "Done: the refund arrives within five days and you'll get an e-mail confirmation. Thank you for your patience.",
    ),
    ("customer", 38.5, 40.0, "Great, thank you so much."),
]


def record(call_id: int, analysis: Analysis, title: str, when: datetime | None) -> CallRecord:
    scores = analysis.scores
    return CallRecord(
        call_id=call_id,
        title=title,
        recorded_at=when,
        overall=scores.overall,
        passed=scores.passed,
        criteria={c.id: c.score for c in scores.criteria},
        criterion_names={c.id: c.name for c in scores.criteria},
        findings=analysis.findings,
    )


@pytest.fixture
def records() -> list[CallRecord]:
    # every miss counts against the weak call, also the ones the detectors are less sure of ("possible" below 0.6)
    weak = analyze(make_call(TURNS), settings=Settings(possible_below=0.5))
    strong = analyze(make_call(GOOD_CALL))
    assert not weak.scores.passed and strong.scores.passed
    second = record(2, weak, "Second double-billing call", datetime(2024, 4, 9, 14, 5))
    second.criteria["empathy"] = 50.0  # a reviewer's override: the first criterion's line leaves the others'
    return [
        record(3, strong, "Refund sorted quickly", datetime(2024, 4, 20, 11, 0)),
        record(1, weak, "Double billing, blamed the customer", datetime(2024, 4, 2, 9, 30)),
        second,
        record(4, strong, "Refund with options", datetime(2024, 4, 26, 16, 45)),
    ]


def test_report_header_trend_and_tables(tmp_path, records):
    path = tmp_path / "agent.pdf"
    render_agent_report(AGENT, records, path)
    text = pdf_text(path)
    assert AGENT in text
    assert "2 Apr 2024 – 26 Apr 2024" in text
    assert "Pass rate 50% (2 of 4)" in text or ("50% (2 of 4)" in text)
    assert "Trend per criterion" in text
    for name in records[0].criterion_names.values():
        assert name in text
    assert "Most frequent coaching moments" in text
    assert "Missing empathy" in text and "Try: " in text
    assert "Calls below the pass mark" in text
    assert "Double billing, blamed the customer" in text and "Second double-billing call" in text
    assert "Refund sorted quickly" not in text  # passed: not in the below-threshold table


def test_trend_chart_is_drawn(tmp_path, records):
    path = tmp_path / "agent.pdf"
    render_agent_report(AGENT, records, path)
    page = render_page(path, tmp_path)
    top = word_box(path, "Trend")[3]
    bottom = word_box(path, "Overall")[1]  # the legend under the chart
    box = (40, top + 20, page.width - 40, bottom)
    assert bottom - top > 100
    assert colour_pixels(page, box, (31, 41, 55)) > 80  # the heavy overall line
    assert colour_pixels(page, box, (37, 99, 235)) > 20  # the first criterion's line


def test_since_keeps_only_the_later_calls(tmp_path, records):
    path = tmp_path / "agent.pdf"
    render_agent_report(AGENT, records, path, since=date(2024, 4, 15))
    text = pdf_text(path)
    assert "since 15 Apr 2024" in text
    assert "Every call in the period passed." in text
    assert "Double billing" not in text


def test_no_calls(tmp_path):
    path = tmp_path / "agent.pdf"
    render_agent_report("王芳", [], path)
    text = pdf_text(path)
    assert "王芳" in text
    assert "No scored calls for this agent in the period." in text


def test_a_call_that_needs_attention_is_listed_apart_and_left_out_of_the_figures(tmp_path) -> None:
    scored = record(1, analyze(make_call(GOOD_CALL)), "good.wav", datetime(2024, 5, 2, 10))
    silent = analyze(make_call([("customer", 0.0, 4.0, "Hello? Is anybody there?")]))
    assert silent.scores.overall is None
    unscored = record(2, silent, "dead-line.wav", datetime(2024, 5, 3, 10))
    unscored = CallRecord(**{**unscored.__dict__, "attention": tuple(silent.scores.attention)})
    path = tmp_path / "agent.pdf"
    render_agent_report(AGENT, [scored, unscored], path)
    text = " ".join(pdf_text(path).split())
    # the header's figures (Period, Calls, Mean score, Pass rate) count the scored call only
    assert f"Pass rate 2 May 2024 1 {scored.overall:.0f} 100% (1 of 1)" in text
    assert "Calls that need attention (not counted above)" in text
    assert "#2 dead-line.wav" in text and "nothing the agent said" in text
