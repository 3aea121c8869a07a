"""The library API: what the CLI, the web app and scripts call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from .ids import article_id
from .pipeline import PipelineSettings, run_check
from .records import Article, Rejection, Report
from .stages.ingest import IngestSettings, ingest_articles

__all__ = ["make_article", "check_articles", "check_paths"]


def make_article(
    body: str,
    *,
    source: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    language: str = "en",
) -> Article:
    """Build an ``Article`` from text already cleaned of metadata."""
    return Article(id=article_id(body, outlet), source=source, body=body, outlet=outlet,
                   published=published, title=title, language=language)


def check_articles(articles: Sequence[Article], settings: PipelineSettings = PipelineSettings()) -> Report:
    """Compare articles of one story, claim by claim."""
    return run_check(articles, (), settings)


def check_paths(
    inputs: Iterable[str],
    *,
    ingest: IngestSettings = IngestSettings(),
    settings: PipelineSettings = PipelineSettings(),
) -> Report:
    """Read the inputs (files, directories, ``-``), then compare them as one story."""
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for item in ingest_articles(inputs, ingest):
        (rejections if isinstance(item, Rejection) else articles).append(item)  # type: ignore[arg-type]
    return run_check(articles, rejections, settings)
