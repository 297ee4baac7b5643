"""A reviewed call with non-Latin names and a card number read out, and helpers to read PDFs back."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from callcoach.core.analysis import analyze
from callcoach.core.model import Analysis, Transcript
from callcoach.core.review import Acknowledgement, CallInfo, Comment, Override, Review
from tests import calls
from tests.calls import Turn

AGENT = "Zoë Ångström-Łukasz"
REVIEWER = "王芳"
CARD = "4111 1111 1111 1111"
PHONE = "020 7946 0958"
OVERRIDE_REASON = "The agent owned the double charge later on; partial credit for empathy."
COMMENT = "Good recovery once the refund options were on the table."

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed: apt-get install poppler-utils",
)

TURNS = [
    ("agent", 0.0, 4.0, "Thank you for calling Harbourline Energy, my name is Zoë. How can I help you today?"),
    (
        "customer",
        4.5,
        15.0,
        f"I was billed twice this month and I'm really angry about it. I paid with my card {CARD} "
        "and both charges went through!",
    ),
    ("agent", 14.2, 19.0, "That's our policy, you should have checked your statement earlier."),
    ("customer", 19.5, 22.0, "Nobody ever told me that."),
    (
        "agent",
        22.5,
        30.0,
        "I can either refund the second charge today or credit it to next month's bill. Which works best for you?",
    ),
    ("customer", 30.5, 36.0, f"The refund, please. You can reach me on {PHONE} if anything goes wrong."),
    (
        "agent",
        48.5,
        56.0,
        "Done: the refund is on its way and you'll see it within five days. Thank you for your patience.",
    ),
    ("customer", 56.5, 59.0, "Thank you, that's a relief."),
]


def make_call(turns: list[Turn], source: str = "harbourline-0412.vtt") -> Transcript:
    return calls.make_call(turns, source)


def long_call(repeats: int) -> Transcript:
    """The same exchange over and over: a long call with many coaching moments."""
    turns = []
    for r in range(repeats):
        offset = r * 62.0
        turns += [(sp, start + offset, end + offset, text) for sp, start, end, text in TURNS]
    return make_call(turns, "long-call.wav")


@pytest.fixture
def analysis() -> Analysis:
    return analyze(make_call(TURNS))


@pytest.fixture
def info() -> CallInfo:
    return CallInfo("Harbourline Energy – double billing", AGENT, datetime(2024, 4, 12, 9, 41), 7)


@pytest.fixture
def review() -> Review:
    at = datetime(2024, 4, 12, 15, 0)
    return Review(
        reviewer=REVIEWER,
        overrides=[Override("empathy", 40, OVERRIDE_REASON, REVIEWER, at)],
        comments=[Comment(COMMENT, REVIEWER, at, call_time=22.5)],
        acknowledgement=Acknowledgement("acknowledged", "Agreed, I will restate the problem first.", AGENT, at),
    )


def pdf_text(path: Path) -> str:
    """The PDF's text with whitespace collapsed, so that wrapped lines compare as one."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def word_box(path: Path, word: str, page: int = 1) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points, from the top left, of the first occurrence of `word` on a page."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    match = re.search(
        rf'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{re.escape(word)}</word>', out
    )
    assert match, f"{word!r} not on page {page}"
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return x0, y0, x1, y1


def render_page(path: Path, out_dir: Path, page: int = 1, dpi: int = 72) -> Image.Image:
    """Page `page` as an RGB image at `dpi` (72 dpi: one pixel per point)."""
    prefix = out_dir / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(path), str(prefix)],
        check=True,
    )
    return Image.open(prefix.with_suffix(".png")).convert("RGB")


def colour_pixels(image: Image.Image, box: tuple[float, float, float, float], rgb: tuple[int, int, int]) -> int:
    """How many pixels in `box` are close to `rgb`: a drawn line of that colour leaves many."""
    region = image.crop(tuple(round(v) for v in box))
    return sum(1 for px in region.get_flattened_data() if sum(abs(a - b) for a, b in zip(px, rgb, strict=True)) < 60)
