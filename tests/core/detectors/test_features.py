"""The explicit features: cues an embedding blurs, written once for training and run time."""

from __future__ import annotations

import numpy as np

from callcoach.core.detectors import features as fx


def test_placeholders_and_spelled_names_are_not_shouting() -> None:
    assert fx.shouting("This is [PII] speaking, am I speaking to [PII]?") == 0
    assert fx.shouting("my surname is S M I T H, and the code is PIN and SMS") == 0
    assert fx.shouting("I WANT MY MONEY BACK") >= 3


def test_placeholders_are_not_spoken_words() -> None:
    assert fx.speakable("Hi [NAME], your card *** ends <redacted>") == "Hi , your card ends"
    assert "pii" not in fx.words("my name is [PII] and my order is late")


def test_negation_redeemed_by_an_alternative() -> None:
    plain = fx.agent_features("I can't change the date.", 0, 2, 1, 0.0)
    redeemed = fx.agent_features("I can't change the date, but I can move you to the morning slot.", 0, 2, 1, 0.0)
    index = fx.AGENT_FEATURES.index("negation_redeemed")
    assert plain[fx.AGENT_FEATURES.index("negation")] == 1.0
    assert plain[index] == 0.0 and redeemed[index] == 1.0


def test_blame_feature() -> None:
    index = fx.AGENT_FEATURES.index("blame")
    assert fx.agent_features("You should have read the terms.", 0, 2, 1, 0.0)[index] == 1.0
    assert fx.agent_features("I'll send the form to you now.", 0, 2, 1, 0.0)[index] == 0.0


def test_pair_features_find_the_restated_turn() -> None:
    earlier = [
        (np.array([1.0, 0.0]), fx.words("my washing machine stopped spinning after a week")),
        (np.array([0.0, 1.0]), fx.words("my account number is 12345")),
    ]
    values, best = fx.pair_features("So the washing machine stopped spinning a week in?", np.array([0.9, 0.1]), earlier)
    assert best == 0
    assert values[fx.PAIR_FEATURES.index("shared_best")] > 0


def test_grams_and_sentences() -> None:
    assert {"so sorry", "sorry", "!"} <= fx.grams("So sorry!")
    assert fx.sentence_texts("Thanks for waiting. I'm so sorry, I can see why you're upset.") == [
        "Thanks for waiting.",
        "I'm so sorry, I can see why you're upset.",
    ]
    vocabulary = {"sorry": 0, "refund": 1}
    assert fx.gram_vector("sorry about that", vocabulary).tolist() == [1.0, 0.0]
