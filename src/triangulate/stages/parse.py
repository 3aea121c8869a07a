"""Stage 2: read every article with spaCy.

Produces ``ParsedArticle`` records: sentences, entity mentions with keys,
numbers tied to what they count, time expressions resolved against the
publication date, quotes with speakers, attributions, per-sentence content
lemmas and negation. The spaCy ``Doc`` never leaves this module.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..nlp.dates import find_times
from ..nlp.entities import assign_keys
from ..nlp.model import load_model
from ..nlp.numbers import find_numbers
from ..nlp.quotes import find_attributions, find_quotes
from ..records import Article, Mention, ParsedArticle, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Span_

__all__ = ["ParseSettings", "parse_articles", "parse_article", "NAME"]

NAME = "triangulate.parse.v1"
log = logging.getLogger(__name__)

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
_WEAK_LEMMAS = frozenset(
    "say be have do tell also said late early mr mrs ms would could will the".split()
)
# Words that negate the predicate they attach to.
_NEGATORS = frozenset({"not", "n't", "never", "no"})


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """Settings of the parse stage."""

    batch_size: int = 16
    n_process: int = 1


def parse_articles(
    articles: Iterable[Article], settings: ParseSettings = ParseSettings()
) -> Iterator[ParsedArticle]:
    """Parse English articles; other languages pass through with no sentences."""
    nlp = load_model()
    pending = list(articles)
    english = [a for a in pending if a.language == "en"]
    docs = nlp.pipe((a.body for a in english), batch_size=settings.batch_size,
                    n_process=settings.n_process)
    parsed = {a.id: _read(a, doc) for a, doc in zip(english, docs)}
    for article in pending:
        yield parsed.get(article.id) or ParsedArticle(article=article, sentences=())


def parse_article(article: Article) -> ParsedArticle:
    """Parse one article (convenience for tests and scripts)."""
    return next(parse_articles([article]))


def _role(tok: Token) -> str:
    """Syntactic slot of a phrase headed by ``tok``: ``dep:head-lemma``."""
    head = tok.head
    dep = tok.dep_
    while dep in ("compound", "flat", "conj", "appos") and head is not tok and head.head is not head:
        tok, head, dep = head, head.head, head.dep_
    if dep == "pobj":
        return f"{head.lower_}:{head.head.lemma_.lower()}"
    if dep in ("nsubjpass", "dobj"):
        dep = "obj"
    return f"{dep}:{head.lemma_.lower()}"


def _anchor_verb(tok: Token) -> str:
    """Lemma of the nearest verb above ``tok`` (itself if it is one)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
            return cur.lemma_.lower()
        cur = cur.head
    return cur.lemma_.lower()


def _root_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _read(article: Article, doc: Doc) -> ParsedArticle:
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    keys = assign_keys([(e.text, e.label_) for e in ents])
    names: dict[str, set[str]] = {}
    for ent, key in zip(ents, keys):
        names.setdefault(key, set()).add(ent.text)
    mentions = tuple(
        Mention(e.start_char, e.end_char, e.text, e.label_, key, tuple(sorted(names[key])), _role(e.root))
        for e, key in zip(ents, keys)
    )
    numbers = []
    for n in find_numbers(doc):
        root = _root_at(doc, n.start, n.end)
        numbers.append(replace(n, role=_anchor_verb(root) if root is not None else None))
    times = []
    for t in find_times(doc, article.published):
        root = _root_at(doc, t.start, t.end)
        times.append(replace(t, role=_anchor_verb(root) if root is not None else None))
    quotes = find_quotes(doc, mentions)
    attributions = find_attributions(doc, quotes)
    sentences, lemmas, negated = [], [], []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        sentences.append(Span(sent.start_char, sent.end_char, sent.text))
        lemmas.append(tuple(sorted({
            t.lemma_.lower() for t in sent
            if t.pos_ in _CONTENT_POS and not t.is_stop and t.lemma_.lower() not in _WEAK_LEMMAS
            and any(c.isalnum() for c in t.text)
        })))
        negated.append(_negated_predicates(sent))
    return ParsedArticle(
        article=article,
        sentences=tuple(sentences),
        mentions=mentions,
        numbers=tuple(numbers),
        times=tuple(times),
        quotes=tuple(quotes),
        attributions=tuple(attributions),
        lemmas=tuple(lemmas),
        negated=tuple(negated),
    )


def _negated_predicates(sent: Span_) -> tuple[str, ...]:
    """Lemmas of the verbs and adjectives of the sentence that carry a negation."""
    out = {
        tok.head.lemma_.lower()
        for tok in sent
        if tok.lower_ in _NEGATORS and tok.dep_ in ("neg", "advmod", "det")
        and tok.head.pos_ in ("VERB", "AUX", "ADJ")
    }
    return tuple(sorted(out))
