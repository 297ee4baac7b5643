"""The QA rubric: an editable TOML file of weighted criteria, and the scoring of one call against it.

Criteria name a built-in *measure*; teams change names, weights, threshold and auto-fail items without
code. Every criterion score carries its evidence (segment ids) and a one-line note, so a reviewer can
check it and a coach can quote it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from callcoach.core.errors import InputError
from callcoach.core.facts import CallFacts
from callcoach.core.findings import likeliest_solution
from callcoach.core.model import CriterionScore, Scores, passes
from callcoach.core.resources import resource_path

Measure = Callable[[CallFacts], tuple[float | None, list[int], str]]
ScoreBand = Literal["good", "warn", "bad"]
NEAR_MISS = 20.0  # points below the pass mark that still read as "close" (amber) on screen and on paper


def score_band(value: float | None, threshold: float) -> ScoreBand | None:
    """How a score reads against the pass mark: at or above, close below, or well below (None: no score)."""
    if value is None:
        return None
    if value >= threshold:
        return "good"
    return "warn" if value >= threshold - NEAR_MISS else "bad"


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: float
    measure: str
    description: str = ""


@dataclass(frozen=True)
class AutoFail:
    finding: str
    name: str


@dataclass(frozen=True)
class Rubric:
    name: str
    version: str
    pass_threshold: float
    criteria: tuple[Criterion, ...]
    auto_fail: tuple[AutoFail, ...]
    source: str


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1)


def _empathy(facts: CallFacts) -> tuple[float | None, list[int], str]:
    missed = facts.found("missing_empathy")
    evidence = sorted(set(facts.tagged("empathy")) | {i for f in missed for i in f.segment_ids[:1]})
    moments = len(facts.distress_ids)
    if not moments:
        return None, evidence, "the customer showed no distress; nothing to acknowledge"
    answered = moments - len(missed)
    return (
        _pct(answered, moments),
        evidence,
        f"{answered} of {moments} distress moments acknowledged" + _possible(facts, "missing_empathy"),
    )


def _possible(facts: CallFacts, kind: str) -> str:
    """A note's mention of the misses the detectors are unsure of (shown, not scored)."""
    unsure = [f for f in facts.findings if f.kind == kind and f.possible]
    return f" ({len(unsure)} possible miss{'es' if len(unsure) != 1 else ''} to check)" if unsure else ""


def _active_listening(facts: CallFacts) -> tuple[float | None, list[int], str]:
    missed = facts.found("missing_paraphrase")
    cut_in = [f for f in facts.found("interruption") if f.speaker == "agent"]
    evidence = sorted(
        set(facts.tagged("paraphrase"))
        | {i for f in missed for i in f.segment_ids[:1]}
        | {f.segment_ids[-1] for f in cut_in}
    )
    problems = len(facts.problem_ids)
    if not problems and not cut_in:
        return None, evidence, "no problem statement to restate and no interruptions"
    score = _pct(problems - len(missed), problems) if problems else 100.0
    score = max(0.0, score - 15.0 * len(cut_in))
    parts = []
    if problems:
        parts.append(f"{problems - len(missed)} of {problems} problem statements restated")
        parts[-1] += _possible(facts, "missing_paraphrase")
    parts.append(f"{len(cut_in)} interruption{'s' if len(cut_in) != 1 else ''} by the agent")
    return score, evidence, "; ".join(parts)


def _positive_language(facts: CallFacts) -> tuple[float | None, list[int], str]:
    negative = [f.segment_ids[0] for f in facts.found("negative_language")]
    agent_turns = sum(s.speaker == "agent" for s in facts.segments)
    if not agent_turns:
        return None, [], "the agent did not speak"
    score = max(0.0, 100.0 - 25.0 * len(negative))
    note = "no dead ends, blame or policy walls" if not negative else f"{len(negative)} negative phrasing(s)"
    return score, negative, note


def _professionalism(facts: CallFacts) -> tuple[float | None, list[int], str]:
    agent = [s for s in facts.segments if s.speaker == "agent"]
    if not agent:
        return None, [], "the agent did not speak"
    harsh = [s.id for s in agent if (s.sentiment or 0.0) <= -0.5]
    swearing = facts.tagged("profanity")
    score = 100.0 - 20.0 * len(harsh) - 100.0 * bool(swearing)
    notes = []
    wpm = facts.metrics.words_per_minute("agent")
    if wpm is not None and wpm > 190:
        score -= 15.0
        notes.append(f"fast pace ({wpm:.0f} words/min)")
    if facts.found("missing_boundary"):
        score -= 20.0
        notes.append("no boundary set with an abusive customer")
    if swearing:
        notes.append("agent profanity")
    if harsh:
        notes.append(f"{len(harsh)} harsh-toned turn(s)")
    return (
        max(0.0, score),
        sorted(set(harsh + swearing)),
        "; ".join(notes) or "calm, neutral-to-positive tone",
    )


def _solution(facts: CallFacts) -> tuple[float | None, list[int], str]:
    solutions, options = facts.tagged("solution"), facts.tagged("options")
    escalations = facts.tagged("escalation")
    if not facts.problem_ids and not solutions:
        return None, [], "no problem raised"
    if options:  # a choice between ways forward is a concrete solution, offered as the guides recommend
        return 100.0, sorted(set(solutions + options)), "concrete solution offered as a choice"
    if solutions:
        return 80.0, solutions, "concrete solution offered (no choice of options)"
    if escalations:
        return 50.0, escalations, "escalated without a concrete solution"
    unsure = _possible(facts, "no_solution")
    if unsure and not facts.found("no_solution"):
        # the detectors are unsure nothing was offered: shown for a reviewer to check, not scored as a zero
        likeliest = likeliest_solution([s for s in facts.segments if s.speaker == "agent"])
        return (
            80.0,
            [likeliest[0].id] if likeliest else facts.problem_ids[:1],
            "a solution was probably offered" + unsure,
        )
    moment = [i for f in facts.found("no_solution") for i in f.segment_ids] or facts.problem_ids[:1]
    return 0.0, sorted(set(moment)), "no concrete solution or option offered"


def _closing(facts: CallFacts) -> tuple[float | None, list[int], str]:
    agent = [s for s in facts.segments if s.speaker == "agent"]
    if not agent:
        return None, [], "the agent did not speak"
    tail = agent[-3:]
    summary = [s.id for s in tail if {"closing_summary", "next_steps"} & set(s.tags)]
    thanks = [s.id for s in tail if "thanks" in s.tags]
    score = 60.0 * bool(summary) + 40.0 * bool(thanks)
    parts = ["next steps summarised" if summary else "no summary of next steps"]
    parts.append("thanked the customer" if thanks else "no thanks at the close")
    evidence = summary + thanks or [tail[-1].id]  # a zero points at the close it judged
    return score, sorted(set(evidence)), "; ".join(parts)


def _outcome(facts: CallFacts) -> tuple[float | None, list[int], str]:
    change = facts.timeline.customer_change
    start, end = change.start, change.end
    customer = [s.id for s in facts.segments if s.speaker == "customer"]
    if start is None or end is None or len(customer) < 2:
        return None, customer, "too little customer speech to judge the outcome"
    delta = end - start
    score = min(100.0, max(0.0, 50.0 + 50.0 * delta))
    if end >= 0.3:
        score = max(score, 80.0)
    evidence = [customer[0], customer[-1]]
    return round(score, 1), evidence, f"customer sentiment {start:+.2f} → {end:+.2f}"


MEASURES: dict[str, Measure] = {
    "empathy": _empathy,
    "active_listening": _active_listening,
    "positive_language": _positive_language,
    "professionalism": _professionalism,
    "solution": _solution,
    "closing": _closing,
    "outcome": _outcome,
}


def load_rubric(path: Path | str) -> Rubric:
    """Read and validate a rubric file; every problem names the file and what to change."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(path, "rubric file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read rubric: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"invalid TOML in rubric: {exc}") from exc
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise InputError(path, "rubric has no [[criteria]]", hint="see resources/rubric.toml")
    criteria = []
    for n, raw in enumerate(raw_criteria, 1):
        where = f"criterion {n}"
        if not isinstance(raw, dict) or "id" not in raw or "weight" not in raw:
            raise InputError(path, f"{where} needs at least 'id' and 'weight'")
        measure = raw.get("measure", raw["id"])
        if measure not in MEASURES:
            raise InputError(
                path,
                f"{where} ({raw['id']}): unknown measure {measure!r}",
                hint=f"use one of {', '.join(MEASURES)}",
            )
        weight = raw["weight"]
        if not isinstance(weight, int | float) or weight <= 0:
            raise InputError(path, f"{where} ({raw['id']}): weight must be a positive number")
        criteria.append(
            Criterion(
                str(raw["id"]),
                str(raw.get("name", raw["id"])),
                float(weight),
                measure,
                raw.get("description", ""),
            )
        )
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise InputError(path, "criterion ids must be unique")
    total = sum(c.weight for c in criteria)
    if abs(total - 100.0) > 1e-6:
        raise InputError(path, f"criterion weights add up to {total:g}, not 100")
    threshold = data.get("pass_threshold", 70)
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 100:
        raise InputError(path, "pass_threshold must be a number from 0 to 100")
    auto_fail = tuple(
        AutoFail(str(a["finding"]), str(a.get("name", a["finding"])))
        for a in data.get("auto_fail", [])
        if isinstance(a, dict) and "finding" in a
    )
    return Rubric(
        name=str(data.get("name", path.stem)),
        version=str(data.get("version", "1")),
        pass_threshold=float(threshold),
        criteria=tuple(criteria),
        auto_fail=auto_fail,
        source=str(path),
    )


def default_rubric() -> Rubric:
    return load_rubric(resource_path("rubric.toml"))


def score_call(rubric: Rubric, facts: CallFacts) -> Scores:
    """Score every criterion; criteria that do not apply to this call are left out of the overall."""
    results = []
    for criterion in rubric.criteria:
        score, evidence, note = MEASURES[criterion.measure](facts)
        results.append(CriterionScore(criterion.id, criterion.name, criterion.weight, score, evidence, note))
    applicable = [r for r in results if r.score is not None]
    weight = sum(r.weight for r in applicable)
    overall = round(sum(r.weight * r.score for r in applicable) / weight) if weight else 100
    failed = [a.name for a in rubric.auto_fail if facts.found(a.finding)]
    if failed:
        overall = 0
    return Scores(
        overall=overall,
        passed=passes(overall, rubric.pass_threshold, failed),
        pass_threshold=rubric.pass_threshold,
        rubric=rubric.name,
        rubric_version=rubric.version,
        criteria=results,
        auto_failed=failed,
    )
