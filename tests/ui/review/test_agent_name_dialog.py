"""The agent's name asked on entering agent mode: offered first, required, and the other names to pick from."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from callcoach.ui.review.agent_name_dialog import AgentNameDialog


def ok_enabled(dialog: AgentNameDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_name_offered_is_filled_in_and_the_others_listed_once(qtbot) -> None:
    dialog = AgentNameDialog(None, "Priya Nair", ["Priya Nair", "Priya", "", "Lee"])
    qtbot.addWidget(dialog)
    assert dialog.value() == "Priya Nair" and ok_enabled(dialog)
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["Priya Nair", "Priya", "Lee"]


def test_a_name_is_required(qtbot) -> None:
    dialog = AgentNameDialog(None, "")
    qtbot.addWidget(dialog)
    assert dialog.value() == "" and not ok_enabled(dialog)
    dialog.name.setEditText("   ")
    assert not ok_enabled(dialog)
    dialog.name.setEditText("  Zoë   Ångström ")
    assert ok_enabled(dialog) and dialog.value() == "Zoë Ångström"
