"""Errors that carry what a user needs: which file, what is wrong, what to do."""

from __future__ import annotations


class InputError(Exception):
    """Bad input the user can fix (a malformed transcript, an unreadable file, an invalid rubric)."""

    def __init__(self, path: str, problem: str, line: int | None = None, hint: str | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        text = f"{where}: {self.problem}"
        if self.hint:
            text += f" ({self.hint})"
        return text
