"""What a customer turn expresses: distress, and whether it explains a problem worth restating.

These drive the missing_empathy and missing_paraphrase findings, so they err towards what a careful QA
reviewer would flag rather than towards any negative word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callcoach.core.model import Segment
from callcoach.core.phrases import Phrases, any_match
from callcoach.core.text import content_words, normalize, speakable, without_codes, word_count

_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_ACRONYMS = frozenset({"URL", "DLC", "DLCS", "ATT", "USA", "PDF", "FAQ", "ISP", "ID", "APP", "TV", "DVD", "OS", "USB"})


@dataclass(frozen=True)
class CustomerCue:
    distress: bool
    distress_reason: str | None
    sarcasm: bool
    problem: bool


def _shouting(text: str) -> bool:
    shouted = [w for w in _SHOUTED.findall(without_codes(speakable(text))) if w not in _ACRONYMS]
    return len(shouted) >= 2 or any(len(w) >= 5 for w in shouted)


def distress_reason(text: str, phrases: Phrases) -> tuple[str | None, bool]:
    """Why this customer text reads as frustrated, angry or worried (None if it doesn't), and sarcasm."""
    norm = normalize(text)
    sarcasm = any_match(phrases.sarcasm, norm) is not None
    if sarcasm:
        return "sarcasm", True
    if any_match(phrases.calm, norm) and not any_match(phrases.profanity, norm):
        # "I'm honestly not mad": only a later, explicit worry overrides it
        calm_free = any_match(phrases.calm, norm)
        rest = norm[calm_free.end() :] if calm_free else norm
        hit = any_match(phrases.distress_words, rest)
        return (f"says '{hit.group(0)}'" if hit else None), False
    for patterns, label in (
        (phrases.profanity, "swearing"),
        (phrases.distress_words, "says"),
        (phrases.distress_patterns, "exasperation"),
    ):
        hit = any_match(patterns, norm)
        if hit:
            return f"{label} '{hit.group(0).strip()}'", False
    if _shouting(text):
        return "shouting in capitals", False
    return None, False


def classify_customer(
    segment: Segment, seen_words: set[str], problem_before: bool, follows_agent: bool, phrases: Phrases
) -> CustomerCue:
    """Distress and problem-statement flags for one customer segment.

    `seen_words` holds the content words of everything the customer said before (see text.content_words).
    """
    reason, sarcasm = distress_reason(segment.text, phrases)
    return CustomerCue(
        distress=reason is not None,
        distress_reason=reason,
        sarcasm=sarcasm,
        problem=_states_problem(segment.text, seen_words, problem_before, follows_agent, sarcasm, phrases),
    )


def _states_problem(
    text: str, seen: set[str], problem_before: bool, follows_agent: bool, sarcasm: bool, phrases: Phrases
) -> bool:
    """A turn that explains what went wrong, with detail, and says something new.

    The first statement of a problem counts; a later turn counts only when it adds a new or clarified
    problem (enough words the customer has not used yet), not when it repeats, vents or answers a question.
    """
    norm = normalize(text)
    if any_match(phrases.resolved, norm) or not any_match(phrases.problem_indicators, norm):
        return False
    words = content_words(text, phrases.stopwords)
    if not problem_before:
        return len(words) >= 6
    if not follows_agent or sarcasm:
        return False
    new = [w for w in words if w not in seen]
    return word_count(text) >= 15 and len(new) >= 3 and len(new) >= 0.5 * len(words)
