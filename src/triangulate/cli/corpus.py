"""``triangulate ingest``, ``stories``, ``story``, ``failures``: a corpus kept in SQLite."""

from __future__ import annotations

import json
import os

import click

from ..corpus import ingest_into, story_list, story_report
from ..records import Article, Rejection
from ..stages.fetch import FetchSettings
from ..stages.ingest import IngestSettings
from ..store import Store
from ._options import (
    database,
    domain_errors,
    output,
    refuse_overwrite,
    render_to,
    show_progress,
    terminal_width,
    verbosity,
)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@database
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on loopback and private-network addresses (refused by default).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1), default=FetchSettings().timeout_s,
              show_default=True, help="Seconds allowed for fetching one URL.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=IngestSettings().max_bytes, show_default=True,
              help="Largest file or page accepted.")
@verbosity
@domain_errors
def ingest(inputs: tuple[str, ...], db_path: str, allow_private: bool, timeout_s: float, max_bytes: int,
           verbose: int, quiet: bool) -> None:
    """Add articles to the corpus and place each in a story.

    INPUT is a file (.txt .html .json .jsonl .csv), a directory, a URL, an
    RSS/Atom feed URL, a WARC archive (.warc, .warc.gz), or a text file
    listing URLs one per line. Each article is committed on its own: an
    interrupted run keeps everything stored and the next run resumes.

    \b
    Examples:
      triangulate ingest feeds.txt archive.warc.gz exports/*.jsonl
      triangulate ingest https://example.org/story --db news.db
    """
    from . import configure_logging

    configure_logging(verbose, quiet)
    fetch = FetchSettings(timeout_s=timeout_s, max_bytes=max_bytes, allow_private=allow_private)
    counts = {"articles": 0, "failures": 0}

    def on_item(item: Article | Rejection) -> None:
        if isinstance(item, Rejection):
            counts["failures"] += 1
            if not quiet and item.code != "E110":
                click.echo(f"warning: {item}", err=True)
        else:
            counts["articles"] += 1

    with Store(db_path) as store:
        if show_progress(quiet):
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
            with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("reading", total=None)

                def tick(item: Article | Rejection) -> None:
                    on_item(item)
                    bar.update(task, description=f"{counts['articles']} articles, {counts['failures']} failures")

                summary = ingest_into(store, inputs, ingest=IngestSettings(max_bytes=max_bytes), fetch=fetch,
                                      progress=tick)
        else:
            summary = ingest_into(store, inputs, ingest=IngestSettings(max_bytes=max_bytes), fetch=fetch,
                                  progress=on_item)
    if not quiet:
        click.echo(f"{summary.added} new articles, {summary.duplicates} already stored, "
                   f"{summary.failed} failed, {len(summary.stories_touched)} stories touched ({db_path})", err=True)


@click.command()
@database
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--compare/--no-compare", default=False,
              help="Compare stories not compared yet, to count their conflicts (slow on big corpora).")
@verbosity
@domain_errors
def stories(db_path: str, fmt: str, compare: bool, verbose: int, quiet: bool) -> None:
    """List the stories: title, dates, number of articles and outlets, conflicts."""
    from . import configure_logging

    configure_logging(verbose, quiet)
    _require_db(db_path)
    with Store(db_path) as store:
        lines = story_list(store, compare=compare)
    if fmt == "json":
        click.echo(json.dumps({"stories": [s.to_dict() for s in lines]}, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("story", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("first seen", no_wrap=True)
    for name in ("articles", "outlets", "conflicts"):
        table.add_column(name, justify="right", no_wrap=True)
    for i, s in enumerate(lines, 1):
        dates = s.first_published.isoformat() if s.first_published else "?"
        if s.last_published and s.last_published != s.first_published:
            dates += f" +{(s.last_published - s.first_published).days}d" if s.first_published else ""
        table.add_row(str(i), s.id, s.title or "", dates, str(s.articles), str(s.outlets),
                      "?" if s.conflicts is None else str(s.conflicts))
    console = Console(width=terminal_width(), highlight=False, markup=False, emoji=False)
    console.print(table)
    if not lines:
        click.echo("no stories yet; add articles with: triangulate ingest FILE...", err=True)


@click.command()
@click.argument("story_ref", metavar="STORY")
@database
@output
@verbosity
@domain_errors
def story(story_ref: str, db_path: str, fmt: str, output_path: str, force: bool, color: bool | None,
          verbose: int, quiet: bool) -> None:
    """The full report of one story: STORY is its id, an id prefix, or its number in `triangulate stories`."""
    from . import configure_logging

    configure_logging(verbose, quiet)
    refuse_overwrite(output_path, force)
    _require_db(db_path)
    with Store(db_path) as store:
        report = story_report(store, story_ref)
    render_to(report, fmt, output_path, color, quiet)


@click.command()
@database
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@domain_errors
def failures(db_path: str, fmt: str) -> None:
    """List the inputs that could not be ingested, with the reason."""
    _require_db(db_path)
    with Store(db_path) as store:
        rows = store.failures()
    if fmt == "json":
        click.echo(json.dumps({"failures": [r.to_dict() for r in rows]}, indent=2, ensure_ascii=False, default=str))
        return
    for r in rows:
        times = f" ({r.count} times)" if r.count > 1 else ""
        click.echo(f"{r.code}  {r.source}{times}\n      {r.reason}")
    if not rows:
        click.echo("no failures", err=True)


def _require_db(db_path: str) -> None:
    if not os.path.exists(db_path):
        raise click.ClickException(f"no database at {db_path}; create it with: triangulate ingest FILE... --db {db_path}")
