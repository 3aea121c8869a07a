"""Stage 6: assemble the report: articles, rejected inputs, verdicts ordered for reading."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..records import Article, Rejection, Report, Status, Verdict

__all__ = ["build_report", "NAME"]

NAME = "triangulate.report.v1"

_ORDER = {Status.CONFLICTING: 0, Status.UNCORROBORATED: 1, Status.CORROBORATED: 2}


def build_report(
    articles: Sequence[Article],
    verdicts: Iterable[Verdict],
    rejections: Sequence[Rejection] = (),
    *,
    settings: dict[str, Any] | None = None,
) -> Report:
    """Verdicts grouped by article (input order), then by position in the article."""
    position = {a.id: i for i, a in enumerate(articles)}
    ordered = sorted(verdicts, key=lambda v: (position.get(v.claim.article_id, 0), v.claim.start, v.claim.kind))
    return Report(tuple(articles), tuple(ordered), tuple(rejections), settings=dict(settings or {}))
