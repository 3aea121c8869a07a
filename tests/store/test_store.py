"""The SQLite store: round trips, idempotence, migrations, failures, stories, interruption."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triangulate.errors import StoreError
from triangulate.ids import article_id
from triangulate.records import Article, Rejection
from triangulate.store import MIGRATIONS, Migrations, Store, StoryRow, cache_key

SRC = Path(__file__).resolve().parents[2] / "src"


def _article(n: int, **fields: object) -> Article:
    body = f"Article number {n}: the harbour authority of Port Ellery reopened berth {n} on Tuesday."
    values: dict[str, object] = {"id": article_id(body), "source": f"in/{n}.txt", "body": body}
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


# -- round trips -----------------------------------------------------------------------

_text = st.text(max_size=60)
_articles = st.builds(
    Article,
    id=st.text(min_size=1, max_size=20),
    source=_text,
    body=st.text(max_size=300),
    outlet=st.none() | _text,
    published=st.none() | st.dates(),
    title=st.none() | _text,
    byline=st.none() | _text,
    dateline=st.none() | _text,
    credits=st.lists(_text, max_size=4).map(tuple),
    language=st.text(min_size=1, max_size=5),
    url=st.none() | _text,
    format=st.sampled_from(["text", "html", "json", "jsonl", "csv"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=_articles)
def test_store_article_round_trips_unchanged(article: Article) -> None:
    with Store.memory() as store:
        assert store.add_article(article) is True
        assert store.article(article.id) == article
        assert store.articles() == [article]
        assert store.articles([article.id]) == [article]
        assert store.add_article(article) is False


def test_store_file_round_trip_survives_reopen(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    article = _article(1, outlet="The Ledger", published=dt.date(2025, 8, 5), credits=("AP", "AFP"), title="Berth 1")
    with Store(db) as store:
        assert store.add_article(article)
    with Store(db) as store:
        assert store.article(article.id) == article
        assert store.has_article(article.id)
        assert not store.has_article("nope")


# -- articles --------------------------------------------------------------------------


def test_store_add_article_is_idempotent_and_keeps_every_source() -> None:
    store = Store.memory()
    first = _article(1)
    reprint = Article(id=first.id, source="other/outlet.html", body=first.body, outlet="Reprinter")
    assert store.add_article(first) is True
    assert store.add_article(first) is False
    assert store.add_article(reprint) is False  # same text, same id: the first record wins
    assert store.count_articles() == 1
    assert store.article(first.id) == first
    assert store.article_sources(first.id) == ["in/1.txt", "other/outlet.html"]
    assert store.has_source("other/outlet.html") and not store.has_source("in/2.txt")


def test_store_articles_keep_order_and_name_missing_ids() -> None:
    store = Store.memory()
    items = [_article(n) for n in range(5)]
    for item in items:
        store.add_article(item)
    assert store.articles() == items
    picked = [items[3].id, items[0].id, items[3].id]
    assert [a.id for a in store.articles(picked)] == picked
    with pytest.raises(StoreError) as err:
        store.articles([items[1].id, "a-missing"])
    assert err.value.code == "E405" and "a-missing" in str(err.value)
    with pytest.raises(StoreError, match="E405"):
        store.article("a-missing")


def test_store_articles_query_in_chunks() -> None:
    store = Store.memory()
    items = [_article(n) for n in range(1200)]
    with store.transaction():
        for item in items:
            store.add_article(item)
    assert store.articles([a.id for a in reversed(items)]) == list(reversed(items))
    assert list(store.iter_articles(page_size=7)) == items


# -- failures --------------------------------------------------------------------------


def test_store_failures_count_repeats_and_clear_on_success() -> None:
    store = Store.memory()
    bad = Rejection("feeds/x.html", "E107", "no article text found in the HTML page")
    store.add_failure(bad, input="feeds.txt")
    store.add_failure(bad)
    store.add_failure(Rejection("empty.txt", "E101", "the file is empty"))
    rows = store.failures()
    assert [(r.source, r.code, r.count, r.input) for r in rows] == [
        ("feeds/x.html", "E107", 2, "feeds.txt"),
        ("empty.txt", "E101", 1, None),
    ]
    assert rows[0].rejection == bad
    assert rows[0].first_seen <= rows[0].last_seen
    assert str(rows[1]) == "empty.txt: [E101] the file is empty"
    # the input was fixed and now reads: its failure is resolved
    store.add_article(_article(7, source="empty.txt"))
    assert [r.source for r in store.failures()] == ["feeds/x.html"]


# -- stories ---------------------------------------------------------------------------


def test_store_stories_summarise_members() -> None:
    store = Store.memory()
    a = _article(1, outlet="Ledger", title="Berth reopens", published=dt.date(2025, 8, 5))
    b = _article(2, outlet="Ledger", title="Later title", published=dt.date(2025, 8, 7))
    c = _article(3, outlet=None, title=None, published=None)
    d = _article(4, outlet="Courier", title="Other story", published=dt.date(2025, 1, 2))
    for item in (a, b, c, d):
        store.add_article(item)
    store.set_story(b.id, "s1", "t1", 0.9)
    store.set_story(a.id, "s1", None, 0.8)  # None keeps the thread
    store.set_story(c.id, "s1", None, 0.5)
    store.set_story(d.id, "s2", "t1", 1.0)
    assert store.stories() == [
        StoryRow("s1", "Berth reopens", dt.date(2025, 8, 5), dt.date(2025, 8, 7), 3, 2, "t1"),
        StoryRow("s2", "Other story", dt.date(2025, 1, 2), dt.date(2025, 1, 2), 1, 1, "t1"),
    ]
    assert [x.id for x in store.story_articles("s1")] == [a.id, b.id, c.id]
    assert store.story_of(c.id) == "s1"
    assert store.story("nope") is None
    assert store.stories()[0].to_dict()["first_published"] == "2025-08-05"


def test_store_set_story_moves_article_and_drops_empty_story() -> None:
    store = Store.memory()
    a = _article(1)
    store.add_article(a)
    store.set_story(a.id, "s1", None, 0.4)
    store.set_story(a.id, "s2", None, 0.7)
    assert [s.id for s in store.stories()] == ["s2"]
    assert store.story_articles("s1") == []
    assert store.story_of(a.id) == "s2"


def test_store_story_alias_finds_the_story_it_merged_into() -> None:
    store = Store.memory()
    a, b = _article(1), _article(2)
    for item in (a, b):
        store.add_article(item)
    store.set_story(a.id, "s1", "t1", 1.0)
    store.set_story(b.id, "s2", "t1", 1.0)
    store.set_story(b.id, "s1", None, 0.6)  # s2 merged into s1
    store.set_story_alias("s2", "s1")
    assert store.story_alias("s2") == "s1" and store.story_alias("s1") is None
    row = store.story("s2")
    assert row is not None and row.id == "s1" and row.n_articles == 2
    assert [x.id for x in store.story_articles("s2")] == [a.id, b.id]
    store.set_story_alias("s1", "s0")  # s1 merged on: its aliases follow
    assert store.story_alias("s2") == store.story_alias("s1") == "s0"


def test_store_set_story_refuses_unknown_article() -> None:
    store = Store.memory()
    with pytest.raises(StoreError) as err:
        store.set_story("a-unknown", "s1", None, 1.0)
    assert err.value.code == "E407"
    assert store.stories() == []


# -- state and cache -------------------------------------------------------------------


def test_store_state_keeps_its_type() -> None:
    store = Store.memory()
    assert store.get_state("lsh") is None
    store.put_state("lsh", b"\x00\x01binary")
    store.put_state("note", "text ✓")
    assert store.get_state("lsh") == b"\x00\x01binary"
    assert store.get_state("note") == "text ✓"
    store.put_state("lsh", "now text")
    assert store.get_state("lsh") == "now text"
    with pytest.raises(TypeError):
        store.put_state("bad", 3)  # type: ignore[arg-type]


def test_store_cache_key_changes_with_every_part() -> None:
    store = Store.memory()
    key = cache_key("fp1", "parse", "triangulate.parse.v1", {"model": "sm"})
    assert store.get_cache(key) is None
    store.put_cache(key, '{"out": 1}')
    assert store.get_cache(key) == '{"out": 1}'
    others = {
        cache_key("fp2", "parse", "triangulate.parse.v1", {"model": "sm"}),
        cache_key("fp1", "group", "triangulate.parse.v1", {"model": "sm"}),
        cache_key("fp1", "parse", "triangulate.parse.v2", {"model": "sm"}),
        cache_key("fp1", "parse", "triangulate.parse.v1", {"model": "md"}),
    }
    assert key not in others and len(others) == 4
    assert key == cache_key("fp1", "parse", "triangulate.parse.v1", {"model": "sm"})


# -- migrations ------------------------------------------------------------------------


def test_store_migrations_are_recorded_and_not_rerun(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with Store(db) as store:
        assert store.migrations_applied() == MIGRATIONS.names
        assert store.schema_version == MIGRATIONS.version == 4
    with sqlite3.connect(db) as conn:
        applied_at = conn.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid").fetchall()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    with Store(db) as store:  # reopening applies nothing new
        assert store.schema_version == 4
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid").fetchall() == applied_at
    conn.close()


def test_store_migrations_upgrade_an_older_database(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    old = Migrations(MIGRATIONS.name)
    for step in list(MIGRATIONS)[:1]:
        old(name=step.name)(step.fn)
    conn = sqlite3.connect(db, isolation_level=None)
    assert old.apply(conn) == ["m001_articles_and_failures"]
    conn.execute(
        "INSERT INTO articles (id, source, language, record, added_at) VALUES ('a1', 's', 'en', ?, 'x')",
        ('{"id": "a1", "source": "s", "body": "kept"}',),
    )
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with Store(db) as store:
        assert store.schema_version == 4
        assert store.article("a1").body == "kept"
        store.set_story("a1", "s1", None, 1.0)  # tables of the later steps exist


def test_store_migrations_apply_is_atomic_per_step() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    steps = Migrations("test")

    @steps()
    def m1(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE one (x)")

    @steps()
    def m2(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE two (x)")
        c.execute("THIS IS NOT SQL")

    from triangulate.store.migrations import MigrationFailed

    with pytest.raises(MigrationFailed) as err:
        steps.apply(conn)
    assert err.value.name == "m2"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "one" in tables and "two" not in tables  # m2 rolled back whole
    assert steps.applied(conn) == ["m1"]
    with pytest.raises(ValueError, match="twice"):
        steps(name="m1")(m1)


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO _migrations (migration_set, name, applied_at) VALUES (?, 'm999_future', 'x')",
            (MIGRATIONS.name,),
        )
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(db)
    assert err.value.code == "E404" and "m999_future" in str(err.value)


# -- bad databases ---------------------------------------------------------------------


def test_store_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "junk.db"
    db.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(StoreError) as err:
        Store(db)
    assert err.value.code == "E401"
    assert str(db) in str(err.value) and "--db" in str(err.value)


def test_store_other_programs_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE invoices (n)")
    conn.close()
    with pytest.raises(StoreError) as err:
        Store(db)
    assert err.value.code == "E408" and "invoices" in str(err.value)


@pytest.mark.parametrize("where", ["dir", "missing-parent"])
def test_store_unopenable_path_is_a_clear_error(tmp_path: Path, where: str) -> None:
    path = tmp_path if where == "dir" else tmp_path / "no" / "such" / "t.db"
    with pytest.raises(StoreError) as err:
        Store(path)
    assert err.value.code == "E400" and str(path) in str(err.value)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_store_read_only_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    Store(db).close()
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError) as err, Store(db) as store:
            store.add_article(_article(1))
        assert err.value.code in ("E403", "E400")
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)


@pytest.mark.parametrize(
    ("error", "write", "code"),
    [
        (sqlite3.OperationalError("attempt to write a readonly database"), True, "E403"),
        (sqlite3.OperationalError("database or disk is full"), True, "E403"),
        (sqlite3.OperationalError("disk I/O error"), False, "E403"),
        (sqlite3.OperationalError("database is locked"), True, "E402"),
        (sqlite3.DatabaseError("file is not a database"), False, "E401"),
        (sqlite3.DatabaseError("database disk image is malformed"), True, "E401"),
        (sqlite3.OperationalError("unable to open database file"), False, "E400"),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), False, "E409"),
    ],
)
def test_store_sqlite_errors_get_catalogue_codes(error: sqlite3.Error, write: bool, code: str) -> None:
    from triangulate.store.sqlite import _translate

    translated = _translate(error, "x.db", write=write)
    assert translated.code == code and "x.db" in str(translated)


def test_store_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(db, timeout_s=0.1) as store:
            assert store.count_articles() == 0  # WAL: reading still works
            with pytest.raises(StoreError) as err:
                store.add_article(_article(1))
            assert err.value.code == "E402" and "locked" in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(db) as store:  # and the failed write left nothing half done
        assert store.add_article(_article(1)) is True


def test_store_closed_store_says_so() -> None:
    store = Store.memory()
    store.close()
    store.close()
    with pytest.raises(StoreError, match="E409"):
        store.count_articles()


def test_store_write_error_rolls_back_the_batch() -> None:
    store = Store.memory()
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(_article(1))
        raise RuntimeError("interrupted")
    assert store.count_articles() == 0
    store.add_article(_article(2))
    assert store.count_articles() == 1


def test_store_can_be_shared_between_threads() -> None:
    store = Store.memory()
    errors: list[Exception] = []

    def work(offset: int) -> None:
        try:
            for n in range(offset, offset + 50):
                store.add_article(_article(n))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k * 50,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.count_articles() == 200


# -- interruption ----------------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import sys
    from triangulate.ids import article_id
    from triangulate.records import Article
    from triangulate.store import Store

    store = Store(sys.argv[1])
    for n in range(int(sys.argv[2])):
        body = f"Article number {n}: the harbour authority of Port Ellery reopened berth {n} on Tuesday."
        added = store.add_article(Article(id=article_id(body), source=f"in/{n}.txt", body=body))
        print(n, added, flush=True)  # printed only after the commit
    """
)


def test_store_interrupted_run_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    total = 20_000
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db), str(total)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    confirmed: list[int] = []
    for line in child.stdout:
        confirmed.append(int(line.split()[0]))
        if len(confirmed) == 300:
            break
    child.send_signal(signal.SIGKILL)  # mid-run, while it keeps writing
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with Store(db) as store:
        assert store.integrity_check() == ["ok"]
        present = store.count_articles()
        assert 300 <= present < total
        assert all(store.has_article(_article(n).id) for n in confirmed)
        # rerun the same input: only the rest is added
        with store.transaction():
            added = sum(store.add_article(_article(n)) for n in range(total))
        assert added == total - present
        assert store.count_articles() == total
        assert store.integrity_check() == ["ok"]
