"""The CallCoach main window: the library screen and the review screen, the toolbar, the status bar.

It only wires: the controllers do the work (off the GUI thread, through the Runners), the screens show it.
Closing the window stops the processing queue (the call in hand goes back to the queue), writes any edit still
being saved, and waits for every worker thread before the library is closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

from callcoach.services.calls import CallBundle, scorecard_file_name
from callcoach.services.processing import Transcriber
from callcoach.ui import file_dialogs
from callcoach.ui.controllers.library_controller import LibraryController
from callcoach.ui.controllers.processing_controller import ProcessingController
from callcoach.ui.controllers.review_controller import ReviewController
from callcoach.ui.controllers.runners import Runners
from callcoach.ui.first_run import FirstRun
from callcoach.ui.library.call_item import CallItem
from callcoach.ui.library.import_actions import ImportActions
from callcoach.ui.library.library_screen import LibraryScreen
from callcoach.ui.processing_feedback import ProcessingFeedback
from callcoach.ui.review.review_screen import ReviewScreen
from callcoach.ui.review.style import BAD, INK, MUTED
from callcoach.ui.settings import AppSettings
from callcoach.ui.settings_dialog import SettingsDialog

APP_NAME = "CallCoach"
INFO_MS = 8_000


class MainWindow(QMainWindow):
    def __init__(
        self, settings: AppSettings, db: str | None = None, transcriber: Transcriber | None = None, parent=None
    ) -> None:
        """``transcriber``: how recordings are transcribed (local Whisper by default; UI tests give a fake)."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings
        self.runners = Runners(self)
        self.library = LibraryController(self.runners, settings, db, self)
        self.processing = ProcessingController(self.runners, self.library, settings, transcriber, self)
        self.library_screen = LibraryScreen()
        self.review_screen = ReviewScreen(self.runners.quick)
        self.review = ReviewController(self.runners, self.library, settings, self.review_screen, self)
        self.imports = ImportActions(self, settings)
        self.first_run = FirstRun(settings, self.library, self.processing, self.review.open_call, self)
        self._start_queue = True  # on the first listing of a library: resume work left queued
        self.processing.preload()

        self.stack = QStackedWidget()
        self.stack.addWidget(self.library_screen)
        self.stack.addWidget(self.review_screen)
        self.setCentralWidget(self.stack)
        self._make_actions()
        self._make_status_bar()
        self.feedback = ProcessingFeedback(self, self.processing, self.library_screen.model, self.show_message)
        self._wire()
        self._show_title()
        geometry = settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1440, 900)
        self.library.open()

    # --- construction --------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, icon=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.setToolTip(tip or text.rstrip("…"))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        pix = QStyle.StandardPixmap
        self.back_action = self._action(
            "Library", self.show_library, "Alt+Left", pix.SP_ArrowBack, "Back to the list of calls (Alt+Left)"
        )
        self.refresh_action = self._action("Refresh", self.library.refresh, QKeySequence.StandardKey.Refresh)
        self.export_action = self._action(
            "Export PDF…", self.export_scorecard, "Ctrl+E", pix.SP_DialogSaveButton, "Write this call's PDF scorecard"
        )
        self.settings_action = self._action("Settings…", self.open_settings, QKeySequence.StandardKey.Preferences)
        self.quit_action = self._action("Quit", self.close, QKeySequence.StandardKey.Quit)
        self.agent_mode_action = QAction("Agent mode", self)
        self.agent_mode_action.setCheckable(True)
        self.agent_mode_action.setChecked(self.settings.agent_mode)
        self.agent_mode_action.setToolTip("Review your own calls: scores read-only; acknowledge or dispute")
        self.agent_mode_action.toggled.connect(self._agent_mode_toggled)
        self.imports.files.setIcon(self.style().standardIcon(pix.SP_FileIcon))
        self.imports.folder.setIcon(self.style().standardIcon(pix.SP_DirIcon))
        self.export_action.setEnabled(False)
        self.again_action = self._action(
            "Process again…",
            self.process_again,
            "Ctrl+Shift+R",
            None,
            "Transcribe and analyse the call again, e.g. with another model; its review and comments stay",
        )

        self.delete_action = self._action(
            "Delete…", self.delete_selected, None, None, "Remove the selected calls from the library (the files stay)"
        )
        self.delete_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete)])
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.library_screen.table.addAction(self.delete_action)  # the Delete key works where the calls are
        self.assign_action = self._action(
            "Assign agent…", self.assign_selected, None, None, "Set the agent of the calls"
        )
        self.swap_action = self._action(
            "Swap agent and customer",
            self.swap_speakers,
            None,
            None,
            "The agent was chosen wrongly on this call: swap the two speakers and analyse it again",
        )

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for item in (self.imports.files, self.imports.folder, None, self.export_action, None, self.settings_action):
            file_menu.addSeparator() if item is None else file_menu.addAction(item)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        call_menu = menu.addMenu("&Call")
        for item in (self.again_action, self.assign_action, self.swap_action, self.delete_action):
            call_menu.addAction(item)
        call_menu.aboutToShow.connect(
            lambda: self.swap_action.setEnabled(
                self.stack.currentWidget() is self.review_screen and self.review_screen.can_swap_speakers()
            )
        )
        view_menu = menu.addMenu("&View")
        for item in (self.back_action, self.refresh_action, self.agent_mode_action):
            view_menu.addAction(item)

        bar = QToolBar("Main")
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for item in (self.back_action, None, self.imports.files, self.imports.folder):
            bar.addSeparator() if item is None else bar.addAction(item)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self.agent_mode_action)
        bar.addAction(self.settings_action)
        button = bar.widgetForAction(self.agent_mode_action)
        if isinstance(button, QToolButton):
            button.setObjectName("agent_mode_button")
        self.addToolBar(bar)

    def _make_status_bar(self) -> None:
        self.status_text = QLabel()
        self.status_text.setObjectName("status_text")
        self.library_label = QLabel()
        self.library_label.setStyleSheet(f"color: {MUTED};")
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.library_label)
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.setInterval(INFO_MS)
        self._clear_timer.timeout.connect(self.status_text.clear)

    def _wire(self) -> None:
        for source in (self.library, self.processing, self.review):
            source.message.connect(self.show_message)
        self.library_screen.notice.connect(lambda text: self.show_message(text, False))
        self.library.opened.connect(self._library_opened)
        self.library.open_failed.connect(self._library_failed)
        self.library.calls_loaded.connect(self._calls_loaded)
        self.imports.paths_chosen.connect(
            lambda paths, choice: self.library.import_paths(paths, choice.agent, choice.speakers)
        )
        self.library_screen.files_dropped.connect(self.library.import_paths)
        self.library_screen.assign_requested.connect(self.library.assign_agent)
        self.library_screen.open_requested.connect(self.review.open_call)
        self.library_screen.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.library_screen.table.customContextMenuRequested.connect(self._library_menu)
        queue = self.library_screen.queue
        queue.stop_requested.connect(self.processing.stop)
        queue.resume_requested.connect(self.processing.start)
        queue.retry_requested.connect(self.library.retry_failed)
        queue.remove_requested.connect(self.library.remove_queued)
        queue.skip_requested.connect(self.processing.skip_current)
        queue.call_selected.connect(self.library_screen.select_call)
        self.processing.running_changed.connect(queue.set_running)
        self.processing.call_started.connect(queue.set_current)
        self.processing.call_progress.connect(queue.set_progress)
        self.processing.call_progress.connect(self.library_screen.model.set_progress)
        self.review.call_shown.connect(self._call_shown)
        self.review.agent_mode_left.connect(self._agent_mode_left)
        self.review_screen.export_requested.connect(self.export_scorecard)

    # --- screens -------------------------------------------------------------------------------------------
    def show_library(self) -> None:
        bundle = self.review.bundle
        self.review.close_call()
        self.stack.setCurrentWidget(self.library_screen)
        self.export_action.setEnabled(False)
        if bundle is not None:
            self.library_screen.select_call(bundle.call_id)
        self.library_screen.table.setFocus()
        self._show_title()

    def _agent_mode_toggled(self, on: bool) -> None:
        if not self.review.set_agent_mode(on):  # nobody named: stay the reviewer
            self._agent_mode_left()

    def _agent_mode_left(self) -> None:
        """Uncheck the action without toggling the mode again (the controller has left it already)."""
        with QSignalBlocker(self.agent_mode_action):
            self.agent_mode_action.setChecked(False)

    def _call_shown(self, bundle: CallBundle) -> None:
        self.stack.setCurrentWidget(self.review_screen)
        self.export_action.setEnabled(True)
        self.review_screen.transcript.setFocus()
        self._show_title()

    def _show_title(self) -> None:
        bundle = self.review.bundle
        on_review = self.stack.currentWidget() is self.review_screen and bundle is not None
        self.setWindowTitle(f"{bundle.info.title} — {APP_NAME}" if on_review and bundle else f"{APP_NAME} — Library")

    # --- library -------------------------------------------------------------------------------------------
    def _library_opened(self, label: str) -> None:
        self.library_label.setText(f"Library: {label}")
        self.library_label.setToolTip(label)
        self._start_queue = True

    def _library_failed(self, text: str) -> None:
        self.library_label.setText("No library open")
        self.show_message(f"{text} — choose another library in Settings.", True)

    def _calls_loaded(self, calls: list[CallItem]) -> None:
        self.library_screen.set_calls(calls)
        if self._start_queue:
            self._start_queue = False
            if any(c.status in ("queued", "transcribing") for c in calls):
                self.processing.start()  # also takes back calls a crashed run left 'transcribing'

    # --- actions -------------------------------------------------------------------------------------------
    def export_scorecard(self) -> None:
        bundle = self.review.bundle
        if bundle is None or self.stack.currentWidget() is not self.review_screen:
            return
        folder = self.settings.export_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        path = file_dialogs.ask_scorecard_path(self, Path(folder) / scorecard_file_name(bundle.info))
        if path is not None:
            self.review.export(path)

    def _target_call(self) -> int | None:
        """The call an action applies to: the one on the review screen, else the one selected in the library."""
        if self.stack.currentWidget() is self.review_screen and self.review.bundle is not None:
            return self.review.bundle.call_id
        call = self.library_screen.selected_call()
        return call.id if call is not None and call.status not in ("queued", "transcribing") else None

    def process_again(self, _checked: bool = False, call_id: int | None = None) -> bool:
        """ "Process again with…": queue the call again with the model the user picks (its review stays)."""
        target = call_id if call_id is not None else self._target_call()
        if target is None:
            self.show_message("Select a call (not one still queued) to process again.", True)
            return False
        model = file_dialogs.ask_model(self, ["tiny.en", "base"], self.settings.model)
        if model is None:
            return False
        self.processing.call_models[target] = model
        self.library.process_again(target)
        if self.stack.currentWidget() is self.review_screen:
            self.show_library()
        return True

    def _library_menu(self, pos) -> None:
        index = self.library_screen.table.indexAt(pos)
        if not index.isValid():
            return
        if index.row() not in {i.row() for i in self.library_screen.table.selectionModel().selectedRows()}:
            self.library_screen.table.setCurrentIndex(index)
        menu = QMenu(self)
        for item in (self.again_action, self.assign_action, self.delete_action):
            menu.addAction(item)
        self.again_action.setEnabled(self._target_call() is not None)
        menu.exec(self.library_screen.table.viewport().mapToGlobal(pos))
        self.again_action.setEnabled(True)

    def swap_speakers(self, _checked: bool = False) -> bool:
        """Swap agent and customer on the call under review (the review screen re-analyses and saves it)."""
        if self.stack.currentWidget() is not self.review_screen or not self.review_screen.can_swap_speakers():
            self.show_message("Open a call with an agent and a customer to swap them.", True)
            return False
        self.review_screen.swap_speakers()
        return True

    def delete_selected(self, _checked: bool = False) -> bool:
        """Delete the calls selected in the library, after asking (the Delete key, the context menu)."""
        calls = self.library_screen.selected_calls()
        if not calls or self.stack.currentWidget() is not self.library_screen:
            return False
        if not file_dialogs.confirm_delete(self, [c.name for c in calls]):
            return False
        self.library.delete_calls([c.id for c in calls])
        return True

    def assign_selected(self, _checked: bool = False) -> bool:
        """Set the agent of the selected calls (one name for all of them)."""
        calls = self.library_screen.selected_calls()
        if not calls:
            return False
        name = file_dialogs.ask_agent(self, calls[0].agent or calls[0].agent_said or "")  # the name said, offered
        if name is None:
            return False
        self.library.assign_agent([c.id for c in calls], name)
        return True

    def open_settings(self) -> SettingsDialog:
        """Open the dialog (window-modal, not blocking); what changed applies when it is accepted."""
        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._settings_changed(dialog.changed))
        dialog.open()
        return dialog

    def _settings_changed(self, changed: set[str]) -> None:
        if "agent_mode" in changed:
            self.agent_mode_action.setChecked(self.settings.agent_mode)  # re-shows the call if needed
        if "model" in changed:
            self.processing.model_changed()
        if "library_location" in changed:
            self.processing.stop()
            self.show_library()
            self.library_screen.set_calls([])
            self.library.open()
        if changed:
            self.show_message("Settings saved.", False)

    def show_message(self, text: str, error: bool = False) -> None:
        """A sentence in the status bar: an error stays until the next message, anything else fades after a while."""
        self.status_text.setText(text)
        self.status_text.setStyleSheet(f"color: {BAD if error else INK};")
        self.status_text.setToolTip(text)
        if error or not text:
            self._clear_timer.stop()
        else:
            self._clear_timer.start()

    # --- closing -------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.sync()
        self.review_screen.close_call()
        self.runners.shutdown()
        self.library.close()
        super().closeEvent(event)
