"""The self-contained HTML report (Jinja2, ``templates/report.html``).

One file with inline CSS and a few lines of inline JS (status filters); no
external load of any kind, enforced by a Content-Security-Policy ``<meta>``.
The page reads fully without JS.

Escaping: the template environment autoescapes every value. The only
``Markup`` built here is assembled from pieces that are each passed through
``markupsafe.escape`` first: an article body cut at claim offsets and wrapped
in ``<span>`` elements, and sentences cut around a conflicting value and
wrapped in ``<mark>``. Nothing article-derived is ever marked safe whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from triangulate.records import Report, Status, Verdict
from triangulate.render import (
    STATUS_ORDER,
    UNMATCHED_QUOTE_NOTE,
    ArticleRef,
    article_refs,
    conflict_pairs,
    is_compared,
    is_unmatched_quote,
    plural,
    ref_for,
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


def highlight_claims(body: str, spans: list[ClaimSpan]) -> Markup:
    """``body`` escaped, with every claim span wrapped in a status-coloured ``<span>``.

    Claims may overlap or nest: the body is cut at every claim boundary and
    each piece takes the most severe status of the claims covering it, with
    all their explanations in its tooltip. Offsets outside the body are
    clamped; empty spans are ignored. The text itself is never changed, so
    stripping the tags and unescaping gives back ``body`` exactly.
    """
    n = len(body)
    clean = [s for s in (
        ClaimSpan(max(0, min(s.start, n)), max(0, min(s.end, n)), s.status, s.title, s.anchor)
        for s in spans) if s.start < s.end]
    cuts = sorted({0, n, *(s.start for s in clean), *(s.end for s in clean)})
    out: list[Markup] = []
    anchored: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(body[a:b])
        covering = [s for s in clean if s.start <= a and s.end >= b]
        if not covering:
            out.append(piece)
            continue
        main = max(covering, key=lambda s: (_SEVERITY.get(s.status, 0), -(s.end - s.start)))
        titles = list(dict.fromkeys(s.title for s in covering if s.title))
        attrs = Markup(' class="hl s-{}" data-status="{}" title="{}"').format(
            main.status.value,
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
    return f"{label}: {v.explanation}" if v.explanation else label


def _context(report: Report) -> dict[str, Any]:
    refs = article_refs(report)
    anchors = {v.claim.id: f"claim-{i}" for i, v in enumerate(report.verdicts, 1)}
    groups = verdicts_by_article(report)
    counts = report.counts()

    articles = []
    for a in report.articles:
        ref = refs[a.id]
        verdicts = groups.get(a.id, [])
        spans = [ClaimSpan(v.claim.start, v.claim.end, v.status, _tooltip(v), anchors[v.claim.id])
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
        })

    conflicts = []
    for i, p in enumerate(conflict_pairs(report), 1):
        conflicts.append({
            "number": i,
            "field": p.field,
            "value": p.value,
            "other_value": p.other_value,
            "explanation": p.explanation,
            "sides": [
                {"name": p.ref.name, "anchor": anchors.get(p.claim.id),
                 "sentence": highlight_value(p.claim.text, p.value)},
                {"name": p.other_ref.name, "anchor": anchors.get(p.other_claim),
                 "sentence": highlight_value(p.other_text, p.other_value)},
            ],
        })

    by_article = []
    for article_id, verdicts in groups.items():
        ref = ref_for(refs, article_id)
        if ref.article is not None and not is_compared(ref.article) and not verdicts:
            continue
        by_article.append(_article_claims(ref, verdicts, refs, anchors))

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
        "by_article": by_article,
        "unmatched_note": UNMATCHED_QUOTE_NOTE,
        "plural": plural,
    }


def _article_claims(ref: ArticleRef, verdicts: list[Verdict], refs: dict[str, ArticleRef],
                    anchors: dict[str, str]) -> dict[str, Any]:
    def item(v: Verdict) -> dict[str, Any]:
        return {
            "text": v.claim.text,
            "anchor": anchors[v.claim.id],
            "explanation": v.explanation,
            "unmatched_quote": is_unmatched_quote(v),
            "quote_status": v.quote_status,
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
        "corroborated": [item(v) for v in corroborated],
        "supporters": [ref_for(refs, s).name for s in supporting_articles(corroborated, ref.id)],
    }
