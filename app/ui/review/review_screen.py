"""The review screen of one call: player, timeline, findings, transcript and scorecard, wired together.

Every way of pointing at a moment (timeline click, transcript line, finding, comment, criterion evidence)
goes through the player's seek, and the player's position drives the playhead everywhere else: one clock.
Edits leave as signals (override_made, comment_added, acknowledged, segment_edited, analysis_changed) for
the owner to store as they happen; the screen itself never touches storage. Switching between reviewer and agent
(set_mode) keeps the call as it is on screen: playhead, selected line, this session's edits.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from callcoach.core.model import Analysis
from callcoach.core.palette import WARN, WARN_TINT
from callcoach.core.review import CallInfo, Review
from callcoach.core.speaker_roles import can_swap_speakers, swapped
from callcoach.ui.review.findings_list import FindingsList
from callcoach.ui.review.player import AudioPlayer, install_shortcuts
from callcoach.ui.review.reanalysis import Reanalyzer
from callcoach.ui.review.scorecard_panel import ScorecardPanel
from callcoach.ui.review.speakers_bar import SpeakersBar
from callcoach.ui.review.style import BAD, MUTED, clock
from callcoach.ui.review.timeline_widget import TimelineWidget
from callcoach.ui.review.transcript_view import TranscriptView
from callcoach.ui.review.vendor_panel import VendorPanel
from callcoach.workers import TaskRunner


def _pane(title: str, body: QWidget, extra: QWidget | None = None) -> tuple[QWidget, QLabel]:
    """A titled column of the splitter; returns the pane and its title label (for counts)."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(6, 4, 6, 0)
    layout.setSpacing(4)
    label = QLabel(title)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    head = QHBoxLayout()
    head.addWidget(label)
    head.addStretch(1)
    if extra is not None:
        head.addWidget(extra)
    layout.addLayout(head)
    layout.addWidget(body, 1)
    return pane, label


class ReviewScreen(QWidget):
    override_made = Signal(str, float, str)  # (criterion id, score, reason)
    comment_added = Signal(str, object)  # (text, call time or None)
    acknowledged = Signal(str, str)  # (status, comment)
    segment_edited = Signal(int, str, str)  # (segment id, speaker, text)
    analysis_changed = Signal(object)  # the re-run Analysis after a transcript correction
    export_requested = Signal()  # the PDF button; exporting is the owner's job (off the GUI thread)
    agent_change_requested = Signal()  # agent mode's "Not you?": the owner asks who is answering

    def __init__(self, runner: TaskRunner | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("review_screen")
        self._analysis: Analysis | None = None
        self._agent_mode = False
        self.info: CallInfo | None = None
        self.reanalyzer = Reanalyzer(runner, parent=self) if runner is not None else None

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setStyleSheet(f"color: {MUTED};")
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.export_button = QPushButton("Export PDF…")
        self.export_button.clicked.connect(self.export_requested)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.meta, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.notice)
        header.addWidget(self.export_button)

        # A call that cannot be scored automatically says why, above everything else (hidden otherwise).
        self.attention = QLabel()
        self.attention.setObjectName("attention_banner")
        self.attention.setWordWrap(True)
        self.attention.setStyleSheet(
            f"color: {WARN}; background: {WARN_TINT}; border-radius: 4px; padding: 6px 10px; font-weight: bold;"
        )
        self.attention.hide()
        self.speakers = SpeakersBar()  # who the agent is, when it was chosen automatically, and a swap

        self.player = AudioPlayer()
        self.timeline = TimelineWidget()
        self.transcript = TranscriptView()
        self.findings = FindingsList()
        self.vendor = VendorPanel()  # what the transcription service reported, for calls imported with it
        self.scorecard = ScorecardPanel()
        self.follow = QCheckBox("Follow playback")
        self.follow.setChecked(True)
        self.follow.toggled.connect(lambda on: setattr(self.transcript, "follow_playback", on))

        findings_column = QWidget()
        column = QVBoxLayout(findings_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.findings, 1)
        column.addWidget(self.vendor)
        findings_pane, self.findings_title = _pane("Coaching moments", findings_column)
        transcript_pane, _ = _pane("Transcript", self.transcript, self.follow)
        scorecard_pane, _ = _pane("Scorecard", self.scorecard)  # it scrolls its body under a fixed score
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane, stretch in ((findings_pane, 2), (transcript_pane, 4), (scorecard_pane, 3)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([320, 640, 440])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.attention)
        layout.addWidget(self.speakers)
        layout.addWidget(self.player)
        layout.addWidget(self.timeline)
        layout.addWidget(self.splitter, 1)

        self._wire()
        self.shortcuts = install_shortcuts(self, self.player)

    def _wire(self) -> None:
        self.player.position_changed.connect(self._on_position)
        for source in (self.timeline, self.transcript, self.findings, self.scorecard):
            source.seek_requested.connect(self.player.seek)
        self.scorecard.evidence_requested.connect(self._seek_to_segments)
        self.scorecard.override_made.connect(self.override_made)
        self.scorecard.comment_added.connect(self.comment_added)
        self.scorecard.acknowledged.connect(self.acknowledged)
        self.scorecard.agent_change_requested.connect(self.agent_change_requested)
        self.transcript.segment_edited.connect(self._on_segment_edited)
        self.speakers.swap_requested.connect(self.swap_speakers)
        if self.reanalyzer is not None:
            self.reanalyzer.analysis_ready.connect(self._on_reanalysed)
            self.reanalyzer.failed.connect(lambda message: self._notify(message, BAD))
            self.reanalyzer.busy_changed.connect(lambda busy: self._notify("Re-analysing…" if busy else ""))

    # --- API -----------------------------------------------------------------------------------------------
    def show_call(
        self,
        analysis: Analysis,
        review: Review | None,
        info: CallInfo,
        audio_path: Path | None,
        agent_mode: bool = False,
        user: str = "",
    ) -> None:
        """Show one call; `user` is who new edits are attributed to on screen (reviewer, or agent in agent mode)."""
        # A correction or swap of the call shown before, still being analysed, must not land on this one.
        abandoned = self.reanalyzer is not None and self.reanalyzer.cancel()
        self._analysis, self.info = analysis, info
        self._agent_mode = agent_mode
        self.title.setText(info.title)
        self._show_meta()
        if abandoned:
            self._notify("The previous call's correction was still being analysed and was not saved.", BAD)
        else:
            self._notify("")
        self._show_analysis(analysis)
        self.scorecard.set_scores(
            analysis.scores,
            review,
            user=user or (info.agent if agent_mode else "") or "",
            agent_mode=agent_mode,
            segments=analysis.transcript.segments,
        )
        self.transcript.set_editable(not agent_mode)
        self.player.load(audio_path, analysis.transcript.length)

    def set_mode(self, agent_mode: bool, user: str) -> None:
        """Reviewer or agent on the call as shown, without showing it anew: the playhead and the line stay."""
        self._agent_mode = agent_mode
        self.scorecard.set_mode(agent_mode, user)
        self.transcript.set_editable(not agent_mode)
        if self._analysis is not None:  # an agent sees who is who, but does not swap it
            self.speakers.show_choice(self._analysis.transcript.speakers, self.can_swap_speakers())

    def analysis(self) -> Analysis | None:
        return self._analysis

    def review(self) -> Review:
        """The review as shown, including this session's edits (already emitted as signals)."""
        return self.scorecard.review()

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)

    def can_swap_speakers(self) -> bool:
        """A reviewer (not an agent) may swap agent and customer when the call keeps which speaker is which."""
        return (
            self._analysis is not None
            and self.reanalyzer is not None
            and not self._agent_mode
            and can_swap_speakers(self._analysis)
        )

    def swap_speakers(self) -> None:
        """Swap agent and customer and analyse again; the new analysis is saved like a correction (analysis_changed)."""
        if not self.can_swap_speakers() or self._analysis is None or self.reanalyzer is None:
            return
        self._notify("Swapping agent and customer…")
        self.reanalyzer.request(swapped(self._analysis.transcript))

    def close_call(self) -> None:
        """Stop the sound: when leaving the screen for the library."""
        self.player.stop()

    # --- internals -----------------------------------------------------------------------------------------
    def _show_analysis(self, analysis: Analysis) -> None:
        reasons = analysis.scores.attention
        self.attention.setText(
            "Needs attention — no automatic score: " + "; ".join(reasons) + ". Score it by hand with overrides, or "
            "process it again (Library: right-click ▸ Process again)."
            if reasons
            else ""
        )
        self.attention.setVisible(bool(reasons))
        self.speakers.show_choice(analysis.transcript.speakers, self.can_swap_speakers())
        self.vendor.set_analysis(analysis)
        self.timeline.set_analysis(analysis)
        self.transcript.set_segments(analysis.transcript.segments, analysis.findings)
        self.findings.set_findings(analysis.findings)
        self.findings_title.setText(f"Coaching moments ({len(analysis.findings)})")

    def _show_meta(self) -> None:
        assert self._analysis is not None and self.info is not None
        parts = []
        if self.info.agent:
            parts.append(f"Agent {self.info.agent}")
        if self.info.recorded_at:
            parts.append(f"{self.info.recorded_at:%d %b %Y %H:%M}")
        parts.append(clock(self._analysis.transcript.length))
        parts.append(f"{len(self._analysis.transcript.segments)} lines")
        self.meta.setText(" · ".join(parts))

    def _on_position(self, seconds: float) -> None:
        self.timeline.set_position(seconds)
        self.transcript.set_position(seconds)
        self.scorecard.set_playhead(seconds)

    def _seek_to_segments(self, segment_ids: list[int]) -> None:
        if self._analysis is None:
            return
        starts = [s.start for s in self._analysis.transcript.segments if s.id in set(segment_ids)]
        if starts:
            self.player.seek(min(starts))

    def _on_segment_edited(self, segment_id: int, speaker: str, text: str) -> None:
        self.segment_edited.emit(segment_id, speaker, text)
        if self.reanalyzer is not None and self._analysis is not None:
            segments = self.transcript.transcript_model().segments()
            self.reanalyzer.request(dataclasses.replace(self._analysis.transcript, segments=segments))

    def _on_reanalysed(self, analysis: Analysis) -> None:
        """Show the new analysis but keep the reviewer's place: playhead, review, mode."""
        self._analysis = analysis
        position = self.player.position()
        self._show_analysis(analysis)
        self.scorecard.set_scores(
            analysis.scores,
            self.scorecard.review(),
            self.scorecard.user,
            self.scorecard.agent_mode,
            analysis.transcript.segments,
        )
        self._on_position(position)
        self._notify("Analysis updated.")
        self.analysis_changed.emit(analysis)

    def _notify(self, text: str, colour: str = MUTED) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {colour};")
