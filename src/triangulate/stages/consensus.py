"""Stage: consensus — a fact sheet and a timeline for one story.

Input: the verdicts of the comparison (every claim of every article with its
support and conflicts), the articles, and which articles form one independent
source (``reuse.independent_sources``). Output: a fact sheet (who, what,
when, where, how many, who said what), each fact with the values the articles
state, the independent sources behind each value and a confidence; and a
timeline of the dated events the story mentions.

Values are merged *across* articles the way the comparison matches them:

- numbers of the same counted noun agree when their intervals overlap
  ("four" = "4", "at least 20" ∋ 25);
- dates of the same event class agree when their intervals overlap ("late
  Sunday" = "Sunday, September 14"; "last month" ∋ "August 19");
- entities are one entity when ``nlp.entities.same_entity`` says so ("NIESS"
  = "National Intelligence and External Security Service");
- quotes are the same words at a rapidfuzz ratio ≥ ``quote_same_ratio``, or
  when a quote of at least ``quote_min_words`` words is contained in a longer
  one (a quote split over two sentences in one article, joined in another).

Values that do not agree are *rivals* (a dispute) only when they answer the
same question; otherwise they are separate facts of the sheet. Two values are
rivals when the comparison found a conflict between claims stating them, or
when no article states both and their claims are about the same occasion
(a number: the same event besides the counted noun, and no disagreeing dates
in the two sentences; a date: the same participants). An article that states
both values ("five drivers were freed … at least 20 drivers have been
abducted since last year") shows they are different facts.

Independent sources, and what a copy adds
-----------------------------------------
``independent`` maps each article to its independent source (articles that
copy one source share it). Each source supports a value at most once. A value
counts for the source itself when the source's original article (the
group's root, when it is among the articles) states it; a value that only a
copy states — a number a rewrite changed, a quote it invented — was *added by
that copy*: it counts as a source of its own, identified by the first copy
(in input order) that states it. So ten reprints of one wire story are one
source, and a rewrite that swaps a group's name is one dissenting voice, not
a corroboration of the wire.

Confidence
----------
``confidence = s / (s + d + 1)`` where ``s`` is the number of independent
sources supporting the top value and ``d`` the number supporting its rivals
(sources that state both count for the top value only). It is the mean of a
Beta(s, d + 1) posterior: each independent source is a vote, and the prior is
one pseudo-dissent, so a lone source gets 0.5, two agreeing sources 0.67,
three 0.75, and two against one 0.5. Copies never raise it.

Status: ``disputed`` when a fact has rival values; ``agreed`` when its value
has at least two independent sources; ``single source`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..errors import ConfigError
from ..nlp.dates import parse_span
from ..nlp.entities import PLACE_NOUNS, name_key, name_tokens, same_entity
from ..nlp.events import EVENT_CLASSES, PERPETRATOR_ROLES
from ..nlp.numbers import parse_interval
from ..records import (
    Article,
    Claim,
    Fact,
    FactType,
    FactValue,
    SheetFact,
    SheetStatus,
    Slot,
    Status,
    TimelineEvent,
    Verdict,
)

__all__ = [
    "NAME",
    "ConsensusSettings",
    "FactValue",
    "SheetFact",
    "SheetStatus",
    "Slot",
    "TimelineEvent",
    "build_consensus",
]

NAME = "triangulate.consensus.v1"

@dataclass(frozen=True, slots=True)
class ConsensusSettings:
    """How much of the story goes into the sheet, and when two quotes are one."""

    max_actors: int = 6
    """Main actors listed under "who" (people and organisations named by the most sources)."""
    max_places: int = 4
    """Places listed under "where" besides the places of key events."""
    max_statements: int = 5
    """Statements listed under "what" (the claims corroborated by the most sources)."""
    quote_same_ratio: float = 94.0
    """rapidfuzz ratio (0–100) at or above which two quotes are the same words."""
    quote_contained_ratio: float = 97.0
    """partial_ratio at or above which a shorter quote is part of a longer one."""
    quote_min_words: int = 4
    """A quote must have this many words to be matched as part of a longer one."""
    min_restatement_score: float = 0.5
    """Alignment score of a supporting claim for its sentence to represent a statement."""

    def __post_init__(self) -> None:
        for name in ("max_actors", "max_places", "max_statements", "quote_min_words"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ConfigError(f"consensus.{name} must be a whole number, 0 or more, not {value!r}",
                                  code="E010")
        for name in ("quote_same_ratio", "quote_contained_ratio"):
            value = getattr(self, name)
            if not 0.0 <= value <= 100.0:
                raise ConfigError(f"consensus.{name} is a rapidfuzz ratio between 0 and 100, not {value!r}",
                                  code="E010")
        if self.min_restatement_score < 0 or not math.isfinite(self.min_restatement_score):
            raise ConfigError("consensus.min_restatement_score must be 0 or more, "
                              f"not {self.min_restatement_score!r}", code="E010")


# --------------------------------------------------------------------------
# Vocabulary

# Event classes of ``parse.EVENT_CLASSES`` in order of preference when a date
# or number is tied to several: the story's own events before reporting verbs.
# "find" comes late: "an inspection in March found …" dates the inspection.
_EVENT_PRIORITY: tuple[str, ...] = (
    "seize", "free", "attack", "kill", "injure", "collapse", "arrest", "sentence", "inspect", "elect",
    "open", "close", "find", "say",
)
# Events whose date always goes into the sheet ("when"); other events need two sources.
_KEY_EVENTS = frozenset({"seize", "free", "attack", "kill", "injure", "collapse", "arrest", "say"})
# Events a date may be re-assigned to from its sentence's words (not "say":
# every sentence says something).
_STORY_EVENTS = _KEY_EVENTS - {"say"}
# "gunmen from X", "fighters of X" in a sentence about a seizure, attack or killing.
_AGENT_NOUNS = frozenset(
    "gunman gunmen militant fighter attacker kidnapper abductor insurgent rebel assailant jihadist "
    "raider bandit".split())
_VIOLENT_EVENTS = frozenset({"seize", "attack", "kill", "injure"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Prepositions whose object is a place ("in Sirako", "near the border").
_PLACE_PREPS = frozenset("in at near inside outside into across throughout around".split())
# "the town of Sirako": the noun says the name is a place.
_PARTICIPLES = {
    "seize": "abducted", "free": "released", "attack": "attacked", "kill": "killed", "injure": "injured",
    "collapse": "collapsed", "arrest": "arrested", "sentence": "sentenced", "find": "found",
    "elect": "elected", "inspect": "inspected", "open": "opened", "close": "closed", "say": "announced",
}
_IRREGULAR = {"say": "said", "tell": "told", "hold": "held", "take": "taken", "fly": "flown", "meet": "met",
              "find": "found", "win": "won", "leave": "left", "begin": "begun", "make": "made"}
_GENERIC_SPEAKERS = frozenset("he she they i we it who you".split())
_DETERMINERS = frozenset("a an the one some another".split())
_SPEECH_VERBS = frozenset({"say", "tell"})
# Heads of "X said" slots: who speaks is judged on quotes ("said"), not here.
_SPEECH_HEADS = frozenset({"say", "tell", "add", "announce", "state", "declare", "confirm", "report", "accord"})
_TIMELINE_GRANULARITIES = ("day", "week", "month")
_UNATTRIBUTED = "unattributed"
# Counted nouns written the same in the plural ("How many km").
_UNITS = frozenset("km m cm mm kg g t mph kph percent % ha sq ft".split())


def _participle(verb: str) -> str:
    if verb in _PARTICIPLES:
        return _PARTICIPLES[verb]
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


_PLURALS = {"person": "people", "child": "children", "m": "metres", "km": "kilometres", "cm": "centimetres",
            "kg": "kilograms", "ha": "hectares", "usd": "US dollars", "eur": "euros", "gbp": "pounds"}


def _plural(noun: str) -> str:
    if noun in _PLURALS:
        return _PLURALS[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith("man"):
        return noun[:-3] + "men"
    return noun + "s"


def _stem(lemma: str) -> str:
    """The form ``parse._anchor_verb`` gives a lemma: its event class or first five letters."""
    return EVENT_CLASSES.get(lemma, lemma[:5])


def _terms(role: str | None, prefix: str) -> set[str]:
    return {t[2:] for t in (role or "").split() if t.startswith(prefix)}


def _expand(stem: str, claim: Claim) -> str:
    """The lemma of the claim a five-letter stem came from ("retur" → "return")."""
    if stem in _PRIORITY_SET:
        return stem
    for term in claim.terms:
        if term.startswith(stem) and term.isalpha():
            return term
    return stem


_PRIORITY_SET = frozenset(_EVENT_PRIORITY)


# --------------------------------------------------------------------------
# Values


def _ordinal_span(value: str) -> tuple[float, float] | None:
    span = parse_span(value)
    return (float(span[0].toordinal()), float(span[1].toordinal())) if span else None


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _claim_dates(claim: Claim) -> list[tuple[float, float]]:
    out = []
    for f in claim.facts_of(FactType.DATE):
        span = _ordinal_span(f.value)
        if span is not None:
            out.append(span)
    return out


def _dates_disagree(a: Claim, b: Claim) -> bool:
    """Both sentences give dates, and none of one's overlaps any of the other's."""
    da, db = _claim_dates(a), _claim_dates(b)
    return bool(da and db) and not any(_overlap(x, y) for x in da for y in db)


def _written(texts: Iterable[str]) -> str:
    """The most common written form, case-folded for counting; the least capitalised spelling of it."""
    texts = [t for t in texts if t]
    if not texts:
        return ""
    counts = Counter(t.casefold() for t in texts)
    first_seen: dict[str, int] = {}
    for i, t in enumerate(texts):
        first_seen.setdefault(t.casefold(), i)
    best = min(counts, key=lambda k: (-counts[k], first_seen[k]))
    forms = [t for t in texts if t.casefold() == best]
    return min(forms, key=lambda t: (sum(c.isupper() for c in t), forms.index(t)))


# --------------------------------------------------------------------------
# Observations and groups


@dataclass(slots=True)
class _Obs:
    """One article stating one value: the claim, the fact, the value."""

    claim: Claim
    fact: Fact | None
    value: str
    text: str
    span: tuple[float, float] | None = None
    event: str = ""
    alt_events: frozenset[str] = frozenset()

    @property
    def article(self) -> str:
        return self.claim.article_id


@dataclass(slots=True)
class _Group:
    """Observations of one value (agreeing values merged); ``anchor`` is its most precise form."""

    obs: list[_Obs]
    anchor: _Obs

    def articles(self) -> set[str]:
        return {o.article for o in self.obs}

    def claim_ids(self) -> set[str]:
        return {o.claim.id for o in self.obs}


@dataclass
class _Ctx:
    order: dict[str, int]
    root: dict[str, str]
    in_story: set[str]
    conflicts: set[tuple[str, str, str]]
    names: dict[tuple[str, str], set[str]]
    settings: ConsensusSettings
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    def ordered(self, articles: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(articles), key=lambda a: self.order[a]))

    def conflict(self, a: _Group, b: _Group, fields: frozenset[str]) -> bool:
        """The comparison found a conflict on one of ``fields`` between claims of the two groups."""
        for ca in a.claim_ids():
            for cb in b.claim_ids():
                if any((ca, cb, f) in self.conflicts for f in fields):
                    return True
        return False


def _interval_groups(obs: Sequence[_Obs]) -> list[_Group]:
    """Merge observations whose intervals overlap, anchored on the most precise value.

    Narrowest intervals first (most stated first among equals): each joins
    the best-supported group whose anchor it overlaps, else starts one. A
    coarse value ("August") overlapping two precise ones (the 3rd and the
    19th) joins one, so two different days never merge through it.
    """
    freq = Counter(o.value for o in obs)
    first_seen: dict[str, int] = {}
    for i, o in enumerate(obs):
        first_seen.setdefault(o.value, i)

    def width(o: _Obs) -> float:
        assert o.span is not None
        return o.span[1] - o.span[0]

    groups: list[_Group] = []
    for o in sorted(obs, key=lambda o: (width(o), -freq[o.value], first_seen[o.value])):
        assert o.span is not None
        fits = [g for g in groups if g.anchor.span is not None and _overlap(g.anchor.span, o.span)]
        if fits:
            best = max(fits, key=lambda g: (len(g.articles()), -groups.index(g)))
            best.obs.append(o)
        else:
            groups.append(_Group([o], o))
    return groups


def _components(n: int, rival: Callable[[int, int], bool]) -> list[list[int]]:
    """Connected components of the rivalry graph over ``n`` groups (singletons included)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(n):
        for j in range(i + 1, n):
            if find(i) != find(j) and rival(i, j):
                parent[find(j)] = find(i)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        comps[find(i)].append(i)
    return list(comps.values())


def _sources(ctx: _Ctx, groups: Sequence[_Group]) -> list[tuple[str, ...]]:
    """Independent sources of each group's value (see the module docstring).

    A source's own values are those its root article states (when the root
    is among the articles), else those stated by the most of its articles
    (a unique plurality). A value that is not one of its own was added by a
    copy: it counts once, under the first copy stating it.
    """
    stated = [g.articles() for g in groups]
    roots = {ctx.root[a] for s in stated for a in s}
    own: dict[str, set[int]] = {}
    for r in roots:
        if r in ctx.in_story:
            own[r] = {i for i, s in enumerate(stated) if r in s}
        else:
            counts = {i: sum(1 for a in s if ctx.root[a] == r) for i, s in enumerate(stated)}
            top = max(counts.values())
            best = [i for i, c in counts.items() if c == top and c > 0]
            own[r] = set(best) if len(best) == 1 else set()
    out = []
    for i, s in enumerate(stated):
        ids = []
        for r in sorted({ctx.root[a] for a in s}, key=lambda r: min(ctx.order[a] for a in s if ctx.root[a] == r)):
            if i in own[r]:
                ids.append(r)
            else:
                ids.append(min((a for a in s if ctx.root[a] == r), key=lambda a: ctx.order[a]))
        out.append(tuple(ids))
    return out


def _confidence(top: Sequence[str], others: Iterable[Sequence[str]]) -> float:
    s = set(top)
    d = set().union(*(set(o) for o in others)) - s
    return len(s) / (len(s) + len(d) + 1)


@dataclass(slots=True)
class _Built:
    """A sheet fact before its key is fixed: the groups in rank order and their sources."""

    groups: list[_Group]
    sources: list[tuple[str, ...]]
    disputed: bool

    @property
    def support(self) -> int:
        """Independent sources of the top value."""
        return len(self.sources[0])

    @property
    def total(self) -> int:
        """Independent sources of any value: how much of the story speaks to this fact."""
        return len(set().union(*(set(s) for s in self.sources)))


def _build(ctx: _Ctx, groups: Sequence[_Group], rival: Callable[[int, int], bool]) -> list[_Built]:
    """Split groups into facts (components of the rivalry graph), values ranked by support."""
    out = []
    for comp in _components(len(groups), rival):
        members = [groups[i] for i in comp]
        sources = _sources(ctx, members)
        ranked = sorted(range(len(members)), key=lambda i: (
            -len(sources[i]), -len(members[i].articles()), _first_position(ctx, members[i])))
        out.append(_Built([members[i] for i in ranked], [sources[i] for i in ranked], len(members) > 1))
    out.sort(key=lambda b: (-b.total, -len(b.groups[0].articles()), _first_position(ctx, b.groups[0])))
    return out


def _first_position(ctx: _Ctx, g: _Group) -> tuple[int, int, int]:
    return min((ctx.order[o.article], o.claim.sentence, o.claim.start) for o in g.obs)


def _fact_value(ctx: _Ctx, g: _Group, sources: tuple[str, ...], value: str | None = None,
                text: str | None = None) -> FactValue:
    claims = sorted({o.claim.id: o for o in g.obs}.values(),
                    key=lambda o: (ctx.order[o.article], o.claim.start))
    return FactValue(
        value=value if value is not None else g.anchor.value,
        text=text if text is not None else _written(
            [o.text for o in g.obs if o.span is None or g.anchor.span is None or o.span == g.anchor.span]
            or [o.text for o in g.obs]),
        articles=ctx.ordered(g.articles()),
        sources=sources,
        claims=tuple(o.claim.id for o in claims),
    )


def _sheet_fact(ctx: _Ctx, slot: Slot, key: str, label: str, built: _Built,
                values: Sequence[FactValue] | None = None) -> SheetFact:
    vals = tuple(values) if values is not None else tuple(
        _fact_value(ctx, g, s) for g, s in zip(built.groups, built.sources))
    status: SheetStatus = "disputed" if built.disputed else (
        "agreed" if built.support >= 2 else "single source")
    return SheetFact(slot, key, label, vals, status, _confidence(built.sources[0], built.sources[1:]))


def _co_stated(a: _Group, b: _Group) -> bool:
    return bool(a.articles() & b.articles())


def _shortest(claims: Iterable[Claim]) -> Claim:
    return min(claims, key=lambda c: (len(c.text), c.article_id, c.start))


# --------------------------------------------------------------------------
# Entities


@dataclass(slots=True)
class _Entity:
    """One entity across the articles: its (article, key) nodes and their names and votes."""

    nodes: list[tuple[str, str]]
    names: list[str]
    votes: Counter[str]
    labels: Counter[str]

    @property
    def kind(self) -> str:
        if not self.votes:
            return "actor"
        return max(("actor", "place", "nationality"), key=lambda k: self.votes[k])

    @property
    def key(self) -> str:
        return Counter(k for _, k in self.nodes).most_common(1)[0][0]


def _place_role(role: str | None) -> bool:
    dep, _, head = (role or "").partition(":")
    return dep in _PLACE_PREPS or (dep == "of" and head in PLACE_NOUNS)


def _votes(fact: Fact) -> Counter[str]:
    votes: Counter[str] = Counter()
    label = fact.detail or ""
    if label in ("PERSON", "ORG"):
        votes["actor"] += 1
    elif label in _PLACE_LABELS:
        votes["place"] += 1
    elif label == "NORP":
        votes["nationality"] += 1
    if fact.type in (FactType.ENTITY, FactType.PLACE) and _place_role(fact.role):
        votes["place"] += 2
    return votes


def _node_kind(votes: Counter[str]) -> str:
    if not votes:
        return "actor"
    return max(("actor", "place", "nationality"), key=lambda k: votes[k])


def _entities(ctx: _Ctx, claims: Sequence[Claim]) -> dict[tuple[str, str], _Entity]:
    """Cluster (article, entity key) nodes across articles with ``same_entity``.

    Nodes of one article with different keys are different entities (the
    parse stage resolved aliases within the article). Across articles, two
    nodes are linked when ``same_entity`` accepts their names and they are the
    same kind of thing (actor, place, nationality), or have the same key.
    Candidate pairs share a word prefix or an acronym, so the work stays
    near-linear in the number of names.
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    labels: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in claims:
        for f in c.facts_of(FactType.ENTITY, FactType.PLACE):
            node = (c.article_id, f.value)
            ctx.names[node].add(f.text)
            votes[node].update(_votes(f))
            if f.detail:
                labels[node][f.detail] += 1
        for f in c.facts_of(FactType.SPEAKER):
            node = (c.article_id, f.value)
            ctx.names[node].add(f.text)
            votes[node]["actor"] += 1
    nodes = sorted(votes, key=lambda n: (ctx.order[n[0]], n[1]))
    parent = {n: n for n in nodes}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    index: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in nodes:
        for blk in _blocks(ctx.names[n] | {n[1]}):
            index[blk].append(n)
    kinds = {n: _node_kind(votes[n]) for n in nodes}
    for bucket in index.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                if a[0] == b[0] or find(a) == find(b):
                    continue
                if a[1] == b[1] or (kinds[a] == kinds[b] and _same(kinds[a], ctx.names[a], ctx.names[b])):
                    parent[find(b)] = find(a)
    clusters: dict[tuple[str, str], _Entity] = {}
    out: dict[tuple[str, str], _Entity] = {}
    for n in nodes:
        r = find(n)
        ent = clusters.setdefault(r, _Entity([], [], Counter(), Counter()))
        ent.nodes.append(n)
        ent.names.extend(sorted(ctx.names[n]))
        ent.votes.update(votes[n])
        ent.labels.update(labels[n])
        out[n] = ent
    return out


def _same(kind: str, names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    """``same_entity`` for people and organisations; for places, no "words contained" rule.

    "Sirako" and "Sirako District Hospital" are two places, while "Korvan"
    and "Adaeze Korvan" are one person.
    """
    if kind != "place":
        return same_entity(names_a, names_b)
    for a in names_a:
        for b in names_b:
            ka, kb = name_key(a), name_key(b)
            if ka == kb or fuzz.ratio(ka, kb) >= 90 or (a.isupper() and len(a) <= 8 and same_entity([a], [b])):
                return True
    return False


def _blocks(names: Iterable[str]) -> set[str]:
    out = set()
    for name in names:
        for tok in name_tokens(name):
            out.add(tok[:3])
        bare = name.replace(".", "").strip()
        if bare.isupper() and bare.isalpha():
            out.add("acr:" + bare.lower())
        words = [w for w in re.findall(r"[A-Z][\w'-]*", name) if w.lower() not in ("the", "of", "and")]
        if len(words) >= 2:
            out.add("acr:" + "".join(w[0] for w in words).lower())
    return out


def _display_name(ent: _Entity) -> str:
    """The fullest common name: most words, then most used; "the" dropped."""
    names = [re.sub(r"^(the|The)\s+", "", n) for n in ent.names]
    counts = Counter(names)
    return max(counts, key=lambda n: (len(name_tokens(n)), counts[n], -names.index(n)))


def _is_actor(ent: _Entity, bodies: str) -> bool:
    """A person or organisation: mostly labelled so, not a nationality, not a common word."""
    if ent.kind != "actor" or not (ent.labels["PERSON"] + ent.labels["ORG"]):
        return False
    one_word = all(len(n.split()) == 1 for n in ent.names)
    if one_word and ent.labels["NORP"]:
        return False  # "Tamaruan" (forces, authorities): an adjective, not an actor
    return not _is_common_word(ent, bodies)


def _is_common_word(ent: _Entity, bodies: str) -> bool:
    """A one-word "name" the articles also write in lower case ("Kidnappings" / "the kidnapping")."""
    for n in ent.names:
        toks = n.split()
        if len(toks) != 1:
            return False
        word = toks[0].lower().strip(".,")
        stems = {word, word.rstrip("s"), word[:-2] if word.endswith("es") else word}
        if not any(re.search(rf"\b{re.escape(s)}\b", bodies) for s in stems if len(s) > 2):
            return False
    return True


# --------------------------------------------------------------------------
# The sheet, slot by slot


def _who(ctx: _Ctx, claims: Sequence[Claim], entities: dict[tuple[str, str], _Entity],
         bodies: str) -> tuple[list[SheetFact], set[int]]:
    out: list[SheetFact] = []
    by_entity: dict[int, list[_Obs]] = defaultdict(list)
    for c in claims:
        if c.kind != "statement":
            continue
        violent = _claim_events(c) & _VIOLENT_EVENTS
        for f in c.facts_of(FactType.ENTITY):
            if f.detail not in _ACTOR_LABELS:
                continue
            dep, _, head = (f.role or "").partition(":")
            if f.role in PERPETRATOR_ROLES or (dep in ("from", "of") and head in _AGENT_NOUNS and violent):
                ent = entities[(c.article_id, f.value)]
                by_entity[id(ent)].append(_Obs(c, f, ent.key, f.text))
    groups = [_Group(obs, obs[0]) for obs in by_entity.values()]

    def rival(i: int, j: int) -> bool:
        a, b = groups[i], groups[j]
        if _co_stated(a, b):
            return False
        return any(x.article != y.article and not _dates_disagree(x.claim, y.claim) for x in a.obs for y in b.obs)

    perpetrators: set[int] = set()
    for k, built in enumerate(_build(ctx, groups, rival)):
        values = []
        for g, s in zip(built.groups, built.sources):
            ent = entities[(g.anchor.article, g.anchor.fact.value if g.anchor.fact else "")]
            perpetrators.add(id(ent))
            values.append(_fact_value(ctx, g, s, value=ent.key))
        key = "who:perpetrator" if k == 0 else f"who:perpetrator:{built.groups[0].anchor.value}"
        label = "Who: perpetrator" if k == 0 else f"Who: perpetrator ({values[0].text})"
        out.append(_sheet_fact(ctx, "who", key, label, built, values))

    # main actors: people and organisations named by the most independent sources
    actor_obs: dict[int, list[_Obs]] = defaultdict(list)
    actor_ent: dict[int, _Entity] = {}
    for c in claims:
        if c.kind != "statement":
            continue
        for f in c.facts_of(FactType.ENTITY):
            actor = entities.get((c.article_id, f.value))
            if actor is not None and id(actor) not in perpetrators:
                actor_obs[id(actor)].append(_Obs(c, f, actor.key, f.text))
                actor_ent[id(actor)] = actor
    actor_groups = [(actor_ent[k], _Group(obs, obs[0])) for k, obs in actor_obs.items()
                    if _is_actor(actor_ent[k], bodies)]
    ranked = []
    for ent, g in actor_groups:
        (src,) = _sources(ctx, [g])
        ranked.append((len(src), len(g.articles()), len(g.obs), ent, g, src))
    ranked.sort(key=lambda r: (-r[0], -r[1], -r[2], _first_position(ctx, r[4])))
    for _n_src, _, _, ent, g, src in ranked[:ctx.settings.max_actors]:
        name = _display_name(ent)
        value = _fact_value(ctx, g, src, value=ent.key, text=name)
        built = _Built([g], [src], False)
        out.append(_sheet_fact(ctx, "who", f"who:actor:{ent.key}", f"Who: {name}", built, [value]))
    return out, perpetrators


def _disputed_slots(ctx: _Ctx, claims: Sequence[Claim], entities: dict[tuple[str, str], _Entity],
                    done: frozenset[str]) -> list[SheetFact]:
    """Entities the comparison found in conflict in one syntactic slot ("operated by X" / "by Y").

    Every slot in which two claims name different entities becomes a sheet
    fact with every entity any article puts in that slot; values are rivals
    when the comparison found them in conflict. Slots handled elsewhere
    (``done``: perpetrators, places of key events) and "X said" are skipped.
    """
    by_id = {c.id: c for c in claims}
    roles: set[str] = set()
    for v in ctx.verdicts.values():
        for x in v.conflicts:
            other = by_id.get(x.claim)
            if x.field not in ("entity", "place") or other is None:
                continue
            mine = {f.role for f in v.claim.facts_of(FactType.ENTITY, FactType.PLACE) if f.text == x.value}
            theirs = {f.role for f in other.facts_of(FactType.ENTITY, FactType.PLACE) if f.text == x.other_value}
            roles |= {r for r in mine & theirs if r and r not in done and r.partition(":")[2] not in _SPEECH_HEADS}
    out: list[SheetFact] = []
    for role in sorted(roles):
        by_entity: dict[int, list[_Obs]] = defaultdict(list)
        kinds: Counter[str] = Counter()
        for c in claims:
            if c.kind != "statement":
                continue
            for f in c.facts_of(FactType.ENTITY, FactType.PLACE):
                if f.role == role:
                    ent = entities[(c.article_id, f.value)]
                    by_entity[id(ent)].append(_Obs(c, f, ent.key, f.text))
                    kinds[ent.kind] += 1
        groups = [_Group(obs, obs[0]) for obs in by_entity.values()]

        def rival(i: int, j: int, groups: list[_Group] = groups) -> bool:
            return ctx.conflict(groups[i], groups[j], frozenset({"entity", "place"}))

        if not kinds:
            continue  # the slot is only filled in quote attributions
        slot: Slot = "where" if kinds.most_common(1)[0][0] == "place" else "who"
        for k, built in enumerate(_build(ctx, groups, rival)):
            values = [_fact_value(ctx, g, src, value=g.anchor.value,
                                  text=_display_name(entities[(g.anchor.article, g.anchor.fact.value)])
                                  if g.anchor.fact else None)
                      for g, src in zip(built.groups, built.sources)]
            key = f"{slot}:{role}" if k == 0 else f"{slot}:{role}:{built.groups[0].anchor.value}"
            label = f"{slot.capitalize()}: {_role_label(role)}"
            if k > 0:
                label = f"{label} ({values[0].text})"
            out.append(_sheet_fact(ctx, slot, key, label, built, values))
    return out


def _role_label(role: str) -> str:
    """ "nsubj:operate" → "operated by"; "obj:free" → "freed"; "for:work" → "work for"."""
    dep, _, head = role.partition(":")
    if dep == "nsubj":
        return f"{_participle(head)} by"
    if dep == "obj":
        return _participle(head)
    if dep in ("poss", "amod", "compound", "nmod", "appos"):
        return f"{head} ({dep})"
    return f"{head} {dep}"


def _claim_events(c: Claim) -> set[str]:
    """Event classes the claim speaks of: its words and its facts' event terms."""
    events = {EVENT_CLASSES[t] for t in c.terms if t in EVENT_CLASSES}
    for f in c.facts:
        events |= _terms(f.role, "E:")
    return events


def _what(ctx: _Ctx, verdicts: Sequence[Verdict], disputed: set[str]) -> list[SheetFact]:
    """The statements corroborated by the most independent sources, one per group of restatements.

    A sentence with details no other article has, or one stating a value
    disputed elsewhere on the sheet (``disputed`` claim ids), does not speak
    for the others and is not chosen.
    """
    candidates = []
    # one observation per statement, shared by every group that lists it (observations are never changed)
    observed = {claim_id: _Obs(other.claim, None, "", other.claim.text) for claim_id, other in ctx.verdicts.items()}
    for v in verdicts:
        if v.claim.kind != "statement" or v.status != Status.CORROBORATED or v.unsupported \
                or v.claim.id in disputed:
            continue
        obs = [_Obs(v.claim, None, "", v.claim.text)]
        obs += [observed[lk.claim] for lk in v.support if lk.claim and lk.claim in observed]
        g = _Group(obs, obs[0])
        (src,) = _sources(ctx, [g])
        candidates.append((v, g, src))
    size = Counter(ctx.root.values())
    candidates.sort(key=lambda t: (-len(t[2]), -len(t[1].articles()), t[0].claim.sentence,
                                   -size[ctx.root[t[0].claim.article_id]],
                                   ctx.root[t[0].claim.article_id] != t[0].claim.article_id,
                                   ctx.order[t[0].claim.article_id], t[0].claim.start))
    out: list[SheetFact] = []
    covered: set[str] = set()
    for v, g, src in candidates:
        if len(out) >= ctx.settings.max_statements:
            break
        if v.claim.id in covered:
            continue
        restated = [lk.claim for lk in v.support
                    if lk.claim in ctx.verdicts and lk.score >= ctx.settings.min_restatement_score]
        if covered & set(restated):
            continue  # a restatement of a statement already listed
        covered |= {v.claim.id, *restated}
        close = [v.claim] + [ctx.verdicts[c].claim for c in restated
                             if ctx.verdicts[c].status == Status.CORROBORATED
                             and not ctx.verdicts[c].unsupported and c not in disputed]
        rep = _shortest(close)
        value = _fact_value(ctx, g, src, value=" ".join(re.findall(r"\w+", rep.text.lower())), text=rep.text)
        out.append(_sheet_fact(ctx, "what", f"what:{rep.id}", "What", _Built([g], [src], False), [value]))
    return out


def _date_obs(claims: Sequence[Claim]) -> list[_Obs]:
    out = []
    for c in claims:
        if c.kind != "statement":
            continue
        for f in c.facts_of(FactType.DATE):
            span = _ordinal_span(f.value)
            if span is None or f.detail not in _TIMELINE_GRANULARITIES:
                continue
            events = _terms(f.role, "E:")
            if not events:
                continue
            event = next((e for e in _EVENT_PRIORITY if e in events), "")
            if not event:
                event = _pick_event(events, _terms(f.role, "P:"), c)
            alt = frozenset({EVENT_CLASSES[t] for t in c.terms if t in EVENT_CLASSES} & _STORY_EVENTS)
            out.append(_Obs(c, f, f.value, f.text, span, event, alt))
    return out


def _pick_event(events: set[str], participants: set[str], claim: Claim) -> str:
    """Among event terms that are no known class, the verb, spelled out.

    The verb is the term other phrases of the sentence attach to (the head of
    an entity's slot, the only event of another date or number); else the
    first in alphabetical order.
    """
    heads = {_stem(f.role.partition(":")[2]) for f in claim.facts_of(FactType.ENTITY, FactType.PLACE) if f.role}
    for f in claim.facts_of(FactType.NUMBER, FactType.DATE):
        heads |= _terms(f.role, "E:") if len(_terms(f.role, "E:")) == 1 else set()
    plain = sorted(events - participants, key=lambda e: (e not in heads, e))
    return _expand((plain or sorted(events))[0], claim)


def _granularity(o: _Obs) -> str:
    return o.fact.detail if o.fact is not None and o.fact.detail else "day"


def _event_groups(obs: Sequence[_Obs]) -> dict[str, list[_Group]]:
    """Date groups per event; a date tied to no story event joins one its sentence names, if others state it."""
    by_event: dict[str, list[_Obs]] = defaultdict(list)
    others: list[_Obs] = []
    for o in obs:
        (by_event[o.event] if o.event in _STORY_EVENTS or o.event == "say" else others).append(o)
    groups = {ev: _interval_groups(items) for ev, items in by_event.items()}
    leftovers: dict[str, list[_Obs]] = defaultdict(list)
    for o in others:
        assert o.span is not None
        target = None
        for ev in sorted(o.alt_events, key=_EVENT_PRIORITY.index):
            for g in groups.get(ev, []):
                if g.anchor.span is not None and _overlap(g.anchor.span, o.span) and any(
                        x.article != o.article for x in g.obs):
                    target = g
                    break
            if target is not None:
                break
        if target is not None:
            target.obs.append(o)
        else:
            leftovers[o.event].append(o)
    for ev, items in leftovers.items():
        groups[ev] = _interval_groups(items)
    return groups


def _dates_rival(ctx: _Ctx, groups: Sequence[_Group]) -> Callable[[int, int], bool]:
    def rival(i: int, j: int) -> bool:
        a, b = groups[i], groups[j]
        if ctx.conflict(a, b, frozenset({"date"})):
            return True
        if _co_stated(a, b):
            return False
        for x in a.obs:
            for y in b.obs:
                if x.article == y.article:
                    continue
                px, py = _terms(x.fact.role if x.fact else None, "P:"), _terms(y.fact.role if y.fact else None, "P:")
                if (px & py) or (not px and not py):
                    return True
        return False
    return rival


def _event_name(ctx: _Ctx, event: str, g: _Group) -> tuple[str, list[Claim]]:
    """Display verb of an event and the claims that name it so: for "say", the reporting verb most used."""
    claims = [o.claim for o in g.obs]
    if event != "say":
        return event, claims
    verbs: Counter[str] = Counter()
    by_verb: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        for f in c.facts_of(FactType.SOURCE):
            if f.detail and f.detail != "according to":
                verbs[f.detail] += 1
                by_verb[f.detail].append(c)
    specific = [v for v in verbs if v not in _SPEECH_VERBS]
    if specific:
        verb = max(specific, key=lambda v: (verbs[v], -sorted(verbs).index(v)))
        return verb, by_verb[verb]
    return "say", claims


def _when(ctx: _Ctx, claims: Sequence[Claim]) -> tuple[list[SheetFact], list[TimelineEvent]]:
    groups_by_event = _event_groups(_date_obs(claims))
    facts: list[SheetFact] = []
    timeline: list[TimelineEvent] = []
    for event in sorted(groups_by_event, key=lambda e: (e not in _PRIORITY_SET,
                                                        _EVENT_PRIORITY.index(e) if e in _PRIORITY_SET else 0, e)):
        groups = groups_by_event[event]
        built_all = _build(ctx, groups, _dates_rival(ctx, groups))
        for k, built in enumerate(built_all):
            values = []
            for g, src in zip(built.groups, built.sources):
                assert g.anchor.span is not None
                name, named = _event_name(ctx, event, g)
                best = _event_obs(ctx, g, named)
                timeline.append(TimelineEvent(
                    first=dt.date.fromordinal(int(g.anchor.span[0])),
                    last=dt.date.fromordinal(int(g.anchor.span[1])),
                    granularity=_granularity(g.anchor),  # type: ignore[arg-type]
                    event=name,
                    text=best[0].claim.text,
                    articles=ctx.ordered(g.articles()),
                    sources=src,
                    claims=tuple(sorted(g.claim_ids(), key=lambda cid: _claim_rank(ctx, g, cid))),
                    disputed=built.disputed,
                ))
                precise = [o.text for o in best if o.span == g.anchor.span]
                values.append(_fact_value(ctx, g, src, text=_written(precise or [o.text for o in best])))
            if event not in _KEY_EVENTS and built.support < 2 and not built.disputed:
                continue  # a minor event one source mentions: on the timeline only
            top = built.groups[0]
            name, _ = _event_name(ctx, event, top)
            label = f"When: {_participle(name)}"
            key = f"when:{event}"
            if k > 0:
                key = f"{key}:{top.anchor.value}"
                context = _participants(top)
                label = f"{label} ({context})" if context else f"{label} ({top.anchor.text})"
            facts.append(_sheet_fact(ctx, "when", key, label, built, values))
    timeline.sort(key=lambda e: (e.first, e.last, e.event))
    return facts, timeline


def _event_obs(ctx: _Ctx, g: _Group, named: Sequence[Claim]) -> list[_Obs]:
    """The group's dates, best sentence first.

    Not in conflict and without details no other article has (an embellished
    rewrite is a poor witness), as precise as the anchor, shortest.
    """
    ids = {c.id for c in named}
    obs = [o for o in g.obs if o.claim.id in ids] or list(g.obs)

    def rank(o: _Obs) -> tuple[bool, bool, int, int, int]:
        v = ctx.verdicts.get(o.claim.id)
        doubtful = v is not None and (v.status == Status.CONFLICTING or bool(v.unsupported))
        return doubtful, o.span != g.anchor.span, len(o.claim.text), ctx.order[o.article], o.claim.start

    return sorted(obs, key=rank)


def _claim_rank(ctx: _Ctx, g: _Group, claim_id: str) -> tuple[int, int]:
    o = next(o for o in g.obs if o.claim.id == claim_id)
    return ctx.order[o.article], o.claim.start


def _participants(g: _Group) -> str:
    counts: Counter[str] = Counter()
    for o in g.obs:
        for p in sorted(_terms(o.fact.role if o.fact else None, "P:")):
            word = _expand(p, o.claim)
            if word != p or p in o.claim.terms:  # a stem that no word of the sentence spells out is not shown
                counts[word] += 1
    if not counts:
        return ""
    word = max(counts, key=lambda w: (counts[w], w))
    return _plural(word)


# Quantities that are not "how many" of anything in the story: ages, "one of", ratios.
_NOT_COUNTS = frozenset({"age", "one", "other", "times"})


def _how_many(ctx: _Ctx, claims: Sequence[Claim]) -> list[SheetFact]:
    by_noun: dict[str, list[_Obs]] = defaultdict(list)
    for c in claims:
        if c.kind != "statement":
            continue
        for f in c.facts_of(FactType.NUMBER):
            span = parse_interval(f.value)
            if f.detail and span is not None and f.detail not in _NOT_COUNTS:
                by_noun[f.detail].append(_Obs(c, f, f.value, f.text, span))
    out: list[tuple[_Built, SheetFact]] = []
    for noun, obs in by_noun.items():
        groups = _interval_groups(obs)
        noun_stem = _stem(noun)

        def occasion(x: _Obs, y: _Obs, noun_stem: str = noun_stem) -> bool:
            ex = _terms(x.fact.role if x.fact else None, "E:") - {noun_stem}
            ey = _terms(y.fact.role if y.fact else None, "E:") - {noun_stem}
            return bool(ex & ey) and not _dates_disagree(x.claim, y.claim)

        def rival(i: int, j: int, groups: list[_Group] = groups,
                  occasion: Callable[[_Obs, _Obs], bool] = occasion) -> bool:
            a, b = groups[i], groups[j]
            if ctx.conflict(a, b, frozenset({"number"})):
                return True
            if _co_stated(a, b):
                return False
            return any(x.article != y.article and occasion(x, y) for x in a.obs for y in b.obs)

        for k, built in enumerate(_build(ctx, groups, rival)):
            key, label = f"how_many:{noun}", f"How many {_plural(noun) if noun in _PLURALS or noun not in _UNITS else noun}"
            if k > 0:
                top = built.groups[0]
                key = f"{key}:{top.anchor.value}"
                label = f"{label} ({_number_context(top)})"
            out.append((built, _sheet_fact(ctx, "how_many", key, label, built)))
    out.sort(key=lambda t: (-t[0].total, -len(t[0].groups[0].articles()), _first_position(ctx, t[0].groups[0])))
    return [f for _, f in out]


def _number_context(g: _Group) -> str:
    """What a second count of the same noun is about: its event and the date of its sentence."""
    o = g.anchor
    events = _terms(o.fact.role if o.fact else None, "E:")
    event = next((e for e in _EVENT_PRIORITY if e in events), "")
    dates = [f.text for f in o.claim.facts_of(FactType.DATE)]
    parts = [p for p in (_participle(event) if event else "", dates[0] if dates else "") if p]
    return ", ".join(parts) or o.text


def _where(ctx: _Ctx, claims: Sequence[Claim], entities: dict[tuple[str, str], _Entity]) -> list[SheetFact]:
    out: list[SheetFact] = []
    by_event: dict[str, dict[int, list[_Obs]]] = defaultdict(lambda: defaultdict(list))
    places: dict[int, list[_Obs]] = defaultdict(list)
    ent_of: dict[int, _Entity] = {}
    for c in claims:
        if c.kind != "statement":
            continue
        for f in c.facts_of(FactType.ENTITY, FactType.PLACE):
            ent = entities.get((c.article_id, f.value))
            if ent is None or ent.kind != "place":
                continue
            ent_of[id(ent)] = ent
            obs = _Obs(c, f, ent.key, f.text)
            places[id(ent)].append(obs)
            dep, _, head = (f.role or "").partition(":")
            if dep in _PLACE_PREPS and head in _STORY_EVENTS:
                by_event[head][id(ent)].append(obs)
    for event in sorted(by_event, key=_EVENT_PRIORITY.index):
        groups = [_Group(obs, obs[0]) for obs in by_event[event].values()]

        def rival(i: int, j: int, groups: list[_Group] = groups) -> bool:
            return ctx.conflict(groups[i], groups[j], frozenset({"place", "entity"}))

        for k, built in enumerate(_build(ctx, groups, rival)):
            values = [_fact_value(ctx, g, s, value=g.anchor.value,
                                  text=_display_name(ent_of[_ent_id(entities, g)]))
                      for g, s in zip(built.groups, built.sources)]
            key, label = f"where:{event}", f"Where: {_participle(event)}"
            if k > 0:
                key, label = f"{key}:{built.groups[0].anchor.value}", f"{label} ({values[0].text})"
            out.append(_sheet_fact(ctx, "where", key, label, built, values))
    ranked = []
    for ent_id, mentions in places.items():
        g = _Group(mentions, mentions[0])
        (src,) = _sources(ctx, [g])
        ranked.append((g, src, ent_of[ent_id]))
    ranked.sort(key=lambda t: (-len(t[1]), -len(t[0].articles()), -len(t[0].obs), _first_position(ctx, t[0])))
    for g, src, ent in ranked[:ctx.settings.max_places]:
        name = _display_name(ent)
        value = _fact_value(ctx, g, src, value=ent.key, text=name)
        out.append(_sheet_fact(ctx, "where", f"where:place:{ent.key}", f"Where: {name}",
                               _Built([g], [src], False), [value]))
    return out


def _ent_id(entities: dict[tuple[str, str], _Entity], g: _Group) -> int:
    f = g.anchor.fact
    return id(entities[(g.anchor.article, f.value if f else "")])


# ---------------------------------------------------------------- quotes


def _is_named_speaker(text: str) -> bool:
    words = text.split()
    if not words or text.lower() in _GENERIC_SPEAKERS:
        return False
    return words[0].lower() not in _DETERMINERS and words[0][:1].isupper()


def _said(ctx: _Ctx, claims: Sequence[Claim], entities: dict[tuple[str, str], _Entity]) -> list[SheetFact]:
    """One fact per speaker: each quote (its versions merged) with the sources quoting it.

    A speaker's fact is disputed when one of the quotes has an altered
    version (the comparison found the words changed) or when the same words
    are given to another named speaker. Unnamed speakers ("a government
    spokesperson") are matched by their words only, and never make a
    misattribution; quotes without a speaker share one fact.
    """
    quotes: list[tuple[_Obs, str, str]] = []  # (observation, speaker id, speaker name)
    named: set[str] = set()
    for c in claims:
        if c.kind != "quote":
            continue
        q = c.facts_of(FactType.QUOTE)
        if not q or not q[0].value:
            continue
        sp = c.facts_of(FactType.SPEAKER)
        if sp and _is_named_speaker(sp[0].text):
            ent = entities[(c.article_id, sp[0].value)]
            speaker, name = ent.key, _display_name(ent)
            named.add(speaker)
        elif sp and sp[0].text.lower() not in _GENERIC_SPEAKERS:
            speaker, name = name_key(sp[0].text), sp[0].text
        else:
            speaker, name = _UNATTRIBUTED, ""
        quotes.append((_Obs(c, q[0], q[0].value, q[0].text), speaker, name))
    word_of = _quote_clusters(ctx, [o for o, _, _ in quotes])
    # the speakers of each word cluster, and each speaker's groups
    cells: dict[tuple[str, int], list[_Obs]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for i, (o, speaker, name) in enumerate(quotes):
        cells[(speaker, word_of[i])].append(o)
        if name:
            names[speaker].append(name)
    speakers_of: dict[int, set[str]] = defaultdict(set)
    for speaker, w in cells:
        if speaker in named:
            speakers_of[w].add(speaker)
    groups = {cell: _Group(obs, max(obs, key=lambda o: (len(o.value), -ctx.order[o.article])))
              for cell, obs in cells.items()}
    all_sources = dict(zip(groups, _sources_each(ctx, list(groups.values()))))
    out: list[tuple[int, int, tuple[int, int, int], SheetFact]] = []
    for speaker in dict.fromkeys(s for s, _ in cells):
        mine = [cell for cell in cells if cell[0] == speaker]
        mine.sort(key=lambda cell: (-len(all_sources[cell]), -len(groups[cell].articles()),
                                    _first_position(ctx, groups[cell])))
        altered_pairs = {(a, b) for a in mine for b in mine if a != b
                         and ctx.conflict(groups[a], groups[b], frozenset({"quote"}))}
        top = mine[0]
        dissent = [all_sources[b] for a, b in altered_pairs if a == top]
        dissent += [all_sources[(other, top[1])] for other in speakers_of[top[1]] if other != speaker
                    and (other, top[1]) in all_sources]
        misattributed = speaker in named and any(speakers_of[w] - {speaker} for _, w in mine)
        disputed = bool(altered_pairs) or misattributed
        values = []
        for cell in mine:
            g = groups[cell]
            values.append(_fact_value(ctx, g, all_sources[cell], value=g.anchor.value, text=g.anchor.text))
        s_top = all_sources[top]
        status: SheetStatus = "disputed" if disputed else ("agreed" if len(s_top) >= 2 else "single source")
        if speaker == _UNATTRIBUTED:
            label = "Quoted without a speaker"
        else:
            spoken = names[speaker] or [speaker]
            name = max(sorted(set(spoken)), key=lambda n: (len(n.split()), spoken.count(n)))
            label = f"{name[:1].upper()}{name[1:]} said"
        fact = SheetFact("said", f"said:{speaker}", label, tuple(values), status, _confidence(s_top, dissent))
        out.append((len(s_top), len(groups[top].articles()), _first_position(ctx, groups[top]), fact))
    out.sort(key=lambda t: (t[3].key.endswith(_UNATTRIBUTED), -t[0], -t[1], t[2]))
    return [t[3] for t in out]


def _sources_each(ctx: _Ctx, groups: Sequence[_Group]) -> list[tuple[str, ...]]:
    """Sources of each quote group on its own (a speaker's quotes are not rivals of each other)."""
    return [_sources(ctx, [g])[0] for g in groups]


def _quote_clusters(ctx: _Ctx, obs: Sequence[_Obs]) -> list[int]:
    """Cluster quotes that are the same words (or one contained in the other); cluster index per quote."""
    s = ctx.settings
    parent = list(range(len(obs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(obs)):
        for j in range(i + 1, len(obs)):
            if find(i) == find(j):
                continue
            a, b = obs[i].value, obs[j].value
            same = fuzz.ratio(a, b) >= s.quote_same_ratio
            if not same:
                shorter, longer = sorted((a, b), key=len)
                same = len(shorter.split()) >= s.quote_min_words and \
                    fuzz.partial_ratio(shorter, longer) >= s.quote_contained_ratio
            if same:
                parent[find(j)] = find(i)
    return [find(i) for i in range(len(obs))]


# --------------------------------------------------------------------------
# Entry point


def build_consensus(
    verdicts: Sequence[Verdict],
    articles: Sequence[Article],
    independent: Mapping[str, str] | None = None,
    names: Mapping[tuple[str, str], tuple[str, ...]] | None = None,
    settings: ConsensusSettings = ConsensusSettings(),
) -> tuple[list[SheetFact], list[TimelineEvent]]:
    """The fact sheet and the timeline of one story.

    ``independent`` maps article id → independent source id (articles copying
    one source share it; ``None``: every article is its own source).
    ``names`` maps (article id, entity key) → the surface names of that entity
    in that article, for ``same_entity`` across articles; the names the
    claims' facts use are always added. Sheet facts come in slot order (who,
    what, when, where, how many, said); timeline events by date.
    """
    order = {a.id: i for i, a in enumerate(articles)}
    for v in verdicts:
        order.setdefault(v.claim.article_id, len(order))
    root = {a: (independent or {}).get(a, a) for a in order}
    conflicts: set[tuple[str, str, str]] = set()
    for v in verdicts:
        for c in v.conflicts:
            conflicts.add((v.claim.id, c.claim, c.field))
            conflicts.add((c.claim, v.claim.id, c.field))
    all_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, ns in (names or {}).items():
        all_names[k].update(ns)
    ctx = _Ctx(order, root, {a.id for a in articles}, conflicts, all_names, settings,
               {v.claim.id: v for v in verdicts})
    claims = [v.claim for v in verdicts]
    bodies = "\n".join(a.body for a in articles)
    entities = _entities(ctx, claims)
    who, _ = _who(ctx, claims, entities, bodies)
    when, timeline = _when(ctx, claims)
    where = _where(ctx, claims, entities)
    done = PERPETRATOR_ROLES | {f"{p}:{e}" for p in _PLACE_PREPS for e in _STORY_EVENTS}
    slots = _disputed_slots(ctx, claims, entities, frozenset(done))
    how_many = _how_many(ctx, claims)
    said = _said(ctx, claims, entities)
    disputed = {c for f in (*who, *slots, *when, *where, *how_many, *said) if f.status == "disputed"
                for v in f.values for c in v.claims}
    sheet = [*who, *(f for f in slots if f.slot == "who"), *_what(ctx, verdicts, disputed), *when, *where,
             *(f for f in slots if f.slot == "where"), *how_many, *said]
    return sheet, timeline
