"""The look of the PDFs: one palette, one type scale, shared paragraph and table styles."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from callcoach.core import palette
from callcoach.reporting.fonts import SANS, SANS_BOLD, markup, register_fonts

# core.palette's colours (the review screen's too), as reportlab colours.
INK = colors.HexColor(palette.INK)
MUTED = colors.HexColor(palette.MUTED)
RULE = colors.HexColor(palette.RULE)
PANEL = colors.HexColor(palette.PANEL)
BRAND = colors.HexColor(palette.BRAND)
AGENT = colors.HexColor(palette.AGENT)
CUSTOMER = colors.HexColor(palette.CUSTOMER_LINE)  # the PDF draws the customer in lines and bars only
GOOD = colors.HexColor(palette.GOOD)
WARN = colors.HexColor(palette.WARN)
BAD = colors.HexColor(palette.BAD)
GOOD_TINT = colors.HexColor(palette.GOOD_TINT)
WARN_TINT = colors.HexColor(palette.WARN_TINT)
BAD_TINT = colors.HexColor(palette.BAD_TINT)
TRY_TINT = colors.HexColor(palette.TRY_TINT)
QUOTE_TINT = colors.HexColor(palette.QUOTE_TINT)

# Finding kinds: marker shape in charts (the colour is the palette's, as on screen).
_MARKERS = {
    "interruption": "triangle",
    "missing_empathy": "circle",
    "missing_paraphrase": "diamond",
    "negative_language": "square",
    "long_silence": "bar",
}
SERIES = [colors.HexColor(c) for c in palette.SERIES]

PAGE_MARGIN = 16  # mm


def hex_colour(color: colors.Color) -> str:
    """'#RRGGBB' for a <font color=...> in paragraph markup."""
    return "#" + color.hexval()[2:]


def kind_style(kind: str) -> tuple[colors.Color, str]:
    """A finding kind's colour and its marker shape in charts."""
    return colors.HexColor(palette.kind_colour(kind)), _MARKERS.get(kind, "cross")


def score_colours(value: float | None, threshold: float) -> tuple[colors.Color, colors.Color]:
    """(text, background) for a score (core.palette's bands)."""
    text, background = palette.score_colours(value, threshold)
    return colors.HexColor(text), colors.HexColor(background)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=9, leading=12, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=7.5, leading=9.5),
        "muted": ParagraphStyle("muted", body, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", body, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", body, fontName=SANS_BOLD, fontSize=8, leading=10),
        "cell_warn": ParagraphStyle("cell_warn", body, fontName=SANS_BOLD, fontSize=8, leading=10, textColor=WARN),
        "cell_right": ParagraphStyle("cell_right", body, fontSize=8, leading=10, alignment=TA_RIGHT),
        "cell_center": ParagraphStyle("cell_center", body, fontSize=8, leading=10, alignment=TA_CENTER),
        "head": ParagraphStyle("head", body, fontName=SANS_BOLD, fontSize=7.5, leading=9.5, textColor=MUTED),
        "kicker": ParagraphStyle("kicker", body, fontName=SANS_BOLD, fontSize=8, leading=10, textColor=BRAND),
        "title": ParagraphStyle("title", body, fontName=SANS_BOLD, fontSize=17, leading=21, textColor=INK),
        "h2": ParagraphStyle(
            "h2", body, fontName=SANS_BOLD, fontSize=11.5, leading=14, textColor=BRAND, spaceBefore=12, spaceAfter=5
        ),
        "moment": ParagraphStyle("moment", body, fontName=SANS_BOLD, fontSize=9, leading=12, spaceBefore=7),
        "quote": ParagraphStyle(
            "quote",
            body,
            fontSize=8.5,
            leading=11,
            leftIndent=12,
            backColor=QUOTE_TINT,
            borderPadding=(2, 4, 2, 4),
            spaceBefore=3,
        ),
        "detail": ParagraphStyle("detail", body, fontSize=8, leading=10.5, leftIndent=12, textColor=MUTED),
        "try": ParagraphStyle(
            "try",
            body,
            fontSize=8.5,
            leading=11,
            leftIndent=12,
            textColor=colors.HexColor(palette.TRY_INK),
            backColor=TRY_TINT,
            borderPadding=(2, 4, 2, 4),
            spaceBefore=5,
        ),
        "score": ParagraphStyle("score", body, fontName=SANS_BOLD, fontSize=30, leading=32, alignment=TA_CENTER),
        "badge": ParagraphStyle(
            "badge", body, fontName=SANS_BOLD, fontSize=10, leading=13, alignment=TA_CENTER, textColor=colors.white
        ),
        "center": ParagraphStyle("center", body, fontSize=8, leading=10, alignment=TA_CENTER, textColor=MUTED),
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped, with the CJK fallback font where needed)."""
    return Paragraph(markup(text), styles()[style])


def rich(markup_text: str, style: str = "body") -> Paragraph:
    """A paragraph of ready-made markup: the caller has passed every plain-text piece through `markup`."""
    return Paragraph(markup_text, styles()[style])


def table(data: list[list], style: TableStyle | list | None = None, **kwargs) -> Table:
    """A Table whose cells default to the embedded font (reportlab's default is Helvetica, not embedded)."""
    t = Table(data, **kwargs)
    t.setStyle([("FONT", (0, 0), (-1, -1), SANS)])
    if style is not None:
        t.setStyle(style)
    return t


def grid_table_style(extra: list | None = None, header: bool = True) -> TableStyle:
    """Light rules, a tinted header row, tight padding: tables that read like a QA form.

    ``header=False``: rows that continue a table in a second one (no header row of their own).
    """
    head = [("BACKGROUND", (0, 0), (-1, 0), PANEL), ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE)] if header else []
    return TableStyle(
        [
            *head,
            ("LINEBELOW", (0, 1 if header else 0), (-1, -1), 0.3, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            *(extra or []),
        ]
    )


ROW_CHARACTERS = 1200  # of running text per table row: a row taller than a page cannot be laid out at all


def row_chunks(text: str, limit: int = ROW_CHARACTERS) -> list[str]:
    """Long text cut into pieces for consecutive table rows (tables split between rows, never inside one).

    Cuts at the last space before ``limit`` when there is one, else (one endless word) at ``limit`` itself.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = rest.rfind(" ", limit // 2, limit)
        cut = cut if cut > 0 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*pieces, rest] if rest or not pieces else pieces
