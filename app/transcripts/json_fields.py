"""Reading the fields of a decoded JSON transcript, with messages that say where a value is and what it must be.

json gives no line numbers past the syntax, so the readers of the services' JSON files name a value by its place
in the file ("results.items 12", "SpeechSegments 3"), as a user finds it in an editor or with jq, and every
message carries the same advice for the format (a malformed service file was edited or cut short).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from callcoach.core.errors import InputError
from callcoach.transcripts.common import collapse, is_number


def as_number(value: object) -> float | None:
    """A finite number, or a string holding one ("4.87": Amazon Transcribe writes its times so); else None."""
    if is_number(value):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def as_mapping(value: object) -> Mapping[str, Any]:
    """An optional object of a service's output: itself, or empty when it is missing or not an object."""
    return value if isinstance(value, dict) else {}


def quoted(text: str, begin: object, end: object, given: object = None) -> str:
    """What a service points at in a turn by character offsets (an issue, an action item), else the text it gave."""
    start, stop = as_number(begin), as_number(end)
    said = ""
    if start is not None and stop is not None and 0 <= start < stop:
        said = collapse(text[int(start) : int(stop)])
    if not said and isinstance(given, str):
        said = collapse(given)
    return said


@dataclass(frozen=True)
class Fields:
    """The file being read and the advice that goes with any problem found in it."""

    path: str
    hint: str

    def error(self, where: str, problem: str, hint: str | None = None) -> InputError:
        return InputError(self.path, f"{where}: {problem}" if where else problem, hint=hint or self.hint)

    def mapping(self, raw: object, where: str, what: str = "an object") -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.error(where, f"must be {what}")
        return raw

    def array(self, raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> list[Any]:
        """raw[key] as a list; a missing key is an error when required, else an empty list."""
        if key not in raw or raw[key] is None:
            if required:
                raise self.error(where, f"missing '{key}'")
            return []
        value = raw[key]
        if not isinstance(value, list):
            raise self.error(where, f"'{key}' must be a list")
        return value

    def text(self, raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        if key not in raw or raw[key] is None:
            if required:
                raise self.error(where, f"missing '{key}'")
            return ""
        if not isinstance(raw[key], str):
            raise self.error(where, f"'{key}' must be a string")
        return raw[key]

    def time(
        self,
        raw: Mapping[str, Any],
        key: str,
        where: str,
        *,
        scale: float = 1.0,
        unit: str = "seconds",
        strings: bool = False,
    ) -> float:
        """A time in seconds: raw[key] divided by `scale` (1000 for milliseconds), present and not negative.

        `strings`: the format writes its numbers as strings ("4.87"), as Amazon Transcribe does.
        """
        if key not in raw or raw[key] is None:
            raise self.error(where, f"missing '{key}'")
        value = as_number(raw[key]) if strings or not isinstance(raw[key], str) else None
        if value is None:
            raise self.error(where, f"'{key}' must be a number of {unit}, not {_shown(raw[key])}")
        if value < 0:
            raise self.error(where, f"'{key}' must not be negative")
        return value / scale

    def span(
        self,
        raw: Mapping[str, Any],
        start: str,
        end: str,
        where: str,
        *,
        scale: float = 1.0,
        unit: str = "seconds",
        strings: bool = False,
    ) -> tuple[float, float]:
        """(start, end) in seconds, the end not before the start."""
        begin = self.time(raw, start, where, scale=scale, unit=unit, strings=strings)
        finish = self.time(raw, end, where, scale=scale, unit=unit, strings=strings)
        if finish < begin:
            raise self.error(where, f"'{end}' ({_g(finish * scale)}) is before '{start}' ({_g(begin * scale)})")
        return begin, finish


def optional_number(raw: Mapping[str, Any], key: str) -> float | None:
    """A number the reader can do without (a confidence, a score): None when absent or not a number."""
    return as_number(raw.get(key)) if isinstance(raw, Mapping) else None


def _g(value: float) -> str:
    return f"{value:g}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
