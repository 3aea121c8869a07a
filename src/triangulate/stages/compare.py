"""Stage 5: compare aligned claims and label every claim.

For each aligned pair of statements the typed facts are paired by what they
are about (a number by what it counts, a date by the verb it dates, an
entity by its syntactic slot) and compared by value: "four" and "4" agree,
"late Monday" and "August 4" agree when they name the same day, "the NIS"
and "the National Intelligence Service" are one entity. A name one article
never uses, where the other has a name this one never uses, is a swapped
name; two specific bodies a statement is attributed to, each unknown to the
other article, are a swapped source. Quotes are matched
against every quote of the other articles: verbatim, altered (other words),
misattributed (other speaker) or found nowhere.

Labels: ``conflicting`` if any aligned claim disagrees on a fact (except a
lesser match on both sides, when that article states the claim in its best
match); ``corroborated`` if some other article states it; else
``uncorroborated``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from ..nlp.dates import is_since, offsets_agree, parse_span, spans_differ, time_offset, wrong_weekday
from ..nlp.entities import (
    LABEL_GROUP,
    ORG_WORDS,
    PLACE_NOUNS,
    ROLE_NOUNS,
    is_demonym,
    looks_like_person,
    same_entity,
)
from ..nlp.events import EVENT_CLASSES, PERPETRATOR_ROLES
from ..nlp.numbers import parse_interval
from ..nlp.places import is_country_name, is_place_name
from ..nlp.quotes import SPEECH_VERBS, normalise_quote
from ..records import (
    Article,
    Chunk,
    Claim,
    ClaimAlignment,
    Conflict,
    Fact,
    FactType,
    Link,
    Mention,
    ParsedArticle,
    Status,
    Verdict,
)

__all__ = ["CompareSettings", "compare_claims", "NAME", "ANTONYMS"]

NAME = "triangulate.compare.v1"

# Predicates that say the opposite of each other: a claim using one where the
# other article uses its opposite is a negation conflict.
_ANTONYM_PAIRS = [
    ("confirm", "deny"), ("admit", "deny"), ("accept", "reject"), ("approve", "reject"),
    ("win", "lose"), ("rise", "fall"), ("increase", "decrease"), ("acquit", "convict"),
    ("open", "close"), ("survive", "die"), ("release", "detain"), ("guilty", "innocent"),
    ("support", "oppose"), ("agree", "refuse"), ("allow", "ban"), ("lift", "impose"),
    ("include", "exclude"), ("succeed", "fail"), ("arrive", "leave"), ("free", "hold"),
    ("accept", "deny"), ("likely", "unlikely"), ("possible", "impossible"),
]
ANTONYMS: dict[str, set[str]] = defaultdict(set)
for _x, _y in _ANTONYM_PAIRS:
    ANTONYMS[_x].add(_y)
    ANTONYMS[_y].add(_x)
# Words on one side of an opposite pair: a claim with both sides ("acquitted of murder but found
# guilty of robbery") states no one side against the other claim.
_SAME_SIDE = {"guilty": "convict", "innocent": "acquit", "clear": "acquit", "shut": "close", "reject": "deny"}

_GENERIC_SPEAKERS = frozenset("he she they i we it who".split())


@dataclass(frozen=True, slots=True)
class CompareSettings:
    """Settings of the comparison."""

    quote_verbatim: float = 94.0
    """rapidfuzz ratio (0–100) at or above which two quotes are the same words."""
    quote_altered: float = 62.0
    """Ratio at or above which a quote is the same quote with other words."""
    quote_same_speaker: float = 55.0
    """Word-overlap ratio at or above which a quote by the same speaker is that quote reworded."""
    min_entity_score: float = 0.45
    """Alignment score above which a differing entity in an unrelated slot still conflicts."""
    min_negation_score: float = 0.5
    """Alignment score above which a negation against an unnegated claim is a conflict,
    whatever verbs the two use."""
    min_date_score: float = 0.35
    """Alignment score above which the only dates of two claims are compared, whatever verbs they date."""
    min_swap_score: float = 0.35
    """Alignment score above which a name the other article never uses, in place of one
    this article never uses, is a swapped name."""
    strong_place_swap_score: float = 0.8
    """Alignment score above which a place the other article never names, in place of one
    this claim lacks, is a swapped place even when this article names that place elsewhere
    (a rewrite that moved the event in one sentence only)."""


# ---------------------------------------------------------------- values


def _numbers_agree(a: Fact, b: Fact) -> bool:
    """Intervals overlap; but two "at least"/"up to" figures must give the same bound."""
    ia, ib = parse_interval(a.value), parse_interval(b.value)
    if ia is None or ib is None:
        return True
    inf = float("inf")
    if ia[1] == inf and ib[1] == inf and ia[0] > 0 and ib[0] > 0:
        return abs(ia[0] - ib[0]) <= 0.05 * max(ia[0], ib[0]) + 1e-6  # "at least 12" vs "at least 21"
    if ia[0] == 0 and ib[0] == 0 and ia[1] != inf and ib[1] != inf:
        return abs(ia[1] - ib[1]) <= 0.05 * max(ia[1], ib[1])  # "up to 20" vs "up to 50"
    if _APPROXIMATE.search(a.text) and _APPROXIMATE.search(b.text) and inf not in (ia[1], ib[1]):
        # two round figures ("around 4,500" / "roughly 5,400"): their intervals (±10 % each) overlap
        # at a 20 % difference; the figures themselves may differ by a tenth
        ca, cb = (ia[0] + ia[1]) / 2, (ib[0] + ib[1]) / 2
        return max(ca, cb) <= 1.1 * min(ca, cb) + 1e-9
    return ia[0] <= ib[1] and ib[0] <= ia[1]


_APPROXIMATE = re.compile(r"\b(?:about|around|roughly|some|approximately|nearly|almost|an estimated|or so)\b",
                          re.IGNORECASE)


def _dates_agree(a: Fact, b: Fact) -> bool:
    """Spans overlap; but two ranges ("from March 2022 to August 2024") must start and end alike."""
    da, db = parse_span(a.value), parse_span(b.value)
    if da is None or db is None:
        return True
    if spans_differ((a.text, *da), (b.text, *db)):
        return False  # "over the past year" / "over the past month"; "next week" / "next month"
    if _RANGE.search(a.text) and _RANGE.search(b.text):
        return _same_bound(da[0], db[0], start=True) and _same_bound(da[1], db[1], start=False)
    return da[0] <= db[1] and db[0] <= da[1]


_RANGE = re.compile(r"\s(?:to|and|until|till|through)\s|\d\s*[-–]\s*\d", re.IGNORECASE)


def _same_bound(x: dt.date, y: dt.date, *, start: bool) -> bool:
    """Two ends of ranges agree when equal, or when one is a whole month's or year's end and the other
    lies in that month or year ("from March" / "from March 3")."""
    if x == y:
        return True
    for p, q in ((x, y), (y, x)):
        month_edge = p.day == 1 if start else (p + dt.timedelta(days=1)).day == 1
        year_edge = (p.month, p.day) == ((1, 1) if start else (12, 31))
        if (month_edge and (p.year, p.month) == (q.year, q.month)) or (year_edge and p.year == q.year):
            return True
    return False


# ---------------------------------------------------------------- pairing facts


@dataclass
class _Ctx:
    claims: dict[str, Claim]
    labels: dict[str, str]
    names: dict[tuple[str, str], tuple[str, ...]]
    settings: CompareSettings
    kinds: dict[tuple[str, str], str]
    """(article id, entity key) → NER label of its first mention, PERSON if any mention is one."""
    article_names: dict[str, list[tuple[str, ...]]]
    """Article id → the names of every entity it mentions."""
    bodies: dict[str, str]
    """Article id → its body in lower case."""
    published: dict[str, dt.date | None]
    """Article id → its publication date."""
    modifiers: dict[str, frozenset[str]]
    """Claim id → lemmas that only describe a noun in it ("rising energy bills", "an open-ended strike")."""


def _entity_names(ctx: _Ctx, claim: Claim, fact: Fact) -> tuple[str, ...]:
    return ctx.names.get((claim.article_id, fact.value), (fact.text,))


def _same_event(a: Fact, b: Fact) -> bool:
    """Whether two facts are about the same event (see ``parse._anchor_verb``)."""
    if not a.role or not b.role:
        return False
    ra, rb = a.role.split(), b.role.split()
    ea = {t[2:] for t in ra if t.startswith("E:")}
    eb = {t[2:] for t in rb if t.startswith("E:")}
    return bool(ea & eb)


# Units that measure rather than count: they must match exactly.
_MEASURES = frozenset(
    "km mile metre meter kg tonne ton percent percentage_point age year month week day hour minute "
    "second magnitude times hectare acre litre liter gigabyte megabyte terabyte degree".split()
)
# Counted nouns that name people: "230 residents" and "2,300 people were evacuated" count the same.
_PEOPLE = frozenset(
    "person people man woman child resident survivor passenger worker miner driver victim attacker gunman "
    "soldier officer firefighter protester student teacher journalist employee staff member patient civilian "
    "pilgrim migrant refugee villager tourist fan rescuer militant fighter hostage crew sailor other "
    "dockworker pilot nurse doctor engineer trader voter".split()
)


_ANCHORED_SLACK = 0.1
"""How much less two claims must align for their lone counts to pair when another count agrees."""


def _is_money(unit: str | None) -> bool:
    return bool(unit) and len(unit or "") == 3 and (unit or "").isalpha() and (unit or "") not in _PEOPLE


def _number_conflicts(a: Claim, b: Claim, score: float = 0.0, min_score: float = 1.0) -> list[tuple[Fact, Fact]]:
    """Numbers of two claims that count the same thing and disagree.

    Paired by counted noun; people nouns pair with each other when the two
    numbers are about the same event; and when each claim states a single
    count of something no noun pairs, strongly aligned claims pair those
    (less strongly aligned ones too, when another count of the two agrees).
    A count the other claim also gives, of the same kind, is never paired
    against another ("nine injured miners" / "nine others were injured").
    """
    out = []
    raw_a, raw_b = list(a.facts_of(FactType.NUMBER)), list(b.facts_of(FactType.NUMBER))
    na, nb = [_as_kind(f) for f in raw_a], [_as_kind(f) for f in raw_b]
    originals = {id(k): f for f, k in zip(raw_a + raw_b, na + nb)}
    counts_a = [f for f in na if f.detail not in _MEASURES and not _is_money(f.detail)]
    counts_b = [f for f in nb if f.detail not in _MEASURES and not _is_money(f.detail)]
    people_a = {f.value for f in a.facts_of(FactType.ENTITY) if f.detail == "PERSON"}
    people_b = {f.value for f in b.facts_of(FactType.ENTITY) if f.detail == "PERSON"}
    for fa in na:
        if fa.detail == "age" and not (people_a & people_b):
            continue  # "a 29-year-old co-defendant" / "34-year-old Pritchard": ages of whom?
        if any(parse_interval(fa.value) == parse_interval(fb.value) is not None and (
                fa.detail == fb.detail or (fa.detail in _PEOPLE and fb.detail in _PEOPLE)) for fb in nb):
            continue  # the other claim gives this count too ("nine injured miners" / "nine others were injured")
        if fa.detail:
            same = [fb for fb in nb if fb.detail == fa.detail]
        else:
            same = [fb for fb in nb if not fb.detail and _same_event(fa, fb)]
        if not same and fa in counts_a:
            if fa.detail in _PEOPLE:
                same = [fb for fb in counts_b if fb.detail in _PEOPLE and _same_event(fa, fb)]
            # the one count of each claim that nothing else pairs: "86 surgeries" / "68 operations"
            lone_a = [f for f in counts_a if not any(g.detail == f.detail for g in counts_b)]
            lone_b = [g for g in counts_b if not any(f.detail == g.detail for f in counts_a)]
            # another count both give alike ("two hospitals", "900 firefighters") anchors the pair
            anchored = any(f.detail == g.detail and _numbers_agree(f, g) for f in counts_a for g in counts_b)
            if not same and len(lone_a) == 1 and len(lone_b) == 1 and (
                    score >= min_score or (anchored and score >= min_score - _ANCHORED_SLACK)) \
                    and not _different_things(lone_a[0], lone_b[0], a, b):
                same = lone_b
        if same and not any(_numbers_agree(fa, fb) for fb in same):
            out.append((originals[id(fa)], originals[id(same[0])]))
    return out


# Counted nouns that name the same things: "9,500 travellers" / "9,500 passengers", "by 246 votes" /
# "246 deputies voting in favour", "86 surgeries" / "86 operations".
_COUNT_KINDS = {
    "traveller": "passenger", "traveler": "passenger", "commuter": "passenger",
    "inhabitant": "resident", "dweller": "resident",
    "staffer": "employee", "worker": "employee", "staff": "employee",
    "deputy": "vote", "lawmaker": "vote", "legislator": "vote", "mp": "vote", "senator": "vote",
    "surgery": "operation", "procedure": "operation",
    "house": "home", "dwelling": "home",
    "post": "job", "position": "job",
}


def _as_kind(f: Fact) -> Fact:
    """The number with its counted noun by kind (``_COUNT_KINDS``)."""
    kind = _COUNT_KINDS.get(f.detail or "")
    return f if kind is None else replace(f, detail=kind)


# Quantities too vague to pair with another claim's count by position alone.
_VAGUE = frozenset({"several", "some", "a few", "few", "many", "numerous", "various"})


def _different_things(fa: Fact, fb: Fact, a: Claim, b: Claim) -> bool:
    """A vague quantity of a noun the other claim names uncounted: "several internal networks" /
    "encrypted ... internal networks of a utility that serves about 180,000 households"."""
    return any(f.text.lower() in _VAGUE and f.detail and f.detail in other.terms for f, other in ((fa, b), (fb, a)))


def _date_conflicts(
    a: Claim, b: Claim, score: float, min_score: float,
    published: tuple[dt.date | None, dt.date | None] = (None, None),
) -> list[tuple[Fact, Fact]]:
    """Dates of two aligned claims that date the same event and disagree.

    A date the other claim also gives is never paired against another one.
    The rest pair by event (``_same_event``), by one date's event being the
    other's participant, or, when each claim has a single date, by the
    alignment score — unless, by the two articles' ``published`` dates, one
    date is in the past and the other a deadline in the future ("claimed on
    Monday" / "until November 14"), or one is a range and the other is not.
    Strongly aligned claims whose dates all agree but one on each side
    conflict on those two (``_lone_dates``).
    """
    out = []
    ta = [f for f in a.facts_of(FactType.DATE) if parse_span(f.value)]
    tb = [f for f in b.facts_of(FactType.DATE) if parse_span(f.value)]
    if published[0] == published[1]:
        # the same words on the same day name the same time, however the tense read them ("will run
        # until January" / "is due to run until January")
        words_a, words_b = {_date_words(f) for f in ta}, {_date_words(f) for f in tb}
        ta = [f for f in ta if _date_words(f) not in words_b]
        tb = [f for f in tb if _date_words(f) not in words_a]
    for fa in ta:
        alike = [fb for fb in tb if _same_day_or_span(fa, fb)]
        if alike:
            # the other claim gives this date too, whatever verb the parse hung it on; but "Monday,
            # November 9" for a Thursday disagrees with "November 9" (or "Thursday, November 9")
            wrong = [fb for fb in alike if bool(_wrong_weekday(fa)) != bool(_wrong_weekday(fb))]
            if wrong:
                out.append((fa, wrong[0]))
            continue
        same = [fb for fb in tb if _same_event(fa, fb) and not any(_same_day_or_span(x, fb) for x in ta)]
        if not same and len(ta) == 1 and len(tb) == 1 and _event_meets_participant(fa, tb[0]):
            same = tb  # "raining since Monday" / "rain had been falling since November 30"
        if not same and len(ta) == 1 and len(tb) == 1 and score >= min_score \
                and (score >= min_score + 0.1 or not _named_events_differ(fa, tb[0])) \
                and not _past_and_deadline((a, fa), (b, tb[0]), published) \
                and bool(_RANGE.search(fa.text)) == bool(_RANGE.search(tb[0].text)):
            # the only date of each of two aligned claims; below the stricter score only when
            # neither names a known kind of event the other lacks ("seized" vs "spent the day")
            same = tb
        if not same and fa.detail in ("year", "month") and score >= min_score + 0.1:
            # the only year (or month) of each claim: "installed two years ago" / "installed in 2019,
            # and closed from September 6 to September 14"
            mine = [x for x in ta if x.detail == fa.detail]
            theirs = [x for x in tb if x.detail == fa.detail]
            if len(mine) == 1 and len(theirs) == 1 and not any(_dates_agree(x, theirs[0]) for x in ta):
                same = theirs
        if same and not any(_dates_agree(fa, fb) for fb in same):
            out.append((fa, same[0]))
    if not out and score >= min_score + _LEFTOVER_MARGIN:
        out.extend(_lone_dates(ta, tb))
    if score >= min_score:
        # times counted from another event, the only one of each claim: "three days earlier" /
        # "three weeks earlier", "two months later" / "two weeks later"
        oa = [f for f in a.facts_of(FactType.DATE) if parse_span(f.value) is None and time_offset(f.text)]
        ob = [f for f in b.facts_of(FactType.DATE) if parse_span(f.value) is None and time_offset(f.text)]
        if len(oa) == 1 and len(ob) == 1 and not offsets_agree(oa[0].text, ob[0].text):
            out.append((oa[0], ob[0]))
    return out


_DEADLINE = re.compile(r"\b(?:until|till|by|before|deadline(?: of)?)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _past_and_deadline(
    a: tuple[Claim, Fact], b: tuple[Claim, Fact], published: tuple[dt.date | None, dt.date | None],
) -> bool:
    """One date wholly before its article's publication, the other a deadline after its own
    ("claimed on Monday" / "given the utility until November 14")."""
    (ca, fa), (cb, fb) = a, b
    da, db = parse_span(fa.value), parse_span(fb.value)
    pa, pb = published
    if da is None or db is None or pa is None or pb is None:
        return False

    def deadline(c: Claim, f: Fact) -> bool:
        return bool(_DEADLINE.search(c.text[:max(0, f.start - c.start)]))

    return (da[1] <= pa and db[0] > pb and deadline(cb, fb)) or (db[1] <= pb and da[0] > pa and deadline(ca, fa))


def _lone_dates(ta: list[Fact], tb: list[Fact]) -> list[tuple[Fact, Fact]]:
    """The one date of each claim that agrees with no date of the other, if there is one each.

    For strongly aligned claims, whatever verbs the parse hung the dates on
    ("said last week that it had checked ..." / "said on Monday it had
    ..."). A date said twice counts once ("two years ago", "2023"); against
    several, the one of the same granularity ("on Monday" against "on July
    16" and "since 2016").
    """
    # a superlative's period ("the highest in 15 years") does not date the event
    ta, tb = [f for f in ta if not is_since(f.text)], [f for f in tb if not is_since(f.text)]
    lone_a = {fa.value: fa for fa in ta if not any(_dates_agree(fa, fb) for fb in tb)}
    lone_b = {fb.value: fb for fb in tb if not any(_dates_agree(fa, fb) for fa in ta)}
    for one, many in ((lone_a, lone_b), (lone_b, lone_a)):
        if len(one) == 1 and len(many) > 1:
            (only,) = one.values()
            for value in [v for v, f in many.items() if f.detail != only.detail]:
                del many[value]
    if len(lone_a) == 1 and len(lone_b) == 1:
        return [(next(iter(lone_a.values())), next(iter(lone_b.values())))]
    return []


_LEFTOVER_MARGIN = 0.25
"""How much more than ``min_date_score`` two claims must align for their one disagreeing date each to conflict."""


def _event_meets_participant(a: Fact, b: Fact) -> bool:
    """One fact's event is the other's participant: "raining" / "rain had been falling"."""
    def terms(f: Fact, kind: str) -> set[str]:
        return {t[2:] for t in (f.role or "").split() if t.startswith(kind)}
    return bool(terms(a, "E:") & terms(b, "P:") or terms(b, "E:") & terms(a, "P:"))


def _wrong_weekday(f: Fact) -> str | None:
    return wrong_weekday(f.text, f.value)


def _date_words(f: Fact) -> str:
    return " ".join(re.findall(r"\w+", f.text.lower().removeprefix("the ")))


def _same_day_or_span(a: Fact, b: Fact) -> bool:
    """The same date in two forms ("Sunday" / "September 7"), not merely overlapping ones."""
    da, db = parse_span(a.value), parse_span(b.value)
    return da is not None and da == db


def _named_events_differ(a: Fact, b: Fact) -> bool:
    """Whether one date dates a known kind of event (seizure, release, ...) the other does not
    mention at all ("was last targeted in an attack in March" / "suffered an attack")."""
    known = set(EVENT_CLASSES.values())
    ea = {t[2:] for t in (a.role or "").split() if t.startswith("E:")} & known
    eb = {t[2:] for t in (b.role or "").split() if t.startswith("E:")} & known
    terms_a = {t[2:] for t in (a.role or "").split()}
    terms_b = {t[2:] for t in (b.role or "").split()}
    return bool(ea - terms_b or eb - terms_a)


def _same_slot(a: Fact, b: Fact) -> bool:
    """The same syntactic slot; for places, a locative slot of the same word ("headquartered in
    Kobe" / "its headquarters in Osaka": ``in:headquarter`` / ``mod:headquarters``)."""
    if not a.role or not b.role:
        return False
    if a.role == b.role:
        return True
    (dep_a, _, head_a), (dep_b, _, head_b) = a.role.partition(":"), b.role.partition(":")
    locative = {"in", "at", "near", "mod", "of"}
    return _field(a, b) == "place" and dep_a in locative and dep_b in locative and len(head_a) >= 4 \
        and head_a[:6] == head_b[:6]


def _slot(role: str | None) -> str:
    return (role or "").split(":", 1)[0]


def _is_speech_role(role: str | None) -> bool:
    dep, _, head = (role or "").partition(":")
    return dep == "nsubj" and head in SPEECH_VERBS


def _entity_conflicts(ctx: _Ctx, a: Claim, b: Claim, score: float) -> list[tuple[Fact, Fact]]:
    """Entities filling the same slot with different identities.

    A slot is the entity's syntactic role (``by:operate``, ``amod:driver``).
    An entity of ``a`` conflicts with one of ``b`` when both fill the same
    slot (or, for strongly aligned claims, the same kind of slot) and neither
    names the other's entity there. The source of a statement ("police
    said") only conflicts between two named people.
    """
    kinds = (FactType.ENTITY, FactType.PLACE)
    ea, eb = a.facts_of(*kinds), b.facts_of(*kinds)
    names_a = {id(f): _entity_names(ctx, a, f) for f in ea}
    names_b = {id(f): _entity_names(ctx, b, f) for f in eb}

    def same(f: Fact, g: Fact) -> bool:
        return same_entity(names_a[id(f)], names_b[id(g)])

    out: list[tuple[Fact, Fact]] = []
    used: set[int] = set()
    for fa in ea:
        group = LABEL_GROUP.get(fa.detail or "", "")
        # the source of a statement ("the ministry said"): only a named person, or a swapped name
        speech_only = _is_speech_role(fa.role) and fa.detail != "PERSON"
        in_slot = [] if speech_only else [g for g in eb if _same_slot(fa, g)]
        if in_slot:
            if any(same(fa, g) for g in in_slot):
                continue
            rivals = [g for g in in_slot if (LABEL_GROUP.get(g.detail or "", "") == group or _swappable(fa, g))
                      and not any(same(f, g) for f in ea if f.role == g.role)]
        else:
            if any(same(fa, g) for g in eb) or score < ctx.settings.min_swap_score:
                continue
            lonely = [g for g in eb if not any(same(f, g) for f in ea)]
            rivals = [g for g in lonely if LABEL_GROUP.get(g.detail or "", "") == group
                      and _slot(g.role) == _slot(fa.role) and score >= ctx.settings.min_entity_score
                      and not speech_only]
            if not rivals and not _in_article(ctx, b.article_id, names_a[id(fa)]):
                # a swap: a name the other article never uses, where it has a name this one never uses
                # a person's old name may recur elsewhere in the rewrite; other names must be gone too
                rivals = [g for g in lonely if _swappable(fa, g) and (
                    fa.detail == "PERSON" or (speech_only and _is_speech_role(g.role))
                    or not _in_article(ctx, a.article_id, names_b[id(g)])
                    or (score >= ctx.settings.strong_place_swap_score
                        and {fa.detail, g.detail} <= _PLACE_LABELS))]
        for g in rivals:
            if id(g) in used or (_is_speech_role(fa.role) and fa.detail == "PERSON" and g.detail != "PERSON"
                                 and not (g.detail == "ORG" and looks_like_person(g.text)
                                          and len(g.text.split()) >= 2)):
                continue
            if _in_article(ctx, b.article_id, names_a[id(fa)]) and _in_article(ctx, a.article_id, names_b[id(g)]):
                continue  # both articles name both: a different focus, not a swapped name
            out.append((fa, g))
            used.add(id(g))
            break
    return out


# Sources that say nothing about who: "officials said", "the company said", "a statement said".
_VAGUE_SOURCES = frozenset(
    "official officials authorities authority spokesperson spokesman spokeswoman statement company government "
    "sources source source's people residents witnesses police report reports media country country's it they "
    "he she we local".split()
)


def _source_conflicts(ctx: _Ctx, a: Claim, b: Claim) -> list[tuple[Fact, Fact]]:
    """Two claims attributed to different bodies: "the state prosecutor's office said" / "the army said".

    Only bodies an organisation word or a name makes specific, that share no word, and
    that the other article never mentions at all: several sources saying one thing,
    each named in both articles, are not a disagreement.
    """
    sa, sb = a.facts_of(FactType.SOURCE), b.facts_of(FactType.SOURCE)
    if len(sa) != 1 or len(sb) != 1:
        return []
    wa, wb = _source_words(sa[0]), _source_words(sb[0])
    if not (wa & ORG_WORDS or _names_in(sa[0])) or not (wb & ORG_WORDS or _names_in(sb[0])) or wa & wb:
        return []
    if _source_mentioned(ctx, b.article_id, sa[0]) or _source_mentioned(ctx, a.article_id, sb[0]):
        return []
    return [(sa[0], sb[0])]


def _source_words(source: Fact) -> set[str]:
    return set(source.value.split()) - _VAGUE_SOURCES - set((source.detail or "").split())


def _source_mentioned(ctx: _Ctx, article_id: str, source: Fact) -> bool:
    """Whether an article mentions the body a source names (its organisation words and names)."""
    words = _source_words(source)
    return _mentions_any(ctx, article_id, (words & ORG_WORDS or words) | _names_in(source))


def _source_phrase(source: Fact) -> str:
    """Who a source fact names, without its verb: "the federal army said" → "the federal army"."""
    if source.text.lower().startswith("according to "):
        return source.text[len("according to "):]
    words = source.text.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].islower() else source.text  # "... said"


def _names_in(source: Fact) -> set[str]:
    """The capitalised words of a source ("ISU" in "the ISU emergency service"), lower-cased."""
    return {w.strip(".,'’s").lower() for w in source.text.split()[1:] if w[:1].isupper()}



def _mentions_any(ctx: _Ctx, article_id: str, words: set[str]) -> bool:
    body = ctx.bodies.get(article_id, "")
    return any(re.search(rf"(?<!\w){re.escape(w)}", body) for w in words if len(w) > 2)


def _swappable(a: Fact, b: Fact) -> bool:
    """Entities that can stand for each other: the same kind (NER often calls a town an organisation)."""
    ga, gb = LABEL_GROUP.get(a.detail or "", ""), LABEL_GROUP.get(b.detail or "", "")
    if "nationality" in (ga, gb):
        return ga == gb or _origin(a, b) or _origin(b, a)
    if (a.detail == "PERSON") != (b.detail == "PERSON"):
        return False
    if ga == gb:
        return True
    # NER calls many towns organisations (or leaves them unlabelled): a place may stand for an
    # organisation-labelled name when one of them sits in a place slot ("near X", "the town of X")
    return bool(ga and gb) and ("MISC" in (a.detail, b.detail) or _place_slot(a.role) or _place_slot(b.role))


def _origin(country: Fact, people: Fact) -> bool:
    """A country given as where someone or something is from, against a nationality: "hydrologists
    from India" / "Japanese hydrologists", "Estonia's ambassador" / "the Lithuanian ambassador",
    "municipalities in Lithuania" / "Latvian municipalities"; and the country of a named firm or
    person: "Hidrotec of Italy", "Poland's Tatra Cargo" / "the Spanish group Hidrotec", "Czech second
    seed"."""
    dep, _, head = (country.role or "").partition(":")
    return country.detail in ("GPE", "LOC") and people.detail == "NORP" and is_demonym(people.text) \
        and (dep == "from" or (dep == "mod" and people.role == f"amod:{head}")
             or (dep in ("of", "poss") and head not in PLACE_NOUNS and (people.role or "").startswith("amod:")))


def _in_article(ctx: _Ctx, article_id: str, names: tuple[str, ...]) -> bool:
    """Whether an article names this entity anywhere (as an entity, or in its words: "Marebo-based").

    A name with common words in it counts as named when its capitalised words are
    ("Tampere city council" where the article has "the city council of Tampere").
    """
    capitalised = tuple(c for c in (" ".join(w for w in n.split() if w[:1].isupper()) for n in names
                                    if any(w.islower() and w not in ("of", "the") for w in n.split())) if c)
    if any(same_entity(names + capitalised, other) for other in ctx.article_names.get(article_id, ())):
        return True
    body = ctx.bodies.get(article_id, "")
    return any(len(n) > 3 and re.search(rf"(?<!\w){re.escape(n.lower().removeprefix('the '))}(?!\w)", body)
               for n in names)


_NEGATIVE_CUES = re.compile(
    r"\b(?:none|nobody|nothing|without|beyond|yet to|lack\w*|absen(?:ce|t)|fail(?:ed|s|ure)?|stayed out|"
    r"free of|refrain\w*|instead of|rather than|short of)\b")
"""Words that say "not" without a negation ("beyond their means", "stayed out of the strike", "yet to
undergo", "schools were closed"): a claim with one of them may deny in other words what the other
claim negates, so it is not taken to state every negated verb of a strongly aligned claim."""


def _negation_conflicts(
    a: Claim, b: Claim, score: float, min_score: float,
    modifiers: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[tuple[str, str]]:
    """One claim negates a predicate the other states ("were not released" / "were freed").

    The predicate counts as stated when the other claim uses the same verb,
    a verb of the same event class, or — for strongly aligned claims with no
    negation at all — any verb. Opposite words ("confirmed"/"denied",
    "likely"/"unlikely") count too, unless one of them is negated, only
    describes a noun (``modifiers``: "rising energy bills" / "falling salmon
    prices"), or a claim holds both sides ("acquitted of murder but found
    guilty of robbery").
    """
    neg_a = {f.value for f in a.facts_of(FactType.NEGATION)}
    neg_b = {f.value for f in b.facts_of(FactType.NEGATION)}
    terms_a, terms_b = set(a.terms), set(b.terms)
    out = []
    for mine, theirs, neg_theirs, terms_theirs, flip in (
            (neg_a, neg_b, neg_b, terms_b, False), (neg_b, neg_a, neg_a, terms_a, True)):
        classes = {EVENT_CLASSES[t] for t in terms_theirs if t in EVENT_CLASSES}
        text_theirs = (b if not flip else a).text.lower()
        negated_classes = {EVENT_CLASSES.get(t, t) for t in neg_theirs}
        for lemma in sorted(mine - theirs):
            if f"un{lemma[:-1]}" in text_theirs or EVENT_CLASSES.get(lemma, lemma) in negated_classes:
                continue  # "had not been vaccinated" / "unvaccinated"; "declined to say" / "have not disclosed"
            if re.search(rf"\b(?:no|without)\s+(?:[\w-]+\s+){{0,3}}{re.escape(lemma)}", text_theirs):
                continue  # "there were no side effects" / "no side effects were recorded"; "without pay"
            stated = lemma in terms_theirs or EVENT_CLASSES.get(lemma, "") in classes or (
                not neg_theirs and score >= min_score and not _NEGATIVE_CUES.search(text_theirs))
            if stated:
                pair = (f"not {lemma}", lemma)
                out.append((pair[1], pair[0]) if flip else pair)
    sides_a = {_SAME_SIDE.get(t, t) for t in terms_a}
    sides_b = {_SAME_SIDE.get(t, t) for t in terms_b}
    for lemma in sorted(terms_a - modifiers[0]):
        for opposite in sorted(ANTONYMS.get(lemma, ())):
            if opposite in terms_b and opposite not in modifiers[1] and _SAME_SIDE.get(opposite, opposite) not in sides_a \
                    and _SAME_SIDE.get(lemma, lemma) not in sides_b:
                if lemma in neg_a or opposite in neg_b:
                    continue  # "did not confirm" vs "denied" is agreement; "did not win" / "did not lose" may be
                out.append((lemma, opposite))
    return out


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_LABELS = frozenset({"ORG", "PERSON", "NORP"})
_PLACE_PREPS = ("in:", "at:", "near:", "outside:", "into:", "inside:", "through:", "across:")
# "the town of Poso", "Nsanje district", "departed Arequipa": slots only places fill
_PLACE_VERBS = frozenset("depart leave reach visit flood evacuate travel sail fly".split())
# "a researcher at X": who works for X, not where
_WORKER_NOUNS = ROLE_NOUNS | frozenset(
    "analyst researcher trader economist scientist professor lecturer expert employee staff official strategist "
    "consultant partner member fellow investigator technician operator worker driver guard specialist adviser "
    "advisor correspondent editor engineer doctor nurse teacher lawyer pilot officer spokesperson".split())


def _place_slot(role: str | None) -> bool:
    dep, _, head = (role or "").partition(":")
    if dep == "at" and head in _WORKER_NOUNS:
        return False  # "an analyst at Seorin Investment", "drivers at Maritime Coach Lines": an employer
    return (role or "").startswith(_PLACE_PREPS) or head in PLACE_NOUNS or (
        dep in ("obj", "from", "to") and head in _PLACE_VERBS)


def _origin_slot(f: Fact) -> bool:
    """A country naming where people or things come from, or acting: "geologists from Chile", "New
    Zealand geologists", "planes sent by Italy" (not "a village in Chile", "Chile's capital")."""
    dep, _, head = (f.role or "").partition(":")
    return dep in ("from", "mod", "amod", "nsubj") and head not in PLACE_NOUNS and is_country_name(f.text)


def _field(fact: Fact, other: Fact | None = None) -> str:
    """``place`` or ``entity``: by the NER labels when they agree, else by a locative slot.

    NER calls many small towns organisations (or nothing); "in X", "near X"
    then says X is a place.
    """
    facts = [f for f in (fact, other) if f is not None]
    labels = {f.detail for f in facts}
    if "NORP" in labels or any(_origin_slot(f) for f in facts):
        return "entity"  # a nationality, even against a country of origin ("geologists from Chile")
    if any(f.text.split()[-1].lower().strip("'’s") in ORG_WORDS for f in facts if f.text.split()) \
            and not any(is_place_name(f.text) for f in facts):
        return "entity"  # "at Haedong Heavy Industries" against "at Daesan Marine Engineering": companies
    if labels <= _PLACE_LABELS:
        return "place"
    if labels <= _ACTOR_LABELS and not (labels <= {"ORG"} and any(_place_slot(f.role) for f in facts)):
        return "entity"
    if labels <= {"MISC", "ORG"} and not any(_place_slot(f.role) for f in facts):
        return "entity"
    if any(_place_slot(f.role) for f in facts) or labels & _PLACE_LABELS:
        return "place"
    return "entity"


@dataclass(frozen=True, slots=True)
class _Disagreement:
    """One disagreement between two claims, from the first claim's side."""

    field: str
    mine: Fact | str
    theirs: Fact | str

    def conflict(self, ctx: _Ctx, other: Claim, *, mirrored: bool = False) -> Conflict:
        mine, theirs = (self.theirs, self.mine) if mirrored else (self.mine, self.theirs)
        va = mine.text if isinstance(mine, Fact) else mine
        vb = theirs.text if isinstance(theirs, Fact) else theirs
        label = ctx.labels[other.article_id]
        if self.field == "number" and isinstance(mine, Fact):
            what = f" ({mine.detail})" if mine.detail else ""
            text = f"Says “{va}”{what} where {label} says “{vb}”."
        elif self.field == "date" and isinstance(mine, Fact) and isinstance(theirs, Fact) \
                and mine.value == theirs.value:
            actual = _wrong_weekday(mine)
            if actual:
                text = f"Says “{va}”, but {mine.value} is a {actual} ({label} says “{vb}”)."
            else:
                text = f"{label} says “{vb}”, but {mine.value} is a {_wrong_weekday(theirs)} (this article: “{va}”)."
        elif self.field == "date" and isinstance(mine, Fact) and isinstance(theirs, Fact) \
                and parse_span(mine.value) is None:
            text = f"Says “{va}” where {label} says “{vb}”, counting from the same event."
        elif self.field == "date" and isinstance(mine, Fact) and isinstance(theirs, Fact):
            text = f"Dates it “{va}” ({mine.value}) where {label} says “{vb}” ({theirs.value})."
        elif isinstance(mine, Fact) and isinstance(theirs, Fact) and mine.type == FactType.SOURCE:
            va, vb = _source_phrase(mine), _source_phrase(theirs)
            text = f"Attributes it to “{va}” where {label} attributes it to “{vb}”."
        elif self.field in ("entity", "place"):
            text = f"Names “{va}” where {label} names “{vb}” in the same statement."
        else:
            text = f"Says “{va}” where {label} says “{vb}”."
        return Conflict(other.id, other.article_id, other.text, self.field, va, vb, text)


def _fact_type(d: _Disagreement) -> FactType:
    """The kind of fact a disagreement is about (a negation is about no fact of the claim's)."""
    return d.mine.type if isinstance(d.mine, Fact) else FactType.NEGATION


def _reading(claim: Claim) -> tuple[tuple[str, str, str | None], ...]:
    """What a claim's facts say, without where they stand."""
    return tuple((f.type, f.value, f.detail) for f in claim.facts)


def _pair_disagreements(ctx: _Ctx, a: Claim, b: Claim, score: float) -> list[_Disagreement]:
    """Every disagreement of two aligned statements, from ``a``'s side (``b``'s is the mirror)."""
    if a.text == b.text and _reading(a) == _reading(b):
        return []  # the same sentence, read the same way (a copy): nothing to disagree on
    out = [_Disagreement("number", fa, fb) for fa, fb in _number_conflicts(a, b, score, ctx.settings.min_negation_score)]
    published = (ctx.published.get(a.article_id), ctx.published.get(b.article_id))
    out += [_Disagreement("date", fa, fb)
            for fa, fb in _date_conflicts(a, b, score, ctx.settings.min_date_score, published)]
    # names are paired from both sides: a swap may show only from one ("UTWU" recurs in one article)
    names = _entity_conflicts(ctx, a, b, score)
    seen = {id(f) for pair in names for f in pair}
    names += [(fa, fb) for fb, fa in _entity_conflicts(ctx, b, a, score) if id(fa) not in seen and id(fb) not in seen]
    out += [_Disagreement(_field(fa, fb), fa, fb) for fa, fb in names]
    if not names:
        out += [_Disagreement("entity", fa, fb) for fa, fb in _source_conflicts(ctx, a, b)]
    out += [_Disagreement("negation", va, vb)
            for va, vb in _negation_conflicts(a, b, score, ctx.settings.min_negation_score,
                                              (ctx.modifiers.get(a.id, frozenset()), ctx.modifiers.get(b.id, frozenset())))]
    return out


# ---------------------------------------------------------------- quotes


def _same_words(a: str, b: str) -> bool:
    """Verbatim: the same words, or one quote a contiguous excerpt of the other."""
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter.split()) >= 4 and f" {shorter} " in f" {longer} ")


def _changed_words(a: str, b: str) -> tuple[str, str]:
    wa, wb = a.split(), b.split()
    sm = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    da, db = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            da.append(" ".join(wa[i1:i2]) or "∅")
            db.append(" ".join(wb[j1:j2]) or "∅")
    return "; ".join(da), "; ".join(db)


def _is_person(ctx: _Ctx, article_id: str, fact: Fact) -> bool:
    """A named person: a PERSON entity, or a person's name NER missed or mislabelled ("Llorente",
    "al-Mansouri" where the article also writes "Khalid al-Mansouri")."""
    kind = ctx.kinds.get((article_id, fact.value))
    if kind == "PERSON":
        return True
    if kind in (None, "ORG", "MISC", "GPE", "LOC"):
        # NER's label for one mention may be wrong ("Nino Beridze", GPE): the names decide
        names = ctx.names.get((article_id, fact.value), (fact.text,))
        return any(looks_like_person(n) and (kind is None or len(n.split()) >= 2)
                   and (kind not in ("GPE", "LOC") or not is_place_name(n)) for n in names)
    return False


def _speakers_differ(ctx: _Ctx, a: Claim, b: Claim) -> tuple[Fact, Fact] | None:
    sa, sb = a.facts_of(FactType.SPEAKER), b.facts_of(FactType.SPEAKER)
    if not sa or not sb:
        return None
    fa, fb = sa[0], sb[0]
    if fa.text.lower() in _GENERIC_SPEAKERS or fb.text.lower() in _GENERIC_SPEAKERS:
        return None
    names_a = ctx.names.get((a.article_id, fa.value), (fa.text,))
    names_b = ctx.names.get((b.article_id, fb.value), (fb.text,))
    if same_entity(names_a, names_b):
        return None
    # only two different named people are a misattribution; "the agency"
    # for its director is not
    if not (_is_person(ctx, a.article_id, fa) and _is_person(ctx, b.article_id, fb)):
        return None
    return fa, fb


def _same_speaker(ctx: _Ctx, a: Claim, b: Claim) -> bool:
    sa, sb = a.facts_of(FactType.SPEAKER), b.facts_of(FactType.SPEAKER)
    if not sa or not sb:
        return False
    return same_entity(ctx.names.get((a.article_id, sa[0].value), (sa[0].text,)),
                       ctx.names.get((b.article_id, sb[0].value), (sb[0].text,)))


@dataclass
class _QuoteResult:
    support: list[Link]
    conflicts: list[Conflict]
    status: str


def _compare_quote(ctx: _Ctx, q: Claim, quotes: Sequence[Claim], bodies: dict[str, str]) -> _QuoteResult:
    fq = q.facts_of(FactType.QUOTE)[0]
    support: list[Link] = []
    conflicts: list[Conflict] = []
    status = "unmatched"
    best_by_article: dict[str, tuple[float, Claim, bool]] = {}
    for other in quotes:
        if other.article_id == q.article_id:
            continue
        fo = other.facts_of(FactType.QUOTE)[0]
        ratio = fuzz.ratio(fq.value, fo.value)
        shorter, longer = sorted((fq.value, fo.value), key=len)
        contained = len(shorter.split()) >= 4 and fuzz.partial_ratio(shorter, longer) >= 97
        score = max(ratio, 99.0 if contained else 0.0)
        if score < ctx.settings.quote_altered and _same_speaker(ctx, q, other):
            # the same person's words, reworded: judged on word overlap
            loose = fuzz.token_set_ratio(fq.value, fo.value)
            if loose >= ctx.settings.quote_same_speaker:
                score = ctx.settings.quote_altered
        prev = best_by_article.get(other.article_id)
        if prev is None or score > prev[0]:
            best_by_article[other.article_id] = (score, other, contained)
    for article_id, (score, other, _contained) in best_by_article.items():
        label = ctx.labels[article_id]
        fo = other.facts_of(FactType.QUOTE)[0]
        exact = _same_words(fq.value, fo.value)
        if score >= ctx.settings.quote_verbatim and exact:
            differ = _speakers_differ(ctx, q, other)
            if differ:
                conflicts.append(Conflict(other.id, article_id, other.text, "speaker", differ[0].text, differ[1].text,
                                          f"The same words are attributed to {differ[1].text} by {label}."))
                status = "misattributed" if status != "altered" else status
            else:
                support.append(Link(other.id, article_id, other.text, round(score / 100, 3)))
                status = "verbatim" if status == "unmatched" else status
            for ea_, eb_ in _entity_conflicts(ctx, q, other, 1.0):
                conflicts.append(Conflict(other.id, article_id, other.text, _field(ea_, eb_), ea_.text, eb_.text,
                                          f"Says the words were said with “{ea_.text}” where {label} "
                                          f"names “{eb_.text}”."))
            for da, db in _date_conflicts(q, other, 1.0, 0.0):
                conflicts.append(Conflict(other.id, article_id, other.text, "date", da.text, db.text,
                                          f"Says the words were said “{da.text}” ({da.value}) where {label} "
                                          f"says “{db.text}” ({db.value})."))
        elif score >= ctx.settings.quote_altered:
            # the same quote (near-identical, or the same speaker's reworded words), other words
            mine, theirs = _changed_words(fq.value, fo.value)
            conflicts.append(Conflict(other.id, article_id, other.text, "quote", fq.text, fo.text,
                                      f"The quote differs from {label}'s version: “{mine}” vs “{theirs}”."))
            status = "altered"
    if not support and not conflicts:
        for article_id, body in bodies.items():
            if article_id != q.article_id and len(fq.value.split()) >= 4 and f" {fq.value} " in f" {body} ":
                support.append(Link("", article_id, "(the same words, not quoted)", 0.97))
                status = "verbatim"
    return _QuoteResult(support, conflicts, status)


def partners(alignments: Iterable[ClaimAlignment]) -> dict[str, list[tuple[str, float]]]:
    """Claim id → aligned claim ids with scores, both directions."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for al in alignments:
        out[al.a].append((al.b, al.score))
        out[al.b].append((al.a, al.score))
    return out


# ---------------------------------------------------------------- verdicts


def compare_claims(
    claims: Sequence[Claim],
    alignments: Sequence[ClaimAlignment],
    parsed: Sequence[ParsedArticle],
    settings: CompareSettings = CompareSettings(),
) -> Iterator[Verdict]:
    """Yield one verdict per claim, in the order of ``claims``."""
    articles: dict[str, Article] = {p.article.id: p.article for p in parsed}
    ctx = _context(claims, parsed, settings)
    aligned = partners(alignments)
    quotes = [c for c in claims if c.kind == "quote"]
    bodies = {p.article.id: normalise_quote(p.article.body) for p in parsed}
    pair_cache: dict[tuple[str, str], Sequence[_Disagreement]] = {}
    # a claim supports many others with the same score: one (frozen) Link object serves them all
    links: dict[tuple[str, float], Link] = {}
    memo = _PairMemo(ctx)
    story = _story_conflicts(ctx, claims, aligned, {k: a.published for k, a in articles.items()})
    _people_conflicts(ctx, claims, parsed, story, aligned)
    chunks = {p.article.id: p.chunks for p in parsed}
    # a word is "used by another article" when more articles use it than this one alone
    vocabulary_df = Counter(w for p in parsed for w in p.vocabulary)
    others_vocab = {p.article.id: frozenset(w for w, n in vocabulary_df.items() if n > (w in p.vocabulary))
                    for p in parsed}
    best: dict[tuple[str, str], str] = {}  # (claim id, other article id) → its best-aligned claim there
    for claim_id, partners_of in aligned.items():
        top: dict[str, tuple[float, str]] = {}
        for other_id, score in partners_of:
            article_id = ctx.claims[other_id].article_id
            if article_id not in top or score > top[article_id][0]:
                top[article_id] = (score, other_id)
        best.update({(claim_id, article_id): other_id for article_id, (_, other_id) in top.items()})
    for claim in claims:
        if claim.kind == "quote":
            res = _compare_quote(ctx, claim, quotes, bodies)
            status = Status.CONFLICTING if res.conflicts else (
                Status.CORROBORATED if res.support else Status.UNCORROBORATED)
            yield Verdict(claim, status, tuple(res.support), tuple(res.conflicts),
                          _quote_explanation(ctx, res), res.status)  # type: ignore[arg-type]
            continue
        support: list[Link] = []
        conflicts: list[Conflict] = []
        # article → the kinds of fact its agreeing claims state (a better match there says them alike)
        agreeing: dict[str, set[FactType]] = {}
        for other_id, score in sorted(aligned.get(claim.id, []), key=lambda x: -x[1]):
            other = ctx.claims[other_id]
            # each pair is compared once, from the lower id's side; the other claim sees the mirror image
            # (symmetric by construction)
            mirrored = other_id < claim.id
            pair = (other_id, claim.id) if mirrored else (claim.id, other_id)
            found = pair_cache.get(pair)
            if found is None:
                found = pair_cache[pair] = memo.disagreements(ctx.claims[pair[0]], ctx.claims[pair[1]], score)
            if found:
                stated = agreeing.get(other.article_id)
                if stated is not None and best.get((other_id, claim.article_id)) != claim.id:
                    # a lesser match on both sides: a better-aligned claim of that article agrees with
                    # this one, and the other claim is stated by another claim of ours. Its disagreements
                    # stand only on what the agreeing claim does not state ("The attack began on
                    # Thursday, when hackers encrypted ...": the encryption sentence agrees, the date
                    # still disagrees with the sentence dating the attack).
                    found = [d for d in found if _fact_type(d) not in stated]
                conflicts.extend(d.conflict(ctx, other, mirrored=mirrored) for d in found)
            else:
                agreeing.setdefault(other.article_id, set()).update(f.type for f in other.facts)
                link = links.get((other_id, score))
                if link is None:
                    link = links[(other_id, score)] = Link(other.id, other.article_id, other.text, score)
                support.append(link)
        conflicts.extend(story.get(claim.id, ()))
        if conflicts:
            status = Status.CONFLICTING
        elif support:
            status = Status.CORROBORATED
        else:
            status = Status.UNCORROBORATED
        details = _unsupported_details(claim, chunks.get(claim.article_id, ()), others_vocab[claim.article_id]) \
            if status != Status.UNCORROBORATED else ()
        explanation = _explanation(ctx, status, support, conflicts)
        if details:
            explanation += " No other article has: " + "; ".join(f"“{d}”" for d in details) + "."
        yield Verdict(claim, status, tuple(support), tuple(conflicts), explanation, None, details)


# Events whose date the whole story agrees on, whatever the sentence.
_KEY_EVENTS = frozenset({"seize", "free", "attack", "kill", "collapse", "arrest"})
_RECENT_DAYS = 45


def _story_conflicts(
    ctx: _Ctx,
    claims: Sequence[Claim],
    aligned: dict[str, list[tuple[str, float]]],
    published: dict[str, dt.date | None],
) -> dict[str, list[Conflict]]:
    """Disagreements between claims that are not aligned but fill one story slot.

    Two slots are compared across whole articles: who did it (the subject of
    kidnap/attack/kill/claim verbs: one article's perpetrators all differ from
    the other's), and when the key event happened (a day-precise date of a
    seizure, release, attack, killing, collapse or arrest in the weeks before
    publication: dates that do not overlap). Claims already aligned with
    each other were compared directly and are skipped here.
    """
    out: dict[str, list[Conflict]] = defaultdict(list)
    pairs_done = _aligned_pairs(aligned)
    perpetrators: dict[str, list[tuple[Claim, Fact]]] = defaultdict(list)
    events: dict[str, list[tuple[Claim, Fact, set[str]]]] = defaultdict(list)
    for c in claims:
        if c.kind != "statement":
            continue
        for f in c.facts_of(FactType.ENTITY):
            if f.role in PERPETRATOR_ROLES and f.detail in ("ORG", "PERSON", "NORP"):
                perpetrators[c.article_id].append((c, f))
        pub = published.get(c.article_id)
        for f in c.facts_of(FactType.DATE):
            span = parse_span(f.value)
            if span is None or span[0] != span[1] or pub is None:
                continue
            if not 0 <= (pub - span[0]).days <= _RECENT_DAYS:
                continue
            kinds = {t[2:] for t in (f.role or "").split() if t.startswith("E:")} & _KEY_EVENTS
            if kinds:
                events[c.article_id].append((c, f, kinds))
    article_ids = sorted(set(perpetrators) | set(events))
    for i, art_a in enumerate(article_ids):
        for art_b in article_ids[i + 1:]:
            pa, pb = perpetrators.get(art_a, []), perpetrators.get(art_b, [])
            if pa and pb and not any(
                same_entity(_entity_names(ctx, ca, fa), _entity_names(ctx, cb, fb)) for ca, fa in pa for cb, fb in pb
            ):
                _add_mutual(ctx, out, pairs_done, pa[0], pb[0], "entity",
                            "Names “{a}” as the perpetrator where {other} names “{b}”.")
            for ca, fa, ka in events.get(art_a, []):
                rivals = [(cb, fb) for cb, fb, kb in events.get(art_b, []) if ka & kb]
                if rivals and not any(_dates_agree(fa, fb) for _, fb in rivals):
                    _add_mutual(ctx, out, pairs_done, (ca, fa), rivals[0], "date",
                                "Dates the event “{a}” where {other} dates it “{b}”.")
    return out


def _people_conflicts(
    ctx: _Ctx,
    claims: Sequence[Claim],
    parsed: Sequence[ParsedArticle],
    out: dict[str, list[Conflict]],
    aligned: dict[str, list[tuple[str, float]]],
) -> None:
    """What two articles say about the same people, wherever they say it.

    - A person's age: "Abubakar, 47," against "Abubakar, 74,".
    - Who holds a role: each article names one person as the lawyer (the
      mayor, the captain, ...; ``entities.ROLE_NOUNS``), the two are different
      people, and neither article names the other's at all. Roles with
      different modifiers ("interior minister" / "foreign minister") are
      different roles; a role without modifiers matches any.
    """
    done = _aligned_pairs(aligned)
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)

    def claim_at(article_id: str, m: Mention) -> Claim | None:
        inside = [c for c in by_article.get(article_id, ()) if c.start <= m.start and m.end <= c.end]
        return min(inside, key=lambda c: c.kind != "statement", default=None)

    ages: dict[str, list[tuple[Mention, Claim]]] = defaultdict(list)
    holders: dict[str, dict[str, list[tuple[Mention, Claim]]]] = defaultdict(lambda: defaultdict(list))
    for p in parsed:
        for m in p.mentions:
            claim = claim_at(p.article.id, m) if m.age is not None or m.person_role else None
            if claim is None:
                continue
            if m.age is not None:
                ages[p.article.id].append((m, claim))
            if m.person_role:
                holders[p.article.id][m.person_role].append((m, claim))
    people = {p.article.id: list({m.key: m for m in reversed(p.mentions) if m.label == "PERSON"}.values())
              for p in parsed}
    article_ids = sorted(p.article.id for p in parsed)
    renamed: set[tuple[str, str]] = set()  # claim pairs already given a renamed-person conflict
    for i, art_a in enumerate(article_ids):
        for art_b in article_ids[i + 1:]:
            for ma, ca in ages.get(art_a, ()):
                for mb, cb in ages.get(art_b, ()):
                    if ma.age != mb.age and same_entity(ma.names, mb.names):
                        template = f"Gives {ma.text}'s age as {{a}} where {{other}} gives {{b}}."
                        _add_mutual(ctx, out, done, (ca, _age_fact(ma)), (cb, _age_fact(mb)), "number", template)
            _renamed_person(ctx, out, renamed, aligned, people, (art_a, art_b), claim_at)
            _renamed_person(ctx, out, renamed, aligned, people, (art_b, art_a), claim_at)
            for role_a, found_a in holders.get(art_a, {}).items():
                for role_b, found_b in holders.get(art_b, {}).items():
                    if not _same_role(role_a, role_b):
                        continue
                    keys_a, keys_b = {m.key for m, _ in found_a}, {m.key for m, _ in found_b}
                    (ma, ca), (mb, cb) = found_a[0], found_b[0]
                    if len(keys_a) > 1 or len(keys_b) > 1 or same_entity(ma.names, mb.names) \
                            or _in_article(ctx, art_b, ma.names) or _in_article(ctx, art_a, mb.names):
                        continue
                    noun = role_a.split()[-1]
                    _add_mutual(ctx, out, done, (ca, _person_fact(ma)), (cb, _person_fact(mb)), "entity",
                                f"Names “{{a}}” as the {noun} where {{other}} names “{{b}}”.")


_RENAMED_SCORE = 0.5
"""Alignment score at which a claim naming a person stands for a claim describing one unnamed."""


def _renamed_person(
    ctx: _Ctx,
    out: dict[str, list[Conflict]],
    done: set[tuple[str, str]],
    aligned: dict[str, list[tuple[str, float]]],
    people: dict[str, list[Mention]],
    articles: tuple[str, str],
    claim_at: Callable[[str, Mention], Claim | None],
) -> None:
    """A person renamed across sentences: "Canadian mining engineer Michel Gagnon ... was found alive"
    against "A Canadian engineer ... was found alive. Daniel Fortier, 52, ... was rescued".

    Each article names exactly one person the other never names; a claim of ``art_a`` names its
    person (not as a speaker), and is strongly aligned with a claim of ``art_b`` that names no
    person at all. The two are then one person under two names.
    """
    art_a, art_b = articles
    only_a = [m for m in people.get(art_a, ()) if not _in_article(ctx, art_b, m.names)]
    only_b = [m for m in people.get(art_b, ()) if not _in_article(ctx, art_a, m.names)]
    if len(only_a) != 1 or len(only_b) != 1:
        return
    (ma,), (mb,) = only_a, only_b
    ca, cb_named = claim_at(art_a, ma), claim_at(art_b, mb)
    if ca is None or cb_named is None or _is_speech_role(ma.role) or _is_speech_role(mb.role):
        return
    for other_id, score in aligned.get(ca.id, ()):
        cb = ctx.claims[other_id]
        if cb.article_id == art_b and score >= _RENAMED_SCORE and not any(
                f.detail == "PERSON" for f in cb.facts_of(FactType.ENTITY)):
            _add_mutual(ctx, out, done, (ca, _person_fact(ma)), (cb_named, _person_fact(mb)), "entity",
                        "Names “{a}” where {other} names “{b}”, never naming the other.")
            return


def _same_role(a: str, b: str) -> bool:
    """"defence lawyer" and "lawyer" are one role; "interior minister" and "foreign minister" are two."""
    (*mods_a, noun_a), (*mods_b, noun_b) = a.split(), b.split()
    return noun_a == noun_b and (mods_a == mods_b or not mods_a or not mods_b)


def _age_fact(m: Mention) -> Fact:
    return Fact(FactType.NUMBER, str(m.age), str(m.age), m.start, m.end, "age")


def _person_fact(m: Mention) -> Fact:
    return Fact(FactType.ENTITY, m.text, m.key, m.start, m.end, "PERSON")


def _aligned_pairs(aligned: dict[str, list[tuple[str, float]]]) -> set[tuple[str, str]]:
    """Every aligned pair of claim ids, both ways: pairs already compared directly."""
    return {(a, b) for a, others in aligned.items() for b, _ in others}


def _add_mutual(
    ctx: _Ctx,
    out: dict[str, list[Conflict]],
    done: set[tuple[str, str]],
    a: tuple[Claim, Fact],
    b: tuple[Claim, Fact],
    field: str,
    template: str,
) -> None:
    (ca, fa), (cb, fb) = a, b
    if (ca.id, cb.id) in done:
        return
    done.add((ca.id, cb.id))
    done.add((cb.id, ca.id))
    out[ca.id].append(Conflict(cb.id, cb.article_id, cb.text, field, fa.text, fb.text,
                               template.format(a=fa.text, b=fb.text, other=ctx.labels[cb.article_id])))
    out[cb.id].append(Conflict(ca.id, ca.article_id, ca.text, field, fb.text, fa.text,
                               template.format(a=fb.text, b=fa.text, other=ctx.labels[ca.article_id])))


def _unsupported_details(claim: Claim, chunks: Sequence[Chunk], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """Descriptive phrases of a claim none of whose words any other article uses.

    "months of tense negotiations" in a rewrite whose sources never speak of
    negotiations: the claim may be corroborated, but this detail is not.
    """
    out = []
    for ch in chunks:
        if claim.start <= ch.start and ch.end <= claim.end and not any(w in vocabulary for w in ch.lemmas):
            out.append(ch.text)
    return tuple(out)


def _names_list(ctx: _Ctx, article_ids: Sequence[str]) -> str:
    labels = sorted({ctx.labels[a] for a in article_ids})
    if len(labels) <= 3:
        return ", ".join(labels)
    return f"{', '.join(labels[:3])} and {len(labels) - 3} more"


def _explanation(ctx: _Ctx, status: Status, support: list[Link], conflicts: list[Conflict]) -> str:
    if status == Status.CONFLICTING:
        first = conflicts[0]
        more = f" ({len(conflicts) - 1} more disagreement(s))" if len(conflicts) > 1 else ""
        return f"{first.field.capitalize()} conflict with {ctx.labels[first.article]}: {first.explanation}{more}"
    if status == Status.CORROBORATED:
        arts = [s.article for s in support]
        return f"Also stated by {len(set(arts))} other article(s): {_names_list(ctx, arts)}."
    return "No other article states this."


def _quote_explanation(ctx: _Ctx, res: _QuoteResult) -> str:
    if res.conflicts:
        c = res.conflicts[0]
        return c.explanation
    if res.support:
        arts = [s.article for s in res.support]
        return f"Quoted word for word by {_names_list(ctx, arts)}."
    return "This quote appears in no other article: it may be invented or from an unnamed source."


# ---------------------------------------------------------------- context and repeated pairs


def _context(claims: Sequence[Claim], parsed: Sequence[ParsedArticle], settings: CompareSettings) -> _Ctx:
    """What the comparison reads of the story besides the two claims at hand."""
    articles: dict[str, Article] = {p.article.id: p.article for p in parsed}
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    kinds: dict[tuple[str, str], str] = {}
    for p in parsed:
        for m in p.mentions:
            names[(p.article.id, m.key)] = m.names
            if m.label == "PERSON" or (p.article.id, m.key) not in kinds:
                kinds[(p.article.id, m.key)] = m.label
    article_names: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for (article_id, _key), known in names.items():
        article_names[article_id].append(known)
    chunks = {p.article.id: p.chunks for p in parsed}
    modifiers = {c.id: frozenset(w for ch in chunks.get(c.article_id, ()) if c.start <= ch.start and ch.end <= c.end
                                 for w in ch.lemmas[:-1]) for c in claims}
    return _Ctx({c.id: c for c in claims}, {k: a.label for k, a in articles.items()}, names, settings, kinds,
                article_names, {k: a.body.lower() for k, a in articles.items()},
                {k: a.published for k, a in articles.items()}, modifiers)


_FactReading = tuple[FactType, str, str, str | None, str | None]
"""A fact without its offsets: type, text, value, detail, role."""
_ClaimReading = tuple[str, str, tuple[str, ...], tuple[_FactReading, ...],
                      tuple[tuple[tuple[str, ...], str | None], ...], tuple[str, ...]]
"""A claim without its id and place: kind, text, terms, facts, each entity's names and NER kind, and the
lemmas that only describe a noun in it."""


class _PairMemo:
    """``_pair_disagreements`` once per distinct pair of readings, not once per pair of claims.

    A story told by many outlets repeats its sentences: 100 versions of one
    story give ~117,000 aligned pairs of claims but a few hundred distinct
    ones. Two pairs get the same disagreements when everything
    ``_pair_disagreements`` reads is equal, and the key is all of it:

    - each claim's kind, text, terms and facts (type, text, value, detail,
      role: all but the offsets);
    - the names and NER kind of each entity and place fact in its own article
      (``ctx.names``, ``ctx.kinds``);
    - whether the *other* article names each of them (``_in_article``, which
      reads that article's entity names and body), and mentions the body each
      source of the claim names (``_source_mentioned``);
    - the alignment score, and the two articles' publication dates.

    If the fact-pairing functions come to read more of the context, add it to
    the key; ``test_compare_repeated_pairs_match_direct`` checks the two agree.
    The stored disagreements hold the facts of the first pair seen; they are
    handed out with the equal facts (same position) of the claims asked about.
    """

    def __init__(self, ctx: _Ctx) -> None:
        self._ctx = ctx
        self._readings: dict[_ClaimReading, int] = {}
        # claim id → its reading as a small int, and the names of its entity and place facts
        self._claims = {claim_id: self._reading(claim) for claim_id, claim in ctx.claims.items()}
        self._named: dict[tuple[str, tuple[str, ...]], bool] = {}
        self._mentioned: dict[tuple[str, str, str, str | None], bool] = {}
        self._found: dict[tuple[object, ...], tuple[Claim, Claim, tuple[_Disagreement, ...]]] = {}

    def disagreements(self, a: Claim, b: Claim, score: float) -> Sequence[_Disagreement]:
        """``_pair_disagreements(ctx, a, b, score)``, computed once per distinct key."""
        reading_a, names_a = self._claims[a.id]
        reading_b, names_b = self._claims[b.id]
        published = self._ctx.published
        key = (reading_a, self._named_in(b.article_id, names_a), reading_b, self._named_in(a.article_id, names_b),
               self._sources_in(b.article_id, a), self._sources_in(a.article_id, b), score,
               published.get(a.article_id), published.get(b.article_id))
        hit = self._found.get(key)
        if hit is None:
            found = tuple(_pair_disagreements(self._ctx, a, b, score))
            self._found[key] = (a, b, found)
            return found
        seen_a, seen_b, found = hit
        if not found or (seen_a is a and seen_b is b):
            return found
        facts = {id(f): g for seen, now in ((seen_a, a), (seen_b, b)) for f, g in zip(seen.facts, now.facts)}
        return tuple(_Disagreement(d.field, facts.get(id(d.mine), d.mine) if isinstance(d.mine, Fact) else d.mine,
                                   facts.get(id(d.theirs), d.theirs) if isinstance(d.theirs, Fact) else d.theirs)
                     for d in found)

    def _reading(self, claim: Claim) -> tuple[int, tuple[tuple[str, ...], ...]]:
        """The claim's reading as a small int, and the names of its entity and place facts."""
        entities = claim.facts_of(FactType.ENTITY, FactType.PLACE)
        names = tuple(_entity_names(self._ctx, claim, f) for f in entities)
        reading: _ClaimReading = (
            claim.kind, claim.text, claim.terms,
            tuple((f.type, f.text, f.value, f.detail, f.role) for f in claim.facts),
            tuple((n, self._ctx.kinds.get((claim.article_id, f.value))) for n, f in zip(names, entities)),
            tuple(sorted(self._ctx.modifiers.get(claim.id, ()))),
        )
        return self._readings.setdefault(reading, len(self._readings)), names

    def _sources_in(self, article_id: str, claim: Claim) -> tuple[bool, ...]:
        """Whether the article mentions the body each source of the claim names (``_source_mentioned``)."""
        out = []
        for f in claim.facts_of(FactType.SOURCE):
            mentioned = self._mentioned.get((article_id, f.text, f.value, f.detail))
            if mentioned is None:
                mentioned = self._mentioned[(article_id, f.text, f.value, f.detail)] = \
                    _source_mentioned(self._ctx, article_id, f)
            out.append(mentioned)
        return tuple(out)

    def _named_in(self, article_id: str, names: tuple[tuple[str, ...], ...]) -> tuple[bool, ...]:
        """Whether the article names each entity (``_in_article``), asked once per article and entity."""
        out = []
        for n in names:
            named = self._named.get((article_id, n))
            if named is None:
                named = self._named[(article_id, n)] = _in_article(self._ctx, article_id, n)
            out.append(named)
        return tuple(out)
