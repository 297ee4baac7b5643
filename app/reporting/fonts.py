"""The fonts embedded in PDFs, and a per-character fallback so that any name prints.

reportlab embeds TrueType fonts but never falls back to another font for a glyph the current one lacks:
it would print an empty box for 王芳. DejaVu Sans covers Latin, Greek and Cyrillic; Droid Sans Fallback
covers Chinese, Japanese and Korean; `markup` switches to the fallback for the runs that need it.
"""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from callcoach.core.resources import resource_path

SANS = "CallCoachSans"
SANS_BOLD = "CallCoachSans-Bold"
SANS_ITALIC = "CallCoachSans-Oblique"
FALLBACK = "CallCoachFallback"

_FILES = {
    SANS: "fonts/DejaVuSans.ttf",
    SANS_BOLD: "fonts/DejaVuSans-Bold.ttf",
    SANS_ITALIC: "fonts/DejaVuSans-Oblique.ttf",
    FALLBACK: "fonts/DroidSansFallback.ttf",
}


@cache
def register_fonts() -> None:
    """Register the bundled fonts once per process (parsing them costs about 0.1 s)."""
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path(file))))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK, bold, italic, FALLBACK)


@cache
def _coverage(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def font_runs(text: str, font: str = SANS) -> list[tuple[str, str]]:
    """Split text into (font, run) pieces: the main font where it has the glyph, else the fallback."""
    main, extra = _coverage(font), _coverage(FALLBACK)
    runs: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        name = FALLBACK if code not in main and code in extra else font
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


def markup(text: str) -> str:
    """Paragraph markup for plain text: XML-escaped, with fallback-font runs where the main font has no glyph."""
    if text.isascii():
        return escape(text)
    return "".join(
        escape(run) if name != FALLBACK else f'<font name="{FALLBACK}">{escape(run)}</font>'
        for name, run in font_runs(text)
    )
