"""Tags on agent segments: empathy, paraphrase, negative language and the simpler practice tags.

Each detector works sentence by sentence on normalised text, because the judgements hinge on what
follows a phrase in the same breath ("I can't ..., but I can ...", "sorry, but that's our policy").
"""

from __future__ import annotations

from dataclasses import dataclass

from callcoach.core.phrases import NegativeRule, Phrases, any_match
from callcoach.core.text import content_words, normalize, sentences, tokens


@dataclass(frozen=True)
class NegativeHit:
    rule: NegativeRule
    sentence: str


def _strip_idioms(sentence: str, phrases: Phrases) -> str:
    for idiom in phrases.positive_idioms:
        sentence = idiom.sub(" · ", sentence)
    return sentence


def negative_language(text: str, phrases: Phrases, following: str = "") -> NegativeHit | None:
    """The first dead end, refusal or blame in the text that no alternative right after it redeems.

    `following` is what the agent said next in the same breath (the next sentence of a recording), which
    can redeem a refusal at the end of `text` but is not itself judged here.
    """
    own = sentences(normalize(text))
    parts = [_strip_idioms(s, phrases) for s in own + sentences(normalize(following))[:1]]
    for i, sentence in enumerate(parts[: len(own)]):
        for rule in phrases.negative_rules:
            match = rule.pattern.search(sentence)
            if not match:
                continue
            if rule.redeemable:
                after = sentence[match.end() :] + " " + (parts[i + 1] if i + 1 < len(parts) else "")
                if any_match(phrases.alternatives, after):
                    continue
            return NegativeHit(rule, own[i])
    return None


def empathy(text: str, phrases: Phrases, refusal: NegativeHit | None) -> bool:
    """Acknowledges the customer's feelings or situation, or apologises for their experience.

    Empathy that is brushed aside at once ("Moving on, ...") does not count, and neither does an apology
    that only opens a refusal ("Sorry, but that's our policy").
    """
    found = False
    for sentence in sentences(normalize(text)):
        if any_match(phrases.dismissals, sentence):
            found = False
            continue
        match = any_match(phrases.empathy, sentence)
        if not match:
            continue
        opens_refusal = refusal is not None and refusal.sentence == sentence and " but " in sentence
        if not opens_refusal:
            found = True
    return found


def paraphrase(text: str, context: set[str], phrases: Phrases) -> bool:
    """Restates the customer's specific problem: reuses their content words, in a frame or in depth.

    A cue phrase alone ("let me make sure I have this right: what's the model number?") is not enough,
    and neither is one shared word without a restating frame. `context` holds the content words of the
    customer's problem statements (see text.content_words).
    """
    if not context:
        return False
    for sentence in sentences(normalize(text)):
        words = content_words(sentence, phrases.stopwords)
        if not words:
            continue
        shared = {w for w in words if w in context}
        ratio = sum(w in context for w in words) / len(words)
        if len(shared) >= 4 and ratio >= 0.3:
            return True
        if len(shared) >= 3 and ratio >= 0.5:
            return True
        if shared and any_match(phrases.paraphrase_frames, sentence):
            return True
    return False


def is_backchannel(text: str, phrases: Phrases) -> bool:
    """A very short acknowledgement ("mm-hmm", "I see") that shows listening and is never an interruption."""
    words = tokens(normalize(text).replace("-", " "))
    if not words or len(words) > phrases.backchannel_max_words:
        return False
    joined = " ".join(words)
    return joined in phrases.backchannels or all(w in phrases.backchannels for w in words)


def simple_tags(text: str, phrases: Phrases) -> list[str]:
    """Practice tags that a phrase list decides on its own (apology, solution, thanks, ...)."""
    parts = sentences(normalize(text))
    found = []
    for name, patterns in phrases.tags.items():
        if any(any_match(patterns, s) for s in parts):
            found.append(name)
    return found


def profanity(text: str, phrases: Phrases) -> bool:
    return any_match(phrases.profanity, normalize(text)) is not None
