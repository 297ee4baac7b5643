"""The rubric file: loading, validation errors that name the problem, and scoring."""

from pathlib import Path

import pytest

from callcoach.core.analysis import analyze
from callcoach.core.errors import InputError
from callcoach.core.model import Transcript
from callcoach.core.rubric import MEASURES, default_rubric, load_rubric


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_rubric_is_valid() -> None:
    rubric = default_rubric()
    assert sum(c.weight for c in rubric.criteria) == 100
    assert {c.measure for c in rubric.criteria} == set(MEASURES)
    assert 0 < rubric.pass_threshold <= 100
    assert any(a.finding == "agent_profanity" for a in rubric.auto_fail)


def test_team_rubric_changes_the_score(tmp_path: Path, difficult_call: Transcript) -> None:
    path = write(
        tmp_path,
        """
name = "Strict language"
pass_threshold = 90
[[criteria]]
id = "lang"
name = "Language"
weight = 100
measure = "positive_language"
""",
    )
    scores = analyze(difficult_call, load_rubric(path)).scores
    assert scores.rubric == "Strict language"
    assert [c.id for c in scores.criteria] == ["lang"]
    assert scores.overall == 75 and not scores.passed


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("[[criteria]]\nid='closing'\nweight=60\n[[criteria]]\nid='empathy'\nweight=30\n", "add up to 90"),
        ("[[criteria]]\nid='x'\nweight=100\nmeasure='charm'\n", "unknown measure 'charm'"),
        ("[[criteria]]\nid='empathy'\nweight=-100\n", "weight must be a positive number"),
        ("name = 'no criteria'\n", "no [[criteria]]"),
        ("[[criteria]\nid=", "invalid TOML"),
        ("pass_threshold=150\n[[criteria]]\nid='empathy'\nweight=100\n", "pass_threshold"),
    ],
)
def test_invalid_rubric_names_the_problem(tmp_path: Path, body: str, problem: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(InputError) as err:
        load_rubric(path)
    assert problem in err.value.message
    assert str(path) in err.value.message


def test_missing_rubric_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="rubric file not found"):
        load_rubric(tmp_path / "nope.toml")


def test_criteria_that_do_not_apply_are_left_out(tmp_path: Path) -> None:
    from tests.calls import make_call

    calm = make_call([("customer", 0, 3, "Hi, what time do you open?"), ("agent", 3.5, 6, "We open at nine.")])
    scores = analyze(calm).scores
    empathy = next(c for c in scores.criteria if c.id == "empathy")
    assert empathy.score is None and "no distress" in empathy.note
    assert 0 <= scores.overall <= 100


def test_score_bands_against_the_pass_mark() -> None:
    from callcoach.core.rubric import score_band

    assert score_band(70, 70) == "good"
    assert score_band(50, 70) == "warn"
    assert score_band(49.9, 70) == "bad"
    assert score_band(None, 70) is None


def test_a_choice_of_options_is_a_solution_offered_as_a_choice() -> None:
    from callcoach.core.facts import CallFacts
    from callcoach.core.metrics import Metrics, Timeline
    from callcoach.core.model import Segment

    segments = [
        Segment(0, "customer", 0.0, 4.0, "My router keeps dropping.", tags=["problem_statement"]),
        Segment(1, "agent", 4.5, 9.0, "I can send an engineer or a 4G router, which suits you?", tags=["options"]),
    ]
    score, evidence, note = MEASURES["solution"](CallFacts(segments, [], [0], [], Metrics(None), Timeline()))
    assert (score, evidence) == (100.0, [1])
    assert "choice" in note


def _unsolved(solution_score: float):
    from callcoach.core.findings import call_level_findings
    from callcoach.core.model import Segment
    from callcoach.core.phrases import default_phrases

    segments = [
        Segment(0, "customer", 0.0, 4.0, "I was charged twice this month.", tags=["problem_statement"]),
        Segment(
            1, "agent", 4.5, 9.0, "Thanks, I'll put the second one right.", tag_scores={"solution": solution_score}
        ),
        Segment(2, "agent", 9.5, 12.0, "Anything else?", tag_scores={"solution": 0.02}),
    ]
    findings = call_level_findings(segments, [0], default_phrases())
    return next(f for f in findings if f.kind == "no_solution"), segments


def test_no_solution_is_as_sure_as_the_likeliest_turn_was_not_one() -> None:
    finding, _ = _unsolved(0.42)
    assert finding.confidence == 0.58
    assert _unsolved(0.01)[0].confidence == 0.98  # the other agent turn (0.02) is now the likeliest


def test_a_possible_no_solution_is_shown_not_scored_as_a_zero() -> None:
    from dataclasses import replace

    from callcoach.core.facts import CallFacts
    from callcoach.core.metrics import Metrics, Timeline

    finding, segments = _unsolved(0.42)
    unsure = CallFacts(segments, [], [0], [replace(finding, possible=True)], Metrics(None), Timeline())
    score, evidence, note = MEASURES["solution"](unsure)
    assert (score, evidence) == (80.0, [1]) and "1 possible miss to check" in note
    sure = CallFacts(segments, [], [0], [finding], Metrics(None), Timeline())
    assert MEASURES["solution"](sure)[0] == 0.0
