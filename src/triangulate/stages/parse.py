"""Stage 2: read every article with spaCy.

Produces ``ParsedArticle`` records: sentences, entity mentions with keys,
numbers tied to what they count, time expressions resolved against the
publication date, quotes with speakers, attributions, per-sentence content
lemmas and negation. The spaCy ``Doc`` never leaves this module.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..nlp.dates import find_times
from ..nlp.entities import ORG_WORDS, PLACE_NOUNS, ROLE_NOUNS, TITLES, assign_keys, is_demonym, looks_like_person
from ..nlp.events import EVENT_CLASSES
from ..nlp.model import load_model
from ..nlp.numbers import find_numbers
from ..nlp.places import is_place_name
from ..nlp.quotes import SPEECH_VERBS, find_attributions, find_quotes
from ..records import Article, Chunk, Mention, ParsedArticle, Span

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


# Nouns that say what kind of actor a name is: "the Iron Hand group" is the group itself.
_NAMED_KINDS = frozenset(
    "group movement party union gang militia company firm faction network organisation organization "
    "collective alliance coalition front army bloc agency brigade cartel syndicate".split()
)


def _role(tok: Token) -> str:
    """Syntactic slot of a phrase headed by ``tok``: ``dep:head``.

    Passive and active voice share slots ("claimed by X" = "X claimed":
    ``nsubj:claim``; "the drivers were freed" = "freed the drivers":
    ``obj:free``), and heads are reduced to their event class, so a
    paraphrase with a synonym verb keeps the slot.
    """
    head = tok.head
    dep = tok.dep_
    while dep in ("compound", "flat", "conj", "appos") and head is not tok and head.head is not head \
            and not (dep == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() not in _NAMED_KINDS):
        # up through the words of one name ("Marc" → "Delorme", "the Iron Hand group"), not from
        # a name to the noun it modifies ("a Marseille court" stays ``mod:court``, like "a court in Marseille")
        tok, head, dep = head, head.head, head.dep_
    if dep == "pobj":
        if head.dep_ == "agent":
            return f"nsubj:{_event(_lemma(head.head))}"
        if head.lower_ == "to" and head.head.lower_ == "according":
            return "nsubj:say"  # "according to X" = "X said"
        if head.lower_ in ("in", "of") and head.head.pos_ == "NOUN":
            return f"mod:{head.head.lemma_.lower()}"  # "a court in Lyon" = "a Lyon court"
        return f"{head.lower_}:{_event(_lemma(head.head))}"
    if dep in ("nsubjpass", "dobj"):
        dep = "obj"
    if dep in ("compound", "poss", "nmod") and head.pos_ == "NOUN":
        dep = "mod"  # "Tartu's council", "Nsanje district": a noun's modifier
    return f"{dep}:{_event(_lemma(head))}"


_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "agent"})
# Verbs that only say when something happened: their subject is the event.
_ASPECT_VERBS = frozenset("begin start occur happen take continue end come unfold erupt break".split())


# Verbs that seize only people: "held the drivers", "took five hostages" (not "held a session").
_CAPTURE_VERBS = frozenset({"hold", "take"})
_CAPTIVES = frozenset(
    "hostage captive prisoner driver worker engineer journalist tourist passenger crew child people man woman "
    "student sailor soldier officer villager".split()
)


# Who goes on strike, and what strikes from the air.
_WORKERS = frozenset(
    "worker pilot nurse teacher driver miner union staff employee doctor dockworker member crew "
    "porter cleaner controller conductor".split()
)
_WEAPONS = frozenset("air missile drone rocket artillery military airstrike".split())


def _lemma(tok: Token) -> str:
    """A verb's or event noun's lemma, read in context.

    "hold"/"take" are kept apart from seizing unless they have people as
    object; a labour strike ("the previous strike", "pilots will strike",
    "walk out") is a walkout, not an attack ("a missile strike").
    """
    lemma = tok.lemma_.lower()
    if lemma == "strike":
        if tok.pos_ == "NOUN" and not any(c.lemma_.lower() in _WEAPONS for c in tok.children):
            return "walkout"
        if tok.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.lemma_.lower() in _WORKERS for c in tok.children):
            return "walkout"
    if lemma == "walk" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
        return "walkout"
    if lemma in _CAPTURE_VERBS and not any(
            c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in _CAPTIVES or c.ent_type_ == "PERSON")
            for c in tok.children):
        return lemma + "_"  # no event class: "hold a session", "took place"
    return lemma


def _event(lemma: str) -> str:
    """Event class of a lemma, or the lemma itself."""
    return EVENT_CLASSES.get(lemma, lemma)


def _stem(lemma: str) -> str:
    """Event class of a lemma, else a crude stem ('inspection'/'inspector' → 'inspe')."""
    return EVENT_CLASSES.get(lemma, lemma[:5])


def _label(ent: Span_, role: str, person_words: frozenset[str]) -> str:
    """NER label, corrected where the sentence says better than the small model.

    "Ukrainian journalists" (a place adjective modifying a noun) is a
    nationality; a name modifying a noun only places are ("Nsanje district",
    "the village of Envendos") is a place; a "nationality" that reads as no
    people's name ("flooded Nsanje district") is a name of unknown kind; a
    known place's name is a place, unless it is part of a person's name the
    article gives (``person_words``) or says something.
    """
    label = str(ent.label_)
    if label in ("EVENT", "PRODUCT", "LAW") and all(t.pos_ == "PROPN" for t in ent):
        label = "MISC"  # "near the village of Kirinthos" (EVENT): a name of unknown kind
    if label in ("GPE", "LOC") and ent.root.dep_ == "amod" and ent.root.pos_ == "ADJ":
        return "NORP"
    if label == "NORP" and ent.root.pos_ == "PROPN" and ent.root.dep_ == "compound" \
            and ent.root.head.lemma_.lower() in PLACE_NOUNS:
        return "GPE"  # "in Songinokhairkhan district" (NORP)
    if label != "NORP" and len(ent) == 1 and is_demonym(ent.text) and (ent.root.dep_ == "amod" or (
            ent.root.dep_ == "compound" and label in ("ORG", "MISC", "PERSON") and not is_place_name(ent.text))):
        return "NORP"  # "Two Ugandan businessmen", "a Guatemalan worker", labelled an organisation
    dep, _, head = role.partition(":")
    words = [t for t in ent if t.is_alpha]
    if dep == "mod" and head in PLACE_NOUNS and label in ("ORG", "PERSON", "NORP", "MISC") \
            and not (label == "NORP" and is_demonym(ent.text)) and not (words and words[-1].lower_ in ORG_WORDS):
        return "GPE"  # "Nsanje district", "the village of Envendos"; not "Temirtau Energy's mine"
    if label == "NORP" and not is_demonym(ent.text):
        label = "MISC"
    if label in ("GPE", "LOC", "FAC") and len(words) > 1 and words[-1].lower_ in ORG_WORDS:
        return "ORG"  # "the Unity Bloc", "Temirtau Energy's", labelled a place
    if label in ("PERSON", "GPE", "MISC") and _described_as_organisation(ent):
        return "ORG"  # "a Spanish firm, Vialtec Sistemas" (PERSON)
    if label in ("PERSON", "ORG", "MISC") and is_place_name(ent.text) and not (
            label == "PERSON" and _may_be_person(ent, role, person_words)):
        return "GPE"  # "Kitwe accounts for most cases" (PERSON): a known town, not someone the article names
    before = ent.doc[ent.start - 1] if ent.start else None
    if label in ("ORG", "MISC") and len(ent) > 1 and looks_like_person(ent.text) and before is not None \
            and before.lower_.strip(".") in _PERSON_NOUNS:
        return "PERSON"  # "led by chairwoman Femke de Vries" (ORG)
    if label in ("GPE", "LOC") and len(ent) > 1 and looks_like_person(ent.text) and not is_place_name(ent.text) \
            and dep == "nsubj" and head in SPEECH_VERBS:
        return "PERSON"  # "Nino Beridze told reporters" (GPE)
    if label == "PERSON" and not looks_like_person(ent.text):
        return "ORG"  # "Silvercrest Metals"
    if label == "PERSON" and not _may_be_person(ent, role, person_words):
        return "MISC"  # "the founder of Lendwise": a lone name nothing says is a person's
    return label


# Nouns that describe an organisation in apposition ("a Spanish firm, Vialtec Sistemas").
_ORG_NOUNS = _NAMED_KINDS | frozenset(
    "carrier retailer operator bank charity hotline airline shipbuilder manufacturer maker ngo insurer "
    "broadcaster newspaper lender developer contractor supplier".split()
)


def _described_as_organisation(ent: Span_) -> bool:
    """A name in apposition to an organisation noun: "a Spanish firm, Vialtec Sistemas", "Norbridge
    Ratings, a credit rating agency"."""
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in _ORG_NOUNS and root.head.pos_ == "NOUN":
        return True
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in _ORG_NOUNS for c in root.children)


# Words that introduce a person's name: titles and occupations ("chairwoman Femke de Vries").
_PERSON_NOUNS = TITLES | frozenset(
    "lawyer attorney engineer doctor nurse teacher driver pilot journalist reporter spokesperson "
    "chairperson founder owner worker businessman businesswoman farmer officer detective activist "
    "candidate leader deputy councillor councilor neighbour neighbor resident witness student".split()
)


def _may_be_person(ent: Span_, role: str, person_words: frozenset[str]) -> bool:
    """A PERSON name that is also a town's: a person if the article gives it as part of a
    full name, if it says something, or if a first name or title comes before it."""
    dep, _, head = role.partition(":")
    before = ent.doc[ent.start - 1] if ent.start else None
    return len(ent) > 1 or ent.text.lower() in person_words or (dep == "nsubj" and head in SPEECH_VERBS) \
        or (before is not None and (before.pos_ == "PROPN" or before.lower_.strip(".") in TITLES))


_AGE_AFTER = re.compile(r",\s*(?:(?:a|an|the)\s+)?(\d{1,3})(?:-year-old\b|\s*(?=[,;)]|\.(?:\s|$)))")
_AGE_BEFORE = re.compile(r"\b(\d{1,3})-year-old\s+(?:[a-z]+\s+){0,3}$")


def _person_role(ent: Span_) -> str | None:
    """The role noun given with a person's name, with its plain modifiers: "defence lawyer"
    ("Defence lawyer Antoine Mercier"), "lawyer" ("his lawyer, Julien Roche"), "commander"
    ("Arnel Santos, commander of the army's division")."""
    root = ent.root
    found = [t for t in ent if t.lower_.strip(".") in ROLE_NOUNS]  # "Mayor Rodel Abubakar"
    found += [c for c in root.children if c.i < ent.start and c.dep_ in ("compound", "amod")
              and c.lemma_.lower() in ROLE_NOUNS]
    if root.dep_ == "appos" and root.head.lemma_.lower() in ROLE_NOUNS:
        found.append(root.head)
    found += [c for c in root.children if c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS]
    if not found:
        return None
    noun = found[0]
    mods = sorted((c.lower_ if c.pos_ == "PROPN" else c.lemma_.lower()) for c in noun.children
                  if c.dep_ in ("compound", "amod") and c.is_alpha)
    return " ".join([*mods, noun.lemma_.lower().strip(".")])


def _person_age(ent: Span_, text: str) -> int | None:
    """The age written with a person's name: "Abubakar, 47,", "Fortier, a 52-year-old engineer",
    "47-year-old mayor Rodel Abubakar". ``text`` is the doc's text (read once by the caller)."""
    m = _AGE_AFTER.match(text, ent.end_char) or _AGE_BEFORE.search(text, max(0, ent.start_char - 60),
                                                                   ent.start_char)
    if m is None:
        return None
    age = int(m.group(1))
    return age if 0 < age < 120 else None


def _anchor_verb(tok: Token) -> str:
    """What a number or date is about, as ``E:`` event and ``P:`` participant stems.

    Event terms: the nearest verb above ``tok`` and any noun on the way up
    ("an inspection in August" → inspection). Participant terms: that verb's
    subject and object. Two facts are about the same event when their event
    terms meet, or one's event meets the other's participant (inspection /
    inspectors visited); shared participants alone are not enough.
    """
    terms: set[str] = set()
    cur = tok
    for _ in range(8):
        if cur is not tok and cur.pos_ in ("NOUN", "PROPN"):
            terms.add("E:" + _stem(_lemma(cur)))
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
            break
        cur = cur.head
    verb = _lemma(cur)
    terms.add("E:" + _stem(verb))
    for child in cur.children:
        if child.dep_ in _CLAUSE_DEPS and child.pos_ in ("NOUN", "PROPN") and child is not tok:
            # "the attack began on Thursday": an aspect verb dates its subject
            kind = "E:" if cur.lemma_.lower() in _ASPECT_VERBS and child.dep_.startswith("nsubj") else "P:"
            terms.add(kind + _stem(_lemma(child)))
    return " ".join(sorted(terms))


def _root_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _read(article: Article, doc: Doc) -> ParsedArticle:
    text = doc.text  # a property that joins every token: read it once
    named = [t for e in doc.ents if e.label_ in ENTITY_LABELS for t in (_trim_at_verb(e),) if t is not None]
    ents = sorted(named + _unlabelled_names(doc), key=lambda e: e.start)
    keys = assign_keys([(e.text, e.label_) for e in ents])
    person_words = frozenset(w.lower() for e in ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split())
    names: dict[str, set[str]] = {}
    for ent, key in zip(ents, keys):
        names.setdefault(key, set()).add(ent.text)
    roles = [_role(e.root) for e in ents]
    labels = [_label(e, role, person_words) for e, role in zip(ents, roles)]
    # a nationality modifying a noun fills one slot, tagged adjective or proper noun ("a Guatemalan worker")
    roles = ["amod:" + role[4:] if label == "NORP" and role.startswith("mod:") else role
             for role, label in zip(roles, labels)]
    people = {key for key, label in zip(keys, labels) if label == "PERSON"}
    mentions = tuple(
        Mention(e.start_char, e.end_char, e.text, label, key, tuple(sorted(names[key])), role,
                *((_person_role(e), _person_age(e, text)) if key in people else (None, None)))
        for e, key, role, label in zip(ents, keys, roles, labels)
    )
    found_times = find_times(doc, article.published)
    numbers = []
    for n in find_numbers(doc, times=found_times):
        root = _root_at(doc, n.start, n.end)
        numbers.append(replace(n, role=_anchor_verb(root) if root is not None else None))
    times = []
    for t in found_times:
        root = _root_at(doc, t.start, t.end)
        times.append(replace(t, role=_anchor_verb(root) if root is not None else None))
    quotes = find_quotes(doc, mentions)
    attributions = find_attributions(doc, quotes)
    quoted = [(p[0], p[1]) for q in quotes for p in q.parts]
    sentences, lemmas, negated = [], [], []
    for sent in doc.sents:
        start, end = _trim(text, sent.start_char, sent.end_char)
        if start >= end:
            continue
        sentences.append(Span(start, end, text[start:end]))
        lemmas.append(tuple(sorted({
            t.lemma_.lower() for t in sent
            if t.pos_ in _CONTENT_POS and not t.is_stop and t.lemma_.lower() not in _WEAK_LEMMAS
            and any(c.isalnum() for c in t.text)
            and not any(qs <= t.idx < qe for qs, qe in quoted)
        })))
        negated.append(_negated_predicates(sent))
    vocabulary = frozenset(t.lemma_.lower() for t in doc if t.pos_ in _CONTENT_POS and not t.is_stop)
    chunks = []
    for nc in doc.noun_chunks:
        words = tuple(t.lemma_.lower() for t in nc if t.pos_ in ("NOUN", "ADJ", "VERB") and not t.is_stop
                      and t.ent_type_ == "" and t.is_alpha)
        if len(words) >= 2:
            chunks.append(Chunk(nc.start_char, nc.end_char, nc.text, words))
    return ParsedArticle(
        chunks=tuple(chunks),
        vocabulary=vocabulary,
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


_CLOSING = "\"”’'»"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Sentence bounds without surrounding space or a stray closing quote mark.

    spaCy sometimes starts a sentence with the closing mark of the quote
    that ended the previous one: ``"...criminals." In Sirako, ...``.
    """
    while start < end and (text[start].isspace() or (text[start] in _CLOSING and start + 1 < end
                                                     and text[start + 1].isspace())):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


_NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def _capitalised(tok: Token) -> bool:
    return tok.is_alpha and len(tok.text) > 1 and tok.text[0].isupper() and not tok.is_sent_start


def _trim_at_verb(ent: Span_) -> Span_ | None:
    """A name cut before a lower-case verb the NER ran into ("the Directorate of Criminal
    Investigations arrested Ouma" → "the Directorate of Criminal Investigations"), and without the
    figures it ran into ("Klára Novotná 6-4" → "Klára Novotná")."""
    from spacy.tokens import Span as SpacySpan

    for tok in ent:
        if tok.pos_ in ("VERB", "AUX") and tok.text.islower() and tok.i > ent.start:
            return SpacySpan(ent.doc, ent.start, tok.i, label=ent.label_)
    end = ent.end
    while end - 1 > ent.start and ent.doc[end - 1].pos_ in ("NUM", "PUNCT", "SYM") \
            and not ent.doc[end - 1].text.isalpha():
        end -= 1
    return ent if end == ent.end else SpacySpan(ent.doc, ent.start, end, label=ent.label_)


def _unlabelled_names(doc: Doc) -> list[Span_]:
    """Proper-noun runs the NER left unlabelled ("near Katari", "flooded Nsanje district"), as MISC.

    The small English model misses many rare town and company names; a
    name it missed can still be swapped by a rewrite.
    """
    from spacy.tokens import Span as SpacySpan

    # a WORK_OF_ART or PRODUCT label is often a group's or a town's name the NER misread
    covered = {i for e in doc.ents if e.label_ in ENTITY_LABELS or e.label_ in _NUMERIC_LABELS
               for i in range(e.start, e.end)}
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        # a proper noun, or two capitalised words inside a sentence ("called Night Wolves Collective")
        capitalised_run = not tok.is_sent_start and i + 1 < len(doc) and _capitalised(doc[i + 1]) \
            and i + 1 not in covered
        proper = tok.pos_ == "PROPN" and tok.is_alpha and len(tok.text) > 1 and tok.text[0].isupper()
        if (proper or (capitalised_run and _capitalised(tok))) and i not in covered \
                and tok.lower_ not in _CALENDAR:
            j = i
            while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or _capitalised(doc[j + 1])) \
                    and j + 1 not in covered and doc[j + 1].text[:1].isupper() \
                    and doc[j + 1].lower_ not in _CALENDAR:
                j += 1
            while i <= j and doc[i].lower_.strip(".") in TITLES:
                i += 1  # "Mayor Rodel Abubakar": the title is not a name
            if i <= j:
                out.append(SpacySpan(doc, i, j + 1, label="MISC"))
            i = j + 1
        else:
            i += 1
    return out


# Verbs that negate the verb they govern: "declined to comment" = "did not comment".
_NEGATIVE_VERBS = frozenset({"decline", "refuse", "fail"})
# Verbs that negate the verb after "from": "stopped a backup line from picking up the load".
_PREVENT_VERBS = frozenset({"stop", "prevent", "keep", "bar", "block", "ban", "prohibit"})
# "must not exceed 60 km/h" is a cap, not a denial
_LIMIT_VERBS = frozenset({"exceed", "surpass", "top"})
_MODALS = frozenset({"must", "may", "can", "should", "shall", "will", "would", "could", "might"})
# "a low not seen since 1998" is a superlative
_RECORD_VERBS = frozenset({"see", "record", "witness", "experience", "observe"})
_NOBODY = frozenset({"nobody", "none", "nothing"})


_CONDITIONS = frozenset({"when", "whenever", "if", "unless", "until"})


def _comparative(verb: Token) -> bool:
    """"No accident had been deadlier", "no avalanche had killed more people": a superlative, not a negation."""
    return any(t.tag_ in ("JJR", "RBR") for t in verb.subtree)


def _describes(tok: Token) -> bool:
    """Whether ``tok`` sits in a clause that only describes or sets a condition ("a group that
    publishes files when victims refuse to pay"), not in the sentence's own statement ("he died
    after he refused to leave")."""
    cur = tok
    for _ in range(12):
        if cur.dep_ in ("relcl", "acl") or (
                cur.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in _CONDITIONS
                                            for c in cur.subtree if c.i < cur.i)):
            return True
        if cur.head is cur:
            return False
        cur = cur.head
    return False


def _not_a_denial(verb: Token) -> bool:
    """A "not" that does not deny the verb: a time ("would not decide until the count", "did not
    learn of it until March"; but "has not been suspended until an inquiry" denies), a cap ("must
    not exceed 60 km/h"), a superlative ("a low not seen since 1998")."""
    below = list(verb.subtree)
    modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    done = any(c.dep_ == "aux" and c.lemma_.lower() == "do" for c in verb.children)
    if (modal or done) and any(t.lower_ in ("until", "till") and t.dep_ in ("prep", "mark") for t in below):
        return True
    lemma = verb.lemma_.lower()
    if lemma in _LIMIT_VERBS and modal:
        return True
    return lemma in _RECORD_VERBS and any(t.lower_ == "since" and t.dep_ in ("prep", "mark") for t in below)


def _negated_predicates(sent: Span_) -> tuple[str, ...]:
    """Lemmas of the verbs and adjectives of the sentence that carry a negation."""
    out = {
        tok.head.lemma_.lower()
        for tok in sent
        if tok.lower_ in _NEGATORS and tok.dep_ in ("neg", "advmod", "det")
        and tok.head.pos_ in ("VERB", "AUX", "ADJ") and not _not_a_denial(tok.head)
    }
    out.update(  # "are no longer missing", "no longer looking"
        tok.head.head.lemma_.lower() for tok in sent
        if tok.lower_ == "no" and tok.head.lower_ == "longer" and tok.head.head.pos_ in ("VERB", "AUX", "ADJ"))
    for tok in sent:
        if (tok.lower_ == "no" and tok.dep_ == "det" and tok.head.pos_ == "NOUN") or (
                tok.lower_ in _NOBODY and tok.dep_.startswith("nsubj")):
            # "but no passwords", "no group has claimed it", "nobody was hurt": the clause is negated
            noun = tok.head if tok.lower_ == "no" else tok
            verb = noun.head
            if verb.pos_ in ("VERB", "AUX", "ADJ") and noun.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "attr") \
                    and not _comparative(verb):
                out.add(verb.lemma_.lower())
                if tok.lower_ == "no" and verb.lemma_.lower() in ("be", "have") and not noun.dep_.startswith("nsubj"):
                    out.add(noun.lemma_.lower())  # "there were no reports" = "it was not reported"
        if (tok.lower_ == "without" or (tok.lower_ == "from" and tok.head.lemma_.lower() in _PREVENT_VERBS)) \
                and not _describes(tok):
            # "without giving details" = "gave no details"; "stopped the line from picking up the load"
            out.update(c.lemma_.lower() for c in tok.children if c.dep_ == "pcomp" and c.tag_ == "VBG")
        if tok.lower_ == "unable" or (tok.lemma_.lower() in _NEGATIVE_VERBS and tok.pos_ == "VERB"
                                      and not _describes(tok)):
            # "unable to pay" = "declined to pay" = "cannot pay"; not in a clause that only describes
            # ("a group that publishes files when victims refuse to pay")
            out.update(c.lemma_.lower() for c in tok.children if c.dep_ == "xcomp")
            out.discard("unable")
    return tuple(sorted(out))
