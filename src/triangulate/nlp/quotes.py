"""Direct quotes with their speakers, and indirect attributions.

Quotes are found from the quotation marks (straight and curly), so a quote
over several sentences is one quote; a quote split by "he said" is joined
back into one quote with several parts; a quote paragraph left open (the
newsroom convention when the quote goes on in the next paragraph) runs to the
paragraph end. Speakers come from the dependency parse: the subject of a
speech verb next to the quote, a pronoun resolved to the last person named,
or the speaker of the quote just before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Attribution, Mention, Quote
from .entities import is_demonym, name_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["SPEECH_VERBS", "find_quotes", "find_attributions", "normalise_quote"]

SPEECH_VERBS = frozenset(
    "say tell add state announce declare explain note warn insist claim write confirm "
    "deny describe recall ask urge vow promise argue assert acknowledge report allege "
    "reply respond testify admit stress emphasise emphasize".split()
)
_OPEN = {"“": "”", '"': '"', "«": "»", "„": "“"}
# A run of quoted words: an opening mark, then text up to the matching close
# mark or the end of the paragraph (an open quote paragraph).
_MIN_QUOTE_WORDS = 3  # shorter quoted strings are scare quotes or titles
_PRONOUNS = frozenset("he she they i we it".split())


@dataclass
class _Part:
    start: int  # offset of the first quoted character (after the mark)
    end: int  # offset after the last quoted character (before the mark)
    outer_start: int  # offset of the opening mark
    outer_end: int  # offset after the closing mark


def _quoted_parts(text: str) -> list[_Part]:
    parts: list[_Part] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in _OPEN:
            i += 1
            continue
        close = _OPEN[ch]
        para_end = text.find("\n\n", i)
        para_end = n if para_end < 0 else para_end
        j = text.find(close, i + 1, para_end)
        if ch == '"' and j < 0:
            # a straight mark with no partner in the paragraph: open quote paragraph
            j = para_end
            outer_end = para_end
        elif j < 0:
            j = para_end
            outer_end = para_end
        else:
            outer_end = j + 1
        inner = text[i + 1 : j]
        stripped_start = i + 1 + (len(inner) - len(inner.lstrip()))
        stripped_end = j - (len(inner) - len(inner.rstrip()))
        if len(inner.split()) >= _MIN_QUOTE_WORDS:
            parts.append(_Part(stripped_start, stripped_end, i, outer_end))
        i = max(outer_end, i + 1)
    return parts


def _speech_verb_near(doc: Doc, part: _Part, inside: list[tuple[int, int]]) -> Token | None:
    """The speech verb attributing this part: in its sentence, outside every quote."""
    span = doc.char_span(part.start, part.end, alignment_mode="expand")
    if span is None:
        return None
    sents = {span[0].sent.start, span[-1].sent.start}
    candidates: list[Token] = []
    for sent_start in sorted(sents):
        sent = doc[sent_start].sent
        for tok in sent:
            if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") \
                    and not any(s <= tok.idx < e for s, e in inside):
                candidates.append(tok)
    if not candidates:
        return None
    # the nearest verb after the quote end, else the nearest before it
    after = [t for t in candidates if t.idx >= part.end]
    return after[0] if after else candidates[-1]


def _subject_text(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    return None


def _phrase(tok: Token) -> Span:
    """The name or noun phrase headed by ``tok``, without trailing appositions."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "flat"):
            right = max(right, child.right_edge.i)
    return doc[left : right + 1]


def _last_person_before(mentions: Sequence[Mention], offset: int) -> Mention | None:
    best = None
    for m in mentions:
        if m.label == "PERSON" and m.end <= offset:
            best = m
    return best


def _previous_subject(
    doc: Doc, text: str, mentions: Sequence[Mention], offset: int, inside: Sequence[tuple[int, int]],
) -> Mention | None:
    """The person a "he" or "she" before ``offset`` most likely is: the named subject of the nearest
    sentence before, in the same paragraph ("Novotná, 26, praised her opponent. '...,' she said"),
    even when NER did not call the name a person; None when no sentence there has one."""
    at = doc.char_span(offset, offset, alignment_mode="expand")
    if at is None or at.start == 0:
        return None
    sents = []
    sent = doc[at.start - 1].sent  # the sentence before the quote mark, or the one it opens
    sents.append(sent)
    if sent.start > 0:
        sents.append(doc[sent.start - 1].sent)
    for sent in sents:
        if "\n\n" in text[min(sent.end_char, offset):offset]:
            return None
        for tok in reversed(sent):
            if tok.idx < offset and tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN" \
                    and not any(s <= tok.idx < e for s, e in inside):
                m = _mention_at(mentions, tok.idx, tok.idx + len(tok.text))
                if m is not None and (m.label == "PERSON" or (m.label == "MISC" and not is_demonym(m.text))):
                    return m
    return None


def _person_named(mentions: Sequence[Mention], name: str) -> Mention | None:
    words = set(name_tokens(name))
    if not words:
        return None
    for m in mentions:
        if m.label == "PERSON" and words <= set(name_tokens(m.text)):
            return m
    return None


def _best_mention(mentions: Sequence[Mention], start: int, end: int, head: int) -> Mention | None:
    """The speaker in "Kalehe police chief Didier Kasongo": a person first, else the head's entity."""
    inside = [m for m in mentions if m.start < end and start < m.end]
    people = [m for m in inside if m.label == "PERSON"]
    if people:
        return people[-1]
    at_head = [m for m in inside if m.start <= head < m.end]
    return at_head[0] if at_head else (inside[-1] if inside else None)


def _mention_at(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if m.start < end and start < m.end:
            return m
    return None


def find_quotes(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    """Every direct quote of the doc, parts joined, with its speaker."""
    text = doc.text
    parts = _quoted_parts(text)
    inside = [(p.outer_start, p.outer_end) for p in parts]
    quotes: list[Quote] = []
    groups: list[list[_Part]] = []
    speakers: list[tuple[str | None, str | None]] = []
    previous_end = -1
    for part in parts:
        verb = _speech_verb_near(doc, part, inside)
        speaker: str | None = None
        speaker_key: str | None = None
        if verb is not None:
            subject = _subject_text(verb)
            if subject is not None and not any(s <= subject.idx < e for s, e in inside):
                phrase = _phrase(subject)
                if subject.pos_ == "PROPN":
                    mention = _best_mention(mentions, phrase.start_char, phrase.end_char, subject.idx)
                else:
                    # "Kessler's lawyer, Dana Whitfield, said": not Kessler; the name in apposition
                    mention = _mention_at(mentions, subject.idx, subject.idx + len(subject.text))
                for child in subject.children:
                    if child.dep_ == "appos" and (mention is None or mention.label != "PERSON"):
                        # "the district commander, Col. Emile Vardan, said": the name
                        named = _best_mention(mentions, child.left_edge.idx,
                                              child.right_edge.idx + len(child.right_edge.text), child.idx)
                        if named is not None and (mention is None or named.label == "PERSON"):
                            mention = named
                if subject.lower_ in _PRONOUNS:
                    person = (_previous_subject(doc, text, mentions, part.outer_start, inside)
                              if subject.lower_ in ("he", "she") else None) \
                        or _last_person_before(mentions, part.outer_start)
                    if person is not None:
                        speaker, speaker_key = person.text, person.key
                    elif speakers:
                        speaker, speaker_key = speakers[-1]
                elif mention is not None:
                    speaker, speaker_key = mention.text, mention.key
                else:
                    speaker = phrase.text
                    known = _person_named(mentions, phrase.text)
                    if known is not None:
                        # "Miklavec said" after "Governor Sandor Miklavec": NER missed the surname
                        speaker, speaker_key = known.text, known.key
        between = text[previous_end:part.outer_start] if previous_end >= 0 else ""
        same_paragraph = bool(groups) and previous_end >= 0 and "\n\n" not in between
        if same_paragraph and (speaker is None or speaker == speakers[-1][0]) and len(between.split()) <= 6:
            # '"...," he said, "..."': one quote in several parts
            groups[-1].append(part)
        else:
            if speaker is None and same_paragraph:
                # '"A," X said at a news conference. "B."': B is X's too
                speaker, speaker_key = speakers[-1]
            groups.append([part])
            speakers.append((speaker, speaker_key))
        if speaker is not None and speakers[-1][0] is None:
            speakers[-1] = (speaker, speaker_key)
        previous_end = part.outer_end
    for group, (speaker, speaker_key) in zip(groups, speakers):
        quotes.append(
            Quote(
                start=group[0].start,
                end=group[-1].end,
                text=" ".join(text[p.start : p.end] for p in group),
                speaker=speaker,
                speaker_key=speaker_key,
                parts=tuple((p.start, p.end) for p in group),
            )
        )
    return quotes


_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)


def find_attributions(doc: Doc, quotes: Sequence[Quote]) -> list[Attribution]:
    """Indirect attributions: 'police said', 'according to the statement'."""
    inside = [(p[0] - 1, p[1] + 1) for q in quotes for p in q.parts]
    out: list[Attribution] = []
    for tok in doc:
        if any(s <= tok.idx < e for s, e in inside):
            continue
        if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ == "VERB":
            subject = _subject_text(tok)
            if subject is None or subject.lower_ in ("it",):
                continue
            phrase = _phrase(subject)
            out.append(Attribution(phrase.start_char, tok.idx + len(tok.text),
                                   f"{phrase.text} {tok.text}", phrase.text, tok.lemma_.lower()))
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                phrase = _phrase(obj)
                out.append(Attribution(tok.idx, phrase.end_char, doc.text[tok.idx:phrase.end_char],
                                       phrase.text, "according to"))
    return out


def normalise_quote(text: str) -> str:
    """Quote words for comparison: lower case, punctuation and dashes dropped."""
    out = []
    for ch in text.lower().replace("’", "'"):
        out.append(ch if ch.isalnum() or ch in " '" else " ")
    return " ".join("".join(out).split())
