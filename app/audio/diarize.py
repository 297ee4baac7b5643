"""Two-speaker diarization of a mono call at word level, with numpy only (no model, no hub, no torch).

Whisper gives words with timestamps, and one whisper segment can run across a change of speaker, so the decision
is made per word; :func:`split_turns` then regroups the words into single-speaker turns.

Method, chosen by measurement on the development calls (4 devset mono calls, plus 12 two-voice and 16 one-voice
espeak-ng recordings made for calibration; whisper's encoder output was measured too and carries next to no speaker
information, and costs 0.35-0.55 s per call):

1. Classical frame features every 10 ms with numpy's FFT: 19 MFCCs and their deltas, log energy, an
   autocorrelation pitch estimate, the spectral centroid and the share of energy in the upper half of the band.
2. One vector per word over its loud frames, widened to at least ``_MIN_SPAN`` seconds around the word: MFCC
   means and spreads, delta spreads, median pitch, voicing share, centroid, high-band share.
3. A *slow* projection: between adjacent words of one stretch of speech, what changes is mostly *what* is said,
   and what stays is *who* says it. The within-speaker scatter is estimated from differences of adjacent words and
   the direction with the largest total-to-within variance ratio is kept (a generalised eigenproblem: an
   unsupervised stand-in for linear discriminant analysis). This step is what makes similar voices separable:
   plain clustering of the same vectors follows the words' content.
4. Two-means clustering in that space, then a two-state Viterbi pass over the words (switching costs more inside a
   stretch of speech than across a pause), re-estimating the two centres from the path.
5. A separation test, so that one voice gives one label: the two groups must differ clearly in median pitch, or be
   far apart in the slow space, or differ consistently in how fast their spectra move; the last two need enough
   words (see ``_two_voices``).

Labels: 0 for the voice of the first word, 1 for the other voice.

A long call is diarized block by block (memory stays bounded), and each block numbers its voices afresh. A
:class:`VoicePrint` per voice and block (the mean and spread of its words' raw features) lets :class:`VoiceLinker`
give every block's voices the call-wide numbers: the pairing of old and new voices with the smaller distance wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Word = tuple[float, float, str]
SpeakerTurn = tuple[int, int, int]
"""(label, first_word_index, last_word_index_inclusive)"""

_HOP = 0.01  # frame step, seconds
_WIN = 0.025  # spectral analysis window, seconds
_PITCH_RATE = 8000  # pitch is estimated on a 2:1 (or more) decimated signal ...
_PITCH_WIN = 0.04  # ... over 40 ms windows (two periods at 50 Hz)
_F0_MIN, _F0_MAX = 60.0, 400.0
_VOICED = 0.45  # normalised autocorrelation peak above which a frame is voiced
_N_MELS = 40
_N_MFCC = 20  # c0 is dropped: loudness is not a voice
_LOUD_RANGE = 6.0  # frames within this much log power (natural log, ~26 dB) of loud speech are used
_MIN_SPAN = 0.5  # a word's features are taken over at least this much audio around its centre, seconds
_ADJACENT_GAP = 0.3  # adjacent words closer than this are taken as one speaker for the within-speaker scatter
_DIMS_PER_WORD = 0.35  # few words: at most this many feature dimensions per word (principal components)
_RIDGE = 0.1  # shrinkage of the within-speaker scatter towards a multiple of the identity
_N_DIMS = 1  # slow directions kept
_PAUSE = 0.3  # a gap between words of at least this long is a pause, seconds
_SWITCH = 1.5  # Viterbi cost of a change of speaker between two words (in within-cluster spreads) ...
_SWITCH_AT_PAUSE = 0.5  # ... and across a pause
_ITERATIONS = 2  # Viterbi passes, re-estimating the two centres in between
_MIN_WORDS = 8  # fewer words: too little to tell two voices apart, everything is speaker 0
_MIN_SHARE = 0.1  # the second voice must have at least this share of the words ...
_MIN_GROUP = 3  # ... and at least this many words
_MIN_SEMITONES = 4.0  # median pitch this far apart: two voices at any length
_FISHER_WORDS = 25  # with at least this many words in each group, two voices are also recognised by ...
_MIN_FISHER = 7.5  # ... the Fisher ratio of the two groups in the slow space, and ...
_DYNAMICS_WORDS = 30  # ... with at least this many, by ...
_MIN_DYNAMICS = 0.13  # ... a consistent difference in spectral dynamics (mean log ratio of delta spreads)
_BLOCK = 512  # frames per block of feature computation (bounds memory on long calls)


def diarize_words(audio: np.ndarray, sample_rate: int, words: Sequence[Word], *, encoder: object = None) -> list[int]:
    """Label each word 0 or 1 by voice.

    ``audio`` is 1-D float mono (a 2-D array is averaged over its channels), ``words`` are ``(start, end, text)``
    in time order, in seconds from the start of ``audio``. Returns one label per word: 0 is the voice of the first
    word, 1 the other voice. One voice gives all 0, as do fewer than ``_MIN_WORDS`` words; no words give ``[]``.

    ``encoder`` is accepted for API stability and ignored: the method needs no model (whisper's encoder output was
    measured as a speaker feature and lost, see the module docstring).
    """
    del encoder
    n = len(words)
    if n == 0:
        return []
    if n < _MIN_WORDS:
        return [0] * n
    return _label_words(audio, sample_rate, words)[0]


@dataclass(frozen=True)
class VoicePrint:
    """One voice of one block, summarised so that the blocks of a long call can be matched voice to voice."""

    mean: np.ndarray  # the raw per-word features (see _raw_word_vectors) averaged over the voice's words
    var: np.ndarray  # their variance over those words
    words: int

    @classmethod
    def of(cls, rows: np.ndarray) -> VoicePrint:
        return cls(rows.mean(0), rows.var(0), len(rows))

    def merged(self, other: VoicePrint) -> VoicePrint:
        """The print of both sets of words together (pooled mean and variance)."""
        n = self.words + other.words
        mean = (self.mean * self.words + other.mean * other.words) / n
        var = (
            self.words * (self.var + (self.mean - mean) ** 2) + other.words * (other.var + (other.mean - mean) ** 2)
        ) / n
        return VoicePrint(mean, var, n)

    def distance(self, other: VoicePrint) -> float:
        """Mean squared difference of the two means, in units of the voices' own word-to-word spread."""
        spread = (self.var + other.var) / 2 + 1e-6
        return float(((self.mean - other.mean) ** 2 / spread).mean())


def _label_words(audio: np.ndarray, sample_rate: int, words: Sequence[Word]) -> tuple[list[int], np.ndarray]:
    """Block-local labels and the raw word vectors they were found from."""
    if not words:
        return [], np.zeros((0, 0))
    signal = np.asarray(audio, dtype=np.float32)
    if signal.ndim > 1:
        signal = signal.mean(axis=0) if signal.shape[0] < signal.shape[-1] else signal.mean(axis=1)
    feats = _frame_features(np.ascontiguousarray(signal), int(sample_rate))
    frames = _word_frames(feats, words)
    raw = _raw_word_vectors(feats, frames)
    labels = [0] * len(words) if len(words) < _MIN_WORDS else _diarize(feats, frames, raw, words)[0]
    return labels, raw


def _prints(raw: np.ndarray, labels: Sequence[int]) -> dict[int, VoicePrint]:
    marks = np.asarray(labels)
    return {k: VoicePrint.of(raw[marks == k]) for k in (0, 1) if (marks == k).any()}


def _by_known_voices(raw: np.ndarray, words: Sequence[Word], voices: tuple[VoicePrint, VoicePrint]) -> list[int] | None:
    """Words labelled by the nearer of two known voices (diagonal Gaussians, Viterbi-smoothed), or None unless both
    voices take a real share and the split is self-consistent (each group is nearer its own voice)."""
    n = len(words)
    cost = np.stack(
        [0.5 * (((raw - v.mean) ** 2) / (v.var + 1e-6) + np.log(v.var + 1e-6)).mean(1) for v in voices], axis=1
    )
    cost = cost - cost.min(1, keepdims=True)
    gaps = np.array([words[i + 1][0] - words[i][1] for i in range(n - 1)])
    spread = float(np.median(np.abs(cost[:, 0] - cost[:, 1]))) + 1e-9
    path = _viterbi(cost / spread, np.where(gaps >= _PAUSE, _SWITCH_AT_PAUSE, _SWITCH))
    smaller = int(min(path.sum(), n - path.sum()))
    if smaller < max(_MIN_GROUP, _MIN_SHARE * n):
        return None
    groups = _prints(raw, path)
    if any(voices[k].distance(groups[k]) >= voices[1 - k].distance(groups[k]) for k in (0, 1)):
        return None
    return [int(x) for x in path]


class VoiceLinker:
    """Gives the voices of successive blocks of one call call-wide numbers (0 and 1), by their prints.

    The first voice ever heard is 0. A later block's two voices take the pairing with the known voices that has
    the smaller total distance; a block with one voice joins the nearer known voice. Each placed print is merged
    into its voice's print, so the reference grows with the call.
    """

    def __init__(self) -> None:
        self.known: list[VoicePrint | None] = [None, None]

    def label_block(self, audio: np.ndarray, sample_rate: int, words: Sequence[Word]) -> list[int]:
        """Call-wide voice numbers for the words of the next block.

        When the block on its own looks like one voice but both voices of the call are known, the words are also
        scored against the two known voices: a block where both clearly speak is split that way (a block's own
        separation test is calibrated to never split one voice, so on a short or even exchange it can miss two).
        """
        labels, raw = _label_words(audio, sample_rate, words)
        prints = _prints(raw, labels)
        first, second = self.known
        if len(prints) == 1 and first is not None and second is not None and len(words) >= _MIN_WORDS:
            known = _by_known_voices(raw, words, (first, second))
            if known is not None:
                self._learn(_prints(raw, known), {0: 0, 1: 1})  # its labels are the call-wide numbers already
                return known
        mapping = self.place(prints)
        return [mapping[label] for label in labels]

    def place(self, prints: dict[int, VoicePrint]) -> dict[int, int]:
        """Map a block's labels to call-wide voice numbers (and learn from the block)."""
        first, second = self.known
        if first is None or not prints:
            mapping = {0: 0, 1: 1}
        elif len(prints) == 2 and second is None:  # one voice known so far: the nearer new voice continues it
            mapping = {0: 0, 1: 1} if first.distance(prints[0]) <= first.distance(prints[1]) else {0: 1, 1: 0}
        elif len(prints) == 2:
            assert second is not None
            straight = first.distance(prints[0]) + second.distance(prints[1])
            crossed = first.distance(prints[1]) + second.distance(prints[0])
            mapping = {0: 0, 1: 1} if straight <= crossed else {0: 1, 1: 0}
        else:
            (label, voice), nearest = next(iter(prints.items())), 0
            if second is not None and second.distance(voice) < first.distance(voice):
                nearest = 1
            mapping = {label: nearest, 1 - label: 1 - nearest}
        self._learn(prints, mapping)
        return mapping

    def _learn(self, prints: dict[int, VoicePrint], mapping: dict[int, int]) -> None:
        """Merge each placed print into the print of the call-wide voice it was given."""
        for label, voice in prints.items():
            track = mapping[label]
            known = self.known[track]
            self.known[track] = voice if known is None else known.merged(voice)


def split_turns(words: Sequence[Word], labels: Sequence[int], max_gap: float = 1.0) -> list[SpeakerTurn]:
    """Runs of consecutive words with one label, split where the pause between two words exceeds ``max_gap``.

    Returns ``(label, first_word_index, last_word_index_inclusive)`` per run, in time order.
    """
    if len(words) != len(labels):
        raise ValueError(f"{len(words)} words but {len(labels)} labels")
    turns: list[list[int]] = []
    for i, (word, label) in enumerate(zip(words, labels, strict=True)):
        if turns and turns[-1][0] == label and word[0] - words[turns[-1][2]][1] <= max_gap:
            turns[-1][2] = i
        else:
            turns.append([int(label), i, i])
    return [(label, first, last) for label, first, last in turns]


# ------------------------------------------------------------------------------------------------ the method
def _diarize(
    feats: dict[str, np.ndarray], frames: list[np.ndarray], raw: np.ndarray, words: Sequence[Word]
) -> tuple[list[int], dict[str, float]]:
    """Labels and the figures of the separation test (returned for measurement and debugging)."""
    n = len(words)
    slow = _slow_projection(_standardised(raw), words)
    labels, centres = _two_means(slow)
    gaps = np.array([words[i + 1][0] - words[i][1] for i in range(n - 1)])
    switch = np.where(gaps >= _PAUSE, _SWITCH_AT_PAUSE, _SWITCH)
    path = labels
    for _ in range(_ITERATIONS):
        cost = ((slow[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
        spread = float(np.median(cost[np.arange(n), path])) + 1e-9
        path = _viterbi(cost / spread, switch)
        if path.min() == path.max():
            return [0] * n, {}
        centres = np.array([slow[path == k].mean(0) for k in (0, 1)])
    stats = _separation(feats, frames, slow, path)
    if not _two_voices(stats):
        return [0] * n, stats
    if path[0] == 1:
        path = 1 - path
    return [int(x) for x in path], stats


def _two_voices(stats: dict[str, float]) -> bool:
    """The separation test, calibrated on one-voice recordings (16 espeak-ng voices, cut to 10-100 words, at 16 and
    8 kHz: 1 of 194 cases is split) against two-voice calls. Slow-space distance and dynamics are noisy on few words,
    so they count only when both groups have enough words; a clear pitch difference splits at any length."""
    if stats["share"] < _MIN_SHARE or stats["smaller"] < _MIN_GROUP:
        return False
    if stats["semitones"] >= _MIN_SEMITONES:
        return True
    if stats["smaller"] >= _FISHER_WORDS and stats["fisher"] >= _MIN_FISHER:
        return True
    return stats["smaller"] >= _DYNAMICS_WORDS and stats["dynamics"] >= _MIN_DYNAMICS


def _separation(
    feats: dict[str, np.ndarray], frames: list[np.ndarray], slow: np.ndarray, path: np.ndarray
) -> dict[str, float]:
    """How different the two groups of words are: share, pitch, slow-space distance, spectral dynamics."""
    n1 = int(path.sum())
    stats = {"share": min(n1, len(path) - n1) / len(path), "smaller": float(min(n1, len(path) - n1))}
    a, b = slow[path == 0], slow[path == 1]
    stats["fisher"] = float(((a.mean(0) - b.mean(0)) ** 2 / (a.var(0) + b.var(0) + 1e-9)).max())
    group = [np.concatenate([frames[i] for i in np.flatnonzero(path == k)]) for k in (0, 1)]
    pitch = [feats["f0"][g] for g in group]
    pitch = [p[~np.isnan(p)] for p in pitch]
    stats["semitones"] = (
        float(abs(np.median(pitch[0]) - np.median(pitch[1])) * 12 / np.log(2)) if min(map(len, pitch)) >= 20 else 0.0
    )
    if min(map(len, group)) >= 20:
        spreads = [feats["delta"][g].std(0) + 1e-6 for g in group]
        stats["dynamics"] = float(abs(np.log(spreads[0] / spreads[1]).mean()))
    else:
        stats["dynamics"] = 0.0
    return stats


# ------------------------------------------------------------------------------------------------ features
def _frame_features(audio: np.ndarray, sr: int) -> dict[str, np.ndarray]:
    """Per 10 ms frame: mfcc (c1..c19), delta (of c1..c12), loge, f0 (log Hz, nan unvoiced), cent, high."""
    hop, win = round(_HOP * sr), round(_WIN * sr)
    n_frames = max(1, (len(audio) - win) // hop + 1)
    if len(audio) < win + hop * (n_frames - 1):
        audio = np.pad(audio, (0, win + hop * (n_frames - 1) - len(audio)))
    nfft = 1 << (win - 1).bit_length()
    window = np.hanning(win).astype(np.float32)
    fbank = _mel_filterbank(sr, nfft)
    dct = _dct_matrix(_N_MELS, _N_MFCC)
    freqs = np.fft.rfftfreq(nfft, 1 / sr).astype(np.float32)
    out = {k: np.empty(n_frames, np.float32) for k in ("loge", "cent", "high")}
    out["mfcc"] = np.empty((n_frames, _N_MFCC - 1), np.float32)
    for a in range(0, n_frames, _BLOCK):
        b = min(n_frames, a + _BLOCK)
        lo, hi = a * hop, (b - 1) * hop + win
        piece = audio[max(lo - 1, 0) : hi]
        pre = piece[1:] - 0.97 * piece[:-1] if lo else np.concatenate([piece[:1], piece[1:] - 0.97 * piece[:-1]])
        short = np.lib.stride_tricks.sliding_window_view(pre, win)[::hop]  # pre-emphasised frames a..b-1
        power = np.abs(np.fft.rfft(short * window, nfft)) ** 2
        total = power.sum(1) + 1e-10
        out["mfcc"][a:b] = (np.log(power @ fbank.T + 1e-8) @ dct.T)[:, 1:]
        out["loge"][a:b] = np.log(total)
        out["cent"][a:b] = np.log((power @ freqs) / total + 1.0)
        out["high"][a:b] = np.log(power[:, nfft // 4 :].sum(1) + 1e-10) - out["loge"][a:b]
    out["f0"] = _pitch(audio, sr, n_frames, centre=win / 2 / sr)
    out["delta"] = np.zeros((n_frames, 12), np.float32)
    out["delta"][1:-1] = (out["mfcc"][2:, :12] - out["mfcc"][:-2, :12]) / 2
    return out


def _pitch(audio: np.ndarray, sr: int, n_frames: int, centre: float) -> np.ndarray:
    """log F0 per frame from the normalised autocorrelation (nan where the frame is not voiced)."""
    factor = max(1, sr // _PITCH_RATE)
    x = audio[: len(audio) // factor * factor].reshape(-1, factor).mean(1) if factor > 1 else audio
    rate = sr / factor
    win = round(_PITCH_WIN * rate)
    lag_lo, lag_hi = max(2, int(rate / _F0_MAX)), min(win - 1, int(rate / _F0_MIN) + 1)
    nfft = 1 << (win + lag_hi - 1).bit_length()  # no circular wrap-around up to lag_hi
    x = np.pad(x, (win, win))  # frame i is centred where the spectral frame i is
    starts = np.round(win + (np.arange(n_frames) * _HOP + centre) * rate - win / 2).astype(np.int64)
    starts = np.clip(starts, 0, len(x) - win)
    window = np.hanning(win).astype(np.float32)
    f0 = np.full(n_frames, np.nan, np.float32)
    offsets = np.arange(win)
    for a in range(0, n_frames, _BLOCK):
        b = min(n_frames, a + _BLOCK)
        frames = x[starts[a:b, None] + offsets[None, :]] * window
        ac = np.fft.irfft(np.abs(np.fft.rfft(frames, nfft)) ** 2, nfft)[:, : lag_hi + 1]
        ac /= ac[:, :1] + 1e-10
        lag = lag_lo + np.argmax(ac[:, lag_lo : lag_hi + 1], axis=1)
        strength = ac[np.arange(b - a), lag]
        f0[a:b] = np.where(strength > _VOICED, np.log(rate / lag), np.nan)
    return f0


def _mel_filterbank(sr: int, nfft: int) -> np.ndarray:
    def hz_to_mel(f: float) -> float:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    top = min(7600.0, sr / 2 - 100.0)
    points = 700.0 * (10 ** (np.linspace(hz_to_mel(60.0), hz_to_mel(top), _N_MELS + 2) / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(nfft, 1 / sr)
    left, centre, right = points[:-2, None], points[1:-1, None], points[2:, None]
    rising = (bins[None] - left) / (centre - left)
    falling = (right - bins[None]) / (right - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None).astype(np.float32)


def _dct_matrix(n_in: int, n_out: int) -> np.ndarray:
    k = np.arange(n_out)[:, None]
    i = np.arange(n_in)[None]
    return (np.cos(np.pi * k * (2 * i + 1) / (2 * n_in)) * np.sqrt(2.0 / n_in)).astype(np.float32)


def _word_frames(feats: dict[str, np.ndarray], words: Sequence[Word]) -> list[np.ndarray]:
    """The loud frames around each word, over at least ``_MIN_SPAN`` seconds (all frames if none is loud)."""
    n_frames = len(feats["loge"])
    loud = feats["loge"] > np.percentile(feats["loge"], 95) - _LOUD_RANGE
    out = []
    for start, end, _ in words:
        centre, half = (start + end) / 2, max((end - start) / 2, _MIN_SPAN / 2)
        a = min(max(0, int((centre - half) / _HOP)), n_frames - 1)
        b = min(n_frames, max(int((centre + half) / _HOP) + 1, a + 1))
        idx = np.arange(a, b)
        out.append(idx[loud[a:b]] if loud[a:b].sum() >= 3 else idx)
    return out


def _raw_word_vectors(feats: dict[str, np.ndarray], frames: list[np.ndarray]) -> np.ndarray:
    """One vector per word (47 values, in their own units)."""
    rows = []
    for idx in frames:
        mfcc = feats["mfcc"][idx]
        f0 = feats["f0"][idx]
        voiced = f0[~np.isnan(f0)]
        rows.append(
            [
                *mfcc.mean(0),
                *mfcc[:, :12].std(0),
                *feats["delta"][idx].std(0),
                float(np.median(voiced)) if len(voiced) else np.nan,
                len(voiced) / len(idx),
                float(feats["cent"][idx].mean()),
                float(feats["high"][idx].mean()),
            ]
        )
    x = np.asarray(rows, dtype=np.float64)
    missing = np.isnan(x)
    if missing.any():  # words without a voiced frame take the median pitch (0 if no word has one)
        known = ~missing.all(axis=0)
        fill = np.zeros(x.shape[1])
        fill[known] = np.nanmedian(x[:, known], axis=0)
        x = np.where(missing, fill[None], x)
    return x


def _standardised(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(0)) / (x.std(0) + 1e-9)


def _slow_projection(x: np.ndarray, words: Sequence[Word]) -> np.ndarray:
    """Project on the directions whose total variance is largest relative to the variance between neighbours."""
    n, d = x.shape
    keep = min(d, max(2, int(n * _DIMS_PER_WORD)))
    if keep < d:  # few words: estimate the scatters in the main principal directions only
        _, _, vt = np.linalg.svd(x, full_matrices=False)
        x = x @ vt[:keep].T
        d = keep
    gaps = np.array([words[i + 1][0] - words[i][1] for i in range(n - 1)])
    diffs = (x[1:] - x[:-1])[gaps < _ADJACENT_GAP]
    if len(diffs) < 2:
        diffs = x[1:] - x[:-1]
    within = diffs.T @ diffs / (2 * len(diffs))  # a difference of two draws has twice the variance
    within += _RIDGE * np.trace(within) / d * np.eye(d)
    total = x.T @ x / n
    w_vals, w_vecs = np.linalg.eigh(within)
    whiten = w_vecs / np.sqrt(np.maximum(w_vals, 1e-12))
    ratios, vecs = np.linalg.eigh(whiten.T @ total @ whiten)
    order = np.argsort(ratios)[::-1][:_N_DIMS]
    y = x @ (whiten @ vecs[:, order])
    return y / (y.std(0) + 1e-9)


# ------------------------------------------------------------------------------------------------ clustering
def _two_means(x: np.ndarray, n_init: int = 10, iters: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """k-means with k=2: the best of ``n_init`` runs from random pairs of points (fixed seed: deterministic)."""
    rng = np.random.default_rng(0)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _ in range(n_init):
        centres = x[rng.choice(len(x), size=2, replace=False)].copy()
        for _ in range(iters):
            dist = ((x[:, None, :] - centres[None]) ** 2).sum(-1)
            labels = dist.argmin(1)
            new = np.array([x[labels == k].mean(0) if (labels == k).any() else centres[k] for k in (0, 1)])
            if np.allclose(new, centres):
                break
            centres = new
        inertia = float(dist[np.arange(len(x)), labels].sum())
        if best is None or inertia < best[0]:
            best = (inertia, labels, centres)
    assert best is not None
    return best[1], best[2]


def _viterbi(cost: np.ndarray, switch: np.ndarray) -> np.ndarray:
    """Cheapest two-state path: ``cost`` (n, 2) per word and state, ``switch`` (n-1,) price of changing state."""
    n = len(cost)
    total = cost[0].astype(np.float64).copy()
    back = np.zeros((n, 2), dtype=np.int64)
    for i in range(1, n):
        swapped = total[::-1] + switch[i - 1]
        back[i] = np.where(total <= swapped, (0, 1), (1, 0))
        total = np.minimum(total, swapped) + cost[i]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(np.argmin(total))
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path
