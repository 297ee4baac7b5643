"""Recording → Transcript: decode, split channels, transcribe, diarize mono, decide who is the agent.

Long calls are processed in blocks of about ten minutes, cut at a quiet moment, so memory stays bounded
and progress keeps moving on a three-hour recording.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from callcoach.audio.decode import TRUNCATED, AudioInfo, iter_audio_chunks, probe
from callcoach.audio.diarize import VoiceLinker, split_turns
from callcoach.core.jobs import CancelFn, ProgressFn, check_cancel, report
from callcoach.core.model import SPEAKERS, Segment, SpeakerChoice, Transcript, Word
from callcoach.core.speaker_roles import MONO_TRACKS, STEREO_TRACKS, UNSURE_CHOICE, decide_agent
from callcoach.transcription.cleanup import words_to_text
from callcoach.transcription.language import LanguageCheck, check_language
from callcoach.transcription.models import DEFAULT_MODEL, resolve_model
from callcoach.transcription.whisper_engine import SAMPLE_RATE, ChannelResult, RawSegment, WhisperEngine, split_words

AgentChannel = Literal["left", "right", "auto"]
BLOCK_SECONDS = 600.0
NO_SPEECH = "no speech was found"  # a warning's start: an empty transcript cannot be scored
CUT_SEARCH_SECONDS = 10.0  # look this far back from a block's end for the quietest moment to cut at
IDENTICAL_CHANNELS = 0.999  # correlation above which a "stereo" file is really mono
OVERLAP_GAP = 0.0  # in a mono call, a change of speaker with less pause than this is an overlap
MIN_INTERRUPTING_WORDS = 2  # a shorter run is a backchannel or a diarization flicker, not a barge-in
ASSUMED_OVERLAP = 0.5  # seconds the interrupted speaker is taken to talk on (the words under it are lost)
MIN_SPLIT_SECONDS = 60.0  # a mono block at least this long is transcribed as two halves at once (both cores)


@dataclass
class _Track:
    """Everything one speaker source (a channel, or a diarized voice) produced."""

    segments: list[RawSegment] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    probabilities: list[float] = field(default_factory=list)

    def add(self, result: ChannelResult, segments: bool = True) -> None:
        """Keep a block's confidence figures (and its segments, unless diarization places them)."""
        if segments:
            self.segments += result.segments
        self.logprobs.append(result.avg_logprob)
        self.probabilities += [w.probability for w in result.words]


class _BlockProgress:
    """Maps the progress of the parts (channels) of one block onto the whole call's 0..1."""

    def __init__(self, progress: ProgressFn | None, start: float, length: float, duration: float, parts: int):
        self.progress, self.start, self.length, self.duration = progress, start, length, duration
        self.done = [0.0] * parts

    def part(self, index: int) -> ProgressFn:
        def update(fraction: float) -> None:
            self.done[index] = fraction
            report(self.progress, (self.start + self.length * sum(self.done) / len(self.done)) / self.duration)

        return update


def _blocks(path: str, cancel: CancelFn | None, warnings: list[str]) -> Iterator[tuple[float, np.ndarray]]:
    """Audio in blocks of about BLOCK_SECONDS, each cut at the quietest 100 ms near its end."""
    buffer: list[np.ndarray] = []
    buffered = 0
    block_start = 0.0
    block = int(BLOCK_SECONDS * SAMPLE_RATE)
    for _, chunk in iter_audio_chunks(
        path, chunk_seconds=30.0, sample_rate=SAMPLE_RATE, cancel=cancel, warnings=warnings
    ):
        buffer.append(chunk)
        buffered += chunk.shape[1]
        if buffered < block:
            continue
        audio = np.concatenate(buffer, axis=1)
        cut = _quiet_cut(audio, block)
        yield block_start, audio[:, :cut]
        block_start += cut / SAMPLE_RATE
        buffer, buffered = [audio[:, cut:]], audio.shape[1] - cut
    if buffered:
        yield block_start, np.concatenate(buffer, axis=1)


def _quiet_cut(audio: np.ndarray, target: int, search: float = CUT_SEARCH_SECONDS) -> int:
    """The middle of the quietest 100 ms within `search` seconds before `target` (samples)."""
    frame = SAMPLE_RATE // 10
    lo = max(0, target - int(search * SAMPLE_RATE))
    window = np.abs(audio[:, lo:target]).sum(axis=0)
    n = len(window) // frame
    if n == 0:
        return target
    energy = window[: n * frame].reshape(n, frame).sum(axis=1)
    return lo + int(np.argmin(energy)) * frame + frame // 2


def _pieces(mono: np.ndarray, parts: int) -> list[tuple[float, np.ndarray]]:
    """The block whole, or its two halves cut at the quietest moment before the middle: (offset s, samples).

    A stereo call keeps both cores busy with its two channels; a mono call gets the same from its two halves.
    """
    if parts == 1:
        return [(0.0, mono)]
    cut = _quiet_cut(mono[None, :], len(mono) // 2, search=min(CUT_SEARCH_SECONDS, len(mono) / SAMPLE_RATE / 6))
    return [(0.0, np.ascontiguousarray(mono[:cut])), (cut / SAMPLE_RATE, np.ascontiguousarray(mono[cut:]))]


def _joined(results: list[ChannelResult]) -> ChannelResult:
    """The results of consecutive pieces of one channel as one (confidence figures weighted by words)."""
    if len(results) == 1:
        return results[0]
    counts = [max(1, len(r.words)) for r in results]
    return ChannelResult(
        segments=[s for r in results for s in r.segments],
        language=results[0].language,
        avg_logprob=float(np.average([r.avg_logprob for r in results], weights=counts)),
        word_probability=float(np.average([r.word_probability for r in results], weights=counts)),
        speech_seconds=sum(r.speech_seconds for r in results),
    )


def _really_stereo(audio: np.ndarray) -> bool:
    if audio.shape[0] < 2:
        return False
    left, right = audio[0], audio[1]
    if not np.any(left) or not np.any(right):
        return True  # one silent side is still a two-channel call (the other side said nothing)
    corr = float(np.corrcoef(left, right)[0, 1])
    return not (np.isnan(corr) or corr > IDENTICAL_CHANNELS)


def _segments_for(track: _Track, speaker: str) -> list[Segment]:
    return [
        Segment(0, speaker, raw.start, raw.end, words_to_text(raw.words), words=list(raw.words))  # type: ignore[arg-type]
        for raw in track.segments
        if words_to_text(raw.words)
    ]


def transcribe_recording(
    path: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    agent_channel: AgentChannel = "auto",
    agent_track: int | None = None,
    engine: WhisperEngine | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    info: AudioInfo | None = None,
) -> Transcript:
    """Transcribe a call recording into a Transcript with agent and customer segments and word timings.

    ``agent_track``: the user's pick of the agent (0: the left channel or the first voice, 1: the other), as kept
    with a call after a swap; it wins over ``agent_channel``, which applies to stereo recordings only.
    ``info``: the recording's probe, when the caller has it already (the file is then opened once more, to decode).

    Raises InputError for unreadable audio and Cancelled when `cancel()` turns true (within about a
    second: it is checked between decoded chunks and between Whisper windows).
    """
    source = str(path)
    info = info or probe(source)
    warnings: list[str] = []
    engine = engine or WhisperEngine(resolve_model(model))
    duration = max(info.duration, 1e-6)
    tracks = (_Track(), _Track())
    stereo_seen = False
    language = LanguageCheck("en", None)
    voices = VoiceLinker()  # keeps a mono call's voice numbers the same from one block to the next
    report(progress, 0.0)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for block_start, audio in _blocks(source, cancel, warnings):
            check_cancel(cancel)
            block_len = audio.shape[1] / SAMPLE_RATE
            if block_start == 0.0:
                language = check_language(engine, audio.mean(axis=0))
            stereo = _really_stereo(audio)
            parts = 2 if stereo or block_len >= MIN_SPLIT_SECONDS else 1
            meter = _BlockProgress(progress, block_start, block_len, duration, parts=parts)
            if stereo:
                stereo_seen = True
                futures = [
                    pool.submit(
                        engine.transcribe,
                        np.ascontiguousarray(audio[ch]),
                        block_start,
                        language.language,
                        meter.part(ch),
                        cancel,
                    )
                    for ch in (0, 1)
                ]
                for track, future in zip(tracks, futures, strict=True):
                    track.add(future.result())
            else:
                mono = np.ascontiguousarray(audio.mean(axis=0))
                jobs = [
                    pool.submit(engine.transcribe, piece, block_start + at, language.language, meter.part(i), cancel)
                    for i, (at, piece) in enumerate(_pieces(mono, parts))
                ]
                result = _joined([job.result() for job in jobs])
                _diarize_into(tracks, mono, block_start, result.segments, voices)
                tracks[0].add(result, segments=False)

    language_warnings = language.warnings(tracks, engine)
    warnings += language_warnings
    if agent_track is not None:
        agent_channel = ("left", "right")[agent_track]
    elif not stereo_seen:
        agent_channel = "auto"
    transcript = _assemble(source, tracks, agent_channel, stereo_seen, warnings, given=agent_track is not None)
    transcript.attention = [w for w in warnings if w.startswith((TRUNCATED, NO_SPEECH))] + language_warnings
    transcript.duration = info.duration
    transcript.language = language.language if transcript.segments else None  # no speech: no language either
    transcript.model = engine.info.name
    report(progress, 1.0)
    return transcript


def _diarize_into(
    tracks: tuple[_Track, _Track],
    audio: np.ndarray,
    offset: float,
    segments: list[RawSegment],
    voices: VoiceLinker,
) -> None:
    """Split one mono block's words between two voices and append the resulting turns to the tracks."""
    words = [w for s in segments for w in s.words]
    spans = [(w.start - offset, w.end - offset, w.word) for w in words]
    labels = voices.label_block(audio, SAMPLE_RATE, spans)
    runs = [(label, words[first : last + 1]) for label, first, last in split_turns(spans, labels)]
    cut_in = False  # did the previous run cut in on the one before it?
    for i in range(1, len(runs)):
        (before, previous), (after, current) = runs[i - 1], runs[i]
        resumes = cut_in and runs[i - 2][0] == after  # the speaker who was cut in on goes on: not a new cut-in
        cut_in = (
            before != after
            and not resumes
            and len(current) >= MIN_INTERRUPTING_WORDS
            and current[0].start - previous[-1].end <= OVERLAP_GAP
        )
        if cut_in:
            # No pause at a change of speaker: the second cut in. Whisper keeps one side of overlapped speech,
            # so the first speaker's talk is taken to run on under the interrupter for ASSUMED_OVERLAP.
            last = previous[-1]
            end = max(last.end, current[0].start + ASSUMED_OVERLAP)
            previous[-1] = Word(last.start, end, last.word, last.probability)
    for label, run in runs:
        tracks[label].segments += split_words(run)


def _assemble(
    source: str,
    tracks: tuple[_Track, _Track],
    agent_channel: AgentChannel,
    stereo: bool,
    warnings: list[str],
    given: bool = False,
) -> Transcript:
    texts = tuple(" ".join(words_to_text(s.words) for s in t.segments) for t in tracks)
    heard = [bool(t.segments) for t in tracks]
    labels = STEREO_TRACKS if stereo else MONO_TRACKS
    if not any(heard):
        warnings.append(f"{NO_SPEECH} in the recording; the transcript is empty")
    elif not all(heard):
        warnings.append(f"only one speaker was heard (nothing on the {labels[heard.index(False)]})")
    how, reason, confident = "given", "", True
    if agent_channel == "left":
        agent = 0
    elif agent_channel == "right":
        agent = 1
    else:
        firsts = [t.segments[0].start if t.segments else float("inf") for t in tracks]
        decision = decide_agent((texts[0], texts[1]), first_speaker=int(np.argmin(firsts)))
        agent, how, reason, confident = decision.agent, "automatic", decision.reason, decision.confident
        if all(heard) and not decision.confident:
            warnings.append(f"{UNSURE_CHOICE}; {decision.reason}")
    if not given and how == "given":
        reason = "the agent channel setting"
    roles = {agent: SPEAKERS[0], 1 - agent: SPEAKERS[1]}
    segments = _segments_for(tracks[0], roles[0]) + _segments_for(tracks[1], roles[1])
    segments.sort(key=lambda s: (s.start, s.end))
    for i, segment in enumerate(segments):
        segment.id = i
    choice = SpeakerChoice({labels[0]: roles[0], labels[1]: roles[1]}, how, reason, confident)  # type: ignore[arg-type]
    return Transcript(source, segments, warnings=warnings, speakers=choice if all(heard) else None)
