"""The layering of DESIGN.md "Architecture", checked two ways: import-linter's contracts and a clean import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "core is pure Python" in result.stdout


def test_core_and_cli_import_no_heavy_or_gui_modules() -> None:
    code = (
        "import sys, app.cli, app.core.analysis; "
        "bad = [m for m in ('PySide6', 'sqlmodel', 'faster_whisper', 'reportlab') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
