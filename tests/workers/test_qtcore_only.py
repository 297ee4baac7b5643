"""DESIGN.md "Architecture": the worker layer uses QtCore only, so it runs (and is tested) without a GUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_IN_WORKERS = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtMultimedia")


def test_worker_modules_import_only_qtcore_from_pyside() -> None:
    offenders = []
    for path in sorted((ROOT / "app" / "workers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("PySide6.") and "QtCore" not in n]
            offenders += [
                f"{path.name}: {n}" for n in names if n in ("PySide6", "callcoach.ui") or n.startswith("callcoach.ui.")
            ]
    assert offenders == []


def test_importing_workers_loads_no_gui_module() -> None:
    code = f"import sys, callcoach.workers; print([m for m in {NOT_IN_WORKERS!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
