"""Start the desktop app: the QApplication (name, style, light palette) and the main window.

`callcoach gui`, `python -m callcoach` and `make run` all come here.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from callcoach.ui.quiet_media import quiet_media_logs
from callcoach.ui.responsiveness import GuiThreadCollector, freeze_long_lived, prefer_gui_thread
from callcoach.ui.settings import APPLICATION, ORGANISATION, AppSettings


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, created once; the colours of the screens are designed on Fusion's light palette."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    return app


def run(db: str | None = None, argv: Sequence[str] | None = None) -> int:
    """Open the main window on the library (`db` overrides the library setting for this session)."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    prefer_gui_thread()  # see callcoach.ui.responsiveness
    quiet_media_logs()  # before the QApplication and Qt Multimedia
    app = create_application(argv)
    collector = GuiThreadCollector(parent=app)  # Qt objects die on their own thread (callcoach.ui.responsiveness)
    collector.start()
    from callcoach.ui.main_window import MainWindow  # after the QApplication: widgets need it

    window = MainWindow(AppSettings(), db=db)
    window.show()
    freeze_long_lived("startup")  # full garbage collections stay short (see callcoach.ui.responsiveness)
    return app.exec()
