"""Customer-side judgements: distress (sarcasm and explicit calm included) and problem statements."""

import pytest

from callcoach.core.customer_cues import classify_customer, distress_reason
from callcoach.core.model import Segment
from callcoach.core.phrases import default_phrases
from callcoach.core.text import content_words

P = default_phrases()


@pytest.mark.parametrize(
    "text",
    [
        "I'm really frustrated, this is the fourth engineer visit.",
        "This is a joke. Third time I'm calling!!",
        "WHY IS NOBODY ANSWERING",
        "Oh great, so now the refund takes another month.",  # sarcasm
        "Wonderful, the best three hours on hold I've ever spent.",  # sarcasm
        "I'm worried the medicine won't arrive before we travel.",
        "This is damn ridiculous.",
    ],
)
def test_distress_found(text: str) -> None:
    assert distress_reason(text, P)[0] is not None


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I'd like to change the delivery address on my order.",
        "I'm not mad, just confused about the second charge.",  # explicit calm
        "The printer shows error 41 after the update. What should I try?",  # neutral problem report
        "Thanks, that's all I needed.",
        "Can you please help me reset my password?",  # routine request
    ],
)
def test_not_distress(text: str) -> None:
    assert distress_reason(text, P)[0] is None


def test_sarcasm_is_reported() -> None:
    reason, sarcasm = distress_reason("Oh good, as long as the hotel is happy.", P)
    assert sarcasm and reason == "sarcasm"


def _cue(text: str, earlier: str = "", problem_before: bool = False, follows_agent: bool = True):
    seen = set(content_words(earlier, P.stopwords))
    return classify_customer(Segment(0, "customer", 0.0, 5.0, text), seen, problem_before, follows_agent, P)


def test_first_detailed_problem_is_a_problem_statement() -> None:
    cue = _cue("My new kettle stopped heating after two days and now the base light keeps flashing red.")
    assert cue.problem


def test_request_without_a_problem_is_not() -> None:
    assert not _cue("I'd like to move my appointment from Monday to Wednesday afternoon.").problem


def test_repeat_of_known_problem_is_not_a_new_statement() -> None:
    earlier = "My new kettle stopped heating after two days and the base light keeps flashing red."
    cue = _cue("Yes, the kettle. It stopped heating and the light keeps flashing red.", earlier, True)
    assert not cue.problem


def test_new_problem_after_agent_reply_is_a_statement() -> None:
    earlier = "My new kettle stopped heating after two days."
    text = "Also the replacement you posted last month arrived with a cracked lid and the handle is loose, so it leaks."
    assert _cue(text, earlier, True).problem


def test_resolved_report_is_not_a_problem() -> None:
    assert not _cue("It's sorted now, the reset fixed it, the error is gone.", "x", True).problem


def test_an_iban_or_a_reference_in_capitals_is_not_shouting() -> None:
    from callcoach.core.customer_cues import _shouting
    from callcoach.core.detectors.features import shouting

    text = "My IBAN is GB82 WEST 1234 5698 7654 32 and the reference is AB12CD."
    assert not _shouting(text) and shouting(text) == 0.0
    assert _shouting("THIS IS RIDICULOUS, FIX IT") and shouting("THIS IS RIDICULOUS") > 0


def test_redaction_placeholders_are_not_shouting() -> None:
    """Amazon Transcribe writes [PII] for what it redacted: two of them in a line read as shouting in capitals."""
    from callcoach.core.customer_cues import _shouting
    from callcoach.core.detectors.features import shouting

    text = "This is [PII] speaking, am I speaking to [PII]? My code is [REDACTED] and [NAME]."
    assert not _shouting(text) and shouting(text) == 0.0
