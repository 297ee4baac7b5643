"""Two-speaker diarization of a mono call at word level, with numpy only (no model, no hub, no torch).

Whisper gives words with timestamps; a whisper segment can run across a change of speaker, so the decision is
made per word and the words are then regrouped into single-speaker turns (:func:`split_turns`).

Method (chosen by measurement on the development calls, see ``diarize_words``):

1. Classical frame features every 10 ms: 19 MFCCs (numpy FFT + mel filterbank + DCT), log energy, an
   autocorrelation pitch estimate and the spectral centroid.
2. One vector per word (its loud frames, widened to at least ``_MIN_SPAN`` seconds): MFCC means and spreads,
   median pitch, voicing share, centroid.
3. A "slow" projection: what changes between adjacent words of one stretch of speech is mostly *what* is said,
   what stays put is *who* says it. The within-speaker scatter is estimated from differences of adjacent
   words (gaps under ``_ADJACENT_GAP``), and the directions with the largest total-to-within variance ratio are
   kept (a generalised eigenproblem, an unsupervised stand-in for LDA).
4. Two-means clustering in that space, a separation test (one voice must give one label), then a two-state
   Viterbi pass over the words with a switch penalty that is lower across pauses.

The labels are 0 for whoever speaks first and 1 for the other voice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Word = tuple[float, float, str]
SpeakerTurn = tuple[int, int, int]
"""(label, first_word_index, last_word_index_inclusive)"""

_HOP = 0.01  # frame step, seconds
_WIN = 0.025  # analysis window, seconds
_PITCH_WIN = 0.04  # pitch window (two periods of 50 Hz)
_N_MELS = 40
_N_MFCC = 20
_MIN_SPAN = 0.5  # a word's features are taken over at least this much audio around its centre
_ADJACENT_GAP = 0.3  # words closer than this are taken as the same speaker when estimating within-speaker spread
_N_DIMS = 2  # slow directions kept
_RIDGE = 0.1  # shrinkage of the within-speaker scatter towards a multiple of the identity
_SWITCH = 1.5  # Viterbi cost of a change of speaker between two words ...
_SWITCH_AT_PAUSE = 0.5  # ... and across a pause of at least _PAUSE
_PAUSE = 0.3
_MIN_WORDS = 8  # fewer words than this: too little to tell two voices apart, everything is speaker 0
_MIN_SEPARATION = 6.0  # cluster distance / within spread below this: one voice
_BLOCK = 2000  # frames per block of feature computation (bounds memory on long calls)


def diarize_words(audio: np.ndarray, sample_rate: int, words: Sequence[Word], *, encoder: object = None) -> list[int]:
    """Label each word 0 or 1 by voice.

    ``audio`` is 1-D float mono, ``words`` are ``(start, end, text)`` in time order (seconds). Returns one label
    per word; 0 is the voice of the first word. A call where one voice is found gives all 0; fewer than
    ``_MIN_WORDS`` words give all 0; no words give ``[]``. ``encoder`` is accepted for API stability and ignored:
    the whisper encoder output was measured and carries almost no speaker information.
    """
    del encoder
    n = len(words)
    if n == 0:
        return []
    if n < _MIN_WORDS:
        return [0] * n
    labels, _ = _diarize(np.asarray(audio, dtype=np.float32).reshape(-1), sample_rate, words)
    return labels


def split_turns(words: Sequence[Word], labels: Sequence[int], max_gap: float = 1.0) -> list[SpeakerTurn]:
    """Runs of consecutive words with the same label, split where the pause between two words exceeds ``max_gap``."""
    if len(words) != len(labels):
        raise ValueError(f"{len(words)} words but {len(labels)} labels")
    turns: list[list[int]] = []
    for i, (word, label) in enumerate(zip(words, labels, strict=True)):
        if turns and turns[-1][0] == label and word[0] - words[turns[-1][2]][1] <= max_gap:
            turns[-1][2] = i
        else:
            turns.append([int(label), i, i])
    return [(t[0], t[1], t[2]) for t in turns]


# ----------------------------------------------------------------------------------------------- the method
_ITER = 2


def _diarize(audio: np.ndarray, sample_rate: int, words: Sequence[Word]) -> tuple[list[int], dict[str, float]]:
    n = len(words)
    feats = _frame_features(audio, sample_rate)
    vectors = _word_vectors(feats, words)
    slow, ratios = _slow_projection(vectors, words)
    labels, centres = _two_means(slow)
    gaps = np.array([words[i + 1][0] - words[i][1] for i in range(n - 1)])
    switch = np.where(gaps >= _PAUSE, _SWITCH_AT_PAUSE, _SWITCH)
    path = labels
    for _ in range(_ITER):
        cost = ((slow[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
        within = float(np.median(cost[np.arange(n), path])) + 1e-9
        path = _viterbi(cost / within, switch)
        if path.min() == path.max():
            break
        centres = np.array([slow[path == k].mean(0) for k in (0, 1)])
    stats = {"ratio": float(ratios[0]), "minority": float(min(path.mean(), 1 - path.mean()))}
    if path.min() == path.max():
        return [0] * n, {**stats, "fisher": 0.0}
    a, b = slow[path == 0], slow[path == 1]
    stats["fisher"] = float(((a.mean(0) - b.mean(0)) ** 2 / (a.var(0) + b.var(0) + 1e-9)).max())
    if stats["fisher"] < _MIN_SEPARATION:
        return [0] * n, stats
    if path[0] == 1:
        path = 1 - path
    return [int(x) for x in path], stats


def _frame_features(audio: np.ndarray, sr: int) -> dict[str, np.ndarray]:
    """Per 10 ms frame: mfcc (1..19), log energy, log pitch (nan when unvoiced) and log spectral centroid."""
    hop, win, pwin = round(_HOP * sr), round(_WIN * sr), round(_PITCH_WIN * sr)
    nfft = 1 << (win - 1).bit_length()
    pfft = 1 << (2 * pwin - 1).bit_length()
    n_frames = max(0, (len(audio) - pwin) // hop + 1)
    if n_frames == 0:
        audio = np.pad(audio, (0, pwin - len(audio) + 1))
        n_frames = 1
    pre = np.empty_like(audio)
    pre[0] = audio[0]
    pre[1:] = audio[1:] - 0.97 * audio[:-1]
    window = np.hanning(win).astype(np.float32)
    pwindow = np.hanning(pwin).astype(np.float32)
    fbank = _mel_filterbank(sr, nfft)
    dct = _dct_matrix(_N_MELS, _N_MFCC)
    freqs = np.fft.rfftfreq(nfft, 1 / sr).astype(np.float32)
    lag_lo, lag_hi = max(2, sr // 400), min(pwin - 1, sr // 60)
    off = (pwin - win) // 2  # centre the short window inside the pitch window
    # sliding_window_view with a step gives (frames, window) views without copying the signal
    short = np.lib.stride_tricks.sliding_window_view(pre[off:], win)[::hop]
    long = np.lib.stride_tricks.sliding_window_view(audio, pwin)[::hop]
    out = {k: np.empty(n_frames, np.float32) for k in ("loge", "f0", "cent", "high")}
    out["mfcc"] = np.empty((n_frames, _N_MFCC - 1), np.float32)
    for a in range(0, n_frames, _BLOCK):
        b = min(n_frames, a + _BLOCK)
        power = np.abs(np.fft.rfft(short[a:b] * window, nfft)) ** 2
        total = power.sum(1) + 1e-10
        out["mfcc"][a:b] = (np.log(power @ fbank.T + 1e-8) @ dct.T)[:, 1:]
        out["loge"][a:b] = np.log(total)
        out["cent"][a:b] = np.log((power @ freqs) / total + 1.0)
        out["high"][a:b] = np.log(power[:, nfft // 4 :].sum(1) + 1e-10) - out["loge"][a:b]
        spec = np.fft.rfft(long[a:b] * pwindow, pfft)
        ac = np.fft.irfft(np.abs(spec) ** 2, pfft)[:, : lag_hi + 1]
        ac /= ac[:, :1] + 1e-10
        lag = lag_lo + np.argmax(ac[:, lag_lo : lag_hi + 1], axis=1)
        strength = ac[np.arange(b - a), lag]
        out["f0"][a:b] = np.where(strength > 0.45, np.log(sr / lag), np.nan)
    out["delta"] = np.zeros_like(out["mfcc"])
    out["delta"][1:-1] = (out["mfcc"][2:] - out["mfcc"][:-2]) / 2
    return out


def _mel_filterbank(sr: int, nfft: int) -> np.ndarray:
    def hz2mel(f: np.ndarray | float) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    fmax = min(7600.0, sr / 2 - 100.0)
    points = 700.0 * (10 ** (np.linspace(hz2mel(60.0), hz2mel(fmax), _N_MELS + 2) / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(nfft, 1 / sr)
    left, centre, right = points[:-2, None], points[1:-1, None], points[2:, None]
    rising = (bins[None] - left) / (centre - left)
    falling = (right - bins[None]) / (right - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None).astype(np.float32)


def _dct_matrix(n_in: int, n_out: int) -> np.ndarray:
    k = np.arange(n_out)[:, None]
    i = np.arange(n_in)[None]
    return (np.cos(np.pi * k * (2 * i + 1) / (2 * n_in)) * np.sqrt(2.0 / n_in)).astype(np.float32)


FEATURES = ("mean", "std", "dstd", "pitch", "cent", "high")


def _word_vectors(feats: dict[str, np.ndarray], words: Sequence[Word]) -> np.ndarray:
    """One standardised vector per word: MFCC means (19) and spreads (12), median pitch, voicing, centroid."""
    n_frames = len(feats["loge"])
    loud = feats["loge"] > np.percentile(feats["loge"], 95) - 6.0  # within ~26 dB of loud speech
    rows = []
    for start, end, _ in words:
        centre, half = (start + end) / 2, max((end - start) / 2, _MIN_SPAN / 2)
        a = min(max(0, int((centre - half) / _HOP)), n_frames - 1)
        b = min(n_frames, max(int((centre + half) / _HOP) + 1, a + 1))
        idx = np.arange(a, b)
        if loud[a:b].sum() >= 3:
            idx = idx[loud[a:b]]
        mfcc = feats["mfcc"][idx]
        f0 = feats["f0"][idx]
        voiced = f0[~np.isnan(f0)]
        row = []
        if "mean" in FEATURES:
            row += [*mfcc.mean(0)]
        if "std" in FEATURES:
            row += [*mfcc[:, :12].std(0)]
        if "dstd" in FEATURES:
            row += [*feats["delta"][idx, :12].std(0)]
        if "pitch" in FEATURES:
            row += [float(np.median(voiced)) if len(voiced) else np.nan, len(voiced) / len(idx)]
        if "pstd" in FEATURES:
            row += [float(voiced.std()) if len(voiced) > 2 else np.nan]
        if "cent" in FEATURES:
            row += [float(feats["cent"][idx].mean())]
        if "high" in FEATURES:
            row += [float(feats["high"][idx].mean())]
        rows.append(row)
    x = np.asarray(rows, dtype=np.float64)
    if np.isnan(x).any():
        fill = np.nanmedian(x, axis=0)
        x = np.where(np.isnan(x), np.nan_to_num(fill)[None], x)
    return (x - x.mean(0)) / (x.std(0) + 1e-9)


def _slow_projection(x: np.ndarray, words: Sequence[Word]) -> tuple[np.ndarray, np.ndarray]:
    """Project on the directions whose total variance is largest relative to the variance between neighbours."""
    n, d = x.shape
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
    return y / (y.std(0) + 1e-9), ratios[order]


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
