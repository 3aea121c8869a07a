"""Read ECB+ (Cybulska & Vossen 2014) documents in place as ``Article`` records.

ECB+ ships CROMER XML: each ``<token t_id sentence number>`` element holds one
token. We rebuild readable text from the tokens (no space before closing
punctuation, numbers such as ``6 . 1`` glued back, ``55 - year`` →
``55-year``, PTB quotes turned into ``"``), one sentence per line. ECB+
documents have no publication date; the ``ecbplus`` documents start with the
page URL, which we move into ``Article.url`` (URLs often carry a date path).

Source: Cybulska, A. and Vossen, P. (2014). "Using a sledgehammer to crack a
nut? Lexical diversity and event coreference resolution." LREC 2014.
Licence CC BY 3.0. The data is read from ``/work/shared/data/ecbplus`` and is
never copied into the repository.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import triangulate  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from triangulate.ids import article_id
from triangulate.records import Article

__all__ = ["DEFAULT_ROOT", "DEV_TOPICS", "TEST_TOPICS", "EcbDocument", "detokenize", "read_topics"]

def _default_root() -> Path:
    """$TRIANGULATE_ECBPLUS, else ``shared/`` beside the repository (as laid out for CI), else /work/shared."""
    import os

    if os.environ.get("TRIANGULATE_ECBPLUS"):
        return Path(os.environ["TRIANGULATE_ECBPLUS"])
    beside = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "ECB+"
    return beside if beside.is_dir() else Path("/work/shared/data/ecbplus/ECB+")


DEFAULT_ROOT = _default_root()
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
TEST_TOPICS = tuple(range(36, 46))

_TOKEN = re.compile(r'<token\s+t_id="\d+"\s+sentence="(\d+)"\s+number="\d+"\s*>([^<]*)</token>')
_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")
_NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve",
                    "'ll", "'d", "'m", "''", "..", "...", "’s"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}
_URL_SEP = {":", "/", ".", "-", "_", "?", "=", "&", "%", "#", "~", "+"}
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """One ECB+ document with its gold labels."""

    article: Article
    topic: int
    """ECB+ topic number (a kind of event, e.g. earthquakes in Indonesia)."""
    subtopic: str
    """``ecb`` (the seminal event) or ``ecbplus`` (a similar, different event)."""
    name: str
    """File name, e.g. ``36_1ecb.xml``."""


def _unescape(token: str) -> str:
    for k, v in _ENTITIES.items():
        token = token.replace(k, v)
    return token


def _split_url(tokens: list[str]) -> tuple[str | None, list[str]]:
    """Take a leading URL (``http : / / www . x . com / ...``) off a sentence."""
    if not tokens or tokens[0].lower() not in {"http", "https"}:
        return None, tokens
    end = 1
    while end < len(tokens):
        tok, prev = tokens[end], tokens[end - 1]
        if tok in _URL_SEP or prev in _URL_SEP:
            end += 1
            continue
        break
    return "".join(tokens[:end]), tokens[end:]


def detokenize(tokens: list[str]) -> str:
    """Join PTB-style tokens into readable text."""
    out: list[str] = []
    quote_open = False
    glue_next = False
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in {"``", "''", '"'}:
            if tok == "``" or (tok == '"' and not quote_open):
                quote_open = True
                out.append(("" if not out else " ") + '"')
                glue_next = True
                continue
            quote_open = False
            out.append('"')
            continue
        space = bool(out) and not glue_next
        if tok in _NO_SPACE_BEFORE:
            space = False
        # 6 . 1 → 6.1 ; 14 , 000 → 14,000 ; 4 : 49 → 4:49
        if tok in {".", ",", ":"} and prev.isdigit() and nxt.isdigit():
            space = False
            glue_next = True
            out.append(tok)
            continue
        # 55 - year → 55-year ; T - Mobile → T-Mobile ; and / between words
        if tok in {"-", "/"} and prev and nxt and prev[-1].isalnum() and nxt[0].isalnum():
            out.append(tok)
            glue_next = True
            continue
        out.append((" " if space else "") + tok)
        glue_next = tok in _NO_SPACE_AFTER
        if len(tok) > 1 and tok.count('"') % 2 == 1:  # a quote glued to a word: '"spiritual'
            quote_open = tok.startswith('"')
    return "".join(out).strip()


def _read(path: Path) -> tuple[str, str | None]:
    sentences: dict[int, list[str]] = {}
    for sent, tok in _TOKEN.findall(path.read_text(encoding="utf-8")):
        sentences.setdefault(int(sent), []).append(_unescape(tok))
    url: str | None = None
    lines = []
    for k in sorted(sentences):
        toks = sentences[k]
        if k == min(sentences) and url is None:
            url, toks = _split_url(toks)
        text = detokenize(toks)
        if text:
            lines.append(text)
    return "\n".join(lines), url


def read_topics(topics: tuple[int, ...], root: Path = DEFAULT_ROOT) -> Iterator[EcbDocument]:
    """Yield the documents of ``topics`` in file-name order (topic, number, ecb before ecbplus)."""
    if not root.is_dir():
        raise SystemExit(f"ECB+ not found at {root}; see /work/shared/data/ecbplus/README.md")
    for topic in topics:
        folder = root / str(topic)
        found = []
        for path in folder.glob("*.xml"):
            m = _NAME.match(path.name)
            if m is None:
                continue
            found.append((int(m.group(2)), m.group(3), path))
        for _number, kind, path in sorted(found, key=lambda x: (x[1], x[0])):
            body, url = _read(path)
            art = Article(id=article_id(body), source=str(path), body=body, url=url, outlet=None)
            yield EcbDocument(article=art, topic=topic, subtopic=kind, name=path.name)
