"""The agent report: one agent over many calls, for a coach planning the next session.

It answers three questions: is each criterion getting better or worse, which coaching moments keep coming
back (with a phrasing to practise), and which calls fell below the pass mark.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from callcoach.core.formatting import day, kind_label, score, shorten
from callcoach.core.review import CallRecord
from callcoach.reporting.charts import trend_chart
from callcoach.reporting.fonts import markup
from callcoach.reporting.pdfout import CONTENT_WIDTH, write_pdf
from callcoach.reporting.redact import redact_text
from callcoach.reporting.styles import (
    BAD,
    GOOD,
    MUTED,
    PANEL,
    grid_table_style,
    hex_colour,
    para,
    rich,
    score_colours,
    table,
)

TOP_KINDS = 8
# Without the rubric at hand, colour criterion means against the default pass mark.
COLOUR_MARK = 70.0


def render_agent_report(
    agent: str, records: list[CallRecord], path: Path, *, since: date | None = None, redact: bool = True
) -> None:
    """Write the agent's report PDF to `path` (atomically; InputError when it cannot be written)."""
    clean = redact_text if redact else str
    period = _in_period(records, since)
    calls = [r for r in period if r.overall is not None]  # a call that needs attention has no score to count
    story: list[Flowable] = [*_header(agent, calls, since)]
    if calls:
        story += [*_trend(calls), *_criteria_table(calls), *_frequent(calls, clean), *_below(calls)]
    else:
        story.append(para("No scored calls for this agent in the period.", "muted"))
    story += _attention([r for r in period if r.overall is None], clean)
    privacy = "numbers and e-mail addresses redacted" if redact else "not redacted"
    write_pdf(
        path,
        story,
        title=f"Agent report – {agent}",
        subject=f"CallCoach agent report for {agent}",
        footer=f"CallCoach agent report · {shorten(agent, 40)} · {privacy}",
    )


def _when(r: CallRecord) -> datetime:
    return r.recorded_at or datetime.max


def _in_period(records: list[CallRecord], since: date | None) -> list[CallRecord]:
    """The calls from `since` on, oldest first; undated calls last (and left out when a period is asked)."""
    if since is not None:
        records = [r for r in records if r.recorded_at is not None and r.recorded_at.date() >= since]
    return sorted(records, key=lambda r: (r.recorded_at is None, _when(r), r.call_id))


def _period(calls: list[CallRecord], since: date | None) -> str:
    dated = [r.recorded_at for r in calls if r.recorded_at]
    if since is not None:
        return f"since {day(since)}"
    if not dated:
        return "all calls"
    first, last = min(dated), max(dated)
    return day(first) if first.date() == last.date() else f"{day(first)} – {day(last)}"


def _header(agent: str, calls: list[CallRecord], since: date | None) -> list[Flowable]:
    n = len(calls)
    passed = sum(1 for r in calls if r.passed)
    mean = sum(r.overall for r in calls) / n if n else None
    figures = [
        ("Period", _period(calls, since)),
        ("Calls", str(n)),
        ("Mean score", score(mean)),
        ("Pass rate", f"{passed / n:.0%} ({passed} of {n})" if n else "–"),
    ]
    cells = [[para(k, "head") for k, _ in figures], [para(v, "cell_bold") for _, v in figures]]
    grid = table(
        cells,
        colWidths=[CONTENT_WIDTH / len(figures)] * len(figures),
        style=[("BACKGROUND", (0, 0), (-1, -1), PANEL), ("TOPPADDING", (0, 0), (-1, -1), 5)],
    )
    return [para("AGENT REPORT", "kicker"), para(agent, "title"), Spacer(1, 6), grid]


def _trend(calls: list[CallRecord]) -> list[Flowable]:
    return [
        para("Trend per criterion", "h2"),
        para("Each criterion's score call by call, oldest first; the heavy line is the overall score.", "muted"),
        Spacer(1, 4),
        trend_chart(calls, CONTENT_WIDTH),
    ]


def _criteria_table(calls: list[CallRecord]) -> list[Flowable]:
    """Mean per criterion and the change between the first and the second half of the period."""
    ids = list(dict.fromkeys(cid for r in calls for cid in r.criteria))
    names = {cid: name for r in calls for cid, name in r.criterion_names.items()}
    half = len(calls) // 2
    data: list[list] = [[para(h, "head") for h in ("Criterion", "Mean", "Earlier calls", "Recent calls", "Change")]]
    style: list[tuple] = []
    for row, cid in enumerate(ids, start=1):
        values = [r.criteria.get(cid) for r in calls]
        mean = _mean(values)
        early, late = (_mean(values[:half]), _mean(values[half:])) if half else (None, None)
        change = "–"
        if early is not None and late is not None:
            delta = late - early
            colour = GOOD if delta > 2 else BAD if delta < -2 else MUTED
            change = f'<font color="{hex_colour(colour)}">{delta:+.0f}</font>'
        _, bg = score_colours(mean, COLOUR_MARK)
        style.append(("BACKGROUND", (1, row), (1, row), bg))
        data.append(
            [
                para(names.get(cid, cid), "cell_bold"),
                para(score(mean), "cell_center"),
                para(score(early), "cell_center"),
                para(score(late), "cell_center"),
                rich(change, "cell_center"),
            ]
        )
    widths = [60 * mm] + [(CONTENT_WIDTH - 60 * mm) / 4] * 4
    return [Spacer(1, 6), table(data, colWidths=widths, repeatRows=1, style=grid_table_style(style))]


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _frequent(calls: list[CallRecord], clean) -> list[Flowable]:
    heading = para("Most frequent coaching moments", "h2")
    counts = Counter(f.kind for r in calls for f in r.findings)
    if not counts:
        return [heading, para("No coaching moments in these calls.", "muted")]
    data: list[list] = [[para(h, "head") for h in ("Moment", "Times", "Calls", "What to practise")]]
    for kind, times in counts.most_common(TOP_KINDS):
        in_calls = sum(1 for r in calls if any(f.kind == kind for f in r.findings))
        suggestions = Counter(f.suggestion for r in calls for f in r.findings if f.kind == kind and f.suggestion)
        example = suggestions.most_common(1)[0][0] if suggestions else ""
        data.append(
            [
                para(kind_label(kind), "cell_bold"),
                para(str(times), "cell_center"),
                para(f"{in_calls} of {len(calls)}", "cell_center"),
                rich(f"<b>Try:</b> {markup(clean(example))}" if example else "–", "cell"),
            ]
        )
    widths = [40 * mm, 16 * mm, 20 * mm, CONTENT_WIDTH - 76 * mm]
    return [heading, table(data, colWidths=widths, repeatRows=1, style=grid_table_style())]


def _attention(calls: list[CallRecord], clean) -> list[Flowable]:
    """The calls left out of every figure above because they could not be scored, and why."""
    if not calls:
        return []
    heading = para("Calls that need attention (not counted above)", "h2")
    data: list[list] = [[para(h, "head") for h in ("Date", "Call", "Why there is no score")]]
    for r in calls:
        data.append(
            [
                para(day(r.recorded_at), "cell"),
                para(f"#{r.call_id} {r.title}", "cell"),
                para(clean("; ".join(r.attention) or "needs attention"), "cell"),
            ]
        )
    widths = [24 * mm, 52 * mm, CONTENT_WIDTH - 76 * mm]
    return [heading, table(data, colWidths=widths, repeatRows=1, style=grid_table_style())]


def _below(calls: list[CallRecord]) -> list[Flowable]:
    heading = para("Calls below the pass mark", "h2")
    failed = [r for r in calls if not r.passed]
    if not failed:
        return [KeepTogether([heading, para("Every call in the period passed.", "muted")])]
    data: list[list] = [[para(h, "head") for h in ("Date", "Call", "Score", "Weakest criteria")]]
    for r in failed:
        scored = sorted((v, cid) for cid, v in r.criteria.items() if v is not None)
        weakest = ", ".join(f"{r.criterion_names.get(cid, cid)} {score(v)}" for v, cid in scored[:2])
        data.append(
            [
                para(day(r.recorded_at), "cell"),
                para(f"#{r.call_id} {r.title}", "cell"),
                rich(f'<font color="{hex_colour(BAD)}"><b>{score(r.overall)}</b></font>', "cell_center"),
                para(weakest or "–", "cell"),
            ]
        )
    widths = [26 * mm, 70 * mm, 16 * mm, CONTENT_WIDTH - 112 * mm]
    return [heading, table(data, colWidths=widths, repeatRows=1, style=grid_table_style())]
