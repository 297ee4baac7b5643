"""The findings list: one card per coaching moment, activating one seeks to it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from callcoach.core.model import Analysis
from callcoach.ui.review.findings_list import FindingsList


def test_clicking_a_finding_seeks_to_its_start(qtbot, demo_analysis: Analysis) -> None:
    findings = FindingsList()
    qtbot.addWidget(findings)
    findings.resize(320, 600)
    findings.set_findings(demo_analysis.findings)
    findings.show()
    qtbot.waitExposed(findings)
    assert findings.count() == len(demo_analysis.findings) >= 5
    third = findings.finding(2)
    assert third is not None
    with qtbot.waitSignal(findings.seek_requested) as seek:
        qtbot.mouseClick(
            findings.viewport(), Qt.MouseButton.LeftButton, pos=findings.visualItemRect(findings.item(2)).center()
        )
    assert seek.args == [third.start]
    findings.setCurrentRow(4)
    with qtbot.waitSignal(findings.seek_requested) as seek:
        qtbot.keyClick(findings, Qt.Key.Key_Return)
    assert seek.args == [findings.finding(4).start]


def test_a_call_without_findings_says_so(qtbot) -> None:
    findings = FindingsList()
    qtbot.addWidget(findings)
    findings.set_findings([])
    findings.show()
    assert findings.count() == 1 and findings.finding(0) is None
    with qtbot.assertNotEmitted(findings.seek_requested):
        qtbot.mouseClick(
            findings.viewport(), Qt.MouseButton.LeftButton, pos=findings.visualItemRect(findings.item(0)).center()
        )
