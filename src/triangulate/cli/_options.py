"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import functools

import click

from ..errors import TriangulateError

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
