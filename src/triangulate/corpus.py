"""A corpus kept in a store: ingest articles over days, list stories, report on one.

This is the library behind ``triangulate ingest``, ``stories``, ``story`` and
``failures``. Each article is committed on its own, then placed in a story by
the incremental story index, whose state is saved in the store; an
interrupted run loses nothing stored, and the next run places any stored
article the saved index does not know yet.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import Codes, StoreError
from .ids import content_hash
from .pipeline import STAGES, PipelineSettings, run_check
from .records import Article, Rejection, Report, StoryInfo
from .stages.fetch import FetchSettings, fetch_articles, is_fetch_input
from .stages.group import GroupSettings, StoryIndex
from .stages.ingest import IngestSettings, ingest_articles, read_html_article, read_text_article
from .store import Store
from .store.sqlite import StoryRow

__all__ = ["IngestSummary", "ingest_into", "story_report", "story_list", "StoryLine", "resolve_story", "INDEX_STATE"]

log = logging.getLogger(__name__)

INDEX_STATE = "group.index"
_SAVE_EVERY = 500  # articles between two saves of the story index


@dataclass
class IngestSummary:
    """What one ``ingest`` run did."""

    added: int = 0
    duplicates: int = 0
    failed: int = 0
    stories_touched: set[str] = field(default_factory=set)
    failures: list[Rejection] = field(default_factory=list)


def _load_index(store: Store, settings: GroupSettings) -> StoryIndex:
    state = store.get_state(INDEX_STATE)
    if state is None:
        return StoryIndex(settings)
    return StoryIndex.from_state(json.loads(state))


def _save_index(store: Store, index: StoryIndex) -> None:
    store.put_state(INDEX_STATE, json.dumps(index.to_state(), separators=(",", ":")))


def _items(
    inputs: Iterable[str], ingest: IngestSettings, fetch: FetchSettings, skip_url: Callable[[str], bool]
) -> Iterator[Article | Rejection]:
    files: list[str] = []
    remote: list[str] = []
    for item in inputs:
        (remote if is_fetch_input(item) else files).append(item)
    if files:
        yield from ingest_articles(files, ingest)
    if remote:
        yield from fetch_articles(
            remote, fetch,
            lambda html, src: read_html_article(html, src, ingest),
            read_text=lambda text, src: read_text_article(text, src, ingest),
            skip_url=skip_url,
        )


def ingest_into(
    store: Store,
    inputs: Iterable[str],
    *,
    ingest: IngestSettings = IngestSettings(),
    fetch: FetchSettings = FetchSettings(),
    group: GroupSettings = GroupSettings(),
    progress: Callable[[Article | Rejection], None] | None = None,
) -> IngestSummary:
    """Store every readable article, record every failure, place new articles in stories."""
    summary = IngestSummary()
    index = _load_index(store, group)
    known_aliases = set(index.story_aliases())
    # articles stored by an interrupted run but not yet placed
    pending = 0
    for article in store.iter_articles():
        if article.id not in index:
            _place(store, index, article, summary)
            pending += 1
    if pending:
        log.info("placed %d stored articles the saved index did not know", pending)
        _save_index(store, index)
    since_save = 0
    try:
        for item in _items(inputs, ingest, fetch, store.has_source):
            if progress is not None:
                progress(item)
            if isinstance(item, Rejection):
                if item.code == "E110":
                    summary.duplicates += 1
                    continue
                store.add_failure(item)
                summary.failed += 1
                summary.failures.append(item)
                continue
            if not store.add_article(item):
                summary.duplicates += 1
                continue
            summary.added += 1
            _place(store, index, item, summary)
            since_save += 1
            if since_save >= _SAVE_EVERY:
                _save_index(store, index)
                since_save = 0
    finally:
        if since_save or pending:
            _save_index(store, index)
        _record_merges(store, index, known_aliases, summary.stories_touched)
        _refresh_threads(store, index, summary.stories_touched)
    return summary


def _place(store: Store, index: StoryIndex, article: Article, summary: IngestSummary) -> None:
    assignment = index.add(article)
    store.set_story(article.id, assignment.story_id, assignment.thread_id, assignment.score)
    summary.stories_touched.add(assignment.story_id)


def _record_merges(store: Store, index: StoryIndex, known: set[str], touched: set[str]) -> None:
    """Stories can merge as articles arrive: keep their old ids as aliases, and move their articles."""
    aliases = index.story_aliases()
    for alias in aliases.keys() - known:
        store.set_story_alias(alias, aliases[alias])
    merged = {aliases[t] for t in touched if t in aliases}
    touched.difference_update(aliases)
    touched.update(merged)


def _refresh_threads(store: Store, index: StoryIndex, touched: set[str]) -> None:
    """Threads can merge as stories arrive; keep the stored thread of touched stories current."""
    if not touched:
        return
    for story in index.stories():
        if story.id in touched:
            for article_id in story.article_ids:
                store.set_story(article_id, story.id, story.thread_id, index.assignment(article_id).score)


def _fingerprint(articles: list[Article], settings: PipelineSettings) -> str:
    return content_hash([[a.id for a in articles], [s.algorithm for s in STAGES], repr(settings)], length=16)


def story_report(store: Store, story_id: str, settings: PipelineSettings = PipelineSettings()) -> Report:
    """The full report of one stored story (cached in the store until its articles or settings change)."""
    row = resolve_story(store, story_id)
    story_id = row.id
    articles = store.story_articles(story_id)
    info = StoryInfo(row.id, row.title, tuple(a.id for a in articles), row.thread)
    report = run_check(articles, (), settings, story=info)
    store.put_cache(f"story-summary:{story_id}", json.dumps({
        "fingerprint": _fingerprint(articles, settings),
        **report.counts(),
    }))
    return report


@dataclass(frozen=True, slots=True)
class StoryLine:
    """One line of the story list."""

    id: str
    title: str | None
    first_published: dt.date | None
    last_published: dt.date | None
    articles: int
    outlets: int
    thread: str | None
    conflicts: int | None
    """Conflicting claims, when the story has been compared (None: not yet)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title,
            "first_published": self.first_published.isoformat() if self.first_published else None,
            "last_published": self.last_published.isoformat() if self.last_published else None,
            "articles": self.articles, "outlets": self.outlets, "thread": self.thread,
            "conflicts": self.conflicts,
        }


def story_list(store: Store, *, compare: bool = False,
               settings: PipelineSettings = PipelineSettings()) -> list[StoryLine]:
    """Every stored story; with ``compare``, stories not yet compared are compared (slow on big corpora)."""
    out = []
    for row in store.stories():
        conflicts: int | None = None
        cached = store.get_cache(f"story-summary:{row.id}")
        articles = store.story_articles(row.id) if (compare or cached) else []
        if cached:
            data = json.loads(cached)
            if data.get("fingerprint") == _fingerprint(articles, settings):
                conflicts = int(data["conflicting"])
        if conflicts is None and compare and row.n_articles >= 2:
            conflicts = story_report(store, row.id, settings).counts()["conflicting"]
        elif conflicts is None and row.n_articles < 2:
            conflicts = 0
        out.append(StoryLine(row.id, row.title, row.first_published, row.last_published,
                             row.n_articles, row.n_outlets, row.thread, conflicts))
    return out


def resolve_story(store: Store, ref: str) -> StoryRow:
    """A story by id, unique id prefix, or its number in ``triangulate stories`` (1-based)."""
    row = store.story(ref)
    if row is not None:
        return row
    rows = store.stories()
    if ref.isdigit() and 1 <= int(ref) <= len(rows):
        return rows[int(ref) - 1]
    matches = [r for r in rows if r.id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    reason = "matches several stories" if matches else "matches no story"
    raise StoreError(Codes.E410.format(ref=ref, reason=reason, path=store.path), code="E410")
