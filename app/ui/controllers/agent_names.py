"""The name agent mode acts in, per call, for the session: asked when entering agent mode, offered as the call's
agent or the name the agent gave on the call, and not asked again for an agent going through their own calls."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from callcoach.core.agent_name import suggested_agent
from callcoach.services.calls import CallBundle
from callcoach.ui.review import agent_name_dialog


class AgentNames:
    def __init__(self) -> None:
        self._by_call: dict[int, str] = {}
        self._last = ""  # the name confirmed last: an agent usually answers one call after another

    def get(self, call_id: int) -> str:
        """The confirmed name for the call ("" until confirmed)."""
        return self._by_call.get(call_id, "")

    def confirm(self, bundle: CallBundle, parent: QWidget | None, ask: bool = True) -> str | None:
        """The name to act in on this call, or None when the user declines to give one.

        `ask=False` (a call opened while in agent mode) asks only when this call has no confirmed name and is not
        assigned to the agent confirmed last; entering agent mode always asks, the known name first.
        """
        known = self._by_call.get(bundle.call_id, "")
        assigned = (bundle.info.agent or "").strip()
        if not ask and (known or (assigned and assigned == self._last)):
            return self._keep(bundle.call_id, known or assigned)
        default = known or suggested_agent(assigned, bundle.analysis.agent_said)
        choices = [assigned, bundle.analysis.agent_said or "", self._last]
        name = agent_name_dialog.ask_agent_name(parent, default, choices)
        return self._keep(bundle.call_id, name) if name else None

    def clear(self) -> None:
        """Another library: its call ids are other calls."""
        self._by_call.clear()

    def _keep(self, call_id: int, name: str) -> str:
        self._by_call[call_id] = self._last = name
        return name
