"""The sentiment timeline: x maps to call time, clicks seek, markers jump to their finding, paint is cached."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from callcoach.core.model import Analysis
from callcoach.ui.review.timeline_widget import TimelineWidget


@pytest.fixture
def timeline(qtbot, demo_analysis: Analysis) -> TimelineWidget:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, widget.sizeHint().height())
    widget.set_analysis(demo_analysis)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_x_maps_to_seconds_and_back(timeline: TimelineWidget, demo_analysis: Analysis) -> None:
    plot = timeline.plot_rect()
    duration = demo_analysis.transcript.length
    assert timeline.x_to_seconds(plot.left()) == 0.0
    assert timeline.x_to_seconds(plot.right()) == pytest.approx(duration)
    assert timeline.x_to_seconds(plot.left() - 50) == 0.0  # clamped to the call
    assert timeline.x_to_seconds(timeline.seconds_to_x(42.0)) == pytest.approx(42.0)


def test_clicking_the_plot_seeks_there(qtbot, timeline: TimelineWidget, demo_analysis: Analysis) -> None:
    x = round(timeline.seconds_to_x(60.0))
    y = round(timeline.plot_rect().top() + 5)
    with qtbot.waitSignal(timeline.seek_requested) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    seconds_per_pixel = demo_analysis.transcript.length / timeline.plot_rect().width()
    assert seek.args[0] == pytest.approx(60.0, abs=seconds_per_pixel)


def test_clicking_a_marker_seeks_to_its_finding(qtbot, timeline: TimelineWidget, demo_analysis: Analysis) -> None:
    timeline.grab()  # lays the markers out
    interruption = next(f for f in demo_analysis.findings if f.kind == "interruption")
    rect = next(r for r, f in timeline._hits if f is interruption)
    assert timeline.finding_at(rect.center()) is interruption
    with qtbot.waitSignal(timeline.seek_requested) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert seek.args == [interruption.start]


def test_moving_the_playhead_does_not_redraw_the_chart(timeline: TimelineWidget, hour_analysis: Analysis) -> None:
    timeline.set_analysis(hour_analysis)
    timeline.grab()
    rendered = timeline.static_renders
    for t in range(0, 3600, 60):
        timeline.set_position(float(t))
        timeline.grab()
    assert timeline.static_renders == rendered
    assert timeline.position() == 3540.0
    timeline.resize(800, timeline.height())
    timeline.grab()
    assert timeline.static_renders == rendered + 1


def test_every_finding_kind_gets_a_lane(timeline: TimelineWidget, demo_analysis: Analysis) -> None:
    timeline.grab()
    assert {f.kind for _, f in timeline._hits} == {f.kind for f in demo_analysis.findings}
    assert timeline.finding_at(QPointF(1, 1)) is None
