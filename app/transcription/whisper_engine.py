"""faster-whisper behind a small interface: word timestamps, VAD, loop guards, progress and cancel.

The engine is long-lived (the desktop app keeps one loaded, as Buzz does) and thread-safe for two
concurrent calls, so the two channels of a stereo call are transcribed in parallel on both cores.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.model import Word
from callcoach.transcription.cleanup import remove_repeated_runs
from callcoach.transcription.models import ModelInfo
from callcoach.transcription.offline import go_offline

SAMPLE_RATE = 16000
SPLIT_GAP = 1.0  # a pause this long starts a new segment (a new turn)
SENTENCE_GAP = 0.3  # a shorter pause after a sentence end also does: one segment per spoken sentence


@dataclass
class RawSegment:
    start: float
    end: float
    words: list[Word]


@dataclass
class ChannelResult:
    segments: list[RawSegment] = field(default_factory=list)
    language: str = "en"
    avg_logprob: float = 0.0
    word_probability: float = 1.0
    speech_seconds: float = 0.0

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]


def split_words(words: list[Word]) -> list[RawSegment]:
    """One segment per spoken sentence or pause-separated stretch of one speaker's words."""
    out: list[RawSegment] = []
    for word in words:
        gap = word.start - out[-1].end if out else 0.0
        sentence_end = bool(out) and out[-1].words[-1].word.rstrip().endswith((".", "?", "!"))
        if out and gap <= SPLIT_GAP and not (sentence_end and gap > SENTENCE_GAP):
            out[-1].words.append(word)
            out[-1].end = max(out[-1].end, word.end)
        else:
            out.append(RawSegment(word.start, word.end, [word]))
    return out


class WhisperEngine:
    """One loaded model. `threads` CPU threads per transcription, `workers` transcriptions at once."""

    def __init__(self, model: ModelInfo, threads: int = 1, workers: int = 2):
        go_offline()  # before faster-whisper can create an onnxruntime session
        from faster_whisper import WhisperModel  # heavy import, only when a recording is transcribed

        if model.path is None:
            raise ValueError(f"model {model.name} is not installed")
        self.info = model
        self._model = WhisperModel(
            str(model.path), device="cpu", compute_type="int8", cpu_threads=threads, num_workers=workers
        )
        self._lock = threading.Lock()

    @property
    def english_only(self) -> bool:
        return self.info.english_only

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        """The spoken language of (the speech in) the first 30 s; a multilingual model is needed."""
        language, probability, _ = self._model.detect_language(audio, vad_filter=True)
        return language, float(probability)

    def transcribe(
        self,
        audio: np.ndarray,
        offset: float = 0.0,
        language: str = "en",
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ChannelResult:
        """Transcribe mono 16 kHz audio; times are shifted by `offset` (the block's place in the call)."""
        duration = len(audio) / SAMPLE_RATE
        result = ChannelResult(language=language)
        if duration < 0.1 or not np.any(np.abs(audio) > 1e-4):
            report(progress, 1.0)
            return result
        segments, _ = self._model.transcribe(
            audio,
            language=language,
            beam_size=5,
            word_timestamps=True,
            vad_filter=True,
            vad_parameters={"min_silence_duration_ms": 500, "speech_pad_ms": 200},
            condition_on_previous_text=False,
            compression_ratio_threshold=2.4,
            no_repeat_ngram_size=0,
            # No temperature fallback: it re-decodes a doubtful window by random sampling, so one file gave two
            # transcripts (and two scores) on two runs. Beam search alone is deterministic; loops it produces
            # are cut by remove_repeated_runs below.
            temperature=0.0,
        )
        words: list[Word] = []
        logprobs: list[float] = []
        for segment in segments:  # a generator: each step decodes one window, so cancel is checked often
            check_cancel(cancel)
            logprobs.append(segment.avg_logprob)
            for w in segment.words or []:
                if w.word.strip():
                    words.append(Word(offset + w.start, offset + w.end, w.word, float(w.probability)))
            report(progress, segment.end / duration)
        words = remove_repeated_runs(words)
        result.segments = split_words(words)
        result.avg_logprob = float(np.mean(logprobs)) if logprobs else 0.0
        result.word_probability = float(np.mean([w.probability for w in words])) if words else 1.0
        result.speech_seconds = float(sum(w.end - w.start for w in words))
        report(progress, 1.0)
        return result
