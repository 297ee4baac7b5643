"""Guards against Whisper's hallucinated repetition loops ("thank you. thank you. thank you. ...")."""

from __future__ import annotations

import re

from callcoach.core.model import Word

MAX_NGRAM = 6
MAX_REPEATS = 2  # a phrase said twice in a row is plausible speech; a third time in a row is a loop


def _key(word: Word) -> str:
    return re.sub(r"[^\w']", "", word.word.lower())


def remove_repeated_runs(words: list[Word]) -> list[Word]:
    """Drop the third and later consecutive repeats of any 1..6-word phrase, keeping timing of the rest."""
    keys = [_key(w) for w in words]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        advanced = False
        for n in range(1, MAX_NGRAM + 1):
            if i + 2 * n > len(words):
                break
            phrase = keys[i : i + n]
            if not any(phrase):
                continue
            repeats = 1
            j = i + n
            while j + n <= len(words) and keys[j : j + n] == phrase:
                repeats += 1
                j += n
            if repeats > MAX_REPEATS:
                for k in range(i + MAX_REPEATS * n, j):
                    keep[k] = False
                i = j
                advanced = True
                break
        if not advanced:
            i += 1
    return [w for w, k in zip(words, keep, strict=True) if k]


def words_to_text(words: list[Word]) -> str:
    """Join Whisper word pieces (which carry their own leading spaces) into clean text."""
    return re.sub(r"\s+", " ", "".join(w.word for w in words)).strip()
