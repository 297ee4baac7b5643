"""The end of the PDF scorecard: the acknowledgement never sits alone on the last page (rendered, read back)."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from callcoach.core.analysis import analyze
from callcoach.core.review import Acknowledgement, CallInfo, Comment, Review
from callcoach.reporting.scorecard import render_scorecard
from tests.reporting.conftest import long_call, needs_poppler

pytestmark = needs_poppler

AT = datetime(2024, 4, 12, 15, 0)
INFO = CallInfo("Closing pages", "Sam", datetime(2024, 4, 12), 1)
ACK = Acknowledgement("acknowledged", "Agreed, I will restate the problem first.", "Sam", AT)
REVIEWS = {
    "not acknowledged": Review(),
    "one comment": Review(reviewer="Lee", comments=[Comment("Good.", "Lee", AT, 22.5)], acknowledgement=ACK),
    "three comments": Review(
        reviewer="Lee",
        comments=[Comment(f"Comment {i} " * 8, "Lee", AT, 22.5) for i in range(3)],
        acknowledgement=Acknowledgement("disputed", "No.", "Sam", AT),
    ),
}
ACK_LINES = ("Not yet acknowledged by the agent.", "Acknowledged by Sam", "Disputed by Sam")


def pages(path: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True).stdout
        for n in range(1, count + 1)
    ]


def assert_kept_company(text: list[str]) -> None:
    last = text[-1]
    assert "Agent's acknowledgement" in last and any(line in last for line in ACK_LINES)  # heading with its box
    assert not any("Agent's acknowledgement" in page for page in text[:-1])
    # Not a lone last page: a coaching moment (■) or a comment row is there with it.
    assert "■" in last or "Comment" in last.split("Agent's acknowledgement")[0].split("Reviewer comments")[-1]


@pytest.mark.parametrize("review", REVIEWS, ids=list(REVIEWS))
def test_the_acknowledgement_keeps_company_at_every_call_length(tmp_path: Path, review: str) -> None:
    """Calls of 1 to 8 exchanges move the page breaks through every spot of the closing; before the fix the
    acknowledgement was alone on the last page for 2 exchanges with a comment and 3 with three comments."""
    for repeats in range(1, 9):
        path = tmp_path / f"{repeats}.pdf"
        render_scorecard(analyze(long_call(repeats)), path, info=INFO, review=REVIEWS[review])
        text = pages(path)
        assert len(text) > 1
        assert_kept_company(text)


def test_a_long_comments_table_splits_and_keeps_its_last_row_with_the_acknowledgement(tmp_path: Path) -> None:
    comments = [Comment(f"Remark number {i:02d} about the call. " * 6, "Lee", AT, float(i)) for i in range(45)]
    path = tmp_path / "long.pdf"
    render_scorecard(
        analyze(long_call(1)), path, info=INFO, review=Review("Lee", comments=comments, acknowledgement=ACK)
    )
    text = pages(path)
    assert_kept_company(text)
    assert "Remark number 44" in text[-1]  # the last comment is on the acknowledgement's page
    assert sum("Remark number" in page for page in text) >= 2  # the table flowed over pages, not onto a fresh one
    first = next(i for i, page in enumerate(text) if "Reviewer comments" in page)
    assert "■" in text[first]  # it started under the last moment rather than leaving that page half empty
