"""The agent's name as they give it at the start of the call: a suggestion for calls imported without one."""

from __future__ import annotations

import pytest

from callcoach.core.agent_name import said_name, suggested_agent
from tests.calls import make_call


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Thank you for calling Harbour Bank, my name is Priya. How can I help?", "Priya"),
        ("Hello, this is Travis speaking, how can I help?", "Travis"),
        ("Good morning, Zoë speaking.", "Zoë"),
        ("You're speaking to Priya Nair, how can I help", "Priya Nair"),
        ("my name is Priya How can I help you today", "Priya"),
        ("Hi, this is the billing team.", None),
        ("How can I help you today?", None),
    ],
)
def test_the_name_an_agent_gives(said: str, name: str | None) -> None:
    assert said_name(make_call([("agent", 0.0, 3.0, said)]).segments) == name


def test_only_the_agent_and_only_at_the_start() -> None:
    call = make_call(
        [
            ("customer", 0.0, 2.0, "Hi, my name is Dana and I have a problem."),
            ("agent", 2.5, 4.0, "Okay."),
            ("agent", 4.5, 6.0, "Let me look."),
            ("agent", 6.5, 8.0, "One moment."),
            ("agent", 8.5, 10.0, "By the way, my name is Sam."),
        ]
    )
    assert said_name(call.segments) is None


def test_agent_mode_offers_the_assigned_agent_then_the_name_said() -> None:
    assert suggested_agent("Priya Nair", "Priya") == "Priya Nair"
    assert suggested_agent(None, "Priya") == suggested_agent("  ", "Priya") == "Priya"
    assert suggested_agent(None, None) == ""
