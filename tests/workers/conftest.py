"""Every Qt test here fails if it leaves a thread running (see tests/qt_helpers.py)."""

from __future__ import annotations

import pytest

from tests.qt_helpers import fail_on_thread_leak

__all__ = ["fail_on_thread_leak"]


@pytest.fixture(autouse=True)
def _no_thread_leaks(fail_on_thread_leak: None) -> None:
    """Autouse wrapper: the check runs around every test in this folder."""
