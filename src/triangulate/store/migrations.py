"""Named, versioned schema migrations, in the style of ``sqlite_utils.migrations``.

A :class:`Migrations` set is an ordered list of named steps. ``apply`` runs
every step not yet recorded in the ``_migrations`` table, each in its own
transaction together with its record and the new ``PRAGMA user_version``, so
a step is either fully applied or not at all. Re-running ``apply`` applies
nothing new. Steps are never edited once released: a schema change is a new
step appended at the end.

A step function receives the connection inside an open transaction and must
run its statements with ``conn.execute`` (never ``executescript``, which
commits first and would break the step's atomicity).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["MIGRATIONS", "Migration", "MigrationFailed", "Migrations", "UnknownMigrations"]

MigrationFn = Callable[[sqlite3.Connection], None]

TABLE = "_migrations"


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a stable ``name`` and the function that applies it."""

    name: str
    fn: MigrationFn


class MigrationFailed(Exception):
    """A step raised; ``name`` says which, ``__cause__`` holds the SQLite error."""

    def __init__(self, name: str, cause: BaseException) -> None:
        super().__init__(f"{name}: {cause}")
        self.name = name
        self.cause = cause


class UnknownMigrations(Exception):
    """The database records steps this code does not know (made by a newer version)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


class Migrations:
    """An ordered, named set of migrations, recorded per set in ``_migrations``.

    Register steps in order with the decorator::

        MIGRATIONS = Migrations("triangulate.store")

        @MIGRATIONS()
        def m001_articles(conn): ...
    """

    def __init__(self, name: str) -> None:
        if not name:
            raise ValueError("a migration set needs a name")
        self.name = name
        self._steps: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable[[MigrationFn], MigrationFn]:
        def register(fn: MigrationFn) -> MigrationFn:
            step = Migration(name or fn.__name__, fn)
            if step.name in self.names:
                raise ValueError(f"migration {step.name!r} is registered twice in {self.name!r}")
            self._steps.append(step)
            return fn

        return register

    def __iter__(self) -> Iterator[Migration]:
        return iter(tuple(self._steps))

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self._steps]

    @property
    def version(self) -> int:
        """The schema version this code brings a database to (the number of steps)."""
        return len(self._steps)

    def applied(self, conn: sqlite3.Connection) -> list[str]:
        """Names of this set's steps recorded in the database, in the order applied."""
        if not _has_table(conn):
            return []
        rows = conn.execute(f"SELECT name FROM {TABLE} WHERE migration_set = ? ORDER BY rowid", (self.name,)).fetchall()
        return [r[0] for r in rows]

    def pending(self, conn: sqlite3.Connection) -> list[Migration]:
        """The steps still to apply; raises ``UnknownMigrations`` for a newer database."""
        done = self.applied(conn)
        unknown = [n for n in done if n not in self.names]
        if unknown:
            raise UnknownMigrations(unknown)
        return [m for m in self._steps if m.name not in done]

    def apply(self, conn: sqlite3.Connection) -> list[str]:
        """Apply the pending steps in order; return the names applied (empty when up to date).

        ``conn`` must be in autocommit mode (``isolation_level=None``); each
        step runs in ``BEGIN IMMEDIATE`` … ``COMMIT`` so two processes opening
        the same new database do not both apply it.
        """
        if not self.pending(conn):  # read-only fast path: opening an up-to-date database writes nothing
            return []
        if not _has_table(conn):
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} ("
                " migration_set TEXT NOT NULL,"
                " name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL,"
                " PRIMARY KEY (migration_set, name))"
            )
        done: list[str] = []
        for step in self._steps:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if step.name in self.applied(conn):  # another process got there first
                    conn.execute("ROLLBACK")
                    continue
                try:
                    step.fn(conn)
                except sqlite3.Error as exc:
                    raise MigrationFailed(step.name, exc) from exc
                conn.execute(
                    f"INSERT INTO {TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                    (self.name, step.name, _now()),
                )
                conn.execute(f"PRAGMA user_version = {len(self.applied(conn))}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            done.append(step.name)
        return done


def _has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone()
    return row is not None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _run(conn: sqlite3.Connection, *statements: str) -> None:
    for statement in statements:
        conn.execute(statement)


MIGRATIONS = Migrations("triangulate.store")
"""The store's schema. Append new steps at the end; never edit a released one."""


@MIGRATIONS()
def m001_articles_and_failures(conn: sqlite3.Connection) -> None:
    """Articles (the full record as JSON plus queryable columns), their sources, failed inputs."""
    _run(
        conn,
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            published TEXT,
            title TEXT,
            language TEXT NOT NULL,
            record TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_published ON articles (published)",
        """CREATE TABLE article_sources (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (article_id, source)
        ) WITHOUT ROWID""",
        "CREATE INDEX article_sources_source ON article_sources (source)",
        """CREATE TABLE failures (
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            input TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (source, code)
        )""",
    )


@MIGRATIONS()
def m002_stories(conn: sqlite3.Connection) -> None:
    """Stories, their thread, and which story each article belongs to."""
    _run(
        conn,
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            thread_id TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            score REAL NOT NULL,
            assigned_at TEXT NOT NULL
        )""",
        "CREATE INDEX story_articles_story ON story_articles (story_id)",
    )


@MIGRATIONS()
def m003_state_and_cache(conn: sqlite3.Connection) -> None:
    """Named state blobs (the grouping index) and the stage-output cache."""
    _run(
        conn,
        """CREATE TABLE state (
            name TEXT PRIMARY KEY,
            is_text INTEGER NOT NULL,
            value BLOB NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE cache (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    )


@MIGRATIONS()
def m004_story_aliases(conn: sqlite3.Connection) -> None:
    """Ids of stories merged into another story, so that the old id still finds the story."""
    _run(
        conn,
        """CREATE TABLE story_aliases (
            alias TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            merged_at TEXT NOT NULL
        )""",
    )
