"""Nothing leaves the machine: `analyze` and `process` of a recording under strace make no network connection
and write no file outside the data folder and the temp folder (issue: onnxruntime's telemetry wrote a device id
under ~/.cache/Microsoft and looked up mobile.events.data.microsoft.com)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from callcoach.transcription.offline import go_offline

ROOT = Path(__file__).resolve().parents[2]
CLIP = ROOT / "tests" / "transcription" / "data" / "call_stereo.flac"
CALLCOACH = Path(sys.executable).with_name("callcoach")

pytestmark = pytest.mark.skipif(
    shutil.which("strace") is None, reason="strace is not installed (apt-get install strace)"
)

_INET = re.compile(r"\b(connect|sendto|sendmsg)\(\d+, \{sa_family=AF_INET6?\b")
_WRITE_OPEN = re.compile(r'\b(?:openat|open|creat)\((?:AT_FDCWD, )?"([^"]+)", ([A-Z_|]+)')


def _traced(args: list[str], tmp_path: Path) -> tuple[list[str], list[str]]:
    """Run callcoach under strace with a private HOME; return network calls and files opened for writing.

    It also checks that the run did load onnxruntime's voice-activity model, so a pass is not a vacuous one.
    Bytecode caching is off for the run: Python writing .pyc files into its own install is not CallCoach's doing."""
    home, data, temp = tmp_path / "home", tmp_path / "data", tmp_path / "temp"
    for d in (home, data, temp):
        d.mkdir(exist_ok=True)
    log = tmp_path / f"strace-{args[0]}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "ORT_", "DO_NOT_TRACK"))}
    env.update(HOME=str(home), CALLCOACH_DATA_DIR=str(data), TMPDIR=str(temp), XDG_CACHE_HOME=str(home / ".cache"),
               PYTHONDONTWRITEBYTECODE="1")  # fmt: skip
    subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,open,openat,creat", "-o", str(log),
         str(CALLCOACH), *args], cwd=temp, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    network, written = [], []
    text = log.read_text(errors="replace")
    assert "silero_vad" in text, "the run never opened the VAD model: the test would prove nothing"
    for line in text.splitlines():
        if _INET.search(line):
            network.append(line)
        match = _WRITE_OPEN.search(line)
        if match and re.search(r"O_WRONLY|O_RDWR|O_CREAT", match.group(2)) and "= -1" not in line:
            path = Path(match.group(1)) if match.group(1).startswith("/") else temp / match.group(1)
            if not any(path.is_relative_to(root) for root in (data, temp, Path("/dev"), Path("/proc"))):
                written.append(line)
    return network, written


def test_analyze_and_process_stay_on_the_machine(tmp_path: Path) -> None:
    network, written = _traced(["analyze", str(CLIP), "--json"], tmp_path)
    assert network == []
    assert written == []
    db = tmp_path / "data" / "calls.sqlite"
    subprocess.run([str(CALLCOACH), "import", str(CLIP), "--db", str(db)], check=True, capture_output=True)
    network, written = _traced(["process", "--db", str(db)], tmp_path)
    assert network == []
    assert written == []
    assert not (tmp_path / "home" / ".cache" / "Microsoft").exists()


def test_go_offline_switches_the_hub_client_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr("callcoach.transcription.offline._done", False)
    go_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["HF_HUB_DISABLE_TELEMETRY"] == "1"
