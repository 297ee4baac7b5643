"""The layering of DESIGN.md "Architecture", checked two ways: import-linter's contracts and a clean import."""

from __future__ import annotations

import ast
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
        "import sys, callcoach.cli, callcoach.core.analysis; "
        "bad = [m for m in ('PySide6', 'sqlmodel', 'faster_whisper', 'reportlab') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_nothing_imports_the_folder_name_app() -> None:
    """The import package is `callcoach`; `app` is only the folder it lives in (importing it loads a second copy)."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for folder in ("app", "tests", "bench", "tools")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in imported_names(path)
        if name == "app" or name.startswith("app.")
    ]
    assert not offenders, offenders


def test_only_ui_and_workers_import_qt_by_default() -> None:
    """Every module outside ui/ and workers/, a new one included, is kept free of PySide6 (grimp's import graph,
    imports inside functions included); the command line's `gui` handler is the one hand-over."""
    import grimp

    graph = grimp.build_graph("callcoach", include_external_packages=True)
    allowed = ("callcoach.ui", "callcoach.workers")
    handover = {("callcoach.cli.analyze", "callcoach.ui.app")}
    offenders = sorted(
        module
        for module in graph.modules
        if module.startswith("callcoach.")
        and not module.startswith(allowed)
        and "PySide6" in graph.find_modules_directly_imported_by(module)
    )
    assert not offenders, offenders
    into_qt = sorted(
        (module, target)
        for module in graph.modules
        if module.startswith("callcoach.") and not module.startswith(allowed)
        for target in graph.find_modules_directly_imported_by(module)
        if target.startswith(allowed) and (module, target) not in handover
    )
    assert not into_qt, into_qt
    assert "callcoach.cli.analyze" in graph.modules, "the graph is the real package"


def test_one_palette_for_the_screen_and_the_pdfs() -> None:
    """Colours are core.palette's only: a hex colour written anywhere else drifts from the other medium."""
    import re

    colour = re.compile(r"#[0-9A-Fa-f]{6}\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path.name != "palette.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if colour.search(line)
    ]
    assert not offenders, offenders


def test_tests_mirror_the_package() -> None:
    """Every folder of the package has its folder of tests (tests/ui/review tests callcoach.ui.review, ...)."""
    packages = {p.parent.relative_to(ROOT / "app") for p in (ROOT / "app").rglob("__init__.py")} - {Path(".")}
    missing = sorted(str(p) for p in packages if not (ROOT / "tests" / p).is_dir())
    assert not missing, f"no tests/ folder for: {missing}"
