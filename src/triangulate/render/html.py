"""The self-contained HTML report (Jinja2, ``templates/report.html``).

One file with inline CSS and a few lines of inline JS (status filters); no
external load of any kind, enforced by a Content-Security-Policy ``<meta>``.
The page reads fully without JS.

Escaping: the template environment autoescapes every value. The only
``Markup`` built here is assembled from pieces that are each passed through
``markupsafe.escape`` first: an article body cut at claim offsets (and at the
phrases no other article has) and wrapped in ``<span>`` elements, and
sentences cut around a conflicting value and wrapped in ``<mark>``. Nothing
article-derived is ever marked safe whole.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from triangulate.records import Report, SheetFact, Status, Verdict
from triangulate.render import (
    ADDED_NOTE,
    ADDED_TITLE,
    DETAILS_NOTE,
    STATUS_ORDER,
    UNMATCHED_QUOTE_NOTE,
    ArticleRef,
    article_refs,
    article_stories,
    conflict_pairs,
    date_range,
    derived_phrase,
    fact_groups,
    is_added_here,
    is_compared,
    is_unmatched_quote,
    multi_source_count,
    one_line,
    percent,
    plural,
    provenance,
    ref_for,
    shows_independence,
    story_groups,
    story_name,
    story_numbers,
    supporting_articles,
    value_spans,
    verdicts_by_article,
)

__all__ = ["render_html", "highlight_value", "highlight_claims", "ClaimSpan"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

_SEVERITY = {Status.CONFLICTING: 3, Status.UNCORROBORATED: 2, Status.CORROBORATED: 1}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    return _environment().get_template("report.html").render(**_context(report))


# --------------------------------------------------------------------------- highlighting


def highlight_value(text: str, value: str) -> Markup:
    """``text`` escaped, each occurrence of ``value`` wrapped in ``<mark>``.

    The raw text is split around the value; each piece is escaped on its own
    and the pieces are joined with ``<mark>`` tags.
    """
    out: list[Markup] = []
    pos = 0
    for start, end in value_spans(text, value):
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A stretch of an article body to colour by the status of its claim."""

    start: int
    end: int
    status: Status
    title: str
    anchor: str
    added: bool = False
    """The claim is one a copy or rewrite added to its source (drawn with a dashed outline)."""
    details: tuple[tuple[int, int], ...] = field(default=())
    """Body offsets of the claim's phrases that no other article has (underlined)."""


def highlight_claims(body: str, spans: list[ClaimSpan]) -> Markup:
    """``body`` escaped, with every claim span wrapped in a status-coloured ``<span>``.

    Claims may overlap or nest: the body is cut at every claim boundary (and
    every boundary of a phrase no other article has) and each piece takes the
    most severe status of the claims covering it, with all their explanations
    in its tooltip; a piece is marked ``added`` when an added claim covers it
    and ``detail`` when it lies in such a phrase. Offsets outside the body are
    clamped; empty spans are ignored. The text itself is never changed, so
    stripping the tags and unescaping gives back ``body`` exactly.
    """
    n = len(body)

    def clamp(i: int) -> int:
        return max(0, min(i, n))

    clean = [s for s in (
        ClaimSpan(clamp(s.start), clamp(s.end), s.status, s.title, s.anchor, s.added,
                  tuple((clamp(a), clamp(b)) for a, b in s.details if clamp(a) < clamp(b)))
        for s in spans) if s.start < s.end]
    details = sorted({d for s in clean for d in s.details})
    cuts = sorted({0, n, *(s.start for s in clean), *(s.end for s in clean),
                   *(a for a, _ in details), *(b for _, b in details)})
    out: list[Markup] = []
    anchored: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        piece = escape(body[a:b])
        covering = [s for s in clean if s.start <= a and s.end >= b]
        if not covering:
            out.append(piece)
            continue
        main = max(covering, key=lambda s: (_SEVERITY.get(s.status, 0), -(s.end - s.start)))
        titles = list(dict.fromkeys(s.title for s in covering if s.title))
        extra = "".join((" added" if any(s.added for s in covering) else "",
                         " detail" if any(d[0] <= a and d[1] >= b for s in covering
                                          for d in s.details) else ""))
        attrs = Markup(' class="hl s-{}{}" data-status="{}" title="{}"').format(
            main.status.value,
            extra,
            " ".join(sorted({s.status.value for s in covering})),
            "\n".join(titles),
        )
        first = [s for s in covering if s.start == a and s.anchor not in anchored]
        for s in first:
            anchored.add(s.anchor)
        if first:
            attrs += Markup(' id="{}"').format(first[0].anchor)
            # Further claims starting at the same place get empty anchors so
            # every claim link has a target.
            piece = Markup("").join(
                Markup('<a class="anchor" id="{}"></a>').format(s.anchor) for s in first[1:]
            ) + piece
        out.append(Markup("<span{}>{}</span>").format(attrs, piece))
    return Markup("").join(out)


# --------------------------------------------------------------------------- view model


def _tooltip(v: Verdict) -> str:
    label = v.status.value
    if is_unmatched_quote(v):
        label += f" ({UNMATCHED_QUOTE_NOTE})"
    elif v.quote_status:
        label += f" (quote {v.quote_status})"
    if is_added_here(v, v.claim.article_id):
        label += f" ({ADDED_NOTE}, not in its source)"
    text = f"{label}: {v.explanation}" if v.explanation else label
    if v.unsupported:
        text += f" — {DETAILS_NOTE}: " + "; ".join(one_line(d) for d in v.unsupported)
    return text


def _detail_spans(body: str, v: Verdict) -> tuple[tuple[int, int], ...]:
    """Body offsets of ``v``'s phrases found in no other article, looked up in its claim."""
    start = max(0, min(v.claim.start, len(body)))
    sentence = body[start:max(start, min(v.claim.end, len(body)))]
    found: set[tuple[int, int]] = set()
    for phrase in v.unsupported:
        for a, b in value_spans(sentence, phrase):
            found.add((start + a, start + b))
    return tuple(sorted(found))


def _ref_link(ref: ArticleRef) -> dict[str, Any]:
    return {"short": f"[{ref.number}]" if ref.number else ref.label, "name": ref.name,
            "anchor": f"article-{ref.number}" if ref.number else None}


def _refs(refs: dict[str, ArticleRef], ids: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    return [_ref_link(ref_for(refs, aid)) for aid in dict.fromkeys(ids)]


def _fact(report: Report, f: SheetFact, refs: dict[str, ArticleRef]) -> dict[str, Any]:
    disputed = f.status == "disputed" and len(f.values) > 1
    shown = f.values if disputed else f.values[:1]
    return {
        "label": f.label,
        "shown": [{"text": v.text, "refs": _refs(refs, v.articles)} for v in shown],
        "more": 0 if disputed else len(f.values) - 1,
        "others": [] if disputed else [v.text for v in f.values[1:]],
        "status": f.status,
        "disputed": f.status == "disputed",
        "confidence": percent(f.confidence),
        "sources": (" vs ".join(str(len(v.sources)) for v in f.values) if disputed
                    else str(len(f.top.sources))),
        "story": story_numbers(report, (a for v in f.values for a in v.articles)),
    }


def _provenance(report: Report, refs: dict[str, ArticleRef]) -> dict[str, Any] | None:
    prov = provenance(report, refs)
    if prov is None:
        return None
    derived = []
    for link, copy, source in prov.derived:
        relation, credit = derived_phrase(link)
        derived.append({"derived": _ref_link(copy), "relation": relation, "source": _ref_link(source),
                        "credited": link.credited, "credit": credit, "overlap": percent(link.overlap),
                        "direction": link.direction, "explanation": link.explanation})
    independent = [
        {"article": _ref_link(ref_for(refs, link.article)),
         "source": _ref_link(ref_for(refs, link.source_article)),
         "overlap": percent(link.overlap), "explanation": link.explanation}
        for link in report.provenance if not link.is_derived]
    return {
        "derived": derived,
        "independent": [_ref_link(r) for r in prov.independent],
        "independent_pairs": independent,
        "groups": [[_ref_link(r) for r in g] for g in prov.groups],
    }


def _stories(report: Report, refs: dict[str, ArticleRef]) -> list[dict[str, Any]]:
    first_of_thread: dict[str, int] = {}
    out = []
    for n, story in enumerate(report.stories, 1):
        earlier = first_of_thread.setdefault(story.thread, n) if story.thread else n
        out.append({"number": n, "id": story.id, "title": story.title,
                    "anchor": f"story-{n}", "articles": _refs(refs, story.articles),
                    "same_thread": earlier if earlier != n else None})
    return out


def _context(report: Report) -> dict[str, Any]:
    refs = article_refs(report)
    anchors = {v.claim.id: f"claim-{i}" for i, v in enumerate(report.verdicts, 1)}
    groups = verdicts_by_article(report)
    counts = report.counts()
    grouped = len(report.stories) > 1
    stories = article_stories(report) if grouped else {}
    independence = shows_independence(report)

    articles = []
    for a in report.articles:
        ref = refs[a.id]
        verdicts = groups.get(a.id, [])
        spans = [ClaimSpan(v.claim.start, v.claim.end, v.status, _tooltip(v), anchors[v.claim.id],
                           is_added_here(v, a.id), _detail_spans(a.body, v))
                 for v in verdicts]
        articles.append({
            "number": ref.number,
            "anchor": f"article-{ref.number}",
            "name": ref.name,
            "label": ref.label,
            "outlet": a.outlet,
            "source": a.source,
            "url": a.url,
            "published": a.published.isoformat() if a.published else None,
            "title": a.title,
            "byline": a.byline,
            "dateline": a.dateline,
            "credits": list(a.credits),
            "language": a.language,
            "compared": is_compared(a),
            "body": highlight_claims(a.body, spans),
            "counts": {s.value: sum(1 for v in verdicts if v.status == s) for s in STATUS_ORDER},
            "story": stories.get(a.id),
            "details": [{"anchor": anchors[v.claim.id], "phrases": list(v.unsupported),
                         "added": is_added_here(v, a.id)}
                        for v in verdicts if v.unsupported],
        })

    conflicts = []
    for i, p in enumerate(conflict_pairs(report), 1):
        conflicts.append({
            "number": i,
            "field": p.field,
            "value": p.value,
            "other_value": p.other_value,
            "explanation": p.explanation,
            "also": [r.name for r in p.also],
            "sides": [
                {"name": p.ref.name, "anchor": anchors.get(p.claim.id),
                 "sentence": highlight_value(p.claim.text, p.value)},
                {"name": p.other_ref.name, "anchor": anchors.get(p.other_claim),
                 "sentence": highlight_value(p.other_text, p.other_value)},
            ],
        })

    visible = []
    for article_id, verdicts in groups.items():
        ref = ref_for(refs, article_id)
        if ref.article is not None and not is_compared(ref.article) and not verdicts:
            continue
        visible.append(article_id)
    claim_groups = []
    for number, story, members in (story_groups(report, visible) if grouped else [(0, None, visible)]):
        if not members:
            continue
        claim_groups.append({
            "title": (story_name(number, story) if story else "Not in any story") if grouped else None,
            "anchor": f"story-{number}" if number else None,
            "articles": [_article_claims(ref_for(refs, aid), groups[aid], refs, anchors, independence)
                         for aid in members],
        })
    single = report.stories[0] if len(report.stories) == 1 else None
    sheet = fact_groups(report)

    return {
        "generator": report.generator,
        "summary": {
            "articles": len(report.articles),
            "compared": sum(1 for a in report.articles if is_compared(a)),
            "claims": len(report.verdicts),
            "rejections": len(report.rejections),
            "conflict_pairs": len(conflicts),
            **counts,
        },
        "statuses": [s.value for s in STATUS_ORDER],
        "articles": articles,
        "rejections": [{"source": r.source, "code": r.code, "reason": r.reason}
                       for r in report.rejections],
        "conflicts": conflicts,
        "claim_groups": claim_groups,
        "grouped": grouped,
        "story": {"id": single.id, "title": single.title} if single else None,
        "stories": _stories(report, refs) if grouped else [],
        "provenance": _provenance(report, refs),
        "fact_groups": [{"title": title, "facts": [_fact(report, f, refs) for f in facts]}
                        for _, title, facts in sheet],
        "facts_total": sum(len(facts) for _, _, facts in sheet),
        "timeline": [{"date": date_range(t.first, t.last, t.granularity),
                      "first": t.first.isoformat(), "event": t.event, "text": t.text,
                      "refs": _refs(refs, t.articles), "disputed": t.disputed,
                      "story": story_numbers(report, t.articles)}
                     for t in report.timeline],
        "unmatched_note": UNMATCHED_QUOTE_NOTE,
        "added_note": ADDED_NOTE,
        "added_title": ADDED_TITLE,
        "details_note": DETAILS_NOTE,
        "plural": plural,
    }


def _article_claims(ref: ArticleRef, verdicts: list[Verdict], refs: dict[str, ArticleRef],
                    anchors: dict[str, str], independence: bool = False) -> dict[str, Any]:
    def item(v: Verdict) -> dict[str, Any]:
        return {
            "text": v.claim.text,
            "anchor": anchors[v.claim.id],
            "status": v.status.value,
            "explanation": v.explanation,
            "unmatched_quote": is_unmatched_quote(v),
            "quote_status": v.quote_status,
            "added": is_added_here(v, ref.id),
            "unsupported": list(v.unsupported),
            "independent_sources": v.independent_sources if independence else None,
            "support": [ref_for(refs, link.article).name for link in v.support
                        if link.article != ref.id],
            "conflicts": [
                {"name": ref_for(refs, c.article).name, "field": c.field, "value": c.value,
                 "other_value": c.other_value}
                for c in v.conflicts
            ],
        }

    corroborated = [v for v in verdicts if v.status == Status.CORROBORATED]
    return {
        "name": ref.name,
        "anchor": f"article-{ref.number}" if ref.number else None,
        "total": len(verdicts),
        "conflicting": [item(v) for v in verdicts if v.status == Status.CONFLICTING],
        "uncorroborated": [item(v) for v in verdicts if v.status == Status.UNCORROBORATED],
        "added": [item(v) for v in verdicts
                  if is_added_here(v, ref.id) and v.status != Status.UNCORROBORATED],
        "corroborated": [item(v) for v in corroborated],
        "multi_source": multi_source_count(corroborated) if independence else None,
        "supporters": [ref_for(refs, s).name for s in supporting_articles(corroborated, ref.id)],
    }
