"""Stage 3: split parsed articles into atomic claims with typed facts.

A claim is a statement (a sentence, its quoted words left to quote claims)
or a direct quote (all its parts, with the speaker). Facts are the checkable
pieces: actors and other entities, places, numbers with what they count,
dates as intervals, quotes and speakers, attributed sources, negations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..ids import content_hash
from ..nlp.dates import format_span
from ..nlp.entities import LABEL_GROUP, name_key
from ..nlp.numbers import format_interval
from ..nlp.quotes import normalise_quote
from ..records import Claim, Fact, FactType, ParsedArticle, Quote, Span

__all__ = ["ExtractSettings", "extract_claims", "NAME"]

NAME = "triangulate.extract.v1"

_GROUP_TYPE = {"actor": FactType.ENTITY, "nationality": FactType.ENTITY, "place": FactType.PLACE}


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Settings of the claim extractor."""

    min_terms: int = 2
    """A statement needs this many content words outside quotes to be a claim."""


def _claim_id(article_id: str, start: int, end: int, kind: str) -> str:
    return "c" + content_hash([article_id, start, end, kind], length=11)


def extract_claims(
    parsed: Iterable[ParsedArticle], settings: ExtractSettings = ExtractSettings()
) -> Iterator[Claim]:
    """Yield the claims of every parsed article, in reading order."""
    for doc in parsed:
        yield from _article_claims(doc, settings)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _sentence_of(sentences: tuple[Span, ...], offset: int) -> int:
    for i, s in enumerate(sentences):
        if s.start <= offset < s.end:
            return i
    return max(0, len(sentences) - 1)


def _article_claims(doc: ParsedArticle, settings: ExtractSettings) -> Iterator[Claim]:
    article = doc.article
    body = article.body
    quoted = [(p[0] - 1, p[1] + 1) for q in doc.quotes for p in q.parts]
    quote_sentences: dict[int, list[Quote]] = {}
    for q in doc.quotes:
        quote_sentences.setdefault(_sentence_of(doc.sentences, q.start), []).append(q)
    for i, sent in enumerate(doc.sentences):
        terms = doc.lemmas[i] if i < len(doc.lemmas) else ()
        outside = _outside_text(body, sent.start, sent.end, quoted)
        has_quote = i in quote_sentences or outside.strip() != body[sent.start:sent.end].strip()
        if len(outside.split()) >= 3 and len(terms) >= settings.min_terms and not (
                has_quote and _attribution_only(outside)):
            yield Claim(_claim_id(article.id, sent.start, sent.end, "statement"), article.id,
                        sent.start, sent.end, sent.text, _statement_facts(doc, i, sent, quoted), i,
                        "statement", terms)
        for q in quote_sentences.get(i, []):
            last = _sentence_of(doc.sentences, max(q.end - 1, q.start))
            start, end = sent.start, doc.sentences[last].end
            facts: list[Fact] = [Fact(FactType.QUOTE, q.text, normalise_quote(q.text), q.start, q.end,
                                       detail=q.speaker)]
            if q.speaker:
                facts.append(Fact(FactType.SPEAKER, q.speaker, q.speaker_key or name_key(q.speaker),
                                  q.start, q.end))
            # where and when the words were said: "..., Hartono told reporters in Kaunas on Monday"
            facts.extend(Fact(_GROUP_TYPE[LABEL_GROUP[m.label]], m.text, m.key, m.start, m.end,
                              detail=m.label, role=m.role)
                         for m in doc.mentions
                         if start <= m.start and m.end <= end and m.label in LABEL_GROUP
                         and m.label != "PERSON" and not _inside(m.start, m.end, quoted)
                         and not (q.speaker_key and m.key == q.speaker_key))
            facts.extend(Fact(FactType.DATE, t.text, format_span(t.first, t.last), t.start, t.end,
                              detail=t.granularity, role=t.role)
                         for t in doc.times if start <= t.start and t.end <= end and not _inside(t.start, t.end, quoted))
            yield Claim(_claim_id(article.id, start, end, "quote"), article.id, start, end,
                        body[start:end], tuple(facts), i, "quote", terms)


def _outside_text(body: str, start: int, end: int, quoted: list[tuple[int, int]]) -> str:
    chars = list(body[start:end])
    for s, e in quoted:
        for k in range(max(s, start), min(e, end)):
            chars[k - start] = " "
    return "".join(chars)


_SPEECH_FORMS = frozenset(
    "said says say told tells added adds stated states according declared explained noted "
    "warned insisted claimed wrote replied asked urged recalled".split()
)


# A speaker's description after the name: ", a nurse at the hospital", ", who works as a nurse ...",
# ", the company's 49-year-old chief executive,".
_DESCRIPTION = re.compile(r",\s*(?:who\s+(?:is|was|works|worked|has|had)|a|an|the)\b[^,;]*,?", re.IGNORECASE)


def _attribution_only(text: str) -> bool:
    """What is left of a quote sentence once the quote is removed is only "X said (…)", the
    speaker described or not ("said Patrick Ilunga, who works as a nurse at the hospital")."""
    text = _DESCRIPTION.sub(" ", text)
    words = [w.strip(",.;:—–-!?()").lower() for w in text.split()]
    words = [w for w in words if w]
    return len(words) <= 10 and any(w in _SPEECH_FORMS for w in words)


def _statement_facts(doc: ParsedArticle, i: int, sent: Span, quoted: list[tuple[int, int]]) -> tuple[Fact, ...]:
    facts: list[Fact] = []

    def within(start: int, end: int) -> bool:
        return sent.start <= start and end <= sent.end and not _inside(start, end, quoted)

    seen_keys: set[str] = set()
    for m in sorted(doc.mentions, key=lambda m: m.label == "MISC"):
        if m.label == "MISC" and m.key in seen_keys:
            continue  # "(NIESS)" after the full name: the same entity, already a fact
        seen_keys.add(m.key)
        if within(m.start, m.end) and m.label in LABEL_GROUP:
            group = LABEL_GROUP[m.label]
            facts.append(Fact(_GROUP_TYPE[group], m.text, m.key, m.start, m.end,
                              detail=m.label, role=m.role))
    for n in doc.numbers:
        if within(n.start, n.end):
            facts.append(Fact(FactType.NUMBER, n.text, format_interval(n.low, n.high), n.start, n.end,
                              detail=n.unit, role=n.role))
    for t in doc.times:
        if within(t.start, t.end):
            facts.append(Fact(FactType.DATE, t.text, format_span(t.first, t.last), t.start, t.end,
                              detail=t.granularity, role=t.role))
    for a in doc.attributions:
        if within(a.start, a.end):
            facts.append(Fact(FactType.SOURCE, a.text, name_key(a.source), a.start, a.end, detail=a.verb))
    negated = doc.negated[i] if i < len(doc.negated) else ()
    for lemma in negated:
        facts.append(Fact(FactType.NEGATION, f"not {lemma}", lemma, sent.start, sent.end))
    return tuple(sorted(facts, key=lambda f: (f.start, f.type)))
