"""The library API: what the CLI, the web app and scripts call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from .ids import article_id
from .pipeline import PipelineSettings, run_check
from .records import Article, Rejection, Report, StoryInfo
from .stages.group import GroupSettings, StoryIndex
from .stages.ingest import IngestSettings, ingest_articles
from .stages.report import merge_reports

__all__ = ["make_article", "check_articles", "check_paths", "group_into_stories"]


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
    """Compare articles taken as reports of one story, claim by claim."""
    return run_check(articles, (), settings)


def group_into_stories(articles: Sequence[Article], settings: GroupSettings = GroupSettings()) -> list[StoryInfo]:
    """Group articles into stories with a fresh index; stories in order of first appearance."""
    index = StoryIndex(settings)
    for article in sorted(articles, key=lambda a: (a.published or dt.date.max, a.source)):
        index.add(article)
    by_id = {a.id: a for a in articles}
    out = []
    for story in index.stories():
        members = sorted((by_id[i] for i in story.article_ids),
                         key=lambda a: (a.published or dt.date.max, a.source))
        title = next((a.title for a in members if a.title), None)
        out.append(StoryInfo(story.id, title, tuple(a.id for a in members), story.thread_id))
    order = {a.id: i for i, a in enumerate(articles)}
    return sorted(out, key=lambda s: min(order[a] for a in s.articles))


def check_paths(
    inputs: Iterable[str],
    *,
    ingest: IngestSettings = IngestSettings(),
    settings: PipelineSettings = PipelineSettings(),
    group: bool = True,
) -> Report:
    """Read the inputs (files, directories, ``-``), group them into stories, compare each story.

    With ``group=False`` every input is taken as a report of one story.
    """
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for item in ingest_articles(inputs, ingest):
        (rejections if isinstance(item, Rejection) else articles).append(item)  # type: ignore[arg-type]
    if not group or len(articles) < 2:
        return run_check(articles, rejections, settings)
    stories = group_into_stories(articles)
    by_id = {a.id: a for a in articles}
    reports = [run_check([by_id[i] for i in s.articles], (), settings, story=s) for s in stories]
    return merge_reports(reports, rejections)
