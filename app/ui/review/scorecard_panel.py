"""The scorecard of one call: auto-scores, reviewer overrides with reasons, comments, the agent's answer.

In agent mode the scores are read-only and each criterion's reasons and evidence are written out under the table
(CriterionCards); switching modes changes only that, never the call or the selected criterion.

The panel keeps its own copy of the Review so that what it shows (overall, PASS/FAIL) follows each edit at
once, and emits one signal per edit; storing it is the caller's job, so nothing typed waits for a Save.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callcoach.core.formatting import score
from callcoach.core.model import CriterionScore, Scores, Segment
from callcoach.core.palette import WARN_TINT
from callcoach.core.review import Acknowledgement, Comment, Override, Review, reviewed_overall
from callcoach.ui.review.acknowledgement_box import AcknowledgementBox
from callcoach.ui.review.comments_box import CommentsBox
from callcoach.ui.review.criteria_table import ID_ROLE, CriteriaTable
from callcoach.ui.review.criterion_cards import CriterionCards
from callcoach.ui.review.style import BAD, GOOD, MUTED, WARN, score_colour


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 2)
    return label


class ScorecardPanel(QWidget):
    override_made = Signal(str, float, str)  # (criterion id, score 0-100, reason)
    comment_added = Signal(str, object)  # (text, call time in seconds or None)
    acknowledged = Signal(str, str)  # (status, comment)
    seek_requested = Signal(float)  # a comment's moment
    evidence_requested = Signal(list)  # segment ids a criterion's score rests on
    agent_change_requested = Signal()  # agent mode: answer in another agent's name

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scorecard")
        self._scores: Scores | None = None
        self._review = Review()
        self._segments: Sequence[Segment] = ()  # what the criteria's evidence quotes
        self.user = ""
        self.agent_mode = False

        self.overall_label = QLabel()
        self.overall_label.setObjectName("overall")
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 2.2)
        big.setBold(True)
        self.overall_label.setFont(big)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet(f"color: {MUTED};")
        header = QHBoxLayout()
        header.addWidget(self.overall_label)
        header.addWidget(self.verdict, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addStretch(1)

        self.criteria = CriteriaTable()
        self.criteria.currentItemChanged.connect(lambda *_: self._load_editor())
        self.criteria.itemDoubleClicked.connect(self._evidence)
        self.cards = CriterionCards()
        self.cards.segment_requested.connect(lambda segment_id: self.evidence_requested.emit([segment_id]))
        self.cards_heading = _heading("Why these scores")

        self.editor_title = QLabel()
        self.editor_note = QLabel()
        self.editor_note.setWordWrap(True)
        self.editor_note.setStyleSheet(f"color: {MUTED};")
        self.score_spin = QSpinBox()
        self.score_spin.setObjectName("override_score")
        self.score_spin.setRange(0, 100)
        self.score_spin.setAccessibleName("Override score")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("override_reason")
        self.reason_edit.setPlaceholderText("Why? (required)")
        self.reason_edit.returnPressed.connect(self.apply_override)
        self.override_button = QPushButton("Override")
        self.override_button.setObjectName("apply_override")
        self.override_button.clicked.connect(self.apply_override)
        self.override_message = QLabel()
        self.override_message.setObjectName("override_message")
        self.override_message.setWordWrap(True)
        self.override_message.hide()
        row = QHBoxLayout()
        row.addWidget(self.score_spin)
        row.addWidget(self.reason_edit, 1)
        row.addWidget(self.override_button)
        self.override_box = QWidget()
        box = QVBoxLayout(self.override_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.editor_title)
        box.addWidget(self.editor_note)
        box.addLayout(row)
        box.addWidget(self.override_message)

        self.comments = CommentsBox()
        self.comments.comment_added.connect(self._comment)
        self.comments.seek_requested.connect(self.seek_requested)
        self.answer = AcknowledgementBox()
        self.answer.acknowledged.connect(self._acknowledge)
        self.answer.change_agent_requested.connect(self.agent_change_requested)

        # The big score stays put above a scrolling body: scrolling down to the comments never hides it.
        body = QWidget()
        body.setObjectName("scorecard_body")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(_heading("Criteria"))
        column.addWidget(self.criteria)
        column.addWidget(self.cards_heading)
        column.addWidget(self.cards)
        column.addWidget(self.override_box)
        column.addWidget(_heading("Comments"))
        column.addWidget(self.comments)
        column.addWidget(_heading("Agent's response"))
        column.addWidget(self.answer)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("scorecard_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.details)
        layout.addWidget(self.scroll, 1)

    # --- data ----------------------------------------------------------------------------------------------
    def set_scores(
        self,
        scores: Scores,
        review: Review | None,
        user: str = "",
        agent_mode: bool = False,
        segments: Sequence[Segment] = (),
    ) -> None:
        """Show a call's scores and review; `user` is who the local copies of new edits are attributed to,
        `segments` the transcript the evidence is quoted from."""
        self._scores = scores
        self._segments = segments
        self._review = copy.deepcopy(review) if review is not None else Review()
        self.user = user or self._review.reviewer or ""
        self._fill_criteria()
        self.comments.set_comments(self._review.comments)
        self.answer.set_acknowledgement(self._review.acknowledgement)
        self.set_agent_mode(agent_mode)
        if self.criteria.topLevelItemCount():
            self.criteria.setCurrentItem(self.criteria.topLevelItem(0))

    def set_agent_mode(self, agent_mode: bool) -> None:
        """Agents see the same scores read-only, and answer the review instead of editing it."""
        self.agent_mode = agent_mode
        self.override_box.setVisible(not agent_mode)
        self.cards_heading.setVisible(agent_mode)
        self.cards.setVisible(agent_mode)
        self.comments.set_read_only(agent_mode)
        self.answer.set_agent_mode(agent_mode)
        self.answer.set_agent(self.user if agent_mode else "")

    def set_mode(self, agent_mode: bool, user: str) -> None:
        """Switch between reviewer and agent on the call as shown (its review, edits and selection stay)."""
        self.user = user
        self.set_agent_mode(agent_mode)

    def set_playhead(self, seconds: float) -> None:
        self.comments.set_playhead(seconds)

    def review(self) -> Review:
        return copy.deepcopy(self._review)

    def overall(self) -> float | None:
        """The overall with this session's overrides; None for a call that needs attention until scored by hand."""
        assert self._scores is not None
        return reviewed_overall(self._scores, self._review)

    def passed(self) -> bool | None:
        assert self._scores is not None
        return self._scores.passes(self.overall())

    def criterion(self, row: int) -> CriterionScore:
        assert self._scores is not None
        return self._scores.criteria[row]

    # --- edits ---------------------------------------------------------------------------------------------
    def request_override(self, criterion_id: str, score: float, reason: str) -> bool:
        """Record an override; refused with an inline message if there is no reason or nothing to score."""
        reason = reason.strip()
        if self.agent_mode or self._scores is None:
            return False
        if not reason:
            self._tell("An override needs a reason: say why the automatic score is wrong.", BAD)
            self.reason_edit.setFocus()
            return False
        if not 0 <= score <= 100:
            self._tell("Scores go from 0 to 100.", BAD)
            return False
        self._review.overrides.append(Override(criterion_id, float(score), reason, self.user, datetime.now(UTC)))
        self._fill_criteria(select=criterion_id)
        self._tell("Override recorded.", GOOD)
        self.reason_edit.clear()
        self.override_made.emit(criterion_id, float(score), reason)
        QTimer.singleShot(0, self.show_comment_box)  # the usual next step, once the layout has grown
        return True

    def show_comment_box(self) -> None:
        """Scroll the body just enough that "Add comment" is in view (the score above never moves)."""
        if not self.agent_mode:
            self.scroll.ensureWidgetVisible(self.comments.add_button, 0, 8)

    def apply_override(self) -> bool:
        criterion_id = self.criteria.current_id()
        if criterion_id is None:
            return False
        return self.request_override(criterion_id, self.score_spin.value(), self.reason_edit.text())

    def _comment(self, text: str, call_time: float | None) -> None:
        comment = Comment(text, self.user, datetime.now(UTC), call_time)
        self._review.comments.append(comment)
        self.comments.add_to_list(comment)
        self.comment_added.emit(text, call_time)

    def _acknowledge(self, status: str, comment: str) -> None:
        self._review.acknowledgement = Acknowledgement(status, comment, self.user, datetime.now(UTC))  # type: ignore[arg-type]
        self.answer.set_acknowledgement(self._review.acknowledgement)
        self.acknowledged.emit(status, comment)

    # --- display -------------------------------------------------------------------------------------------
    def _fill_criteria(self, select: str | None = None) -> None:
        assert self._scores is not None
        overrides = self._review.latest_overrides()
        self.criteria.set_criteria(self._scores, overrides, select)
        self.cards.set_criteria(self._scores, overrides, self._segments)
        self._show_overall()

    def _show_overall(self) -> None:
        assert self._scores is not None
        scores, overall = self._scores, self.overall()
        fg, bg = score_colour(overall, scores.pass_threshold)
        if overall is None:  # never shown as a score: the reviewer scores it by hand, or it is processed again
            fg, bg = WARN, WARN_TINT
        self.overall_label.setText(score(overall, missing="–"))
        self.overall_label.setStyleSheet(f"color: {fg};")
        verdict = "NEEDS ATTENTION" if overall is None else "PASS" if self.passed() else "FAIL"
        self.verdict.setText(f" {verdict} ")
        self.verdict.setStyleSheet(
            f"color: {fg}; background: {bg}; border-radius: 4px; padding: 3px 8px; font-weight: bold;"
        )
        parts = [f"out of 100, pass at {scores.pass_threshold:g}"]
        if scores.attention:
            parts.append("no automatic score: " + "; ".join(scores.attention))
            parts.append("override criteria to score it by hand")
        elif overall != scores.overall:
            parts.append(f"automatic score {score(scores.overall)}")
        if scores.auto_failed:
            parts.append("auto-fail: " + ", ".join(scores.auto_failed))
        self.details.setText(" · ".join(parts))

    def _load_editor(self) -> None:
        criterion_id = self.criteria.current_id()
        self.override_message.hide()
        if criterion_id is None or self._scores is None:
            self.override_box.setEnabled(False)
            return
        self.override_box.setEnabled(True)
        c = next(c for c in self._scores.criteria if c.id == criterion_id)
        override = self._review.latest_overrides().get(c.id)
        self.editor_title.setText(f"Override <b>{c.name}</b> (automatic {score(c.score)})")
        note = c.note
        if override:
            note += f"\nNow {score(override.score)}: {override.reason}"
        self.editor_note.setText(note)
        value = override.score if override else c.score
        self.score_spin.setValue(round(value) if value is not None else 0)

    def _evidence(self, item: QTreeWidgetItem) -> None:
        if self._scores is None:
            return
        c = next(c for c in self._scores.criteria if c.id == item.data(0, ID_ROLE))
        if c.evidence:
            self.evidence_requested.emit(list(c.evidence))

    def _tell(self, text: str, colour: str) -> None:
        self.override_message.setText(text)
        self.override_message.setStyleSheet(f"color: {colour};")
        self.override_message.show()
