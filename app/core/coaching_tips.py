"""Coaching tips built from the call itself: this customer's problem restated, this agent's sentence rewritten.

A fixed example tip on every call teaches nothing; a tip in the reviewer's own call shows the agent what the
better sentence would have been, at that moment, with those facts.
"""

from __future__ import annotations

import re

from callcoach.core.text import sentences, speakable

_PERSON = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "we": "you", "us": "you",
    "our": "your", "ours": "yours", "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've",
    "i'd": "you'd", "i'll": "you'll", "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll",
    "you": "I", "your": "my", "yours": "mine", "you're": "I'm", "you've": "I've",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z']+")
_FILLERS = re.compile(r"\b(um+|uh+|er+|erm|like,|you know,?|i mean,?|basically,?|so+,|well,)\s*", re.IGNORECASE)
_OPENERS = re.compile(r"^(hi|hello|hey|yes|yeah|so|and|but|well|okay|ok|right|oh|um|uh)\b[,.!]?\s*", re.IGNORECASE)
_MAX_WORDS = 22


# The verb changes with the person only after "I": "I was charged" -> "you were", but "my card was declined" stays.
_FIRST_PERSON_VERB = re.compile(r"\b(I)(\s+)(was|am)\b", re.IGNORECASE)
_SECOND_PERSON = {"was": "were", "am": "are"}


def _swap_person(text: str) -> str:
    text = _FIRST_PERSON_VERB.sub(lambda m: f"{m.group(1)}{m.group(2)}{_SECOND_PERSON[m.group(3).lower()]}", text)

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low not in _PERSON:
            return word
        return _PERSON[low]

    return _WORD.sub(swap, text)


def _gist(text: str) -> str:
    """The customer's sentence that carries most of the problem, short enough to say back."""
    clean = _FILLERS.sub("", speakable(text))
    parts = [p for p in (s.strip() for s in sentences(clean) or [clean]) if p]
    if not parts:
        return clean.strip()
    best = max(parts, key=lambda s: (min(len(s.split()), _MAX_WORDS), -parts.index(s)))
    while True:
        stripped = _OPENERS.sub("", best)
        if stripped == best:
            break
        best = stripped
    words = best.split()
    if len(words) > _MAX_WORDS:
        best = " ".join(words[:_MAX_WORDS]) + " …"
    return best.rstrip(" .!?,;:")


def restate(customer_text: str, fallback: str) -> str:
    """A paraphrase the agent could have said: the customer's own problem, in the second person."""
    gist = _swap_person(_gist(customer_text))
    if not gist:
        return fallback
    return f"Restate it before solving it: 'So {gist[0].lower() + gist[1:]} — have I got that right?'"


def acknowledge(customer_text: str, fallback: str) -> str:
    """An acknowledgement that names this customer's situation, not a stock phrase."""
    gist = _swap_person(_gist(customer_text))
    if not gist:
        return fallback
    return (
        "Acknowledge the feeling before the fix: "
        f"'I'm sorry — {gist[0].lower() + gist[1:]}, I can see why that's frustrating. Let's sort it out.'"
    )


_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"\b(there's|there is) nothing (i|we) can do\b.*", "Here's what I can do: …"),
        (r"\bi (don't|do not) know\b(.*)", r"Let me find out\2 for you."),
        (r"\b(that's|that is|it's|it is) (our|the|company) (policy|rule|rules)\b.*",
         "Our policy doesn't allow that, but here's what I can do for you: …"),
        (r"\byou should(n't| not)? have\b.*", "Let's get this sorted now — and a tip so it's easier next time: …"),
        (r"\byou('ll| will)? (have|need) to\b(.*)", r"The quickest way is to\3 — I can walk you through it."),
        (r"\b(i|we) (can't|cannot|can not|won't|will not|am unable to|are unable to|am not able to)\b(.*)",
         r"While \1 can't\3, here's what \1 can do: …"),
        (r"\b(unfortunately|sadly),?\s*(.*)", r"\2 — and here's what I can do about it: …"),
    )
)  # fmt: skip


def has_rewrite(agent_sentence: str) -> bool:
    """Whether `rephrase` knows a better phrasing for this sentence (a dead end, blame, a refusal)."""
    return any(pattern.search(speakable(agent_sentence)) for pattern, _ in _REWRITES)


def rephrase(agent_sentence: str) -> str:
    """A better phrasing of this negative sentence: what can be done instead of the dead end or the blame."""
    sentence = speakable(agent_sentence).strip()
    core = re.sub(r"\s*\byourself\b", "", sentence.rstrip(" .!?;:"))
    for pattern, replacement in _REWRITES:
        match = pattern.search(core)
        if match:
            better = pattern.sub(replacement, core[match.start() :], count=1).strip()
            better = re.sub(r"\s+([,.!?])", r"\1", better)
            return f"Instead of '{sentence}', try: '{better[0].upper() + better[1:]}'"
    return f"Instead of '{sentence}', say what you can do: 'What I can do is …'"
