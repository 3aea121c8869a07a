"""Numbers: phrases read as intervals, found in parsed text with their units."""

from __future__ import annotations

import math
from typing import Any

import pytest

from triangulate.nlp.numbers import (
    find_numbers,
    format_interval,
    numbers_agree,
    parse_number_phrase,
    units_comparable,
)
from triangulate.records import NumberValue

# --- parse_number_phrase ----------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "interval", "approximate"),
    [
        ("12", "12", False),
        ("3,000", "3000", False),
        ("1.5 million", "1500000", False),
        ("2.5 billion", "2500000000", False),
        ("two", "2", False),
        ("Four", "4", False),
        ("ten", "10", False),
        ("twenty-one", "21", False),
        ("twenty one", "21", False),
        ("a hundred", "100", False),
        ("one thousand", "1000", False),
        ("one hundred and five", "105", False),
        ("three thousand two hundred", "3200", False),
        ("one and a half million", "1500000", False),
        ("a dozen", "12", False),
        ("dozen", "12", False),
        ("two dozen", "24", False),
        ("half a dozen", "6", False),
        ("a single", "1", False),
        ("a decade", "1", False),
        ("dozens", "24-144", True),
        ("hundreds", "200-1000", True),
        ("thousands", "2000-10000", True),
        ("tens of thousands", "20000-100000", True),
        ("hundreds of thousands", "200000-1000000", True),
        ("scores", "40-200", True),
        ("decades", "2-10", True),
        ("a couple", "2-3", True),
        ("a few", "2-5", True),
        ("several", "3-9", True),
        ("several hundred", "300-900", True),
        ("a few thousand", "2000-5000", True),
        ("at least 20", "20-inf", False),
        ("no fewer than 20", "20-inf", False),
        ("20 or more", "20-inf", False),
        ("20-plus", "20-inf", False),
        ("more than 20", "20-inf", False),
        ("over 20", "20-inf", False),
        ("more than a decade", "1-inf", False),
        ("fewer than 20", "0-20", False),
        ("less than 20", "0-20", False),
        ("under 20", "0-20", False),
        ("up to 20", "0-20", False),
        ("at most 20", "0-20", False),
        ("as many as 20", "0-20", False),
        ("nearly 20", "18-20", True),
        ("almost 20", "18-20", True),
        ("about 20", "18-22", True),
        ("around 20", "18-22", True),
        ("some 20", "18-22", True),
        ("roughly 20", "18-22", True),
        ("an estimated 20", "18-22", True),
        ("approximately 20", "18-22", True),
        ("20 or so", "18-22", True),
        ("20-odd", "20-30", True),
        ("between 10 and 20", "10-20", False),
        ("10 to 20", "10-20", False),
        ("10-20", "10-20", False),
        ("10–20", "10-20", False),
        ("two or three", "2-3", True),
        ("10 to 20 million", "10000000-20000000", False),
        ("between 1 and 2 million", "1000000-2000000", False),
        ("$1.5 million", "1500000", False),
        ("$5m", "5000000", False),
        ("5bn", "5000000000", False),
        ("KSh200 million", "200000000", False),
        ("20%", "20", False),
        ("20 people", "20", False),
        ("exactly 20", "20", False),
    ],
)
def test_numbers_parse_phrase(phrase: str, interval: str, approximate: bool) -> None:
    parsed = parse_number_phrase(phrase)
    assert parsed is not None, phrase
    low, high, approx = parsed
    assert format_interval(low, high) == interval
    assert approx is approximate


@pytest.mark.parametrize("phrase", ["", "people", "a car", "the", "some people", "many", "second", "none"])
def test_numbers_parse_phrase_not_a_number(phrase: str) -> None:
    assert parse_number_phrase(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "excluded"),
    [("more than 20", 20.0), ("over 20", 20.0), ("fewer than 20", 20.0), ("dozens", 144.0), ("hundreds", 1000.0)],
)
def test_numbers_parse_phrase_open_bounds_exclude_the_limit(phrase: str, excluded: float) -> None:
    parsed = parse_number_phrase(phrase)
    assert parsed is not None
    low, high, _ = parsed
    assert not (low <= excluded <= high)
    assert math.isclose(low, excluded) or math.isclose(high, excluded)


# --- find_numbers -----------------------------------------------------------


def _numbers(nlp: Any, sentence: str) -> list[NumberValue]:
    values = find_numbers(nlp(sentence))
    for v in values:
        assert sentence[v.start:v.end] == v.text
    return values


@pytest.mark.parametrize(
    ("sentence", "text", "interval", "unit"),
    [
        ("Two foreign engineers were abducted in May.", "Two", "2", "engineer"),
        ("Four Kenyan bus drivers were released late Sunday.", "Four", "4", "driver"),
        ("The 4 Kenyan bus drivers were released late Sunday.", "4", "4", "driver"),
        ("Ten foreign nationals were abducted at the mine.", "Ten", "10", "national"),
        ("A dozen people were injured in the blast.", "A dozen", "12", "person"),
        ("At least 20 people were killed in the attack.", "At least 20", "20-inf", "person"),
        ("More than 20 people were killed in the attack.", "More than 20", "20-inf", "person"),
        ("The convoy travelled 3,000 miles to the border.", "3,000", "3000", "mile"),
        ("The road is 120 kilometres long.", "120", "120", "km"),
        ("The road is 120km long.", "120", "120", "km"),
        ("The conflict has lasted more than a decade.", "more than a decade", "10-inf", "year"),
        ("The war lasted a decade.", "a decade", "10", "year"),
        ("He spent three years in prison.", "three", "3", "year"),
        ("He was held for two weeks.", "two", "2", "week"),
        ("Dozens of protesters gathered outside.", "Dozens", "24-144", "protester"),
        ("Hundreds of people fled the town.", "Hundreds", "200-1000", "person"),
        ("Tens of thousands of people marched.", "Tens of thousands", "20000-100000", "person"),
        ("Two of the drivers were freed.", "Two", "2", "driver"),
        ("One of the drivers was freed.", "One", "1", "driver"),
        ("Prices rose 20 percent last year.", "20 percent", "20", "percent"),
        ("Prices rose 20% last year.", "20%", "20", "percent"),
        ("Prices rose 20 per cent last year.", "20 per cent", "20", "percent"),
        ("The ransom was $1.5 million, officials said.", "$1.5 million", "1500000", "usd"),
        ("The ransom was KSh 200 million, officials said.", "KSh 200 million", "200000000", "kes"),
        ("They paid 5 million Kenyan shillings.", "5 million", "5000000", "kes"),
        ("They paid 5 million dollars.", "5 million", "5000000", "usd"),
        ("The fund holds €3 billion.", "€3 billion", "3000000000", "eur"),
        ("Nearly 30 soldiers died.", "Nearly 30", "27-30", "soldier"),
        ("Some 300 residents fled.", "Some 300", "270-330", "resident"),
        ("Up to 5,000 refugees crossed the border.", "Up to 5,000", "0-5000", "refugee"),
        ("Between 10 and 20 people were arrested.", "Between 10 and 20", "10-20", "person"),
        ("Police arrested 10 to 20 people.", "10 to 20", "10-20", "person"),
        ("Police arrested 10-20 people.", "10-20", "10-20", "person"),
        ("Several officials resigned.", "Several", "3-9", "official"),
        ("Half a dozen people were hurt.", "Half a dozen", "6", "person"),
        ("Twenty-one men were released.", "Twenty-one", "21", "man"),
        ("One hundred and five cows died.", "One hundred and five", "105", "cow"),
        ("The field produces 2.5 million barrels a day.", "2.5 million", "2500000", "barrel"),
        ("A couple of soldiers were hurt.", "A couple", "2-3", "soldier"),
        ("About 2,000 troops were deployed.", "About 2,000", "1800-2200", "troop"),
        ("Thousands of soldiers were deployed.", "Thousands", "2000-10000", "soldier"),
        ("A 12-year-old boy was among the victims.", "12", "12", "age"),
        ("A man aged 40 was arrested.", "40", "40", "age"),
        ("Unemployment fell by two percentage points.", "two", "2", "percentage_point"),
        ("The 20-odd gunmen escaped.", "20-odd", "20-30", "gunman"),
        ("The rebels have held them for decades.", "decades", "20-100", "year"),
        ("He evaded hundreds of police officers searching for him.", "hundreds", "200-1000", "officer"),
        ("His blood-alcohol level was more than five times the legal limit.", "more than five", "5-inf", "time"),
        ("A magnitude 6.1 earthquake struck the coast.", "6.1", "6.1", "magnitude"),
        ("A 7.2-magnitude quake struck the coast.", "7.2", "7.2", "magnitude"),
        ("The company earned $3.2bn last year.", "$3.2bn", "3200000000", "usd"),
        ("Xi has met Biden 3 times.", "3", "3", "time"),
        ("The firm has been fined twice by the state.", "twice", "2", "time"),
        # shares, not counts of "thirds"
        ("Farmers lost two-thirds of their harvest.", "two-thirds", "0.666667", "fraction"),
        ("Farmers had lost a third of their yields.", "a third", "0.333333", "fraction"),
        ("The firm must replant it within half a decade.", "half a decade", "5", "year"),
        ("The cellar measures roughly 14 by 9 metres.", "roughly 14", "12.6-15.4", "m"),
    ],
)
def test_numbers_find_with_unit(nlp: Any, sentence: str, text: str, interval: str, unit: str) -> None:
    values = _numbers(nlp, sentence)
    matches = [v for v in values if v.text == text]
    assert matches, [(v.text, format_interval(v.low, v.high), v.unit) for v in values]
    v = matches[0]
    assert format_interval(v.low, v.high) == interval
    assert v.unit == unit


@pytest.mark.parametrize(
    ("sentence", "forbidden"),
    [
        ("The attack on May 5, 2024 killed nobody.", ["5", "2024", "5, 2024"]),
        ("The mine opened in 2019.", ["2019"]),
        ("The 2019 budget was cut.", ["2019"]),
        ("The blast happened at 3 p.m. on Monday.", ["3"]),
        ("The blast happened at 10:30 on Monday.", ["10", "30"]),
        ("He was the second person to die.", ["second"]),
        ("It was the 2nd attack this year.", ["2"]),
        ("They were freed two days ago.", ["two"]),
        ("The talks were held on March 12 and 13.", ["12", "13"]),
        ("Two of the drivers were freed, and one of them said he was beaten.", ["one"]),
        ("No one was hurt.", ["one"]),
        ("The victims of Flight 370 were remembered.", ["370"]),
        ("COVID-19 cases rose.", ["19"]),
        ("The G7 met in Rome.", ["7"]),
        ("The rebels released them at 0300 GMT.", ["0300"]),
        ("They were freed in the 1990s.", ["1990"]),
        ("See article 3742740 for details.", ["3742740"]),
        ("The Boeing 737 crashed.", ["737"]),
        ("The release was announced on August 4 after months of talks.", ["4"]),
    ],
)
def test_numbers_skip_dates_ordinals_and_labels(nlp: Any, sentence: str, forbidden: list[str]) -> None:
    texts = {v.text for v in _numbers(nlp, sentence)}
    for bad in forbidden:
        assert not any(t == bad or t.endswith(" " + bad) for t in texts), (bad, texts)


def test_numbers_find_several_in_one_sentence(nlp: Any) -> None:
    sentence = "Between 10 and 20 people, some 300 residents and up to 5,000 refugees fled."
    got = [(v.text, format_interval(v.low, v.high), v.unit) for v in _numbers(nlp, sentence)]
    assert got == [
        ("Between 10 and 20", "10-20", "person"),
        ("some 300", "270-330", "resident"),
        ("up to 5,000", "0-5000", "refugee"),
    ]


def test_numbers_find_approximate_flag(nlp: Any) -> None:
    values = {v.text: v for v in _numbers(nlp, "Dozens of protesters and at least 20 police officers were hurt.")}
    assert values["Dozens"].approximate
    assert not values["at least 20"].approximate


def test_numbers_find_in_quotes(nlp: Any) -> None:
    values = _numbers(nlp, '"We saw four bodies," a witness said.')
    assert [(v.text, v.unit) for v in values] == [("four", "body")]


def test_numbers_find_reuses_given_times(nlp: Any) -> None:
    from triangulate.nlp.dates import find_times

    doc = nlp("Two engineers were abducted on May 5, 2024.")
    times = find_times(doc, None)
    assert find_numbers(doc, times=times) == find_numbers(doc)


# --- numbers_agree / units_comparable / format_interval ---------------------


def _nv(low: float, high: float, unit: str | None = "driver", approximate: bool = False) -> NumberValue:
    return NumberValue(0, 1, "x", low, high, unit, approximate)


def _p(phrase: str, unit: str | None = "driver") -> NumberValue:
    parsed = parse_number_phrase(phrase)
    assert parsed is not None
    return _nv(parsed[0], parsed[1], unit, parsed[2])


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("four", "4", True),
        ("two", "ten", False),
        ("a dozen", "12", True),
        ("at least 20", "25", True),
        ("at least 20", "20", True),
        ("at least 20", "19", False),
        ("more than 20", "20", False),
        ("more than 20", "21", True),
        ("more than 20", "at least 20", True),
        ("dozens", "ten", False),
        ("dozens", "50", True),
        ("dozens", "hundreds", False),
        ("about 20", "21", True),
        ("about 20", "23", True),
        ("about 20", "30", False),
        ("nearly 30", "30", True),
        ("between 10 and 20", "15", True),
        ("between 10 and 20", "25", False),
        ("up to 5,000", "4,000", True),
        ("thousands", "10,000", True),
        ("thousands", "50,000", False),
        ("1.5 million", "1,500,000", True),
        ("several", "five", True),
        ("a couple", "ten", False),
    ],
)
def test_numbers_agree(a: str, b: str, agree: bool) -> None:
    va, vb = _p(a), _p(b)
    assert numbers_agree(va, vb) is agree
    assert numbers_agree(vb, va) is agree  # symmetric


def test_numbers_agree_converts_units_of_one_family() -> None:
    assert numbers_agree(_nv(2, 2, "week"), _nv(14, 14, "day"))
    assert not numbers_agree(_nv(2, 2, "week"), _nv(10, 10, "day"))
    assert numbers_agree(_nv(100, 100, "km", True), _nv(62, 62, "mile", True))


@pytest.mark.parametrize(
    ("a", "b", "comparable"),
    [
        ("driver", "driver", True),
        ("week", "day", True),
        ("km", "mile", True),
        ("usd", "kes", False),
        ("driver", "engineer", False),
        (None, "driver", True),
        ("percent", "person", False),
    ],
)
def test_numbers_units_comparable(a: str | None, b: str | None, comparable: bool) -> None:
    assert units_comparable(_nv(1, 1, a), _nv(1, 1, b)) is comparable


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (2.0, 2.0, "2"),
        (20.0, math.inf, "20-inf"),
        (10.0, 20.0, "10-20"),
        (1.5, 1.5, "1.5"),
        (math.nextafter(20.0, math.inf), math.inf, "20-inf"),
        (0.0, math.nextafter(20.0, 0.0), "0-20"),
        (1_500_000.0, 1_500_000.0, "1500000"),
    ],
)
def test_numbers_format_interval(low: float, high: float, text: str) -> None:
    assert format_interval(low, high) == text


def test_numbers_canonical_changed_count_conflicts(nlp: Any) -> None:
    wire = _numbers(nlp, "In May, two foreign nationals were abducted at a mine.")
    rewrite = _numbers(nlp, "In May, ten foreign nationals were abducted at a mine by the group.")
    digits = _numbers(nlp, "In May, 2 foreign nationals were abducted at a mine.")
    assert [(v.text, v.unit) for v in wire] == [("two", "national")]
    assert [(v.text, v.unit) for v in rewrite] == [("ten", "national")]
    assert units_comparable(wire[0], rewrite[0])
    assert not numbers_agree(wire[0], rewrite[0])
    assert numbers_agree(wire[0], digits[0])


def test_numbers_find_without_a_parser() -> None:
    import spacy

    doc = spacy.blank("en")("Two engineers were abducted and at least 20 people died on May 5, 2024.")
    got = [(v.text, format_interval(v.low, v.high)) for v in find_numbers(doc)]
    assert got == [("Two", "2"), ("at least 20", "20-inf")]


def test_numbers_an_ordinal_is_no_share(nlp: Any) -> None:
    """"a fifth round of talks" is the fifth round, not a fifth of something."""
    assert [v.unit for v in _numbers(nlp, "Talks collapsed after a fifth round of negotiations.")] == []
