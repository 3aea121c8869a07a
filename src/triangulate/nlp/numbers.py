"""Numbers in any written form, read as intervals and tied to what they count.

``parse_number_phrase`` reads one phrase ("at least 20", "dozens", "1.5
million", "twenty-one", "between 10 and 20"); ``find_numbers`` finds every
quantity of a parsed spaCy ``Doc`` and names its unit (the counted noun, a
measurement unit, ``percent`` or a currency code); ``numbers_agree`` says
whether two readings are compatible.

Every value is a closed interval ``[low, high]`` of floats. An open bound
("more than 20") is stored as the next float after the bound, so it prints as
``20-inf`` but does not contain 20 itself.

Intervals chosen for vague words (all ``approximate=True``):

==================  =====================  ===================================
phrase              interval               why
==================  =====================  ===================================
a couple            [2, 3]                 "a couple" is loosely two
a few               [2, 5]
a handful           [2, 6]
several             [3, 9]                 brief; "several hundred" ×100
dozens              [24, 144)              2 to 12 dozen
scores              [40, 200)              2 to 10 score
tens                [20, 100)              "tens of thousands" ×1,000
hundreds            [200, 1,000)           2 to 10 hundred
thousands           [2,000, 10,000)        beyond that, writers say "tens of"
millions/billions   [2, 10) × scale
decades             [2, 10) decades        i.e. [20, 100) years
==================  =====================  ===================================

Qualifiers (``x`` is the number, ``[lo, hi]`` its interval):

- at least / no fewer than / or more / 20-plus / 20+: ``[lo, inf)``
- more than / over / above / upwards of / in excess of: ``(hi, inf)``
- fewer than / less than / under / below: ``[0, lo)``
- up to / at most / as many as / no more than: ``[0, hi]``
- nearly / almost / close to: ``[0.9 lo, hi]``, approximate
- about / around / some / roughly / approximately / an estimated / or so:
  ``[0.9 lo, 1.1 hi]``, approximate
- 20-odd: ``[lo, 1.5 hi)``, approximate
- two or three: ``[2, 3]``, approximate; 10 to 20, 10-20, between 10 and 20:
  ``[10, 20]``, exact.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from ..records import NumberValue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Span, Token

    from ..records import TimeValue

__all__ = [
    "APPROX_TOLERANCE",
    "find_numbers",
    "format_interval",
    "parse_interval",
    "numbers_agree",
    "parse_number_phrase",
    "units_comparable",
]

INF: Final = math.inf

APPROX_TOLERANCE: Final = 0.05
"""Relative slack added on each side of an approximate value by ``numbers_agree``."""

# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------

_UNITS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Scale words that multiply what precedes them ("1.5 million", "two dozen").
_SCALES: Final[dict[str, float]] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "trillion": 1e12, "dozen": 12.0, "score": 20.0,
}
# Abbreviated scales after digits: always ("5bn"), or only with money ("$5m").
_SHORT_SCALES: Final[dict[str, float]] = {"bn": 1e9, "mn": 1e6, "tn": 1e12, "mln": 1e6, "bln": 1e9}
_MONEY_SCALES: Final[dict[str, float]] = {"m": 1e6, "k": 1e3, "b": 1e9}
# Vague plurals: [low, high) before any "of thousands" multiplier.
_VAGUE: Final[dict[str, tuple[float, float]]] = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "tens": (20.0, 100.0),
    "hundreds": (200.0, 1e3),
    "thousands": (2e3, 1e4),
    "millions": (2e6, 1e7),
    "billions": (2e9, 1e10),
    "decades": (2.0, 10.0),
}
# "tens of thousands", "hundreds of millions": the multiplier after "of".
_VAGUE_OF: Final[dict[str, float]] = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
# Fuzzy counts (closed intervals); they may take a scale: "several hundred".
_FUZZY: Final[dict[str, tuple[float, float]]] = {
    "couple": (2.0, 3.0), "few": (2.0, 5.0), "handful": (2.0, 6.0), "several": (3.0, 9.0),
}
# Nouns that "a"/"an" counts as one: "a decade", "more than a year".
_A_UNITS: Final = frozenset({
    "decade", "century", "year", "month", "week", "day", "hour", "minute",
    "mile", "kilometre", "kilometer", "metre", "meter", "quarter",
})
_A_UNITS_ALWAYS: Final = frozenset({"decade", "century"})
"""Counted as one even without a qualifier ("a decade of war")."""

# Qualifiers before the number, longest first within each first word.
_QUALIFIERS: Final[tuple[tuple[tuple[str, ...], str], ...]] = tuple(sorted(
    [
        (("at", "least"), "atleast"), (("no", "fewer", "than"), "atleast"),
        (("no", "less", "than"), "atleast"), (("not", "less", "than"), "atleast"),
        (("not", "fewer", "than"), "atleast"), (("a", "minimum", "of"), "atleast"),
        (("more", "than"), "more"), (("over",), "more"), (("above",), "more"),
        (("upwards", "of"), "more"), (("upward", "of"), "more"),
        (("in", "excess", "of"), "more"), (("greater", "than"), "more"),
        (("just", "over"), "more"), (("well", "over"), "more"),
        (("just", "above"), "more"), (("well", "above"), "more"),
        (("north", "of"), "more"), (("some", "more", "than"), "more"),
        (("fewer", "than"), "less"), (("less", "than"), "less"), (("under",), "less"),
        (("below",), "less"), (("just", "under"), "less"), (("well", "under"), "less"),
        (("just", "below"), "less"),
        (("at", "most"), "atmost"), (("up", "to"), "atmost"), (("as", "many", "as"), "atmost"),
        (("as", "much", "as"), "atmost"), (("no", "more", "than"), "atmost"),
        (("not", "more", "than"), "atmost"), (("a", "maximum", "of"), "atmost"),
        (("nearly",), "nearly"), (("almost",), "nearly"), (("close", "to"), "nearly"),
        (("just", "shy", "of"), "nearly"),
        (("about",), "about"), (("around",), "about"), (("some",), "about"),
        (("roughly",), "about"), (("approximately",), "about"), (("approx",), "about"),
        (("an", "estimated"), "about"), (("estimated",), "about"), (("circa",), "about"),
        (("an", "approximate"), "about"), (("more", "or", "less"), "about"),
        (("somewhere", "around"), "about"), (("an", "estimated", "total", "of"), "about"),
        (("exactly",), "exact"), (("precisely",), "exact"), (("only",), "exact"),
        (("just",), "exact"), (("a", "total", "of"), "exact"), (("all",), "exact"),
    ],
    key=lambda q: -len(q[0]),
))
_QUALIFIER_FIRST: Final = frozenset(q[0][0] for q in _QUALIFIERS)
# By first word, longest first: "just over" is tried before "just".
_QUALIFIERS_BY_FIRST: Final[dict[str, tuple[tuple[tuple[str, ...], str], ...]]] = {
    first: tuple(q for q in _QUALIFIERS if q[0][0] == first) for first in _QUALIFIER_FIRST
}

# Currency symbols and prefixes written before the amount, to ISO 4217 codes
# (lower case). "US$" etc. are lexed as two glued lexemes ("us", "$").
_CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr", "₦": "ngn",
}
_DOLLAR_PREFIXES: Final[dict[str, str]] = {
    "us": "usd", "a": "aud", "au": "aud", "c": "cad", "ca": "cad", "nz": "nzd",
    "hk": "hkd", "s": "sgd", "z": "zwl",
}
_CURRENCY_PREFIXES: Final[dict[str, str]] = {
    "ksh": "kes", "kshs": "kes", "sh": "shilling", "shs": "shilling", "ush": "ugx",
    "tsh": "tzs", "rs": "inr", "r": "zar", "n": "ngn",
}
_ISO_CURRENCIES: Final = frozenset({
    "usd", "eur", "gbp", "kes", "ngn", "zar", "inr", "jpy", "cny", "chf", "ugx",
    "tzs", "etb", "ghs", "xof", "xaf", "cad", "aud", "rub", "brl", "mxn", "egp",
    "pkr", "sos", "sdg", "rwf", "mad", "try", "uah", "ils", "sar", "aed", "hkd",
})
# Currency nouns after the amount ("5 million dollars"), by the nationality
# adjective that may precede them ("Kenyan shillings").
_CURRENCY_NOUNS: Final[dict[str, dict[str | None, str]]] = {
    "dollar": {None: "usd", "us": "usd", "american": "usd", "australian": "aud",
               "canadian": "cad", "zimbabwean": "zwl", "hong": "hkd", "singapore": "sgd"},
    "euro": {None: "eur"},
    "pound": {None: "gbp", "egyptian": "egp", "sterling": "gbp", "british": "gbp"},
    "shilling": {None: "shilling", "kenyan": "kes", "ugandan": "ugx",
                 "tanzanian": "tzs", "somali": "sos"},
    "naira": {None: "ngn"}, "rand": {None: "zar"}, "rupee": {None: "inr", "pakistani": "pkr"},
    "yen": {None: "jpy"}, "yuan": {None: "cny"}, "renminbi": {None: "cny"},
    "franc": {None: "franc", "cfa": "xof", "swiss": "chf", "rwandan": "rwf"},
    "cedi": {None: "ghs"}, "birr": {None: "etb"}, "rouble": {None: "rub"},
    "ruble": {None: "rub"}, "dirham": {None: "aed", "moroccan": "mad"},
}
_CURRENCY_PLURALS: Final[dict[str, str]] = {
    "dollars": "dollar", "euros": "euro", "pounds": "pound", "shillings": "shilling",
    "rupees": "rupee", "francs": "franc", "cedis": "cedi", "roubles": "rouble",
    "rubles": "ruble", "dirhams": "dirham",
}

# Unit names → normalised unit, and a factor applied to the value.
_UNIT_MAP: Final[dict[str, tuple[str, float]]] = {
    "km": ("km", 1), "kms": ("km", 1), "kilometre": ("km", 1), "kilometer": ("km", 1),
    "kilometres": ("km", 1), "kilometers": ("km", 1),
    "mile": ("mile", 1), "miles": ("mile", 1), "mi": ("mile", 1),
    "m": ("m", 1), "metre": ("m", 1), "meter": ("m", 1), "metres": ("m", 1), "meters": ("m", 1),
    "cm": ("cm", 1), "mm": ("mm", 1), "ft": ("foot", 1), "foot": ("foot", 1), "feet": ("foot", 1),
    "kg": ("kg", 1), "kgs": ("kg", 1), "kilogram": ("kg", 1), "kilogramme": ("kg", 1),
    "kilo": ("kg", 1), "kilos": ("kg", 1), "kilograms": ("kg", 1),
    "tonne": ("tonne", 1), "tonnes": ("tonne", 1), "ton": ("tonne", 1), "tons": ("tonne", 1),
    "lb": ("lb", 1), "lbs": ("lb", 1),
    "percent": ("percent", 1), "pct": ("percent", 1), "%": ("percent", 1),
    "hr": ("hour", 1), "hrs": ("hour", 1), "min": ("minute", 1), "mins": ("minute", 1),
    "decade": ("year", 10), "decades": ("year", 10), "century": ("year", 100),
    "centuries": ("year", 100), "yr": ("year", 1), "yrs": ("year", 1),
    "people": ("person", 1), "persons": ("person", 1), "folk": ("person", 1),
    "kph": ("kph", 1), "mph": ("mph", 1),
}
# Units glued to digits: "20km", "5kg".
_GLUED_UNITS: Final = frozenset({"km", "kms", "kg", "kgs", "m", "cm", "mm", "ft", "mph", "kph", "lb", "lbs", "t"})

# Unit families that numbers_agree converts between (factor to a base unit).
_FAMILIES: Final[dict[str, tuple[str, float]]] = {
    "minute": ("time", 1 / 1440), "hour": ("time", 1 / 24), "day": ("time", 1.0),
    "week": ("time", 7.0), "month": ("time", 30.4375), "year": ("time", 365.25),
    "m": ("length", 1e-3), "cm": ("length", 1e-5), "mm": ("length", 1e-6),
    "km": ("length", 1.0), "mile": ("length", 1.609344), "foot": ("length", 3.048e-4),
    "kg": ("mass", 1.0), "tonne": ("mass", 1e3), "lb": ("mass", 0.45359237),
}

# Words right before a number that make it a label, not a count ("Flight 370").
_ID_WORDS: Final = frozenset({
    "no", "number", "#", "flight", "route", "article", "section", "chapter",
    "page", "room", "line", "version", "resolution", "highway", "road", "bus",
    "platform", "gate", "level", "grade", "class", "size", "phase", "paragraph",
    "clause", "item", "unit", "block", "plot", "house", "apartment", "lot",
})
_PRONOUN_ONE_BEFORE: Final = frozenset({
    "the", "no", "any", "every", "each", "this", "that", "which", "someone",
    "anyone", "everyone", "little", "last", "other", "another",
})

# The lexer: numbers with thousands separators or decimals, words, and the
# symbols the grammar needs. Everything else is one character (ignored).
_LEX_RE: Final = re.compile(
    r"""
    \d{1,3}(?:,\d{3})+(?:\.\d+)?   # 3,000 / 1,500,000.5
    | \d+(?:\.\d+)?                # 12 / 1.5
    | \.\d+                        # .5
    | [A-Za-z]+                    # words (abbreviation dots are separate)
    | [%$€£¥₹₦+&#]                 # symbols
    | [-–—]                        # hyphen and dashes
    | \S                           # anything else, one character
    """,
    re.VERBOSE,
)
_DIGITS_RE: Final = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


@dataclass(frozen=True, slots=True)
class _Lex:
    """One lexeme: lower-cased text, character span, glued to what precedes."""

    low: str
    raw: str
    start: int
    end: int
    glued: bool


@dataclass(frozen=True, slots=True)
class _Quantity:
    low: float
    high: float
    approximate: bool
    end: int
    """Index of the first lexeme after the quantity."""
    scale: float
    """Multiplier applied from scale words (1 when none)."""
    base: float
    """Value before the scale."""
    kind: str
    """'digits', 'words', 'a', 'a-unit', 'vague', 'fuzzy'."""


@dataclass(frozen=True, slots=True)
class _Phrase:
    low: float
    high: float
    approximate: bool
    start: int
    core_start: int
    end: int
    currency: str | None
    percent: bool
    a_unit: bool
    implied_unit: str | None
    qualified: bool


def _lex(text: str, offset: int = 0) -> list[_Lex]:
    out: list[_Lex] = []
    prev_end = -1
    for m in _LEX_RE.finditer(text):
        s = m.start()
        raw = m.group()
        out.append(_Lex(raw.lower(), raw, s + offset, m.end() + offset, s == prev_end))
        prev_end = m.end()
    return out


def _is_digits(s: str) -> bool:
    return bool(_DIGITS_RE.fullmatch(s))


def _digits_value(s: str) -> float:
    return float(s.replace(",", ""))


def _next_up(x: float) -> float:
    return math.nextafter(x, INF)


def _next_down(x: float) -> float:
    return math.nextafter(x, -INF)


# --------------------------------------------------------------------------
# The phrase grammar (over lexemes)
# --------------------------------------------------------------------------


def _scales(lx: Sequence[_Lex], j: int, money: bool) -> tuple[float, int]:
    """Multiply by the scale words starting at ``j``: ("million",), ("hundred", "thousand")."""
    scale = 1.0
    n = len(lx)
    while j < n:
        w = lx[j].low
        if w in _SCALES and w != "score":
            scale *= _SCALES[w]
        elif w in _SHORT_SCALES:
            scale *= _SHORT_SCALES[w]
        elif money and w in _MONEY_SCALES and (lx[j].glued or (j + 1 < n and not lx[j + 1].low.isalpha())):
            scale *= _MONEY_SCALES[w]  # "$5m", "$5 m."
        else:
            break
        j += 1
    return scale, j


def _and_a_half(lx: Sequence[_Lex], j: int) -> tuple[float, int]:
    if j + 2 < len(lx) and lx[j].low == "and" and lx[j + 1].low in ("a", "one") and lx[j + 2].low == "half":
        return 0.5, j + 3
    return 0.0, j


def _word_number(lx: Sequence[_Lex], i: int) -> tuple[float, int] | None:
    """Parse "twenty-one", "one hundred and five", "three thousand two hundred"."""
    n = len(lx)
    total = 0.0
    cur = 0.0
    prev: str | None = None
    j = i
    while j < n:
        w = lx[j].low
        if w in _UNITS:
            if prev == "unit" or (prev == "tens" and _UNITS[w] >= 10):
                break
            cur += _UNITS[w]
            prev = "unit"
        elif w in _TENS:
            if prev in ("unit", "tens"):
                break
            cur += _TENS[w]
            prev = "tens"
        elif w == "hundred" and prev in ("unit", "tens"):
            cur *= 100
            prev = "hundred"
        elif w in ("thousand", "million", "billion", "trillion") and prev in ("unit", "tens", "hundred"):
            total += cur * _SCALES[w]
            cur = 0.0
            prev = "big"
        elif (
            w in ("-", "–")
            and prev == "tens"
            and j + 1 < n
            and lx[j + 1].low in _UNITS
            and _UNITS[lx[j + 1].low] < 10
        ):
            j += 1
            continue
        elif (
            w == "and"
            and prev in ("hundred", "big")
            and j + 1 < n
            and (lx[j + 1].low in _UNITS or lx[j + 1].low in _TENS)
        ):
            prev = "and"
            j += 1
            continue
        else:
            break
        j += 1
    if prev is None or prev == "and":
        return None
    return total + cur, j


def _quantity(lx: Sequence[_Lex], i: int, money: bool) -> _Quantity | None:
    """One number (no range, no qualifier) starting at lexeme ``i``."""
    n = len(lx)
    if i >= n:
        return None
    w = lx[i].low
    nxt = lx[i + 1].low if i + 1 < n else ""
    if _is_digits(w):
        base = _digits_value(w)
        half, j = _and_a_half(lx, i + 1)
        base += half
        scale, j = _scales(lx, j, money)
        return _Quantity(base * scale, base * scale, False, j, scale, base, "digits")
    if w in _UNITS or w in _TENS:
        parsed = _word_number(lx, i)
        if parsed is None:
            return None
        base, j = parsed
        half, j = _and_a_half(lx, j)
        base += half
        scale, j = _scales(lx, j, money)
        return _Quantity(base * scale, base * scale, False, j, scale, base, "words")
    if w in ("a", "an"):
        if nxt in _SCALES:  # a hundred, a dozen, a million, a score
            if nxt == "score":
                return _Quantity(20.0, 20.0, False, i + 2, 20.0, 1.0, "a")
            scale, j = _scales(lx, i + 1, money)
            return _Quantity(scale, scale, False, j, scale, 1.0, "a")
        if nxt == "single":
            return _Quantity(1.0, 1.0, False, i + 2, 1.0, 1.0, "a")
        if nxt in ("couple", "few", "handful"):
            lo, hi = _FUZZY[nxt]
            j = i + 2
            if j + 1 < n and lx[j].low == "of" and lx[j + 1].low in _SCALES and lx[j + 1].low != "score":
                j += 1  # a couple of hundred
            scale, j2 = _scales(lx, j, money)
            if scale == 1.0:
                j2 = i + 2
            return _Quantity(lo * scale, hi * scale, True, j2, scale, lo, "fuzzy")
        if nxt in _A_UNITS:
            return _Quantity(1.0, 1.0, False, i + 1, 1.0, 1.0, "a-unit")
        return None
    if w == "half" and nxt in ("a", "an") and i + 2 < n and lx[i + 2].low in _SCALES:
        scale, j = _scales(lx, i + 2, money)
        return _Quantity(0.5 * scale, 0.5 * scale, False, j, scale, 0.5, "a")
    if w == "several":
        lo, hi = _FUZZY[w]
        scale, j = _scales(lx, i + 1, money)
        return _Quantity(lo * scale, hi * scale, True, j, scale, lo, "fuzzy")
    if w in _VAGUE:
        lo, hi = _VAGUE[w]
        j = i + 1
        if w in ("tens", "hundreds", "dozens") and j + 1 < n and lx[j].low == "of" and lx[j + 1].low in _VAGUE_OF:
            mult = _VAGUE_OF[lx[j + 1].low]
            lo, hi = lo * mult, hi * mult
            j += 2
        elif w == "tens":
            return None  # "tens" alone is too rare to be a count
        return _Quantity(lo, _next_down(hi), True, j, 1.0, lo, "vague")
    if w == "dozen":  # bare "dozen" (e.g. "dozen people" in headlines)
        return _Quantity(12.0, 12.0, False, i + 1, 12.0, 1.0, "a")
    return None


def _percent_suffix(lx: Sequence[_Lex], j: int) -> tuple[bool, int]:
    n = len(lx)
    if j < n and lx[j].low == "%":
        return True, j + 1
    if j < n and lx[j].low in ("percent", "pct"):
        return True, j + 1
    if j + 1 < n and lx[j].low == "per" and lx[j + 1].low == "cent":
        return True, j + 2
    return False, j


def _currency_prefix(lx: Sequence[_Lex], i: int) -> tuple[str | None, int]:
    """A currency written before the amount: "$", "US$", "KSh", "USD"."""
    n = len(lx)
    if i >= n:
        return None, i
    w = lx[i].low
    if w in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[w], i + 1
    if w in _DOLLAR_PREFIXES and i + 1 < n and lx[i + 1].low == "$" and lx[i + 1].glued:
        return _DOLLAR_PREFIXES[w], i + 2
    nxt_is_num = i + 1 < n and _is_digits(lx[i + 1].low)
    # Capitalised prefixes; single letters ("R", "N") only when glued to the digits: "R500".
    if w in _CURRENCY_PREFIXES and nxt_is_num and (len(w) > 1 or lx[i + 1].glued) and lx[i].raw[0].isupper():
        return _CURRENCY_PREFIXES[w], i + 1
    if w in _ISO_CURRENCIES and lx[i].raw.isupper() and i + 1 < n and _is_digits(lx[i + 1].low):
        return w, i + 1
    return None, i


def _match_qualifier(lx: Sequence[_Lex], i: int) -> tuple[str | None, int]:
    if i >= len(lx) or lx[i].low not in _QUALIFIER_FIRST:
        return None, i
    for words, kind in _QUALIFIERS_BY_FIRST[lx[i].low]:
        k = len(words)
        if i + k <= len(lx) and all(lx[i + t].low == words[t] for t in range(k)):
            return kind, i + k
    return None, i


def _suffix(lx: Sequence[_Lex], j: int) -> tuple[str | None, int]:
    """Qualifiers written after the number: "or more", "or so", "-odd", "+"."""
    n = len(lx)
    if j < n and lx[j].low == "+" and lx[j].glued:
        return "atleast", j + 1
    if j + 1 < n and lx[j].low in ("-", "–") and lx[j + 1].glued and lx[j].glued:
        if lx[j + 1].low == "plus":
            return "atleast", j + 2
        if lx[j + 1].low == "odd":
            return "odd", j + 2
    if j + 1 < n and lx[j].low == "or":
        w2 = lx[j + 1].low
        if w2 in ("more", "above", "over", "greater"):
            return "atleast", j + 2
        if w2 in ("fewer", "less", "below", "under"):
            return "atmost", j + 2
        if w2 == "so":
            return "about", j + 2
    if j < n and lx[j].low == "plus" and not (j + 1 < n and _is_digits(lx[j + 1].low)):
        return "atleast", j + 1
    return None, j


def _apply(kind: str | None, lo: float, hi: float, approx: bool) -> tuple[float, float, bool]:
    if kind is None or kind == "exact":
        return lo, hi, approx
    if kind == "atleast":
        return lo, INF, approx
    if kind == "more":
        return _next_up(hi), INF, approx
    if kind == "less":
        return 0.0, _next_down(lo), approx
    if kind == "atmost":
        return 0.0, hi, approx
    if kind == "nearly":
        return 0.9 * lo, hi, True
    if kind == "about":
        return 0.9 * lo, 1.1 * hi, True
    if kind == "odd":
        return lo, _next_down(1.5 * hi), True
    raise ValueError(f"unknown qualifier kind {kind!r}")


def _phrase(lx: Sequence[_Lex], i: int, *, allow_to: bool = True) -> _Phrase | None:
    """Longest number phrase starting at lexeme ``i``: qualifier, currency, number, range, suffix."""
    n = len(lx)
    start = i
    qual, i = _match_qualifier(lx, i)
    between = False
    if i < n and lx[i].low == "between":
        between = True
        i += 1
    elif i < n and lx[i].low == "from" and qual is None:
        # Only parse_number_phrase sees "from 10 to 20"; find_numbers starts after "from".
        i += 1
    currency, i = _currency_prefix(lx, i)
    core_start = i
    q = _quantity(lx, i, currency is not None)
    if q is None:
        return None
    lo, hi, approx, j = q.low, q.high, q.approximate, q.end
    a_unit = q.kind == "a-unit"
    implied = "decade" if lx[i].low == "decades" else None
    percent, j = _percent_suffix(lx, j)
    # A range: "10 to 20", "10-20", "two or three", "between 10 and 20".
    connectors = ("and",) if between else (("to", "-", "–", "—", "or") if allow_to else ("-", "–", "—", "or"))
    if j < n and lx[j].low in connectors and not (lx[j].low == "or" and j + 1 < n and lx[j + 1].low in ("more", "so", "fewer", "less", "above", "over", "under", "below")):
        k = j + 1
        cur2, k = _currency_prefix(lx, k)
        q2 = _quantity(lx, k, (currency or cur2) is not None)
        if q2 is not None and q2.kind not in ("a-unit",):
            lo1, hi1 = lo, hi
            if q.scale == 1.0 and q2.scale > 1.0 and q.kind in ("digits", "words") and lo1 * q2.scale <= q2.low:
                lo1, hi1 = lo1 * q2.scale, hi1 * q2.scale  # "10 to 20 million"
            if q2.low >= hi1:  # ranges ascend; "3-1" is a score, not a range
                lo, hi = lo1, q2.high
                approx = approx or q2.approximate or lx[j].low == "or"
                currency = currency or cur2
                j = q2.end
                p2, j = _percent_suffix(lx, j)
                percent = percent or p2
            elif between:
                return None
        elif between:
            return None
    elif between:
        return None
    suffix, j2 = _suffix(lx, j)
    if suffix is not None:
        lo, hi, approx = _apply(suffix, lo, hi, approx)
        j = j2
        p3, j = _percent_suffix(lx, j)
        percent = percent or p3
    lo, hi, approx = _apply(qual, lo, hi, approx)
    return _Phrase(lo, hi, approx, start, core_start, j, currency, percent, a_unit, implied,
                   qual is not None and qual != "exact")


def parse_number_phrase(text: str) -> tuple[float, float, bool] | None:
    """Read a number phrase as ``(low, high, approximate)``; None when ``text`` starts with no number.

    Words after the number are allowed and ignored ("20 people" → 20).
    "a decade" is one (decade); ``find_numbers`` converts it to ten years.
    See the module docstring for the intervals given to vague words and
    qualifiers.

    >>> parse_number_phrase("at least 20")
    (20.0, inf, False)
    """
    lx = _lex(text.strip())
    if not lx:
        return None
    if lx[0].low == "the" and len(lx) > 1:
        lx = lx[1:]
    p = _phrase(lx, 0)
    if p is None:
        return None
    return p.low, p.high, p.approximate


# --------------------------------------------------------------------------
# find_numbers
# --------------------------------------------------------------------------

_STARTERS: Final = (
    frozenset(_UNITS) | frozenset(_TENS) | frozenset(_VAGUE) | _QUALIFIER_FIRST
    | frozenset(_CURRENCY_SYMBOLS) | frozenset(_DOLLAR_PREFIXES) | frozenset(_CURRENCY_PREFIXES)
    | _ISO_CURRENCIES | frozenset({"a", "an", "half", "several", "between", "dozen"})
)


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _glued_identifier(lx: Sequence[_Lex], core: int) -> bool:
    """Digits glued to letters: "COVID-19", "G7", "1st", "3D" (but "20km", "5bn" are fine)."""
    first = lx[core]
    if not _is_digits(first.low):
        return False
    if first.glued and core > 0:
        prev = lx[core - 1]
        if prev.low.isalpha() and prev.low not in _CURRENCY_PREFIXES and prev.low not in _ISO_CURRENCIES:
            return True
        if prev.low in ("-", "/", ".", ":") and core > 1 and lx[core - 2].end == prev.start:
            # "COVID-19", "article/3742740", "12/19", "3:30" (but "10-20" is a range)
            return lx[core - 2].low.isalpha() or (_is_digits(lx[core - 2].low) and prev.low != "-")
    nxt = core + 1
    if nxt < len(lx) and lx[nxt].glued:
        w = lx[nxt].low
        if w.isalpha() and w not in _SHORT_SCALES and w not in _MONEY_SCALES and w not in _GLUED_UNITS:
            return True  # 1st, 3D, 4x4
        if w in (":", "/") and nxt + 1 < len(lx) and _is_digits(lx[nxt + 1].low):
            return True  # 3:30, 1/2 (fractions are not read)
    return False


def _is_year_like(lx: Sequence[_Lex], p: _Phrase) -> bool:
    w = lx[p.core_start].raw
    return (
        p.end == p.core_start + 1
        and len(w) == 4
        and w.isdigit()
        and 1800 <= int(w) <= 2100
        and p.currency is None
        and not p.percent
    )


def _is_long_id(lx: Sequence[_Lex], p: _Phrase) -> bool:
    w = lx[p.core_start].raw
    return p.end == p.core_start + 1 and len(w) >= 5 and w.isdigit() and p.currency is None


def _is_code_like(lx: Sequence[_Lex], p: _Phrase) -> bool:
    w = lx[p.core_start].raw
    return len(w) > 1 and w[0] == "0" and w[1].isdigit()


def _token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _after_of(of: Token) -> Token | None:
    """The noun governed by "of": its pobj, else the first noun after it ("of police officers searching")."""
    for gc in of.children:
        if gc.dep_ == "pobj":
            return gc
    doc = of.doc
    for k in range(of.i + 1, min(len(doc), of.i + 6)):
        t = doc[k]
        if t.pos_ in ("NOUN", "PROPN", "PRON") and not (t.dep_ == "compound" and t.head.i > t.i):
            return t
        if t.pos_ not in ("DET", "ADJ", "NUM", "NOUN", "PROPN"):
            return None
    return None


# Dependency labels by which a number attaches to the noun it counts.
_MODIFIER_DEPS: Final = frozenset({
    "nummod", "quantmod", "compound", "amod", "nmod", "appos", "advmod", "det",
    "npadvmod", "dobj", "nsubj", "pobj",
})


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return _after_of(child)
    return None


def _counted_noun(doc: Doc, span: Span) -> Token | None:
    """The noun a number counts ("two of the drivers" → drivers), or None (also for "one of them")."""
    lo, hi = span.start, span.end
    roots = [t for t in span if t.head.i < lo or t.head.i >= hi or t.head.i == t.i]
    root = roots[0] if roots else span.root
    # "two of the drivers", "tens of thousands of people": the object of "of".
    for t in (root, *[t for t in span if t is not root]):
        obj = _of_object(t)
        if obj is not None and obj.i >= hi:
            return obj if obj.pos_ in ("NOUN", "PROPN") else None
    # "four Kenyan bus drivers": the noun the number modifies.
    head = root.head
    if head.i >= hi and head.pos_ in ("NOUN", "PROPN") and root.dep_ in _MODIFIER_DEPS and head.i - hi <= 5:
        return head
    # Fallback when the parse is off: the first noun after the number,
    # past adjectives, numbers and hyphens.
    for k in range(hi, min(len(doc), hi + 5)):
        t = doc[k]
        if t.lower_ == "of":
            obj = _after_of(t)
            return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN") else None
        if t.pos_ in ("NOUN", "PROPN"):
            while t.dep_ == "compound" and t.head.i > t.i and t.head.pos_ in ("NOUN", "PROPN") and t.head.i < hi + 6:
                t = t.head
            if t.ent_type_ in ("DATE", "TIME") and t.lower_ not in _A_UNITS and t.lemma_.lower() not in _A_UNITS:
                return None
            return t
        if not (t.pos_ in ("ADJ", "NUM", "ADV") or t.tag_ == "HYPH"):
            return None
    return None


def _normalise_noun(tok: Token) -> tuple[str, float]:
    """Normalised unit name for a noun token, and the factor to apply to the value."""
    low = tok.lower_
    lemma = tok.lemma_.lower()
    if low in _CURRENCY_PLURALS or lemma in _CURRENCY_NOUNS or low in _CURRENCY_NOUNS:
        base = _CURRENCY_PLURALS.get(low, lemma if lemma in _CURRENCY_NOUNS else low)
        table = _CURRENCY_NOUNS[base]
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.lower_ in table:
                return table[child.lower_], 1.0
        return table[None], 1.0
    if tok.text.isupper() and low in _ISO_CURRENCIES:
        return low, 1.0
    for key in (low, lemma):
        if key in _UNIT_MAP:
            unit, factor = _UNIT_MAP[key]
            return unit, factor
    if tok.tag_ == "NNPS" and lemma.endswith("s") and lemma == low:
        lemma = lemma[:-1]  # "Americans" → "american" when the lemmatizer keeps the plural
    return lemma, 1.0


def _after_words(lx: Sequence[_Lex], j: int, words: tuple[str, ...]) -> bool:
    return j + len(words) <= len(lx) and all(lx[j + t].low == words[t] for t in range(len(words)))


def find_numbers(doc: Doc, *, times: Sequence[TimeValue] | None = None) -> list[NumberValue]:
    """Every quantity in ``doc``, as an interval with its unit.

    Calendar expressions are skipped ("May 5, 2024", "in 2019", "3 p.m.",
    "two days ago"); durations are kept ("three years" → 3 year, "more than a
    decade" → (10, inf) year). Pass ``times`` (``find_times`` of the same doc)
    to avoid finding them again.
    """
    if times is None:
        from .dates import find_times

        times = find_times(doc, None)
    mask = [(t.start, t.end) for t in times]
    text = doc.text  # Doc.text joins every token: read it once
    lx = _lex(text)
    out: list[NumberValue] = []
    n = len(lx)
    i = 0
    while i < n:
        w = lx[i].low
        if w not in _STARTERS and not _is_digits(w):
            i += 1
            continue
        allow_to = not (i > 0 and lx[i - 1].low == "from")
        p = _phrase(lx, i, allow_to=allow_to)
        if p is None or p.core_start >= n:
            i += 1
            continue
        value = _reading(doc, text, lx, p, mask)
        if value is None:
            i += 1
            continue
        out.append(value)
        i = max(p.end, i + 1)
    return _with_fractions_and_times(text, out, mask)


_FRACTION_RE = re.compile(
    r"(?i)(?<!\band )\b(?P<n>a|an|one|two|three|four)[\s-](?P<d>half|halves|third|thirds|quarter|quarters|fifth|fifths)\b"
    r"(?=\s+of\b|\s*[.,;:)]|\s*$)")  # a share, not an ordinal ("a fifth round of talks")
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5}
_MULTIPLES_RE = re.compile(r"(?i)\b(?P<w>twice|thrice)\b")


def _with_fractions_and_times(text: str, found: list[NumberValue], mask: Sequence[tuple[int, int]]) -> list[NumberValue]:
    """What the phrase reader does not see: fractions as shares ("a third of their yields" → 1/3,
    "two-thirds" → 2/3, unit "fraction") instead of a count of "thirds"; "twice" and "thrice" as 2 and
    3 times, and "three times" in unit "time"; "half a decade" as five years; the first figure of
    "14 by 9 metres" in metres."""
    extra: list[NumberValue] = []
    for m in _FRACTION_RE.finditer(text):
        if _overlaps(mask, m.start(), m.end()):
            continue
        value = _UNITS.get(m["n"].lower(), 1) / _DENOMINATORS[m["d"].lower()]  # "a" / "an": one
        extra.append(NumberValue(m.start(), m.end(), m.group(), value, value, "fraction"))
    for m in _MULTIPLES_RE.finditer(text):
        if not _overlaps(mask, m.start(), m.end()):
            value = 2.0 if m["w"].lower() == "twice" else 3.0
            extra.append(NumberValue(m.start(), m.end(), m.group(), value, value, "time"))
    spans = [(v.start, v.end) for v in extra]
    kept = [replace(v, unit="time") if v.unit == "times" else v for v in found if not _overlaps(spans, v.start, v.end)]
    for k, v in enumerate(kept):
        if v.text.lower().startswith(("a ", "an ")) and text[max(0, v.start - 5):v.start].lower() == "half ":
            # "within half a decade": five years
            kept[k] = replace(v, start=v.start - 5, text=text[v.start - 5:v.end], low=v.low / 2, high=v.high / 2)
    for k in range(len(kept) - 1):
        first, second = kept[k], kept[k + 1]
        if first.unit is None and second.unit and _BY_RE.fullmatch(text[first.end:second.start]):
            kept[k] = replace(first, unit=second.unit)  # "14 by 9 metres": both in metres
    return sorted(kept + extra, key=lambda v: v.start)


_BY_RE = re.compile(r"\s*(?:by|x|×)\s*")


def _is_label(doc: Doc, lx: Sequence[_Lex], p: _Phrase, span: Span, mask: Sequence[tuple[int, int]]) -> bool:
    """A number that names rather than counts: "Flight 370", "No. 10", "Boeing 737", "the 2019 budget", ids."""
    core = p.core_start
    if _glued_identifier(lx, core) or _is_code_like(lx, p):
        return True
    first = span[0]
    prev_tok = doc[first.i - 1] if first.i > 0 else None
    if (
        p.start == core
        and p.currency is None
        and prev_tok is not None
        and _is_digits(lx[core].low)
        and not _overlaps(mask, prev_tok.idx, prev_tok.idx + len(prev_tok))
        and (
            prev_tok.lower_.rstrip(".") in _ID_WORDS
            or (
                prev_tok.tag_ == "NNP"
                and prev_tok.ent_type_ not in ("DATE", "TIME", "NORP", "GPE", "MONEY")
                and not (first.dep_ == "nummod" and first.head.i > first.i)  # "Biden 3 times"
            )
        )
    ):
        return True
    # Years outside any date entity ("the 2019 budget") and long bare digit
    # strings (article ids, phone numbers): kept only when they count a plural noun.
    if (_is_year_like(lx, p) or _is_long_id(lx, p)) and not p.qualified:
        head = first.head
        return not (first.dep_ == "nummod" and head.tag_ in ("NNS", "NNPS") and head.i > first.i)
    return False


def _special_unit(lx: Sequence[_Lex], p: _Phrase) -> str | None:
    """Units read from the words around the number rather than from the parse."""
    after = p.end
    if _after_words(lx, after, ("percentage", "points")) or _after_words(lx, after, ("percentage", "point")):
        return "percentage_point"
    if p.percent:
        return "percent"
    if p.currency is not None:
        return p.currency
    if (
        _after_words(lx, after, ("-", "year", "-", "old"))
        or _after_words(lx, after, ("years", "old"))
        or _after_words(lx, after, ("year", "old"))
        or (p.start > 0 and lx[p.start - 1].low == "aged")
    ):
        return "age"
    if (
        (p.start > 0 and lx[p.start - 1].low == "magnitude")
        or _after_words(lx, after, ("-", "magnitude"))
        or _after_words(lx, after, ("magnitude",))
    ):
        return "magnitude"  # earthquakes: "magnitude 6.1", "a 7.2-magnitude quake"
    if _after_words(lx, after, ("times",)) or _after_words(lx, after, ("-", "fold")) or _after_words(lx, after, ("fold",)):
        return "times"  # a multiplier: "five times the legal limit"
    return None


def _reading(
    doc: Doc, text: str, lx: Sequence[_Lex], p: _Phrase, mask: Sequence[tuple[int, int]]
) -> NumberValue | None:
    """Turn a phrase into a NumberValue, or None when it is not a count (a date, a label, a pronoun)."""
    core = p.core_start
    start_char = lx[p.start].start
    end_char = lx[p.end - 1].end
    if _overlaps(mask, lx[core].start, end_char):
        return None
    span = _token_span(doc, lx[core].start, end_char)
    if span is None or len(span) == 0 or _is_label(doc, lx, p, span, mask):
        return None

    unit: str | None = _special_unit(lx, p)
    factor = 1.0
    if unit is not None:
        pass  # percent, currency, age, magnitude, times
    elif p.implied_unit is not None:  # "decades"
        unit, factor = _UNIT_MAP[p.implied_unit]
    elif p.a_unit:  # "more than a decade", "nearly a year"
        noun_lex = lx[p.end]
        if noun_lex.low not in _A_UNITS_ALWAYS and not p.qualified and not any(
            t.ent_type_ in ("DATE", "TIME") for t in span
        ):
            return None  # a bare "a year" is too weak to be a count
        noun_span = _token_span(doc, noun_lex.start, noun_lex.end)
        if noun_span is None or len(noun_span) == 0:
            return None
        unit, factor = _normalise_noun(noun_span[0])
        end_char = noun_lex.end
    elif p.end < len(lx) and lx[p.end].glued and lx[p.end].low in _GLUED_UNITS and _is_digits(lx[p.end - 1].low):
        glued = lx[p.end].low  # "20km", "5kg"
        unit, factor = ("tonne", 1.0) if glued == "t" else _UNIT_MAP.get(glued, (glued, 1.0))
    else:
        noun = _counted_noun(doc, span)
        if noun is not None:
            unit, factor = _normalise_noun(noun)

    if lx[core].low == "one" and p.end == core + 1 and not p.qualified and _is_pronoun_one(doc, span, unit):
        return None
    return NumberValue(
        start=start_char,
        end=end_char,
        text=text[start_char:end_char],
        low=p.low * factor,
        high=p.high * factor,
        unit=unit,
        approximate=p.approximate,
    )


def _is_pronoun_one(doc: Doc, span: Span, unit: str | None) -> bool:
    """ "one of them said", "no one", "the one who": not a count."""
    if unit is None:
        return True
    i = span[0].i
    if i > 0 and doc[i - 1].lower_ in _PRONOUN_ONE_BEFORE:
        return True
    return i + 1 < len(doc) and doc[i + 1].lower_ in ("another", "who", "that")


# --------------------------------------------------------------------------
# Comparison and formatting
# --------------------------------------------------------------------------


def units_comparable(a: NumberValue, b: NumberValue) -> bool:
    """Whether two values measure the same thing.

    Equal units, or units of one convertible family (day/week/month/year,
    km/mile/m, kg/tonne/lb). A missing unit (no counted noun found) is
    comparable to anything: the caller's claim alignment decides.
    """
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return True
    fa, fb = _FAMILIES.get(a.unit), _FAMILIES.get(b.unit)
    return fa is not None and fb is not None and fa[0] == fb[0]


def _in_base(v: NumberValue, other: NumberValue) -> tuple[float, float, bool]:
    """``v`` in the base unit of its family when ``other`` has another unit of it."""
    if v.unit != other.unit and v.unit in _FAMILIES and other.unit in _FAMILIES:
        fam, factor = _FAMILIES[v.unit]
        if _FAMILIES[other.unit][0] == fam:
            return v.low * factor, v.high * factor, True
    return v.low, v.high, False


def _widen(lo: float, hi: float, converted: bool, approximate: bool) -> tuple[float, float]:
    # Exact values compare exactly (so "more than 20" excludes 20); converted
    # ones get float-rounding slack, approximate ones APPROX_TOLERANCE.
    tol = APPROX_TOLERANCE if approximate else (1e-9 if converted else 0.0)
    if tol == 0.0:
        return lo, hi
    lo2 = lo if math.isinf(lo) else lo - abs(lo) * tol
    hi2 = hi if math.isinf(hi) else hi + abs(hi) * tol
    return lo2, hi2


def numbers_agree(a: NumberValue, b: NumberValue) -> bool:
    """True when the intervals of ``a`` and ``b`` overlap (closed).

    Approximate values get ``APPROX_TOLERANCE`` (5 %) slack on each side;
    exact ones only float rounding slack. Units in one family (weeks and
    days, km and miles) are converted first; otherwise units are not checked
    here (see ``units_comparable``). "four" and "4" agree; "two" and "ten" do
    not; "at least 20" and "25" agree; "more than 20" and "20" do not.
    """
    alo, ahi = _widen(*_in_base(a, b), a.approximate)
    blo, bhi = _widen(*_in_base(b, a), b.approximate)
    return alo <= bhi and blo <= ahi


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    r = round(x, 6)
    if r.is_integer():
        return str(int(r))
    return format(r, ".15g")


def parse_interval(value: str) -> tuple[float, float] | None:
    """The interval of a ``format_interval`` value ("2", "20-inf", "10-20"); None if it is not one."""
    if value.endswith("-inf"):
        try:
            return float(value[:-4]), math.inf
        except ValueError:
            return None
    head, sep, tail = value[1:].partition("-")
    try:
        if sep:
            return float(value[0] + head), float(tail)
        return float(value), float(value)
    except ValueError:
        return None


def format_interval(low: float, high: float) -> str:
    """The JSON value of an interval: "2", "20-inf", "10-20", "1500000".

    Open bounds print as their limit ("more than 20" → "20-inf").
    """
    lo, hi = _fmt(low), _fmt(high)
    return lo if lo == hi else f"{lo}-{hi}"
