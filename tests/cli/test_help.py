"""The command line describes itself: every argument has help, review lists the criteria, --version works."""

from __future__ import annotations

import argparse
import subprocess
import sys
from importlib.metadata import version

import pytest

from callcoach.cli import main, parser
from callcoach.core.rubric import default_rubric


def subcommands() -> dict[str, argparse.ArgumentParser]:
    top, _ = parser()
    (sub,) = (a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_and_argument_is_described() -> None:
    _, handlers = parser()
    commands = subcommands()
    assert set(commands) == set(handlers) and {"analyze", "import", "process", "review", "scorecard"} <= set(commands)
    undescribed = [
        f"{name} {action.option_strings or action.dest}"
        for name, command in commands.items()
        for action in command._actions
        if not isinstance(action, argparse._HelpAction) and not (action.help and action.help.strip())
    ]
    assert not undescribed, undescribed


def test_review_help_lists_the_criterion_ids(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["review", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    ids = [c.id for c in default_rubric().criteria]
    assert ids and all(i in text for i in ids), text


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "callcoach", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"callcoach {version('callcoach')}"
