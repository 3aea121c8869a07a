"""Typed records that cross stage boundaries.

Every record is a frozen dataclass with ``to_dict()``/``from_dict()``. A spaCy
``Doc`` never appears here: records must travel through JSON, SQLite and Spark.
Offsets (``start``/``end``) are character offsets into ``Article.body``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal, TypeVar, get_args

__all__ = [
    "Article",
    "Rejection",
    "Span",
    "Mention",
    "NumberValue",
    "TimeValue",
    "Quote",
    "Attribution",
    "Chunk",
    "ParsedArticle",
    "Fact",
    "FactType",
    "Claim",
    "ClaimAlignment",
    "Link",
    "Conflict",
    "Status",
    "Verdict",
    "Report",
    "StoryInfo",
    "ReuseLink",
    "FactValue",
    "SheetFact",
    "TimelineEvent",
]

T = TypeVar("T")


def _date_or_none(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class Article:
    """One report as read from its input, before any language processing.

    ``body`` is the article text with metadata lines (headers, dateline,
    byline, trailing credits) removed; every offset elsewhere points into it.
    ``id`` is a content hash of the body (see ``ids.article_id``), so the same
    text read twice gets the same id.
    """

    id: str
    source: str
    """Path or URL as the user gave it (``-`` for stdin, ``file.jsonl#3`` for record 3)."""
    body: str
    outlet: str | None = None
    published: dt.date | None = None
    """Publication date (local date of the outlet); None when unknown."""
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    """Place in the dateline, e.g. ``NAIROBI, Kenya``."""
    credits: tuple[str, ...] = ()
    """Agencies credited in the dateline or a trailing credit line (``AP``)."""
    language: str = "en"
    """ISO 639-1 code detected from the body."""
    url: str | None = None
    format: Literal["text", "html", "json", "jsonl", "csv"] = "text"

    def __post_init__(self) -> None:
        object.__setattr__(self, "published", _date_or_none(self.published))
        object.__setattr__(self, "credits", tuple(self.credits))

    @property
    def label(self) -> str:
        """Short human name: outlet, else the file name of the source."""
        if self.outlet:
            return self.outlet
        tail = self.source.rstrip("/").rsplit("/", 1)[-1]
        return tail or self.source

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = _iso(self.published)
        d["credits"] = list(self.credits)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return _from_dict(cls, d)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be turned into an article, and why.

    ``code`` is one of the catalogue codes in ``errors.py`` (e.g. ``E101``).
    """

    source: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: [{self.code}] {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rejection:
        return _from_dict(cls, d)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article body."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention.

    ``key`` is the entity this mention refers to after resolving aliases
    within the article (acronyms, "the agency" after a full name); two
    mentions with equal ``key`` in one article are the same entity. Across
    articles, compare ``names`` with ``nlp.entities.same_entity``.
    """

    start: int
    end: int
    text: str
    label: str
    """spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ..."""
    key: str
    names: tuple[str, ...] = ()
    """Every surface form the article uses for this entity."""
    role: str | None = None
    """Syntactic slot, ``dep:head-lemma`` ("nsubj:say", "in:abduct", "amod:driver")."""
    person_role: str | None = None
    """For a person: the role noun given with the name, with its plain modifiers ("defence lawyer")."""
    age: int | None = None
    """For a person: the age written with the name ("Abubakar, 47,", "the 47-year-old mayor ...")."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(self.names))


@dataclass(frozen=True, slots=True)
class NumberValue:
    """A quantity in any written form, as an interval.

    "two" → [2, 2]; "at least 20" → [20, inf); "dozens" → [24, 144);
    "more than a decade" (unit year) → (10, inf). ``unit`` is the normalised
    counted noun or unit ("driver", "mile", "year", "percent").
    """

    start: int
    end: int
    text: str
    low: float
    high: float
    unit: str | None = None
    approximate: bool = False
    role: str | None = None
    """Lemma of the verb the quantity attaches to (set by the parse stage)."""


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time expression resolved to an interval of days ``[first, last]``.

    ``first``/``last`` are None when the expression could not be resolved
    (relative expression with no publication date). ``granularity`` says how
    precise the expression is.
    """

    start: int
    end: int
    text: str
    first: dt.date | None
    last: dt.date | None
    granularity: Literal["day", "week", "month", "year", "decade", "unknown"] = "day"
    role: str | None = None
    """Lemma of the verb the expression attaches to (set by the parse stage)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", _date_or_none(self.first))
        object.__setattr__(self, "last", _date_or_none(self.last))

    @property
    def resolved(self) -> bool:
        return self.first is not None and self.last is not None


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote (possibly in several parts) and who said it.

    ``text`` is the quoted words only, parts joined by a space; ``speaker`` is
    the speaker as named in the article (a pronoun is resolved to the name),
    ``speaker_key`` the entity key when the speaker is a known entity.
    """

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_key: str | None = None
    parts: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(tuple(p) for p in self.parts))


@dataclass(frozen=True, slots=True)
class Attribution:
    """An indirect attribution: "Kenyan police said", "according to the statement"."""

    start: int
    end: int
    text: str
    source: str
    """The attributed source as written ("Kenyan police")."""
    verb: str
    """Lemma of the reporting verb, or ``according to``."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A noun phrase with its content lemmas, to find details no other article has."""

    start: int
    end: int
    text: str
    lemmas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article after language processing: everything later stages need."""

    article: Article
    sentences: tuple[Span, ...]
    mentions: tuple[Mention, ...] = ()
    numbers: tuple[NumberValue, ...] = ()
    times: tuple[TimeValue, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    lemmas: tuple[tuple[str, ...], ...] = ()
    """Per sentence: lower-cased lemmas of content words (for alignment)."""
    negated: tuple[tuple[str, ...], ...] = ()
    """Per sentence: lemmas of the predicates that are negated ("not released" → release)."""
    chunks: tuple[Chunk, ...] = ()
    """Descriptive noun phrases (two or more content words, no names)."""
    vocabulary: frozenset[str] = frozenset()
    """Every content lemma of the article (what it states, in words)."""


class FactType(StrEnum):
    """The kinds of typed fact a claim carries."""

    ACTOR = "actor"
    ACTION = "action"
    ENTITY = "entity"
    PLACE = "place"
    NUMBER = "number"
    DATE = "date"
    QUOTE = "quote"
    SPEAKER = "speaker"
    SOURCE = "source"
    NEGATION = "negation"


@dataclass(frozen=True, slots=True)
class Fact:
    """One typed, checkable piece of a claim.

    ``value`` is the normalised value, JSON-ready: an ISO date interval
    ``"2024-03-12"`` or ``"2024-03-12/2024-03-18"``, a number interval
    ``"2"``/``"20-inf"``, an entity key, the quoted words.
    """

    type: FactType
    text: str
    value: str
    start: int
    end: int
    detail: str | None = None
    """Type-specific extra: counted noun of a number, entity label, speaker of a quote."""
    role: str | None = None
    """Syntactic slot or anchor verb, used to pair facts of two claims (not in JSON)."""

    def to_dict(self) -> dict[str, Any]:
        d = {"type": str(self.type), "text": self.text, "value": self.value,
             "start": self.start, "end": self.end}
        if self.detail is not None:
            d["detail"] = self.detail
        return d


@dataclass(frozen=True, slots=True)
class Claim:
    """An atomic, checkable statement of one article, with its typed facts."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    facts: tuple[Fact, ...]
    sentence: int
    """Index of the sentence in the article."""
    kind: Literal["statement", "quote"] = "statement"
    terms: tuple[str, ...] = ()
    """Content lemmas used to align claims across articles (not in JSON)."""

    def facts_of(self, *types: FactType) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.type in types)


@dataclass(frozen=True, slots=True)
class ClaimAlignment:
    """Two claims of different articles taken to state the same thing."""

    a: str
    """Claim id (the lower of the two ids)."""
    b: str
    score: float


class Status(StrEnum):
    """Verdict label of a claim."""

    CORROBORATED = "corroborated"
    CONFLICTING = "conflicting"
    UNCORROBORATED = "uncorroborated"


@dataclass(frozen=True, slots=True)
class Link:
    """A claim of another article that supports this one."""

    claim: str
    article: str
    text: str
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Conflict:
    """A disagreement between a claim and a claim of another article."""

    claim: str
    article: str
    text: str
    field: str
    """number, date, entity, place, quote, speaker, negation."""
    value: str
    """This claim's value, as written."""
    other_value: str
    """The other claim's value, as written."""
    explanation: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The comparison result for one claim."""

    claim: Claim
    status: Status
    support: tuple[Link, ...]
    conflicts: tuple[Conflict, ...]
    explanation: str
    quote_status: Literal["verbatim", "altered", "misattributed", "unmatched"] | None = None
    unsupported: tuple[str, ...] = ()
    """Descriptive phrases of the claim whose words appear in no other article."""
    independent_sources: int = 1
    """Independent sources stating the claim, its own article's included: copies of one source count once."""
    added_by: str | None = None
    """For a claim of a copy or rewrite that its source does not state: the id of that copy."""


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """A story of a corpus: articles reporting one event."""

    id: str
    title: str | None
    articles: tuple[str, ...]
    """Article ids, oldest first."""
    thread: str | None = None
    """Id shared by stories about the same actors at different times (kidnapping, then release)."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles), "thread": self.thread}


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a renderer needs: the articles, the rejected inputs, the verdicts."""

    articles: tuple[Article, ...]
    verdicts: tuple[Verdict, ...]
    rejections: tuple[Rejection, ...] = ()
    generator: str = "triangulate"
    settings: dict[str, Any] = field(default_factory=dict)
    provenance: tuple[ReuseLink, ...] = ()
    """Every pair of articles: copy, edited reprint, paraphrased rewrite or independent."""
    sources: dict[str, str] = field(default_factory=dict)
    """Article id → id of its independent source (the article all its copies derive from)."""
    facts: tuple[SheetFact, ...] = ()
    """The consensus fact sheet."""
    timeline: tuple[TimelineEvent, ...] = ()
    """Dated events the story mentions."""
    stories: tuple[StoryInfo, ...] = ()
    """The stories the articles form (one report may cover several stories: claims are
    only compared within their story)."""

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for v in self.verdicts:
            out[v.status.value] += 1
        return out


Relation = Literal["verbatim", "edited", "paraphrase", "independent"]
Direction = Literal["dates", "containment", "credit", "unknown"]
_RELATIONS = ("verbatim", "edited", "paraphrase", "independent")
_DIRECTIONS = ("dates", "containment", "credit", "unknown")


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """How one article of a pair derives from the other (or that it does not).

    Two links are equal when every field is equal; the explanation is part of
    equality because it records the evidence used.
    """

    article: str
    """Id of the derived article (the copy); for an independent pair, the later one."""
    source_article: str
    """Id of the article it derives from; for an independent pair, the earlier one."""
    relation: Relation
    overlap: float
    """Share of the copy's word 5-grams found in the source (containment, 0..1)."""
    credited: bool
    """Whether the copy names the source's outlet or agency (credits, byline, dateline or text)."""
    direction: Direction
    """Which evidence decided which article is the source."""
    explanation: str
    """One sentence a person can check."""

    def __post_init__(self) -> None:
        if self.relation not in _RELATIONS:
            raise ValueError(f"ReuseLink.relation must be one of {_RELATIONS}, not {self.relation!r}")
        if self.direction not in _DIRECTIONS:
            raise ValueError(f"ReuseLink.direction must be one of {_DIRECTIONS}, not {self.direction!r}")
        object.__setattr__(self, "overlap", round(float(self.overlap), 4))

    @property
    def is_derived(self) -> bool:
        """True unless the pair is independent."""
        return self.relation != "independent"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReuseLink:
        names = {f.name for f in fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"ReuseLink: unknown keys {sorted(unknown)}")
        return cls(**d)


Slot = Literal["who", "what", "when", "where", "how_many", "said"]
SheetStatus = Literal["agreed", "disputed", "single source"]
Granularity = Literal["day", "week", "month"]
_SLOTS: tuple[str, ...] = get_args(Slot)
_STATUSES: tuple[str, ...] = get_args(SheetStatus)


def _strs(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"{what} must be a list of strings, not {value!r}")
    out = tuple(value)
    if not all(isinstance(v, str) for v in out):
        raise ValueError(f"{what} must be a list of strings, not {value!r}")
    return out


def _check_keys(cls: str, d: Mapping[str, Any], names: Iterable[str]) -> None:
    known = set(names)
    unknown = set(d) - known
    missing = known - set(d)
    if unknown or missing:
        raise ValueError(f"{cls}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")


@dataclass(frozen=True, slots=True)
class FactValue:
    """One value of a sheet fact and who states it.

    Two values are equal when every field is equal.
    """

    value: str
    """Normalised value: entity key, number interval ("2", "20-inf"), ISO date or
    interval ("2025-09-14", "2025-05-01/2025-05-31"), quote words (lower case, no
    punctuation), or a statement's words."""
    text: str
    """The most common written form ("four", "late Sunday", "the Sable Front");
    for a quote, its longest version; for a statement, the shortest sentence."""
    articles: tuple[str, ...]
    """Ids of the articles stating this value, in input order."""
    sources: tuple[str, ...]
    """Ids of the independent sources among them (see the module docstring: a
    source's id, or the id of the copy that added the value)."""
    claims: tuple[str, ...]
    """Ids of the claims stating it, to point at the exact sentences."""

    def __post_init__(self) -> None:
        for name in ("articles", "sources", "claims"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "articles": list(self.articles),
                "sources": list(self.sources), "claims": list(self.claims)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FactValue:
        _check_keys("FactValue", d, ("value", "text", "articles", "sources", "claims"))
        for name in ("value", "text"):
            if not isinstance(d[name], str):
                raise ValueError(f"FactValue.{name} must be a string, not {d[name]!r}")
        return cls(d["value"], d["text"], _strs(d["articles"], "FactValue.articles"),
                   _strs(d["sources"], "FactValue.sources"), _strs(d["claims"], "FactValue.claims"))


@dataclass(frozen=True, slots=True)
class SheetFact:
    """One line of the fact sheet: a question, the values the articles give, and how sure we are."""

    slot: Slot
    """Which question: who, what, when, where, how_many, said."""
    key: str
    """Stable key: "how_many:driver", "when:free", "who:perpetrator", "where:seize",
    "said:<speaker key>". A second, unrelated fact of the same kind gets a
    qualifier: "when:seize:2025-05-01/2025-05-31", "how_many:driver:20-inf"."""
    label: str
    """Human label: "How many drivers", "When: released", "Adaeze Korvan said"."""
    values: tuple[FactValue, ...]
    """The values stated, best-supported first (most independent sources, then most articles)."""
    status: SheetStatus
    """"disputed" when rival values exist; "agreed" with two or more independent
    sources; else "single source"."""
    confidence: float
    """0..1: ``s / (s + d + 1)``, s = independent sources of the top value, d = of its rivals."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))
        object.__setattr__(self, "confidence", round(float(self.confidence), 3))

    @property
    def top(self) -> FactValue:
        """The best-supported value."""
        return self.values[0]

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "key": self.key, "label": self.label,
                "values": [v.to_dict() for v in self.values], "status": self.status,
                "confidence": self.confidence}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SheetFact:
        _check_keys("SheetFact", d, ("slot", "key", "label", "values", "status", "confidence"))
        if d["slot"] not in _SLOTS:
            raise ValueError(f"SheetFact.slot must be one of {_SLOTS}, not {d['slot']!r}")
        if d["status"] not in _STATUSES:
            raise ValueError(f"SheetFact.status must be one of {_STATUSES}, not {d['status']!r}")
        confidence = d["confidence"]
        if not isinstance(confidence, int | float) or not 0.0 <= confidence <= 1.0:
            raise ValueError(f"SheetFact.confidence must be a number between 0 and 1, not {confidence!r}")
        if not isinstance(d["values"], list) or not d["values"]:
            raise ValueError("SheetFact.values must be a non-empty list")
        return cls(d["slot"], str(d["key"]), str(d["label"]),
                   tuple(FactValue.from_dict(v) for v in d["values"]), d["status"], float(confidence))


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event the story mentions, merged across the articles that state it."""

    first: dt.date
    """First day of the event's date interval."""
    last: dt.date
    """Last day (equal to ``first`` for a day-precise date)."""
    granularity: Granularity
    """How precise the date is: day, week or month."""
    event: str
    """Event class or verb: "seize", "free", "announce", "return"."""
    text: str
    """The shortest claim sentence stating it, as written."""
    articles: tuple[str, ...]
    """Ids of the articles stating it, in input order."""
    sources: tuple[str, ...]
    """Ids of the independent sources among them."""
    claims: tuple[str, ...]
    """Ids of the claims stating it."""
    disputed: bool
    """Other articles give a non-overlapping date for the same event."""

    def __post_init__(self) -> None:
        for name in ("articles", "sources", "claims"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first.isoformat(), "last": self.last.isoformat(),
                "granularity": self.granularity, "event": self.event, "text": self.text,
                "articles": list(self.articles), "sources": list(self.sources),
                "claims": list(self.claims), "disputed": self.disputed}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TimelineEvent:
        names = ("first", "last", "granularity", "event", "text", "articles", "sources", "claims", "disputed")
        _check_keys("TimelineEvent", d, names)
        if d["granularity"] not in get_args(Granularity):
            raise ValueError(f"TimelineEvent.granularity must be day, week or month, not {d['granularity']!r}")
        if not isinstance(d["disputed"], bool):
            raise ValueError(f"TimelineEvent.disputed must be true or false, not {d['disputed']!r}")
        first, last = dt.date.fromisoformat(d["first"]), dt.date.fromisoformat(d["last"])
        if last < first:
            raise ValueError(f"TimelineEvent: last ({last}) is before first ({first})")
        return cls(first, last, d["granularity"], str(d["event"]), str(d["text"]),
                   _strs(d["articles"], "TimelineEvent.articles"), _strs(d["sources"], "TimelineEvent.sources"),
                   _strs(d["claims"], "TimelineEvent.claims"), d["disputed"])


def _from_dict(cls: type[T], d: dict[str, Any]) -> T:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = set(d) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown keys {sorted(unknown)}")
    return cls(**d)
