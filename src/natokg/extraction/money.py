"""Amounts of money in a sentence, and their value and currency."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from spacy.tokens import Span, Token

CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "jpy": "JPY",
    "cad": "CAD",
    "aud": "AUD",
    "nok": "NOK",
    "sek": "SEK",
    "dkk": "DKK",
    "pln": "PLN",
    "zloty": "PLN",
    "zlotys": "PLN",
    "chf": "CHF",
    "francs": "CHF",
    "hryvnias": "UAH",
    "uah": "UAH",
    "won": "KRW",
    "lira": "TRY",
    "liras": "TRY",
    "kronor": "SEK",
    "crowns": "SEK",
    "crown": "SEK",
    "krona": "SEK",
    "krone": "DKK",
    "kroner": "NOK",
    "rubles": "RUB",
    "roubles": "RUB",
}
_DOLLAR_COUNTRY = {
    "australian": "AUD",
    "canadian": "CAD",
    "new zealand": "NZD",
    "nz": "NZD",
    "us": "USD",
    "u.s.": "USD",
    "american": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "swedish": "SEK",
    "norwegian": "NOK",
    "danish": "DKK",
    "czech": "CZK",
}
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
_AMOUNT = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|bn|tn|m|b)?\b", re.IGNORECASE
)


def money_spans(
    sent: Span, ents: Iterable[Span] | None = None, numbers: Iterable[Token] | None = None
) -> list[Span]:
    """Amounts of money in a sentence: the NER's MONEY entities, and the amounts it
    misses or calls CARDINAL ("1.4 billion euros", "400 million euros"), found as a
    number, an optional scale word and a currency word or symbol. A caller that has
    the sentence's number-like tokens indexed passes them as `numbers`."""
    found = [
        _with_currency(ent)
        for ent in (sent.ents if ents is None else ents)
        if ent.label_ == "MONEY"
    ]
    taken = {t.i for ent in found for t in ent}
    for token in sent if numbers is None else numbers:
        if not token.like_num or token.i in taken:
            continue
        start, end = token.i, token.i + 1
        while end < sent.end and sent.doc[end].lower_ in SCALES:
            end += 1
        before = sent.doc[start - 1] if start > sent.start else None
        if end + 1 < sent.end and _country_dollars(sent.doc[end], sent.doc[end + 1]):
            end += 1  # "500 million Canadian dollars"
        after = sent.doc[end] if end < sent.end else None
        if after is not None and after.lower_ in CURRENCIES and after.text not in "$€£¥":
            end += 1
        elif before is not None and (before.text in CURRENCIES or (
                before.is_upper and before.lower_ in CURRENCIES)):  # "NOK 3 billion"
            start -= 1
        else:
            continue
        if not taken & set(range(start, end)):
            found.append(sent.doc[start:end])
            taken.update(range(start, end))
    return found


def _with_currency(ent: Span) -> Span:
    """ "more than 50 billion" + "euros": the currency word the NER left out of the amount."""
    doc = ent.doc
    end = ent.end
    if end < ent.sent.end and not doc[end - 1].whitespace_ and doc[end].lower_ in SCALES:
        end += 1  # "£70m", which the NER reads as "70"
    if end + 1 < ent.sent.end and _country_dollars(doc[end], doc[end + 1]):
        end += 1  # "500 million Canadian dollars"
    after = doc[end] if end < ent.sent.end else None
    if after is not None and after.lower_ in CURRENCIES and after.text not in "$€£¥":
        return doc[ent.start : end + 1]
    return doc[ent.start : end]


def _country_dollars(adjective: Token, word: Token) -> bool:
    """ "Canadian dollars", "Swedish crowns": whose dollars or crowns an amount is in."""
    return adjective.lower_ in _DOLLAR_COUNTRY and word.lower_ in _COUNTRY_UNITS


_COUNTRY_UNITS = {"dollar", "dollars", "crown", "crowns", "krona", "kronor", "krone", "kroner"}


def parse_money(text: str, context: str = "") -> tuple[Decimal | None, str | None]:
    """ "10 billion dollars" → (10000000000, "USD"); "€40bn" → (40000000000, "EUR")."""
    match = _AMOUNT.search(text)
    spelled = _SPELLED_AMOUNT.search(text) if match is None else None
    if spelled is not None:  # "about one billion euros", "two million pounds"
        value = Decimal(_NUMBER_WORDS[spelled.group(1).lower()])
        return value * SCALES[spelled.group(2).lower()], _currency(text, context)
    if match is None:
        return None, None
    try:
        value = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None, None
    scale = SCALES.get((match.group(2) or "").lower(), 1)
    return value * scale, _currency(text, context)


# Numbers news spells out before a scale word: "one billion euros", "half a billion".
_NUMBER_WORDS = {"one": "1", "a": "1", "two": "2", "three": "3", "four": "4", "five": "5",
                 "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
                 "twelve": "12", "fifteen": "15", "twenty": "20", "fifty": "50",
                 "hundred": "100", "half a": "0.5"}
_SPELLED_AMOUNT = re.compile(
    rf"\b({'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})\s+"
    r"(thousand|million|billion|trillion)\b", re.IGNORECASE)


def _currency(text: str, context: str) -> str | None:
    lowered = f" {context.lower()} {text.lower()} "
    for prefixed in ("a$", "c$", "us$"):
        if prefixed in lowered:
            return {"a$": "AUD", "c$": "CAD", "us$": "USD"}[prefixed]
    for adjective, national in _DOLLAR_COUNTRY.items():  # "Canadian dollars", "Swedish crowns"
        if re.search(rf"(?<![a-z]){re.escape(adjective)} (?:{'|'.join(_COUNTRY_UNITS)})\b",
                     lowered):
            return national
    for word in re.findall(r"[a-z]+|[$€£¥]", f"{context} {text}".lower()):
        if code := CURRENCIES.get(word):
            return code
    return None
