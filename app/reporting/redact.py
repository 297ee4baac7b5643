"""Redaction of card, social security, account, IBAN and phone numbers, card security codes and expiry dates, and
e-mail addresses in call texts.

Scorecards and exports leave the reviewer's computer (a coaching session, an e-mail to a team lead), so
what a customer read out must not travel with them. Calls say numbers both ways: as digits ("4111 1111 …")
and as words ("four one one one …", "oh" for zero, "double five"); both are found and classified alike.
The rules lean towards hiding: a doubtful 7+ digit identifier is redacted, while amounts, dates, times and
short order numbers are left alone because a coach needs them to follow the call. Checksums come from maintained
libraries (python-stdnum: IBAN, Luhn); phonenumbers finds phone numbers in their many national shapes. A number
read out over several turns ("4111" / "1111" / ...) is found by ``redact_turns``, which sees the whole call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers
from stdnum import iban, luhn

Span = tuple[int, int, str]  # start, end, label

CARD, SSN, ACCOUNT, PHONE, EMAIL = "[card]", "[ssn]", "[account]", "[phone]", "[email]"
IBAN, CVV, EXPIRY = "[iban]", "[cvv]", "[expiry]"
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IE", "AU", "CA")  # national formats tried besides the international one

# An IBAN as written: country, check digits, then the account in groups ("GB82 WEST 1234 5698 7654 32").
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30}\b", re.IGNORECASE)
_CVV_PHRASE = re.compile(
    r"\b(?:cvv2?|cvc2?|csc|security\s+code|verification\s+(?:code|number)|(?:three|3|four|4)[- ]digit\s+code|"
    r"code\s+on\s+the\s+back)\b",
    re.IGNORECASE,
)
_CVV_LEAD = re.compile(
    r"(?:\s|[:,?-]|\bis\b|\bit'?s\b|\bof\b|\bthe\b|\bon\b|\bback\b)*", re.IGNORECASE
)  # "…code?" / "…"
_CARD_CONTEXT = re.compile(r"\bcards?\b|\[card\]|\bvisa\b|\bmastercard\b|\bamex\b", re.IGNORECASE)
_EXPIRY_CONTEXT = re.compile(r"(?:expir\w*|exp\.?|valid\s+(?:thru|through|until)|end\s+date)\b[^.!\d]{0,16}$", re.I)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WRITTEN_EXPIRY = re.compile(r"\b(?:0?[1-9]|1[0-2])\s?[/-]\s?(?:\d{2}|20\d{2})\b")
_SPOKEN_EXPIRY = re.compile(
    rf"\b(?:{_MONTHS})\b\s+(?:(?:20|two\s+thousand(?:\s+and)?)\s+)?"
    r"(?:\d{2,4}|(?:twenty|thirty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\b",
    re.IGNORECASE,
)

# Fewer digits than this is an ordinary number (an amount, an order number, a count), never redacted alone.
MIN_IDENTIFIER_DIGITS = 7
# After "account number", this many digits are enough: the customer said what it is.
MIN_ACCOUNT_DIGITS = 4

_TLDS = "com|net|org|edu|gov|io|co|uk|de|fr|es|it|nl|ca|au|ie|info|biz|me|us"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPOKEN_EMAIL = re.compile(
    r"\b[a-z0-9._-]+(?:\s+(?:dot|underscore|dash|hyphen)\s+[a-z0-9_-]+)*"
    rf"\s+at\s+[a-z0-9-]+(?:(?:\s+dot\s+|\.)[a-z0-9-]+)*\s+dot\s+(?:{_TLDS})\b",
    re.IGNORECASE,
)
_ACCOUNT_CONTEXT = re.compile(
    r"account\s*(?:number|no\.?|num|#)?\s*(?:is|was|:|-)?\s*(?:it'?s\s*)?$",
    re.IGNORECASE,
)
_SSN_CONTEXT = re.compile(r"social\s+security|\bssn\b|\bsocial\b", re.IGNORECASE)
_PHONE_CONTEXT = re.compile(r"phone|mobile|cell|landline|call\s+me|reach\s+me|call\s*back|my\s+number", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"\s*(?:[%€£$]|(?:dollars?|bucks|pounds?|euros?|cents?|pence|percent|usd|gbp|eur)\b)", re.I
)

# Digits with single separators: "4111 1111-1111", "(555) 123-4567", "+44 20 7946 0958", "4 4 1 9 0 2 7".
_WRITTEN = re.compile(r"(?<![\w$£€¥.,/:+-])(?:\+\s?|\()?\d+(?:(?:[ .-]|\)[ .-]?|[ .-]?\()\d+)*\)?(?!\w)")
_DATE_SHAPES = (
    re.compile(r"\d{4}[-. ]\d{1,2}[-. ]\d{1,2}"),
    re.compile(r"\d{1,2}[-. ]\d{1,2}[-. ]\d{2,4}"),
    re.compile(r"(?:19|20)\d\d\s?-\s?(?:19|20)\d\d"),
)
_SSN_SHAPE = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")
_PHONE_SHAPES = (
    re.compile(r"1?[-. ]?\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}"),  # North American
    re.compile(r"\(?0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}"),  # UK and other trunk-prefixed numbers
    re.compile(r"\d{3}[-. ]\d{4}"),  # a local 7-digit number
)

_UNITS = {
    "zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}  # fmt: skip
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7", "eighty": "8",
    "ninety": "9",
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3}
_SCALE = {"hundred": "00", "thousand": "000"}
_NUMBER_WORDS = [*_UNITS, *_TEENS, *_TENS, *_REPEAT, *_SCALE]
_NUMBER_TOKEN = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)}|\d+)\b", re.IGNORECASE)
_RUN_GAP = re.compile(r"[\s,\-–]+")
_SPACE_GAP = re.compile(r"\s+")
_SPOKEN_COMMA = re.compile(r"\s*,\s+")  # "4, 1, 1, 1" but not the thousands of "1,234,567"


def luhn_valid(digits: str) -> bool:
    """The card-number checksum (python-stdnum): a random 16-digit string passes it only one time in ten."""
    return luhn.is_valid(digits)


def redact_text(text: str) -> str:
    """The text with every sensitive number or address replaced by a label such as "[card]"."""
    if not text:
        return text
    out, cursor = [], 0
    for start, end, label in find_sensitive(text):
        out.append(text[cursor:start])
        out.append(label)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def find_sensitive(text: str) -> list[Span]:
    """Non-overlapping spans to hide, in text order; earlier rules win where two overlap."""
    spans: list[Span] = []

    def add(start: int, end: int, label: str) -> None:
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, label))

    for pattern in (_EMAIL, _SPOKEN_EMAIL):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), EMAIL)
    for start, end in _ibans(text):
        add(start, end, IBAN)
    for m in (*_WRITTEN_EXPIRY.finditer(text), *_SPOKEN_EXPIRY.finditer(text)):
        before = text[: m.start()]
        on_a_card = "/" in m.group(0) and _CARD_CONTEXT.search(before[-80:])  # "card ... 12/27"
        if _EXPIRY_CONTEXT.search(before[-40:]) or on_a_card:
            add(m.start(), m.end(), EXPIRY)
    for start, end in _security_codes(text):
        add(start, end, CVV)
    for run in _spoken_runs(text):
        label = _classify_spoken(run.digits, text[: run.start])
        if label:
            add(run.start, run.end, label)
    for m in _WRITTEN.finditer(text):
        label = _classify_written(m.group(0), text[: m.start()], text[m.end() :])
        if label:
            add(m.start(), m.end(), label)
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if len(re.sub(r"\D", "", match.raw_string)) >= MIN_IDENTIFIER_DIGITS:
                add(match.start, match.end, PHONE)
    return sorted(spans)


def _ibans(text: str) -> list[tuple[int, int]]:
    """IBANs, compact or in groups, that pass their checksum; the groups after one ("... 32 thanks") are not it."""
    found = []
    for m in _IBAN.finditer(text):
        groups = m.group(0).split(" ")
        for k in range(len(groups), 0, -1):
            candidate = " ".join(groups[:k])
            if len(candidate.replace(" ", "")) >= 15 and iban.is_valid(candidate):
                found.append((m.start(), m.start() + len(candidate)))
                break
    return found


def _security_codes(text: str) -> list[tuple[int, int]]:
    """The 3-4 digits after "CVV", "security code" and the like, written ("123") or spoken ("one two three")."""
    found = []
    for phrase in _CVV_PHRASE.finditer(text):
        lead = _CVV_LEAD.match(text, phrase.end())
        start = lead.end() if lead else phrase.end()
        tokens = []
        for m in _NUMBER_TOKEN.finditer(text, start):
            gap = text[tokens[-1].end() if tokens else start : m.start()]
            if not _RUN_GAP.fullmatch(gap) and not (not tokens and gap == ""):
                break
            tokens.append(m)
        digits = _digits(tokens) if tokens else ""
        if 3 <= len(digits) <= 4:
            found.append((tokens[0].start(), tokens[-1].end()))
    return found


@dataclass
class _Run:
    start: int
    end: int
    digits: str


def _spoken_runs(text: str) -> list[_Run]:
    """Runs of number words (and digits among them) read out one after another, with their digit string.

    A run needs at least one number word, or digits read out with commas ("4, 1, 1, 1"), so that plain
    written numbers are left to the written rules, which can look at their shape.
    """
    runs: list[_Run] = []
    tokens: list[re.Match[str]] = []
    gaps: list[str] = []

    def close() -> None:
        if tokens and _is_spoken(tokens, gaps):
            digits = _digits(tokens)
            if len(digits) >= MIN_ACCOUNT_DIGITS:
                runs.append(_Run(tokens[0].start(), tokens[-1].end(), digits))
        tokens.clear()
        gaps.clear()

    for m in _NUMBER_TOKEN.finditer(text):
        if len(m.group(0)) > 4 and m.group(0).isdigit():
            close()  # a long written number is not read out digit by digit: the written rules judge it
            continue
        if tokens:
            gap = text[tokens[-1].end() : m.start()]
            # "Oh, one two…" is an exclamation before the number, not a zero.
            leading_oh = len(tokens) == 1 and tokens[0].group(0).lower() == "oh"
            if not (_SPACE_GAP if leading_oh else _RUN_GAP).fullmatch(gap):
                close()
            else:
                gaps.append(gap)
        tokens.append(m)
    close()
    return runs


def _is_spoken(tokens: list[re.Match[str]], gaps: list[str]) -> bool:
    if any(not t.group(0).isdigit() for t in tokens):
        return True
    return bool(gaps) and all(_SPOKEN_COMMA.fullmatch(g) for g in gaps) and all(len(t.group(0)) <= 4 for t in tokens)


def _digits(tokens: list[re.Match[str]]) -> str:
    """'four one double one' -> '4111'; 'forty one' -> '41'; 'eight hundred' -> '800'."""
    words = [t.group(0).lower() for t in tokens]
    groups: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w.isdigit():
            groups.append(w)
        elif w in _UNITS:
            groups.append(_UNITS[w])
        elif w in _TEENS:
            groups.append(_TEENS[w])
        elif w in _TENS:
            if nxt in _UNITS and _UNITS[nxt] != "0":
                groups.append(_TENS[w] + _UNITS[nxt])
                i += 1
            else:
                groups.append(_TENS[w] + "0")
        elif w in _REPEAT:
            if nxt in _UNITS:
                groups.append(_UNITS[nxt] * _REPEAT[w])
                i += 1
            elif nxt is not None and nxt.isdigit() and len(nxt) == 1:
                groups.append(nxt * _REPEAT[w])
                i += 1
        elif w in _SCALE and groups:
            groups[-1] += _SCALE[w]
        i += 1
    return "".join(groups)


def _classify_spoken(digits: str, before: str) -> str | None:
    n = len(digits)
    context = before[-40:]
    if _ACCOUNT_CONTEXT.search(context) and n >= MIN_ACCOUNT_DIGITS:
        return ACCOUNT
    if n < MIN_IDENTIFIER_DIGITS:
        return None
    if 13 <= n <= 19 and luhn_valid(digits):
        return CARD
    if n == 9 and _SSN_CONTEXT.search(context):
        return SSN
    if _PHONE_CONTEXT.search(context) or n in (10, 11):  # full national numbers
        return PHONE
    return ACCOUNT


def _classify_written(raw: str, before: str, after: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    n = len(digits)
    context = before[-40:]
    if _ACCOUNT_CONTEXT.search(context) and n >= MIN_ACCOUNT_DIGITS and "." not in raw:
        return ACCOUNT
    if n < MIN_IDENTIFIER_DIGITS:
        return None
    if before.rstrip().endswith(("$", "£", "€", "¥")) or _CURRENCY_AFTER.match(after):
        return None  # an amount such as "1 250 000 dollars"
    if raw.startswith("+"):
        return PHONE
    if "." in raw and not any(p.fullmatch(raw) for p in _PHONE_SHAPES):
        return None  # a decimal, a version, an address on a network
    if any(p.fullmatch(raw) for p in _DATE_SHAPES):
        return None
    plain = re.fullmatch(r"\d+(?:[ -]\d+)*", raw) is not None
    if plain and 13 <= n <= 19 and luhn_valid(digits):
        return CARD
    if _SSN_SHAPE.fullmatch(raw) or (n == 9 and _SSN_CONTEXT.search(context)):
        return SSN
    if "(" in raw or any(p.fullmatch(raw) for p in _PHONE_SHAPES) or _PHONE_CONTEXT.search(context):
        return PHONE
    return ACCOUNT


_FILLERS = frozenset({"and", "uh", "um", "erm", "er", "it's", "its", "is", "the", "then", "okay", "ok", "so", "yes"})
# What the other side says while a number is read out ("yes?", "mhm", "go on"): it does not end the number.
_BACKCHANNEL = frozenset({"yes", "yeah", "yep", "mhm", "mm", "hmm", "uh", "huh", "okay", "ok", "right", "go", "on"})
_WORDS = re.compile(r"[\w']+")
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)


def _numbers_only(text: str) -> bool:
    """A turn that is nothing but (part of) a number read out: "4111", "one one one one", "and 1111."."""
    tokens = [t.lower() for t in _WORDS.findall(text)]
    numeric = [t for t in tokens if t.isdigit() or t in _NUMBER_WORD_SET]
    return bool(numeric) and all(t in _FILLERS or t.isdigit() or t in _NUMBER_WORD_SET for t in tokens)


def _backchannel(text: str) -> bool:
    tokens = [t.lower() for t in _WORDS.findall(text)]
    return bool(tokens) and len(tokens) <= 3 and all(t in _BACKCHANNEL for t in tokens)


def redact_after(text: str, before: str, joiner: str = "\n") -> str:
    """``text`` redacted with the tail of what comes before it as context: the turn before ("\n" between), or the
    start of the same turn ("" between) for a part of it that a service quotes. Context-only spans are left out;
    a span that starts in the context and ends in ``text`` is redacted up to its end."""
    context = before[-60:] + joiner if before else ""
    spans = [(s - len(context), e - len(context), label) for s, e, label in find_sensitive(context + text)]
    out, cursor = [], 0
    for start, end, label in spans:
        if end <= 0:
            continue
        start = max(start, 0)
        out.append(text[cursor:start])
        out.append(label)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def redact_turns(texts: Sequence[str]) -> list[str]:
    """Each turn redacted, and a number read out over several turns ("4111" / "1111" / "1111" / "1111") too:
    consecutive number-only turns (with "yes?", "mhm" from the other side between them) are judged together, with
    the turn before them as context, and when the whole is sensitive each part becomes the label. Every turn is
    also judged with the end of the turn before as its context: "the expiry?" / "December twenty seven"."""
    out = [redact_after(t, texts[i - 1] if i else "") for i, t in enumerate(texts)]
    i = 0
    while i < len(texts):
        if not _numbers_only(texts[i]):
            i += 1
            continue
        parts, j = [i], i + 1
        while j < len(texts) and (_numbers_only(texts[j]) or _backchannel(texts[j])):
            if _numbers_only(texts[j]):
                parts.append(j)
            j += 1
        if len(parts) > 1:
            context = (texts[i - 1] if i else "")[-60:]
            joined = " ".join(texts[k].strip().rstrip(".,;") for k in parts)
            whole = f"{context} {joined}"
            labels = [label for start, end, label in find_sensitive(whole) if end > len(context) + 1]
            if labels:
                for k in parts:
                    out[k] = labels[0]
        i = j
    return out
