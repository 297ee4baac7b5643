"""The review screen's panel of what the transcription service reported."""

from __future__ import annotations

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
