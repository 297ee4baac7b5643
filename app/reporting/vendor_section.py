"""The scorecard's "what the transcription service reported" section: its figures beside CallCoach's own.

A reviewer coaching from the PDF sees where Amazon's analytics and CallCoach disagree (core.vendor_compare
decides which rows differ; the review screen marks the same ones). Only calls imported with such analytics
have this section.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from callcoach.core.model import Analysis
from callcoach.core.vendor_compare import compare
from callcoach.reporting.pdfout import CONTENT_WIDTH
from callcoach.reporting.styles import WARN_TINT, grid_table_style, para, table

MAX_LISTED = 12  # items per list (issues, action items...): the PDF is for a coaching session, not an audit


def vendor_section(analysis: Analysis) -> list[Flowable]:
    comparison = compare(analysis)
    if comparison is None:
        return []
    heading = para(f"What {comparison.source} reported", "h2")
    intro = para(comparison.summary, "muted")
    parts: list[Flowable] = [heading, intro, Spacer(1, 3)]
    if comparison.rows:
        data: list[list] = [[para(h, "head") for h in ("", "CallCoach", comparison.source, "")]]
        marks: list = []
        for number, row in enumerate(comparison.rows, start=1):
            data.append(
                [
                    para(row.measure, "cell_bold"),
                    para(row.ours, "cell"),
                    para(row.theirs, "cell"),
                    para("differs" if row.differs else "", "cell_warn"),
                ]
            )
            if row.differs:
                marks.append(("BACKGROUND", (0, number), (-1, number), WARN_TINT))
        widths = [44 * mm, 42 * mm, CONTENT_WIDTH - 104 * mm, 18 * mm]
        parts.append(table(data, colWidths=widths, style=grid_table_style(marks)))
    for title, items in comparison.lists:
        shown = items[:MAX_LISTED]
        more = f" (and {len(items) - len(shown)} more)" if len(items) > len(shown) else ""
        parts.append(Spacer(1, 4))
        parts.append(para(f"{title}{more}", "cell_bold"))
        parts.extend(para(f"• {item}", "cell") for item in shown)
    return [KeepTogether(parts[:4]), *parts[4:]]
