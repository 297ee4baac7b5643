"""One call under review: loading it off the GUI thread, saving each edit as it is made, exporting the PDF.

A transcript correction re-runs the analysis (the ReviewScreen's Reanalyzer) and the new analysis is saved like
any other edit (queue.replace_analysis, on the one-at-a-time save runner). Until that save is through, reopening
the call shows the corrected analysis kept here; if the save fails it stays kept for the session, and the status
bar says so.

Agent mode acts in the agent's name (AgentNames: confirmed when entering it), and switching modes only changes how
the call on screen is shown: it is not loaded or shown anew, so the playhead and the selected line stay.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from callcoach.core.analysis import Settings
from callcoach.core.model import Analysis
from callcoach.services.calls import (
    CallBundle,
    ReviewEdit,
    ReviewResult,
    edit_review,
    load_call,
    save_corrected_analysis,
    write_scorecard,
)
from callcoach.ui.controllers.agent_names import AgentNames
from callcoach.ui.controllers.library_controller import LibraryController
from callcoach.ui.controllers.runners import Runners
from callcoach.ui.responsiveness import freeze_long_lived
from callcoach.ui.review.review_screen import ReviewScreen
from callcoach.ui.settings import AppSettings

NO_AGENT_NAME = "Agent mode needs the agent's name: showing the call as the reviewer."


class ReviewController(QObject):
    call_shown = Signal(object)  # the CallBundle now on screen
    saved = Signal(int)  # a call's edit reached the library: its row (score, status) changed
    exported = Signal(object)  # the Path of a written scorecard
    message = Signal(str, bool)  # (text for the status bar, is an error)
    agent_mode_left = Signal()  # a call opened in agent mode without an agent's name: shown as the reviewer

    def __init__(
        self, runners: Runners, library: LibraryController, settings: AppSettings, screen: ReviewScreen, parent=None
    ) -> None:
        super().__init__(parent)
        self.runners, self.library, self.settings, self.screen = runners, library, settings, screen
        self.bundle: CallBundle | None = None
        self._request = 0
        self._corrected: dict[int, Analysis] = {}  # corrections not (yet) in the library, by call id
        self.agents = AgentNames()
        screen.override_made.connect(self._save_override)
        screen.comment_added.connect(self._save_comment)
        screen.acknowledged.connect(self._save_acknowledgement)
        screen.analysis_changed.connect(self._corrected_analysis)
        screen.agent_change_requested.connect(self.change_agent)
        library.opened.connect(self._library_changed)

    def _library_changed(self, _label: str) -> None:
        """Another library: call ids mean other calls now."""
        self._corrected.clear()
        self.agents.clear()
        self.bundle = None
        self._request += 1  # a load still running belongs to the old library

    # --- open ----------------------------------------------------------------------------------------------
    def open_call(self, call_id: int) -> bool:
        """Load a call off the GUI thread; `call_shown` follows once it is on the screen."""
        if self.library.library is None:
            return False
        self._request += 1
        request = self._request
        task = self.runners.quick.submit(
            load_call, self.library.library, call_id, self.settings.rubric, name=f"open call {call_id}"
        )
        task.finished.connect(lambda bundle, n=request: self._loaded(n, bundle))
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not open call {call_id}: {text}", True))
        self.message.emit(f"Opening call {call_id}…", False)
        return True

    def _loaded(self, request: int, bundle: CallBundle) -> None:
        if request != self._request:  # the reviewer opened another call meanwhile
            return
        corrected = self._corrected.get(bundle.call_id)
        if corrected is not None:
            bundle = dataclasses.replace(bundle, analysis=corrected)
        self.bundle = bundle
        left = self.settings.agent_mode and self.agents.confirm(bundle, self.screen.window(), ask=False) is None
        if left:
            self.settings.agent_mode = False
            self.agent_mode_left.emit()
        self._show(bundle.analysis, bundle.review)
        notes = [NO_AGENT_NAME] if left else []
        if corrected:
            notes.append("Showing this session's corrected transcript (not stored in the library yet).")
        self.message.emit(" ".join(notes), False)
        self.call_shown.emit(bundle)

    def _show(self, analysis: Analysis, review) -> None:
        assert self.bundle is not None
        if self.screen.reanalyzer is not None:
            self.screen.reanalyzer.rubric = self.bundle.rubric
            self.screen.reanalyzer.settings = Settings(possible_below=self.settings.possible_below)
        self.screen.show_call(
            analysis,
            review,
            self.bundle.info,
            self.bundle.audio_path,
            agent_mode=self.settings.agent_mode,
            user=self._user(),
        )

    def _user(self) -> str:
        """Who edits are made as: the confirmed agent in agent mode, else the reviewer."""
        if self.settings.agent_mode and self.bundle is not None:
            return self.agents.get(self.bundle.call_id)
        return self.settings.user_name

    def set_agent_mode(self, on: bool) -> bool:
        """Act as the agent (read-only scores, acknowledge/dispute in their name) or as the reviewer.

        Entering agent mode on a call asks who the agent is; False (and reviewer mode) when nobody is named.
        """
        if on and self.bundle is not None and self.agents.confirm(self.bundle, self.screen.window()) is None:
            self.settings.agent_mode = False
            self.message.emit(NO_AGENT_NAME, False)
            return False
        self.settings.agent_mode = on
        if self.bundle is not None and self.screen.analysis() is not None:
            self.screen.set_mode(on, self._user())
        return True

    def change_agent(self) -> bool:
        """Agent mode's "Not you?": answer this call in another agent's name."""
        if not self.settings.agent_mode or self.bundle is None:
            return False
        if self.agents.confirm(self.bundle, self.screen.window()) is None:
            return False
        self.screen.set_mode(True, self._user())
        return True

    def close_call(self) -> None:
        self.screen.close_call()

    # --- saves, each in its own transaction, in the order they were made -----------------------------------
    def _submit_save(self, what: str, edit: ReviewEdit) -> None:
        if self.bundle is None or self.library.library is None:
            return
        call_id = self.bundle.call_id
        task = self.runners.saves.submit(edit_review, self.library.library, call_id, edit, name=f"save {what}")
        task.finished.connect(lambda result, cid=call_id: self._saved(cid, what, result))
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not save the {what}: {text}", True))

    def _saved(self, call_id: int, what: str, result: object) -> None:
        if isinstance(result, ReviewResult):
            result = result.overall
        extra = f" (overall now {result:g})" if isinstance(result, int | float) else ""
        self.message.emit(f"{what.capitalize()} saved{extra}.", False)
        self.saved.emit(call_id)
        self.library.refresh()

    def _save_override(self, criterion_id: str, score: float, reason: str) -> None:
        edit = ReviewEdit(self.settings.user_name, overrides=[(criterion_id, score)], reason=reason)
        self._submit_save("override", edit)

    def _save_comment(self, text: str, call_time: object) -> None:
        at = float(call_time) if isinstance(call_time, int | float) else None
        self._submit_save("comment", ReviewEdit(self.settings.user_name, comment=text, call_time=at))

    def _save_acknowledgement(self, status: str, comment: str) -> None:
        what = "acknowledgement" if status == "acknowledged" else "dispute"
        answer = "acknowledged" if status == "acknowledged" else "disputed"
        edit = ReviewEdit(self._user(), comment=comment, acknowledgement=answer)  # "": the call's assigned agent
        self._submit_save(what, edit)

    def _corrected_analysis(self, analysis: Analysis) -> None:
        """Save a corrected transcript's analysis; kept here until the library has it (or for the session)."""
        if self.bundle is None or self.library.library is None:
            return
        call_id = self.bundle.call_id
        self._corrected[call_id] = analysis
        task = self.runners.saves.submit(
            save_corrected_analysis, self.library.library, call_id, analysis, name="save corrected transcript"
        )
        task.finished.connect(lambda overall, cid=call_id, a=analysis: self._analysis_saved(cid, a, overall))
        task.failed.connect(
            lambda text, _e: self.message.emit(
                f"Could not save the corrected transcript: {text}. It is kept until CallCoach closes.", True
            )
        )

    def _analysis_saved(self, call_id: int, analysis: Analysis, overall: float) -> None:
        if self._corrected.get(call_id) is analysis:  # not a newer correction still being saved
            del self._corrected[call_id]
        self._saved(call_id, "corrected transcript", overall)

    # --- export --------------------------------------------------------------------------------------------
    def export(self, path: Path) -> bool:
        """Write the call as shown (with this session's edits) to a PDF scorecard, off the GUI thread."""
        analysis = self.screen.analysis()
        if self.bundle is None or analysis is None:
            return False
        task = self.runners.quick.submit(
            write_scorecard,
            analysis,
            Path(path),
            self.bundle.info,
            self.screen.review(),
            self.settings.redact,
            name="export scorecard",
        )
        task.finished.connect(self._exported)
        task.failed.connect(lambda text, _e: self.message.emit(f"Could not write the scorecard: {text}", True))
        self.message.emit(f"Writing {Path(path).name}…", False)
        return True

    def _exported(self, path: Path) -> None:
        freeze_long_lived("first export")  # reportlab is loaded by now
        self.settings.export_folder = str(path.parent)
        self.message.emit(f"Scorecard written to {path}", False)
        self.exported.emit(path)
