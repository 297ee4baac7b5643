"""The PDF scorecard of one call, for a coaching session (DESIGN.md "PDF scorecard").

Everything on it comes from the Analysis, the reviewer's Review and the CallInfo. Transcript-derived and
typed texts pass through redaction unless it is turned off, because the PDF leaves the reviewer's computer.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from callcoach.core.formatting import clock, finding_label, kind_label, score, shorten, when
from callcoach.core.model import Analysis, Finding, Segment
from callcoach.core.review import CallInfo, Review, reviewed_overall
from callcoach.reporting.charts import sentiment_chart, talk_bar
from callcoach.reporting.exports import redacted, redacted_review
from callcoach.reporting.fonts import markup
from callcoach.reporting.keeping import KeepOrFlow
from callcoach.reporting.pdfout import CONTENT_WIDTH, write_pdf
from callcoach.reporting.redact import redact_text
from callcoach.reporting.scorecard_closing import closing
from callcoach.reporting.styles import (
    BAD,
    GOOD,
    MUTED,
    PANEL,
    WARN,
    grid_table_style,
    hex_colour,
    kind_style,
    para,
    rich,
    row_chunks,
    score_colours,
    table,
)
from callcoach.reporting.vendor_section import vendor_section

# A coaching session works through a handful of moments; a pathological call can have hundreds.
MAX_MOMENTS = 60
REASON_IN_TABLE = 600  # characters of an override reason shown in the criteria table
QUOTE_CHARS = 320
_TRAILING_QUOTE = re.compile(r":\s*'.*'\s*$", re.DOTALL)


def render_scorecard(
    analysis: Analysis, path: Path, *, info: CallInfo, review: Review | None = None, redact: bool = True
) -> None:
    """Write the call's scorecard PDF to `path` (atomically; InputError when it cannot be written)."""
    review = review or Review()
    if redact:  # redacted once, as a whole call (a number read out over several turns), and the review's texts
        analysis, review = redacted(analysis), redacted_review(review)
    segments = {s.id: s for s in analysis.transcript.segments}
    story: list[Flowable] = [
        *_header(analysis, info, review, redact),
        *_criteria(analysis, review, segments),
        *_sentiment(analysis),
        *_talk(analysis),
        *vendor_section(analysis),
    ]
    moments = _moments(analysis, segments)
    story += [*moments[:-1], *closing(moments[-1:], review)]  # the last moment goes along: no lone last page
    privacy = "card, account and phone numbers and e-mail addresses redacted" if redact else "not redacted"
    write_pdf(
        path,
        story,
        title=f"Scorecard – {info.title}",
        subject=f"CallCoach scorecard for {info.agent or 'the agent'}",
        footer=f"CallCoach scorecard · {shorten(info.title, 60)} · {privacy}",
    )


def _final(analysis: Analysis, review: Review) -> tuple[float | None, bool | None]:
    scores = analysis.scores
    overall = reviewed_overall(scores, review) if review.latest_overrides() else scores.overall
    return overall, scores.passes(overall)


def _header(analysis: Analysis, info: CallInfo, review: Review, redact: bool) -> list[Flowable]:
    scores, t = analysis.scores, analysis.transcript
    overall, passed = _final(analysis, review)
    rows = [
        ("Agent", info.agent or "–"),
        ("Call date", when(info.recorded_at)),
        ("Length", f"{clock(t.length) if t.has_timing else 'no timing'} · {len(t.segments)} segments"),
        ("Reviewer", review.reviewer or "not reviewed yet"),
        ("Rubric", f"{scores.rubric} (version {scores.rubric_version})"),
    ]
    if info.call_id is not None:
        rows.append(("Call", f"#{info.call_id} · {Path(t.source).name}" if t.source else f"#{info.call_id}"))
    facts = table(
        [[para(k, "head"), para(v, "body")] for k, v in rows],
        colWidths=[22 * mm, None],
        style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )

    text_colour, _ = score_colours(overall, scores.pass_threshold)
    notes = [f"pass mark {scores.pass_threshold:g}"]
    if review.latest_overrides():
        notes.insert(0, f"auto score {score(scores.overall)}, reviewed {score(overall)}")
    if scores.auto_failed:
        notes.append("auto-fail: " + ", ".join(_criterion_name(analysis, c) for c in scores.auto_failed))
    verdict, badge = ("PASS", GOOD) if passed else ("FAIL", BAD)
    if overall is None:  # a call that needs attention, not scored by hand: never shown as a score
        verdict, badge = "NEEDS ATTENTION", WARN
        notes = ["no automatic score: " + "; ".join(scores.attention)]
    box = table(
        [
            [
                rich(
                    f'<font color="{hex_colour(text_colour)}">{"–" if overall is None else score(overall)}</font>',
                    "score",
                )
            ],
            [para("out of 100", "center")],
            [para(verdict, "badge")],
            [rich("<br/>".join(markup(redact_text(n) if redact else n) for n in notes), "center")],
        ],
        colWidths=[52 * mm],
        style=[
            ("BACKGROUND", (0, 0), (-1, -1), PANEL),
            ("BACKGROUND", (0, 2), (0, 2), badge),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (0, 0), 8),
            ("BOTTOMPADDING", (0, -1), (0, -1), 7),
        ],
    )
    top = table(
        [[facts, box]],
        colWidths=[CONTENT_WIDTH - 56 * mm, 56 * mm],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ],
    )
    return [
        para("CALL SCORECARD", "kicker"),
        para(info.title, "title"),
        Spacer(1, 6),
        top,
    ]


def _criterion_name(analysis: Analysis, criterion_id: str) -> str:
    return next((c.name for c in analysis.scores.criteria if c.id == criterion_id), criterion_id)


def _evidence_times(ids: list[int], segments: dict[int, Segment], limit: int = 6) -> str:
    starts = sorted(segments[i].start for i in ids if i in segments)
    if not starts:
        return ""
    more = f" +{len(starts) - limit}" if len(starts) > limit else ""
    return "at " + ", ".join(clock(s) for s in starts[:limit]) + more


def _criteria(analysis: Analysis, review: Review, segments: dict[int, Segment]) -> list[Flowable]:
    scores = analysis.scores
    threshold = scores.pass_threshold
    overrides = review.latest_overrides()
    head = ["Criterion", "Weight", "Auto", "Override", "Reviewer's reason", "Evidence"]
    data: list[list] = [[para(h, "head") for h in head]]
    long_reasons: list[tuple[str, str]] = []
    style: list[tuple] = []
    for row, c in enumerate(scores.criteria, start=1):
        o = overrides.get(c.id)
        auto_text, auto_bg = score_colours(c.score, threshold)
        name = markup(c.name)
        if c.id in scores.auto_failed:
            name += f' <font color="{hex_colour(BAD)}" size="6.5">AUTO-FAIL</font>'
        if o is None:
            auto = rich(f'<font color="{hex_colour(auto_text)}"><b>{score(c.score)}</b></font>', "cell_center")
            style.append(("BACKGROUND", (2, row), (2, row), auto_bg))
            override, reason = para("–", "cell_center"), para("", "cell")
        else:
            auto = rich(f'<font color="{hex_colour(MUTED)}"><strike>{score(c.score)}</strike></font>', "cell_center")
            o_text, o_bg = score_colours(o.score, threshold)
            override = rich(
                f'<font color="{hex_colour(o_text)}"><b>{score(o.score)}</b></font><br/>'
                f'<font size="6.5" color="{hex_colour(MUTED)}">{markup(o.reviewer)}</font>',
                "cell_center",
            )
            style.append(("BACKGROUND", (3, row), (3, row), o_bg))
            full = o.reason
            if len(full) > REASON_IN_TABLE:  # the table row would outgrow the page: the rest goes below it
                long_reasons.append((c.name, full))
                full = row_chunks(full, REASON_IN_TABLE)[0] + " … (in full below the table)"
            reason = para(full, "cell")
        times = _evidence_times(c.evidence, segments) if analysis.transcript.has_timing else ""
        evidence = markup(c.note) + (f'<br/><font color="{hex_colour(MUTED)}">{times}</font>' if times else "")
        data.append(
            [
                rich(name, "cell_bold"),
                para(f"{c.weight:g}", "cell_center"),
                auto,
                override,
                reason,
                rich(evidence, "cell"),
            ]
        )

    overall, _ = _final(analysis, review)
    total_weight = sum(c.weight for c in scores.criteria)
    data.append(
        [
            para("Overall", "cell_bold"),
            para(f"{total_weight:g}", "cell_center"),
            rich(f"<b>{score(scores.overall)}</b>", "cell_center"),
            rich(f"<b>{score(overall)}</b>" if overrides else "–", "cell_center"),
            para("", "cell"),
            para(f"weighted mean; pass mark {threshold:g}", "cell"),
        ]
    )
    style += [("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED), ("BACKGROUND", (0, -1), (-1, -1), PANEL)]
    widths = [35 * mm, 15 * mm, 12 * mm, 17 * mm, 46 * mm, CONTENT_WIDTH - 125 * mm]
    grid = table(data, colWidths=widths, repeatRows=1, style=grid_table_style(style))
    return [para("Criteria", "h2"), grid, *_reasons_in_full(long_reasons)]


def _reasons_in_full(reasons: list[tuple[str, str]]) -> list[Flowable]:
    """Override reasons too long for the criteria table, in full, split over rows (and pages) as needed."""
    if not reasons:
        return []
    data: list[list] = [[para(h, "head") for h in ("Criterion", "Reviewer's reason in full")]]
    for name, text in reasons:
        for i, piece in enumerate(row_chunks(text)):
            data.append([para(name, "cell_bold") if i == 0 else "", para(piece, "cell")])
    widths = [35 * mm, CONTENT_WIDTH - 35 * mm]
    return [Spacer(1, 4), table(data, colWidths=widths, repeatRows=1, style=grid_table_style())]


def _sentiment(analysis: Analysis) -> list[Flowable]:
    parts: list[Flowable] = [
        para("Sentiment over the call", "h2"),
        para(
            "Smoothed sentiment of each speaker from −1 (negative) to +1 (positive). Markers under the plot show "
            "the coaching moments by kind; "
            + (
                "grey bands are non-talk time, when both were silent for more than 3 s."
                if analysis.transcript.has_timing
                else "this transcript has no timing, so the call is drawn in segment order."
            ),
            "muted",
        ),
        Spacer(1, 4),
        sentiment_chart(analysis, CONTENT_WIDTH),
    ]
    change = analysis.timeline.customer_change
    if change.start is not None and change.end is not None:
        delta = change.end - change.start
        verdict = "improved" if delta > 0.1 else "worsened" if delta < -0.1 else "stayed about the same"
        parts.append(Spacer(1, 4))
        parts.append(
            para(
                f"Customer sentiment {verdict}: {change.start:+.2f} at the start, {change.end:+.2f} at the end.",
                "body",
            )
        )
    return parts


def _talk(analysis: Analysis) -> list[Flowable]:
    talk = analysis.metrics.talk
    heading = para("Talk time and interruptions", "h2")
    if talk is None:
        return [heading, para("This transcript has no timing, so talk-time figures are not available.", "muted")]
    a, c = talk.speakers["agent"], talk.speakers["customer"]
    head = ["", "Talk time", "Share", "Words/min", "Longest monologue", "Interruptions made", "Talked over for"]
    data: list[list] = [[para(h, "head") for h in head]]
    for name, m in (("Agent", a), ("Customer", c)):
        wpm = m.words_per_minute
        data.append(
            [
                para(name, "cell_bold"),
                para(clock(m.talk_time), "cell_right"),
                para(f"{m.talk_ratio:.0%}", "cell_right"),
                para("–" if wpm is None else f"{wpm:.0f}", "cell_right"),
                para(f"{m.longest_monologue:.0f} s", "cell_right"),
                para(str(m.interruptions_made), "cell_right"),
                para(f"{m.interruption_seconds:.1f} s", "cell_right"),
            ]
        )
    widths = [24 * mm] + [(CONTENT_WIDTH - 24 * mm) / 6] * 6
    periods = talk.non_talk_periods
    summary = (
        f"Non-talk time {clock(talk.non_talk_time)} ({talk.non_talk_ratio:.0%} of the call) "
        f"in {len(periods)} period{'s' if len(periods) != 1 else ''} of more than 3 s; "
        f"both speaking at once {talk.overlap_time:.1f} s. Short cues such as “mm-hmm” or “I see” "
        "are listening, not interrupting, and are not counted."
    )
    return [
        KeepTogether(
            [
                heading,
                talk_bar(a.talk_ratio, c.talk_ratio, CONTENT_WIDTH),
                Spacer(1, 4),
                table(data, colWidths=widths, style=grid_table_style()),
                Spacer(1, 3),
                para(summary, "muted"),
            ]
        )
    ]


def _pick_moments(findings: list[Finding]) -> list[Finding]:
    """All moments, or for a very long call the first of every kind plus the earliest others."""
    if len(findings) <= MAX_MOMENTS:
        return findings
    chosen = {id(f): f for f in {f.kind: f for f in reversed(findings)}.values()}
    for f in findings:
        if len(chosen) >= MAX_MOMENTS:
            break
        chosen.setdefault(id(f), f)
    return sorted(chosen.values(), key=lambda f: (f.start, f.kind))


def _moments(analysis: Analysis, segments: dict[int, Segment]) -> list[Flowable]:
    findings = analysis.findings
    parts: list[Flowable] = [para(f"Coaching moments ({len(findings)})", "h2")]
    if not findings:
        return [KeepTogether([*parts, para("No coaching moments were found in this call.", "muted")])]
    counts = Counter(f.kind for f in findings)
    parts.append(para(" · ".join(f"{kind_label(k)} {n}" for k, n in counts.most_common()), "muted"))
    shown = _pick_moments(findings)
    if len(shown) < len(findings):
        parts.append(
            para(
                f"Showing {len(shown)} of {len(findings)} moments: the first of each kind and the earliest others. "
                "Every moment is listed in the review screen and in the JSON export.",
                "muted",
            )
        )
    blocks = [KeepTogether(_moment(f, segments, analysis.transcript.has_timing)) for f in shown]
    return [KeepOrFlow([*parts, blocks[0]]), *blocks[1:]]  # the heading never ends a page alone


def _moment(f: Finding, segments: dict[int, Segment], timed: bool) -> list[Flowable]:
    color, _ = kind_style(f.kind)
    quoted = sorted((segments[i] for i in dict.fromkeys(f.segment_ids) if i in segments), key=lambda s: s.start)
    detail = _TRAILING_QUOTE.sub("", f.detail) if quoted else f.detail
    if not timed:
        span = f"segment {quoted[0].id + 1}" if quoted else ""
    else:
        span = f"{clock(f.start)}–{clock(f.end)}" if f.end - f.start >= 1 else clock(f.start)
    out: list[Flowable] = [
        rich(
            f'<font color="{hex_colour(color)}">■</font> {span}&nbsp;&nbsp;'
            f"{markup(finding_label(f.kind, f.possible, f.confidence))}"
            f'<font color="{hex_colour(MUTED)}"> · {markup(detail)}</font>',
            "moment",
        )
    ]
    lines = []
    for s in quoted:
        who = ("Agent" if s.speaker == "agent" else "Customer") + (f" {clock(s.start)}" if timed else "")
        text = markup(shorten(s.text, QUOTE_CHARS))
        lines.append(f'<font color="{hex_colour(MUTED)}">{who}</font>&nbsp;&nbsp;<i>“{text}”</i>')
    if lines:  # one paragraph, so that the tinted background is one block
        out.append(rich("<br/>".join(lines), "quote"))
    if f.suggestion:
        out.append(rich(f"<b>Try:</b> {markup(f.suggestion)}", "try"))
    return out
