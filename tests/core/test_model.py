"""The pass/fail rule, written once in core.model and used by the screen, the PDF, the library and reports."""

from __future__ import annotations

from callcoach.core.model import Scores


def scores(overall: float, auto_failed: list[str] | None = None) -> Scores:
    return Scores(overall, False, 70.0, "test", "1", [], auto_failed or [])


def test_the_pass_mark_itself_passes() -> None:
    assert scores(70).passes() and not scores(69.9).passes()


def test_an_auto_fail_fails_whatever_the_score() -> None:
    assert not scores(100, ["Data protection"]).passes()
    assert not scores(0, ["Data protection"]).passes(100)


def test_a_reviewed_overall_is_judged_by_the_same_rule() -> None:
    assert scores(40).passes(85) and not scores(90).passes(50)
