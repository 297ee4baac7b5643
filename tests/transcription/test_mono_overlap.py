"""The mono overlap heuristic: who cut in on whom when Whisper kept only one side of overlapped speech."""

from __future__ import annotations

import numpy as np

from callcoach.core.model import Word
from callcoach.transcription.pipeline import ASSUMED_OVERLAP, _diarize_into, _Track
from callcoach.transcription.whisper_engine import RawSegment


class FixedVoices:
    """Stands in for VoiceLinker: the labels are given, the test is about what is done with them."""

    def __init__(self, labels: list[int]) -> None:
        self.labels = labels

    def label_block(self, audio, sample_rate, words) -> list[int]:
        assert len(words) == len(self.labels)
        return self.labels


def words(*spans: tuple[float, float, str]) -> list[Word]:
    return [Word(start, end, text, 0.9) for start, end, text in spans]


def split(spoken: list[Word], labels: list[int]) -> tuple[_Track, _Track]:
    tracks = (_Track(), _Track())
    segment = RawSegment(spoken[0].start, spoken[-1].end, spoken)
    _diarize_into(tracks, np.zeros(16000 * 20, np.float32), 0.0, [segment], FixedVoices(labels))
    return tracks


def last_end(track: _Track) -> float:
    return track.segments[-1].words[-1].end


def test_a_change_of_speaker_without_a_pause_is_an_overlap() -> None:
    spoken = words((0.0, 0.4, " my"), (0.4, 0.9, " printer"), (0.9, 1.2, " sorry"), (1.2, 1.6, " again"))
    first, second = split(spoken, [0, 0, 1, 1])
    assert last_end(first) == 0.9 + ASSUMED_OVERLAP  # the first speaker talks on under the one who cut in
    assert second.segments[0].words[0].start == 0.9


def test_the_speaker_cut_in_on_who_goes_on_does_not_cut_in_back() -> None:
    spoken = words(
        (0.0, 0.5, " it"), (0.5, 1.0, " stopped"),  # A
        (1.0, 1.3, " have"), (1.3, 1.7, " you"),  # B cuts in
        (1.7, 2.0, " after"), (2.0, 2.5, " update"),  # A goes on at once
    )  # fmt: skip
    first, second = split(spoken, [0, 0, 1, 1, 0, 0])
    assert first.segments[0].words[-1].end == 1.0 + ASSUMED_OVERLAP  # B's cut-in overlaps A
    assert last_end(second) == 1.7  # A resuming is not a new cut-in: B's words keep their own end


def test_a_pause_or_a_one_word_backchannel_is_no_overlap() -> None:
    paused = words((0.0, 0.4, " hello"), (0.4, 0.8, " there"), (1.3, 1.6, " hi"), (1.6, 2.0, " yes"))
    first, _ = split(paused, [0, 0, 1, 1])
    assert last_end(first) == 0.8
    backchannel = words((0.0, 0.4, " the"), (0.4, 0.8, " bill"), (0.8, 1.0, " mhm"), (1.0, 1.4, " doubled"))
    first, _ = split(backchannel, [0, 0, 1, 0])
    assert all(w.end <= 1.4 for s in first.segments for w in s.words) and first.segments[0].words[1].end == 0.8
