"""Redaction: what a customer reads out is hidden, the numbers a coach needs to follow the call are not."""

from __future__ import annotations

import itertools

import pytest

from callcoach.reporting.redact import find_sensitive, luhn_valid, redact_text

HIDDEN = [
    # cards: 13-19 digits, Luhn-valid, with or without spaces and dashes
    ("My card is 4111 1111 1111 1111, expiry next year.", "My card is [card], expiry next year."),
    ("card 4111-1111-1111-1111 please", "card [card] please"),
    ("It's 5500005555555559.", "It's [card]."),
    ("Amex 3782 822463 10005 ok", "Amex [card] ok"),
    # cards read out as words, with "oh", "double" and "triple"
    (
        "It's four one one one, one one one one, one one one one, one one one one.",
        "It's [card].",
    ),
    ("five five oh oh double oh five five five five five five five five five nine", "[card]"),
    ("four triple one, one one one one, one one one one, one one one one", "[card]"),
    # a 16-digit number that fails the checksum is still hidden, as an account number
    ("card 4111-1111-1111-1112 please", "card [account] please"),
    # social security numbers
    ("My SSN is 123-45-6789.", "My SSN is [ssn]."),
    ("social security number one two three four five six seven eight nine", "social security number [ssn]"),
    ("social security 078051120 thanks", "social security [ssn] thanks"),
    # account numbers: 8+ digit runs, or anything after "account number"
    ("reference 12345678 on the letter", "reference [account] on the letter"),
    ("My account number is 123456.", "My account number is [account]."),
    ("account no. 4821", "account no. [account]"),
    ("account number is four four one nine oh two seven", "account number is [account]"),
    ("It's 4 4 1 9 0 2 7.", "It's [account]."),
    ("order #98765432 arrived", "order #[account] arrived"),
    ("it's 4, 1, 1, 9, 0, 2, 7", "it's [account]"),
    # phone numbers
    ("call me on (555) 123-4567 tomorrow", "call me on [phone] tomorrow"),
    ("+44 20 7946 0958", "[phone]"),
    ("+1 (555) 123-4567", "[phone]"),
    ("ring 020 7946 0958 or 07700 900123", "ring [phone] or [phone]"),
    ("555.123.4567", "[phone]"),
    ("my direct line is 555-0199", "my direct line is [phone]"),
    ("1-800-555-0199", "[phone]"),
    ("one eight hundred five five five oh one nine nine", "[phone]"),
    ("my phone number is five five five, double five, oh one nine nine", "my phone number is [phone]"),
    ("my mobile is oh seven seven oh oh nine oh oh one two three", "my mobile is [phone]"),
    # e-mail addresses, written and spoken
    ("write to jane.doe+bills@example.co.uk today", "write to [email] today"),
    ("Zoë.Ångström@exämple.de", "[email]"),
    ("it's jane dot doe at example dot com", "it's [email]"),
    ("j underscore smith at mail dot co dot uk", "[email]"),
]

KEPT = [
    "That's $84 for the month.",
    "You were charged £1,234,567.89 in total?",  # an amount with thousands separators
    "It was 1 250 000 dollars.",
    "Le total est de 1 250 000 €.",
    "The engineer comes at 7:30, between 8 and 10.",
    "I called three weeks ago, on 2024-05-01.",
    "The letter is dated 12/05/2024 and 05-01-2024 and 12.05.2024.",
    "Order number 123456 arrived.",
    "Flight BA 2490 leaves at 10:45:30.",
    "We've been customers from 2019-2024.",
    "Version 10.2.3 of the app, pi is 3.14159265.",
    "twenty four seven support since two thousand and twenty four",
    "Oh, one two three, I see. Oh great.",
    "I need one or two days, maybe three.",
    "Room 101, 2 nights.",
    "Please look at the website.",
    "I'm at home at nine.",
    "I'll be there at 9 30.",
    "about 40 percent and 2000000% more",
    "",
]


@pytest.mark.parametrize(("said", "shown"), HIDDEN)
def test_sensitive_numbers_and_addresses_are_hidden(said, shown):
    assert redact_text(said) == shown


@pytest.mark.parametrize("said", KEPT)
def test_ordinary_numbers_are_kept(said):
    assert redact_text(said) == said


def test_several_kinds_in_one_text():
    text = "Card 4111 1111 1111 1111, SSN 123-45-6789, phone +1 555 123 4567, mail a@b.com, account number 998877."
    assert redact_text(text) == "Card [card], SSN [ssn], phone [phone], mail [email], account number [account]."


def test_spans_do_not_overlap_and_are_in_order():
    text = "a@b.com 4111111111111111 four one one one one one one one one one one one one one one one"
    spans = find_sensitive(text)
    assert [label for _, _, label in spans] == ["[email]", "[card]", "[card]"]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("4111111111111111", True), ("4111111111111112", False), ("79927398713", True), ("0", True)],
)
def test_luhn(digits, valid):
    assert luhn_valid(digits) is valid
