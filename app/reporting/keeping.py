"""Keeping blocks of a PDF together without reportlab's two surprises.

reportlab's KeepTogether measures a nested KeepTogether as 0xffffff points tall (its wrap forces a split), so a
group holding one always looks taller than a page and jumps to a fresh page; and a group taller than a page
always starts on a fresh one, leaving the page before it half empty. KeepOrFlow measures what it holds with the
nested groups opened up, keeps it together when it fits on a page, and otherwise lets it flow on from where it
is (or from the next page when less than ``room`` is left), its inner groups still kept together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak
from reportlab.platypus.doctemplate import NullActionFlowable
from reportlab.platypus.flowables import _listWrapOn

START_ROOM = 60 * mm  # a block taller than a page starts on the next page when less than this is left


def _opened(flowables: Sequence[Flowable]) -> Iterator[Flowable]:
    for f in flowables:
        if isinstance(f, KeepTogether):
            yield from _opened(f._content)
        else:
            yield f


class KeepOrFlow(KeepTogether):
    def __init__(self, flowables: list[Flowable], room: float = START_ROOM) -> None:
        super().__init__(flowables)
        self.room = room

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        dims: list[tuple[float, float]] = []
        width, self._H = _listWrapOn(list(_opened(self._content)), aW, self.canv, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # as KeepTogether: always split, so that split decides

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame, height = getattr(self, "_frame", None), self._H  # height: the content's, measured by wrap
        at_top = frame is None or bool(getattr(frame, "_atTop", False))
        fits_a_page = frame is None or height <= frame._height
        if height <= aH or at_top or (not fits_a_page and aH >= self.room):
            first: Flowable = NullActionFlowable()  # here (an action first: the document then splits what follows)
        else:
            first = PageBreak()
        return [first, *self._content]
