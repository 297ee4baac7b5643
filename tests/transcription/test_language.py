"""The non-English check on an English-only model: either low confidence figure is enough to doubt the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pytest

from callcoach.transcription import language
from callcoach.transcription.language import LanguageCheck


@dataclass
class Track:
    probabilities: list[float] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)


def engine(english_only: bool = True) -> SimpleNamespace:
    return SimpleNamespace(english_only=english_only, info=SimpleNamespace(name="tiny.en"))


def warnings_for(probability: float, logprob: float, words: int = 20) -> list[str]:
    track = Track([probability] * words, [logprob] * words)
    return LanguageCheck("en", None, np.zeros(16000, np.float32)).warnings((track,), engine())


@pytest.fixture
def detects(monkeypatch) -> list[str]:
    """The multilingual confirmation answers German; records that it was asked."""
    asked: list[str] = []

    def detect(sample):
        asked.append("asked")
        return ("de", 0.93)

    monkeypatch.setattr(language, "_detect_with_multilingual", detect)
    return asked


def test_english_figures_raise_no_doubt(detects: list[str]) -> None:
    assert warnings_for(0.80, -0.40) == [] and detects == []


@pytest.mark.parametrize(("probability", "logprob"), [(0.67, -0.75), (0.60, -0.45), (0.55, -1.2)])
def test_either_low_figure_asks_for_confirmation(detects: list[str], probability: float, logprob: float) -> None:
    (warning,) = warnings_for(probability, logprob)
    assert detects == ["asked"]
    assert "German (de, 93% sure)" in warning and "English-only" in warning and "--model base" in warning


def test_confirmed_english_is_not_reported(monkeypatch) -> None:
    monkeypatch.setattr(language, "_detect_with_multilingual", lambda sample: ("en", 0.97))
    assert warnings_for(0.62, -0.8) == []


def test_without_the_multilingual_model_the_doubt_is_still_said(monkeypatch) -> None:
    monkeypatch.setattr(language, "_detect_with_multilingual", lambda sample: None)
    (warning,) = warnings_for(0.62, -0.8)
    assert "does not sound like English to tiny.en" in warning and "callcoach[base]" in warning


def test_too_few_words_to_judge(detects: list[str]) -> None:
    assert warnings_for(0.3, -2.0, words=language.MIN_WORDS - 1) == [] and detects == []


def test_a_multilingual_model_is_not_second_guessed(detects: list[str]) -> None:
    track = Track([0.3] * 20, [-2.0] * 20)
    assert LanguageCheck("en", ("en", 0.9)).warnings((track,), engine(english_only=False)) == []


def test_the_language_tells_the_truth(detects: list[str]) -> None:
    """A confirmed German call is recorded as German, not as the English the model was asked for."""
    check = LanguageCheck("en", None, np.zeros(16000, np.float32))
    check.warnings((Track([0.6] * 20, [-0.9] * 20),), engine())
    assert check.language == "de" and check.detected == ("de", 0.93)


def test_unconfirmed_doubt_leaves_the_language_unknown(monkeypatch) -> None:
    monkeypatch.setattr(language, "_detect_with_multilingual", lambda sample: None)
    check = LanguageCheck("en", None, np.zeros(16000, np.float32))
    check.warnings((Track([0.6] * 20, [-0.9] * 20),), engine())
    assert check.language is None  # not English as far as tiny.en can tell; which language is not known
