"""The review screen's panel of what the transcription service reported."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from callcoach.core.analysis import analyze
from callcoach.core.rubric import default_rubric
from callcoach.core.vendor import VendorAnalytics
from callcoach.ui.review.vendor_panel import VendorPanel
from tests.calls import make_call


def analysis(vendor: VendorAnalytics | None):
    transcript = make_call([("agent", 0.0, 2.0, "Thank you for calling."), ("customer", 2.5, 5.0, "My bill is wrong.")])
    transcript.vendor = vendor
    return analyze(transcript, default_rubric())


def test_the_next_call_shows_only_its_own_figures(qtbot) -> None:
    panel = VendorPanel()
    qtbot.addWidget(panel)
    panel.set_analysis(analysis(VendorAnalytics("Amazon", categories=["billing-dispute"], interruptions={"agent": 4})))
    assert "billing-dispute" in panel.text() and "Interruptions by the agent" in panel.text()
    assert "differs" in panel.text()  # CallCoach counted none
    panel.set_analysis(analysis(VendorAnalytics("Amazon", categories=["cancellation"])))
    assert "cancellation" in panel.text() and "billing-dispute" not in panel.text()
    assert "Interruptions" not in panel.text()
    panel.set_analysis(analysis(None))
    assert panel.isHidden()


def test_the_comparison_is_folded_to_its_summary_until_opened(qtbot) -> None:
    panel = VendorPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_analysis(analysis(VendorAnalytics("Amazon", interruptions={"agent": 4})))
    assert "1 of its figures differs from CallCoach's" in panel.summary.text()
    row = panel.findChild(QLabel, "vendor_row_1_0")
    assert row is not None and not row.isVisible()
    panel.toggle.click()
    assert row.isVisible() and panel.toggle.text() == "Hide"
    panel.set_analysis(analysis(VendorAnalytics("Amazon", interruptions={"agent": 0})))  # the next call: still open
    assert panel.findChild(QLabel, "vendor_row_1_0").isVisible()
    assert panel.summary.text().endswith("Its figures agree with CallCoach's.")
