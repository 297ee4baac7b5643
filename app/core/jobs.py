"""The contract for long work: a plain function that reports progress and honours a cancel flag.

No Qt here: the worker layer wraps these into signals; the CLI draws a progress bar from them.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """Raised by long work when its cancel flag is set; whatever it was writing is rolled back."""


def check_cancel(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def report(progress: ProgressFn | None, fraction: float) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))
