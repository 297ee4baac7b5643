"""Writing a PDF atomically, with a running footer.

The PDF is built in a hidden temporary file next to the target and moved over it only once complete,
so a crash, a cancelled export or a full disk never leaves a half-written scorecard that looks valid.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from callcoach.core.errors import InputError
from callcoach.reporting.fonts import SANS, font_runs
from callcoach.reporting.styles import MUTED, PAGE_MARGIN, RULE

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

    with atomic_file(path, "xb", what="the PDF") as fh:
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


def write_text_atomic(path: Path, text: str, *, what: str = "the file") -> None:
    """Write a text export the same all-or-nothing way as a PDF; OSError becomes an InputError."""
    with atomic_file(path, "x", what=what) as fh:
        fh.write(text)


@contextlib.contextmanager
def atomic_file(path: Path, mode: str, *, what: str) -> Iterator[IO[Any]]:
    """A hidden temporary file beside `path` that replaces it only once fully written and synced.

    Any failure (a full disk, a crash in the layout, a cancel) removes the temporary file and leaves an existing
    `path` as it was; an OSError becomes an InputError naming the file and what to do.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    try:
        with open(tmp, mode, **text) as fh:
            yield fh
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
