"""Stage: provenance — which articles of a story copy or rewrite which.

For every pair of articles in one story the stage says whether one is a
*verbatim* copy of the other, an *edited* reprint (light edits), a
*paraphrased* rewrite (reworded, same frame), or an *independent* report; which
is the source; and whether the copy credits the source. Articles that derive
from one source then form one independent source (``independent_sources``), so
ten reprints of one wire story count once when claims are corroborated.

Method, and why it is this cheap
--------------------------------
Stories are small (a handful to a few dozen articles), so every pair is
compared exactly; no index is needed. A MinHash/LSH candidate search (as in
the grouping stage) would not help here: it finds near-duplicates, and the
pairs that matter most — paraphrased rewrites — share almost no 5-word
shingles, so LSH would drop them. Everything below is string work on the
article bodies (no language model). What depends on one article only
(tokens, shingles, sentences, content stems and their story IDF weights,
names, credits) is computed once per article, and each distinct pair of
sentences is scored once, so a pair of articles costs well under a
millisecond:

1. **Verbatim.** The longest unbroken run of identical words (token lists,
   case and punctuation folded). The copy is verbatim when that run covers
   at least ``verbatim_min_share`` of both texts: only a header or footer
   may differ. A single changed word in the middle splits the run and makes
   the copy an edited reprint instead.
2. **Edited reprint.** Sentence alignment with rapidfuzz ``fuzz.ratio``: the
   share of a text's words that sit in sentences with a near-identical
   partner (ratio ≥ ``near_identical_ratio``) in the other. A reprint with a
   few words changed, a sentence dropped or a paragraph moved keeps most of
   its sentences near-identical; a rewrite keeps almost none.
3. **Paraphrased rewrite.** A rewrite changes the words but keeps the
   *frame*: the same facts, names and numbers in the same order. Measured on
   the narrative text (direct quotes are removed first, because independent
   reporters legitimately share a speaker's words) as an IDF-weighted longest
   common subsequence of content-word stems:

   - ``frame`` — the share of the copy's content (IDF-weighted) that appears
     in the other text *in the same order*;
   - ``order`` — the same LCS divided by the content the two texts share in
     any order: how much of what they share keeps its sequence;
   - ``new names`` — proper names per 100 words that the other text never
     mentions. An independent report has its own witnesses, officials and
     places; a rewrite reuses its source's names (its inventions are usually
     anonymous: "a government spokesperson").

   ``score = frame + order_weight * order - new_name_penalty * new_names``;
   a pair is a paraphrase when the score reaches ``frame_threshold``, or
   when a large share of the narrative is copied word for word
   (``partial_copy_min_containment``, an excerpt woven into new text).
4. **Independent** otherwise: the texts share facts but not structure.

Direction, in order of strength of evidence:

- ``dates`` — the earlier publication date is the source;
- ``credit`` — the text that credits the other's outlet or agency (credits,
  byline, dateline, "first published by …", "(TCP)") is the copy;
- ``containment`` — same or unknown dates and no credit: the copy is the
  text that lost content. For a verbatim pair, the text that wraps the other
  in a header or footer is the copy; for an edited reprint, the text more of
  which is found in the other (word 5-gram containment and sentence
  coverage); for a paraphrase, the text more of whose names and numbers are
  found in the other (a rewrite drops facts, it rarely adds checkable ones);
- ``unknown`` — nothing decides; the first article given is reported as the
  source.

``ReuseLink.overlap`` is always the plain word 5-gram containment of the copy
in the source (shingle size ``shingle_words``), the figure a person can
recompute.
"""

from __future__ import annotations

import logging
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import compress
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from ..errors import ConfigError
from ..records import Article, Direction, Relation, ReuseLink

__all__ = [
    "NAME",
    "Relation",
    "Direction",
    "ReuseSettings",
    "ReuseLink",
    "detect_reuse",
    "independent_sources",
]

NAME = "triangulate.reuse.v1"
log = logging.getLogger(__name__)



# --------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class ReuseSettings:
    """Thresholds of the provenance stage.

    The defaults were chosen on the dev half of ``benchmarks/data/provenance``
    and the three stories in ``examples/``; ``python benchmarks/provenance.py``
    shows how the paraphrase/independent cut moves with ``frame_threshold``.
    """

    shingle_words: int = 5
    """Words per shingle for containment (``ReuseLink.overlap``)."""
    verbatim_min_share: float = 0.9
    """Verbatim: the unbroken identical run covers at least this share of both texts."""
    near_identical_ratio: float = 90.0
    """rapidfuzz ``fuzz.ratio`` (0–100) at which two sentences count as the same sentence, lightly edited."""
    edited_min_share: float = 0.5
    """Edited reprint: at least this share of a text's words lie in near-identical sentences."""
    partial_copy_min_containment: float = 0.25
    """Narrative 5-gram containment that makes a pair derived even when the frame score is low."""
    frame_threshold: float = 0.33
    """Paraphrase when ``frame + order_weight*order - new_name_penalty*new_names`` reaches this."""
    order_weight: float = 0.4
    """Weight of ``order`` (LCS / shared content) in the frame score."""
    new_name_penalty: float = 0.04
    """Score subtracted per new proper name per 100 words of the copy."""
    direction_margin: float = 0.02
    """Smallest containment asymmetry that decides a direction."""

    def __post_init__(self) -> None:
        if not 1 <= self.shingle_words <= 20:
            raise ConfigError(f"reuse.shingle_words must be between 1 and 20, not {self.shingle_words}")
        for name in ("verbatim_min_share", "edited_min_share", "partial_copy_min_containment",
                     "frame_threshold", "direction_margin"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"reuse.{name} must be a share between 0 and 1, not {value}")
        if not 0.0 <= self.near_identical_ratio <= 100.0:
            raise ConfigError("reuse.near_identical_ratio is a rapidfuzz ratio between 0 and 100, "
                              f"not {self.near_identical_ratio}")
        for name in ("order_weight", "new_name_penalty"):
            value = getattr(self, name)
            if value < 0 or not math.isfinite(value):
                raise ConfigError(f"reuse.{name} must be 0 or more, not {value}")


# --------------------------------------------------------------------------
# Text features (one pass per article)

_WORD = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")
_QUOTED = re.compile(r"[\"“][^\"“”\n]{1,800}[\"”]")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof col gen lt capt sgt st jan feb mar apr aug sept sep oct nov dec no vs "
    "gov sen rep jr sr inc ltd co corp dept est fig approx".split())
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_STOP = frozenset("""
a about above after again against all also am among an and any are as at be because been before being
below between both but by can could did do does doing down during each either few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just may me might
more most must my myself no nor not now of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there these they this those
through to too under until up upon very was we were what when where which while who whom whose why will
with would you your yours yourself yourselves said says say told tell according also
""".split())
_CALENDAR = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_STEM = 6
"""Content words are compared by their first six letters: cheap stemming ("kidnapped"/"kidnapping")."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("’", "'").replace("‘", "'").replace("`", "'")


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_fold(text))]


def _stem(word: str) -> str:
    return word.lower().removesuffix("'s")[:_STEM]


def _split_sentences(text: str) -> list[str]:
    """Split on sentence ends, not after common abbreviations ("Col.", "Aug.") or initials."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        start = 0
        for m in _SENTENCE_END.finditer(para):
            before = para[start:m.start()].rsplit(" ", 1)[-1].rstrip(".").lower()
            if para[m.start()] == "." and (before in _ABBREVIATIONS or len(before) == 1
                                           or re.fullmatch(r"(?:[a-z]\.)+[a-z]", before)):
                continue
            out.append(para[start:m.end()].strip())
            start = m.end()
        if para[start:].strip():
            out.append(para[start:].strip())
    return out


@dataclass(slots=True)
class _Text:
    """Everything the pair comparison needs about one article, computed once."""

    article: Article
    words: list[str]
    shingles: set[str]
    """Word n-grams (``shingle_words`` words joined by one space: hashed once, compared fast)."""
    narrative_shingles: set[str]
    sentences: list[str]
    """Normalised sentences (lower case, tokens joined by one space) for fuzzy matching."""
    sentence_words: list[int]
    content: list[str]
    """Stems of the content words of the narrative (quotes removed), in order."""
    content_stems: frozenset[str]
    """The distinct stems of ``content``."""
    content_sentences: list[set[str]]
    names: dict[str, str]
    """Proper-name words of the narrative: stem -> first surface form."""
    name_phrases: list[tuple[str, tuple[str, ...]]]
    """Multi-word names of the narrative with their stems, for explanations."""
    anchors: set[str]
    """Names and numbers (stems), quotes included."""
    vocabulary: set[str]
    """Stems of every word of the body."""
    own_names: set[str]
    """Names the article's outlet goes by (``_own_names``)."""
    source_names: set[str]
    """Names whose mention credits this article (``_source_names``)."""
    content_weights: list[float] = field(default_factory=list)
    """Story IDF of each stem of ``content``, in order (set by ``_in_story`` once the story is read)."""
    content_weight: float = 0.0
    """Sum of ``content_weights``."""
    sentence_ids: list[int] = field(default_factory=list)
    """Index of each of ``sentences`` among the story's distinct sentences (set by ``_in_story``)."""


def _shingles(words: Sequence[str], n: int) -> set[str]:
    """Word n-grams as strings (words never contain a space, so joining keeps them apart).

    Interned: the texts of a story share most shingles, and interned equal
    strings are one object, which set intersection compares by identity.
    """
    if len(words) < n:
        return {sys.intern(" ".join(words))} if words else set()
    return {sys.intern(" ".join(words[i:i + n])) for i in range(len(words) - n + 1)}


def _names(sentences: Iterable[str]) -> tuple[dict[str, str], list[tuple[str, tuple[str, ...]]]]:
    """Proper names: capitalised words not opening a sentence (unless the next word is capitalised too).

    Returns the name words (stem -> surface form) and, for display, the
    multi-word names they form ("Jens Ostrom") with their stems, in order of
    appearance.
    """
    words: dict[str, str] = {}
    phrases: list[tuple[str, tuple[str, ...]]] = []
    for sentence in sentences:
        folded = _fold(sentence)
        matches = list(_WORD.finditer(folded))
        raw = [m.group() for m in matches]
        opens = bool(matches) and not folded[:matches[0].start()].strip(" \"'“(")
        run: list[str] = []
        for k, w in enumerate(raw + [""]):
            is_name = bool(w) and w[0].isupper() and len(w) >= 2
            low = w.lower()
            if is_name and (low in _STOP or low in _CALENDAR or _stem(low) in _CALENDAR):
                is_name = False
            # A capitalised word opening the sentence is a name only when the next word is capitalised too.
            if is_name and k == 0 and opens and not (len(raw) > 1 and raw[1][:1].isupper()):
                is_name = False
            if is_name:
                words.setdefault(_stem(low), re.sub(r"'s$", "", w))
                run.append(w)
            elif run:
                phrases.append((re.sub(r"'s$", "", " ".join(run)), tuple(_stem(x) for x in run)))
                run = []
    return words, phrases


def _features(article: Article, settings: ReuseSettings) -> _Text:
    body = _fold(article.body)
    words = _tokens(body)
    narrative = _QUOTED.sub(" ", body)
    narrative_words = _tokens(narrative)
    raw_sentences = _split_sentences(body)
    sentences = [" ".join(_tokens(s)) for s in raw_sentences]
    narrative_sentences = _split_sentences(narrative)
    content = [_stem(w) for w in narrative_words if w not in _STOP]
    content_sentences = [{_stem(w) for w in _tokens(s) if w not in _STOP} for s in narrative_sentences]
    names, phrases = _names(narrative_sentences)
    numbers = {w for w in words if w[0].isdigit()}
    return _Text(
        article=article,
        words=words,
        shingles=_shingles(words, settings.shingle_words),
        narrative_shingles=_shingles(narrative_words, settings.shingle_words),
        sentences=sentences,
        sentence_words=[max(1, s.count(" ") + 1) for s in sentences],
        content=content,
        content_stems=frozenset(content),
        content_sentences=content_sentences,
        names=names,
        name_phrases=phrases,
        anchors=set(_names(raw_sentences)[0]) | numbers,
        vocabulary={_stem(w) for w in words},
        own_names=_own_names(article),
        source_names=_source_names(article),
    )


def _idf(texts: Sequence[_Text]) -> dict[str, float]:
    """Inverse sentence frequency of each stem over the whole story."""
    df: dict[str, int] = {}
    n = 0
    for t in texts:
        for s in t.content_sentences:
            n += 1
            for stem in s:
                df[stem] = df.get(stem, 0) + 1
    return {stem: math.log(1.0 + n / d) for stem, d in df.items()}


def _in_story(text: _Text, idf: dict[str, float], sentence_index: dict[str, int]) -> _Text:
    """The text with what depends on the whole story, computed once instead of once per pair.

    That is the IDF weight of each content stem and the index of each sentence
    among the story's distinct sentences (``sentence_index``).
    """
    weights = [idf.get(t, 0.0) for t in text.content]
    return replace(text, content_weights=weights, content_weight=sum(weights),
                   sentence_ids=[sentence_index[s] for s in text.sentences])


class _SentenceRatios:
    """rapidfuzz ``fuzz.ratio`` of the sentences of two texts; below ``near_identical_ratio``, 0.

    Only whether a ratio reaches ``near_identical_ratio`` (or 100) is used, so
    lower ratios are cut off (rapidfuzz stops early on them). When the story
    repeats sentences (copies and reprints: 100 versions of one story may hold
    a few hundred distinct sentences), every pair of distinct sentences is
    scored once, up front, which is then cheaper than scoring each pair of
    texts; otherwise each pair of texts is scored when asked. Both give the
    same figures.
    """

    def __init__(self, texts: Sequence[_Text], sentence_index: dict[str, int], settings: ReuseSettings) -> None:
        import numpy as np

        self._cutoff = settings.near_identical_ratio
        sizes = [len(t.sentences) for t in texts]
        pair_cells = (sum(sizes) ** 2 - sum(n * n for n in sizes)) // 2
        self._table: Any = None
        if sentence_index and len(sentence_index) ** 2 <= pair_cells:
            distinct = list(sentence_index)
            self._table = process.cdist(distinct, distinct, scorer=fuzz.ratio, dtype=np.float32,
                                        score_cutoff=self._cutoff)

    def between(self, a: _Text, b: _Text) -> Any:
        """The ratio matrix, with a's sentences as rows and b's as columns."""
        import numpy as np

        if not a.sentences or not b.sentences:
            return np.zeros((len(a.sentences), len(b.sentences)), dtype=np.float32)
        if self._table is not None:
            return self._table[np.ix_(a.sentence_ids, b.sentence_ids)]
        return process.cdist(a.sentences, b.sentences, scorer=fuzz.ratio, dtype=np.float32,
                             score_cutoff=self._cutoff)


# --------------------------------------------------------------------------
# Pair evidence


@dataclass(slots=True)
class _Side:
    """Evidence about how much of one text (``x``) is found in the other (``y``)."""

    containment: float
    narrative_containment: float
    near_share: float
    identical_sentences: int
    edited_sentences: int
    missing_sentences: int
    frame: float
    order: float
    new_names: float
    """Proper-name words per 100 words that the other text never uses."""
    new_name_count: int
    new_name_examples: list[str]
    """The multi-word names containing them, in order of appearance."""
    anchor_share: float

    def score(self, settings: ReuseSettings) -> float:
        return self.frame + settings.order_weight * self.order - settings.new_name_penalty * self.new_names


def _containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def _weighted_lcs(a: _Text, b: _Text) -> float:
    """IDF weight of the longest common subsequence of two texts' content stems.

    The subsequence is found by rapidfuzz's LCS (C++, over the shared stems
    only) and then weighted; this is the weight of one longest common
    subsequence, a close lower bound of the heaviest one, at a fraction of
    the cost of a Python dynamic programme (8 ms a pair before).
    """
    shared = a.content_stems & b.content_stems
    is_shared = shared.__contains__
    kept = list(map(is_shared, a.content))
    seq_a = list(compress(a.content, kept))
    weights = list(compress(a.content_weights, kept))
    seq_b = list(compress(b.content, map(is_shared, b.content)))
    if not seq_a or not seq_b:
        return 0.0
    blocks = LCSseq.editops(seq_a, seq_b).as_matching_blocks()
    return sum((w for block in blocks for w in weights[block.a:block.a + block.size]), 0.0)


def _side(x: _Text, y: _Text, sim: Any, lcs: float, shared_shingles: int, settings: ReuseSettings) -> _Side:
    """``sim`` is the sentence ratio matrix with x's sentences as rows; ``shared_shingles`` is
    the number of shingles the two texts share."""
    near_words = 0
    identical = edited = missing = 0
    row_best = sim.max(axis=1).tolist() if len(y.sentences) and len(x.sentences) else []
    for i, n_words in enumerate(x.sentence_words):
        best = float(row_best[i]) if row_best else 0.0
        if best >= 99.999:
            identical += 1
            near_words += n_words
        elif best >= settings.near_identical_ratio:
            edited += 1
            near_words += n_words
        else:
            missing += 1
    total_words = max(1, sum(x.sentence_words))
    weight_x = x.content_weight
    y_content = y.content_stems
    # summed in text order: a sum in another order could differ in the last digits
    shared_weight = sum(compress(x.content_weights, map(y_content.__contains__, x.content)), 0.0)
    new_names = len(x.names.keys() - y.vocabulary)
    shown: list[str] = []
    for phrase, stems in x.name_phrases:
        if phrase not in shown and not y.vocabulary.issuperset(stems):
            shown.append(phrase)
    return _Side(
        containment=shared_shingles / len(x.shingles) if x.shingles else 0.0,
        narrative_containment=_containment(x.narrative_shingles, y.shingles),
        near_share=near_words / total_words,
        identical_sentences=identical,
        edited_sentences=edited,
        missing_sentences=missing,
        frame=lcs / weight_x if weight_x else 0.0,
        order=lcs / shared_weight if shared_weight else 0.0,
        new_names=100.0 * new_names / max(1, len(x.words)),
        new_name_count=new_names,
        new_name_examples=shown,
        anchor_share=len(x.anchors & y.vocabulary) / len(x.anchors) if x.anchors else 0.0,
    )


@dataclass(slots=True)
class _Verbatim:
    is_verbatim: bool
    a_extra: int
    """Words of a outside the identical run (header/footer)."""
    b_extra: int


def _verbatim(a: _Text, b: _Text, settings: ReuseSettings) -> _Verbatim:
    """The longest run of identical words covers most of both texts.

    The run is found with ``difflib``'s longest-match search (a contiguous
    block, unlike an edit-script alignment, cannot be split by a header word
    that happens to recur in the body).
    """
    if not a.words or not b.words:
        return _Verbatim(False, len(a.words), len(b.words))
    shorter, longer = sorted((len(a.words), len(b.words)))
    if shorter < settings.verbatim_min_share * longer:
        return _Verbatim(False, len(a.words), len(b.words))
    run = SequenceMatcher(None, a.words, b.words, autojunk=False).find_longest_match(
        0, len(a.words), 0, len(b.words)).size
    ok = run >= settings.verbatim_min_share * len(a.words) and run >= settings.verbatim_min_share * len(b.words)
    return _Verbatim(ok, len(a.words) - run, len(b.words) - run)


@dataclass(slots=True)
class _Pair:
    a: _Text
    b: _Text
    ab: _Side
    ba: _Side
    verbatim: _Verbatim


def _compare(a: _Text, b: _Text, ratios: _SentenceRatios, settings: ReuseSettings) -> _Pair:
    sim = ratios.between(a, b)
    lcs = _weighted_lcs(a, b)
    shared_shingles = len(a.shingles & b.shingles)
    ab = _side(a, b, sim, lcs, shared_shingles, settings)
    ba = _side(b, a, sim.T, lcs, shared_shingles, settings)
    if max(ab.near_share, ba.near_share) < 0.8 * settings.verbatim_min_share:
        # a verbatim copy has (near-)identical sentences throughout: skip the costly run search
        return _Pair(a, b, ab, ba, _Verbatim(False, len(a.words), len(b.words)))
    return _Pair(a, b, ab, ba, _verbatim(a, b, settings))


def _relation(p: _Pair, settings: ReuseSettings) -> Relation:
    if p.verbatim.is_verbatim:
        return "verbatim"
    if max(p.ab.near_share, p.ba.near_share) >= settings.edited_min_share:
        return "edited"
    if max(p.ab.score(settings), p.ba.score(settings)) >= settings.frame_threshold:
        return "paraphrase"
    if max(p.ab.narrative_containment, p.ba.narrative_containment) >= settings.partial_copy_min_containment:
        return "paraphrase"
    return "independent"


# --------------------------------------------------------------------------
# Credits


_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w-]*", name) if w.lower() not in ("the", "of", "and"))


def _is_acronym_of(acronym: str, name: str) -> bool:
    """``TCP`` for ``Transcontinental Press``: its letters in order, starting with the first word's."""
    if not _ACRONYM.match(acronym):
        return False
    if acronym == _initials(name):
        return True
    upper = re.sub(r"^THE ", "", name.upper())
    if not upper or upper[0] != acronym[0]:
        return False
    if not set(_initials(name)) <= set(acronym):
        return False
    pos = 0
    for ch in acronym:
        pos = upper.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


def _own_names(article: Article) -> set[str]:
    """Names the article's own outlet goes by: outlet, its acronym, credits that are its aliases."""
    if not article.outlet:
        return set()
    outlet = article.outlet.strip()
    names = {outlet, _strip_the(outlet)}
    initials = _initials(_strip_the(outlet))
    if len(initials) >= 3:
        names.add(initials)
    credits_are_own = any(_strip_the(c).lower() == _strip_the(outlet).lower() for c in article.credits)
    for credit in article.credits:
        if credits_are_own or _is_acronym_of(credit.strip(), _strip_the(outlet)):
            names.add(credit.strip())
    return {n for n in names if n}


def _source_names(article: Article) -> set[str]:
    """Names whose mention counts as crediting this article: its own names and the agencies it credits."""
    return _own_names(article) | {c.strip() for c in article.credits if c.strip()}


def _mentions(article: Article, names: Iterable[str]) -> str | None:
    """The first of ``names`` the article mentions (credits, byline, dateline or body), else None."""
    for name in sorted(names, key=len, reverse=True):
        bare = _strip_the(name)
        if len(bare) >= 2 and _names_it(article, bare):
            return bare
    return None


@lru_cache(maxsize=65536)
def _names_it(article: Article, bare: str) -> bool:
    """Whether the article names ``bare`` (cached: every pair of a story asks again)."""
    if bare.lower() in {_strip_the(c).lower() for c in article.credits}:
        return True
    flags = 0 if _ACRONYM.match(bare) else re.IGNORECASE
    pattern = re.compile(rf"(?<![\w-]){re.escape(bare)}(?![\w-])", flags)
    return any(pattern.search(p) for p in (article.byline or "", article.dateline or "", article.body))


# --------------------------------------------------------------------------
# Direction


@dataclass(slots=True)
class _Decision:
    copy: _Text
    source: _Text
    direction: Direction
    reason: str


def _label(t: _Text) -> str:
    return t.article.label


def _by_dates(a: _Text, b: _Text) -> _Decision | None:
    da, db = a.article.published, b.article.published
    if da is None or db is None or da == db:
        return None
    copy, source = (a, b) if da > db else (b, a)
    return _Decision(copy, source, "dates",
                     f"it was published later ({copy.article.published} vs {source.article.published})")


def _by_credit(a: _Text, b: _Text) -> _Decision | None:
    a_credits_b = _mentions(a.article, b.own_names)
    b_credits_a = _mentions(b.article, a.own_names)
    if a_credits_b and not b_credits_a:
        return _Decision(a, b, "credit", f"it credits {a_credits_b}")
    if b_credits_a and not a_credits_b:
        return _Decision(b, a, "credit", f"it credits {b_credits_a}")
    return None


def _by_containment(p: _Pair, relation: Relation, settings: ReuseSettings) -> _Decision | None:
    a, b = p.a, p.b
    if relation == "verbatim":
        if p.verbatim.a_extra and not p.verbatim.b_extra:
            return _Decision(a, b, "containment", "it wraps the other text in a header or footer")
        if p.verbatim.b_extra and not p.verbatim.a_extra:
            return _Decision(b, a, "containment", "it wraps the other text in a header or footer")
        return None
    if relation == "paraphrase":
        diff = p.ab.anchor_share - p.ba.anchor_share
        what = "names and numbers"
    else:
        diff = ((p.ab.containment - p.ba.containment) + (p.ab.near_share - p.ba.near_share)) / 2
        what = "text"
    if abs(diff) < settings.direction_margin:
        return None
    copy, source, side, other = (a, b, p.ab, p.ba) if diff > 0 else (b, a, p.ba, p.ab)
    if relation == "paraphrase":
        shares = f"{side.anchor_share:.0%} of its {what} are in the other, {other.anchor_share:.0%} the other way"
    else:
        shares = f"{side.containment:.0%} of its {what} is in the other, {other.containment:.0%} the other way"
    return _Decision(copy, source, "containment", f"it is the one that lost content ({shares})")


def _direction(p: _Pair, relation: Relation, settings: ReuseSettings) -> _Decision:
    decision = _by_dates(p.a, p.b)
    if decision is None and relation != "independent":
        decision = _by_credit(p.a, p.b) or _by_containment(p, relation, settings)
    if decision is None:
        # Nothing decides: report the later-given article as the copy.
        return _Decision(p.b, p.a, "unknown", "nothing tells which came first")
    return decision


# --------------------------------------------------------------------------
# Explanations


def _names_list(names: Sequence[str], limit: int = 3) -> str:
    shown = list(names[:limit])
    return ", ".join(shown) + (", …" if len(names) > limit else "")


def _explain(relation: Relation, decision: _Decision, side: _Side, credited_as: str | None,
             settings: ReuseSettings) -> str:
    copy, source = _label(decision.copy), _label(decision.source)
    if relation == "verbatim":
        what = (f"{copy} repeats {source} word for word ({side.containment:.0%} of its "
                f"{settings.shingle_words}-word sequences are in it; at most a header or footer differs)")
    elif relation == "edited":
        what = (f"{copy} is an edited reprint of {source} ({side.identical_sentences} sentences identical, "
                f"{side.edited_sentences} lightly edited, {side.missing_sentences} not in {source})")
    elif relation == "paraphrase":
        what = (f"{copy} rewrites {source} ({side.frame:.0%} of its content follows {source} in the same order "
                f"and {side.anchor_share:.0%} of its names and numbers are in it, but only "
                f"{side.containment:.0%} of its {settings.shingle_words}-word sequences)")
    else:
        n = len(side.new_name_examples)
        extra = (f" and mentions {n} {'name' if n == 1 else 'names'} {source} never uses "
                 f"({_names_list(side.new_name_examples)})" if n else "")
        what = (f"{copy} and {source} report the story independently: {copy} follows {source} for only "
                f"{side.frame:.0%} of its content{extra}")
        if decision.direction == "dates":
            return f"{what}; {source} is listed first because it was published earlier."
        return f"{what}; neither is known to be earlier."
    credit = f"it credits {credited_as}" if credited_as else "it does not credit the source"
    if decision.direction == "unknown":
        return f"{what}; which came first is unknown ({source} was given first), and {credit}."
    return f"{what}; {copy} is the copy because {decision.reason}, and {credit}."


# --------------------------------------------------------------------------
# Public API


def detect_reuse(articles: Sequence[Article], settings: ReuseSettings = ReuseSettings()) -> list[ReuseLink]:
    """Compare every pair of articles of one story; return one ``ReuseLink`` per pair.

    Pairs come in input order (``(0, 1), (0, 2), …``). Independent pairs are
    included so a report can list all pairs; their ``source_article`` is the
    earlier article (by publication date, else input order, with direction
    ``unknown``). Articles in different languages are not compared and are
    reported as independent with that explanation.
    """
    texts = [_features(a, settings) for a in articles]
    idf = _idf(texts)
    sentence_index: dict[str, int] = {}
    for t in texts:
        for sentence in t.sentences:
            sentence_index.setdefault(sentence, len(sentence_index))
    texts = [_in_story(t, idf, sentence_index) for t in texts]
    ratios = _SentenceRatios(texts, sentence_index, settings)
    links: list[ReuseLink] = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            links.append(_link(texts[i], texts[j], ratios, settings))
    return links


def _link(a: _Text, b: _Text, ratios: _SentenceRatios, settings: ReuseSettings) -> ReuseLink:
    if a.article.language != b.article.language:
        decision = _by_dates(a, b) or _Decision(b, a, "unknown", "")
        return ReuseLink(
            article=decision.copy.article.id, source_article=decision.source.article.id,
            relation="independent", overlap=0.0, credited=False, direction=decision.direction,
            explanation=(f"{_label(a)} ({a.article.language}) and {_label(b)} ({b.article.language}) are in "
                         "different languages; cross-language reuse is not detected."))
    pair = _compare(a, b, ratios, settings)
    relation = _relation(pair, settings)
    decision = _direction(pair, relation, settings)
    side = pair.ab if decision.copy is a else pair.ba
    credited_as = _mentions(decision.copy.article, decision.source.source_names)
    link = ReuseLink(
        article=decision.copy.article.id,
        source_article=decision.source.article.id,
        relation=relation,
        overlap=side.containment,
        credited=credited_as is not None,
        direction=decision.direction,
        explanation=_explain(relation, decision, side, credited_as, settings),
    )
    log.debug("reuse %s -> %s: %s (%s)", link.article, link.source_article, link.relation, link.direction)
    return link


def independent_sources(articles: Sequence[Article], links: Sequence[ReuseLink]) -> dict[str, str]:
    """Map each article id to the id of its independent source group's root original.

    Articles joined by any non-independent link (verbatim, edited, paraphrase)
    form one group (union-find). The root is the group's article that is never
    the copy in a link; if there are several or none (directions unknown),
    the earliest published, then the first given.
    """
    order = {a.id: k for k, a in enumerate(articles)}
    published = {a.id: a.published for a in articles}
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    copies: set[str] = set()
    for link in links:
        if not link.is_derived or link.article not in parent or link.source_article not in parent:
            continue
        if link.direction != "unknown" and link.article != link.source_article:
            copies.add(link.article)
        ra, rb = find(link.article), find(link.source_article)
        if ra != rb:
            parent[max(ra, rb, key=lambda r: order[r])] = min(ra, rb, key=lambda r: order[r])

    groups: dict[str, list[str]] = {}
    for article_id in order:
        groups.setdefault(find(article_id), []).append(article_id)

    def rank(article_id: str) -> tuple[bool, bool, Any, int]:
        date = published[article_id]
        return (article_id in copies, date is None, date or 0, order[article_id])

    root_of: dict[str, str] = {}
    for members in groups.values():
        root = min(members, key=rank)
        for m in members:
            root_of[m] = root
    return root_of
