"""Writing a PDF atomically, with a running footer.

The PDF is built in a hidden temporary file next to the target and moved over it only once complete,
so a crash, a cancelled export or a full disk never leaves a half-written scorecard that looks valid.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from app.core.errors import InputError
from app.reporting.fonts import SANS, font_runs
from app.reporting.styles import MUTED, PAGE_MARGIN, RULE

PAGE_WIDTH, PAGE_HEIGHT = A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN * mm


def draw_text(canvas, x: float, y: float, text: str, size: float, *, right: bool = False) -> None:
    """Draw one line on a canvas, switching to the CJK fallback font for the runs that need it."""
    runs = font_runs(text, SANS)
    if right:
        x -= sum(stringWidth(run, name, size) for name, run in runs)
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)


def write_pdf(path: Path, story: list, *, title: str, subject: str, footer: str) -> None:
    """Lay out `story` on A4 pages and write it to `path` atomically; OSError becomes an InputError."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        y = PAGE_MARGIN * mm - 7
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(PAGE_MARGIN * mm, y + 9, PAGE_WIDTH - PAGE_MARGIN * mm, y + 9)
        canvas.setFillColor(MUTED)
        draw_text(canvas, PAGE_MARGIN * mm, y, footer, 7)
        draw_text(canvas, PAGE_WIDTH - PAGE_MARGIN * mm, y, f"Page {doc.page}", 7, right=True)
        canvas.restoreState()

    try:
        with open(tmp, "xb") as fh:
            doc = SimpleDocTemplate(
                fh,
                pagesize=A4,
                leftMargin=PAGE_MARGIN * mm,
                rightMargin=PAGE_MARGIN * mm,
                topMargin=PAGE_MARGIN * mm,
                bottomMargin=PAGE_MARGIN * mm + 4,
                title=title,
                subject=subject,
                author="CallCoach",
                creator="CallCoach",
                initialFontName=SANS,  # else the canvas names Helvetica, a font the PDF does not embed
            )
            doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        reason = exc.strerror or str(exc)
        raise InputError(
            str(path), f"cannot write the PDF: {reason}", hint="free some space or choose another folder"
        ) from exc
    except BaseException:
        _discard(tmp)
        raise


def write_text_atomic(path: Path, text: str, *, what: str = "the file") -> None:
    """Write a text export the same all-or-nothing way as a PDF; OSError becomes an InputError."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(tmp, "x", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        reason = exc.strerror or str(exc)
        raise InputError(
            str(path), f"cannot write {what}: {reason}", hint="free some space or choose another folder"
        ) from exc
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()
