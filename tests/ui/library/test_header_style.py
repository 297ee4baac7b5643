"""The calls table's sort arrow, as drawn: ▲ ascending, ▼ descending, and clear of the header text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from callcoach.ui.library.call_table_model import Column
from callcoach.ui.library.library_screen import LibraryScreen
from tests.ui.library.test_library_screen import CALLS

DARK = 110  # grey level below which a pixel is ink (text or arrow), not the header's gradient


@pytest.fixture
def screen(qtbot) -> LibraryScreen:
    screen = LibraryScreen()
    qtbot.addWidget(screen)
    screen.resize(1200, 400)
    screen.set_calls(CALLS)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def ink_columns(screen: LibraryScreen, column: Column) -> tuple[QImage, list[int]]:
    """The header section of `column` as an image, and the x of each pixel column holding ink."""
    head = screen.table.horizontalHeader()
    x, width = head.sectionViewportPosition(column), head.sectionSize(column)
    image = head.grab().toImage().copy(x + 2, 0, width - 4, head.height())  # not the section borders
    inked = [i for i in range(image.width()) if any(_dark(image, i, y) for y in range(image.height()))]
    return image, inked


def _dark(image: QImage, x: int, y: int) -> bool:
    return image.pixelColor(x, y).lightness() < DARK


def _arrow(image: QImage, inked: list[int]) -> tuple[list[int], int]:
    """The arrow's pixel columns (the rightmost run of ink) and the blank gap before it."""
    run = [inked[-1]]
    for x in reversed(inked[:-1]):
        if x != run[0] - 1:
            return run, run[0] - x - 1
        run.insert(0, x)
    return run, image.width()


def _points_up(image: QImage, columns: list[int]) -> bool:
    """▲ has more ink in its lower half, ▼ in its upper half."""
    rows = [y for y in range(image.height()) if any(_dark(image, x, y) for x in columns)]
    middle = (rows[0] + rows[-1]) / 2
    ink = {y: sum(_dark(image, x, y) for x in columns) for y in rows}
    return sum(n for y, n in ink.items() if y > middle) > sum(n for y, n in ink.items() if y < middle)


@pytest.mark.parametrize("column", [Column.DATE, Column.LENGTH])
def test_the_arrow_points_up_for_ascending_and_down_for_descending(screen: LibraryScreen, column: Column) -> None:
    """The library opens newest first: that is descending, ▼ (it showed ▲); ascending (oldest first) is ▲."""
    assert screen.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    for order, up in ((Qt.SortOrder.DescendingOrder, False), (Qt.SortOrder.AscendingOrder, True)):
        screen.table.sortByColumn(column, order)
        image, inked = ink_columns(screen, column)
        arrow, _gap = _arrow(image, inked)
        assert _points_up(image, arrow) is up, order


def test_the_arrow_does_not_touch_the_text_of_a_right_aligned_column(screen: LibraryScreen) -> None:
    """'Length' is right-aligned: the arrow was drawn over its last letter."""
    screen.table.sortByColumn(Column.LENGTH, Qt.SortOrder.AscendingOrder)
    image, inked = ink_columns(screen, Column.LENGTH)
    arrow, gap = _arrow(image, inked)
    assert len(arrow) <= 12  # the run is the arrow alone, not the arrow glued to the 'h'
    assert gap >= 3
    assert len(inked) - len(arrow) > 10  # the word itself is drawn, left of the arrow
