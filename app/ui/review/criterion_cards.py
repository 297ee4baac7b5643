"""Why each criterion has its score, as text on the screen: the note, an override's reason and the quoted moments
(click one to hear it). Agent mode shows it, since an agent answering a review should not have to hover to learn
what it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from callcoach.core.criterion_detail import CriterionDetail, criterion_detail
from callcoach.core.formatting import score
from callcoach.core.model import Scores, Segment
from callcoach.core.review import Override
from callcoach.ui.review.style import MUTED, PANEL, clock, score_colour, speaker_label

MOMENTS = 4  # quoted per criterion; the rest are counted


def card_html(detail: CriterionDetail, weight: float) -> str:
    """The card's rich text; each moment links to its segment id."""
    head = f"<b>{escape(detail.name)}</b> · {score(detail.score)}"
    head += f" <span style='color:{MUTED}'>(automatic {score(detail.auto)}, weight {weight:g})</span>"
    lines = [head]
    if detail.note:
        lines.append(escape(detail.note))
    if detail.override is not None:
        who = escape(detail.override.reviewer or "the reviewer")
        lines.append(
            f"<b>Changed from {score(detail.auto)} to {score(detail.score)} by {who}:</b> "
            f"“{escape(detail.override.reason)}”"
        )
    if detail.evidence:
        lines.append("Based on:")
        for e in detail.evidence[:MOMENTS]:
            lines.append(
                f"&nbsp;&nbsp;<a href='{e.segment_id}'>{clock(e.start)}</a> "
                f"{speaker_label(e.speaker)}: “{escape(e.quote)}”"
            )
        if len(detail.evidence) > MOMENTS:
            lines.append(f"&nbsp;&nbsp;<span style='color:{MUTED}'>and {len(detail.evidence) - MOMENTS} more</span>")
    else:
        lines.append(f"<span style='color:{MUTED}'>Scored on the call as a whole.</span>")
    return "<br>".join(lines)


class CriterionCards(QWidget):
    segment_requested = Signal(int)  # the id of a quoted moment that was clicked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("criterion_cards")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        self._layout.setSpacing(6)
        self._cards: dict[str, QLabel] = {}

    def set_criteria(self, scores: Scores, overrides: dict[str, Override], segments: Sequence[Segment]) -> None:
        for card in self._cards.values():
            self._layout.removeWidget(card)
            card.deleteLater()
        self._cards = {}
        for c in scores.criteria:
            detail = criterion_detail(c, overrides.get(c.id), segments)
            card = QLabel(card_html(detail, c.weight))
            card.setObjectName(f"criterion_card_{c.id}")
            card.setTextFormat(Qt.TextFormat.RichText)
            card.setWordWrap(True)
            card.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            card.linkActivated.connect(lambda link: self.segment_requested.emit(int(link)))
            edge, _ = score_colour(detail.score, scores.pass_threshold)
            card.setStyleSheet(
                f"QLabel {{ background: {PANEL}; border-left: 3px solid {edge}; border-radius: 3px; padding: 6px; }}"
            )
            self._layout.addWidget(card)
            self._cards[c.id] = card

    def card(self, criterion_id: str) -> QLabel:
        return self._cards[criterion_id]
