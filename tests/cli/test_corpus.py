"""`triangulate ingest`, `stories`, `story`, `failures`: a corpus kept in SQLite."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from triangulate.cli import cli
from triangulate.render.json import validate_report_dict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "corpus.db")


def _run(*args: str) -> object:
    result = CliRunner().invoke(cli, list(args))
    return result


def test_corpus_ingest_groups_examples_into_their_stories(db: str) -> None:
    result = _run("ingest", str(EXAMPLES), "--db", db)
    assert result.exit_code == 0, result.output
    listing = _run("stories", "--db", db, "--format", "json")
    stories = json.loads(listing.stdout)["stories"]
    assert sorted(s["articles"] for s in stories) == [4, 4, 5]
    titles = " ".join(s["title"] or "" for s in stories)
    assert "Hallow Creek" in titles or "mine" in titles.lower()


def test_corpus_reingest_is_idempotent(db: str) -> None:
    _run("ingest", str(EXAMPLES / "mine-collapse"), "--db", db)
    again = _run("ingest", str(EXAMPLES / "mine-collapse"), "--db", db)
    assert again.exit_code == 0
    assert "0 new articles, 4 already stored" in again.stderr
    stories = json.loads(_run("stories", "--db", db, "--format", "json").stdout)["stories"]
    assert len(stories) == 1 and stories[0]["articles"] == 4


def test_corpus_incremental_article_joins_existing_story(db: str, tmp_path: Path) -> None:
    story = EXAMPLES / "utility-cyberattack"
    first = tmp_path / "first"
    first.mkdir()
    for name in ("wire.txt", "reprint.html", "independent.jsonl"):
        shutil.copy(story / name, first / name)
    _run("ingest", str(first), "--db", db)
    before = json.loads(_run("stories", "--db", db, "--format", "json").stdout)["stories"]
    _run("ingest", str(story / "rewrite.json"), "--db", db)
    after = json.loads(_run("stories", "--db", db, "--format", "json").stdout)["stories"]
    assert len(before) == len(after) == 1
    assert after[0]["id"] == before[0]["id"] and after[0]["articles"] == 4


def test_corpus_story_report_has_provenance_facts_and_timeline(db: str) -> None:
    _run("ingest", str(EXAMPLES / "kidnapped-drivers"), "--db", db)
    result = _run("story", "1", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert validate_report_dict(doc) == []
    assert len(doc["stories"]) == 1 and len(doc["stories"][0]["articles"]) == 5
    relations = {p["relation"] for p in doc["provenance"]}
    assert {"verbatim", "edited", "paraphrase", "independent"} <= relations
    assert doc["facts"] and doc["timeline"]
    disputed = {f["key"] for f in doc["facts"] if f["status"] == "disputed"}
    assert "how_many:engineer" in disputed
    added = [c for c in doc["claims"] if c["added_by"]]
    assert any("profound relief" in c["text"] for c in added), "the rewrite's embellishment is added by it"
    copies = [c for c in doc["claims"] if "two foreign engineers" in c["text"]]
    assert copies and all(c["independent_sources"] == 1 for c in copies), "reprints of one wire count once"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_corpus_story_renders_every_format(db: str, fmt: str) -> None:
    _run("ingest", str(EXAMPLES / "mine-collapse"), "--db", db)
    result = _run("story", "1", "--db", db, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Dunmore" in result.stdout


def test_corpus_failures_are_stored_and_listed(db: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text('{"text": \n', encoding="utf-8")
    result = _run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "bad.jsonl"),
                  str(EXAMPLES / "mine-collapse" / "wire.txt"), "--db", db)
    assert result.exit_code == 0
    listing = json.loads(_run("failures", "--db", db, "--format", "json").stdout)["failures"]
    assert {f["code"] for f in listing} == {"E101", "E105"}
    assert json.loads(_run("stories", "--db", db, "--format", "json").stdout)["stories"], "the good file was kept"


def test_corpus_private_urls_are_refused_by_default(db: str) -> None:
    result = _run("ingest", "http://127.0.0.1:9/story", "--db", db)
    assert result.exit_code == 0
    failures = json.loads(_run("failures", "--db", db, "--format", "json").stdout)["failures"]
    assert failures and failures[0]["code"] == "E122"
    assert "--allow-private" in failures[0]["reason"]


def test_corpus_unknown_story_and_missing_db_are_clear_errors(db: str, tmp_path: Path) -> None:
    missing = _run("stories", "--db", str(tmp_path / "nope.db"))
    assert missing.exit_code == 1 and "no database" in missing.output
    _run("ingest", str(EXAMPLES / "mine-collapse"), "--db", db)
    unknown = _run("story", "s000000", "--db", db)
    assert unknown.exit_code == 1 and "E410" in unknown.output


def test_corpus_story_merged_into_another_still_resolves_by_its_old_id(db: str, tmp_path: Path) -> None:
    from triangulate.corpus import ingest_into, resolve_story
    from triangulate.stages.group import GroupSettings
    from triangulate.store import Store

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "group" / "warehouse-fire"
    group = GroupSettings(story_merge_centroid=0.3)
    with Store(db) as store:
        ids = []
        for name in ("1-fire.txt", "2-arson.txt", "3-both.txt"):
            summary = ingest_into(store, [str(fixtures / name)], group=group)
            ids.append(next(iter(summary.stories_touched)))
        fire, arson, both = ids
        assert arson != fire and both == fire  # the third article merged the arson story into the fire story
        assert [s.id for s in store.stories()] == [fire]
        assert store.story_alias(arson) == fire
        assert resolve_story(store, arson).id == fire and resolve_story(store, arson).n_articles == 3
        assert len(store.story_articles(arson)) == 3
    shown = _run("story", arson, "--db", db, "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert fire in shown.stdout
