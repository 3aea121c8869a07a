"""Stage: assemble the report.

Verdicts are ordered for reading and annotated with provenance: how many
independent sources state each claim (copies of one source count once), and,
for a copy or rewrite, which of its claims its source does not state (added
by the copy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..records import Article, Rejection, Report, ReuseLink, StoryInfo, Verdict

__all__ = ["build_report", "annotate_provenance", "merge_reports", "NAME"]

NAME = "triangulate.report.v1"


def annotate_provenance(
    verdicts: Iterable[Verdict], links: Sequence[ReuseLink], sources: Mapping[str, str]
) -> list[Verdict]:
    """Set ``independent_sources`` and ``added_by`` on every verdict."""
    derived_from = {ln.article: ln.source_article for ln in links
                    if ln.relation in ("edited", "paraphrase", "verbatim")}
    out = []
    for v in verdicts:
        own = v.claim.article_id
        stating = {own} | {s.article for s in v.support}
        groups = {sources.get(a, a) for a in stating}
        source = derived_from.get(own)
        # a claim of a copy that its source neither states nor contradicts was added by the copy
        told = {x.article for x in v.support} | {x.article for x in v.conflicts}
        added_by = own if source is not None and source not in told else None
        out.append(replace(v, independent_sources=len(groups), added_by=added_by))
    return out


def build_report(
    articles: Sequence[Article],
    verdicts: Iterable[Verdict],
    rejections: Sequence[Rejection] = (),
    *,
    settings: dict[str, Any] | None = None,
    links: Sequence[ReuseLink] = (),
    sources: Mapping[str, str] | None = None,
    facts: Sequence[Any] = (),
    timeline: Sequence[Any] = (),
    stories: Sequence[StoryInfo] = (),
) -> Report:
    """Verdicts grouped by article (input order), then by position in the article."""
    position = {a.id: i for i, a in enumerate(articles)}
    sources = dict(sources or {a.id: a.id for a in articles})
    annotated = annotate_provenance(verdicts, links, sources)
    ordered = sorted(annotated, key=lambda v: (position.get(v.claim.article_id, 0), v.claim.start, v.claim.kind))
    return Report(tuple(articles), tuple(ordered), tuple(rejections), settings=dict(settings or {}),
                  provenance=tuple(links), sources=sources, facts=tuple(facts), timeline=tuple(timeline),
                  stories=tuple(stories))


def merge_reports(reports: Sequence[Report], rejections: Sequence[Rejection] = ()) -> Report:
    """One report over several stories: each story was compared on its own."""
    if len(reports) == 1 and not rejections:
        return reports[0]
    first = reports[0] if reports else Report((), ())
    return Report(
        articles=tuple(a for r in reports for a in r.articles),
        verdicts=tuple(v for r in reports for v in r.verdicts),
        rejections=tuple(rejections) + tuple(x for r in reports for x in r.rejections),
        generator=first.generator,
        settings=first.settings,
        provenance=tuple(p for r in reports for p in r.provenance),
        sources={k: v for r in reports for k, v in r.sources.items()},
        facts=tuple(f for r in reports for f in r.facts),
        timeline=tuple(t for r in reports for t in r.timeline),
        stories=tuple(s for r in reports for s in r.stories),
    )
