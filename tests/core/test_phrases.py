"""Phrase lists: the combined pre-check of any_match never changes what it finds."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from callcoach.core import phrases
from callcoach.core.errors import InputError
from callcoach.core.phrases import any_match, default_phrases

TEXTS = [
    "I'm so sorry to hear that, I completely understand how frustrating this is.",
    "This is the third time I'm calling and I'm really fed up with this.",
    "Oh great, another week without internet. Fantastic.",
    "No problem at all, I can't wait to get this sorted for you.",
    "You should have done that before calling.",
    "What the f*ck is going on with my bill?",
    "So the order arrived two hours late and cold, is that right?",
    "Thanks for calling, how can I help you today?",
    "Okay.",
    "",
]


def every_list() -> list[tuple[str, phrases.Patterns]]:
    ph = default_phrases()
    lists = [(f.name, getattr(ph, f.name)) for f in fields(ph) if isinstance(getattr(ph, f.name), tuple)]
    lists = [(name, value) for name, value in lists if value and isinstance(value[0], re.Pattern)]
    return lists + [(f"tags.{name}", value) for name, value in ph.tags.items()]


@pytest.mark.parametrize(("name", "patterns"), every_list(), ids=[name for name, _ in every_list()])
def test_the_combined_check_finds_what_the_patterns_find_one_by_one(name: str, patterns: phrases.Patterns) -> None:
    for text in TEXTS:
        one_by_one = next((m for p in patterns if (m := p.search(text))), None)
        found = any_match(patterns, text)
        assert (found and (found.re, found.span())) == (one_by_one and (one_by_one.re, one_by_one.span())), text


def test_word_lists_are_combined_with_the_boundaries_outside() -> None:
    words = default_phrases().distress_words
    combined = phrases._combined(words)
    assert combined is not None and combined.pattern.startswith(phrases._WORD_START + "(?:")
    assert any_match(words, "I'm furious") and not any_match(words, "I'm unfurious-ish")  # whole words only


def test_lists_that_cannot_be_joined_still_work() -> None:
    mixed = (re.compile("refund", re.IGNORECASE), re.compile("Refund"))
    named = (re.compile(r"(?P<x>late)"), re.compile(r"(?P<x>cold)"))
    assert phrases._combined(mixed) is None and phrases._combined(named) is None
    assert any_match(mixed, "a REFUND please") and any_match(named, "it was cold").group("x") == "cold"


def test_a_bad_pattern_in_a_phrase_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        phrases._compile(tmp_path / "phrases.toml", ["(unclosed"])
    assert "phrases.toml" in caught.value.path and "invalid pattern" in caught.value.problem
