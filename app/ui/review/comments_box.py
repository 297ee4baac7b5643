"""Time-stamped reviewer comments: a list (click one to hear that moment) and a box to add one at the playhead."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcoach.core.review import Comment
from callcoach.ui.review.style import BAD, MUTED, clock, local_time

TIME_ROLE = Qt.ItemDataRole.UserRole + 1


class CommentsBox(QWidget):
    comment_added = Signal(str, object)  # (text, call time in seconds or None)
    seek_requested = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._playhead = 0.0
        self.list = QListWidget()
        self.list.setObjectName("comments")
        self.list.setAccessibleName("Comments")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._seek)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 4)
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 7)
        self.empty = QLabel("No comments yet.")  # one line instead of an empty list: "Add comment" stays higher
        self.empty.setObjectName("no_comments")
        self.empty.setStyleSheet(f"color: {MUTED};")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("comment_text")
        self.editor.setPlaceholderText("Add a comment for the agent…")
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 3 + 12)
        self.editor.setTabChangesFocus(True)
        self.at_playhead = QCheckBox()
        self.at_playhead.setChecked(True)
        self.at_playhead.setToolTip("Anchor the comment to this moment of the call")
        self.add_button = QPushButton("Add comment")
        self.add_button.setObjectName("add_comment")
        self.add_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {BAD};")
        self.message.setWordWrap(True)
        self.message.hide()

        row = QHBoxLayout()
        row.addWidget(self.at_playhead)
        row.addStretch(1)
        row.addWidget(self.add_button)
        self._input = QWidget()
        input_layout = QVBoxLayout(self._input)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addWidget(self.editor)
        input_layout.addLayout(row)
        input_layout.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self._input)
        self.set_playhead(0.0)

    def set_comments(self, comments: Sequence[Comment]) -> None:
        self.list.clear()
        for c in comments:
            self.add_to_list(c)
        self.list.setVisible(bool(comments))
        self.empty.setVisible(not comments)

    def add_to_list(self, comment: Comment) -> None:
        self.list.show()
        self.empty.hide()
        when = f"[{clock(comment.call_time)}] " if comment.call_time is not None else ""
        item = QListWidgetItem(f"{when}{comment.text}\n— {comment.author}, {local_time(comment.at)}")
        item.setData(TIME_ROLE, comment.call_time)
        if comment.call_time is not None:
            item.setToolTip("Click to play from this moment")
        self.list.addItem(item)
        self.list.scrollToBottom()

    def set_read_only(self, read_only: bool) -> None:
        self._input.setVisible(not read_only)

    def set_playhead(self, seconds: float) -> None:
        self._playhead = seconds
        self.at_playhead.setText(f"at playhead {clock(seconds)}")

    def submit(self) -> bool:
        """Emit the typed comment (refused inline when empty); the caller stores it."""
        text = self.editor.toPlainText().strip()
        if not text:
            self._show("Write the comment first.")
            return False
        self.message.hide()
        self.comment_added.emit(text, self._playhead if self.at_playhead.isChecked() else None)
        self.editor.clear()
        return True

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.editor.setFocus()

    def _seek(self, item: QListWidgetItem) -> None:
        seconds = item.data(TIME_ROLE)
        if seconds is not None:
            self.seek_requested.emit(float(seconds))
