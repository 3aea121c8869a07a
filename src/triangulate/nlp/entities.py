"""Entity names: one key per entity, whatever the name it goes by.

Within an article, ``assign_keys`` gives every mention of one entity the same
key: the full name, its acronym in parentheses, a surname after the full name.
Across articles, ``same_entity`` decides whether two sets of names denote
the same entity (word-order variants, acronyms, spelling variants), so that
naming an entity differently is never reported as a conflict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

__all__ = [
    "TITLES", "PLACE_NOUNS", "ORG_WORDS", "ROLE_NOUNS", "fold", "is_demonym", "looks_like_person", "name_tokens", "name_key", "acronym", "is_acronym", "assign_keys", "same_entity", "LABEL_GROUP"]

# Labels compared with each other: NER often swaps ORG/PERSON for a group's
# name, and GPE/LOC/FAC for a place, so conflicts are judged per group.
LABEL_GROUP: dict[str, str] = {
    "PERSON": "actor",
    "ORG": "actor",
    "NORP": "nationality",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "MISC": "actor",
}

# Nouns only places are: "the town of Poso", "Nsanje district", "a village in western Venezuela".
PLACE_NOUNS = frozenset(
    "town village city district province region state island county port municipality capital area "
    "suburb neighbourhood neighborhood valley river lake coast border country mine".split()
)

# Names of peoples and groups without a demonym's ending ("Dutch" has one: -ch).
_PEOPLES = frozenset(
    "thai greek basque czech sikh kurd jew muslim hindu buddhist democrat republican tory inuit maori "
    "arab turk scot finn pole swede dane serb croat slovak uzbek kazakh tajik kyrgyz tamil hutu tutsi "
    "yazidi druze sunni shia shiite catholic protestant".split()
)
_DEMONYM_END = re.compile(r"(an|ian|ese|ish|i|ic|ch|ss|ite|ist|er|ot|ino|ina|ine|ene|ais|ois|ano|ana)s?$")


def is_demonym(text: str) -> bool:
    """Whether a name reads as a people's or group's name ("Kenyan", "Swiss", "Thais"), not a place's."""
    last = fold(text).split()[-1] if text.strip() else ""
    return bool(last) and (last.rstrip("s") in _PEOPLES or last in _PEOPLES or bool(_DEMONYM_END.search(last)))


_NAME_PARTICLES = frozenset("de da del dela della der den dos das van von ter al el bin ibn la le di du".split())


# Words that make a capitalised name an organisation's ("the Unity Bloc", "Silvercrest Metals").
ORG_WORDS = frozenset(
    "agency ministry department union party company inc ltd group association council court service authority "
    "bank university hospital police army front brigade federation commission office institute society news press "
    "times post daily corporation airlines airline resources coal mining metals systems foods national "
    "international bloc alliance movement collective coalition organisation organization cooperative partners "
    "capital holdings motors command directorate prosecutor prosecutors ministry industries engineering shipping "
    "energy seaways airways ratings analytics logistics technologies pharmaceuticals insurance rescue "
    "lifeline foundation trust charity securities investment investments commodities export exports stiftung "
    "forum transit lines fund bureau consultancy exchange".split()
)
# Nouns that say what part a person plays in a story ("Defence lawyer Antoine Mercier", "his lawyer,
# Julien Roche"): mostly one holder per story, so two articles naming different holders disagree.
ROLE_NOUNS = frozenset(
    "lawyer attorney barrister solicitor mayor governor captain pilot coach manager judge prosecutor principal "
    "headteacher headmaster chairman chairwoman chairperson chair president director commander chief premier "
    "owner founder ambassador envoy treasurer coroner sheriff superintendent ceo executive minister secretary "
    "spokesman spokeswoman spokesperson leader head".split()
)
# ... or a place's, not a person's.
_NON_PERSON_WORDS = ORG_WORDS | frozenset("district province city state county republic kingdom".split())


def looks_like_person(text: str) -> bool:
    """'Grace Mwale', 'Llorente': capitalised words, no organisation words, not an acronym."""
    words = text.split()
    return 1 <= len(words) <= 4 and not text.isupper() and words[0].lower() not in ("the", "a", "an") and all(
        (w[:1].isupper() or w.lower().split("-")[0] in _NAME_PARTICLES) and w.lower().strip(".,'") not in _NON_PERSON_WORDS
        for w in words)



# Words that carry no identity in a name ("the Ministry of Health").
_NAME_STOPWORDS = frozenset(
    "the of and for a an in on at to 's ' s de du la le al el".split()
)
# Titles dropped from person names ("President", "Dr.").
TITLES = frozenset(
    "mr mrs ms dr prof president minister governor senator sen rep gen general col "
    "colonel maj major capt captain lt sgt chief inspector judge justice sir dame "
    "king queen prince princess pope rev father sheikh mayor premier chairman chairwoman "
    "commissioner director spokesman spokeswoman secretary ambassador commander".split()
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # words of a name, punctuation dropped


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: 'Société' → 'societe'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Identity-bearing words of a name, folded, in order."""
    words = _TOKEN.findall(fold(name.replace("’", "'")))
    return tuple(w for w in words if w not in _NAME_STOPWORDS and w not in TITLES)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Order-free key: 'Service of Kenya Intelligence' == 'Kenya Intelligence Service'."""
    return " ".join(sorted(set(name_tokens(name)))) or fold(name).strip()


def acronym(name: str) -> str:
    """Initials of the capitalised words: 'National Intelligence Service' → 'nis'."""
    words = re.findall(r"[A-Z][\w'-]*", name)
    words = [w for w in words if w.lower() not in _NAME_STOPWORDS]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def is_acronym(name: str) -> bool:
    """'NIS', 'U.N.': two to eight capital letters."""
    bare = name.replace(".", "").strip()
    return 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha()


def assign_keys(mentions: Sequence[tuple[str, str]]) -> list[str]:
    """Keys for ``(text, label)`` mentions in reading order, aliases resolved.

    - an acronym equal to the initials of an earlier (or later) full name
      gets that name's key;
    - a name whose words are a subset of an earlier name of the same group
      ("Mwangi" after "John Mwangi") gets the earlier key;
    - a one-word name before any such full name gets the key of the one later
      full name of its group that ends with it ("Haworth said ... principal
      Dean Haworth"), unless several later names do;
    - otherwise the name's own order-free key.
    """
    keys: list[str] = []
    full_names: list[tuple[str, str, str, frozenset[str], str]] = []  # (key, label, group, tokens, last token)
    acronyms: dict[str, str] = {}
    for text, _label in mentions:
        initials = acronym(text)
        if initials:
            acronyms.setdefault(initials, name_key(text))
    for text, label in mentions:
        group = LABEL_GROUP.get(label, label)
        tokens = frozenset(name_tokens(text))
        key = name_key(text)
        if is_acronym(text) and text.replace(".", "").lower() in acronyms:
            key = acronyms[text.replace(".", "").lower()]
        elif tokens:
            for full_key, full_label, full_group, full_tokens, _ in full_names:
                # a person's surname may come with another label ("Wahyu Pratama" ... "Pratama", GPE)
                if tokens < full_tokens and (full_group == group or (
                        full_label == "PERSON" and len(tokens) == 1 and not _is_place(text))):
                    key = full_key
                    break
        if len(tokens) > 1 and not is_acronym(text):
            full_names.append((key, label, group, tokens, name_tokens(text)[-1]))
        keys.append(key)
    for i, (text, label) in enumerate(mentions):
        words = name_tokens(text)
        if len(words) != 1 or is_acronym(text) or keys[i] != name_key(text):
            continue
        group = LABEL_GROUP.get(label, label)
        later = {key for key, _, full_group, _, last in full_names if full_group == group and last == words[0]}
        if len(later) == 1:
            keys[i] = later.pop()
    return keys


def _contained_name(a: str, b: str) -> bool:
    """One name's words inside the other's: a shortened name ("Ruto", "Sable Front"),
    not a place inside an organisation's name ("Malawi" / "Malawi Red Cross Society")."""
    short, long_ = sorted((name_tokens(a), name_tokens(b)), key=len)
    if len(short) < len(long_) and _is_place(" ".join(short)):
        return False  # "New Zealand" / "New Zealand Nurses Organisation"
    # a surname alone: the last word, or the first of two surnames ("Carvajal" / "Itzel Carvajal Ochoa")
    return len(short) >= 2 or short[0] == long_[-1] or len(short) == len(long_) or (
        len(long_) >= 3 and short[0] == long_[-2])


def _is_place(name: str) -> bool:
    from .places import is_place_name  # places reads names with this module's ``fold``

    return is_place_name(name)


# Demonyms that do not start like their country's name.
_IRREGULAR_DEMONYMS_LIST = (
    ("wales", "welsh"), ("netherlands", "dutch"), ("holland", "dutch"), ("france", "french"),
    ("britain", "british"), ("england", "english"), ("ireland", "irish"), ("scotland", "scottish"),
    ("scotland", "scots"), ("spain", "spanish"), ("switzerland", "swiss"), ("denmark", "danish"),
    ("sweden", "swedish"), ("finland", "finnish"), ("poland", "polish"), ("turkey", "turkish"),
    ("greece", "greek"), ("philippines", "filipino"), ("thailand", "thai"), ("cyprus", "cypriot"),
    ("madagascar", "malagasy"), ("iceland", "icelandic"), ("portugal", "portuguese"),
    ("coast ivory", "ivorian"), ("new zealand", "new zealander"), ("uk", "british"), ("us", "american"),
    ("belgium", "belgian"), ("norway", "norwegian"), ("cuba", "cuban"), ("peru", "peruvian"),
    ("iraq", "iraqi"), ("iran", "iranian"), ("mali", "malian"), ("chad", "chadian"), ("fiji", "fijian"),
    ("oman", "omani"), ("togo", "togolese"), ("congo", "congolese"), ("dr congo", "congolese"),
    ("democratic republic of congo", "congolese"), ("democratic republic of the congo", "congolese"),
    ("united states", "american"), ("united states of america", "american"), ("america", "american"),
    ("usa", "american"), ("united kingdom", "british"), ("saudi arabia", "saudi"), ("yemen", "yemeni"),
    ("czech republic", "czech"), ("czechia", "czech"), ("laos", "lao"), ("bangladesh", "bangladeshi"),
    ("pakistan", "pakistani"), ("israel", "israeli"), ("kuwait", "kuwaiti"), ("qatar", "qatari"),
    ("somalia", "somali"), ("nepal", "nepali"), ("nepal", "nepalese"),
)
# compared on name keys, whose words are sorted ("states united")
_IRREGULAR_DEMONYMS = frozenset((" ".join(sorted(w for w in a.split() if w not in ("of", "the"))), b)
                                 for a, b in _IRREGULAR_DEMONYMS_LIST)


def _demonym(a: str, b: str) -> bool:
    """A country and its people: 'kenya'/'kenyan', 'cameroon'/'cameroonian', 'italy'/'italian', 'wales'/'welsh'."""
    if (a, b) in _IRREGULAR_DEMONYMS or (b, a) in _IRREGULAR_DEMONYMS:
        return True
    if " " in a or " " in b:
        # "south africa"/"south african", "sri lanka"/"sri lankan": the same words but one
        wa, wb = a.split(), b.split()
        only_a, only_b = sorted(set(wa) - set(wb)), sorted(set(wb) - set(wa))
        return len(wa) == len(wb) > 1 and len(only_a) == len(only_b) == 1 and _demonym(only_a[0], only_b[0])
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 5 and longer.startswith(shorter[:-1])


def same_entity(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    """Whether two entities, each known by one or more names, are the same (see ``_same_entity``)."""
    a = names_a if isinstance(names_a, tuple) else tuple(names_a)
    b = names_b if isinstance(names_b, tuple) else tuple(names_b)
    return _same_entity(a, b) if a <= b else _same_entity(b, a)


@lru_cache(maxsize=262144)
def _same_entity(names_a: tuple[str, ...], names_b: tuple[str, ...]) -> bool:
    """Whether two entities, each known by one or more names, are the same.

    True for equal order-free keys, one name's words contained in the
    other's ("Ruto" / "William Ruto"), an acronym of the other's name
    ("NIS" / "National Intelligence Service"), or a spelling variant
    ("al-Shabab" / "al-Shabaab", similarity ≥ 90).
    """
    list_a, list_b = list(names_a), list(names_b)
    for a in list_a:
        ta, ka = frozenset(name_tokens(a)), name_key(a)
        acr_a = a.replace(".", "").lower() if is_acronym(a) else ""
        for b in list_b:
            tb, kb = frozenset(name_tokens(b)), name_key(b)
            if ka == kb:
                return True
            if ta and tb and (ta <= tb or tb <= ta) and _contained_name(a, b):
                return True
            acr_b = b.replace(".", "").lower() if is_acronym(b) else ""
            if (acr_a and acr_a == acronym(b)) or (acr_b and acr_b == acronym(a)):
                return True
            if fuzz.ratio(ka, kb) >= 90 or _demonym(ka, kb):
                return True
    return False
