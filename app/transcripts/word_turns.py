"""Turns built from words, for the JSON files that label each word with its speaker but give no utterances.

Amazon Transcribe (older speaker-labelled and channel-labelled files), Deepgram without `utterances` and
AssemblyAI without `utterances` list words, each with its speaker or channel. A turn is then a run of one
speaker's words with no pause of MAX_GAP seconds or more, the rule AWS's Post-Call Analytics sample uses for the
same files; the words of both channels are merged in time order first, so a reply on the other channel ends
the turn it interrupts. Punctuation that a format lists as its own item is attached to the word before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from callcoach.core.model import Word
from callcoach.transcripts.common import Turn, collapse

MAX_GAP = 3.0  # seconds of silence that end a turn even when the same speaker goes on
_CHANNEL = re.compile(r"ch_(\d+)")
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class LabelledWord:
    """A word with the speaker (and channel) the file gives it."""

    word: Word
    label: str = ""
    channel: int | None = None


def channel_number(label: object) -> int | None:
    """0 for "ch_0" (the left channel), 1 for "ch_1"; None for anything else."""
    match = _CHANNEL.fullmatch(label.strip()) if isinstance(label, str) else None
    return int(match.group(1)) if match else None


def is_punctuation(text: str) -> bool:
    """A token with no letter or digit: ",", "?", "..." (attached to the word before it)."""
    return bool(text.strip()) and not _WORDLIKE.search(text)


def attach_punctuation(words: list[Word], mark: str) -> None:
    """Append a punctuation mark to the last word (nothing to do before the first word)."""
    if words:
        words[-1] = replace(words[-1], word=words[-1].word + mark.strip())


def turns_from_words(words: Iterable[LabelledWord], max_gap: float = MAX_GAP) -> list[Turn]:
    """Group words, in time order, into turns of one speaker; the turn's text is its words joined by spaces."""
    turns: list[Turn] = []
    for item in sorted(words, key=lambda w: w.word.start):
        last = turns[-1] if turns else None
        if (
            last is not None
            and last.label == item.label
            and last.channel == item.channel
            and item.word.start - last.end < max_gap
        ):
            last.words.append(item.word)
            last.end = max(last.end, item.word.end)
        else:
            turns.append(Turn(item.label, item.word.start, item.word.end, "", [item.word], item.channel))
    for turn in turns:
        turn.text = turn_text("", turn.words)
    return turns


def turn_text(given: str, words: Iterable[Word]) -> str:
    """A turn's text: the one the service wrote, else its words joined."""
    return collapse(given) if given.strip() else collapse(" ".join(w.word for w in words))


def majority_label(labels: Iterable[str]) -> str:
    """The label given most often (the first of those tied), "" when none is given."""
    counts: dict[str, int] = {}
    for label in labels:
        if label:
            counts[label] = counts.get(label, 0) + 1
    return max(counts, key=lambda label: counts[label]) if counts else ""
