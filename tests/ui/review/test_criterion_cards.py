"""Agent mode writes out why each criterion has its score: the note, the reviewer's reason, the quoted moments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QTextDocument

from callcoach.core.formatting import score
from callcoach.core.model import Analysis
from callcoach.core.review import Override, Review
from callcoach.ui.review.criterion_cards import MOMENTS
from callcoach.ui.review.scorecard_panel import ScorecardPanel

REASON = "She apologised at 0:44, the detector missed it"


def shown(panel: ScorecardPanel, criterion_id: str) -> str:
    """A card's text as a person reads it (the label holds rich text)."""
    document = QTextDocument()
    document.setHtml(panel.cards.card(criterion_id).text())
    return " ".join(document.toPlainText().split())


@pytest.fixture
def panel(qtbot, demo_analysis: Analysis) -> ScorecardPanel:
    review = Review("Dana", [Override("empathy", 60, REASON, "Dana", datetime.now(UTC))])
    panel = ScorecardPanel()
    qtbot.addWidget(panel)
    panel.set_scores(demo_analysis.scores, review, "Lee", True, demo_analysis.transcript.segments)
    panel.resize(500, 1600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_agent_mode_shows_the_override_reason_and_the_evidence_as_text(
    panel: ScorecardPanel, demo_analysis: Analysis
) -> None:
    segments = {s.id: s for s in demo_analysis.transcript.segments}
    empathy = next(c for c in demo_analysis.scores.criteria if c.id == "empathy")
    text = shown(panel, "empathy")
    assert panel.cards.isVisible() and panel.cards.card("empathy").isVisible()
    assert f"Changed from {score(empathy.score)} to 60 by Dana: “{REASON}”" in text and empathy.note in text
    first = min((segments[i] for i in empathy.evidence), key=lambda s: s.start)
    assert f"{first.speaker.capitalize()}: “{first.text[:40]}" in text  # quoted, not behind a tooltip
    professionalism = next(c for c in demo_analysis.scores.criteria if not c.evidence)
    assert "Scored on the call as a whole." in shown(panel, professionalism.id)


def test_a_long_list_of_moments_is_cut_and_counted(qtbot, demo_analysis: Analysis) -> None:
    listening = next(c for c in demo_analysis.scores.criteria if c.id == "active_listening")
    listening.evidence = [s.id for s in demo_analysis.transcript.segments][: MOMENTS + 2]
    panel = ScorecardPanel()
    qtbot.addWidget(panel)
    panel.set_scores(demo_analysis.scores, None, "Lee", True, demo_analysis.transcript.segments)
    assert shown(panel, "active_listening").count("“") == MOMENTS and "and 2 more" in shown(panel, "active_listening")


def test_a_quoted_moment_seeks_to_its_line(qtbot, panel: ScorecardPanel, demo_analysis: Analysis) -> None:
    empathy = next(c for c in demo_analysis.scores.criteria if c.id == "empathy")
    with qtbot.waitSignal(panel.evidence_requested) as requested:
        panel.cards.card("empathy").linkActivated.emit(str(empathy.evidence[0]))
    assert requested.args == [[empathy.evidence[0]]]


def test_the_reviewer_sees_the_table_and_the_editor_instead(panel: ScorecardPanel) -> None:
    panel.set_mode(False, "Dana")
    assert panel.cards.isHidden() and panel.cards_heading.isHidden() and panel.override_box.isVisible()
    panel.set_mode(True, "Lee")
    assert panel.cards.isVisible() and panel.answer.identity.text() == "You answer as <b>Lee</b>"


def test_an_override_made_this_session_shows_up_in_the_card(panel: ScorecardPanel) -> None:
    panel.set_mode(False, "Dana")
    assert panel.request_override("closing", 40, "no summary of the next steps")
    panel.set_mode(True, "Lee")
    assert "by Dana: “no summary of the next steps”" in shown(panel, "closing")
