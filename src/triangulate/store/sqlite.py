"""The embedded SQLite store: articles, failed inputs, stories, state and a stage cache.

Zero set-up: ``Store("triangulate.db")`` creates the file and its schema.
Every write runs in its own short transaction and is committed before the call
returns, so an interrupted run (Ctrl-C, kill) loses nothing already stored.
The database uses write-ahead logging with ``synchronous=NORMAL``: a commit
survives the process being killed; only a power loss or OS crash may drop the
last few commits (never corrupt the file).

Articles are stored as their ``to_dict()`` JSON, so they read back exactly as
written, plus a few columns for queries (source, url, outlet, published,
title, language).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ..errors import Codes, StoreError
from ..ids import content_hash
from ..records import Article, Rejection
from .migrations import MIGRATIONS, TABLE, MigrationFailed, UnknownMigrations

__all__ = ["FailureRow", "Store", "StoryRow", "cache_key"]

log = logging.getLogger(__name__)

MEMORY = ":memory:"
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class FailureRow:
    """An input (or part of one) that could not be read, as stored in ``failures``.

    One row per (``source``, ``code``): a failure seen again updates
    ``reason`` and ``last_seen`` and increments ``count``.
    """

    source: str
    code: str
    reason: str
    input: str | None
    """The input the user gave that led to ``source`` (a feed, a WARC file), when they differ."""
    first_seen: str
    """UTC ISO timestamp of the first time this failure was recorded."""
    last_seen: str
    count: int

    @property
    def rejection(self) -> Rejection:
        return Rejection(self.source, self.code, self.reason)

    def __str__(self) -> str:
        return str(self.rejection)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the story list.

    ``title`` is the title of the story's earliest article that has one;
    ``n_outlets`` counts distinct outlets, an article with no outlet counting
    as its own (by source).
    """

    id: str
    title: str | None
    first_published: dt.date | None
    last_published: dt.date | None
    n_articles: int
    n_outlets: int
    thread: str | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("first_published", "last_published"):
            d[key] = d[key].isoformat() if d[key] is not None else None
        return d


def cache_key(fingerprint: str, stage: str, version: str, settings: Any) -> str:
    """The cache key of a stage output: hash of input fingerprint, stage, its version and settings.

    ``settings`` is anything ``ids.canonical_json`` accepts (a dict of the
    relevant settings); changing any part gives a new key, so stale outputs
    are never reused.
    """
    return content_hash({"input": fingerprint, "stage": stage, "version": version, "settings": settings}, length=32)


class Store:
    """An SQLite database of articles, failures, stories, state and cached stage outputs.

    Opening creates the file when missing and brings its schema up to date
    (see ``migrations.py``). Errors are ``StoreError`` with a code: ``E400``
    cannot open, ``E401`` not a database or damaged, ``E402`` locked, ``E403``
    cannot write, ``E404`` newer schema, ``E408`` another program's database.

    One ``Store`` may be shared between threads; calls are serialised.
    """

    def __init__(self, path: str | Path = "triangulate.db", *, timeout_s: float = 5.0) -> None:
        """Open (creating if needed) the database at ``path``.

        ``timeout_s`` is how long a write waits for another process's lock
        before failing with ``E402``.
        """
        if timeout_s < 0:
            raise ValueError(f"timeout_s must be >= 0, got {timeout_s}")
        self.path = str(path)
        self._label = "(in memory)" if self.path == MEMORY else self.path
        self._lock = threading.RLock()
        self._depth = 0
        if self.path != MEMORY and Path(self.path).is_dir():
            raise StoreError(Codes.E400.format(path=self._label, detail="it is a directory"), code="E400")
        try:
            conn = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(Codes.E400.format(path=self._label, detail=exc), code="E400") from exc
        self._conn: sqlite3.Connection | None = conn
        try:
            self._open(conn)
        except BaseException:
            conn.close()
            self._conn = None
            raise

    @classmethod
    def memory(cls) -> Store:
        """A private in-memory database (for tests and one-shot runs)."""
        return cls(MEMORY)

    def _open(self, conn: sqlite3.Connection) -> None:
        with self._guard(write=False):
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
        if tables and TABLE not in tables:
            raise StoreError(Codes.E408.format(path=self._label, tables=", ".join(sorted(tables)[:5])), code="E408")
        with self._guard(write=True):
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != MEMORY:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with self._guard(write=True):
                applied = MIGRATIONS.apply(conn)
        except UnknownMigrations as exc:
            raise StoreError(Codes.E404.format(path=self._label, detail=exc), code="E404") from exc
        except MigrationFailed as exc:
            translated = _translate(exc.cause, self._label, write=True)
            if translated.code in ("E402", "E403"):  # locked or read-only: say that, not "migration failed"
                raise translated from exc
            raise StoreError(Codes.E406.format(name=exc.name, path=self._label, detail=exc.cause), code="E406") from exc
        if applied:
            log.info("database %s: applied migrations %s", self._label, ", ".join(applied))

    # -- plumbing -----------------------------------------------------------------

    @property
    def _c(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(Codes.E409.format(path=self._label), code="E409")
        return self._conn

    @contextmanager
    def _guard(self, *, write: bool) -> Iterator[None]:
        """Turn SQLite errors into ``StoreError`` with a code and a clear message."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _translate(exc, self._label, write=write) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested uses join the outermost one.

        Every write method opens its own, so calls commit one by one. Wrap a
        loop of writes in ``with store.transaction():`` to commit them together
        (faster, but an interruption then loses the whole batch).
        """
        with self._lock:
            conn = self._c
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            with self._guard(write=True):
                conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                if conn.in_transaction:
                    with self._guard(write=True):
                        conn.execute("ROLLBACK")
                raise
            self._depth = 0
            with self._guard(write=True):
                conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self.transaction() as conn, self._guard(write=True):
            yield conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard(write=False):
            yield self._c

    def close(self) -> None:
        """Close the database (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @property
    def schema_version(self) -> int:
        """``PRAGMA user_version``: the number of schema steps applied."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def migrations_applied(self) -> list[str]:
        with self._read() as conn:
            return MIGRATIONS.applied(conn)

    def integrity_check(self) -> list[str]:
        """SQLite's ``PRAGMA integrity_check``: ``["ok"]`` when the file is sound."""
        with self._read() as conn:
            return [r[0] for r in conn.execute("PRAGMA integrity_check")]

    # -- articles -----------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        """Store ``article``; True if it is new, False if an article with its id is already stored.

        Ids are content hashes of the body, so the same text read again (from
        the same or another source) is not stored twice; the first record
        wins and the new source is remembered (``article_sources``). A stored
        article clears the failures recorded for its source. Committed before
        returning.
        """
        record = json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True)
        now = _now()
        with self._write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO articles"
                " (id, source, url, outlet, published, title, language, record, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.source,
                    article.url,
                    article.outlet,
                    article.published.isoformat() if article.published else None,
                    article.title,
                    article.language,
                    record,
                    now,
                ),
            )
            conn.execute(
                "INSERT OR IGNORE INTO article_sources (article_id, source, first_seen) VALUES (?, ?, ?)",
                (article.id, article.source, now),
            )
            conn.execute("DELETE FROM failures WHERE source = ?", (article.source,))
            return cur.rowcount == 1

    def has_article(self, id: str) -> bool:
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM articles WHERE id = ?", (id,)).fetchone() is not None

    def article(self, id: str) -> Article:
        """The article with this id; ``StoreError`` ``E405`` when there is none."""
        with self._read() as conn:
            row = conn.execute("SELECT record FROM articles WHERE id = ?", (id,)).fetchone()
        if row is None:
            raise StoreError(Codes.E405.format(id=id, path=self._label), code="E405")
        return _article(row[0])

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """All articles in the order they were added, or those with ``ids`` in that order.

        Raises ``StoreError`` ``E405`` naming the first id that is not stored.
        """
        with self._read() as conn:
            if ids is None:
                return [_article(r[0]) for r in conn.execute("SELECT record FROM articles ORDER BY rowid")]
            wanted = list(ids)
            found: dict[str, Article] = {}
            unique = list(dict.fromkeys(wanted))
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for id_, record in conn.execute(f"SELECT id, record FROM articles WHERE id IN ({marks})", chunk):
                    found[id_] = _article(record)
        missing = next((i for i in wanted if i not in found), None)
        if missing is not None:
            raise StoreError(Codes.E405.format(id=missing, path=self._label), code="E405")
        return [found[i] for i in wanted]

    def iter_articles(self, *, page_size: int = 1000) -> Iterator[Article]:
        """All articles in the order added, read a page at a time (for corpora too big for one list).

        Articles added while iterating are included when they come after the current page.
        """
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    "SELECT rowid, record FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, page_size)
                ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for _, record in rows:
                yield _article(record)

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article_sources(self, id: str) -> list[str]:
        """Every source that gave this exact text, in the order first seen."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT source FROM article_sources WHERE article_id = ? ORDER BY first_seen, source", (id,)
            ).fetchall()
        return [r[0] for r in rows]

    def has_source(self, source: str) -> bool:
        """True when an article was stored from this source (a path or URL as given)."""
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM article_sources WHERE source = ? LIMIT 1", (source,)).fetchone()
        return row is not None

    # -- failures -----------------------------------------------------------------

    def add_failure(self, rejection: Rejection, *, input: str | None = None) -> None:
        """Record a failed input; the same (source, code) seen again bumps ``count`` and ``last_seen``."""
        now = _now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO failures (source, code, reason, input, first_seen, last_seen, count)"
                " VALUES (?, ?, ?, ?, ?, ?, 1)"
                " ON CONFLICT (source, code) DO UPDATE SET"
                " reason = excluded.reason, input = COALESCE(excluded.input, failures.input),"
                " last_seen = excluded.last_seen, count = failures.count + 1",
                (rejection.source, rejection.code, rejection.reason, input, now, now),
            )

    def failures(self) -> list[FailureRow]:
        """Recorded failures, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT source, code, reason, input, first_seen, last_seen, count"
                " FROM failures ORDER BY first_seen, rowid"
            ).fetchall()
        return [FailureRow(*row) for row in rows]

    # -- stories ------------------------------------------------------------------

    def set_story(self, article_id: str, story_id: str, thread_id: str | None, score: float) -> None:
        """Put an article in a story (moving it if it was in another), with the grouping score.

        ``thread_id`` links stories of one thread; ``None`` keeps the story's
        current thread. A story left with no article is deleted.
        """
        now = _now()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise StoreError(Codes.E407.format(id=article_id, path=self._label), code="E407")
            old = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
            conn.execute(
                "INSERT INTO stories (id, thread_id, created_at, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET"
                " thread_id = COALESCE(excluded.thread_id, stories.thread_id), updated_at = excluded.updated_at",
                (story_id, thread_id, now, now),
            )
            conn.execute(
                "INSERT INTO story_articles (article_id, story_id, score, assigned_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (article_id) DO UPDATE SET"
                " story_id = excluded.story_id, score = excluded.score, assigned_at = excluded.assigned_at",
                (article_id, story_id, float(score), now),
            )
            if old is not None and old[0] != story_id:
                conn.execute(
                    "DELETE FROM stories WHERE id = ? AND NOT EXISTS (SELECT 1 FROM story_articles WHERE story_id = ?)",
                    (old[0], old[0]),
                )

    def story_of(self, article_id: str) -> str | None:
        """The story an article is in, or None when it has not been grouped yet."""
        with self._read() as conn:
            row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    _STORIES = (
        "SELECT s.id, s.thread_id, count(*), count(DISTINCT coalesce(a.outlet, a.source)),"
        " min(a.published), max(a.published),"
        " (SELECT a2.title FROM story_articles m2 JOIN articles a2 ON a2.id = m2.article_id"
        "  WHERE m2.story_id = s.id AND a2.title IS NOT NULL"
        "  ORDER BY a2.published IS NULL, a2.published, a2.rowid LIMIT 1)"
        " FROM stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
    )

    def stories(self) -> list[StoryRow]:
        """Every story with at least one article, in the order the stories were created."""
        with self._read() as conn:
            rows = conn.execute(self._STORIES + " GROUP BY s.id ORDER BY s.rowid").fetchall()
        return [_story_row(r) for r in rows]

    def story(self, story_id: str) -> StoryRow | None:
        """A story by id, or by the id of a story merged into it (None: no such story)."""
        story_id = self.story_alias(story_id) or story_id
        with self._read() as conn:
            row = conn.execute(self._STORIES + " WHERE s.id = ? GROUP BY s.id", (story_id,)).fetchone()
        return _story_row(row) if row else None

    def set_story_alias(self, alias: str, story_id: str) -> None:
        """Record that story ``alias`` merged into ``story_id`` (aliases of ``alias`` follow it)."""
        now = _now()
        with self._write() as conn:
            conn.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (story_id, alias))
            conn.execute(
                "INSERT INTO story_aliases (alias, story_id, merged_at) VALUES (?, ?, ?)"
                " ON CONFLICT (alias) DO UPDATE SET story_id = excluded.story_id, merged_at = excluded.merged_at",
                (alias, story_id, now),
            )

    def story_alias(self, story_id: str) -> str | None:
        """The story that story ``story_id`` merged into, or None when it is not an alias."""
        with self._read() as conn:
            row = conn.execute("SELECT story_id FROM story_aliases WHERE alias = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def story_articles(self, story_id: str) -> list[Article]:
        """The story's articles, earliest published first (undated last, then in order added).

        The id of a story merged into another gives that story's articles.
        """
        story_id = self.story_alias(story_id) or story_id
        with self._read() as conn:
            rows = conn.execute(
                "SELECT a.record FROM story_articles m JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = ? ORDER BY a.published IS NULL, a.published, a.rowid",
                (story_id,),
            ).fetchall()
        return [_article(r[0]) for r in rows]

    # -- state and cache ----------------------------------------------------------

    def put_state(self, name: str, state: bytes | str) -> None:
        """Save a named state (e.g. the serialised grouping index); replaces the previous one."""
        if not isinstance(state, (bytes, str)):
            raise TypeError(f"state must be bytes or str, got {type(state).__name__}")
        value: str | memoryview = state if isinstance(state, str) else sqlite3.Binary(state)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO state (name, is_text, value, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET"
                " is_text = excluded.is_text, value = excluded.value, updated_at = excluded.updated_at",
                (name, int(isinstance(state, str)), value, _now()),
            )

    def get_state(self, name: str) -> bytes | str | None:
        """The saved state, of the type it was saved with, or None."""
        with self._read() as conn:
            row = conn.execute("SELECT is_text, value FROM state WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        is_text, value = row
        if is_text:
            return str(value)
        return bytes(value)

    def put_cache(self, key: str, value: str) -> None:
        """Cache a stage output under ``key`` (see ``cache_key``); replaces an older value."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO cache (key, value, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
                (key, value, _now()),
            )

    def get_cache(self, key: str) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])


def _article(record: str) -> Article:
    return Article.from_dict(json.loads(record))


def _story_row(row: tuple[Any, ...]) -> StoryRow:
    id_, thread, n, n_outlets, first, last, title = row
    return StoryRow(
        id=id_,
        title=title,
        first_published=dt.date.fromisoformat(first) if first else None,
        last_published=dt.date.fromisoformat(last) if last else None,
        n_articles=int(n),
        n_outlets=int(n_outlets),
        thread=thread,
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _translate(exc: BaseException, label: str, *, write: bool) -> StoreError:
    """A ``StoreError`` with the catalogue code that fits an SQLite error."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in low:
        code, message = "E409", Codes.E409.format(path=label)
    elif "locked" in low or "busy" in low:
        code, message = "E402", Codes.E402.format(path=label, detail=text)
    elif "not a database" in low or "malformed" in low or "corrupt" in low:
        code, message = "E401", Codes.E401.format(path=label, detail=text)
    elif "unable to open" in low:
        code, message = "E400", Codes.E400.format(path=label, detail=text)
    elif write or "readonly" in low or "read-only" in low or "disk" in low or "full" in low:
        code, message = "E403", Codes.E403.format(path=label, detail=text)
    else:
        code, message = "E401", Codes.E401.format(path=label, detail=text)
    return StoreError(message, code=code)
