"""The PDF scorecard read back through poppler: what it says, what it hides, how it renders, how it is written."""

from __future__ import annotations

import errno
import os
import subprocess
import time
from pathlib import Path

import pytest

from callcoach.core.analysis import analyze
from callcoach.core.errors import InputError
from callcoach.core.review import CallInfo, Review, reviewed_overall
from callcoach.reporting import pdfout
from callcoach.reporting.scorecard import MAX_MOMENTS, render_scorecard
from tests.reporting.conftest import (
    AGENT,
    CARD,
    COMMENT,
    OVERRIDE_REASON,
    PHONE,
    REVIEWER,
    TURNS,
    colour_pixels,
    long_call,
    make_call,
    needs_poppler,
    pdf_text,
    render_page,
    word_box,
)

pytestmark = needs_poppler

AGENT_BLUE = (37, 99, 235)
CUSTOMER_ORANGE = (234, 88, 12)


@pytest.fixture
def scorecard(tmp_path, analysis, info, review) -> Path:
    path = tmp_path / "scorecard.pdf"
    render_scorecard(analysis, path, info=info, review=review)
    return path


def test_names_in_any_script_print(scorecard):
    text = pdf_text(scorecard)
    assert AGENT in text
    assert REVIEWER in text


def test_every_font_is_embedded_including_the_cjk_fallback(scorecard):
    fonts = subprocess.run(["pdffonts", str(scorecard)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert any("DroidSansFallback" in row for row in rows)
    assert any("DejaVuSans" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # the emb column: the PDF prints anywhere


def test_header_shows_scores_and_verdict(scorecard, analysis, review):
    text = pdf_text(scorecard)
    assert "Harbourline Energy – double billing" in text
    assert "12 Apr 2024, 09:41" in text
    reviewed = reviewed_overall(analysis.scores, review)
    assert f"auto score {analysis.scores.overall:.0f}, reviewed {reviewed:.0f}" in text
    failed = analysis.scores.auto_failed or reviewed < analysis.scores.pass_threshold
    assert ("FAIL" if failed else "PASS") in text


def test_criteria_table_has_every_criterion_and_the_override_reason(scorecard, analysis):
    text = pdf_text(scorecard)
    for criterion in analysis.scores.criteria:
        assert criterion.name in text
    assert OVERRIDE_REASON in text
    assert "Reviewer's reason" in text


def test_coaching_moments_quote_and_better_phrasing(scorecard, analysis):
    text = pdf_text(scorecard)
    assert "Coaching moments" in text
    assert "“That's our policy, you should have checked your statement earlier.”" in text
    negative = next(f for f in analysis.findings if f.kind == "negative_language")
    assert f"Try: {negative.suggestion}" in text
    assert "0:14" in text  # the moment's timestamp


def test_talk_time_comment_and_acknowledgement(scorecard):
    text = pdf_text(scorecard)
    assert "Talk time and interruptions" in text
    assert "Interruptions made" in text
    assert COMMENT in text
    assert "Acknowledged by " + AGENT in text


def test_redaction_is_on_by_default(scorecard):
    text = pdf_text(scorecard)
    assert CARD not in text and "4111" not in text
    assert PHONE not in text
    assert "[card]" in text and "[phone]" in text


def test_no_redact_keeps_the_numbers(tmp_path, analysis, info, review):
    path = tmp_path / "plain.pdf"
    render_scorecard(analysis, path, info=info, review=review, redact=False)
    text = pdf_text(path)
    assert CARD in text and PHONE in text
    assert "[card]" not in text


def test_page_one_chart_is_drawn(scorecard, tmp_path):
    page = render_page(scorecard, tmp_path)
    top = word_box(scorecard, "Sentiment")[3]
    bottom = word_box(scorecard, "m:ss")[1]
    box = (40, top + 30, page.width - 40, bottom)
    assert bottom - top > 100
    region = page.crop(tuple(round(v) for v in box)).convert("L")
    values = list(region.get_flattened_data())
    mean = sum(values) / len(values)
    assert sum((v - mean) ** 2 for v in values) / len(values) > 50  # not a blank area
    assert colour_pixels(page, box, AGENT_BLUE) > 40
    assert colour_pixels(page, box, CUSTOMER_ORANGE) > 40


def test_a_call_without_review_or_findings(tmp_path):
    analysis = analyze(
        make_call(
            [
                ("agent", 0.0, 3.0, "Thank you for calling, my name is Sam. How can I help?"),
                ("customer", 3.5, 6.0, "Just checking my delivery date."),
                ("agent", 6.5, 10.0, "It arrives on Friday. Thank you for calling."),
            ]
        )
    )
    path = tmp_path / "plain.pdf"
    render_scorecard(analysis, path, info=CallInfo("Short call: delivery <date> & time"))
    text = pdf_text(path)
    assert "Short call: delivery <date> & time" in text  # markup characters are escaped, not parsed
    assert "not reviewed yet" in text
    assert "No comments." in text
    assert "Not yet acknowledged by the agent." in text


def test_a_transcript_without_timing_is_drawn_in_segment_order(tmp_path):
    transcript = make_call([(sp, 0.0, 0.0, text) for sp, _, _, text in TURNS])
    transcript.has_timing = False
    path = tmp_path / "untimed.pdf"
    render_scorecard(analyze(transcript), path, info=CallInfo("Untimed call", AGENT))
    text = pdf_text(path)
    assert "no timing · 8 segments" in text
    assert "drawn in segment order" in text
    assert "talk-time figures are not available" in text


def test_a_long_call_is_fast_and_caps_the_moments(tmp_path):
    analysis = analyze(long_call(40))
    assert len(analysis.findings) > MAX_MOMENTS
    path = tmp_path / "long.pdf"
    started = time.perf_counter()
    render_scorecard(analysis, path, info=CallInfo("Long call", AGENT), review=Review(REVIEWER))
    assert time.perf_counter() - started < 5  # generous: bench/scorecard_speed.py measures it properly
    text = pdf_text(path)
    assert f"Showing {MAX_MOMENTS} of {len(analysis.findings)} moments" in text


def test_missing_folder_is_an_input_error_and_leaves_nothing(tmp_path, analysis, info):
    target = tmp_path / "no-such-folder" / "card.pdf"
    with pytest.raises(InputError, match="cannot write the PDF"):
        render_scorecard(analysis, target, info=info)
    assert not target.parent.exists()


def test_full_disk_leaves_no_file(tmp_path, analysis, info, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pdfout.os, "replace", full)
    target = tmp_path / "card.pdf"
    with pytest.raises(InputError) as caught:
        render_scorecard(analysis, target, info=info)
    assert "No space left on device" in caught.value.problem
    assert caught.value.hint == "free some space or choose another folder"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_keeps_the_previous_pdf(tmp_path, analysis, info, monkeypatch):
    target = tmp_path / "card.pdf"
    target.write_bytes(b"%PDF previous")

    def broken(*args, **kwargs):
        raise ValueError("layout failed")

    monkeypatch.setattr(pdfout.SimpleDocTemplate, "build", broken)
    with pytest.raises(ValueError):
        render_scorecard(analysis, target, info=info)
    assert target.read_bytes() == b"%PDF previous"
    assert [p.name for p in tmp_path.iterdir()] == ["card.pdf"]


def test_a_call_that_needs_attention_is_never_shown_as_a_score(tmp_path: Path) -> None:
    analysis = analyze(make_call([("customer", 0.0, 4.0, "Hello? Is anybody there? I'll call back.")]))
    path = tmp_path / "attention.pdf"
    render_scorecard(analysis, path, info=CallInfo(title="dead line"))
    text = " ".join(pdf_text(path).split())
    assert "NEEDS ATTENTION" in text and "no automatic score: nothing the agent said" in text
    header = text.split("Criterion")[0]
    assert "PASS" not in header and "FAIL" not in header and "100" not in header.replace("out of 100", "")


def test_very_long_texts_wrap_and_split_across_pages(tmp_path: Path) -> None:
    """A 6,000-character comment (one endless word), override reason and agent's answer used to make the
    scorecard impossible (reportlab LayoutError): each is laid out in full, over as many pages as it needs."""
    from datetime import UTC, datetime

    from callcoach.core.review import Acknowledgement, Comment, Override

    at = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    review = Review(
        reviewer="Kim",
        overrides=[Override("empathy", 40.0, "because " * 700 + "END-OF-REASON", "Kim", at)],
        comments=[Comment("x" * 6000 + " END-OF-COMMENT", "Kim", at, None)],
        acknowledgement=Acknowledgement("disputed", "I disagree " * 600 + "END-OF-ANSWER", "Lee", at),
    )
    path = tmp_path / "long.pdf"
    render_scorecard(analyze(make_call(TURNS)), path, info=CallInfo(title="long notes"), review=review)
    text = pdf_text(path)
    assert all(end in text for end in ("END-OF-REASON", "END-OF-COMMENT", "END-OF-ANSWER"))
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))) >= 4
