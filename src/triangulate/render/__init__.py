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

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, get_args

from triangulate.errors import Codes, OutputError
from triangulate.records import (
    Article,
    Claim,
    Report,
    ReuseLink,
    SheetFact,
    Status,
    StoryInfo,
    Verdict,
)

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
    "ADDED_NOTE",
    "ADDED_TITLE",
    "DETAILS_NOTE",
    "RELATION_PHRASES",
    "SLOT_ORDER",
    "SLOT_TITLES",
    "Provenance",
    "provenance",
    "derived_phrase",
    "percent",
    "date_range",
    "fact_groups",
    "article_stories",
    "story_groups",
    "story_name",
    "story_numbers",
    "is_added_here",
    "multi_source_count",
    "shows_independence",
    "numbers",
]

Format = Literal["text", "json", "markdown", "html"]
FORMATS: tuple[str, ...] = get_args(Format)

STATUS_ORDER: tuple[Status, ...] = (Status.CONFLICTING, Status.UNCORROBORATED, Status.CORROBORATED)
"""Order in which statuses are shown: what needs a person's attention first."""

UNMATCHED_QUOTE_NOTE = "quote found in no other source"

ADDED_NOTE = "added by this rewrite"
"""Note on an uncorroborated claim that a copy or rewrite added to its source."""

ADDED_TITLE = "Added by this rewrite (not in its source)"
"""Heading of the list of claims a copy or rewrite added (those not uncorroborated)."""

DETAILS_NOTE = "found in no other article"
"""Lead-in of the descriptive phrases of a claim that no other article has."""

RELATION_PHRASES: dict[str, str] = {
    "verbatim": "a verbatim copy of",
    "edited": "an edited reprint of",
    "paraphrase": "a paraphrased rewrite of",
}
"""How a derived pair is worded: "[2] X is a paraphrased rewrite of [1] Y"."""

SLOT_ORDER: tuple[str, ...] = ("how_many", "when", "who", "where", "said", "what")
"""Order of the fact sheet's groups: the checkable specifics first, whole statements last."""

SLOT_TITLES: dict[str, str] = {
    "how_many": "How many",
    "when": "When",
    "who": "Who",
    "where": "Where",
    "said": "Who said what",
    "what": "What happened",
}


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
    also: tuple[ArticleRef, ...] = ()
    """Other articles stating the same disagreement: copies of the same independent sources."""


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
    by_source: dict[tuple[str, frozenset[tuple[str, str]]], int] = {}
    out: list[ConflictPair] = []
    for _, pair in candidates:
        k = (frozenset((pair.claim.id, pair.other_claim)), pair.field)
        if k in seen:
            continue
        seen.add(k)
        # the same disagreement repeated by copies of one source is one finding
        source = (pair.field, frozenset({
            (report.sources.get(pair.ref.id, pair.ref.id), pair.value.lower()),
            (report.sources.get(pair.other_ref.id, pair.other_ref.id), pair.other_value.lower())}))
        if source in by_source and report.sources:
            first = out[by_source[source]]
            shown = {first.ref.id, first.other_ref.id, *(r.id for r in first.also)}
            extra = tuple(r for r in (pair.ref, pair.other_ref) if r.id not in shown)
            out[by_source[source]] = replace(first, also=first.also + extra)
            continue
        by_source[source] = len(out)
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


# --------------------------------------------------------------------------- provenance


def shows_independence(report: Report) -> bool:
    """Whether the report knows which articles copy which, so that counting
    independent sources means something (without provenance every claim has
    one independent source by default)."""
    return bool(report.provenance or report.sources)


def multi_source_count(verdicts: list[Verdict]) -> int:
    """How many of ``verdicts`` two or more independent sources state."""
    return sum(1 for v in verdicts if v.independent_sources >= 2)


def is_added_here(verdict: Verdict, article_id: str) -> bool:
    """The claim is one that this article (a copy or rewrite) added to its source."""
    return verdict.added_by is not None and verdict.added_by == article_id


def percent(value: float) -> str:
    """``0.088`` → ``"9%"``."""
    return f"{round(float(value) * 100)}%"


def numbers(refs: dict[str, ArticleRef], article_ids: Iterable[str]) -> str:
    """``"[1] [4]"``: the short references of ``article_ids`` (an id the report does
    not list is shown as itself, on one line), duplicates removed."""
    out: list[str] = []
    for aid in dict.fromkeys(article_ids):
        ref = ref_for(refs, aid)
        out.append(f"[{ref.number}]" if ref.number else ref.label)
    return " ".join(out)


def derived_phrase(link: ReuseLink) -> tuple[str, str]:
    """``("is a paraphrased rewrite of", "not credited (overlap 9%)")`` for a derived link."""
    relation = RELATION_PHRASES.get(link.relation, f"derived ({link.relation}) from")
    credit = "credited" if link.credited else "not credited"
    return f"is {relation}", f"{credit} (overlap {percent(link.overlap)})"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the human formats say about who copies whom."""

    derived: list[tuple[ReuseLink, ArticleRef, ArticleRef]]
    """Derived pairs as (link, copy, source), by copy then source number."""
    independent: list[ArticleRef]
    """Independent sources that report independently of one another (two or more, else empty)."""
    independent_pairs: int
    """Number of links saying two articles are independent."""
    groups: list[list[ArticleRef]]
    """Articles grouped by their independent source, in report order."""


def _source_map(report: Report) -> dict[str, str]:
    """Article id → independent source id: ``report.sources`` when given, else
    worked out from the derived links (each copy follows its source to the root)."""
    if report.sources:
        return dict(report.sources)
    parent: dict[str, str] = {}
    ids: dict[str, None] = {}
    for link in report.provenance:
        ids.setdefault(link.source_article, None)
        ids.setdefault(link.article, None)
        if link.is_derived:
            parent.setdefault(link.article, link.source_article)
    out: dict[str, str] = {}
    for aid in ids:
        root, seen = aid, {aid}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        out[aid] = root
    return out


def provenance(report: Report, refs: dict[str, ArticleRef]) -> Provenance | None:
    """The provenance section's content, or None when the report has no provenance."""
    if not report.provenance and not report.sources:
        return None
    order = {aid: r.number or len(refs) + 1 for aid, r in refs.items()}

    def pos(aid: str) -> tuple[int, str]:
        return order.get(aid, len(refs) + 1), aid

    derived = sorted((link for link in report.provenance if link.is_derived),
                     key=lambda link: (pos(link.article), pos(link.source_article)))
    sources = _source_map(report)
    groups: dict[str, list[str]] = {}
    for aid in sorted(sources, key=pos):
        groups.setdefault(sources[aid], []).append(aid)
    independent_links = [link for link in report.provenance if not link.is_derived]
    paired: set[str] = set()
    for link in independent_links:
        a, b = sources.get(link.article, link.article), sources.get(link.source_article, link.source_article)
        if a != b:
            paired.update((a, b))
    independent = [ref_for(refs, r) for r in sorted(groups, key=pos) if r in paired]
    return Provenance(
        derived=[(link, ref_for(refs, link.article), ref_for(refs, link.source_article))
                 for link in derived],
        independent=independent if len(independent) > 1 else [],
        independent_pairs=len(independent_links),
        groups=[[ref_for(refs, aid) for aid in members] for members in groups.values()],
    )


# --------------------------------------------------------------------------- fact sheet, timeline


def fact_groups(report: Report) -> list[tuple[str, str, list[SheetFact]]]:
    """The fact sheet as ``(slot, title, facts)`` in ``SLOT_ORDER`` (unknown slots last),
    facts keeping their report order within a slot; facts without values are left out."""
    by_slot: dict[str, list[SheetFact]] = {}
    for f in report.facts:
        if f.values:  # a fact without a value has nothing to show
            by_slot.setdefault(f.slot, []).append(f)
    slots = [s for s in SLOT_ORDER if s in by_slot] + [s for s in by_slot if s not in SLOT_ORDER]
    return [(s, SLOT_TITLES.get(s, one_line(s).replace("_", " ").capitalize()), by_slot[s])
            for s in slots]


def _month(d: dt.date) -> str:
    return f"{calendar.month_name[d.month]} {d.year}"


def date_range(first: dt.date, last: dt.date, granularity: str = "day") -> str:
    """A date interval for a person: ``2025-09-14``, ``2025-09-16 – 2025-09-21``,
    ``May 2025``, ``May–June 2025``, ``2025``."""
    if last < first:
        first, last = last, first
    whole_months = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
    if granularity in ("month", "year") and whole_months:
        if first.month == 1 and last.month == 12 and granularity == "year":
            return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
        if (first.year, first.month) == (last.year, last.month):
            return _month(first)
        if first.year == last.year:
            return f"{calendar.month_name[first.month]}–{_month(last)}"
        return f"{_month(first)}–{_month(last)}"
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()} – {last.isoformat()}"


# --------------------------------------------------------------------------- stories


def story_name(number: int, story: StoryInfo) -> str:
    """``Story 2: <title>`` (the title on one line), or ``Story 2 (<id>)`` without a title."""
    title = one_line(story.title)
    return f"Story {number}: {title}" if title else f"Story {number} ({one_line(story.id)})"


def article_stories(report: Report) -> dict[str, int]:
    """Article id → 1-based number of its story (first story listing it wins)."""
    out: dict[str, int] = {}
    for n, story in enumerate(report.stories, 1):
        for aid in story.articles:
            out.setdefault(aid, n)
    return out


def story_groups(report: Report, article_ids: Iterable[str]) -> list[tuple[int, StoryInfo | None, list[str]]]:
    """``article_ids`` grouped by story, as ``(number, story, ids)`` in story order,
    ids keeping their given order; ids in no story come last with number 0."""
    of = article_stories(report)
    groups: dict[int, list[str]] = {}
    for aid in article_ids:
        groups.setdefault(of.get(aid, 0), []).append(aid)
    out: list[tuple[int, StoryInfo | None, list[str]]] = [
        (n, report.stories[n - 1], groups[n]) for n in range(1, len(report.stories) + 1) if n in groups]
    if 0 in groups:
        out.append((0, None, groups[0]))
    return out


def story_numbers(report: Report, article_ids: Iterable[str]) -> str:
    """``"2"`` or ``"1, 2"``: the numbers of the stories ``article_ids`` belong to
    (empty when the report has fewer than two stories)."""
    if len(report.stories) < 2:
        return ""
    of = article_stories(report)
    found = sorted({of[aid] for aid in article_ids if aid in of})
    return ", ".join(str(n) for n in found)
