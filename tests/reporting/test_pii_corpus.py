"""A corpus of personal data as customers give it (written, spoken as words, split over turns): every item comes
out redacted in each export format, the PDF scorecard, the agent report and `callcoach show`.

Each case is a short call; ``secrets`` are fragments that must not survive anywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from callcoach.cli import main
from callcoach.core.analysis import analyze
from callcoach.core.model import Analysis
from callcoach.core.review import CallInfo, CallRecord
from callcoach.reporting.agent_report import render_agent_report
from callcoach.reporting.exports import FORMATS, export_text
from callcoach.reporting.scorecard import render_scorecard
from tests.calls import make_call
from tests.reporting.conftest import needs_poppler, pdf_text

ASK = ("agent", "Thank you for calling Harbour Bank, this is Lee. Could I take the details, please?")


@dataclass(frozen=True)
class Case:
    name: str
    said: list[tuple[str, str]]  # (speaker, text) after the agent's question
    secrets: list[str]


CASES = [
    Case("card written", [("customer", "Sure, my card is 4539 1488 0343 6467.")], ["4539", "0343 6467", "6467"]),
    Case(
        "card spoken",
        [("customer", "It's four five three nine one four eight eight zero three four three six four six seven.")],
        ["four five three nine", "six four six seven"],
    ),
    Case(
        "card split over turns",
        [("customer", "4539"), ("agent", "Yes?"), ("customer", "1488"), ("customer", "0343"), ("customer", "6467")],
        ["4539", "1488", "0343", "6467"],
    ),
    Case("IBAN in groups", [("customer", "My IBAN is GB82 WEST 1234 5698 7654 32, thanks.")], ["5698", "7654", "GB82"]),
    Case("IBAN compact", [("customer", "The IBAN: DE89370400440532013000")], ["DE8937", "0532013000"]),
    Case("CVV written", [("customer", "The CVV 738 is on the back.")], ["738"]),
    Case("CVV spoken", [("customer", "The security code is seven three eight.")], ["seven three eight"]),
    Case(
        "CVV over turns",
        [("agent", "And the security code on the back?"), ("customer", "seven three eight")],
        ["seven three eight"],
    ),
    Case("expiry written", [("customer", "The card expires 12/27.")], ["12/27"]),
    Case("expiry spoken", [("customer", "It expires December twenty seven.")], ["December twenty seven"]),
    Case("expiry over turns", [("agent", "And the expiry date?"), ("customer", "March twenty nine")], ["March twenty"]),
    Case("phone written", [("customer", "Call me back on 020 7946 0958 please.")], ["7946", "0958"]),
    Case(
        "phone spoken",
        [("customer", "My number is oh two oh seven nine four six oh nine five eight.")],
        ["nine four six oh nine"],
    ),
    Case("social security", [("customer", "My social security number is 078-05-1120.")], ["078-05", "1120"]),
    Case("e-mail", [("customer", "It's lee.jones@example.com, or lee dot jones at example dot com.")], ["jones"]),
]


def call_of(case: Case) -> Analysis:
    turns = [ASK, *case.said, ("agent", "Thank you, that's all noted. Anything else I can help with today?")]
    return analyze(make_call([(speaker, 5.0 * i, 5.0 * i + 4.0, text) for i, (speaker, text) in enumerate(turns)]))


def leaked(case: Case, text: str) -> list[str]:
    lowered = text.lower()
    return [s for s in case.secrets if s.lower() in lowered]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_format_is_redacted(case: Case, fmt: str) -> None:
    analysis = call_of(case)
    raw = export_text(analysis, fmt, redact=False)
    assert leaked(case, raw) == case.secrets, "the case must really contain its secrets"
    assert leaked(case, export_text(analysis, fmt)) == []


@needs_poppler
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_scorecard_and_the_agent_report_are_redacted(case: Case, tmp_path: Path) -> None:
    analysis = call_of(case)
    scorecard = tmp_path / "card.pdf"
    render_scorecard(analysis, scorecard, info=CallInfo(title="pii call"))
    assert leaked(case, pdf_text(scorecard)) == []
    scores = analysis.scores
    record = CallRecord(1, "pii call", None, scores.overall, scores.passed, {}, {}, analysis.findings)
    report = tmp_path / "report.pdf"
    render_agent_report("Lee", [record], report)
    assert leaked(case, pdf_text(report)) == []


def test_show_is_redacted_unless_asked_not_to(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "data"))
    db = str(tmp_path / "lib.sqlite")
    for n, case in enumerate(CASES):
        path = tmp_path / "calls" / f"call{n}.vtt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(export_text(call_of(case), "vtt", redact=False), encoding="utf-8")
    assert main(["import", str(tmp_path / "calls"), "--db", db]) == 0
    assert main(["process", "--db", db]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--db", db]) == 0
    ids = {Path(row["file"]).name: row["id"] for row in json.loads(capsys.readouterr().out)}
    for n, case in enumerate(CASES):
        call_id = str(ids[f"call{n}.vtt"])
        assert main(["show", call_id, "--db", db]) == 0
        assert main(["show", call_id, "--json", "--db", db]) == 0
        assert leaked(case, capsys.readouterr().out) == [], case.name
    assert main(["show", str(ids["call0.vtt"]), "--json", "--no-redact", "--db", db]) == 0
    assert "4539" in capsys.readouterr().out
