"""Processing feedback wherever the user is: progress in the main window's status bar, a note when a call is done.

The queue panel lives on the library screen, so a reviewer who imported from the review screen (Ctrl+O) saw
nothing happen. The status bar is on every screen: while the queue runs it shows "Processing 2 of 5: call.wav
40%" (the count is this run's: finished + the call in hand + what still waits), and each finished call is said
there. Where the desktop has a system tray, a tray message tells a failure at once and the rest once the run is
over: the call's own note for a run of one, one summary for a batch (a message per call of a fifty-call import
buried the desktop). Without a tray (offscreen, some desktops) the status bar alone tells it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStyle, QSystemTrayIcon

from callcoach.core.formatting import score
from callcoach.core.resources import resource_path
from callcoach.services.processing import Outcome
from callcoach.ui.controllers.processing_controller import ProcessingController
from callcoach.ui.library.call_table_model import CallTableModel

TRAY_MS = 6_000


def finished_text(name: str, outcome: Outcome) -> tuple[str, bool] | None:
    """What to tell the user about a finished call, and whether it is bad news; None for nothing to tell."""
    if outcome.status == "analysed":
        return f"{name} is analysed" + (
            f": score {score(outcome.overall)}." if outcome.overall is not None else "."
        ), False
    if outcome.status == "attention":
        why = "; ".join(outcome.warnings) or outcome.reason or "it cannot be scored automatically"
        return f"{name} needs attention: {why}", False
    if outcome.status == "failed":
        return f"{name} failed: {outcome.reason or 'no reason recorded'}", True
    return None  # skipped (the user asked) or lost (another process took it): nothing finished here


def run_summary(statuses: list[str]) -> str:
    """One line for a finished run of several calls, by outcome: "3 calls processed: 2 analysed, 1 failed"."""
    words = {"analysed": ("analysed", "analysed"), "attention": ("needs attention", "need attention"),
             "failed": ("failed", "failed")}  # fmt: skip
    counts = {k: statuses.count(k) for k in words}
    parts = [f"{n} {words[k][n > 1]}" for k, n in counts.items() if n]
    return f"{len(statuses)} calls processed: " + ", ".join(parts) + "."


class ProcessingFeedback(QObject):
    """Status-bar progress and finish notes for the window's processing queue."""

    def __init__(
        self,
        window: QMainWindow,
        processing: ProcessingController,
        calls: CallTableModel,
        show_message: Callable[[str, bool], None],
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
    ) -> None:
        super().__init__(window)
        self.window, self.calls, self.show_message = window, calls, show_message
        self._tray_available = tray_available
        self.tray: QSystemTrayIcon | None = None
        self._done = 0  # calls finished in this run
        self._current: int | None = None
        self._name = ""
        self._fraction = 0.0
        self._told: list[tuple[str, str, bool]] = []  # this run's finished calls: status, note, bad news

        self.label = QLabel()
        self.label.setObjectName("processing_status")
        self.bar = QProgressBar()
        self.bar.setObjectName("processing_bar")
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(self.label.fontMetrics().height())
        status = window.statusBar()
        status.addPermanentWidget(self.label)  # (inserting at 0 landed among the temporary messages: a Qt warning)
        status.addPermanentWidget(self.bar)
        self._show(False)

        processing.running_changed.connect(self._running)
        processing.call_started.connect(self._started)
        processing.call_progress.connect(self._progress)
        processing.call_finished.connect(self._finished)
        calls.modelReset.connect(self._update)  # the listing refreshed: the number waiting may have changed
        calls.dataChanged.connect(self._update)
        calls.rowsInserted.connect(self._update)

    def text(self) -> str:
        """The status-bar line while a call is processed, else ''."""
        if self._current is None:
            return ""
        index = self._done + 1
        waiting = sum(c.status == "queued" and c.id != self._current for c in self.calls.calls())
        self._name = self._name_of(self._current, self._name)  # the listing may name it only after it started
        return f"Processing {index} of {index + waiting}: {self._name} {self._fraction:.0%}"

    # --- the controller's signals ----------------------------------------------------------------------------
    def _running(self, running: bool) -> None:
        if not running:
            self._tell_run()
        self._done, self._current, self._told = 0, None, []
        self._show(False)

    def _started(self, call_id: int) -> None:
        self._current, self._fraction, self._name = call_id, 0.0, ""
        self._show(True)

    def _progress(self, call_id: int, fraction: float) -> None:
        if call_id == self._current:
            self._fraction = fraction
            self._update()

    def _finished(self, outcome: Outcome) -> None:
        if outcome.status != "skipped":
            self._done += 1
        name = self._name_of(outcome.call_id, outcome.file)
        self._current = None
        self._show(False)
        told = finished_text(name, outcome)
        if told is not None:
            self.show_message(*told)
            self._told.append((outcome.status, *told))
            if told[1]:
                self._tray_message(*told)  # bad news does not wait for the rest of the run

    def _tell_run(self) -> None:
        """The tray message for a finished run: the call's note for one call, a summary for several."""
        if len(self._told) == 1 and not self._told[0][2]:
            self._tray_message(self._told[0][1], False)
        elif len(self._told) > 1:
            self._tray_message(run_summary([status for status, _, _ in self._told]), False)

    # --- display ---------------------------------------------------------------------------------------------
    def _name_of(self, call_id: int, known: str = "") -> str:
        """The file name from the listing; else `known` (a name or path already had), else a placeholder."""
        row = self.calls.row_of(call_id)
        if row is not None:
            return self.calls.calls()[row].name
        return Path(known).name if known else f"call {call_id}"

    def _show(self, busy: bool) -> None:
        self.label.setVisible(busy)
        self.bar.setVisible(busy)
        self._update()

    def _update(self, *_args: object) -> None:
        text = self.text()
        self.label.setText(text)
        self.label.setToolTip("The processing queue is on the library screen (Alt+Left)" if text else "")
        self.bar.setValue(round(self._fraction * 1000) if text else 0)

    def _tray_message(self, text: str, bad: bool) -> None:
        """A desktop notification, where there is a system tray to carry it (never offscreen)."""
        if not self._tray_available():
            return
        if self.tray is None:
            icon = QIcon(str(resource_path("icons/callcoach.svg")))
            if icon.isNull():
                icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("CallCoach")
            self.tray.show()
        kind = QSystemTrayIcon.MessageIcon.Warning if bad else QSystemTrayIcon.MessageIcon.Information
        self.tray.showMessage("CallCoach", text, kind, TRAY_MS)
