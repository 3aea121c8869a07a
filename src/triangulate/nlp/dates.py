"""Time expressions resolved against the publication date.

``resolve_time`` turns one expression ("late Sunday", "last month", "March
13", "the 1990s") into an interval of days ``(first, last, granularity)``;
``find_times`` finds every calendar expression of a parsed spaCy ``Doc``;
``times_agree`` says whether two of them are compatible.

Decisions (all relative to the publication date ``pub``):

- A weekday ("Tuesday", "late Tuesday", "Tuesday night") is the most recent
  such day on or before ``pub`` (the same weekday is ``pub`` itself); in a
  future-tense sentence the next one on or after ``pub``. "last Tuesday" is
  strictly before ``pub``, "next Tuesday" strictly after.
- A month without a year ("in January") is the most recent such month not
  after ``pub``'s month (future: the next one on or after it).
- A day without a year ("March 13") is in ``pub``'s year, or the year before
  when that would put it more than 60 days after ``pub`` (future: the next
  occurrence on or after ``pub``). "the 13th" is the most recent 13th.
- "this week/month/year" run from the start of the period to ``pub`` (future:
  from ``pub`` to the end); "last/next week" are Monday-to-Sunday weeks.
- early / mid / late (and "the beginning / middle / end of") narrow a period
  to its first half, middle half and second half, so "late 2023" is
  2023-07-02..2023-12-31 and "early January" is January 1-15. These overlap
  on purpose: vague words should not produce false conflicts. On a single
  day ("late Monday") they change nothing.
- Seasons are meteorological, northern hemisphere: spring Mar-May, summer
  Jun-Aug, autumn Sep-Nov, winter Dec-Feb; "winter 2023" is the winter that
  starts in December 2023. Granularity "month".
- "recent days/weeks/months/years" and "the coming ..." cover 10 days, 8
  weeks, 12 months and 10 years before (after) ``pub``.
- A bare clock time ("3 p.m.", "at noon") is ``pub`` (granularity "day");
  ``find_times`` attaches it to another date of the same sentence when there
  is one. A bare part of day ("in the morning") is unknown.
- Anaphoric expressions ("the next day", "two days later", "that night") are
  calendar expressions that cannot be resolved from ``pub``: unknown. Those
  that count from another event ("three days earlier", "two weeks before the
  fish were found") are compared by ``offsets_agree``: the same direction
  and about the same length.
- Two look-backs from ``pub`` ("over the past year" / "over the past
  month") state a length: they agree only when about as long, although one
  contains the other. So do "next week" / "next month" not agree.
- "a fortnight" is two weeks; "three summers ago" is the summer two before
  last summer; "August 17 two years ago" is that day of ``pub``'s year - 2.
- Durations ("three years", "more than a decade", "24 hours") are not
  calendar expressions: ``resolve_time`` returns None and ``find_numbers``
  reads them as numbers.
- With ``published=None`` relative expressions give ``(None, None,
  "unknown")``; absolute ones with a year are still resolved.
- A leading preposition ("on", "in", "since", "by", "before", ...) is
  ignored; its meaning ("since 2019" = from 2019 on) is not modelled.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final, Literal

from ..records import TimeValue
from .numbers import parse_number_phrase
from .quotes import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "Granularity", "find_times", "format_span", "is_lookback", "is_since", "offsets_agree", "parse_span", "resolve_time",
    "spans_differ", "time_offset", "times_agree", "wrong_weekday",
]

Granularity = Literal["day", "week", "month", "year", "decade", "unknown"]
Resolution = tuple[dt.date | None, dt.date | None, Granularity]

_UNKNOWN: Final[Resolution] = (None, None, "unknown")
_DAY: Final = dt.timedelta(days=1)
_NEAR_FUTURE_DAYS: Final = 60
"""A day-and-month without a year may lie this far after ``pub`` (a scheduled event)."""
_GRAIN_ORDER: Final[dict[str, int]] = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4, "unknown": 5}

_MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_SEASONS: Final[dict[str, int]] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_UNIT_GRAIN: Final[dict[str, Granularity]] = {
    "day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade",
}
# "recent days" / "the coming weeks": how far back (forward) and how precise.
_VAGUE_SPAN: Final[dict[str, tuple[str, int, Granularity]]] = {
    "day": ("day", 10, "week"), "week": ("week", 8, "month"),
    "month": ("month", 12, "year"), "year": ("year", 10, "decade"),
}

# --- regex fragments (applied to lower-cased, normalised text) -------------
_MON: Final = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAYN: Final = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR: Final = r"(?P<year>\d{4})"
_WD: Final = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TENS: Final = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS_W: Final = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMW: Final = (
    rf"(?P<n>(?:{_TENS}(?:[- ]{_UNITS_W})?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|\d+(?:\.\d+)?|a few|a couple of|a couple"
    r"|several|some|(?:about|around|roughly|some|nearly|almost|more than|over|at least|less than|just over|just under)"
    r" \w+)(?: and a half)?)"
)

# 2024-02-02
_ISO_RE: Final = re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})")
# [Tuesday,] February 2[,] [2024]
# ... next year / the year after next: "April 1 next year"
_YREL: Final = (
    r"(?:\s+(?P<yrel>last|this|next)\s+year|\s+the\s+year\s+(?P<ytwo>after\s+next|before\s+last)"
    rf"|\s+{_NUMW}\s+years?\s+(?P<yago>ago))?"
)
_MDY_RE: Final = re.compile(rf"(?:{_WD},?\s+)?(?:the\s+)?{_MON}\s+(?:the\s+)?{_DAYN}(?:,?\s+{_YEAR})?{_YREL}")
# [Tuesday,] [the] 2[nd] [of] February[,] [2024]
_DMY_RE: Final = re.compile(rf"(?:{_WD},?\s+)?(?:the\s+)?{_DAYN}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?{_YREL}")
# March 12-13 [2024] / March 12 and 13
_MDD_RE: Final = re.compile(
    rf"{_MON}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|to|through|until|and|&)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?"
)
# 12-13 March [2024]
_DDM_RE: Final = re.compile(
    rf"(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|to|and|&)\s*(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?"
)
# the 13th [of this month]
_THE_DAY_RE: Final = re.compile(r"the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(?:this|the)\s+month)?")
# [last|this|next] January [2024 | of 2024 | last year]
_MONTH_RE: Final = re.compile(
    rf"(?:(?P<rel>last|this|next|past|coming|this past)\s+)?{_MON}"
    rf"(?:(?:,?\s+|\s+of\s+){_YEAR}|\s+(?P<yrel>last|this|next)\s+year)?"
)
# 2019, the year 2019, q1 2024, the first quarter of 2024, the first half of 2023
_YEAR_RE: Final = re.compile(
    r"(?:the\s+(?P<half>first|second)\s+half\s+(?:of\s+)?"
    r"|(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?"
    r"|q(?P<qn>[1-4])\s+"
    r"|the\s+year\s+)?(?P<year>\d{4})"
)
# the 1990s, the '90s, the 90s
_DECADE_RE: Final = re.compile(r"(?:the\s+)?'?(?P<dec>\d{3}0|\d0)'?s")
# [last|this|next|on] Tuesday
_WEEKDAY_RE: Final = re.compile(rf"(?:(?P<rel>last|this|next|past|coming|this past|this coming)\s+)?{_WD}")
_REL_DAY_RE: Final = re.compile(
    r"(?P<w>today|yesterday|tomorrow|overnight|the day before yesterday|the day after tomorrow)"
)
# three days ago, a year ago, a few weeks ago
# "two years", "a decade", "six months"
_N_UNITS: Final = rf"{_NUMW}\s*(?P<unit>day|week|month|year|decade)s?(?P<half>\s+and\s+a\s+half)?"
_N_UNITS_RE: Final = re.compile(_N_UNITS)
_AGO_RE: Final = re.compile(rf"{_N_UNITS}\s+ago")
# last week, this month, earlier this year, next weekend, the past year
_REL_UNIT_RE: Final = re.compile(
    r"(?P<mod>earlier|later)?\s*(?P<rel>last|this|next|the past|past|the coming|coming|the last)\s+"
    r"(?P<unit>week|month|year|weekend|decade)"
)
# the past three years, the last few days, the next two weeks
_SPAN_N_RE: Final = re.compile(
    rf"(?:the\s+)?(?P<dir>past|last|previous|preceding|next|coming|following)\s+{_NUMW}\s*(?P<unit>day|week|month|year|decade)s"
)
# recent weeks, the coming days
_VAGUE_RE: Final = re.compile(
    r"(?:the\s+)?(?P<dir>recent|coming|next few|past few|last few|upcoming)\s+(?P<unit>day|week|month|year)s"
)
_WEEKEND_RE: Final = re.compile(r"(?:(?P<rel>this|last|next|the|past|coming)\s+)?weekend")
# three summers ago, two winters ago
_SEASON_AGO_RE: Final = re.compile(rf"{_NUMW}\s+(?P<season>spring|summer|autumn|fall|winter)s?\s+ago")
# the October before last
_MONTH_BEFORE_LAST_RE: Final = re.compile(rf"(?:the\s+)?{_MON}\s+before\s+last")
_SEASON_RE: Final = re.compile(
    rf"(?:(?P<rel>last|this|next|past|coming|the)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:(?:\s+of)?\s+{_YEAR})?"
)
# early/mid/late + anything; "the end of", "the beginning of"
_MOD_RE: Final = re.compile(
    r"(?P<mod>early|mid|late|end|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of"
    r"|earlier|later|the\s+first\s+days\s+of|the\s+last\s+days\s+of)(?:\s*-\s*|\s+)(?P<rest>.+)"
)
# Calendar but not resolvable from the publication date.
_ANAPHORIC_RE: Final = re.compile(
    r"(?:the\s+)?(?:previous|following|same|preceding|prior)\s+(?:day|night|morning|afternoon|evening|week|weekend|month|year)"
    r"|the\s+next\s+(?:day|night|morning|afternoon|evening|week|weekend|month|year)"
    r"|next\s+(?:day|night|morning|afternoon|evening)"
    r"|that\s+(?:day|night|morning|afternoon|evening|week|weekend|month|year|time|date)"
    r"|the\s+(?:day|night|evening|morning|week|month|year)\s+(?:before|after|prior)"
    r"|(?:\w+\s+)?(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?|decades?)\s+(?:later|earlier|before|after|afterwards|prior)"
    r"|(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+(?:day|week|month|year)"
)
# Clock times: 3 p.m., 10:30, 0300 GMT, noon, midnight; with "at" and a zone.
_CLOCK_RE: Final = re.compile(
    r"(?:\b(?:at|around|about|shortly\s+(?:before|after)|just\s+(?:before|after)|before|after|until|from)\s+)?"
    r"(?:\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'clock)"
    r"|\b\d{1,2}:\d{2}\b(?:\s*(?:a\.?m\b\.?|p\.?m\b\.?))?"
    r"|\b\d{4}\s*(?:gmt|utc|hrs|hours|local\s+time)\b"
    r"|\b(?:noon|midnight|midday)\b)"
    r"(?:\s*\b(?:local\s+time|gmt|utc|edt|est|et|cet|cest|eat|wat|cat|bst|ist|pst|pdt|cdt|cst)\b)?"
)
# Parts of the day: dropped from a date ("Tuesday night" = Tuesday).
_PART_RE: Final = re.compile(
    r"\b(?:the\s+)?(?:early|small|wee)\s+hours(?:\s+of)?\b"
    r"|\b(?:(?:early|late|mid)[-\s]?)?(?:morning|afternoon|evening|night|dawn|dusk|daybreak|nightfall|sunrise|sunset)\b"
    r"|\bovernight\b"
)
_PREP_RE: Final = re.compile(
    r"^(?:(?:on|in|at|since|by|during|over|of|as\s+of|before|after|until|till|through|throughout|for|around|about|from|starting|beginning|this\s+past)\s+)+"
)
_SPACES_RE: Final = re.compile(r"\s+")
_FORTNIGHT_RE: Final = re.compile(r"\b(?:(?:an?|one)\s+)?fortnight\b")
_EDGE_JUNK_RE: Final = re.compile(r"^[\s,;:.]+|[\s,;:]+$|\s*'s$")
# Words left dangling once a time of day is removed ("3 p.m. on Monday" → "on Monday").
_CONNECTOR_EDGES_RE: Final = re.compile(
    r"^(?:(?:on|at|of|in|and)\b\s*|the\s+(?=of\b)|,\s*)+|(?:\s*\b(?:on|at|of|in|the|and)\b|\s*,)+$"
)
_RANGE_RE: Final = re.compile(r"(?:between\s+(?P<a1>.+?)\s+and\s+(?P<b1>.+))|(?:(?:from\s+)?(?P<a2>.+?)\s*(?:\bto\b|\bthrough\b|\buntil\b|\btill\b|\bthru\b|-|–)\s*(?P<b2>.+))")
_AND_RE: Final = re.compile(r"(?P<a>.+?)\s*(?:,\s*|\s+)(?:and|or|&)\s+(?P<b>.+)")


# --------------------------------------------------------------------------
# date helpers
# --------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), _month_end(year, month)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _shift(d: dt.date, unit: str, n: float) -> dt.date:
    """``d`` moved ``n`` units (n may be fractional for day/week)."""
    if unit == "day":
        return d + dt.timedelta(days=round(n))
    if unit == "week":
        return d + dt.timedelta(days=round(7 * n))
    months = round(n * {"month": 1, "year": 12, "decade": 120}[unit])
    y, m = _add_months(d.year, d.month, months)
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _period(d: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The calendar period of ``unit`` that contains ``d``."""
    if unit == "day":
        return d, d
    if unit == "week":
        monday = d - dt.timedelta(days=d.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return _month_span(d.year, d.month)
    if unit == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    start = d.year - d.year % 10
    return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _coarser(a: Granularity, b: Granularity) -> Granularity:
    return a if _GRAIN_ORDER[a] >= _GRAIN_ORDER[b] else b


def _count(n: str | None, half: bool = False) -> tuple[float, float] | None:
    """The count before a unit: "" → 1, "three" → 3, "a few" → (2, 5), "one and a half" → 1.5
    (``half``: "a year and a half")."""
    if n is None or not n.strip():
        return 1.0, 1.0
    n = n.strip()
    if n.endswith(" and a half"):
        n, half = n.removesuffix(" and a half"), True
    parsed = parse_number_phrase(n + " day")
    if parsed is None:
        return None
    lo, hi, _ = parsed
    if hi == float("inf"):
        return None
    return (lo + 0.5, hi + 0.5) if half else (lo, hi)


# --------------------------------------------------------------------------
# resolve_time
# --------------------------------------------------------------------------


def _normalise(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\([^)]*\)", " ", s)
    s = _FORTNIGHT_RE.sub("two weeks", s)
    s = _SPACES_RE.sub(" ", s)
    s = _EDGE_JUNK_RE.sub("", s).strip()
    return s


def _strip_preps(s: str) -> str:
    return _PREP_RE.sub("", s).strip()


@dataclass(frozen=True, slots=True)
class _Clean:
    text: str
    clock: bool
    part: bool


def _remove_times_of_day(s: str) -> _Clean:
    # Fixed phrases first: they name a day, not only a time of day.
    s = re.sub(r"\b(?:this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today|later\s+today|today's)\b", "today", s)
    s = re.sub(r"\blast\s+(?:night|evening)\b", "yesterday", s)
    s2, n_clock = _CLOCK_RE.subn(" ", s)
    s3, n_part = _PART_RE.subn(" ", s2)
    s3 = _SPACES_RE.sub(" ", s3).strip()
    s3 = _CONNECTOR_EDGES_RE.sub("", s3).strip()
    s3 = _EDGE_JUNK_RE.sub("", s3).strip()
    return _Clean(s3, n_clock > 0, n_part > 0)


def _narrow(first: dt.date, last: dt.date, mod: str, pub: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """Apply early/mid/late (and earlier/later relative to pub) to an interval."""
    if first == last:
        return first, last
    length = (last - first).days + 1
    if mod in ("early", "the beginning of", "the start of", "the first days of"):
        return first, first + dt.timedelta(days=length // 2 - 1)
    if mod in ("late", "end", "the end of", "the last days of"):
        return last - dt.timedelta(days=length // 2 - 1), last
    if mod in ("mid", "the middle of"):
        q = length // 4
        return first + dt.timedelta(days=q), last - dt.timedelta(days=q)
    if mod == "earlier":
        if pub is None:
            return None
        return first, max(first, min(last, pub))
    if mod == "later":
        if pub is None:
            return None
        return min(last, max(first, pub)), last
    return first, last


def _weekday(pub: dt.date, wd: int, rel: str | None, future: bool) -> dt.date:
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if rel in ("last", "past", "this past"):
        return pub - dt.timedelta(days=back or 7)
    if rel == "next":
        return pub + dt.timedelta(days=ahead or 7)
    if rel in ("coming", "this coming") or future:
        return pub + dt.timedelta(days=ahead)
    return pub - dt.timedelta(days=back)


def _month_year(pub: dt.date, month: int, rel: str | None, future: bool) -> int:
    if rel in ("last", "past", "this past"):
        return pub.year if month < pub.month else pub.year - 1
    if rel in ("next", "coming"):
        return pub.year if month > pub.month else pub.year + 1
    if rel == "this":
        return pub.year
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _day_month(pub: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """A day and month without a year, placed near the publication date."""
    if future:
        for year in (pub.year, pub.year + 1):
            d = _safe_date(year, month, day)
            if d is not None and d >= pub:
                return d
        return _safe_date(pub.year + 1, month, day)
    d = _safe_date(pub.year, month, day)
    if d is None:
        return _safe_date(pub.year - 1, month, day) if (month, day) == (2, 29) else None
    if (d - pub).days > _NEAR_FUTURE_DAYS:
        return _safe_date(pub.year - 1, month, day)
    return d


def _season_span(season: str, year: int) -> tuple[dt.date, dt.date]:
    start = _SEASONS[season]
    ey, em = _add_months(year, start, 2)
    return dt.date(year, start, 1), _month_end(ey, em)


def _season(pub: dt.date | None, season: str, rel: str | None, year: int | None, future: bool) -> Resolution:
    if year is not None:
        first, last = _season_span(season, year)
        return first, last, "month"
    if pub is None:
        return _UNKNOWN
    spans = [_season_span(season, y) for y in range(pub.year - 2, pub.year + 2)]
    chosen: tuple[dt.date, dt.date] | None = None
    if rel in ("last", "past"):
        chosen = max((s for s in spans if s[1] < pub), default=None)
    elif rel in ("next", "coming"):
        chosen = min((s for s in spans if s[0] > pub), default=None)
    elif rel == "this":
        containing = [s for s in spans if s[0] <= pub <= s[1]]
        if containing:
            chosen = containing[0]
        elif future:
            chosen = min((s for s in spans if s[0] > pub), default=None)
        else:
            chosen = min((s for s in spans if s[0].year == pub.year or s[1].year == pub.year), default=None)
    elif future:
        chosen = min((s for s in spans if s[1] >= pub), default=None)
    else:
        chosen = max((s for s in spans if s[0] <= pub), default=None)
    if chosen is None:
        return _UNKNOWN
    return chosen[0], chosen[1], "month"


def _year_ok(y: int) -> bool:
    return 1000 <= y <= 2199


def _rel_unit(pub: dt.date, rel: str, unit: str, mod: str | None, future: bool) -> Resolution | None:
    """last/this/next week|month|year|decade, the past year, earlier this month."""
    grain: Granularity = _UNIT_GRAIN[unit]
    if rel in ("the past", "past", "the last"):
        return _shift(pub, unit, -1), pub, grain
    if rel in ("the coming", "coming"):
        return pub, _shift(pub, unit, 1), grain
    if unit == "decade" and rel == "last":
        return _shift(pub, "year", -10), pub, grain
    offset = {"last": -1, "this": 0, "next": 1}[rel]
    first, last = _period(_shift(pub, unit, offset), unit)
    if rel == "this":
        if mod == "later" or (mod is None and future):
            first = pub
        elif mod == "earlier" or mod is None:
            last = pub
    return first, last, grain


def _weekend(pub: dt.date, rel: str | None, future: bool) -> Resolution:
    wd = pub.weekday()
    saturday_this = pub + dt.timedelta(days=5 - wd)  # Saturday of pub's week
    week = dt.timedelta(days=7)
    if rel in ("last", "past"):
        sat = saturday_this - week
    elif rel in ("next", "coming"):
        sat = saturday_this if wd < 5 else saturday_this + week
    elif wd >= 5 or future:
        sat = saturday_this  # published on the weekend, or a weekend to come
    else:
        sat = saturday_this - week  # the weekend just past
    return sat, sat + _DAY, "week"


def _resolve_single(s: str, pub: dt.date | None, future: bool) -> Resolution | None:
    """One expression (no range), normalised, no time of day."""
    if not s:
        return None
    m = _ISO_RE.fullmatch(s)
    if m:
        d = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
        return (d, d, "day") if d is not None else None
    for rx in (_MDY_RE, _DMY_RE):
        m = rx.fullmatch(s)
        if m:
            month, day = _MONTHS[m["mon"]], int(m["day"])
            if m["year"]:
                d = _safe_date(int(m["year"]), month, day)
                return (d, d, "day") if d is not None else None
            if not 1 <= day <= 31:
                return None
            if pub is None:
                return _UNKNOWN
            if m["yrel"] or m["ytwo"] or m["yago"]:
                if m["yago"]:  # "August 17 two years ago"
                    years = _count(m["n"])
                    if years is None or years[0] != years[1] or not years[0].is_integer():
                        return None
                    offset = -int(years[0])
                elif m["yrel"]:
                    offset = {"last": -1, "this": 0, "next": 1}[m["yrel"]]
                else:
                    offset = 2 if m["ytwo"].startswith("after") else -2
                d = _safe_date(pub.year + offset, month, day)
            else:
                d = _day_month(pub, month, day, future)
            return (d, d, "day") if d is not None else None
    for rx in (_MDD_RE, _DDM_RE):
        m = rx.fullmatch(s)
        if m:
            month, d1, d2 = _MONTHS[m["mon"]], int(m["d1"]), int(m["d2"])
            if d2 < d1:
                return None
            if m["year"]:
                a, b = _safe_date(int(m["year"]), month, d1), _safe_date(int(m["year"]), month, d2)
            elif pub is None:
                return _UNKNOWN
            else:
                a = _day_month(pub, month, d1, future)
                b = _safe_date(a.year, month, d2) if a is not None else None
            return (a, b, "day") if a is not None and b is not None else None
    m = _THE_DAY_RE.fullmatch(s)
    if m:
        day = int(m["day"])
        if not 1 <= day <= 31:
            return None
        if pub is None:
            return _UNKNOWN
        step = 1 if future else -1
        y, mo = pub.year, pub.month
        for _ in range(3):
            d = _safe_date(y, mo, day)
            if d is not None and ((d >= pub) if future else (d <= pub)):
                return d, d, "day"
            y, mo = _add_months(y, mo, step)
        return None
    m = _WEEKDAY_RE.fullmatch(s)
    if m:
        if pub is None:
            return _UNKNOWN
        d = _weekday(pub, _WEEKDAYS[m["wd"]], m["rel"], future)
        return d, d, "day"
    m = _REL_DAY_RE.fullmatch(s)
    if m:
        if pub is None:
            return _UNKNOWN
        w = m["w"]
        if w == "overnight":
            return pub - _DAY, pub, "day"
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1,
                 "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        d = pub + dt.timedelta(days=delta)
        return d, d, "day"
    m = _MONTH_RE.fullmatch(s)
    if m:
        month = _MONTHS[m["mon"]]
        if m["year"]:
            y = int(m["year"])
            if not _year_ok(y):
                return None
        elif pub is None:
            return _UNKNOWN
        elif m["yrel"]:
            y = pub.year + {"last": -1, "this": 0, "next": 1}[m["yrel"]]
        else:
            y = _month_year(pub, month, m["rel"], future)
        first, last = _month_span(y, month)
        return first, last, "month"
    m = _YEAR_RE.fullmatch(s)
    if m:
        y = int(m["year"])
        if not _year_ok(y):
            return None
        if m["half"]:
            return (dt.date(y, 1, 1), dt.date(y, 6, 30), "month") if m["half"] == "first" else (dt.date(y, 7, 1), dt.date(y, 12, 31), "month")
        qn = m["q"] or m["qn"]
        if qn:
            q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(qn) or int(qn)
            first = dt.date(y, 3 * q - 2, 1)
            return first, _month_end(y, 3 * q), "month"
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    m = _DECADE_RE.fullmatch(s)
    if m:
        dec = m["dec"]
        start = int(dec) if len(dec) != 2 else (1900 if int(dec) >= 30 else 2000) + int(dec)
        if not _year_ok(start):
            return None
        return dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade"
    m = _AGO_RE.fullmatch(s)
    if m:
        count = _count(m["n"], bool(m["half"]))
        if count is None:
            return None
        if pub is None:
            return _UNKNOWN
        unit = m["unit"]
        lo, hi = count
        first = _period(_shift(pub, unit, -hi), unit)[0]
        last = _period(_shift(pub, unit, -lo), unit)[1]
        return first, last, _UNIT_GRAIN[unit]
    m = _SPAN_N_RE.fullmatch(s)
    if m:
        count = _count(m["n"])
        if count is None:
            return None
        if pub is None:
            return _UNKNOWN
        unit = m["unit"]
        if m["dir"] in ("past", "last", "previous", "preceding"):
            return _shift(pub, unit, -count[1]), pub, _UNIT_GRAIN[unit]
        return pub, _shift(pub, unit, count[1]), _UNIT_GRAIN[unit]
    m = _VAGUE_RE.fullmatch(s)
    if m:
        if pub is None:
            return _UNKNOWN
        unit, n, grain = _VAGUE_SPAN[m["unit"]]
        if m["dir"] in ("coming", "next few", "upcoming"):
            return pub, _shift(pub, unit, n), grain
        return _shift(pub, unit, -n), pub, grain
    m = _REL_UNIT_RE.fullmatch(s)
    if m:
        if pub is None:
            return _UNKNOWN
        if m["unit"] == "weekend":
            return _weekend(pub, m["rel"], future)
        return _rel_unit(pub, m["rel"], m["unit"], m["mod"], future)
    m = _WEEKEND_RE.fullmatch(s)
    if m:
        if pub is None:
            return _UNKNOWN
        return _weekend(pub, m["rel"], future)
    m = _SEASON_AGO_RE.fullmatch(s)
    if m:
        count = _count(m["n"])
        if count is None or count[0] != count[1] or not count[0].is_integer() or count[0] < 1:
            return None
        if pub is None:
            return _UNKNOWN
        latest = _season(pub, m["season"], "last", None, future)[0]
        if latest is None:
            return _UNKNOWN
        back = int(count[0]) - 1  # "one summer ago" is last summer
        since, until = _season_span(m["season"], latest.year - back)
        return since, until, "month"
    m = _MONTH_BEFORE_LAST_RE.fullmatch(s)
    if m:
        if pub is None:
            return _UNKNOWN
        month = _MONTHS[m["mon"]]
        first, last = _month_span(_month_year(pub, month, "last", False) - 1, month)
        return first, last, "month"
    m = _SEASON_RE.fullmatch(s)
    if m:
        year = int(m["year"]) if m["year"] else None
        rel = m["rel"] if m["rel"] != "the" else None
        return _season(pub, m["season"], rel, year, future)
    if _ANAPHORIC_RE.fullmatch(s):
        return _UNKNOWN
    return None


def _resolve_norm(s: str, pub: dt.date | None, future: bool, depth: int = 0) -> Resolution | None:
    s = _strip_preps(s)
    if not s or depth > 3:
        return None
    if re.search(r"\b(?:next|coming|upcoming)\b", s):
        future = True
    single = _resolve_single(s, pub, future)
    if single is not None:
        return single
    for rx in (_RANGE_RE, _AND_RE):
        m = rx.fullmatch(s)
        if not m:
            continue
        if rx is _RANGE_RE:
            a, b = (m["a1"], m["b1"]) if m["a1"] is not None else (m["a2"], m["b2"])
        else:
            a, b = m["a"], m["b"]
        ra = _resolve_norm(a, pub, future, depth + 1)
        rb = _resolve_norm(b, pub, future, depth + 1)
        if rb is None and ra is not None and ra[0] is not None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", b.strip()):
            # "March 12 to 14": the second day inherits month and year.
            day = int(re.sub(r"\D", "", b))
            d = _safe_date(ra[0].year, ra[0].month, day)
            rb = (d, d, "day") if d is not None else None
        if ra is None and rb is not None and rb[0] is not None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", a.strip()):
            day = int(re.sub(r"\D", "", a))
            d = _safe_date(rb[0].year, rb[0].month, day)
            ra = (d, d, "day") if d is not None else None
        if ra is None or rb is None:
            continue
        if ra[0] is None or rb[0] is None or ra[1] is None or rb[1] is None:
            return _UNKNOWN
        return min(ra[0], rb[0]), max(ra[1], rb[1]), _coarser(ra[2], rb[2])
    m = _MOD_RE.fullmatch(s)
    if m:
        mod = _SPACES_RE.sub(" ", m["mod"])
        # "by the end of the year", "the middle of the month": the current one
        rest = re.sub(r"^the (week|month|year)$", r"this \1", m["rest"])
        inner = _resolve_norm(rest, pub, future, depth + 1)
        if inner is None:
            return None
        first, last, grain = inner
        if first is None or last is None:
            return inner
        narrowed = _narrow(first, last, mod, pub)
        if narrowed is None:
            return _UNKNOWN
        if mod not in ("earlier", "later"):
            # "late 2023" is about months, "the early 1990s" about years.
            grain = {"year": "month", "decade": "year"}.get(grain, grain)  # type: ignore[assignment]
        return narrowed[0], narrowed[1], grain
    return None


@lru_cache(maxsize=8192)
def _resolve_cached(text: str, published: dt.date | None, future: bool) -> Resolution | None:
    s = _normalise(text)
    if not s:
        return None
    bare = _strip_preps(s)
    if _REL_DAY_RE.fullmatch(bare):
        return _resolve_single(bare, published, future)
    if _ANAPHORIC_RE.fullmatch(bare):
        return _UNKNOWN  # "that night": checked before "night" is dropped
    clean = _remove_times_of_day(s)
    if not clean.text:
        if clean.clock:
            return (published, published, "day") if published is not None else _UNKNOWN
        if clean.part:
            return _UNKNOWN
        return None
    return _resolve_norm(clean.text, published, future)


def format_span(first: dt.date | None, last: dt.date | None) -> str:
    """The JSON value of a resolved time: "2024-03-12", "2024-03-01/2024-03-31" or "unresolved"."""
    if first is None or last is None:
        return "unresolved"
    return str(first) if first == last else f"{first}/{last}"


def parse_span(value: str) -> tuple[dt.date, dt.date] | None:
    """The days of a ``format_span`` value; None when unresolved or not one."""
    if not value or value == "unresolved":
        return None
    first, _, last = value.partition("/")
    try:
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
    except ValueError:
        return None


_WEEKDAY_WORD_RE: Final = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def wrong_weekday(text: str, value: str) -> str | None:
    """The real weekday of a one-day date (a ``format_span`` value) whose text names another
    ("Monday, November 9" for a Thursday, → "Thursday"), else None."""
    span = parse_span(value)
    m = _WEEKDAY_WORD_RE.search(text)
    if span is None or m is None or span[0] != span[1] or _WEEKDAYS[m.group(1).lower()] == span[0].weekday():
        return None
    return next(name for name, wd in _WEEKDAYS.items() if wd == span[0].weekday()).capitalize()


def resolve_time(text: str, published: dt.date | None, *, future: bool = False) -> Resolution | None:
    """Resolve a time expression against the publication date.

    Returns ``(first, last, granularity)``: the interval of days the
    expression names, or ``(None, None, "unknown")`` for a calendar expression
    that cannot be resolved (relative with ``published=None``, or anaphoric
    like "the next day"). Returns None when ``text`` is not a calendar time
    expression (durations such as "three years", "more than a decade").
    ``future`` resolves bare weekdays, months and days forward (set it for
    future-tense sentences). See the module docstring for every rule.

    >>> resolve_time("late Monday", dt.date(2025, 8, 5))
    (datetime.date(2025, 8, 4), datetime.date(2025, 8, 4), 'day')
    """
    return _resolve_cached(text, published, future)


# --------------------------------------------------------------------------
# find_times
# --------------------------------------------------------------------------

_MONTH_CAP: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY_CAP: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Forms spaCy's NER misses, scanned in the raw text (case matters for names:
# "May" is a month only when capitalised and next to a day, year or preposition).
_SCAN_RE: Final = re.compile(
    rf"""
    \b\d{{4}}-\d{{2}}-\d{{2}}\b                                          # 2024-02-02
    | \b(?:(?i:early|late|last|this|next|on)[\s-]+)?{_WEEKDAY_CAP}
      (?:\s+(?i:morning|afternoon|evening|night))?\b                      # late Tuesday night
    | \b{_MONTH_CAP}\s+\d{{1,2}}(?:st|nd|rd|th)?\b
      (?:\s*(?:-|–|and|&|to)\s*\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?   # March 12(-13), 2024
    | \b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*(?:-|–|and|&|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)?
      \s+(?:of\s+)?{_MONTH_CAP}(?:,?\s+\d{{4}}\b)?                           # (12-)13 March 2024
    | \b(?i:in|since|during|until|by|last|this|next|early|late|mid-?)\s+
      (?:January|February|March|April|May|June|July|August|September|October|November|December)
      (?:\s+\d{{4}})?\b                                                   # in May (2023)
    | \b(?i:yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)|overnight)\b
    | \b(?i:(?:(?:earlier|later)\s+)?(?:last|this|next|the\s+past)\s+(?:week|month|year|weekend))\b
    | \b(?i:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several)
      \s+(?:days?|weeks?|months?|years?)\s+ago)\b                         # two days ago
    | \b(?i:in|since|during|until|by|before|after)\s+(?:1[89]\d{{2}}|20\d{{2}})\b(?!\s*(?:people|[a-z]+s\b))  # in 2019
    | \b(?i:spring|summer|autumn|fall|winter)(?:\s+of)?\s+\d{{4}}\b        # summer of 2022
    | \b\d{{1,2}}(?::\d{{2}})?\s*(?i:a\.m\.|p\.m\.|am\b|pm\b)             # 3 p.m.
    | \b\d{{1,2}}:\d{{2}}\b                                                # 10:30
    | \b\d{{4}}\s*(?:GMT|UTC)\b                                            # 0300 GMT
    """,
    re.VERBOSE,
)
# What may sit between two pieces of one expression ("Tuesday night", "3 p.m. on Monday").
_JOIN_GAP_RE: Final = re.compile(r"\s*(?:,\s*)?(?:(?:on|at|of|in\s+the|in|and|or|to|through|until|till|-|–|&)\s*)?(?:the\s+)?")
_LEAD_RE: Final = re.compile(
    r"^(?:(?:on|in|at|since|by|during|over|from|until|till|through|throughout|before|after|as\s+of|for|around)\s+|[,;:\s]+)+",
    re.IGNORECASE,
)
_TRAIL_RE: Final = re.compile(r"(?:'s|\u2019s|[,.;:\s])+$")
_SPLIT_RE: Final = re.compile(r"\s*,\s*(?:and|or)\s+|\s*,\s*|\s+(?:and|or|&)\s+", re.IGNORECASE)
_ABBREV_END_RE: Final = re.compile(r"(?i)(?:\b[ap]\.m|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec))\.$")
_LIST_RE: Final = re.compile(r"(?i)\s(?:and|or|&)\s")
_DAY_ONLY_RE: Final = re.compile(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)
_NAME_LABELS: Final = frozenset({"ORG", "PERSON", "WORK_OF_ART", "EVENT", "FAC", "PRODUCT", "LAW"})
_DATE_PREP_RE: Final = re.compile(r"(?i)(?:between|from|since|until)\s+\S")
_BETWEEN_BEFORE_RE: Final = re.compile(r"(?i)\bbetween\s+$")
# "would" is the future of reported speech: "said it would close the plant by September"
_FUTURE_AUX: Final = frozenset({"will", "'ll", "ll", "shall", "wo", "would", "should"})
_FUTURE_GOVERNORS: Final = frozenset({"go", "schedule", "set", "plan", "due", "expect", "intend"})


def _governing_verb(tok: Token) -> Token:
    v = tok
    for _ in range(8):
        if v.pos_ in ("VERB", "AUX") or v.head is v:
            break
        v = v.head
    return v


def _has_future_aux(v: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in v.children)


def _bare_due(h: Token, v: Token) -> bool:
    """"the count, due to be completed on Wednesday": a bare "due to" looks ahead; not "had not
    been due to be replaced" (after a copula, with its own tense)."""
    return h.lemma_ == "due" and v.dep_ == "xcomp" and h.dep_ != "acomp" and not any(
        c.dep_ in ("aux", "auxpass", "cop", "neg") for c in h.children)


def _is_future(doc: Doc, start: int, end: int) -> bool:
    """Whether the sentence governing doc.text[start:end] is in the future tense."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    before = span[0].i - 1
    while before >= 0 and doc[before].lower_ in ("on", "late", "early", "this", "last"):
        before -= 1
    if before >= 0 and doc[before].lemma_.lower() in SPEECH_VERBS and (doc[before].tag_ == "VBD" or (
            doc[before].tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in doc[before].children))):
        # "said on Monday it would recall ...", "..., the union announced on Tuesday" (tagged VBN, no
        # auxiliary): the saying is past, whatever it says
        return False
    v = _governing_verb(span.root)
    if _has_future_aux(v):
        return True
    # "a deadline of Friday", "an ultimatum expiring Monday": deadlines lie ahead
    cur = span.root
    for _ in range(4):
        if cur.lemma_.lower() in ("deadline", "ultimatum"):
            return True
        if cur.head is cur:
            break
        cur = cur.head
    if v.tag_ == "VBD":
        return False  # "..., the union announced on Tuesday": a past-tense verb dates the past
    if v.dep_ == "conj" and _has_future_aux(v.head):
        return True
    if v.tag_ in ("VBZ", "VBP") and v.lemma_ not in ("be", "have") and v.lemma_.lower() not in SPEECH_VERBS:
        return True  # "she takes office on December 6": the present of a timetable
    # "is going to meet", "is scheduled to vote", "is scheduled for Friday", "is due on Friday".
    heads = [v.head, v] if v.dep_ == "xcomp" else [v]
    heads.extend(c for c in v.children if c.dep_ == "acomp" and c.lemma_ == "due")
    for h in heads:
        if h.lemma_ in _FUTURE_GOVERNORS and (h is not v or h.lemma_ != "go" or h.tag_ == "VBG"):
            owner = v if h.dep_ == "acomp" else h
            present = owner.tag_ in ("VBZ", "VBP") or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in owner.children
            )
            if present or _has_future_aux(h) or _bare_due(h, v):
                return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading preposition and trailing punctuation / possessive."""
    seg = text[start:end]
    m = _LEAD_RE.match(seg)
    if m and m.end() < len(seg):
        start += m.end()
        seg = seg[m.end():]
    m2 = _TRAIL_RE.search(seg)
    if m2 and m2.start() > 0:
        cut = m2.start()
        if seg[cut:cut + 1] == "." and _ABBREV_END_RE.search(seg[: cut + 1]):
            cut += 1  # keep the dot of "p.m." / "Feb."
        end = start + cut
    return start, end


def _candidates(doc: Doc) -> list[tuple[int, int]]:
    text = doc.text
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")
             or (e.label_ in _NAME_LABELS and _DATE_PREP_RE.match(e.text))]
    # Names that contain a date word are not dates: "the Sunday Times", "Bloody Sunday"; but a "name"
    # that opens with a preposition of time is one ("between September 6 and September 24", EVENT)
    names = [(e.start_char, e.end_char) for e in doc.ents
             if e.label_ in _NAME_LABELS and not _DATE_PREP_RE.match(e.text)]
    spans.extend(
        m.span() for m in _SCAN_RE.finditer(text)
        if not any(s <= m.start() < e for s, e in names)
    )
    if not spans:
        return []
    spans.sort()
    merged: list[tuple[int, int]] = [spans[0]]
    for s, e in spans[1:]:
        ps, pe = merged[-1]
        if s <= pe:
            merged[-1] = (ps, max(pe, e))
            continue
        gap = text[pe:s]
        if len(gap) <= 12 and "\n" not in gap and _JOIN_GAP_RE.fullmatch(gap):
            merged[-1] = (ps, max(pe, e))
        else:
            merged.append((s, e))
    # "between March 2022 and August 2024": the model left "between" out of the range
    return [(s - len(m.group(0)), e) if (m := _BETWEEN_BEFORE_RE.search(text, 0, s)) else (s, e)
            for s, e in merged]


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    first: dt.date | None
    last: dt.date | None
    grain: Granularity
    bare_clock: bool
    sent: int


def _bare_kind(text: str) -> tuple[bool, bool]:
    """(only a clock time, only a part of day) for one expression."""
    norm = _normalise(text)
    if norm == "overnight":
        return False, False  # the night before publication: a date
    clean = _remove_times_of_day(norm)
    if clean.text:
        return False, False
    return clean.clock, clean.part and not clean.clock


def _resolve_part(
    text: str, start: int, end: int, published: dt.date | None, future: bool, prev: _Found | None
) -> Resolution | None:
    seg = text[start:end]
    r = resolve_time(seg, published, future=future)
    if r is None and prev is not None:
        m = _DAY_ONLY_RE.fullmatch(seg.strip())
        if m and prev.first is None:
            return _UNKNOWN
        if m and prev.first is not None and prev.grain == "day":
            # "March 12 and 13": the second day takes the first one's month and year.
            d = _safe_date(prev.first.year, prev.first.month, int(m.group(1)))
            if d is not None:
                return d, d, "day"
    return r


_IN_BEFORE_RE: Final = re.compile(r"(?i)\bin\s*$")
_CENTURY_AFTER_RE: Final = re.compile(r"(?i)(?:\s*(?:-|–|and|or|to)?\s*\d{1,2}(?:st|nd|rd|th))?\s+centur")
_OFFSET_WORD_RE: Final = re.compile(r"(?i)\s+(?:earlier|later|before|after|afterwards|prior|previously|beforehand)\b")
_FOR_BEFORE_RE: Final = re.compile(r"(?i)\b(?:for|spent|spend|spending|lasted|lasting|took|taking)\s*$")
_DURATION_VERBS: Final = frozenset({"last", "spend", "take", "continue", "remain", "stay", "wait", "run", "hold"})


def _offset_word(doc: Doc, text: str, start: int, end: int) -> int | None:
    """The end of "before" / "later" after a duration that counts from another event ("two weeks
    before the fish were found", "three days later"), not after one that lasts ("lasted three
    days before collapsing", "for two weeks before the deal"). ``text`` is ``doc.text`` (a join of
    every token: read once by the caller)."""
    m = _OFFSET_WORD_RE.match(text, end)
    if m is None or not _N_UNITS_RE.fullmatch(_normalise(text[start:end])) or _FOR_BEFORE_RE.search(text, 0, start):
        return None
    word = doc.char_span(m.end() - len(m.group().strip()), m.end())
    if word is None:
        return None
    verb = word.root.head
    if verb.lemma_.lower() in _DURATION_VERBS:
        return None
    return m.end()

_SINCE_WORDS: Final = frozenset({"first", "only", "record", "not", "n't", "never", "no"})


def _since(doc: Doc, text: str, start: int, end: int, published: dt.date | None) -> Resolution | None:
    """A superlative "in two years" dates its start: "its largest purchase in two years" = since two
    years ago, "the first kidnapping there in six months", "had not rained in a decade"."""
    seg = _normalise(text[start:end])
    if not _N_UNITS_RE.fullmatch(seg) or not _IN_BEFORE_RE.search(text, 0, start):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    before = doc[span.sent.start:span.start]
    if not any(t.tag_ in ("JJS", "RBS") or t.lower_ in _SINCE_WORDS for t in before):
        return None
    return resolve_time(seg + " ago", published)


def find_times(doc: Doc, published: dt.date | None) -> list[TimeValue]:
    """Every calendar time expression of ``doc``, resolved against ``published``.

    Sources are spaCy's DATE and TIME entities plus a regex pass for forms
    the model misses (weekdays, "yesterday", "last week", "March 13", ISO
    dates, clock times). Pieces of one expression are joined ("Tuesday" +
    "night", "3 p.m." + "on Monday"); lists are split ("late Sunday and
    Monday" → Sunday, Monday; "March 12 and 13" → two days). Durations are
    left to ``find_numbers``. A bare clock time takes the date of the nearest
    other expression in its sentence, else the publication date.
    """
    text = doc.text
    found: list[_Found] = []
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    for cs, ce in _candidates(doc):
        start, end = _trim(text, cs, ce)
        if end <= start:
            continue
        future = _is_future(doc, start, end)
        seg = text[start:end]
        pieces: list[tuple[int, int]] = []
        whole = None
        if not _LIST_RE.search(seg) or re.match(r"(?i)between\b", seg):
            whole = resolve_time(seg, published, future=future)
        if whole is not None:
            pieces = [(start, end)]
        else:
            pos = start
            for m in _SPLIT_RE.finditer(seg):
                pieces.append((pos, start + m.start()))
                pos = start + m.end()
            pieces.append((pos, end))
        sent = _sentence_index(sent_starts, start)
        prev: _Found | None = None
        queue = list(pieces)
        while queue:
            ps, pe = queue.pop(0)
            ps, pe = _trim(text, ps, pe)
            if pe <= ps:
                continue
            r = whole if (ps, pe) == (start, end) and whole is not None else _resolve_part(
                text, ps, pe, published, future, prev
            )
            if r is None:
                r = _since(doc, text, ps, pe, published)
            if r is None and (after := _offset_word(doc, text, ps, pe)) is not None:
                pe, r = after, _UNKNOWN  # "two weeks before the fish were found": from another event
            if r is None:
                # An entity that swallowed more than a date ("August 4 after months"):
                # fall back to the forms the regex pass finds inside it.
                inner = [m.span() for m in _SCAN_RE.finditer(text, ps, pe) if m.span() != (ps, pe)]
                queue[:0] = inner
                continue
            clock, part = _bare_kind(text[ps:pe])
            if part or _CENTURY_AFTER_RE.match(text, pe):
                continue  # "in the morning": nothing to compare; "the 12th and 13th centuries"
            item = _Found(ps, pe, r[0], r[1], r[2], clock, sent)
            found.append(item)
            prev = item
    _attach_clock_times(found)
    return [TimeValue(f.start, f.end, text[f.start:f.end], f.first, f.last, f.grain) for f in found]


def _sentence_index(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid
    return lo


def _attach_clock_times(found: list[_Found]) -> None:
    """Give a bare clock time the date of the nearest dated expression in its sentence."""
    for f in found:
        if not f.bare_clock:
            continue
        others = [o for o in found if o.sent == f.sent and not o.bare_clock]
        if not others:
            continue
        nearest = min(others, key=lambda o: min(abs(o.start - f.end), abs(f.start - o.end)))
        f.first, f.last, f.grain = nearest.first, nearest.last, nearest.grain


# --------------------------------------------------------------------------
# times_agree
# --------------------------------------------------------------------------

_LATE_RE: Final = re.compile(r"(?i)\b(?:late|night|overnight|evening|midnight)\b|\bp\.?m\b")
_EARLY_RE: Final = re.compile(r"(?i)\b(?:early|morning|dawn|overnight|midnight|hours)\b|\ba\.?m\b")


def times_agree(a: TimeValue, b: TimeValue) -> bool:
    """True when the intervals overlap, or when either is unresolved (unknown is no conflict).

    A month contains its days and a year its months. A single day written as
    late in the day ("late Monday", "Monday night") also reaches into the next
    day, and one written as early ("early Tuesday") into the previous day:
    wire copy often gives local and GMT dates of one night. Two look-backs
    from the same day ("over the past year" / "over the past month") must be
    about as long: the length is what they state.
    """
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return True
    if spans_differ((a.text, a.first, a.last), (b.text, b.first, b.last)):
        return False
    a_first, a_last = _fuzz(a.first, a.last, a.text, a.granularity)
    b_first, b_last = _fuzz(b.first, b.last, b.text, b.granularity)
    return a_first <= b_last and b_first <= a_last


_SAME_LENGTH: Final = 1.5
"""How much longer one look-back (or one offset) may be than the other and still agree."""
_LOOKAHEAD_RE: Final = re.compile(
    rf"(?:the\s+)?(?:next|coming|following)\s+{_NUMW}\s+(?:day|week|month|year|decade)s")
_LOOKBACK_RE: Final = re.compile(
    rf"(?:the\s+(?:past|last|previous|preceding)|past|previous|preceding)\s+(?:{_NUMW}\s+)?"
    r"(?:day|week|month|year|decade)s?")


@lru_cache(maxsize=8192)
def _bare(text: str) -> str:
    """``text`` normalised, without a leading preposition ("Over the past year" → "the past year"):
    what the span and offset tests read, asked again for every pair of dates compared."""
    return _strip_preps(_normalise(text))


def is_lookback(text: str) -> bool:
    """A span back from the publication day: "the past year", "over the previous two weeks" (not the
    calendar "last year")."""
    return bool(_LOOKBACK_RE.fullmatch(_bare(text)))


def _is_lookahead(text: str) -> bool:
    """A span forward from the publication day: "over the next three weeks", "the coming months"."""
    return bool(_LOOKAHEAD_RE.fullmatch(_bare(text)))


def is_since(text: str) -> bool:
    """A bare "N units" that resolved to a span (a superlative's "the highest in 15 years"): it dates
    a period, not the event, so no other date agrees or disagrees with it by overlapping."""
    return bool(_N_UNITS_RE.fullmatch(_bare(text)))


def spans_differ(a: tuple[str, dt.date, dt.date], b: tuple[str, dt.date, dt.date]) -> bool:
    """Two overlapping times (text, first, last) that still say different things: look-backs from
    the same day that are not about as long ("5 arrested over the past year" / "over the past
    month"), or "next week" / "next month" (the same relative word, another unit)."""
    (ta, fa, la), (tb, fb, lb) = a, b
    if (la == lb and is_lookback(ta) and is_lookback(tb)) or (fa == fb and _is_lookahead(ta) and _is_lookahead(tb)):
        da, db = (la - fa).days + 1, (lb - fb).days + 1
        return max(da, db) > _SAME_LENGTH * min(da, db)
    ma, mb = _BARE_REL_RE.fullmatch(_bare(ta)), _BARE_REL_RE.fullmatch(_bare(tb))
    return bool(ma and mb and ma["rel"] == mb["rel"] and ma["unit"] != mb["unit"])


_BARE_REL_RE: Final = re.compile(r"(?P<rel>next|last)\s+(?P<unit>week|month|year)")


_OFFSET_RE: Final = re.compile(
    rf"(?:{_N_UNITS}|{_NUMW.replace('?P<n>', '?P<hn>')}\s+hours?)\s+"
    r"(?P<dir>earlier|later|before|after|afterwards|afterward|prior|previously|beforehand|on)"
    r"(?:\s+.*)?")
_ONE_OFFSET_RE: Final = re.compile(
    r"(?:the\s+)?(?P<dir>previous|preceding|prior|following|next)\s+(?P<unit>day|week|month|year)"
    r"|(?:the\s+)?(?P<dir3>previous|preceding|prior|following|next)\s+(?:morning|afternoon|evening|night)"
    r"|the\s+(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after)")
_UNIT_DAYS: Final[dict[str, float]] = {"day": 1, "week": 7, "month": 30.4, "year": 365.25, "decade": 3652.5}
_BACK_WORDS: Final = frozenset({"earlier", "before", "prior", "previously", "beforehand", "previous", "preceding"})


def time_offset(text: str) -> tuple[int, float, float] | None:
    """A time counted from another event, which the publication date cannot resolve: "three days
    earlier" → (-1, 3, 3), "two weeks before the fish were found" → (-1, 14, 14), "the following
    day" → (1, 1, 1), "some 48 hours later" → (1, 2, 2). Direction, then the fewest and most days."""
    s = _normalise(text)
    m = _OFFSET_RE.fullmatch(s)
    if m:
        if m["hn"] is not None:
            count, days = _count(m["hn"]), 1 / 24
        else:
            count, days = _count(m["n"], bool(m["half"])), _UNIT_DAYS[m["unit"]]
        if count is None:
            return None
        return (-1 if m["dir"] in _BACK_WORDS else 1), count[0] * days, count[1] * days
    m = _ONE_OFFSET_RE.fullmatch(s)
    if m:
        unit, word = (m["unit"], m["dir"]) if m["unit"] else (m["unit2"], m["dir2"]) if m["unit2"] else ("day", m["dir3"])
        return (-1 if word in _BACK_WORDS else 1), _UNIT_DAYS[unit], _UNIT_DAYS[unit]
    return None


def offsets_agree(a: str, b: str) -> bool:
    """Two times counted from other events agree unless both count the same way and their lengths
    differ ("three days earlier" / "three weeks earlier"); True when either is not such a time."""
    oa, ob = time_offset(a), time_offset(b)
    if oa is None or ob is None or oa[0] != ob[0]:
        return True
    return max(oa[1], ob[1]) <= _SAME_LENGTH * min(oa[2], ob[2]) + 1e-9


def _fuzz(first: dt.date, last: dt.date, text: str, grain: str) -> tuple[dt.date, dt.date]:
    if grain != "day" or first != last:
        return first, last
    if _LATE_RE.search(text):
        last = last + _DAY
    if _EARLY_RE.search(text):
        first = first - _DAY
    return first, last
