"""The dialogs outside importing: scorecard PDF, rubric file, library file, a model to process again with (tests
replace them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_scorecard_path(parent: QWidget | None, default: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Export PDF scorecard", str(default), "PDF (*.pdf)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def ask_rubric(parent: QWidget | None, start: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Choose a rubric", start, "Rubric (*.toml);;All files (*)")
    return Path(name) if name else None


def ask_library_file(parent: QWidget | None, start: str = "") -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Library file (an existing one, or a new name)",
        start,
        "CallCoach library (*.sqlite);;All files (*)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


def ask_model(parent: QWidget | None, models: list[str], current: str) -> str | None:
    """Which Whisper model to process a call again with (the current setting first)."""
    from PySide6.QtWidgets import QInputDialog

    choices = [current, *(m for m in models if m != current)]
    name, ok = QInputDialog.getItem(
        parent, "Process again", "Transcribe and analyse this call again with:", choices, 0, False
    )
    return name if ok and name else None


def confirm_delete(parent: QWidget | None, names: list[str]) -> bool:
    """Ask before calls leave the library (their analysis and review go; the files stay)."""
    from PySide6.QtWidgets import QMessageBox

    listed = "\n".join(names[:8]) + (f"\n… and {len(names) - 8} more" if len(names) > 8 else "")
    answer = QMessageBox.question(
        parent,
        "Delete calls",
        f"Delete {len(names)} call{'s' if len(names) != 1 else ''} from the library?\n\n{listed}\n\n"
        "Their analyses, reviews and comments are deleted; the recording files stay where they are.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_agent(parent: QWidget | None, current: str) -> str | None:
    """The agent's name for the selected calls (empty: no agent)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    name, ok = QInputDialog.getText(parent, "Assign agent", "Agent on these calls:", QLineEdit.EchoMode.Normal, current)
    return name.strip() if ok else None
