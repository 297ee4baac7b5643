"""Speaker names to roles: common names map, anything unclear is refused rather than guessed."""

from __future__ import annotations

import pytest

from callcoach.core.errors import InputError
from callcoach.transcripts.roles import SPEAKER_HINT, find_speaker_prefix, resolve_speaker, role_for_name


@pytest.mark.parametrize(
    "name",
    [
        "Agent",
        "AGENT",
        "agent",
        "Rep",
        "Representative",
        "CSR",
        "Advisor",
        "Adviser",
        "Associate",
        "Support",
        "Operator",
        "Specialist",
        "Staff",
        "Employee",
        "Support Agent",
        "support-agent",
        "Agent 1",
        "Agent1",
        "AGENT_2",
        "Agent #3",
        "Agent Smith",
        "Customer Service",
        "Customer Service Rep",
        "Customer Support",
        "Billing Specialist",
    ],
)
def test_agent_names(name: str) -> None:
    assert role_for_name(name) == "agent"


@pytest.mark.parametrize(
    "name",
    [
        "Customer",
        "CUSTOMER",
        "Caller",
        "Client",
        "User",
        "Member",
        "Guest",
        "Consumer",
        "Patient",
        "Customer 2",
        "customer2",
        "Caller (Jane)",
        "Customer Jane Doe",
        "Account Holder",
    ],
)
def test_customer_names(name: str) -> None:
    assert role_for_name(name) == "customer"


@pytest.mark.parametrize("name", ["Bob", "Speaker 1", "SPEAKER_00", "Service", "", "  ", "1", "Narrator"])
def test_unknown_names(name: str) -> None:
    assert role_for_name(name) is None


def test_resolve_speaker_error_names_the_speaker_line_and_fix() -> None:
    with pytest.raises(InputError) as caught:
        resolve_speaker(" Bob ", "call.vtt", line=12)
    err = caught.value
    assert (err.path, err.line, err.problem, err.hint) == ("call.vtt", 12, "unknown speaker 'Bob'", SPEAKER_HINT)
    assert resolve_speaker("Caller", "call.vtt") == "customer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agent: Hello there", ("Agent", "Hello there", "agent")),
        ("agent:Hello", ("agent", "Hello", "agent")),
        ("[Customer] Hi", ("Customer", "Hi", "customer")),
        ("[Caller]: Hi", ("Caller", "Hi", "customer")),
        ("AGENT - Hello", ("AGENT", "Hello", "agent")),
        ("Customer — Hi", ("Customer", "Hi", "customer")),
        ("- Agent: Hi", ("Agent", "Hi", "agent")),  # subtitle dialogue dash
        ("Bob: Hi", ("Bob", "Hi", None)),  # looks like a speaker label: reported as unknown
        ("Speaker 1: Hi", ("Speaker 1", "Hi", None)),
    ],
)
def test_speaker_prefix(text: str, expected: tuple) -> None:
    prefix = find_speaker_prefix(text)
    assert prefix is not None
    assert (prefix.name, prefix.text, prefix.role) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hello there: how are you",  # ordinary text with a colon
        "Well - I tried that",  # ordinary text with a dash
        "Bob - are you there?",  # an unknown name before a dash is not taken as a label
        "See https://example.com",
        "Thanks for calling",
    ],
)
def test_no_speaker_prefix(text: str) -> None:
    assert find_speaker_prefix(text) is None
