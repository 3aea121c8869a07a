"""Renderers: one report, four formats (terminal text, JSON, Markdown, HTML).

``render(report, fmt)`` is the one entry point; each format lives in its own
module (``json.py``, ``text.py``, ``markdown.py``, ``html.py``) and is
imported only when asked for. The helpers below are shared by the human
formats so that they agree on what a report says: the article numbering, the
order of conflicts and which conflicts are the same finding seen from both
sides.

Article text is untrusted. Every renderer treats titles, outlets, sources,
bodies, quotes and explanations as data: escaped for HTML and Markdown, never
parsed as rich markup, stripped of terminal control characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from triangulate.errors import Codes, OutputError
from triangulate.records import Article, Claim, Report, Status, Verdict

__all__ = [
    "Format",
    "FORMATS",
    "render",
    "ArticleRef",
    "ConflictPair",
    "article_refs",
    "conflict_pairs",
    "verdicts_by_article",
    "supporting_articles",
    "is_compared",
    "is_unmatched_quote",
    "one_line",
    "plural",
    "ref_for",
    "value_spans",
    "STATUS_ORDER",
    "UNMATCHED_QUOTE_NOTE",
]

Format = Literal["text", "json", "markdown", "html"]
FORMATS: tuple[str, ...] = get_args(Format)

STATUS_ORDER: tuple[Status, ...] = (Status.CONFLICTING, Status.UNCORROBORATED, Status.CORROBORATED)
"""Order in which statuses are shown: what needs a person's attention first."""

UNMATCHED_QUOTE_NOTE = "quote found in no other source"


def render(report: Report, fmt: Format, *, color: bool = False, width: int = 80) -> str:
    """Render ``report`` as ``fmt``; ``color`` and ``width`` apply to ``text`` only.

    Raises ``OutputError`` (E301) for an unknown format.
    """
    if fmt == "json":
        from triangulate.render.json import render_json

        return render_json(report)
    if fmt == "text":
        from triangulate.render.text import render_text

        return render_text(report, color=color, width=width)
    if fmt == "markdown":
        from triangulate.render.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from triangulate.render.html import render_html

        return render_html(report)
    raise OutputError(
        Codes.E301.format(format=fmt) + f"; choose one of {', '.join(FORMATS)}", code="E301"
    )


# --------------------------------------------------------------------------- helpers


def is_compared(article: Article) -> bool:
    """An article is compared iff it is English; other languages are listed only."""
    return article.language == "en"


def is_unmatched_quote(verdict: Verdict) -> bool:
    """A quote that no other article carries (a candidate invented quote)."""
    if verdict.quote_status == "unmatched":
        return True
    return (
        verdict.claim.kind == "quote"
        and verdict.quote_status is None
        and verdict.status == Status.UNCORROBORATED
    )


_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SPACE = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """``text`` on one line: white space folded, control and bidi-override characters
    replaced by U+FFFD so that an article cannot move the cursor, recolour the
    terminal or reorder what a reader sees."""
    if not text:
        return ""
    return _SPACE.sub(" ", _CONTROL.sub("\ufffd", text.replace("\t", " "))).strip()


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """How the human formats refer to an article: ``[2] Daily Rewrite``."""

    number: int
    """1-based position in ``Report.articles``; 0 for an id no listed article has."""
    id: str
    label: str
    article: Article | None

    @property
    def name(self) -> str:
        return f"[{self.number}] {self.label}" if self.number else self.label


def article_refs(report: Report) -> dict[str, ArticleRef]:
    """Article id → its reference, in report order."""
    refs: dict[str, ArticleRef] = {}
    for n, a in enumerate(report.articles, 1):
        refs.setdefault(a.id, ArticleRef(n, a.id, one_line(a.label) or a.id, a))
    return refs


def ref_for(refs: dict[str, ArticleRef], article_id: str) -> ArticleRef:
    """The reference of ``article_id``, or a bare one when the report does not list it."""
    return refs.get(article_id) or ArticleRef(0, article_id, one_line(article_id), None)


@dataclass(frozen=True, slots=True)
class ConflictPair:
    """One conflict finding, shown once even when both claims report it."""

    field: str
    claim: Claim
    """The claim on the left-hand side (the earlier article in the report)."""
    ref: ArticleRef
    value: str
    other_claim: str
    """Id of the other claim."""
    other_ref: ArticleRef
    other_text: str
    other_value: str
    explanation: str
    status: Status = Status.CONFLICTING


def conflict_pairs(report: Report) -> list[ConflictPair]:
    """Every conflict in the report, symmetric duplicates removed.

    Claim A conflicting with claim B on a field and B conflicting with A on
    the same field are one finding; the side whose article comes first in the
    report is kept. Sorted by article order, then position in the article.
    """
    refs = article_refs(report)
    order = {aid: r.number for aid, r in refs.items()}
    claim_article = {v.claim.id: v.claim.article_id for v in report.verdicts}

    def pos(aid: str) -> int:
        return order.get(aid, len(order) + 1)

    candidates: list[tuple[tuple[int, int, int, int], ConflictPair]] = []
    for v in report.verdicts:
        for c in v.conflicts:
            other_article = c.article or claim_article.get(c.claim, "")
            pair = ConflictPair(
                field=c.field,
                claim=v.claim,
                ref=ref_for(refs, v.claim.article_id),
                value=c.value,
                other_claim=c.claim,
                other_ref=ref_for(refs, other_article),
                other_text=c.text,
                other_value=c.other_value,
                explanation=c.explanation,
            )
            key = (pos(v.claim.article_id), v.claim.start, pos(other_article), v.claim.end)
            candidates.append((key, pair))
    candidates.sort(key=lambda kp: kp[0])
    seen: set[tuple[frozenset[str], str]] = set()
    out: list[ConflictPair] = []
    for _, pair in candidates:
        k = (frozenset((pair.claim.id, pair.other_claim)), pair.field)
        if k in seen:
            continue
        seen.add(k)
        out.append(pair)
    return out


def verdicts_by_article(report: Report) -> dict[str, list[Verdict]]:
    """Article id → its verdicts sorted by position; ids of unlisted articles come last."""
    out: dict[str, list[Verdict]] = {a.id: [] for a in report.articles}
    for v in report.verdicts:
        out.setdefault(v.claim.article_id, []).append(v)
    for vs in out.values():
        vs.sort(key=lambda v: (v.claim.start, v.claim.end))
    return out


def supporting_articles(verdicts: list[Verdict], article_id: str) -> list[str]:
    """Ids of the other articles supporting any of ``verdicts``, first-seen order."""
    seen: dict[str, None] = {}
    for v in verdicts:
        for link in v.support:
            if link.article != article_id:
                seen.setdefault(link.article, None)
    return list(seen)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def value_spans(text: str, value: str) -> list[tuple[int, int]]:
    """Where ``value`` occurs in ``text``, as ``(start, end)`` pairs.

    Case-insensitive; whole words preferred ("six" is not found inside
    "sixty") with a plain substring search as the fallback. Empty values
    match nothing.
    """
    needle = value.strip()
    if not needle or not text:
        return []
    plain = re.escape(needle)
    bounded = (r"(?<!\w)" if needle[0].isalnum() else "") + plain + (
        r"(?!\w)" if needle[-1].isalnum() else ""
    )
    for pattern in (bounded, plain):
        spans = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        if spans:
            return spans
    return []
