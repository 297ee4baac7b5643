"""Coaching tips built from the call: the customer's problem said back in the second person."""

from __future__ import annotations

import pytest

from callcoach.core.coaching_tips import acknowledge, rephrase, restate


@pytest.mark.parametrize(
    ("said", "restated"),
    [
        ("Hi, my card was declined twice today and I'm abroad.", "So your card was declined twice today and you're"),
        ("I was charged twice for my plan this month.", "So you were charged twice for your plan this month"),
        ("Um, I am locked out of my account.", "So you are locked out of your account"),
        ("We were promised a refund and it never came.", "So you were promised a refund and it never came"),
    ],
)
def test_the_problem_is_restated_in_the_second_person(said: str, restated: str) -> None:
    tip = restate(said, "fallback")
    assert tip.startswith(f"Restate it before solving it: '{restated}") and tip.endswith(" — have I got that right?'")


def test_nothing_to_restate_gives_the_fallback() -> None:
    assert restate("Um.", "the fallback") == "the fallback"


def test_acknowledge_names_the_situation() -> None:
    assert "your parcel was late" in acknowledge("My parcel was late.", "fallback")


def test_rephrase_rewrites_the_agents_own_sentence() -> None:
    assert rephrase("There's nothing I can do about that.") == (
        "Instead of 'There's nothing I can do about that.', try: 'Here's what I can do: …'"
    )
