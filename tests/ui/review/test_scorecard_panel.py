"""The scorecard: overrides need a reason, comments carry the call time, agents answer instead of editing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from callcoach.core.model import Analysis
from callcoach.core.review import Override, Review, reviewed_overall
from callcoach.ui.review.scorecard_panel import ScorecardPanel


@pytest.fixture
def panel(qtbot, demo_analysis: Analysis) -> ScorecardPanel:
    panel = ScorecardPanel()
    qtbot.addWidget(panel)
    panel.set_scores(demo_analysis.scores, None, user="Dana")
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def select(panel: ScorecardPanel, criterion_id: str) -> None:
    assert panel.criteria.select(criterion_id)


def test_shows_each_criterion_and_the_verdict(panel: ScorecardPanel, demo_analysis: Analysis) -> None:
    scores = demo_analysis.scores
    assert panel.criteria.topLevelItemCount() == len(scores.criteria)
    assert panel.criteria.topLevelItem(0).text(0) == scores.criteria[0].name
    assert panel.overall_label.text() == f"{scores.overall:g}"
    assert panel.verdict.text().strip() == ("PASS" if scores.passed else "FAIL")


def test_an_override_without_a_reason_is_refused(qtbot, panel: ScorecardPanel) -> None:
    select(panel, "empathy")
    panel.score_spin.setValue(60)
    panel.reason_edit.setText("   ")
    with qtbot.assertNotEmitted(panel.override_made):
        qtbot.mouseClick(panel.override_button, Qt.MouseButton.LeftButton)
    assert panel.override_message.isVisible() and "reason" in panel.override_message.text()
    assert panel.review().overrides == []


def test_an_override_with_a_reason_is_emitted_and_counted(qtbot, panel: ScorecardPanel, demo_analysis) -> None:
    select(panel, "empathy")
    panel.score_spin.setValue(60)
    qtbot.keyClicks(panel.reason_edit, "Acknowledged the frustration at 0:44")
    with qtbot.waitSignal(panel.override_made) as made:
        qtbot.mouseClick(panel.override_button, Qt.MouseButton.LeftButton)
    assert made.args == ["empathy", 60.0, "Acknowledged the frustration at 0:44"]
    review = panel.review()
    assert [(o.criterion_id, o.score, o.reviewer) for o in review.overrides] == [("empathy", 60.0, "Dana")]
    expected = reviewed_overall(demo_analysis.scores, review)
    assert expected != demo_analysis.scores.overall
    assert panel.overall_label.text() == f"{expected:g}"
    assert "automatic score" in panel.details.text()
    assert panel.criteria.currentItem().text(3) == "✎ 60"
    assert panel.reason_edit.text() == ""


def test_an_existing_review_is_shown(qtbot, demo_analysis: Analysis) -> None:
    review = Review("Dana", [Override("empathy", 100, "fine", "Dana", datetime.now(UTC))])
    panel = ScorecardPanel()
    qtbot.addWidget(panel)
    panel.set_scores(demo_analysis.scores, review)
    assert panel.overall() == reviewed_overall(demo_analysis.scores, review)
    assert panel.user == "Dana"


def test_comments_carry_the_playhead_time(qtbot, panel: ScorecardPanel) -> None:
    panel.set_playhead(44.0)
    with qtbot.assertNotEmitted(panel.comment_added):
        qtbot.mouseClick(panel.comments.add_button, Qt.MouseButton.LeftButton)
    assert panel.comments.message.isVisible()
    panel.comments.editor.setPlainText("Good recovery here.")
    with qtbot.waitSignal(panel.comment_added) as added:
        qtbot.mouseClick(panel.comments.add_button, Qt.MouseButton.LeftButton)
    assert added.args == ["Good recovery here.", 44.0]
    panel.comments.at_playhead.setChecked(False)
    panel.comments.editor.setPlainText("Overall: a solid call.")
    with qtbot.waitSignal(panel.comment_added) as added:
        panel.comments.submit()
    assert added.args == ["Overall: a solid call.", None]
    assert [c.call_time for c in panel.review().comments] == [44.0, None]
    with qtbot.waitSignal(panel.seek_requested) as seek:
        panel.comments.list.itemClicked.emit(panel.comments.list.item(0))
    assert seek.args == [44.0]


def test_double_clicking_a_criterion_asks_for_its_evidence(qtbot, panel: ScorecardPanel, demo_analysis) -> None:
    criterion = next(c for c in demo_analysis.scores.criteria if c.evidence)
    select(panel, criterion.id)
    with qtbot.waitSignal(panel.evidence_requested) as evidence:
        panel.criteria.itemDoubleClicked.emit(panel.criteria.currentItem(), 0)
    assert evidence.args == [criterion.evidence]


def test_agent_mode_is_read_only_and_a_dispute_needs_a_comment(qtbot, panel: ScorecardPanel) -> None:
    panel.set_agent_mode(True)
    assert panel.override_box.isHidden() and panel.comments._input.isHidden()
    assert not panel.answer._input.isHidden()
    with qtbot.assertNotEmitted(panel.override_made):
        assert not panel.request_override("empathy", 100, "I did show empathy")
    with qtbot.assertNotEmitted(panel.acknowledged):
        qtbot.mouseClick(panel.answer.dispute_button, Qt.MouseButton.LeftButton)
    assert panel.answer.message.isVisible()
    panel.answer.editor.setPlainText("I apologised at 0:44.")
    with qtbot.waitSignal(panel.acknowledged) as answer:
        qtbot.mouseClick(panel.answer.dispute_button, Qt.MouseButton.LeftButton)
    assert answer.args == ["disputed", "I apologised at 0:44."]
    assert "Disputed" in panel.answer.status.text()
    with qtbot.waitSignal(panel.acknowledged) as answer:
        qtbot.mouseClick(panel.answer.acknowledge_button, Qt.MouseButton.LeftButton)
    assert answer.args == ["acknowledged", ""]
    assert panel.review().acknowledgement.status == "acknowledged"
