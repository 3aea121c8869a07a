"""Time expressions resolved against the publication date (Thursday 2024-03-14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from triangulate.nlp.dates import find_times, offsets_agree, resolve_time, time_offset, times_agree
from triangulate.records import TimeValue

PUB = dt.date(2024, 3, 14)  # a Thursday
D = dt.date


def _span(first: str, last: str | None = None) -> tuple[dt.date, dt.date]:
    return D.fromisoformat(first), D.fromisoformat(last or first)


# --- resolve_time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last", "granularity"),
    [
        # weekdays: most recent on or before the publication date
        ("late Tuesday", "2024-03-12", None, "day"),
        ("Tuesday", "2024-03-12", None, "day"),
        ("on Tuesday", "2024-03-12", None, "day"),
        ("Tuesday night", "2024-03-12", None, "day"),
        ("early Wednesday", "2024-03-13", None, "day"),
        ("Wednesday morning", "2024-03-13", None, "day"),
        ("Thursday", "2024-03-14", None, "day"),
        ("Friday", "2024-03-08", None, "day"),
        ("last Tuesday", "2024-03-12", None, "day"),
        ("last Thursday", "2024-03-07", None, "day"),
        ("next Tuesday", "2024-03-19", None, "day"),
        ("the early hours of Sunday", "2024-03-10", None, "day"),
        ("3 p.m. on Monday", "2024-03-11", None, "day"),
        ("Monday at 3 p.m.", "2024-03-11", None, "day"),
        # days relative to publication
        ("today", "2024-03-14", None, "day"),
        ("this morning", "2024-03-14", None, "day"),
        ("tonight", "2024-03-14", None, "day"),
        ("yesterday", "2024-03-13", None, "day"),
        ("last night", "2024-03-13", None, "day"),
        ("tomorrow", "2024-03-15", None, "day"),
        ("the day before yesterday", "2024-03-12", None, "day"),
        ("overnight", "2024-03-13", "2024-03-14", "day"),
        ("two days ago", "2024-03-12", None, "day"),
        ("a few days ago", "2024-03-09", "2024-03-12", "day"),
        # weeks, months, years relative to publication
        ("last week", "2024-03-04", "2024-03-10", "week"),
        ("this week", "2024-03-11", "2024-03-14", "week"),
        ("earlier this week", "2024-03-11", "2024-03-14", "week"),
        ("three weeks ago", "2024-02-19", "2024-02-25", "week"),
        ("the past week", "2024-03-07", "2024-03-14", "week"),
        ("over the weekend", "2024-03-09", "2024-03-10", "week"),
        ("last weekend", "2024-03-09", "2024-03-10", "week"),
        ("in January", "2024-01-01", "2024-01-31", "month"),
        ("January", "2024-01-01", "2024-01-31", "month"),
        ("September", "2023-09-01", "2023-09-30", "month"),
        ("last month", "2024-02-01", "2024-02-29", "month"),
        ("this month", "2024-03-01", "2024-03-14", "month"),
        ("earlier this month", "2024-03-01", "2024-03-14", "month"),
        ("next month", "2024-04-01", "2024-04-30", "month"),
        ("last year", "2023-01-01", "2023-12-31", "year"),
        ("this year", "2024-01-01", "2024-03-14", "year"),
        ("earlier this year", "2024-01-01", "2024-03-14", "year"),
        ("next year", "2025-01-01", "2025-12-31", "year"),
        ("a year ago", "2023-01-01", "2023-12-31", "year"),
        ("the past three years", "2021-03-14", "2024-03-14", "year"),
        ("last summer", "2023-06-01", "2023-08-31", "month"),
        ("last winter", "2023-12-01", "2024-02-29", "month"),
        ("recent weeks", "2024-01-18", "2024-03-14", "month"),
        # absolute dates
        ("February 2, 2024", "2024-02-02", None, "day"),
        ("2 February 2024", "2024-02-02", None, "day"),
        ("Feb. 2, 2024", "2024-02-02", None, "day"),
        ("2024-02-02", "2024-02-02", None, "day"),
        ("Tuesday, March 12, 2024", "2024-03-12", None, "day"),
        ("Sunday, March 10", "2024-03-10", None, "day"),
        ("March 13", "2024-03-13", None, "day"),
        ("March 20", "2024-03-20", None, "day"),
        ("June 1", "2023-06-01", None, "day"),
        ("13 March", "2024-03-13", None, "day"),
        ("the 13th of March", "2024-03-13", None, "day"),
        ("on the 13th", "2024-03-13", None, "day"),
        ("the 20th", "2024-02-20", None, "day"),
        ("March 12-13", "2024-03-12", "2024-03-13", "day"),
        ("12-13 March", "2024-03-12", "2024-03-13", "day"),
        ("between March 1 and March 5", "2024-03-01", "2024-03-05", "day"),
        ("from Monday to Wednesday", "2024-03-11", "2024-03-13", "day"),
        ("late Sunday and Monday", "2024-03-10", "2024-03-11", "day"),
        ("May 2023", "2023-05-01", "2023-05-31", "month"),
        ("early January", "2024-01-01", "2024-01-15", "month"),
        ("mid-March", "2024-03-08", "2024-03-24", "month"),
        ("the end of March", "2024-03-17", "2024-03-31", "month"),
        ("in 2019", "2019-01-01", "2019-12-31", "year"),
        ("2019", "2019-01-01", "2019-12-31", "year"),
        ("since 2019", "2019-01-01", "2019-12-31", "year"),
        ("2019-2020", "2019-01-01", "2020-12-31", "year"),
        ("early 2023", "2023-01-01", "2023-07-01", "month"),
        ("mid-2023", "2023-04-02", "2023-10-01", "month"),
        ("late 2023", "2023-07-03", "2023-12-31", "month"),
        ("the first quarter of 2024", "2024-01-01", "2024-03-31", "month"),
        ("Q3 2023", "2023-07-01", "2023-09-30", "month"),
        ("the first half of 2023", "2023-01-01", "2023-06-30", "month"),
        ("the summer of 2022", "2022-06-01", "2022-08-31", "month"),
        ("the 1990s", "1990-01-01", "1999-12-31", "decade"),
        ("the '90s", "1990-01-01", "1999-12-31", "decade"),
        # a bare clock time is the publication date
        ("3 p.m.", "2024-03-14", None, "day"),
        ("at noon", "2024-03-14", None, "day"),
    ],
)
def test_dates_resolve(text: str, first: str, last: str | None, granularity: str) -> None:
    assert resolve_time(text, PUB) == (*_span(first, last), granularity)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Tuesday", "2024-03-19", None),
        ("Thursday", "2024-03-14", None),
        ("late Friday", "2024-03-15", None),
        ("in January", "2025-01-01", "2025-01-31"),
        ("in May", "2024-05-01", "2024-05-31"),
        ("March", "2024-03-01", "2024-03-31"),
        ("March 20", "2024-03-20", None),
        ("March 13", "2025-03-13", None),
        ("this month", "2024-03-14", "2024-03-31"),
        ("this year", "2024-03-14", "2024-12-31"),
        ("the weekend", "2024-03-16", "2024-03-17"),
        ("summer", "2024-06-01", "2024-08-31"),
    ],
)
def test_dates_resolve_future(text: str, first: str, last: str | None) -> None:
    r = resolve_time(text, PUB, future=True)
    assert r is not None
    assert (r[0], r[1]) == _span(first, last)


@pytest.mark.parametrize(
    "text",
    ["late Tuesday", "yesterday", "last month", "in January", "March 13", "two days ago", "3 p.m.", "this year"],
)
def test_dates_resolve_relative_without_publication_date_is_unknown(text: str) -> None:
    assert resolve_time(text, None) == (None, None, "unknown")


@pytest.mark.parametrize(
    ("text", "first", "last", "granularity"),
    [
        ("February 2, 2024", "2024-02-02", None, "day"),
        ("in 2019", "2019-01-01", "2019-12-31", "year"),
        ("May 2023", "2023-05-01", "2023-05-31", "month"),
        ("the 1990s", "1990-01-01", "1999-12-31", "decade"),
    ],
)
def test_dates_resolve_absolute_without_publication_date(text: str, first: str, last: str | None, granularity: str) -> None:
    assert resolve_time(text, None) == (*_span(first, last), granularity)


@pytest.mark.parametrize(
    "text",
    ["three years", "more than a decade", "two weeks", "24 hours", "decades", "daily", "annual", "40", "13", "", "now"],
)
def test_dates_resolve_durations_are_not_calendar_times(text: str) -> None:
    assert resolve_time(text, PUB) is None


@pytest.mark.parametrize("text", ["the next day", "two days later", "that night", "the following week", "earlier in the day"])
def test_dates_resolve_anaphoric_is_unknown(text: str) -> None:
    assert resolve_time(text, PUB) == (None, None, "unknown")


def test_dates_resolve_canonical_case() -> None:
    pub = D(2025, 8, 5)  # Tuesday
    assert resolve_time("late Monday", pub) == (D(2025, 8, 4), D(2025, 8, 4), "day")
    assert resolve_time("late Sunday", pub) == (D(2025, 8, 3), D(2025, 8, 3), "day")
    assert resolve_time("August 4", pub) == (D(2025, 8, 4), D(2025, 8, 4), "day")
    assert resolve_time("in May", pub) == (D(2025, 5, 1), D(2025, 5, 31), "month")


# --- find_times -------------------------------------------------------------


def _times(nlp: Any, sentence: str, pub: dt.date | None = PUB) -> list[tuple[str, str | None, str | None]]:
    out = []
    for t in find_times(nlp(sentence), pub):
        assert sentence[t.start:t.end] == t.text
        out.append((t.text, t.first.isoformat() if t.first else None, t.last.isoformat() if t.last else None))
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Four drivers were released late Sunday, the government said late Monday.",
            [("late Sunday", "2024-03-10", "2024-03-10"), ("late Monday", "2024-03-11", "2024-03-11")],
        ),
        ("Two engineers were abducted in May.", [("May", "2023-05-01", "2023-05-31")]),
        ("Dozens gathered on Tuesday night, police said.", [("Tuesday night", "2024-03-12", "2024-03-12")]),
        ("The drivers were freed late Sunday and Monday.", [("late Sunday", "2024-03-10", "2024-03-10"), ("Monday", "2024-03-11", "2024-03-11")]),
        ("The talks were held on March 12 and 13.", [("March 12", "2024-03-12", "2024-03-12"), ("13", "2024-03-13", "2024-03-13")]),
        ("The attack on May 5, 2024 killed nobody.", [("May 5, 2024", "2024-05-05", "2024-05-05")]),
        ("The blast happened at 3 p.m. on Monday.", [("3 p.m. on Monday", "2024-03-11", "2024-03-11")]),
        ("They were freed two days ago.", [("two days ago", "2024-03-12", "2024-03-12")]),
        ("Earlier this month, the army withdrew.", [("Earlier this month", "2024-03-01", "2024-03-14")]),
        ("He was released yesterday.", [("yesterday", "2024-03-13", "2024-03-13")]),
        ("The group was founded in the 1990s.", [("the 1990s", "1990-01-01", "1999-12-31")]),
        ("The hostages were released overnight.", [("overnight", "2024-03-13", "2024-03-14")]),
        ("The rebels released them at 0300 GMT on Wednesday.", [("0300 GMT on Wednesday", "2024-03-13", "2024-03-13")]),
        ("The rebels released them on Tuesday, March 12, 2024.", [("Tuesday, March 12, 2024", "2024-03-12", "2024-03-12")]),
        ("He has been held for three years.", []),
        ("The conflict has lasted more than a decade.", []),
        # a superlative "in N years" dates its start: since N years ago
        ("It was its largest purchase in two years.", [("two years", "2022-01-01", "2022-12-31")]),
        ("It was the first kidnapping there in six months.", [("six months", "2023-09-01", "2023-09-30")]),
        ("It had not rained in the valley in 15 years.", [("15 years", "2009-01-01", "2009-12-31")]),
        ("The plant will be finished in two years.", []),
        ("Prices rose 4 percent in two years.", []),
        ("Last summer, in the summer of 2022, rains fell.", [("Last summer", "2023-06-01", "2023-08-31"), ("the summer of 2022", "2022-06-01", "2022-08-31")]),
    ],
)
def test_dates_find(nlp: Any, sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _times(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He will travel to Paris next Tuesday.", [("next Tuesday", "2024-03-19", "2024-03-19")]),
        ("He will travel to Paris on Tuesday.", [("Tuesday", "2024-03-19", "2024-03-19")]),
        ("He is going to meet the president on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
        ("The vote is scheduled for Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
        ("The vote is due on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
        ("He will wait for the count, due to be completed on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
        ("The vote was held on Friday.", [("Friday", "2024-03-08", "2024-03-08")]),
        ("Talks will resume in May.", [("May", "2024-05-01", "2024-05-31")]),
        ("She takes office on June 6.", [("June 6", "2024-06-06", "2024-06-06")]),
        ("The firm said on Monday it would recall 48,000 scooters.", [("Monday", "2024-03-11", "2024-03-11")]),
        ("Pilots will walk out for two days starting April 24 after talks collapsed, their union, IALPA, "
         "announced on Tuesday.", [("April 24", "2024-04-24", "2024-04-24"), ("Tuesday", "2024-03-12", "2024-03-12")]),
        ("Pilots will strike from April 24, their union announced on Tuesday.",
         [("April 24", "2024-04-24", "2024-04-24"), ("Tuesday", "2024-03-12", "2024-03-12")]),
    ],
)
def test_dates_find_future_tense(nlp: Any, sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _times(nlp, sentence) == expected


def test_dates_find_bare_clock_time_takes_the_sentence_date(nlp: Any) -> None:
    got = _times(nlp, "On Monday, gunmen attacked the convoy; the shooting stopped at 5 p.m.")
    assert ("5 p.m.", "2024-03-11", "2024-03-11") in got


def test_dates_find_bare_clock_time_alone_is_the_publication_date(nlp: Any) -> None:
    assert _times(nlp, "The shooting stopped at 5 p.m.") == [("5 p.m.", "2024-03-14", "2024-03-14")]


def test_dates_find_without_publication_date(nlp: Any) -> None:
    got = _times(nlp, "The drivers were freed late Sunday, and the deal was signed on February 2, 2024.", None)
    assert got == [("late Sunday", None, None), ("February 2, 2024", "2024-02-02", "2024-02-02")]


# --- times_agree ------------------------------------------------------------


def _tv(text: str, pub: dt.date = PUB) -> TimeValue:
    r = resolve_time(text, pub)
    assert r is not None, text
    return TimeValue(0, len(text), text, r[0], r[1], r[2])


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Tuesday", "March 12", True),
        ("late Monday", "March 11", True),
        ("Tuesday", "March 13", False),
        ("March 12", "in March", True),
        ("March 12", "in February", False),
        ("March 12", "2024", True),
        ("last month", "February 20", True),
        ("last year", "May 2023", True),
        ("the 1990s", "1994", True),
        ("the 1990s", "2001", False),
        ("late Monday", "early Tuesday", True),  # one night, two time zones
        ("Monday", "Wednesday", False),
        ("yesterday", "Wednesday", True),
        ("two days ago", "yesterday", False),
    ],
)
def test_dates_agree(a: str, b: str, agree: bool) -> None:
    ta, tb = _tv(a), _tv(b)
    assert times_agree(ta, tb) is agree
    assert times_agree(tb, ta) is agree


def test_dates_agree_canonical_restated_date() -> None:
    pub = D(2025, 8, 5)
    assert times_agree(_tv("late Monday", pub), _tv("on August 4", pub))
    assert not times_agree(_tv("late Monday", pub), _tv("August 1", pub))


def test_dates_agree_unresolved_is_not_a_conflict() -> None:
    unknown = TimeValue(0, 7, "Tuesday", None, None, "unknown")
    assert times_agree(unknown, _tv("March 1"))


def test_dates_find_canonical_restated_date_agrees(nlp: Any) -> None:
    pub = D(2025, 8, 5)  # Tuesday
    wire = find_times(nlp("Four drivers were released late Sunday, the government said late Monday."), pub)
    rewrite = find_times(nlp("The release was announced on August 4 after months of tense negotiations."), pub)
    assert [t.text for t in rewrite] == ["August 4"]
    late_monday = next(t for t in wire if t.text == "late Monday")
    late_sunday = next(t for t in wire if t.text == "late Sunday")
    assert times_agree(late_monday, rewrite[0])
    assert late_sunday.first == D(2025, 8, 3)


def test_dates_find_without_a_parser() -> None:
    import spacy

    doc = spacy.blank("en")("The drivers were freed late Sunday and flown home on March 12, 2024.")
    got = [(t.text, t.first) for t in find_times(doc, PUB)]
    assert got == [("late Sunday", D(2024, 3, 10)), ("March 12, 2024", D(2024, 3, 12))]


def test_dates_find_ignores_names_containing_date_words(nlp: Any) -> None:
    assert _times(nlp, "The Sunday Times reported on the Good Friday Agreement.") == []


@pytest.mark.parametrize(("sentence", "first", "last"), [
    # NER calls it an EVENT: still a date range
    ("Maintenance work had closed the line between September 6 and September 24.", "2024-09-06", "2024-09-24"),
    # NER leaves "between" out: still one range, not two months
    ("The recall covers seats made between March 2022 and August 2024.", "2022-03-01", "2024-08-31"),
])
def test_dates_between_ranges_are_one_expression(sentence: str, first: str, last: str) -> None:
    from triangulate.nlp.model import load_model

    found = find_times(load_model()(sentence), dt.date(2024, 10, 1))
    assert [(t.first.isoformat(), t.last.isoformat()) for t in found if t.first and t.last] == [(first, last)]


@pytest.mark.parametrize(("text", "day"), [
    ("April 1 next year", "2026-04-01"),
    ("April 1 this year", "2025-04-01"),
    ("3 May last year", "2024-05-03"),
    ("April 1 the year after next", "2027-04-01"),
    ("August 17 two years ago", "2023-08-17"),
    ("17 August three years ago", "2022-08-17"),
])
def test_dates_a_day_with_a_relative_year(text: str, day: str) -> None:
    assert resolve_time(text, dt.date(2025, 10, 1)) == (dt.date.fromisoformat(day), dt.date.fromisoformat(day), "day")


@pytest.mark.parametrize(("text", "first", "last"), [
    ("eighteen months ago", "2022-09-01", "2022-09-30"),  # counts past twelve, in words
    ("twenty-five years ago", "1999-01-01", "1999-12-31"),
    ("a year and a half ago", "2022-01-01", "2022-12-31"),
    ("three summers ago", "2021-06-01", "2021-08-31"),  # last summer is 2023
    ("two winters ago", "2022-12-01", "2023-02-28"),  # last winter ended in February 2024
    ("the October before last", "2022-10-01", "2022-10-31"),
    ("in the preceding six months", "2023-09-14", "2024-03-14"),
    ("the past fortnight", "2024-02-29", "2024-03-14"),
    ("a fortnight ago", "2024-02-26", "2024-03-03"),
])
def test_dates_resolve_more_relative_forms(text: str, first: str, last: str) -> None:
    r = resolve_time(text, PUB)
    assert r is not None and (r[0], r[1]) == _span(first, last)


def test_dates_the_end_of_the_year_is_this_year() -> None:
    r = resolve_time("before the end of the year", PUB, future=True)
    assert r is not None and r[1] == D(2024, 12, 31)
    later = _tv("the middle of next year")
    assert not times_agree(TimeValue(0, 1, "the end of the year", r[0], r[1], r[2]), later)


@pytest.mark.parametrize(("a", "b", "agree"), [
    # look-backs from the publication day say how long: one inside the other is not agreement
    ("over the past year", "over the past month", False),
    ("over the previous two weeks", "in the preceding six months", False),
    ("the past year", "the past 12 months", True),
    ("the past fortnight", "the past two weeks", True),
    # so do look-aheads from the publication day
    ("over the next three weeks", "the coming three months", False),
    ("over the next three weeks", "the coming 21 days", True),
    # the same relative word with another unit
    ("next week", "next month", False),
    ("last year", "May 2023", True),
])
def test_dates_agree_on_what_the_span_states(a: str, b: str, agree: bool) -> None:
    assert times_agree(_tv(a), _tv(b)) is agree
    assert times_agree(_tv(b), _tv(a)) is agree


@pytest.mark.parametrize(("text", "offset"), [
    ("three days earlier", (-1, 3, 3)),
    ("two weeks before the fish were found", (-1, 14, 14)),
    ("two months later", (1, 60.8, 60.8)),
    ("the following day", (1, 1, 1)),
    ("the day before", (-1, 1, 1)),
    ("some 48 hours later", (1, 1.8, 2.2)),
    ("last week", None),
    ("three days", None),
])
def test_dates_time_offset(text: str, offset: tuple[int, float, float] | None) -> None:
    got = time_offset(text)
    assert got == offset if offset is None or got is None else got == pytest.approx(offset)


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("three days earlier", "three weeks earlier", False),
    ("two months later", "two weeks later", False),
    ("48 hours later", "two days later", True),
    ("a day later", "the following day", True),
    ("two days earlier", "two days after", True),  # counted from different events: unknown
    ("three days earlier", "last week", True),
])
def test_dates_offsets_agree(a: str, b: str, agree: bool) -> None:
    assert offsets_agree(a, b) is agree and offsets_agree(b, a) is agree


@pytest.mark.parametrize(("sentence", "found"), [
    ("Residents reported a foul odour two weeks before the fish were found.", ["two weeks before"]),
    ("They met two days before the vote.", ["two days before"]),
    ("The talks lasted three days before collapsing.", []),  # a duration, not a time
    ("The strike ran for two weeks before the deal.", []),
])
def test_dates_find_a_duration_counted_from_another_event(nlp: Any, sentence: str, found: list[str]) -> None:
    assert [t.text for t in find_times(nlp(sentence), PUB) if t.first is None] == found


def test_dates_find_ordinal_centuries_are_not_days(nlp: Any) -> None:
    assert _times(nlp, "The pieces date from the 12th and 13th centuries.") == []
    assert [t.text for t in find_times(nlp("Prices fell on the 12th."), PUB)] == ["the 12th"]
