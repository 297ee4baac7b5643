"""The end of the PDF scorecard: the reviewer's comments and the agent's acknowledgement.

Laid out so that the last page never holds the acknowledgement alone: its heading stays with its box, the box
stays with the last comment row, and when the whole closing does not fit where it starts it takes the last
coaching moment along to the next page instead of leaving a near-empty page behind.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from callcoach.core.formatting import clock, when
from callcoach.core.review import Review
from callcoach.reporting.fonts import markup
from callcoach.reporting.keeping import KeepOrFlow
from callcoach.reporting.pdfout import CONTENT_WIDTH
from callcoach.reporting.styles import (
    GOOD,
    GOOD_TINT,
    MUTED,
    RULE,
    WARN,
    WARN_TINT,
    grid_table_style,
    hex_colour,
    para,
    rich,
    row_chunks,
    table,
)

COMMENT_WIDTHS = [22 * mm, CONTENT_WIDTH - 64 * mm, 42 * mm]


def closing(previous: list[Flowable], review: Review) -> list[Flowable]:
    """Comments and acknowledgement, kept with ``previous`` (the story's last moment) as far as a page allows."""
    ack = _acknowledgement(review)
    heading = para("Reviewer comments", "h2")
    rows = _comment_rows(review)
    if not rows:
        content = [*previous, KeepOrFlow([heading, para("No comments.", "muted"), *ack])]
    else:
        head = [para(h, "head") for h in ("In the call", "Comment", "By")]
        *body, last = rows
        if body:  # the last row goes with the acknowledgement, the rest may split over pages under its header
            grid = table([head, *body], colWidths=COMMENT_WIDTHS, repeatRows=1, style=grid_table_style())
            first = KeepOrFlow([heading, grid])
            tail = KeepOrFlow([table([last], colWidths=COMMENT_WIDTHS, style=grid_table_style(header=False)), *ack])
            content = [*previous, first, tail]
        else:
            only = table([head, last], colWidths=COMMENT_WIDTHS, style=grid_table_style())
            content = [*previous, KeepOrFlow([heading, only, *ack])]
    return [KeepOrFlow(content)]


def _comment_rows(review: Review) -> list[list]:
    ordered = sorted(review.comments, key=lambda c: (c.call_time is None, c.call_time or 0.0, c.at))
    rows: list[list] = []
    for c in ordered:
        for i, piece in enumerate(row_chunks(c.text)):  # a long comment goes on over several rows
            rows.append(
                [
                    para(clock(c.call_time) if c.call_time is not None else "whole call", "cell") if i == 0 else "",
                    para(piece if i == 0 else f"(continued) {piece}", "cell"),
                    rich(f'{markup(c.author)}<br/><font color="{hex_colour(MUTED)}">{when(c.at)}</font>', "cell")
                    if i == 0
                    else "",
                ]
            )
    return rows


def _acknowledgement(review: Review) -> list[Flowable]:
    """The heading and its box, as one block: the heading never ends a page without it."""
    heading = para("Agent's acknowledgement", "h2")
    ack = review.acknowledgement
    if ack is None:
        return [KeepOrFlow([heading, para("Not yet acknowledged by the agent.", "muted")])]
    agreed = ack.status == "acknowledged"
    verb = "Acknowledged" if agreed else "Disputed"
    colour, tint = (GOOD, GOOD_TINT) if agreed else (WARN, WARN_TINT)
    lines = [
        rich(f'<font color="{hex_colour(colour)}"><b>{verb}</b></font> by {markup(ack.agent)}, {when(ack.at)}', "body")
    ]
    rows: list[list] = [[lines]]
    if ack.comment:
        pieces = row_chunks(ack.comment)
        rows += [[rich(("“" if i == 0 else "") + markup(p) + ("”" if i == len(pieces) - 1 else ""), "body")]
                 for i, p in enumerate(pieces)]  # fmt: skip
    box = table(
        rows,
        colWidths=[CONTENT_WIDTH],
        style=[
            ("BACKGROUND", (0, 0), (-1, -1), tint),
            ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
            ("BOX", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ],
    )
    return [KeepOrFlow([heading, box])]
