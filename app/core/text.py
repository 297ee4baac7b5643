"""Small text helpers shared by the detectors: normalisation, sentences, content words.

Hand-rolled on purpose: the detectors need a few predictable operations on short utterances, not a
language-processing stack.
"""

from __future__ import annotations

import re
from functools import lru_cache

_QUOTES = str.maketrans({"‘": "'", "’": "'", "´": "'", "`": "'", "“": '"', "”": '"'})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s+|:\s+(?=[a-z])")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_NUMBER_WORDS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
    "7": "seven", "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve",
    "twice": "two", "thrice": "three", "once": "one",
}  # fmt: skip


def normalize(text: str) -> str:
    """Lower case, straight quotes, single spaces: the form every pattern is written against."""
    text = text.translate(_QUOTES).lower()
    return re.sub(r"[ \t]+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """Split normalised text into sentences (and clauses after ';' or ':'), dropping empty ones."""
    parts = (p.strip(" ,-") for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_count(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'trucks'/'truck', 'exporting'/'export', 'moving'/'move'."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in ("ies", "ied"):
        if word.endswith(suffix):
            return word[: -len(suffix)] + "y"
    for suffix in ("ing", "ed", "es", "s", "ly", "er", "est"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                break
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    return word.rstrip("e") if len(word) > 3 else word


def content_words(text: str, stopwords: frozenset[str]) -> list[str]:
    """Stemmed words that carry content (numbers included, as words), in order of appearance."""
    out: list[str] = []
    for token in tokens(normalize(text)):
        token = _NUMBER_WORDS.get(token, token)
        if token in stopwords or len(token) < 2:
            continue
        out.append(stem(token))
    return out


# An account code read out or written in capitals: an IBAN ("GB82 WEST 1234 ..."), a reference such as "AB12CD".
_CODE = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){2,}\b|\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,}\b")


def without_codes(text: str) -> str:
    """The text without account codes and references, whose capitals are not shouting."""
    return _CODE.sub(" ", text)


# What a transcription service or our own redaction put in place of words: "[PII]", "[NAME]", "<redacted>",
# "***", "####", "XXXX", "[card]". Never spoken: not words, not shouting, not something the customer said.
PLACEHOLDER = re.compile(r"\[[A-Za-z_ -]{1,24}\]|<[A-Za-z_ -]{1,24}>|\*{2,}|#{3,}|\bX{3,}\b")


def speakable(text: str) -> str:
    """The text without redaction placeholders, which were never spoken."""
    return re.sub(r"\s{2,}", " ", PLACEHOLDER.sub(" ", text)).strip()
