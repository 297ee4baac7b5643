"""Helpers of the JSON format tests: read a fixture or a dict through parse_json, catch its InputError."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from callcoach.core.errors import InputError
from callcoach.transcripts.common import Parsed
from callcoach.transcripts.json_import import parse_json

FORMATS = Path(__file__).parent / "data" / "formats"
PATH = "calls/call.json"


def fixture_data(name: str) -> dict[str, Any]:
    """A fresh copy of a fixture's JSON, to break for an error test."""
    return copy.deepcopy(json.loads((FORMATS / name).read_text(encoding="utf-8")))


def parse_fixture(name: str) -> Parsed:
    path = FORMATS / name
    return parse_json(path.read_text(encoding="utf-8"), str(path))


def parse_data(data: Any) -> Parsed:
    return parse_json(data if isinstance(data, str) else json.dumps(data), PATH)


def input_error(data: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_data(data)
    assert caught.value.path == PATH  # every message names the file
    return caught.value


def rows(parsed: Parsed) -> list[tuple[str, float, float, str]]:
    return [(t.label, round(t.start, 3), round(t.end, 3), t.text) for t in parsed.turns]


def labels(parsed: Parsed) -> list[str]:
    return [t.label for t in parsed.turns]
