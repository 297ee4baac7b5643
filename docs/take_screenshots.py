"""Take the README screenshots of the desktop app: run it with docs/take_screenshots.sh (under Xvfb).

It starts the real CallCoach window on a real X display (QT_QPA_PLATFORM=xcb) in a throw-away library and
throw-away QSettings (CALLCOACH_DATA_DIR, CALLCOACH_DB and QSettings.setPath pointed at a temporary folder, as
tests/ui/conftest.py does), lets the first run import and analyse the bundled demo call with the real tiny.en
model, imports the two test clips and a broken transcript, and writes into docs/screenshots/:

    library.png         the library screen: calls, scores, the processing queue with a failure reason
    review.png          the review screen on the demo call
    agent-mode.png      the same call in agent mode
    review-zoom.png     a Zoom transcript: the agent chosen automatically, and the swap
    review-vendor.png   an Amazon Call Analytics file: what Amazon reported beside CallCoach's figures
    settings.png        the settings dialog
    scorecard-page1.png page 1 of the demo call's PDF scorecard (pdftoppm -r 80)

Not run by the tests. Needs xvfb-run, the X libraries of Qt's xcb plugin and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
DEMO = ROOT / "resources" / "demo" / "demo_call.flac"
CLIPS = ROOT / "tests" / "transcription" / "data"
WIDTH, HEIGHT = 1440, 900
TIMEOUT_S = 300.0

# A transcript with a malformed cue timing: the queue panel shows the reason it failed.
BROKEN_VTT = """WEBVTT

1
00:00:00.500 --> 00:00:04.000
<v Agent>Thank you for calling Northwind Internet, this is Sam. How can I help?</v>

2
00:00:04.5 -> 00:00:09.000
<v Customer>Hi Sam, I was told someone would call me back about my bill.</v>
"""

sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="callcoach-shots-"))
os.environ["CALLCOACH_DATA_DIR"] = str(TMP / "data")
os.environ["CALLCOACH_DB"] = str(TMP / "library.sqlite")
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtGui import QGuiApplication, QPixmap  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

for _scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
    QSettings.setPath(QSettings.Format.IniFormat, _scope, str(TMP / "settings"))

from callcoach.ui.app import create_application  # noqa: E402
from callcoach.ui.quiet_media import quiet_media_logs  # noqa: E402
from callcoach.ui.settings import AppSettings  # noqa: E402


def pump(seconds: float) -> None:
    """Let Qt run (paint, deliver worker results) for a while."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def wait_for(what: str, ready: Callable[[], bool], timeout: float = TIMEOUT_S) -> None:
    start = time.monotonic()
    while not ready():
        if time.monotonic() - start > timeout:
            raise SystemExit(f"take_screenshots: timed out after {timeout:.0f} s waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.02)
    print(f"  {what}: {time.monotonic() - start:.1f} s", flush=True)


def save(pixmap: QPixmap, name: str) -> Path:
    if pixmap.isNull():
        raise SystemExit(f"take_screenshots: empty capture for {name}")
    path = OUT / name
    if not pixmap.save(str(path), "PNG"):
        raise SystemExit(f"take_screenshots: cannot write {path}")
    optimise(path)
    print(f"  wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)", flush=True)
    return path


def optimise(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.load()
    # A UI has few colours: a 256-colour palette keeps it sharp at a fraction of the size.
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def capture(widget: QWidget, name: str) -> Path:
    """The widget's pixels as the X server shows them (falls back to rendering the widget)."""
    widget.raise_()
    widget.activateWindow()
    pump(1.0)
    screen = widget.screen() or QGuiApplication.primaryScreen()
    frame = widget.frameGeometry()
    pixmap = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    if pixmap.isNull() or pixmap.toImage().allGray():
        pixmap = widget.grab()
    return save(pixmap, name)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    quiet_media_logs()  # as the app does: Qt Multimedia's and ffmpeg's messages stay off the terminal
    app = create_application([sys.argv[0]])
    print(f"platform {app.platformName()}, library in {TMP}", flush=True)
    settings = AppSettings()
    settings.user_name = "Dana Whitfield"
    settings.agent_mode = False

    from callcoach.ui.main_window import MainWindow

    window = MainWindow(settings)
    window.move(0, 0)
    window.resize(WIDTH, HEIGHT)
    window.show()

    # (b) the first run imports the demo call, analyses it with tiny.en and opens it.
    wait_for(
        "first run: demo call analysed and opened",
        lambda: window.review.bundle is not None and window.stack.currentWidget() is window.review_screen,
    )
    pump(2.0)
    capture(window, "review.png")

    # (c) agent mode on the same call; the demo's agent answers (the dialog that asks is confirmed here).
    from callcoach.ui.review import agent_name_dialog

    agent_name_dialog.ask_agent_name = lambda parent, default, choices=(): default or "Zoë Ångström"
    window.agent_mode_action.setChecked(True)
    pump(2.0)
    capture(window, "agent-mode.png")
    window.agent_mode_action.setChecked(False)
    pump(1.0)

    # (e) the demo call's PDF scorecard, page 1.
    pdf = TMP / "demo-scorecard.pdf"
    written: list[Path] = []
    window.review.exported.connect(written.append)
    window.review.export(pdf)
    wait_for("PDF scorecard written", lambda: bool(written), 60)
    prefix = TMP / "scorecard"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    page = next(TMP.glob("scorecard*.png"))
    shutil.copyfile(page, OUT / "scorecard-page1.png")
    optimise(OUT / "scorecard-page1.png")
    print(f"  wrote docs/screenshots/scorecard-page1.png ({(OUT / 'scorecard-page1.png').stat().st_size // 1024} KB)")

    # (a) the library with a few more calls and a failure in the queue panel.
    window.show_library()
    broken = TMP / "billing_callback.vtt"
    broken.write_text(BROKEN_VTT, encoding="utf-8")
    truncated = TMP / "voicemail_0412.m4a"  # a recording cut off in the upload: no audio stream to decode
    truncated.write_bytes(b"\x00\x00\x00\x20ftypM4A " + bytes(range(256)) * 8)
    library = window.library
    summaries: list[object] = []
    library.imported.connect(summaries.append)
    library.import_paths([CLIPS / "call_stereo.flac"], agent="Marcus")
    library.import_paths([CLIPS / "call_mono.flac"], agent="Aisha")
    library.import_paths([broken], agent="Sam")
    library.import_paths([truncated], agent="Aisha")

    def settled() -> bool:
        calls = window.library_screen.visible_calls()
        busy = any(c.status in ("queued", "transcribing") for c in calls)
        return len(summaries) == 4 and not busy and not window.processing.is_running()

    wait_for("imports processed", settled, 120)
    for summary in summaries:
        if summary.errors:
            print(f"  import refused: {summary.errors}", flush=True)
    pump(1.0)
    demo = window.first_run.demo_id
    if demo is not None:
        window.library_screen.select_call(demo)
    window.status_text.clear()
    pump(1.0)
    capture(window, "library.png")

    # (f) imported transcripts: a Zoom file (agent chosen automatically) and Amazon Call Analytics (its figures).
    formats = ROOT / "tests" / "transcripts" / "data" / "formats"
    for name, shot in (("zoom.vtt", "review-zoom.png"), ("aws_tca.json", "review-vendor.png")):
        before = len(summaries)
        library.import_paths([formats / name], agent="Ashlee Kupor" if name == "zoom.vtt" else "Priya")
        wait_for(f"{name} imported", lambda b=before: len(summaries) > b and not window.processing.is_running(), 60)
        wait_for(
            f"{name} analysed",
            lambda n=name: any(c.name == n and c.openable for c in window.library_screen.visible_calls()),
            60,
        )
        call = next(c for c in window.library_screen.visible_calls() if c.name == name)
        window.review.open_call(call.id)
        wait_for(
            f"{name} opened", lambda i=call.id: window.review.bundle is not None and window.review.bundle.call_id == i
        )
        pump(2.0)
        capture(window, shot)
        window.show_library()
        pump(0.5)

    # (d) the settings dialog, on its own.
    dialog = window.open_settings()
    pump(1.5)
    capture(dialog, "settings.png")
    dialog.reject()

    window.close()
    pump(0.5)
    return 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    raise SystemExit(code)
