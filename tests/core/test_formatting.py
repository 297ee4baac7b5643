"""How numbers read wherever a person sees them: one rule for clock times and one for scores."""

from __future__ import annotations

from callcoach.core.formatting import clock, score


def test_scores_have_at_most_one_decimal_and_none_when_whole() -> None:
    assert [score(70.0), score(61.5), score(73.4285), score(0)] == ["70", "61.5", "73.4", "0"]
    assert score(None) == "n/a" and score(None, missing="–") == "–"


def test_clock_times() -> None:
    assert [clock(0), clock(65.4), clock(3723)] == ["0:00", "1:05", "1:02:03"]
    assert clock(None) == "–" and clock(None, missing="-") == "-"
