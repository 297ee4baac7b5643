"""One call as the library screen shows it: plain data (no Qt, no storage), filled by the listing job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class CallItem:
    """One row of the library screen: the storage summary plus what the table shows besides it."""

    id: int
    file: str
    agent: str | None
    status: str
    duration: float | None
    overall: float | None
    passed: bool | None
    recorded_at: datetime | None
    imported_at: datetime | None
    reason: str | None
    kind: str
    agent_said: str | None = None  # the name the agent gave in the call, while no agent is set: a suggestion

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def when(self) -> datetime | None:
        """The recording date, else the import date."""
        return self.recorded_at or self.imported_at

    @property
    def openable(self) -> bool:
        return self.status in ("analysed", "attention", "reviewed")
