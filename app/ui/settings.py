"""The desktop app's settings, kept in QSettings (an INI file in the user's config folder).

Typed properties over one QSettings object, so the rest of the UI never spells a key or converts a value.
INI format on every platform: tests point QSettings.setPath at a temporary folder and never see a user's
real settings (and a user can read and back up the file).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from callcoach.core.analysis import POSSIBLE_BELOW
from callcoach.core.user import login_name
from callcoach.transcription.models import DEFAULT_MODEL

ORGANISATION = "CallCoach"
APPLICATION = "CallCoach"
AGENT_CHANNELS = ("auto", "left", "right")


@dataclass(frozen=True)
class ProcessingSettings:
    """What a processing run reads once at its start: later edits apply to the next run."""

    model: str
    agent_channel: str
    rubric: str  # a rubric file, or "" for the bundled default
    possible_below: float = POSSIBLE_BELOW  # findings less sure than this are "possible", not scored


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )

    def _get(self, key: str, default: str) -> str:
        value = self.store.value(key, default)
        return default if value is None else str(value)

    def _get_bool(self, key: str, default: bool) -> bool:
        value = self.store.value(key, default)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)

    def _set(self, key: str, value: object) -> None:
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()

    # --- transcription and scoring ------------------------------------------------------------------------
    @property
    def model(self) -> str:
        return self._get("processing/model", DEFAULT_MODEL) or DEFAULT_MODEL

    @model.setter
    def model(self, value: str) -> None:
        self._set("processing/model", value.strip() or DEFAULT_MODEL)

    @property
    def agent_channel(self) -> str:
        value = self._get("processing/agent_channel", "auto")
        return value if value in AGENT_CHANNELS else "auto"

    @agent_channel.setter
    def agent_channel(self, value: str) -> None:
        if value not in AGENT_CHANNELS:
            raise ValueError(f"agent channel must be one of {AGENT_CHANNELS}, not {value!r}")
        self._set("processing/agent_channel", value)

    @property
    def rubric(self) -> str:
        """A rubric TOML file; empty means the bundled default rubric."""
        return self._get("processing/rubric", "")

    @rubric.setter
    def rubric(self, value: str) -> None:
        self._set("processing/rubric", value.strip())

    @property
    def preload_model(self) -> bool:
        """Load the Whisper model at launch, in the background (see ProcessingController.preload)."""
        return self._get_bool("processing/preload_model", True)

    @preload_model.setter
    def preload_model(self, value: bool) -> None:
        self._set("processing/preload_model", bool(value))

    @property
    def possible_below(self) -> float:
        """Findings the detectors are less sure of than this (0-1) are shown as "possible" and not scored."""
        try:
            value = float(self._get("review/possible_below", str(POSSIBLE_BELOW)))
        except ValueError:
            return POSSIBLE_BELOW
        return min(1.0, max(0.0, value))

    @possible_below.setter
    def possible_below(self, value: float) -> None:
        self._set("review/possible_below", f"{min(1.0, max(0.0, float(value))):.2f}")

    def processing(self) -> ProcessingSettings:
        return ProcessingSettings(self.model, self.agent_channel, self.rubric, self.possible_below)

    # --- library and people -------------------------------------------------------------------------------
    @property
    def library_location(self) -> str:
        """A library file or a database URL; empty means CALLCOACH_DB, else the user data folder."""
        return self._get("library/location", "")

    @library_location.setter
    def library_location(self, value: str) -> None:
        self._set("library/location", value.strip())

    @property
    def user_name(self) -> str:
        """Who a reviewer's edits are saved as (agent mode answers in the agent's name, asked on entering it)."""
        return self._get("review/user_name", "") or login_name()

    @user_name.setter
    def user_name(self, value: str) -> None:
        self._set("review/user_name", value.strip())

    @property
    def agent_mode(self) -> bool:
        return self._get_bool("review/agent_mode", False)

    @agent_mode.setter
    def agent_mode(self, value: bool) -> None:
        self._set("review/agent_mode", bool(value))

    @property
    def redact(self) -> bool:
        """Redact card, account and phone numbers and e-mail addresses in exported PDFs."""
        return self._get_bool("export/redact", True)

    @redact.setter
    def redact(self, value: bool) -> None:
        self._set("export/redact", bool(value))

    @property
    def export_folder(self) -> str:
        return self._get("export/folder", "")

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self._set("export/folder", value)

    @property
    def import_folder(self) -> str:
        return self._get("library/import_folder", "")

    @import_folder.setter
    def import_folder(self, value: str) -> None:
        self._set("library/import_folder", value)

    # --- first run and window -----------------------------------------------------------------------------
    @property
    def first_run_done(self) -> bool:
        return self._get_bool("app/first_run_done", False)

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self._set("app/first_run_done", bool(value))

    def window_geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)
