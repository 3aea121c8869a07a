"""Options shared by several commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import TriangulateError

if TYPE_CHECKING:
    from ..records import Report

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json", "markdown", "html")


def verbosity(f: F) -> F:
    f = click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")(f)
    f = click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")(f)
    return f


def output(f: F) -> F:
    f = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                     help="Report format.")(f)
    f = click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False, allow_dash=True),
                     default="-", help="Write the report to FILE instead of stdout.")(f)
    f = click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")(f)
    f = click.option("--color/--no-color", default=None,
                     help="Colour the terminal report (default: when stdout is a terminal).")(f)
    return f


def domain_errors(f: F) -> F:
    """Turn ``TriangulateError`` into ``click.ClickException``: exit 1 with the coded message."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except TriangulateError as e:
            raise click.ClickException(str(e)) from e

    return wrapper  # type: ignore[return-value]


def database(f: F) -> F:
    """``--db PATH``: the SQLite store (default ./triangulate.db, or $TRIANGULATE_DB)."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="TRIANGULATE_DB",
                        default="triangulate.db", show_default=True,
                        help="SQLite database holding the corpus.")(f)


def show_progress(quiet: bool) -> bool:
    """Progress on stderr only for a terminal, never with --quiet or TRIANGULATE_NO_PROGRESS=1."""
    import os
    import sys

    return not quiet and sys.stderr.isatty() and os.environ.get("TRIANGULATE_NO_PROGRESS") != "1"


def write_output(text: str, output_path: str, quiet: bool) -> None:
    """Write to stdout, or to a file (already checked for --force)."""
    from pathlib import Path

    if output_path == "-":
        click.echo(text, nl=not text.endswith("\n"))
    else:
        Path(output_path).write_text(text, encoding="utf-8")
        if not quiet:
            click.echo(f"wrote {output_path}", err=True)


def refuse_overwrite(output_path: str, force: bool) -> None:
    from pathlib import Path

    from ..errors import Codes, OutputError

    if output_path != "-" and Path(output_path).exists() and not force:
        raise OutputError(Codes.E300.format(path=output_path), code="E300")


def terminal_width() -> int:
    """The terminal's width, kept between 60 and 120 columns; 80 when not a terminal."""
    import os

    try:
        return max(60, min(120, os.get_terminal_size().columns))
    except OSError:
        return 80


def render_to(report: Report, fmt: str, output_path: str, color: bool | None, quiet: bool) -> None:
    """Render a report and write it where the user asked (colour only for a terminal)."""
    import os
    import sys

    from ..render import render

    use_color = color if color is not None else (output_path == "-" and sys.stdout.isatty()
                                                 and "NO_COLOR" not in os.environ)
    text = render(report, fmt, color=bool(use_color) and fmt == "text", width=terminal_width())  # type: ignore[arg-type]
    write_output(text, output_path, quiet)
