"""Agent-side detectors, each with its traps: the cases a keyword list gets wrong."""

import pytest

from callcoach.core import agent_tags
from callcoach.core.phrases import default_phrases
from callcoach.core.text import content_words

P = default_phrases()


def neg(text: str) -> bool:
    return agent_tags.negative_language(text, P) is not None


def emp(text: str) -> bool:
    return agent_tags.empathy(text, P, agent_tags.negative_language(text, P))


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sorry to hear the heater failed again.",
        "Our apologies for the mix-up with your booking.",
        "I can see why you'd be upset about being billed twice.",
        "That must be really stressful with the move so close.",
        "A burst pipe the night before guests arrive is a miserable way to start the holiday.",
        "Oh no, that's not what we want for you at all.",
        "I understand how inconvenient it is to wait in all day.",
        "That worry makes sense, the letter was confusing.",
    ],
)
def test_empathy_found(text: str) -> None:
    assert emp(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, the line broke up. Could you repeat the postcode?",  # apology for the agent's own question
        "Sorry for asking twice, what was the order date?",
        "Thanks for calling, I really value your loyalty.",  # politeness is not empathy
        "I appreciate your understanding.",
        "We're here to help! Let's take a look.",
        "Sure, I get that it's annoying. Moving on, what's your reference?",  # brushed aside
        "I'm sorry, but that's our policy.",  # apology that only opens a refusal
    ],
)
def test_empathy_traps(text: str) -> None:
    assert not emp(text)


@pytest.mark.parametrize(
    "text",
    [
        "We can't refund opened software.",
        "That's our policy and there's nothing I can do.",
        "Our terms don't allow a second replacement.",
        "You should have read the confirmation email.",
        "You'll need to contact the courier yourself.",
        "As I said, the warranty has expired.",
        "Our system shows the parcel was delivered, so the case is closed on our side.",
        "Unfortunately the offer has ended.",
        "I don't know.",
        "Next time, check the size chart before ordering.",
    ],
)
def test_negative_language_found(text: str) -> None:
    assert neg(text)


@pytest.mark.parametrize(
    "text",
    [
        "No problem at all, happy to help.",
        "I can't wait to hear how the trip goes!",
        "You don't need to send the receipt again.",
        "Nothing to worry about, the charge is only a hold.",
        "I can't change the flight date, but I can move you to the earlier train at no cost.",
        "We don't repair screens in store, but I'll book a free courier pickup for tomorrow.",
        "Unfortunately that model had a faulty hinge, so I'm sending you a replacement today.",
        "I'm not sure offhand, but I'll look it up right now.",
        "Please reach out to the manufacturer for the manual.",  # a plain redirect, not a refusal
    ],
)
def test_negative_language_traps(text: str) -> None:
    assert not neg(text)


def test_negative_hit_names_rule_and_offers_better_phrasing() -> None:
    hit = agent_tags.negative_language("Thanks for waiting. You should have kept the receipt.", P)
    assert hit is not None
    assert hit.rule.name == "blame"
    assert hit.sentence == "you should have kept the receipt."
    assert hit.rule.suggestion and "you" not in hit.rule.name


PROBLEM = content_words(
    "The washing machine you delivered on Monday leaks water from the door seal every time it spins.",
    P.stopwords,
)


@pytest.mark.parametrize(
    "text",
    [
        "So the machine leaks at the door seal whenever it spins, since it arrived on Monday?",
        "Water coming out of the door seal on every spin, from a machine delivered Monday.",
        "If I understand correctly, the door seal is leaking.",
    ],
)
def test_paraphrase_found(text: str) -> None:
    assert agent_tags.paraphrase(text, set(PROBLEM), P)


@pytest.mark.parametrize(
    "text",
    [
        "Let me make sure I have this right: what's your order number?",  # cue phrase, no restatement
        "Sorry to hear you're having trouble with your appliance.",  # generic mention
        "Did you buy the extended warranty?",
        "Thanks, I'll book an engineer.",
    ],
)
def test_paraphrase_traps(text: str) -> None:
    assert not agent_tags.paraphrase(text, set(PROBLEM), P)


def test_paraphrase_needs_a_problem_to_restate() -> None:
    assert not agent_tags.paraphrase("So the door seal leaks on every spin.", set(), P)


@pytest.mark.parametrize("text", ["Mm-hmm.", "I see.", "Okay, right.", "yeah"])
def test_backchannel(text: str) -> None:
    assert agent_tags.is_backchannel(text, P)


@pytest.mark.parametrize("text", ["I see, but that is not what happened.", "No, wait, that's wrong."])
def test_not_backchannel(text: str) -> None:
    assert not agent_tags.is_backchannel(text, P)


def test_simple_tags() -> None:
    tags = agent_tags.simple_tags(
        "We can either send a technician tomorrow or ship a replacement, which works best for you?", P
    )
    assert "options" in tags
    assert "greeting" in agent_tags.simple_tags("Thank you for calling Acme, my name is Sam.", P)
    assert "boundary" in agent_tags.simple_tags("I want to help, but I can't continue this call if you swear.", P)
    assert agent_tags.simple_tags("The weather is nice.", P) == []
