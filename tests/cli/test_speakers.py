"""`--agent-speaker` and `--speakers` on analyze, import and process --again; the automatic choice reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.cli import main

FORMATS = Path(__file__).resolve().parents[1] / "transcripts" / "data" / "formats"
SRT = FORMATS / "speaker_prefix.srt"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CALLCOACH_DB", str(tmp_path / "lib.sqlite"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def speakers(out: str) -> list[str]:
    return [s["speaker"] for s in json.loads(out)["segments"]]


def test_the_automatic_choice_is_in_the_summary_the_warnings_and_the_json(capsys) -> None:
    code, out, err = run(capsys, "analyze", str(SRT))
    assert code == 0
    assert "  Agent: SPEAKER_01 · Customer: SPEAKER_00 — chosen automatically from what each says (agent" in out
    assert "the agent was chosen automatically: 'SPEAKER_01' is the agent" in err
    code, out, _ = run(capsys, "analyze", str(SRT), "--json")
    doc = json.loads(out)
    assert doc["speakers"]["labels"] == {"SPEAKER_00": "customer", "SPEAKER_01": "agent"}
    assert doc["speakers"]["chosen"] == "automatic"
    assert any(w.startswith("the agent was chosen automatically") for w in doc["warnings"])


def test_agent_speaker_and_speakers_override_the_choice(capsys) -> None:
    code, out, _ = run(capsys, "analyze", str(SRT), "--json", "--agent-speaker", "SPEAKER_00")
    assert code == 0 and speakers(out)[:2] == ["agent", "customer"]
    code, out, _ = run(capsys, "analyze", str(SRT), "--json", "--speakers", "speaker_00=agent,SPEAKER_01=customer")
    assert code == 0 and speakers(out)[:2] == ["agent", "customer"]
    assert json.loads(out)["speakers"]["chosen"] == "given"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agent-speaker", "spk_4"], "there is no speaker 'spk_4' in the file; speakers found: SPEAKER_00 ("),
        (["--speakers", "SPEAKER_00"], "--speakers: 'SPEAKER_00' is not LABEL=ROLE"),
        (["--speakers", "SPEAKER_00=boss"], "the role must be agent or customer, not 'boss'"),
    ],
)
def test_bad_speaker_options_are_one_line_errors(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "analyze", str(SRT), *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_three_speakers_name_every_one_with_their_words(capsys, tmp_path: Path) -> None:
    path = tmp_path / "three.vtt"
    path.write_text(
        (FORMATS / "speaker_prefix.vtt").read_text().replace("SPEAKER_00: Oh, good", "SPEAKER_02: Oh, good")
    )
    code, _, err = run(capsys, "analyze", str(path))
    assert code == 2
    assert "3 speakers, and CallCoach scores one agent and one customer; speakers found: SPEAKER_00 (" in err
    assert "SPEAKER_02 (4 words)" in err
    assert '--speakers "SPEAKER_00=customer,SPEAKER_01=agent,SPEAKER_02=customer"' in err


def test_import_keeps_the_agent_speaker_and_process_again_changes_it(capsys) -> None:
    assert run(capsys, "import", str(SRT), "--agent-speaker", "SPEAKER_00")[0] == 0
    assert run(capsys, "process")[0] == 0
    code, out, _ = run(capsys, "show", "1", "--json")
    assert code == 0 and speakers(out)[:2] == ["agent", "customer"]
    code, out, _ = run(capsys, "process", "--again", "1", "--agent-speaker", "SPEAKER_01")
    assert code == 0
    code, out, _ = run(capsys, "show", "1", "--json")
    assert speakers(out)[:2] == ["customer", "agent"]


def test_process_with_a_speaker_option_needs_again(capsys) -> None:
    code, _, err = run(capsys, "process", "--agent-speaker", "spk_1")
    assert code == 2
    assert "--agent-speaker: applies to the calls processed again" in err
