"""Stage 3: group articles into stories (one event) and threads (related events).

Algorithm ``triangulate.group.v1`` is single-pass clustering, as in topic
detection and tracking: each article, in the order given, either joins the
most similar existing story or starts a new one. Nothing is ever regrouped
(only two stories an article bridges can merge, see below), so a
``StoryIndex`` can be fed articles over days and kept in a database
(``to_state``/``from_state``).

Features are cheap (regular expressions, no parse), so 100k articles group
in minutes on two cores:

- content words: lower-cased, stop words removed, cut to their first
  ``_STEM`` letters ("arrested", "arrests" → "arrest");
- anchors, which do not depend on the language: capitalised words (names,
  acronyms; a word opening a sentence only if it is capitalised elsewhere
  too), numbers in digits (and number words in a few languages), and dates
  ("4 August 2025", "Aug. 4", "4 août", "2025-08-04") as ``MM-DD`` and
  ``YYYY-MM``;
- a MinHash signature of word shingles, to recognise reprints.

Features of the title and the first 40 words count twice (the lead says who
and what).

Similarity is the cosine between the article's TF-IDF vector (document
frequencies are counted as articles arrive) and a story's centroid. Candidate
stories come from an inverted index over each article's highest-weighted
features, with capped posting lists (the most recent stories per feature),
plus MinHash LSH for near-duplicates; an article is compared with at most
``max_candidates`` centroids, so the work per article does not grow with the
corpus.

Time keeps similar events apart: an article more than ``max_gap_days`` from
every article of a story joins it only with far stronger evidence
(``far_threshold``) or as a reprint. A new story whose best match is too far
in time, or only loosely similar (``thread_threshold``), joins that story's
*thread*: the same actors in another event (a kidnapping, and months later
the release), so a thread link also needs the names of the two to be close
(``thread_names``: several capitalised words in common). An article
that joins a story and is also close to a story of another thread
(``merge_threshold``, and the same rule on names) merges the two threads;
the older thread id is kept, so thread ids of earlier assignments can change.

Stories merge the same way, on stronger evidence: when the article that
joins a story is as similar to another candidate story (same language,
within the time rule) as a member would be (``story_merge_threshold``) and
the two centroids are close (``story_merge_centroid``), the two are one
event reported in words too different for the first articles to meet. The
younger story merges into the older one: its articles, centroid and dates
move there and its id becomes an alias (``story_aliases``,
``resolve_story``), so story ids of earlier assignments can change too, and
an old id still finds its story. Only the two stories concerned change.

The time of an article is its publication date, else the first full date its
text (or URL) mentions.

An article in another language than a story is compared on anchors only,
and joins only when several are shared (``min_shared_anchors``) and the
anchor cosine is high; otherwise it stays apart.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, TypeVar

import numpy as np

from ..errors import ConfigError
from ..ids import content_hash
from ..nlp.entities import fold
from ..records import Article

__all__ = [
    "NAME",
    "GroupSettings",
    "Story",
    "StoryAssignment",
    "StoryIndex",
    "group_stories",
]

NAME = "triangulate.group.v1"

Match = Literal["new", "reprint", "similar", "cross-language"]
_MATCHES: tuple[Match, ...] = ("new", "reprint", "similar", "cross-language")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """Settings of the story grouper.

    Give ``threshold`` and the other cut-offs are derived from it (the
    ``*_cutoff`` properties) unless set explicitly. Every value is checked
    when the settings are made.
    """

    threshold: float = 0.25
    """Lowest cosine similarity (0-1) of an article to a story's centroid for it to join the story."""
    thread_threshold: float | None = None
    """Lowest cosine of a new story's first article to an existing story for the new story to join
    that story's thread; None: ``2/3 * threshold``."""
    thread_names: int = 4
    """Fewest distinct names (capitalised words) an article and a story must share for a thread
    link. A thread is the same actors in another event: one shared organisation or place is not
    enough (without this rule, stories that merely name the same ministry chain into one thread as
    a corpus grows). 0: no requirement on names."""
    merge_threshold: float | None = None
    """Similarity of an article to a story of another thread at which that thread merges into the
    article's (the older thread id is kept); None: ``0.75 * threshold``, at least the thread threshold."""
    story_merge_threshold: float | None = None
    """Similarity of an article to a second story (same language, within the time rule) at which,
    when the two stories' centroids are also ``story_merge_centroid`` similar, the second story
    merges into the one the article joined (the older story id is kept, the other becomes an
    alias); None: ``threshold``."""
    story_merge_centroid: float = 0.5
    """Lowest cosine between the centroids of two stories for them to merge (see
    ``story_merge_threshold``)."""
    max_gap_days: int = 10
    """A story whose articles are all more than this many days from the article needs ``far_threshold``."""
    far_threshold: float | None = None
    """Similarity needed to join a story that far in time; None: ``threshold + 0.8 * (1 - threshold)``."""
    reprint_threshold: float = 0.5
    """Estimated Jaccard similarity of word shingles at which an article is a reprint of an earlier
    one; a reprint joins that article's story whatever its date."""
    cross_language_threshold: float | None = None
    """Anchor cosine an article needs to join a story in another language; None: ``max(0.5, threshold)``."""
    min_shared_anchors: int = 4
    """Distinct names, numbers or dates an article in another language must share with a story
    (at least one name, and at least one number or date) to join it or its thread."""
    anchor_weight: float = 1.5
    """Weight of anchors (names, numbers, dates) relative to content words."""
    num_perm: int = 64
    """Number of MinHash permutations (signature length)."""
    shingle_words: int = 4
    """Words per shingle for the MinHash signature."""
    max_candidates: int = 12
    """Stories compared with each article (the best by shared index keys)."""
    keys_per_article: int = 24
    """Features of an article used as index keys: half the highest-weighted anchors, half content words."""
    max_postings: int = 64
    """Most recent stories kept per index key."""
    max_terms: int = 100
    """Features kept in an article's vector (the highest-weighted)."""
    max_story_terms: int = 300
    """Features kept in a story's centroid."""

    def __post_init__(self) -> None:
        def unit(name: str, value: float | None, low: float = 0.0, *, optional: bool = False) -> None:
            if value is None and optional:
                return
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not low < value <= 1:
                raise ConfigError(f"GroupSettings.{name} must be a number in ({low:g}, 1], got {value!r}")

        def count(name: str, value: int, low: int, high: int) -> None:
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ConfigError(f"GroupSettings.{name} must be an integer from {low} to {high}, got {value!r}")

        unit("threshold", self.threshold)
        unit("thread_threshold", self.thread_threshold, optional=True)
        unit("far_threshold", self.far_threshold, optional=True)
        unit("merge_threshold", self.merge_threshold, optional=True)
        unit("story_merge_threshold", self.story_merge_threshold, optional=True)
        unit("story_merge_centroid", self.story_merge_centroid)
        count("thread_names", self.thread_names, 0, 100)
        unit("reprint_threshold", self.reprint_threshold)
        unit("cross_language_threshold", self.cross_language_threshold, optional=True)
        if self.thread_threshold is not None and self.thread_threshold > self.threshold:
            raise ConfigError(
                f"GroupSettings.thread_threshold ({self.thread_threshold}) must not exceed "
                f"threshold ({self.threshold}): a thread is looser than a story")
        if self.merge_threshold is not None and self.merge_threshold < self.thread_cutoff:
            raise ConfigError(
                f"GroupSettings.merge_threshold ({self.merge_threshold}) must be at least the thread "
                f"threshold ({self.thread_cutoff:g}): merging two threads needs more evidence than joining one")
        if self.far_threshold is not None and self.far_threshold < self.threshold:
            raise ConfigError(
                f"GroupSettings.far_threshold ({self.far_threshold}) must be at least "
                f"threshold ({self.threshold}): joining a story far in time needs more evidence, not less")
        if not isinstance(self.anchor_weight, (int, float)) or not 0 < self.anchor_weight <= 10:
            raise ConfigError(f"GroupSettings.anchor_weight must be a number in (0, 10], got {self.anchor_weight!r}")
        count("max_gap_days", self.max_gap_days, 0, 100_000)
        count("min_shared_anchors", self.min_shared_anchors, 1, 100)
        count("num_perm", self.num_perm, 8, 1024)
        count("shingle_words", self.shingle_words, 1, 12)
        count("max_candidates", self.max_candidates, 1, 10_000)
        count("keys_per_article", self.keys_per_article, 1, 10_000)
        count("max_postings", self.max_postings, 1, 1_000_000)
        count("max_terms", self.max_terms, 1, 100_000)
        count("max_story_terms", self.max_story_terms, self.max_terms, 1_000_000)

    @property
    def thread_cutoff(self) -> float:
        """The thread threshold in force (given, or derived from ``threshold``)."""
        return self.thread_threshold if self.thread_threshold is not None else self.threshold * 2 / 3

    @property
    def merge_cutoff(self) -> float:
        """The thread-merge threshold in force."""
        if self.merge_threshold is not None:
            return self.merge_threshold
        return max(self.thread_cutoff, 0.75 * self.threshold)

    @property
    def story_merge_cutoff(self) -> float:
        """The story-merge threshold in force (given, or ``threshold``)."""
        return self.story_merge_threshold if self.story_merge_threshold is not None else self.threshold

    @property
    def far_cutoff(self) -> float:
        """The far-in-time threshold in force."""
        if self.far_threshold is not None:
            return self.far_threshold
        return self.threshold + 0.8 * (1 - self.threshold)

    @property
    def cross_language_cutoff(self) -> float:
        """The cross-language threshold in force."""
        if self.cross_language_threshold is not None:
            return self.cross_language_threshold
        return max(0.5, self.threshold)

    @property
    def lsh_bands(self) -> int:
        """Number of LSH bands, derived from ``reprint_threshold`` and ``num_perm``."""
        return _lsh_params(self.reprint_threshold, self.num_perm)[0]

    @property
    def lsh_rows(self) -> int:
        """Rows per LSH band."""
        return _lsh_params(self.reprint_threshold, self.num_perm)[1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GroupSettings:
        names = {f.name for f in fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ConfigError(f"GroupSettings: unknown keys {sorted(unknown)}; known: {sorted(names)}")
        return cls(**d)


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where one article was placed.

    Later articles may join the story, but nothing takes this one out of it:
    its story may only merge into an older one (the id of the merged story
    then becomes an alias, see ``StoryIndex.resolve_story``), and its thread
    may merge with another thread (see ``thread_id``).
    """

    article_id: str
    story_id: str
    """Id of the story: ``s`` + hash of the id of its first article (stable until the story merges into
    an older one; ``StoryIndex.assignment`` gives the current one)."""
    score: float
    """Similarity that placed the article: cosine to the story's centroid (``similar``,
    ``cross-language``), estimated shingle Jaccard (``reprint``), 1.0 for a new story."""
    thread_id: str
    """Id of the thread when the article was placed: related stories (the same actors at
    another time) share it (``t`` + hash of the thread's first article id). Threads can
    merge later; ``StoryIndex.assignment`` and ``StoryIndex.stories`` give the current one."""
    match: Match = "new"
    """Why: ``new`` (started the story), ``reprint``, ``similar`` or ``cross-language``."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoryAssignment:
        if d.get("match", "new") not in _MATCHES:
            raise ValueError(f"StoryAssignment: match must be one of {_MATCHES}, got {d.get('match')!r}")
        return cls(**d)


@dataclass(frozen=True, slots=True)
class Story:
    """A story as the index holds it now."""

    id: str
    thread_id: str
    article_ids: tuple[str, ...]
    """Articles in the order they were added to the index (those of merged stories included)."""
    first: dt.date | None
    """Earliest article date (publication date, else the first full date in its text)."""
    last: dt.date | None
    """Latest article date."""
    language: str
    """Language of the story's first article; other languages join on anchors only."""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["article_ids"] = list(self.article_ids)
        d["first"] = self.first.isoformat() if self.first else None
        d["last"] = self.last.isoformat() if self.last else None
        return d


# --------------------------------------------------------------------------- features

_STEM = 6
"""Content words are cut to this many letters (a crude, language-blind stemmer)."""


_LEAD_WORDS = 40
"""The title and lead (first words) say who and what: their features count twice."""

_STOP = frozenset("""
a about above after again against all almost also although always am among an and another any are
around as at away back be became because been before being below between both but by can cannot
could did do does doing done down during each either else even ever every few for from further get
gets got had has have having he her here hers herself him himself his how however i if in into is it
its itself just last later least less like made make many may me might more most much must my
myself near neither never new next no nor not now of off often on once one only or other others our
ours ourselves out over own per perhaps rather s said same say says see seen she should since so
some still such than that the their theirs them themselves then there these they this those though
through thus to too toward towards under until up upon us very via was we well were what when where
whether which while who whom whose why will with within without would yet you your yours yourself
t don didn doesn isn wasn weren won wouldn couldn shouldn ll ve re m d mr mrs ms dr
au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me
meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton
tu un une vos votre vous est sont ete etait etaient avait ont selon apres avant depuis lors plus
tres aussi comme sans sous entre dont cet
al las los del el lo por para con sin sobre una unos unas su sus es fue son ser como pero mas y o e
der die das den dem des ein eine einer eines und oder aber mit von zu im am ist sind war wurde nach
bei auf aus fur vom zum zur nicht sich auch wie dass
""".split())

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12,
}
_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7,
    "lunes": 1, "martes": 2, "miércoles": 3, "miercoles": 3, "jueves": 4, "viernes": 5,
    "sábado": 6, "sabado": 6, "domingo": 7,
    "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6, "sonntag": 7,
}
_NUMBER_WORDS_INT = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "vingt": 20, "trente": 30, "cent": 100,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "veinte": 20, "cien": 100,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "zwanzig": 20, "hundert": 100,
}

_NUMBER_WORDS = {w: str(n) for w, n in _NUMBER_WORDS_INT.items()}
_SKIP = _STOP | frozenset(_MONTHS) | frozenset(_WEEKDAYS) | frozenset(_NUMBER_WORDS)
"""Not content words: stop words, months and weekdays (read as dates), number words (read as numbers)."""

_WORD = re.compile(r"\w+")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſƀ-ɏΑ-ΩЀ-Я"
_CAPITALISED = re.compile(rf"[{_UPPER}]\w*")
_INITIAL = re.compile(rf"[.!?:;\n\"“”«»]\s*([{_UPPER}]\w*)")
_FIRST = re.compile(rf"\W*([{_UPPER}]\w*)")
_NUM = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\d+(?:[.,]\d+)*")
_LEAD = re.compile(rf"\s*(?:\S+\s+){{1,{_LEAD_WORDS}}}")
_DAY_YEAR = re.compile(r"^(\d{1,2}),((?:19|20)\d\d)$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$")
_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|º)?$")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/-])")

_ANCHOR_PREFIXES = ("=", "#", "@")
"""Names start with ``=``, numbers with ``#``, dates with ``@``; content words with a letter."""

_HASHES: dict[str, int] = {}


def _number(tok: str) -> str:
    tok = tok.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    m = _DAY_YEAR.match(tok)  # "April 10,2007"
    if m:
        return m.group(2)
    if _THOUSANDS.match(tok):
        return tok.replace(",", "").replace(".", "")
    return tok.replace(",", ".")


@dataclass(slots=True)
class _Features:
    terms: Counter[str]
    words: list[str]
    day: int
    """Proleptic ordinal of the article's date, -1 when unknown."""


def _dates(words: list[str]) -> list[tuple[int | None, int, int | None]]:
    """(year, month, day) of the dates written with a month name: "4 August 2025", "Aug. 4", "4 de agosto"."""
    months, out = _MONTHS, []
    n = len(words)
    for i in [i for i, w in enumerate(words) if w in months]:
        day: int | None = None
        year: int | None = None
        j = i - 1
        if j > 0 and words[j] == "de":
            j -= 1
        if j >= 0:
            m = _DAY.match(words[j])
            if m:
                day = int(m.group(1))
        k = i + 1
        if k < n and words[k] == "de":
            k += 1
        if day is None and k < n:
            m = _DAY.match(words[k])
            if m:
                day = int(m.group(1))
                k += 1
        if k < n and words[k] == "de":
            k += 1
        if k < n and len(words[k]) == 4 and words[k][:2] in ("19", "20") and words[k].isdigit():
            year = int(words[k])
        if (day is None and year is None) or (day is not None and not 1 <= day <= 31):
            continue  # a bare month name ("may") or not a day
        out.append((year, months[words[i]], day))
    return out


def _count(text: str, terms: Counter[str]) -> list[str]:
    """Add the content words and anchors of ``text`` to ``terms``; return its lower-cased words."""
    low = text.lower()
    words = _WORD.findall(low)
    skip, numbers, stem = _SKIP, _NUMBER_WORDS, _STEM
    # content words (names too, lower-cased: "Surgeon General" ~ "surgeon general")
    terms.update([w[:stem] for w in words if len(w) > 2 and w not in skip and not w[0].isdigit()])
    # number words and numbers in digits
    terms.update(["#" + numbers[w] for w in words if w in numbers])
    terms.update(["#" + _number(n) for n in _NUM.findall(text)])
    # names: capitalised words; one opening a sentence only if it is also capitalised mid-sentence
    caps = Counter([w.lower() for w in _CAPITALISED.findall(text) if w[0].isupper()])
    if caps:
        initial = Counter([w.lower() for w in _INITIAL.findall(text) if w[0].isupper()])
        first = _FIRST.match(text)
        if first:
            initial[first.group(1).lower()] += 1
        # counts are at least 1, so with no sentence-initial words every name is kept
        terms.update({"=" + (n if n.isascii() else fold(n)): c for n, c in caps.items()
                      if n not in skip and c > initial.get(n, 0)})
    return words


def _features(article: Article) -> _Features:
    """Content words, anchors, shingle words and the date of one article."""
    text = article.body
    if article.title and not text.startswith(article.title):
        text = article.title + "\n" + text
    terms: Counter[str] = Counter()
    words = _count(text, terms)
    # the title and lead say who and what: count them again
    lead = _LEAD.match(text)
    if lead:
        _count(lead.group(), terms)
    day = -1
    if article.published is not None:
        day = article.published.toordinal()
    for year, month, d in _dates(words):
        if d is not None:
            terms[f"@{month:02d}-{d:02d}"] += 1
        if year is not None:
            terms[f"@{year}-{month:02d}"] += 1
            if d is not None and day < 0:
                with contextlib.suppress(ValueError):
                    day = dt.date(year, month, d).toordinal()
    for m in _ISO_DATE.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            terms[f"@{mo:02d}-{d:02d}"] += 1
            terms[f"@{y}-{mo:02d}"] += 1
            if day < 0:
                with contextlib.suppress(ValueError):
                    day = dt.date(y, mo, d).toordinal()
    if day < 0 and article.url:
        um = _URL_DATE.search(article.url)
        if um:
            with contextlib.suppress(ValueError):
                day = dt.date(int(um.group(1)), int(um.group(2)), int(um.group(3) or 15)).toordinal()
    return _Features(terms, words, day)


def _word_hashes(words: list[str]) -> np.ndarray:
    cache = _HASHES
    if len(cache) > 2_000_000:
        cache.clear()
    out = []
    for w in words:
        h = cache.get(w)
        if h is None:
            h = cache[w] = zlib.crc32(w.encode("utf-8"))
        out.append(h)
    return np.array(out, dtype=np.uint64)


_MIX = np.uint64(0x9E3779B97F4A7C15)


@functools.lru_cache(maxsize=16)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1)
    a = rng.randint(1, 2**62, size=num_perm, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.randint(0, 2**62, size=num_perm, dtype=np.int64).astype(np.uint64)
    return a, b


def _minhash(words: list[str], k: int, num_perm: int) -> np.ndarray:
    """MinHash signature (uint32) of the word k-shingles, multiply-shift hashing."""
    h = _word_hashes(words)
    n = len(h) - k + 1
    if n <= 0:
        if len(h) == 0:
            return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
        n, k = 1, len(h)
    with np.errstate(over="ignore"):
        sh = h[:n].copy()
        for j in range(1, k):
            sh = sh * _MIX + h[j : j + n]
        sh ^= sh >> np.uint64(31)
        a, b = _permutations(num_perm)
        hv = (sh[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
    sig: np.ndarray = hv.min(axis=0).astype(np.uint32)
    return sig


def _integral(y: np.ndarray, x: np.ndarray) -> float:
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2)


@functools.lru_cache(maxsize=64)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising false positives + false negatives around ``threshold`` (as datasketch)."""
    best, best_err = (1, num_perm), math.inf
    below = np.linspace(0.0, threshold, 201)
    above = np.linspace(threshold, 1.0, 201)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = _integral(1 - (1 - below**r) ** b, below)
            fn = _integral((1 - above**r) ** b, above)
            err = 0.5 * fp + 0.5 * fn
            if err < best_err:
                best, best_err = (b, r), err
    return best


_BAND_MULT = np.random.RandomState(2).randint(1, 2**62, size=1024, dtype=np.int64).astype(np.uint64) | np.uint64(1)


def _band_keys(sig: np.ndarray, bands: int, rows: int) -> list[int]:
    m = sig[: bands * rows].astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        keys = (m * _BAND_MULT[:rows]).sum(axis=1, dtype=np.uint64)
        keys = keys * _MIX + np.arange(bands, dtype=np.uint64)
    return keys.tolist()  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- index


def _merge(ids1: np.ndarray, w1: np.ndarray, ids2: np.ndarray, w2: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum two sparse vectors; keep the ``cap`` largest entries (ids sorted)."""
    uniq, inv = np.unique(np.concatenate([ids1, ids2]), return_inverse=True)
    summed = np.zeros(len(uniq), dtype=np.float32)
    np.add.at(summed, inv, np.concatenate([w1, w2]))
    if len(uniq) > cap:
        keep = np.sort(np.argpartition(-summed, cap)[:cap])
        uniq, summed = uniq[keep], summed[keep]
    return uniq.astype(np.int32), summed


_K = TypeVar("_K", int, str)


def _root(parent: dict[_K, _K], x: _K) -> _K:
    """The root of ``x`` in a union-find forest given as child -> parent (compresses the path)."""
    root = x
    while root in parent:
        root = parent[root]
    while x != root:
        parent[x], x = root, parent[x]
    return root


def _b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def _unb64(s: str, dtype: Any) -> np.ndarray:
    return np.frombuffer(base64.b64decode(s), dtype=dtype).copy()


class _Grow:
    """A growable 1-d or 2-d numpy array (amortised doubling)."""

    __slots__ = ("data", "n")

    def __init__(self, dtype: Any, width: int = 0, capacity: int = 1024) -> None:
        shape = (capacity, width) if width else (capacity,)
        self.data = np.zeros(shape, dtype=dtype)
        self.n = 0

    def append(self, value: Any) -> int:
        if self.n == len(self.data):
            self.reserve(self.n + 1)
        self.data[self.n] = value
        self.n += 1
        return self.n - 1

    def reserve(self, size: int) -> None:
        if size > len(self.data):
            new = np.zeros((max(size, 2 * len(self.data)),) + self.data.shape[1:], dtype=self.data.dtype)
            new[: self.n] = self.data[: self.n]
            self.data = new

    def view(self) -> np.ndarray:
        return self.data[: self.n]

    @classmethod
    def of(cls, values: np.ndarray) -> _Grow:
        g = cls(values.dtype, values.shape[1] if values.ndim == 2 else 0, max(1024, len(values)))
        g.data[: len(values)] = values
        g.n = len(values)
        return g


class StoryIndex:
    """Incremental, in-memory story index.

    ``add(article)`` places one article and returns its ``StoryAssignment``;
    adding the same article id again returns the assignment it already has.
    The state is a JSON-able dict (``to_state``/``from_state``; bytes with
    ``to_bytes``/``from_bytes``), so a store can keep it between runs; the
    index is also picklable. Memory is about 6 KB per article (100k
    articles: 0.7 GiB peak, with the Python process itself).
    """

    def __init__(self, settings: GroupSettings = GroupSettings()) -> None:
        self.settings = settings
        self._bands, self._rows = settings.lsh_bands, settings.lsh_rows
        # vocabulary and document frequencies
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._df = _Grow(np.int32)
        self._anchor = _Grow(np.bool_)
        self._name = _Grow(np.bool_)
        self._n_docs = 0
        # articles
        self._article_index: dict[str, int] = {}
        self._article_ids: list[str] = []
        self._article_story = _Grow(np.int32)
        self._article_score = _Grow(np.float32)
        self._article_match = _Grow(np.int8)
        self._signatures = _Grow(np.uint32, settings.num_perm)
        # stories
        self._story_ids: list[str] = []
        self._story_thread: list[str] = []
        """Thread of each story when it was made; ``_thread(s)`` follows later merges."""
        self._thread_parent: dict[str, str] = {}
        self._story_parent: dict[int, int] = {}
        """Stories merged into another (``_story(s)`` follows the chain); their ids are aliases."""
        self._thread_first: dict[str, int] = {}
        self._story_language: list[str] = []
        self._story_first = _Grow(np.int32)
        self._story_last = _Grow(np.int32)
        self._story_norm = _Grow(np.float32)
        self._story_anchor_norm = _Grow(np.float32)
        self._centroid_ids: list[np.ndarray] = []
        self._centroid_w: list[np.ndarray] = []
        # candidate search
        self._postings: dict[int, array[int]] = {}
        self._lsh: dict[int, int] = {}
        # scratch vectors (dense, indexed by term id; zero between calls)
        self._scratch = np.zeros(1024, dtype=np.float32)
        self._scratch_anchor = np.zeros(1024, dtype=np.float32)

    # ---------------------------------------------------------------- public

    def __len__(self) -> int:
        """Number of articles in the index."""
        return len(self._article_ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._article_index

    @property
    def story_count(self) -> int:
        return len(self._story_ids)

    def assignment(self, article_id: str) -> StoryAssignment:
        """The assignment of an article already added (KeyError if it was not)."""
        k = self._article_index[article_id]
        s = self._story(int(self._article_story.data[k]))
        return StoryAssignment(
            article_id=article_id,
            story_id=self._story_ids[s],
            score=round(float(self._article_score.data[k]), 4),
            thread_id=self._thread(s),
            match=_MATCHES[int(self._article_match.data[k])],
        )

    def stories(self) -> list[Story]:
        """Every story, in the order they were started (stories merged into another are left out)."""
        members: list[list[str]] = [[] for _ in self._story_ids]
        parent = self._story_parent
        for aid, s in zip(self._article_ids, self._article_story.view().tolist()):
            members[self._story(s) if s in parent else s].append(aid)
        out = []
        for s, sid in enumerate(self._story_ids):
            if s in parent:
                continue
            first, last = int(self._story_first.data[s]), int(self._story_last.data[s])
            out.append(Story(
                id=sid,
                thread_id=self._thread(s),
                article_ids=tuple(members[s]),
                first=dt.date.fromordinal(first) if first > 0 else None,
                last=dt.date.fromordinal(last) if last > 0 else None,
                language=self._story_language[s],
            ))
        return out

    def story_aliases(self) -> dict[str, str]:
        """Ids of the stories merged into another, each with the id of the story it is now part of."""
        return {self._story_ids[s]: self._story_ids[self._story(s)] for s in self._story_parent}

    def resolve_story(self, story_id: str) -> str:
        """The current id of a story id: itself, or the story it merged into (KeyError if unknown)."""
        aliases = self.story_aliases()
        if story_id in aliases:
            return aliases[story_id]
        if story_id not in self._story_ids:
            raise KeyError(story_id)
        return story_id

    def observe(self, article: Article) -> None:
        """Count an article's features in the document frequencies without placing it.

        Use it to warm a new index with background news (IDF is then sound from the first article).
        """
        self._vector(_features(article).terms)

    def add(self, article: Article) -> StoryAssignment:
        """Place one article: join the best story, or start a story (linked to a thread when related)."""
        if article.id in self._article_index:
            return self.assignment(article.id)
        st = self.settings
        feats = _features(article)
        ids, weights, anchor_mask = self._vector(feats.terms)
        sig = _minhash(feats.words, st.shingle_words, st.num_perm)
        band_keys = _band_keys(sig, self._bands, self._rows)
        language = article.language or "und"

        # 1. reprint of an earlier article (LSH, verified on the signatures)
        story, score, match = -1, 0.0, 0
        best_j, best_other = 0.0, -1
        sigs = self._signatures.data
        for key in band_keys:
            other = self._lsh.get(key)
            if other is not None:
                j = float(np.count_nonzero(sigs[other] == sig)) / st.num_perm
                if j > best_j:
                    best_j, best_other = j, other
        if best_j >= st.reprint_threshold:
            story, score, match = self._story(int(self._article_story.data[best_other])), best_j, 1

        # 2. similar story among the candidates
        sims: list[tuple[int, float]] = []
        if story < 0:
            candidates = self._candidates(ids, weights, anchor_mask)
            if candidates:
                story, score, match, sims = self._decide(candidates, ids, weights, anchor_mask, feats.day, language)

        # 3. place the article. A new story joins the thread of the most similar story, if similar
        # enough (thread_cutoff); an article joining a story merges into its thread the threads of
        # other stories it is close to (merge_cutoff), and merges with its story the stories it is as
        # close to as a member (story_merge_cutoff) whose centroids are close (story_merge_centroid).
        k = len(self._article_ids)
        if story < 0:
            related = self._related(sims, st.thread_cutoff, ids)
            near = max(related, key=lambda x: x[1], default=(-1, 0.0))
            story = self._new_story(article.id, language, near[0])
            score = 1.0
        elif sims:
            self._link(story, self._related(sims, st.merge_cutoff, ids), st.merge_cutoff)
        self._article_index[article.id] = k
        self._article_ids.append(article.id)
        self._article_story.append(story)
        self._article_score.append(score)
        self._article_match.append(match)
        self._signatures.append(sig)
        for key in band_keys:
            self._lsh.setdefault(key, k)
        self._join(story, ids, weights, anchor_mask, feats.day)
        if match == 2 and len(sims) > 1:
            self._merge_stories(story, sims, feats.day, language)
        return self.assignment(article.id)

    # ---------------------------------------------------------------- internals

    def _vector(self, terms: Counter[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids, unit TF-IDF weights (highest first, at most max_terms) and the anchor mask."""
        vocab, st = self._vocab, self.settings
        n = len(terms)
        ids = np.empty(n, dtype=np.int64)
        tf = np.empty(n, dtype=np.float32)
        for i, (t, c) in enumerate(terms.items()):
            j = vocab.get(t)
            if j is None:
                j = vocab[t] = len(self._terms)
                self._terms.append(t)
                self._df.append(0)
                self._anchor.append(t[0] in _ANCHOR_PREFIXES)
                self._name.append(t[0] == "=")
            ids[i] = j
            tf[i] = c
        self._n_docs += 1
        df = self._df.data
        df[ids] += 1
        idf = np.log((1.0 + self._n_docs) / (1.0 + df[ids])) + 1.0
        anchor = self._anchor.data[ids]
        w = (1.0 + np.log(tf)) * idf * np.where(anchor, st.anchor_weight, 1.0)
        w = w.astype(np.float32)
        if n > st.max_terms:
            top = np.argpartition(-w, st.max_terms)[: st.max_terms]
            ids, w, anchor = ids[top], w[top], anchor[top]
        order = np.argsort(-w, kind="stable")
        ids, w, anchor = ids[order], w[order], anchor[order]
        norm = float(np.sqrt(np.dot(w, w)))
        if norm > 0:
            w = w / norm
        return ids, w, anchor

    def _keys(self, ids: np.ndarray, anchor: np.ndarray) -> np.ndarray:
        """Positions of the index keys in the article vector: the top anchors and the top content words."""
        half = self.settings.keys_per_article // 2 or 1
        return np.concatenate([np.flatnonzero(anchor)[:half], np.flatnonzero(~anchor)[:half]])

    def _candidates(self, ids: np.ndarray, w: np.ndarray, anchor: np.ndarray) -> list[int]:
        st = self.settings
        pos = self._keys(ids, anchor)
        keys, kw = ids[pos].tolist(), w[pos].tolist()
        hits: dict[int, float] = {}
        postings, parent = self._postings, self._story_parent
        for key, weight in zip(keys, kw):
            plist = postings.get(key)
            if plist is None:
                continue
            for s in plist:
                if s in parent:  # a story merged into another: its postings count for that one
                    s = self._story(s)
                hits[s] = hits.get(s, 0.0) + weight
        if len(hits) <= st.max_candidates:
            return list(hits)
        return sorted(hits, key=hits.__getitem__, reverse=True)[: st.max_candidates]

    def _decide(
        self, candidates: list[int], ids: np.ndarray, w: np.ndarray, anchor: np.ndarray, day: int, language: str,
    ) -> tuple[int, float, int, list[tuple[int, float]]]:
        """The story to join (-1: none) with its similarity and match kind, and every candidate's similarity."""
        st = self.settings
        self._grow_scratch()
        scratch, scratch_anchor = self._scratch, self._scratch_anchor
        scratch[ids] = w
        aw = np.where(anchor, w, 0.0).astype(np.float32)
        an = float(np.sqrt(np.dot(aw, aw)))
        if an > 0:
            scratch_anchor[ids] = aw / an
        is_anchor = self._anchor.data  # by term id
        best = (-1, 0.0, 0)
        sims: list[tuple[int, float]] = []
        try:
            for s in candidates:
                cids, cw = self._centroid_ids[s], self._centroid_w[s]
                if self._story_language[s] == language:
                    norm = float(self._story_norm.data[s])
                    sim = float(np.dot(scratch[cids], cw)) / norm if norm > 0 else 0.0
                    cutoff, kind = st.threshold, 2
                else:
                    norm = float(self._story_anchor_norm.data[s])
                    if an == 0 or norm == 0:
                        continue
                    shared = scratch_anchor[cids] > 0
                    shared_terms = [self._terms[t] for t in cids[shared].tolist()]
                    if (len(shared_terms) < st.min_shared_anchors or not any(t[0] == "=" for t in shared_terms)
                            or not any(t[0] in "#@" for t in shared_terms)):
                        continue
                    sim = float(np.dot(scratch_anchor[cids], np.where(is_anchor[cids], cw, 0.0))) / norm
                    cutoff, kind = st.cross_language_cutoff, 3
                first, last = int(self._story_first.data[s]), int(self._story_last.data[s])
                if day > 0 and first > 0:
                    gap = max(first - day, day - last, 0)
                    if gap > st.max_gap_days:
                        cutoff = max(cutoff, st.far_cutoff)
                if sim >= cutoff and sim > best[1]:
                    best = (s, sim, kind)
                sims.append((s, sim))
        finally:
            scratch[ids] = 0.0
            scratch_anchor[ids] = 0.0
        return best[0], best[1], best[2], sims

    def _grow_scratch(self) -> None:
        size = len(self._terms)
        if len(self._scratch) < size:
            self._scratch = np.zeros(max(size, 2 * len(self._scratch)), dtype=np.float32)
            self._scratch_anchor = np.zeros(len(self._scratch), dtype=np.float32)

    def _related(self, sims: list[tuple[int, float]], cutoff: float, ids: np.ndarray) -> list[tuple[int, float]]:
        """The candidates at least ``cutoff`` similar that share ``thread_names`` names with the article."""
        out = [(s, sim) for s, sim in sims if sim >= cutoff]
        need = self.settings.thread_names
        if not need or not out:
            return out
        names = ids[self._name.data[ids]]
        if len(names) < need:
            return []
        return [(s, sim) for s, sim in out if np.count_nonzero(np.isin(self._centroid_ids[s], names)) >= need]

    def _thread(self, s: int) -> str:
        """The current thread of story ``s`` (threads merge when an article bridges them)."""
        return _root(self._thread_parent, self._story_thread[s])

    def _story(self, s: int) -> int:
        """The story that story ``s`` is now part of (stories merge when an article bridges them)."""
        return _root(self._story_parent, s)

    def _merge_stories(self, s: int, sims: list[tuple[int, float]], day: int, language: str) -> None:
        """Merge into story ``s`` (just joined) the candidate stories the article is close to as a member.

        A candidate merges when it is in the same language, the article's similarity to it reaches
        ``story_merge_cutoff`` (``far_cutoff`` if it is far in time), and the cosine of the two
        centroids reaches ``story_merge_centroid``. The older story keeps its id.
        """
        st = self.settings
        for other, sim in sims:
            if sim < st.story_merge_cutoff or self._story_language[other] != language:
                continue
            other = self._story(other)
            if other == s:
                continue
            first, last = int(self._story_first.data[other]), int(self._story_last.data[other])
            if day > 0 and first > 0 and max(first - day, day - last, 0) > st.max_gap_days and sim < st.far_cutoff:
                continue
            if self._centroid_cosine(s, other) < st.story_merge_centroid:
                continue
            keep, gone = min(s, other), max(s, other)
            self._link(keep, [(gone, 1.0)], 0.0)
            cids, cw = _merge(self._centroid_ids[keep], self._centroid_w[keep],
                              self._centroid_ids[gone], self._centroid_w[gone], st.max_story_terms)
            self._centroid_ids[keep], self._centroid_w[keep] = cids, cw
            self._story_norm.data[keep] = float(np.sqrt(np.dot(cw, cw)))
            aw = cw[self._anchor.data[cids]]
            self._story_anchor_norm.data[keep] = float(np.sqrt(np.dot(aw, aw)))
            gf, gl = int(self._story_first.data[gone]), int(self._story_last.data[gone])
            if gf > 0:
                kf = int(self._story_first.data[keep])
                self._story_first.data[keep] = gf if kf <= 0 else min(kf, gf)
                self._story_last.data[keep] = max(int(self._story_last.data[keep]), gl)
            self._centroid_ids[gone] = np.empty(0, dtype=np.int32)
            self._centroid_w[gone] = np.empty(0, dtype=np.float32)
            self._story_norm.data[gone] = 0.0
            self._story_anchor_norm.data[gone] = 0.0
            self._story_parent[gone] = keep
            s = keep

    def _centroid_cosine(self, a: int, b: int) -> float:
        """Cosine of the centroids of stories ``a`` and ``b`` (ids sorted in both)."""
        na, nb = float(self._story_norm.data[a]), float(self._story_norm.data[b])
        if na == 0 or nb == 0:
            return 0.0
        _, ia, ib = np.intersect1d(self._centroid_ids[a], self._centroid_ids[b], assume_unique=True, return_indices=True)
        return float(np.dot(self._centroid_w[a][ia], self._centroid_w[b][ib])) / (na * nb)

    def _link(self, s: int, sims: list[tuple[int, float]], cutoff: float) -> None:
        """Merge into the thread of story ``s`` the threads of the stories at least ``cutoff`` similar."""
        mine = self._thread(s)
        for other, sim in sims:
            if sim < cutoff:
                continue
            theirs = self._thread(other)
            if theirs != mine:
                # the older thread keeps its id
                if self._thread_first[theirs] < self._thread_first[mine]:
                    mine, theirs = theirs, mine
                self._thread_parent[theirs] = mine

    def _new_story(self, first_article: str, language: str, thread_of: int) -> int:
        s = len(self._story_ids)
        self._story_ids.append("s" + content_hash(first_article, length=11))
        if thread_of >= 0:
            self._story_thread.append(self._thread(thread_of))
        else:
            thread = "t" + content_hash(first_article, length=11)
            self._story_thread.append(thread)
            self._thread_first[thread] = s
        self._story_language.append(language)
        self._story_first.append(0)
        self._story_last.append(0)
        self._story_norm.append(0.0)
        self._story_anchor_norm.append(0.0)
        self._centroid_ids.append(np.empty(0, dtype=np.int32))
        self._centroid_w.append(np.empty(0, dtype=np.float32))
        return s

    def _join(self, s: int, ids: np.ndarray, w: np.ndarray, anchor: np.ndarray, day: int) -> None:
        st = self.settings
        # the story's centroid: the sum of its articles' unit vectors
        ids32, w32 = ids.astype(np.int32), w.astype(np.float32)
        cids, cw = _merge(self._centroid_ids[s], self._centroid_w[s], ids32, w32, st.max_story_terms)
        self._centroid_ids[s], self._centroid_w[s] = cids, cw
        self._story_norm.data[s] = float(np.sqrt(np.dot(cw, cw)))
        aw = cw[self._anchor.data[cids]]
        self._story_anchor_norm.data[s] = float(np.sqrt(np.dot(aw, aw)))
        if day > 0:
            first, last = int(self._story_first.data[s]), int(self._story_last.data[s])
            self._story_first.data[s] = day if first <= 0 else min(first, day)
            self._story_last.data[s] = max(last, day)
        # index keys: the top features, plus the top anchors
        keys = ids[self._keys(ids, anchor)].tolist()
        postings, cap = self._postings, st.max_postings
        for key in keys:
            plist = postings.get(key)
            if plist is None:
                postings[key] = array("i", (s,))
            elif plist[-1] != s and s not in plist:
                plist.append(s)
                if len(plist) > cap:
                    del plist[0]

    # ---------------------------------------------------------------- state

    def to_state(self) -> dict[str, Any]:
        """A JSON-able snapshot; ``from_state`` rebuilds an index that places new articles identically."""
        post_keys = list(self._postings)
        post_lens = np.array([len(self._postings[k]) for k in post_keys], dtype=np.int32)
        post_vals = np.array([s for k in post_keys for s in self._postings[k]], dtype=np.int32)
        lsh_keys = np.array(list(self._lsh), dtype=np.uint64)
        lsh_vals = np.array(list(self._lsh.values()), dtype=np.int32)
        c_lens = np.array([len(c) for c in self._centroid_ids], dtype=np.int32)
        empty_i, empty_f = np.empty(0, np.int32), np.empty(0, np.float32)
        return {
            "format": NAME,
            "settings": self.settings.to_dict(),
            "n_docs": self._n_docs,
            "terms": list(self._terms),
            "df": _b64(self._df.view()),
            "articles": {
                "ids": list(self._article_ids),
                "story": _b64(self._article_story.view()),
                "score": _b64(self._article_score.view()),
                "match": _b64(self._article_match.view()),
                "signatures": _b64(self._signatures.view()),
            },
            "stories": {
                "ids": list(self._story_ids),
                "thread": list(self._story_thread),
                "merged_into": {self._story_ids[g]: self._story_ids[k] for g, k in self._story_parent.items()},
                "language": list(self._story_language),
                "first": _b64(self._story_first.view()),
                "last": _b64(self._story_last.view()),
                "norm": _b64(self._story_norm.view()),
                "anchor_norm": _b64(self._story_anchor_norm.view()),
                "centroid_lengths": _b64(c_lens),
                "centroid_ids": _b64(np.concatenate(self._centroid_ids) if self._centroid_ids else empty_i),
                "centroid_weights": _b64(np.concatenate(self._centroid_w) if self._centroid_w else empty_f),
            },
            "threads": {
                "first_story": dict(self._thread_first),
                "merged_into": dict(self._thread_parent),
            },
            "postings": {
                "keys": _b64(np.array(post_keys, dtype=np.int32)),
                "lengths": _b64(post_lens),
                "stories": _b64(post_vals),
            },
            "lsh": {"keys": _b64(lsh_keys), "articles": _b64(lsh_vals)},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StoryIndex:
        """Rebuild an index from ``to_state()`` output (raises ``ConfigError`` if it is not one)."""
        if not isinstance(state, dict) or state.get("format") != NAME:
            found = state.get("format") if isinstance(state, dict) else type(state).__name__
            raise ConfigError(f"not a story index state of {NAME} (found {found!r}); regroup the articles")
        try:
            settings = dict(state["settings"])
            settings.setdefault("thread_names", 0)  # states written before the rule on names linked without it
            idx = cls(GroupSettings.from_dict(settings))
            idx._n_docs = int(state["n_docs"])
            idx._terms = list(state["terms"])
            idx._vocab = {t: i for i, t in enumerate(idx._terms)}
            idx._df = _Grow.of(_unb64(state["df"], np.int32))
            idx._anchor = _Grow.of(np.array([t[0] in _ANCHOR_PREFIXES for t in idx._terms], dtype=np.bool_))
            idx._name = _Grow.of(np.array([t[:1] == "=" for t in idx._terms], dtype=np.bool_))
            a = state["articles"]
            idx._article_ids = list(a["ids"])
            idx._article_index = {aid: i for i, aid in enumerate(idx._article_ids)}
            idx._article_story = _Grow.of(_unb64(a["story"], np.int32))
            idx._article_score = _Grow.of(_unb64(a["score"], np.float32))
            idx._article_match = _Grow.of(_unb64(a["match"], np.int8))
            p = idx.settings.num_perm
            idx._signatures = _Grow.of(_unb64(a["signatures"], np.uint32).reshape(-1, p))
            s = state["stories"]
            idx._story_ids = list(s["ids"])
            idx._story_thread = list(s["thread"])
            number = {sid: i for i, sid in enumerate(idx._story_ids)}
            # states written before stories could merge have no "merged_into"
            idx._story_parent = {number[g]: number[k] for g, k in s.get("merged_into", {}).items()}
            idx._story_language = list(s["language"])
            idx._story_first = _Grow.of(_unb64(s["first"], np.int32))
            idx._story_last = _Grow.of(_unb64(s["last"], np.int32))
            idx._story_norm = _Grow.of(_unb64(s["norm"], np.float32))
            idx._story_anchor_norm = _Grow.of(_unb64(s["anchor_norm"], np.float32))
            bounds = np.cumsum(_unb64(s["centroid_lengths"], np.int32))[:-1]
            idx._centroid_ids = np.split(_unb64(s["centroid_ids"], np.int32), bounds) if len(idx._story_ids) else []
            idx._centroid_w = np.split(_unb64(s["centroid_weights"], np.float32), bounds) if len(idx._story_ids) else []
            th = state["threads"]
            idx._thread_first = {str(k): int(v) for k, v in th["first_story"].items()}
            idx._thread_parent = {str(k): str(v) for k, v in th["merged_into"].items()}
            pk = _unb64(state["postings"]["keys"], np.int32).tolist()
            pl = _unb64(state["postings"]["lengths"], np.int32)
            pv = np.split(_unb64(state["postings"]["stories"], np.int32), np.cumsum(pl)[:-1]) if len(pk) else []
            idx._postings = {k: array("i", v.tolist()) for k, v in zip(pk, pv)}
            lk = _unb64(state["lsh"]["keys"], np.uint64).tolist()
            lv = _unb64(state["lsh"]["articles"], np.int32).tolist()
            idx._lsh = dict(zip(lk, lv))
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"the story index state is damaged ({e!r}); regroup the articles") from e
        if len(idx._article_ids) != idx._article_story.n or len(idx._story_ids) != len(idx._centroid_ids):
            raise ConfigError("the story index state is inconsistent (article or story counts differ); regroup the articles")
        return idx

    def to_bytes(self) -> bytes:
        """The state as compressed canonical JSON."""
        import json

        return zlib.compress(json.dumps(self.to_state(), separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryIndex:
        import json

        try:
            state = json.loads(zlib.decompress(data))
        except (zlib.error, ValueError) as e:
            raise ConfigError(f"the story index state is not compressed JSON ({e}); regroup the articles") from e
        return cls.from_state(state)

    def __getstate__(self) -> dict[str, Any]:
        return self.to_state()

    def __setstate__(self, state: dict[str, Any]) -> None:
        other = StoryIndex.from_state(state)
        for name in other.__dict__:
            setattr(self, name, getattr(other, name))


def group_stories(
    articles: Iterable[Article],
    settings: GroupSettings = GroupSettings(),
    index: StoryIndex | None = None,
) -> Iterator[StoryAssignment]:
    """Place each article in a story, in the order given; yield one ``StoryAssignment`` per article.

    With ``index``, articles are added to it (it keeps its own settings;
    passing other non-default ``settings`` is an error). Without, a new index
    is made; batch and one-by-one ``StoryIndex.add`` give the same result.
    """
    if index is None:
        index = StoryIndex(settings)
    elif settings != index.settings and settings != GroupSettings():
        raise ConfigError("group_stories: the index was built with other settings than those given; "
                          "pass settings=index.settings or omit them")
    for article in articles:
        yield index.add(article)
